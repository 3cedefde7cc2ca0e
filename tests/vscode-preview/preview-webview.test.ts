/**
 * The VS Code preview page in a real headless Chromium: the language
 * service's preview of a hostile set (what the server answers to
 * `rubric/preview`), wrapped by the extension's own buildPreviewPage and
 * loaded with the extension's media/preview.js, as the webview loads it.
 * Nothing from the content runs or loads, the page's own script breaks no
 * CSP rule, and its messages (update, scroll sync both ways) behave.
 * code-server's webview cannot be looked into from the extension tests, so
 * this is where the page itself is checked. Screenshot: tests/.artifacts/vscode-preview.png.
 */
// Functions passed to page.evaluate run in the browser: they need the DOM types.
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createLanguageService, createMemoryWorkspace, type PreviewResult } from '@rubric/language-service';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPreviewPage } from '../../apps/vscode/src/webview-page.js';
import { launchBrowser, watchPage, type PageWatch } from '../support/browser.js';
import { ROOT } from '../support/cli.js';

const SCREENSHOT = join(ROOT, 'tests/.artifacts/vscode-preview.png');
const HOSTILE_DIR = join(ROOT, 'packages/render/test/fixtures/hostile');
const PREVIEW_SCRIPT = join(ROOT, 'apps/vscode/media/preview.js');
const NONCE = 'dnNjb2RlLXByZXZpZXctdGVzdA==';
const GUIDELINE_URI = 'file:///workspace/guidelines/hostile/guideline.md';
const LONG_LINE = 'x'.repeat(100 * 1024);

/** The render package's hostile set plus an example card full of markup, bidi controls and a 100 KB line. */
function hostileGuideline(): string {
  const base = readFileSync(join(HOSTILE_DIR, 'guideline.md'), 'utf8');
  const card = [
    '',
    '## Example cards',
    '',
    '```example',
    'kind: negative',
    `text: "<script>window.__pwned = 'card-script'</script><img src=x onerror=\\"window.__pwned = 'card-img'\\"> [x](javascript:window.__pwned='card-link') admin\\u202Egnp.exe"`,
    'answers: {}',
    'why: Markup in a text is shown, never run.',
    '```',
    '',
    `A 100 KB line: ${LONG_LINE}`,
    '',
  ].join('\n');
  return `${base}${card}`;
}

/** Messages the page's script posted to the (stubbed) VS Code host. */
type Posted = { type: string; labels?: string[]; blocks?: number; theme?: string; line?: number };

let server: Server;
let origin: string;
let browser: Browser;
let preview: PreviewResult;
let html: string;
const served: string[] = [];

