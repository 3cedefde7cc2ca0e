/**
 * A real headless Chromium for end-to-end tests, driven by playwright-core,
 * with nothing downloaded at test time.
 *
 * Where the browser comes from (env RUBRIC_BROWSER):
 * - `auto` (default): Debian's /usr/bin/chromium when it exists, else the npm one;
 * - `system`: /usr/bin/chromium, an error when it is missing;
 * - `npm`: @sparticuz/chromium, a Chromium (headless shell) shipped brotli-compressed
 *   inside the npm package. Its binary, fonts and the shared libraries it needs
 *   (NSS, expat: bin/al2023.tar.br) are unpacked once into
 *   node_modules/.cache/rubric-chromium/<version>/, and the libraries go on
 *   LD_LIBRARY_PATH of the browser process only;
 * - an absolute path: that executable (e.g. Chrome on a laptop).
 *
 * The browser resolves no host names but 127.0.0.1 and localhost, so a page
 * cannot reach the network even if something in it tried.
 */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium. */
export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** Flags for a quiet, offline, sandbox-free headless browser (see /work/shared/notes). */
export const BROWSER_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
];

/** Where a browser executable came from. */
export type BrowserSource = 'system' | 'npm' | 'path';

/** A browser executable and the environment its process needs. */
export interface BrowserExecutable {
  source: BrowserSource;
  executablePath: string;
  /** Extra environment of the browser process (never set on this process). */
  env: Record<string, string>;
}

/** A launched browser and what was launched. */
export interface LaunchedBrowser {
  browser: Browser;
  executable: BrowserExecutable;
}

const require = createRequire(import.meta.url);

/** Finds (and for `npm`, unpacks) the browser RUBRIC_BROWSER asks for. */
export async function resolveBrowser(which: string = process.env.RUBRIC_BROWSER ?? 'auto'): Promise<BrowserExecutable> {
  if (which === 'system' || (which === 'auto' && existsSync(SYSTEM_CHROMIUM))) {
    if (!existsSync(SYSTEM_CHROMIUM)) throw new Error(`RUBRIC_BROWSER=system but ${SYSTEM_CHROMIUM} does not exist: install it with \`apt-get install chromium\`, or use RUBRIC_BROWSER=npm`);
    return { source: 'system', executablePath: SYSTEM_CHROMIUM, env: {} };
  }
  if (which === 'npm' || which === 'auto') return npmChromium();
  if (isAbsolute(which)) {
    if (!existsSync(which)) throw new Error(`RUBRIC_BROWSER=${which} does not exist`);
    return { source: 'path', executablePath: which, env: {} };
  }
  throw new Error(`Unexpected RUBRIC_BROWSER=${JSON.stringify(which)}, expected auto, system, npm or an absolute path to a Chromium`);
}

/** Launches headless Chromium with the offline flags. Close it with `browser.close()`. */
export async function launchBrowser(which?: string): Promise<LaunchedBrowser> {
  const executable = await resolveBrowser(which);
  const browser = await chromium.launch({
    executablePath: executable.executablePath,
    headless: true,
    args: BROWSER_ARGS,
    env: { ...process.env, ...executable.env } as Record<string, string>,
    timeout: 60_000,
  });
  return { browser, executable };
}

/**
 * Unpacks @sparticuz/chromium into node_modules/.cache/rubric-chromium/<version>
 * once. The package unpacks into os.tmpdir(), which follows TMPDIR; it is
 * pointed at a staging folder that is renamed into place when complete, so
 * parallel test workers never see half an unpack.
 */
async function npmChromium(): Promise<BrowserExecutable> {
  let entry: string;
  try {
    entry = require.resolve('@sparticuz/chromium');
  } catch {
    throw new Error('No /usr/bin/chromium and no @sparticuz/chromium: run `npm install` at the repository root, or install Debian chromium');
  }
  const packageDir = dirname(dirname(entry));
  const version = (require(join(packageDir, 'package.json')) as { version: string }).version;
  const nodeModules = packageDir.slice(0, packageDir.lastIndexOf('node_modules') + 'node_modules'.length);
  const cacheDir = join(nodeModules, '.cache', 'rubric-chromium', version);
  const complete = join(cacheDir, '.complete');

  if (!existsSync(complete)) {
    mkdirSync(dirname(cacheDir), { recursive: true });
    const staging = `${cacheDir}.staging-${process.pid}-${Date.now()}`;
    mkdirSync(staging, { recursive: true });
    const savedTmp = process.env.TMPDIR;
    try {
      process.env.TMPDIR = staging;
      if (tmpdir() !== staging) throw new Error(`Could not point os.tmpdir() at ${staging}`);
      const { default: Chromium, inflate } = (await import('@sparticuz/chromium')) as typeof import('@sparticuz/chromium');
      await Chromium.executablePath(join(packageDir, 'bin'));
      await inflate(join(packageDir, 'bin', 'al2023.tar.br'));
    } finally {
      if (savedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmp;
    }
    writeFileSync(join(staging, '.complete'), `${version}\n`);
    try {
      renameSync(staging, cacheDir);
    } catch {
      // Another worker finished first: use its copy.
      rmSync(staging, { recursive: true, force: true });
      if (!existsSync(complete)) throw new Error(`Could not unpack @sparticuz/chromium into ${cacheDir}`);
    }
  }

  const lib = join(cacheDir, 'al2023', 'lib');
  const ldPath = [lib, cacheDir, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  return {
    source: 'npm',
    executablePath: join(cacheDir, 'chromium'),
    env: { LD_LIBRARY_PATH: ldPath, FONTCONFIG_FILE: fontConfig(cacheDir) },
  };
}

/**
 * The package's fonts.conf looks for its fonts in /tmp/fonts (where it would
 * unpack them); ours points at the unpacked copy, then at the system's fonts.
 */
function fontConfig(cacheDir: string): string {
  const file = join(cacheDir, 'rubric-fonts.conf');
  if (!existsSync(file)) {
    const dirs = [join(cacheDir, 'fonts', 'fonts'), '/usr/share/fonts', '/usr/local/share/fonts'];
    const xml = [
      '<?xml version="1.0"?>',
      '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">',
      '<fontconfig>',
      ...dirs.map((d) => `  <dir>${d}</dir>`),
      `  <cachedir>${join(cacheDir, 'fonts-cache')}</cachedir>`,
      '</fontconfig>',
      '',
    ].join('\n');
    const temp = `${file}.${process.pid}`;
    writeFileSync(temp, xml);
    renameSync(temp, file);
  }
  return file;
}

/** What a page did while a test watched it. */
export interface PageWatch {
  requests: string[];
  failed: string[];
  console: string[];
  errors: string[];
  /** CSP violations the page reported (`directive blockedURI`). */
  violations(): Promise<string[]>;
}

/**
 * Records a page's requests, console messages, errors and CSP violations.
 * Call before the first navigation: the violation listener is an init script,
 * which runs outside the page's CSP and only watches.
 */
export async function watchPage(page: Page): Promise<PageWatch> {
  const watch = { requests: [] as string[], failed: [] as string[], console: [] as string[], errors: [] as string[] };
  page.on('request', (r) => watch.requests.push(r.url()));
  page.on('requestfailed', (r) => watch.failed.push(r.url()));
  page.on('console', (m) => watch.console.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => watch.errors.push(String(e)));
  await page.addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return { ...watch, violations: () => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations) };
}
