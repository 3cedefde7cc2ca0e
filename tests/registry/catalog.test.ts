/**
 * The catalog for labelers and vendors: a registry in this process with a
 * few versions of a small set (one deprecated), the real guidelines and a
 * hostile set, all published with the built CLI; then every page over HTTP
 * (status, CSP with a fresh nonce, escaping) and in headless Chromium (no
 * console errors, no request to another host, nothing hostile runs, the
 * stylesheet applies). Screenshots go to tests/.tmp/screenshots/catalog-*.png.
 */
// Functions passed to page.evaluate run in the browser: they need the DOM types.
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { cpSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../support/cli.js';
import { rubricAsync, startTestRegistry, writeSampleSet, type TestRegistry } from './helpers.js';
import { Browsing, expectStrictHtml, getPage as getCatalogPage, screenshot as takeScreenshot, type Visit } from './pages.js';

const HOSTILE = join(ROOT, 'tests/registry/fixtures/hostile-catalog');
const REAL = readdirSync(join(ROOT, 'guidelines')).filter((n) => statSync(join(ROOT, 'guidelines', n)).isDirectory()).sort();

let registry: TestRegistry;
let tmp: { dir: string; cleanup: () => void };
let browsing: Browsing;

async function publish(dir: string): Promise<void> {
  const r = await rubricAsync(['publish', dir, '--registry', registry.url, '--token', registry.adminToken], tmp.dir);
  if (r.code !== 0) throw new Error(`publish ${dir} failed:\n${r.stdout}${r.stderr}`);
}

beforeAll(async () => {
  registry = await startTestRegistry({ defaultQuorum: 0 });
  browsing = new Browsing(registry.url);
  tmp = tempDir('rubric-catalog-');
  await publish(writeSampleSet(join(tmp.dir, 'v100'), { id: 'sample', version: '1.0.0' }));
  await publish(
    writeSampleSet(join(tmp.dir, 'v101'), {
      id: 'sample',
      version: '1.0.1',
      scope: 'A small set used by the catalog tests.',
      noneDefinition: 'Anything that is neither `abuse` nor an obvious joke between friends.',
      changelog: ['1.0.1', '1.0.0'],
    }),
  );
  await publish(
    writeSampleSet(join(tmp.dir, 'v110'), {
      id: 'sample',
      version: '1.1.0',
      scope: 'A small set used by the catalog tests.',
      noneDefinition: 'Anything that is neither `abuse` nor an obvious joke between close friends.',
      deprecateThreat: '1.1.0',
      changelog: ['1.1.0', '1.0.1', '1.0.0'],
    }),
  );
  const deprecated = await fetch(`${registry.url}/v1/sets/sample/versions/1.0.0/deprecate`, { method: 'POST', headers: { Authorization: `Bearer ${registry.adminToken}` } });
  expect(deprecated.status).toBe(200);
  for (const name of REAL) await publish(join(ROOT, 'guidelines', name));
  const hostile = join(tmp.dir, 'hostile', 'hostile-catalog');
  cpSync(HOSTILE, hostile, { recursive: true });
  await publish(hostile);
});

afterAll(async () => {
  await browsing?.close();
  await registry?.close();
  tmp?.cleanup();
});

/** GET a catalog page as a browser asks for it. */
const getPage = (path: string) => getCatalogPage(registry.url, path);

const PAGES: [string, string, number][] = [
  ['index', '/', 200],
  ['set', '/sets/sample', 200],
  ['guideline', '/sets/hate-speech/2.0.0', 200],
  ['sample-guideline', '/sets/sample/1.1.0', 200],
  ['deprecated', '/sets/sample/1.0.0', 200],
  ['diff', '/sets/sample/diff/1.0.0/1.1.0', 200],
  ['hostile', '/sets/hostile-catalog/1.0.0', 200],
  ['hostile-set', '/sets/hostile-catalog', 200],
  ['not-found', '/sets/no-such-set', 404],
  ['bad-id', '/sets/%3Cscript%3Ealert(1)%3C%2Fscript%3E', 404],
  ['bad-version', '/sets/sample/1.0.0%22%3E%3Cscript%3E', 404],
  ['unknown-page', '/sets/sample/1.0.0/extra/parts', 404],
];

describe('catalog pages over HTTP', () => {
  it.each(PAGES)('%s (%s) answers %i with HTML, a strict CSP and a fresh nonce', async (_name, path, status) => {
    const a = await getPage(path);
    const b = await getPage(path);
    expect(a.status).toBe(status);
    expectStrictHtml(a, b);
  });

  it('keeps `/` the JSON index for clients that do not ask for HTML', async () => {
    const res = await fetch(`${registry.url}/`);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await res.json()) as { service: string }).service).toBe('rubric-registry');
  });

  it('is not shown when reads need a token (a browser sends none)', async () => {
    const closed = await startTestRegistry({ readsPublic: false });
    try {
      for (const path of ['/', '/sets/sample', '/sets/sample/1.0.0']) {
        const res = await fetch(`${closed.url}${path}`, { headers: { Accept: 'text/html' } });
        expect(res.status).toBe(403);
        expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
        expect(await res.text()).toContain('This registry keeps its guidelines private');
      }
    } finally {
      await closed.close();
    }
  });

  it('redirects latest to the current version', async () => {
    const res = await fetch(`${registry.url}/sets/sample/latest`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/sets/sample/1.1.0');
  });

  it('lists every set with its latest version, and versions with state, dates and hashes', async () => {
    const index = (await getPage('/')).html;
    for (const id of [...REAL, 'sample', 'hostile-catalog']) expect(index).toContain(`<a href="/sets/${id}">`);
    expect(index).toContain('latest <a href="/sets/sample/1.1.0"><code>1.1.0</code></a>');
    const set = (await getPage('/sets/sample')).html;
    expect(set.match(/<tr>\n<td><a href="\/sets\/sample\/[\d.]+">/g)).toHaveLength(3);
    expect(set).toContain('<span class="badge state state-deprecated">deprecated</span>');
    expect(set).toMatch(/<code title="sha256-[0-9a-f]{64}">sha256-[0-9a-f]{12}<\/code>/);
    expect(set).toContain('<a href="/sets/sample/diff/1.0.1/1.1.0">changes since 1.0.1</a>');
  });

  it('escapes hostile titles and text everywhere', async () => {
    const index = (await getPage('/')).html;
    expect(index).toContain('Hostile &lt;script&gt;window.__pwned = &#39;fm-title&#39;&lt;/script&gt; &amp; &quot;quoted&quot; &#39;set&#39;');
    const bad = (await getPage('/sets/sample/1.0.0%22%3E%3Cscript%3E')).html;
    expect(bad).toContain('There is no such version');
  });

  it('shows the rendered guideline with the bar, downloads and the link to the previous version', async () => {
    const html = (await getPage('/sets/sample/1.1.0')).html;
    expect(html).toMatch(/<body class="rubric-page catalog-guideline">\n<header class="catalog-bar"/);
    expect(html).toContain('<a href="/v1/sets/sample/versions/1.1.0/schema.json" download="sample-1.1.0.schema.json">schema.json</a>');
    expect(html).toContain('<a href="/v1/sets/sample/versions/1.1.0/guideline.md" download="sample-1.1.0.guideline.md">guideline.md</a>');
    expect(html).toContain('<a href="/sets/sample/diff/1.0.1/1.1.0">changes since 1.0.1</a>');
    expect(html).toContain('class="rubric-guideline');
    const old = (await getPage('/sets/sample/1.0.0')).html;
    expect(old).toContain('This version was deprecated');
  });

  it('shows a diff grouped by label with level badges and a word diff', async () => {
    const html = (await getPage('/sets/sample/diff/1.0.0/1.1.0')).html;
    expect(html).toContain('required bump <span class="badge level level-minor">minor</span>');
    expect(html).toMatch(/<span class="group-kind">Label<\/span><code>abuse\.threat<\/code>/);
    expect(html).toMatch(/<span class="group-kind">Label<\/span><code>none<\/code>/);
    expect(html).toContain('<span class="badge level level-patch">patch</span>');
    expect(html).toMatch(/<div class="words">.*<del>[^<]*not[^<]*<\/del>.*<ins>[^<]*neither[^<]*<\/ins>/s);
  });
});