beforeAll(async () => {
  const workspace = createMemoryWorkspace({
    [GUIDELINE_URI]: hostileGuideline(),
    [GUIDELINE_URI.replace('guideline.md', 'schema.json')]: readFileSync(join(HOSTILE_DIR, 'schema.json'), 'utf8'),
  });
  const result = await createLanguageService({ workspace }).renderPreview(GUIDELINE_URI);
  if (!result) throw new Error('The language service has no preview for the hostile set');
  preview = result;
  const script = readFileSync(PREVIEW_SCRIPT);

  server = createServer((req, res) => {
    served.push(req.url ?? '');
    if (req.url === '/preview.html') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    else if (req.url === '/media/preview.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // As in the extension: the webview's source is allowed for images, the script comes from media/ with the nonce.
  html = buildPreviewPage({ fragment: preview.html, title: preview.title, nonce: NONCE, cspSource: origin, scriptUri: `${origin}/media/preview.js`, scrollSync: true });
  ({ browser } = await launchBrowser());
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

/** Opens the preview as a webview would: VS Code's API stub and theme class in place before the page's script runs. */
async function openPreview(theme: 'vscode-light' | 'vscode-dark'): Promise<{ page: Page; watch: PageWatch; dialogs: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const watch = await watchPage(page);
  // Init scripts run outside the page's CSP: this is the host's side of the webview.
  await page.addInitScript((bodyClass: string) => {
    const w = window as unknown as { __posted: unknown[]; acquireVsCodeApi: () => { postMessage(m: unknown): void } };
    w.__posted = [];
    w.acquireVsCodeApi = () => ({ postMessage: (m: unknown) => w.__posted.push(m) });
    // VS Code sets the theme's colours on <html> and the theme kind on <body>.
    document.addEventListener('DOMContentLoaded', () => {
      document.body.classList.add(bodyClass);
      const dark = bodyClass === 'vscode-dark';
      document.documentElement.style.setProperty('--vscode-editor-background', dark ? '#1e1e1e' : '#ffffff');
      document.documentElement.style.setProperty('--vscode-editor-foreground', dark ? '#d4d4d4' : '#1f1f1f');
    });
  }, theme);
  await page.goto(`${origin}/preview.html`, { waitUntil: 'load' });
  return { page, watch, dialogs };
}

const posted = (page: Page): Promise<Posted[]> => page.evaluate(() => (window as unknown as { __posted: Posted[] }).__posted);

describe('VS Code preview page in Chromium', () => {
  it('renders the hostile set inert: nothing runs, nothing loads, no CSP violation', async () => {
    const { page, watch, dialogs } = await openPreview('vscode-dark');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    // Content cannot log; the preview script does not.
    expect(watch.console).toEqual([]);
    expect(watch.errors).toEqual([]);
    expect(await watch.violations()).toEqual([]);
    // The page and its one script: no image, frame or link of the content was fetched.
    expect(watch.requests.filter((u) => !u.startsWith('data:'))).toEqual([`${origin}/preview.html`, `${origin}/media/preview.js`]);
    // The example's markup is text; the bidi override is shown, not obeyed.
    const card = await page.evaluate(() => [...document.querySelectorAll('#rubric-preview-root *')].map((e) => e.textContent ?? '').find((t) => t.includes("window.__pwned = 'card-script'")) ?? '');
    expect(card).toContain("<script>window.__pwned = 'card-script'</script>");
    expect(await page.locator('#rubric-preview-root script, #rubric-preview-root [onerror], #rubric-preview-root a[href^="javascript:" i]').count()).toBe(0);
    expect(await page.evaluate(() => document.querySelectorAll('script').length)).toBe(1);
    // The 100 KB line wraps instead of widening the page.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1000);

    mkdirSync(join(ROOT, 'tests/.artifacts'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    const png = readFileSync(SCREENSHOT);
    expect(png.subarray(0, 4).toString('latin1')).toBe('\x89PNG');
    expect(png.length).toBeGreaterThan(10_000);
    await page.context().close();
  });

  it('the script reports ready with the label sections and the theme', async () => {
    const { page } = await openPreview('vscode-dark');
    const [ready] = await posted(page);
    expect(ready?.type).toBe('ready');
    expect(ready?.labels).toEqual(preview.toc.filter((e) => e.labelId).map((e) => e.labelId));
    expect(ready?.labels?.length).toBeGreaterThan(0);
    expect(ready?.blocks).toBeGreaterThan(10);
    expect(ready?.theme).toBe('vscode-dark');
    await page.context().close();
  });

  it('follows the VS Code theme kind, not the OS colour scheme', async () => {
    const red = async (theme: 'vscode-light' | 'vscode-dark'): Promise<string> => {
      const { page } = await openPreview(theme);
      const value = await page.evaluate(() => getComputedStyle(document.querySelector('.rubric-guideline')!).getPropertyValue('--r-red').trim());
      await page.context().close();
      return value;
    };
    expect(await red('vscode-light')).toBe('#cf222e');
    expect(await red('vscode-dark')).toBe('#f85149');
  });

  it('scroll sync: scrollTo brings the line to the top without echoing; a user scroll posts revealLine', async () => {
    const { page } = await openPreview('vscode-light');
    const target = preview.toc[preview.toc.length - 2]!;
    await page.evaluate((line) => window.postMessage({ type: 'scrollTo', line }, '*'), target.line);
    await page.waitForFunction((id) => Math.abs(document.getElementById(id)!.getBoundingClientRect().top) < 2, target.id);
    await page.waitForTimeout(150);
    // The scroll we caused is not reported back (that would make editor and preview chase each other).
    expect((await posted(page)).filter((m) => m.type === 'revealLine')).toEqual([]);

    await page.waitForTimeout(300);
    await page.mouse.move(500, 300);
    await page.mouse.wheel(0, -400);
    await page.waitForFunction(() => (window as unknown as { __posted: Posted[] }).__posted.some((m) => m.type === 'revealLine'));
    const reveal = (await posted(page)).find((m) => m.type === 'revealLine')!;
    expect(reveal.line).toBeGreaterThan(1);
    expect(reveal.line).toBeLessThan(target.line);
    await page.context().close();
  });

  it('update swaps the fragment in place, keeps the scroll position and reports the new sections', async () => {
    const { page, watch } = await openPreview('vscode-light');
    await page.evaluate(() => window.scrollTo(0, 600));
    await page.waitForTimeout(350);
    const before = await page.evaluate(() => window.scrollY);
    const extra = '<section class="rubric-label" id="label-added.label" data-line="999"><h3 data-line="999">Added</h3></section>';
    await page.evaluate((fragment) => window.postMessage({ type: 'update', html: fragment }, '*'), `${preview.html}${extra}`);
    await page.waitForFunction(() => (window as unknown as { __posted: Posted[] }).__posted.some((m) => m.type === 'rendered'));
    const rendered = (await posted(page)).find((m) => m.type === 'rendered')!;
    expect(rendered.labels).toContain('added.label');
    expect(await page.evaluate(() => window.scrollY)).toBe(before);
    // Same document: the page was not reloaded.
    expect(watch.requests.filter((u) => u.endsWith('/preview.html'))).toHaveLength(1);
    await page.context().close();
  });

  it('if unsanitized markup ever reached an update, the CSP would still keep it from running', async () => {
    const { page, watch } = await openPreview('vscode-light');
    await page.evaluate(() => window.postMessage({ type: 'update', html: '<img src="data:," onerror="window.__pwned = 1"><a id="js" href="javascript:window.__pwned = 2">x</a>' }, '*'));
    await page.waitForFunction(() => (window as unknown as { __posted: Posted[] }).__posted.some((m) => m.type === 'rendered'));
    await page.click('#js').catch(() => {});
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    // The control: the CSP saw and refused the handlers, so the checks above would catch a real leak.
    expect((await watch.violations()).some((v) => v.startsWith('script-src'))).toBe(true);
    await page.context().close();
  });
});
