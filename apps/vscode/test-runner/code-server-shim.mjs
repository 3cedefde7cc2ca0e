#!/usr/bin/env node
/**
 * A stand-in "VS Code executable" for @vscode/test-electron's runTests: a
 * desktop (Electron) VS Code cannot be downloaded here, so this starts
 * code-server (VS Code with a server-side Node extension host) and drives its
 * workbench in headless Chromium, then exits with the extension tests' code.
 *
 * Runs under Node 24 (run.mjs puts it first on PATH), which also lets it
 * import tests/support/browser.ts (type stripping) to get the same browser the
 * other browser tests use.
 *
 * Environment (set by run.mjs): RUBRIC_CODE_SERVER (code-server's entry
 * script), RUBRIC_VSCODE_LOG_DIR (where code-server's output is kept),
 * RUBRIC_VSCODE_TEST_TIMEOUT_MS (default 10 minutes).
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const { launchBrowser } = await import(join(here, '..', '..', '..', 'tests', 'support', 'browser.ts'));

/** Exit code when the workbench never reports a result. */
const TIMEOUT_EXIT = 124;
/** What code-server prints once it accepts connections. */
const LISTENING = /HTTP server listening/;

const args = parseArgs(process.argv.slice(2));
const codeServer = required('RUBRIC_CODE_SERVER');
const logDir = process.env.RUBRIC_VSCODE_LOG_DIR ?? tmpdir();
const timeoutMs = Number(process.env.RUBRIC_VSCODE_TEST_TIMEOUT_MS ?? 600_000);

// Everything code-server and the extension host write goes into a fresh folder.
const temp = mkdtempSync(join(tmpdir(), 'rubric-vscode-'));
const dirs = Object.fromEntries(['home', 'tmp', 'config', 'data', 'cache', 'user-data', 'extensions'].map((name) => [name, join(temp, name)]));
for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
mkdirSync(join(dirs['user-data'], 'User'), { recursive: true });
writeFileSync(join(dirs['user-data'], 'User', 'settings.json'), JSON.stringify(userSettings(), null, 2));

