/**
 * The rendered page in a real headless Chromium: the real guidelines and a
 * hostile fixture are served from 127.0.0.1 and loaded as labelers and the
 * VS Code preview would load them. Nothing hostile runs, the CSP reports no
 * violation, no request leaves the page's origin, a 100 KB line does not
 * widen the page, and a screenshot of each set is kept for people to look at.
 */
// Functions passed to page.evaluate run in the browser: they need the DOM types.
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createMemoryHost, createNodeHost, loadSet, type GuidelineSet } from '@rubric/core';
import { renderPage, type PageOptions } from '@rubric/render';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, watchPage, type BrowserExecutable, type PageWatch } from '../support/browser.js';
import { ROOT } from '../support/cli.js';

const SCREENSHOTS = join(ROOT, 'tests/.tmp/screenshots');
const HOSTILE_DIR = join(ROOT, 'packages/render/test/fixtures/hostile');
const NONCE = 'cHJldmlldy10ZXN0LW5vbmNl';
const REAL = readdirSync(join(ROOT, 'guidelines')).filter((n) => statSync(join(ROOT, 'guidelines', n)).isDirectory()).sort();

const sets = new Map<string, GuidelineSet>();
const pages = new Map<string, string>();
let server: Server;
let origin: string;
let browser: Browser;
let executable: BrowserExecutable;

function addPage(name: string, set: GuidelineSet, options: PageOptions = {}): void {
  sets.set(name, set);
  pages.set(`/${name}`, renderPage(set, { nonce: NONCE, ...options }));
}

/** A page as loaded by a fresh context, with what it asked for and what it logged. */
/** A loaded page and what it did; `requests` holds every request attempted, even those the CSP then blocked. */
interface Visit extends PageWatch {
  page: Page;
}

async function visit(name: string, options: { width?: number; height?: number; colorScheme?: 'light' | 'dark' } = {}): Promise<Visit> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: options.height ?? 900 }, colorScheme: options.colorScheme ?? 'light' });
  const page = await context.newPage();
  const watch = await watchPage(page);
  await page.goto(`${origin}/${name}`, { waitUntil: 'load' });
  return { page, requests: watch.requests, failed: watch.failed, console: watch.console, errors: watch.errors, violations: watch.violations };
}

async function expectClean(v: Visit): Promise<void> {
  expect(await v.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  expect(await v.violations()).toEqual([]);
  expect(v.console.filter((m) => /Content Security Policy|Refused to/i.test(m))).toEqual([]);
  expect(v.errors).toEqual([]);
  for (const url of v.requests) expect(url.startsWith(`${origin}/`) || url.startsWith('data:'), url).toBe(true);
}

async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = join(SCREENSHOTS, `preview-${name}.png`);
  await page.screenshot({ path: file });
  const png = readFileSync(file);
  expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
  expect(png.length).toBeGreaterThan(10_000);
}

