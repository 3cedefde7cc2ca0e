/**
 * The VS Code preview page in a real headless Chromium: the language
 * service's preview of a hostile set (what the server answers to
 * `rubric/preview`), wrapped by the extension's own buildPreviewPage and
 * loaded with the extension's media/preview.js, as the webview loads it.
 * Nothing from the content runs or loads, the page's own script breaks no
 * CSP rule, and its messages (update, scroll sync both ways) behave. The
 * "Compare with Base" page the same way: renderSetDiff of a changed
 * hate-speech set in buildComparePage with media/compare.js.
 * code-server's webview cannot be looked into from the extension tests, so
 * this is where the pages themselves are checked. Screenshots:
 * tests/.artifacts/vscode-preview.png and vscode-compare.png.
 */
// Functions passed to page.evaluate run in the browser: they need the DOM types.
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNodeHost, diffSets, loadSet, type SetDiff } from '@rubric/core';
import { createLanguageService, createMemoryWorkspace, type PreviewResult } from '@rubric/language-service';
import { renderSetDiff } from '@rubric/render';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildComparePage, buildPreviewPage } from '../../apps/vscode/src/webview-page.js';
import { launchBrowser, watchPage, type PageWatch } from '../support/browser.js';
import { ROOT } from '../support/cli.js';

const SCREENSHOT = join(ROOT, 'tests/.artifacts/vscode-preview.png');
const COMPARE_SCREENSHOT = join(ROOT, 'tests/.artifacts/vscode-compare.png');
const COMPARE_SCRIPT = join(ROOT, 'apps/vscode/media/compare.js');
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

/**
 * guidelines/hate-speech changed as a pull request might: a label removed from the schema, a
 * definition reworded with markup in it, and only a patch bump declared. Returns its diff
 * against the original and the head guideline's text.
 */
function changedHateSpeech(): { diff: SetDiff; guideline: string } {
  const base = join(ROOT, 'guidelines/hate-speech');
  const head = mkdtempSync(join(tmpdir(), 'rubric-compare-page-'));
  try {
    cpSync(base, head, { recursive: true });
    const schemaPath = join(head, 'schema.json');
    const schema = readFileSync(schemaPath, 'utf8').replace(/,\n\s*\{ "id": "hate\.stereotype\.criminality"[^\n]*\}/, '');
    writeFileSync(schemaPath, schema);
    const guidelinePath = join(head, 'guideline.md');
    const guideline = readFileSync(guidelinePath, 'utf8')
      .replace('version: 2.0.0', 'version: 2.0.1')
      .replace('A slur (a word whose main use is to demean a protected group) used against a', 'A slur <img src=x onerror="window.__pwned = \'definition\'"> (a word whose main use is to demean a protected group) aimed at a');
    writeFileSync(guidelinePath, guideline);
    const host = createNodeHost();
    return { diff: diffSets(loadSet(base, host), loadSet(head, host)), guideline };
  } finally {
    rmSync(head, { recursive: true, force: true });
  }
}

/** Messages the page's script posted to the (stubbed) VS Code host. */
type Posted = { type: string; seq?: number; labels?: string[]; blocks?: number; theme?: string; line?: number; changes?: number; levels?: string[]; jumps?: string[]; required?: string | null; declared?: string | null };