let exitCode = TIMEOUT_EXIT;
/** @type {import('node:child_process').ChildProcess | undefined} */
let server;
/** @type {{ close(): Promise<void> } | undefined} */
let browser;
try {
  const port = await freePort();
  const serverLog = join(logDir, 'code-server.log');
  mkdirSync(logDir, { recursive: true });
  const logStream = createWriteStream(serverLog);
  server = spawn(process.execPath, [
    codeServer,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--user-data-dir', dirs['user-data'],
    '--extensions-dir', dirs.extensions,
    // Without it a built VS Code ignores the extension test paths and the run hangs.
    '--vscode-option', 'enable-smoke-test-driver',
  ], { env: serverEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  const listening = waitForOutput(server, LISTENING, logStream, 60_000);
  await listening;

  const launched = await launchBrowser();
  browser = launched.browser;
  const context = await launched.browser.newContext();
  const page = await context.newPage();
  /** @type {(code: number) => void} */
  let finish = () => {};
  const finished = new Promise((resolveFinish) => { finish = resolveFinish; });
  await page.exposeFunction('codeAutomationLog', (/** @type {string} */ type, /** @type {unknown[]} */ logArgs) => {
    const line = logArgs.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
    (type === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
  });
  await page.exposeFunction('codeAutomationExit', (/** @type {number} */ code) => finish(code));

  const remote = (/** @type {string} */ path) => `vscode-remote://127.0.0.1:${port}${path}`;
  const payload = [
    ['extensionDevelopmentPath', remote(args.extensionDevelopmentPath)],
    ['extensionTestsPath', remote(args.extensionTestsPath)],
    ['skipWelcome', 'true'],
  ];
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(args.folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });

  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  const timedOut = new Promise((resolveTimeout) => { timer = setTimeout(() => resolveTimeout(TIMEOUT_EXIT), timeoutMs); });
  exitCode = /** @type {number} */ (await Promise.race([finished, timedOut]));
  clearTimeout(timer);
  if (exitCode === TIMEOUT_EXIT) console.error(`code-server shim: no result from the workbench after ${timeoutMs} ms; code-server's output is in ${serverLog}`);
} catch (error) {
  console.error(`code-server shim: ${error instanceof Error ? error.message : String(error)} (code-server's output: ${join(logDir, 'code-server.log')})`);
  exitCode = 1;
} finally {
  await browser?.close().catch(() => {});
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((r) => { const t = setTimeout(() => { server?.kill('SIGKILL'); r(undefined); }, 5_000); server?.once('exit', () => { clearTimeout(t); r(undefined); }); });
  }
  rmSync(temp, { recursive: true, force: true });
}
process.exit(exitCode);

/**
 * The desktop flags test-electron passes are ignored; what matters is the
 * two test paths and the folder to open.
 */
function parseArgs(/** @type {string[]} */ argv) {
  let extensionDevelopmentPath = '';
  let extensionTestsPath = '';
  let folder = '';
  for (const arg of argv) {
    if (arg.startsWith('--extensionDevelopmentPath=')) extensionDevelopmentPath = resolve(arg.slice('--extensionDevelopmentPath='.length));
    else if (arg.startsWith('--extensionTestsPath=')) extensionTestsPath = resolve(arg.slice('--extensionTestsPath='.length));
    else if (!arg.startsWith('-')) folder = resolve(arg);
  }
  if (!extensionDevelopmentPath || !extensionTestsPath || !folder) {
    console.error(`code-server shim: expected --extensionDevelopmentPath=, --extensionTestsPath= and a folder, got ${JSON.stringify(argv)}`);
    process.exit(2);
  }
  return { extensionDevelopmentPath, extensionTestsPath, folder };
}

/** Settings that keep the editor from phoning home or asking questions. */
function userSettings() {
  return {
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'workbench.enableExperiments': false,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'security.workspace.trust.enabled': false,
    'git.enabled': false,
    'git.autoRepositoryDetection': false,
    'github.gitAuthentication': false,
    'npm.autoDetect': 'off',
    'typescript.disableAutomaticTypeAcquisition': true,
    'chat.disableAIFeatures': true,
    'window.restoreWindows': 'none',
  };
}

/** code-server's environment: the caller's (RUBRIC_*, PATH) with home, temp and XDG folders in the temp folder. */
function serverEnv() {
  /** @type {NodeJS.ProcessEnv} */
  const env = {};
  // VSCODE_* of an outer VS Code (e.g. its terminal) would point the server at the wrong IPC hooks.
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('VSCODE_')) env[key] = value;
  return {
    ...env,
    HOME: dirs.home,
    TMPDIR: dirs.tmp,
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    XDG_CACHE_HOME: dirs.cache,
    // Marketplace off: nothing is looked up or installed.
    EXTENSIONS_GALLERY: '{"serviceUrl":""}',
  };
}

/** Resolves when the process prints `pattern`; rejects when it exits first or after `ms`. */
function waitForOutput(/** @type {import('node:child_process').ChildProcess} */ child, /** @type {RegExp} */ pattern, /** @type {import('node:fs').WriteStream} */ log, /** @type {number} */ ms) {
  return new Promise((resolveWait, reject) => {
    let seen = false;
    const timer = setTimeout(() => reject(new Error(`code-server did not start listening within ${ms} ms`)), ms);
    const onData = (/** @type {Buffer} */ chunk) => {
      log.write(chunk);
      if (!seen && pattern.test(chunk.toString('utf8'))) {
        seen = true;
        clearTimeout(timer);
        resolveWait(undefined);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (!seen) reject(new Error(`code-server exited (${code ?? signal}) before listening`));
    });
  });
}

/** A port nobody listens on right now. */
function freePort() {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

function required(/** @type {string} */ name) {
  const value = process.env[name];
  if (!value) {
    console.error(`code-server shim: ${name} is not set; start the tests with \`npm test -w apps/vscode\``);
    process.exit(2);
  }
  return value;
}