beforeAll(async () => {
  for (const name of REAL) addPage(name, loadSet(join(ROOT, 'guidelines', name), createNodeHost()));
  addPage('hostile', loadSet(HOSTILE_DIR, createNodeHost()));
  // The VS Code preview's shape: theme variables from the host and one nonce'd script.
  addPage('vscode', loadSet(join(ROOT, 'guidelines', REAL[0]!), createNodeHost()), {
    extraHead: `<style nonce="${NONCE}">:root { --vscode-editor-background: #123456; --vscode-editor-foreground: #fedcba; }</style>`,
    script: { inline: 'window.__previewScript = document.querySelectorAll("[data-line]").length;' },
  });
  // A control: markup the renderer would never emit, put in through the trusted extraHead slot,
  // shows that the CSP is in force and that the checks below would see a violation.
  addPage('control', loadSet(join(ROOT, 'guidelines', REAL[0]!), createNodeHost()), {
    extraHead: `<script>window.__pwned = 'control'</script><img src="https://example.org/pixel.png"><img src="${'/'}local.png">`,
  });
  const hostileWithScript = loadSet(HOSTILE_DIR, createNodeHost());
  addPage('hostile-scripted', hostileWithScript, { script: { inline: 'window.__previewScript = true;' } });
  const long = 'x'.repeat(100_000);
  addPage(
    'long-line',
    loadSet('/long', createMemoryHost({
      '/long/guideline.md': `---\nid: long\ntitle: Long line\nversion: 1.0.0\nstatus: draft\nschema: schema.json\nowners: [o]\n---\n\n# Long line\n\n${long}\n\nA URL: https://example.org/${long}\n\nCode \`${long}\`\n\n| a | b |\n|---|---|\n| ${long} | b |\n\n\`\`\`\n${long}\n\`\`\`\n\n\`\`\`example\ntext: ${long}\nanswers:\n  verdict: a\nwhy: ${long}\n\`\`\`\n`,
      '/long/schema.json': JSON.stringify({ id: 'long', version: '1.0.0', questions: [{ id: 'verdict', type: 'single', prompt: long, options: [{ id: 'a', title: long }] }] }),
    })),
  );

  server = createServer((req, res) => {
    const html = pages.get(req.url ?? '');
    if (!html) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  ({ browser, executable } = await launchBrowser());
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

describe('the browser', () => {
  it('is the one RUBRIC_BROWSER asks for', () => {
    const wanted = process.env.RUBRIC_BROWSER ?? 'auto';
    if (wanted === 'npm') expect(executable.source).toBe('npm');
    if (wanted === 'system') expect(executable.source).toBe('system');
    expect(browser.version()).toMatch(/^\d+\./);
    console.info(`browser: ${executable.source} ${executable.executablePath} (Chromium ${browser.version()})`);
  });
});

describe.each(REAL)('the real guideline %s in Chromium', (name) => {
  it('shows every label section and example card, cleanly, and makes a screenshot', async () => {
    const v = await visit(name);
    const doc = sets.get(name)!.guideline!;
    const counts = await v.page.evaluate(() => ({
      sections: document.querySelectorAll('.label-heading[id^="label-"]').length,
      cards: document.querySelectorAll('.example-card').length,
      tree: document.querySelectorAll('nav .tree-label').length,
      lines: document.querySelectorAll('article [data-line]').length,
      stylesheets: document.styleSheets.length,
      overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    }));
    expect(counts.sections).toBe(doc.sections.length);
    expect(counts.cards).toBe(doc.examples.length);
    expect(counts.tree).toBe(new Set(sets.get(name)!.schema!.labels.map((l) => l.id)).size);
    expect(counts.lines).toBeGreaterThan(100);
    expect(counts.stylesheets).toBe(1);
    expect(counts.overflow).toBeLessThanOrEqual(1);

    // The sidebar's label links land on their sections.
    const first = doc.sections[1] ?? doc.sections[0]!;
    await v.page.click(`nav a.tree-label[href="#label-${first.labelId}"]`);
    expect(await v.page.evaluate(() => decodeURIComponent(location.hash))).toBe(`#label-${first.labelId}`);
    await v.page.mouse.move(0, 0);
    await v.page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(v.page, name);
    // A second look further down, where the label sections and example cards are.
    await v.page.evaluate((id) => document.getElementById(id)?.scrollIntoView(), `label-${doc.sections[0]!.labelId}`);
    await screenshot(v.page, `${name}-labels`);
    await expectClean(v);
    await v.page.context().close();
  });
});

describe('hostile content in Chromium', () => {
  it('runs nothing, loads nothing and violates no policy', async () => {
    const v = await visit('hostile');
    // Fire the events a surviving handler would wait for.
    await v.page.evaluate(() => {
      for (const el of document.querySelectorAll('*')) {
        for (const type of ['mouseover', 'click', 'focus', 'toggle', 'load', 'error']) el.dispatchEvent(new Event(type));
      }
    });
    await v.page.waitForTimeout(100);
    await expectClean(v);
    const dom = await v.page.evaluate(() => ({
      scripts: document.querySelectorAll('script').length,
      handlers: [...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => a.name)),
      bad: document.querySelectorAll('iframe, object, embed, svg, math, form, base, style:not([nonce])').length,
      markers: document.querySelectorAll('.bidi-control').length,
      cards: document.querySelectorAll('.example-card').length,
    }));
    expect(dom).toEqual({ scripts: 0, handlers: [], bad: 0, markers: dom.markers, cards: 3 });
    expect(dom.markers).toBeGreaterThan(4);
    await screenshot(v.page, 'hostile');
    await v.page.context().close();
  });

  it('is guarded by a CSP that blocks what the renderer never emits (control)', async () => {
    const v = await visit('control');
    expect(await v.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    const violations = await v.violations();
    expect(violations).toEqual(expect.arrayContaining([expect.stringMatching(/^script-src/), expect.stringMatching(/^img-src https:\/\/example\.org/)]));
    // Playwright reports the attempt; the CSP stops it before it leaves the browser.
    expect(v.requests).toContain('https://example.org/pixel.png');
    expect(v.failed).toContain('https://example.org/pixel.png');
    await v.page.context().close();
  });

  it('runs only the nonce-carrying script when the host adds one', async () => {
    const v = await visit('hostile-scripted');
    expect(await v.page.evaluate(() => (window as unknown as { __previewScript?: unknown }).__previewScript)).toBe(true);
    await expectClean(v);
    await v.page.context().close();
  });

  it('keeps bidi overrides from reordering the example text', async () => {
    const v = await visit('hostile');
    const text = await v.page.evaluate(() => (document.querySelector('.example-text') as HTMLElement).innerText);
    expect(text).toContain('admin⟨U+202E⟩gnp.exe⟨U+202C⟩ ok');
    expect(text).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    await v.page.context().close();
  });
});

describe('layout and theming in Chromium', () => {
  it('keeps a 100 KB line inside the page, wide and narrow', async () => {
    for (const width of [1280, 600]) {
      const v = await visit('long-line', { width });
      const m = await v.page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
        article: (document.querySelector('article') as HTMLElement).getBoundingClientRect().right,
      }));
      expect(m.scroll - m.client, `width ${width}`).toBeLessThanOrEqual(1);
      expect(m.article).toBeLessThanOrEqual(m.client + 1);
      if (width === 600) await screenshot(v.page, 'long-line-narrow');
      await expectClean(v);
      await v.page.context().close();
    }
  });

  it('follows VS Code theme variables and runs the preview script', async () => {
    const v = await visit('vscode');
    const style = await v.page.evaluate(() => {
      const s = getComputedStyle(document.body);
      return { background: s.backgroundColor, color: s.color, script: (window as unknown as { __previewScript?: number }).__previewScript };
    });
    expect(style.background).toBe('rgb(18, 52, 86)');
    expect(style.color).toBe('rgb(254, 220, 186)');
    expect(style.script).toBeGreaterThan(100);
    await expectClean(v);
    await v.page.context().close();
  });

  it('has a dark theme for the catalog', async () => {
    const v = await visit(REAL[0]!, { colorScheme: 'dark' });
    const background = await v.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(13, 17, 23)');
    await screenshot(v.page, `${REAL[0]!}-dark`);
    await expectClean(v);
    await v.page.context().close();
  });
});