const visit = (path: string) => browsing.visit(path);
const expectClean = (v: Visit, status = 200) => browsing.expectClean(v, status);
const screenshot = (page: Page, name: string, fullPage = false) => takeScreenshot(page, `catalog-${name}`, fullPage);

describe('catalog pages in Chromium', () => {
  it.each(PAGES)('%s (%s) loads cleanly: no console error, no request elsewhere, nothing runs', async (name, path, status) => {
    const v = await visit(path);
    try {
      expect(v.status).toBe(status);
      await expectClean(v, status);
      if (['index', 'set', 'guideline', 'diff', 'hostile', 'deprecated'].includes(name)) await screenshot(v.page, name, name === 'diff');
    } finally {
      await v.page.context().close();
    }
  });

  it('follows links from the index to a set, a version and a diff', async () => {
    const v = await visit('/');
    try {
      await v.page.click('a[href="/sets/sample"]');
      expect(new URL(v.page.url()).pathname).toBe('/sets/sample');
      await v.page.click('a[href="/sets/sample/diff/1.0.1/1.1.0"]');
      expect(await v.page.textContent('h1')).toBe('What changed in sample: 1.0.1 → 1.1.0');
      await v.page.click('.catalog-main a[href="/sets/sample/1.1.0"]');
      expect(await v.page.textContent('.guideline-title')).toContain('Base set of the rule examples');
      await v.page.click('.catalog-bar a[href="/sets/sample"]');
      expect(new URL(v.page.url()).pathname).toBe('/sets/sample');
      await expectClean(v);
    } finally {
      await v.page.context().close();
    }
  });
});