let server: Server;
let origin: string;
let browser: Browser;
let preview: PreviewResult;
let html: string;
let compareHtml: string;
let compared: { diff: SetDiff; guideline: string };
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
  const compareScript = readFileSync(COMPARE_SCRIPT);
  compared = changedHateSpeech();

  server = createServer((req, res) => {
    served.push(req.url ?? '');
    if (req.url === '/preview.html') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    else if (req.url === '/media/preview.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else if (req.url === '/compare.html') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(compareHtml);
    else if (req.url === '/media/compare.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(compareScript);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // As in the extension: the webview's source is allowed for images, the script comes from media/ with the nonce.
  html = buildPreviewPage({ fragment: preview.html, title: preview.title, nonce: NONCE, cspSource: origin, scriptUri: `${origin}/media/preview.js`, scrollSync: true });
  // As the language server answers rubric/compare: jump links point at the head's label headings.
  const headLines = compared.guideline.split('\n');
  const sectionLine = (id: string): number | undefined => {
    const at = headLines.findIndex((l) => new RegExp(`^#{2,6} \`${id.replace(/\./g, '\\.')}\``).test(l));
    return at < 0 ? undefined : at + 1;
  };
  const fragment = renderSetDiff(compared.diff, { baseLabel: 'main', baseCommit: '0123456789abcdef0123', sectionLine });
  compareHtml = buildComparePage({ fragment, title: 'Compare Hate speech with main', nonce: NONCE, cspSource: origin, scriptUri: `${origin}/media/compare.js` });
  ({ browser } = await launchBrowser());
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

/** Opens a page (the preview's or the compare panel's) as a webview would: VS Code's API stub and theme class in place before the page's script runs. */
async function openWebview(path: '/preview.html' | '/compare.html', theme: 'vscode-light' | 'vscode-dark'): Promise<{ page: Page; watch: PageWatch; dialogs: string[] }> {
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
  await page.goto(`${origin}${path}`, { waitUntil: 'load' });
  return { page, watch, dialogs };
}

const openPreview = (theme: 'vscode-light' | 'vscode-dark') => openWebview('/preview.html', theme);

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

describe('VS Code compare page in Chromium', () => {
  it('shows the changes inert, grouped by level, with the bump too small, and nothing runs or loads', async () => {
    const { page, watch, dialogs } = await openWebview('/compare.html', 'vscode-light');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(watch.console).toEqual([]);
    expect(watch.errors).toEqual([]);
    expect(await watch.violations()).toEqual([]);
    expect(watch.requests.filter((u) => !u.startsWith('data:'))).toEqual([`${origin}/compare.html`, `${origin}/media/compare.js`]);

    const [ready] = await posted(page);
    expect(ready?.type).toBe('ready');
    expect(ready?.changes).toBe(compared.diff.changes.length);
    expect(ready?.changes).toBeGreaterThanOrEqual(2);
    expect(ready?.levels?.[0]).toBe('major');
    expect(ready?.required).toBe('major');
    expect(ready?.declared).toBe('patch');
    expect(await page.locator('.rubric-bump-too-small').count()).toBe(1);
    // The reworded definition's markup is text in the page, not an element.
    expect(await page.locator('#rubric-compare-root img').count()).toBe(0);
    expect(await page.locator('#rubric-compare-root').textContent()).toContain('onerror="window.__pwned');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1000);

    mkdirSync(join(ROOT, 'tests/.artifacts'), { recursive: true });
    await page.screenshot({ path: COMPARE_SCREENSHOT, fullPage: true });
    expect(readFileSync(COMPARE_SCREENSHOT).subarray(0, 4).toString('latin1')).toBe('\x89PNG');
    await page.context().close();
  });

  it('a "go to" link asks the editor to reveal the label\'s section in guideline.md', async () => {
    const { page } = await openWebview('/compare.html', 'vscode-dark');
    const jump = page.locator('a.rubric-jump[data-label="hate.slur"]').first();
    await jump.click();
    await page.waitForFunction(() => (window as unknown as { __posted: Posted[] }).__posted.some((m) => m.type === 'revealLine'));
    const reveal = (await posted(page)).find((m) => m.type === 'revealLine')!;
    expect(compared.guideline.split('\n')[reveal.line! - 1]).toBe('### `hate.slur` Slur used to attack');
    await page.context().close();
  });

  it('an update swaps the changes in place and reports which update it rendered', async () => {
    const { page, watch } = await openWebview('/compare.html', 'vscode-light');
    await page.evaluate(() => window.postMessage({ type: 'update', html: '<p class="rubric-empty">No semantic changes.</p>', seq: 3 }, '*'));
    await page.waitForFunction(() => (window as unknown as { __posted: Posted[] }).__posted.some((m) => m.type === 'rendered'));
    const rendered = (await posted(page)).find((m) => m.type === 'rendered')!;
    // The extension wakes only what waits for update 3 or earlier: a late report of an older update must not count.
    expect(rendered.seq).toBe(3);
    expect(rendered.changes).toBe(0);
    expect(await page.locator('#rubric-compare-root').textContent()).toContain('No semantic changes.');
    expect(watch.requests.filter((u) => u.endsWith('/compare.html'))).toHaveLength(1);
    await page.context().close();
  });
});
