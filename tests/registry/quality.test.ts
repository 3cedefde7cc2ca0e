/**
 * The catalog's labeling-quality pages: a registry in this process with three
 * versions of a small set, the real hate-speech set and the hostile set,
 * published with the built CLI; annotations of four labelers posted to each
 * version (agreement improving from version to version, on purpose), and the
 * hostile fixture's annotations (markup, script, bidi controls, a NUL, a
 * 5,000-character word in texts, annotator names and item ids) to the hostile
 * set. Then every quality page over HTTP (CSP, no script, no style
 * attribute, the figures the API reports, the links from the set and version
 * pages) and in headless Chromium (nothing runs, no request elsewhere, no CSP
 * violation), with screenshots in tests/.tmp/screenshots/quality-*.png.
 */
// Functions passed to page.evaluate run in the browser: they need the DOM types.
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeHost, loadSet } from '@rubric/core';
import { exportMetaOf, goldTasks, type AnswerValue } from '@rubric/exporters';
import type { QualityReport } from '@rubric/quality/read';
import { createLanguageService, createMemoryWorkspace } from '@rubric/language-service';
import { ROOT, tempDir } from '../support/cli.js';
import { rubricAsync, startTestRegistry, writeSampleSet, type TestRegistry } from './helpers.js';
import { Browsing, expectStrictHtml, getPage as getCatalogPage, screenshot, sectionScreenshot } from './pages.js';

const HOSTILE_SET = join(ROOT, 'tests/registry/fixtures/hostile-catalog');
const HOSTILE_ANNOTATIONS = join(ROOT, 'tests/registry/fixtures/hostile-annotations.jsonl');
const ANNOTATORS = ['ana', 'ben', 'chloe', 'dev'];

let registry: TestRegistry;
let tmp: { dir: string; cleanup: () => void };
/** The folder of sample 1.1.0 (the editor test opens it). */
let sample110: string;
let browsing: Browsing;
const reports = new Map<string, QualityReport>();

async function publish(dir: string): Promise<void> {
  const r = await rubricAsync(['publish', dir, '--registry', registry.url, '--token', registry.adminToken], tmp.dir);
  if (r.code !== 0) throw new Error(`publish ${dir} failed:\n${r.stdout}${r.stderr}`);
}

async function postAnnotations(setId: string, version: string, body: string): Promise<void> {
  const res = await fetch(`${registry.url}/v1/sets/${setId}/versions/${version}/quality`, { method: 'POST', headers: { Authorization: `Bearer ${registry.adminToken}`, 'Content-Type': 'application/x-ndjson' }, body });
  if (res.status !== 201) throw new Error(`quality ${setId} ${version}: ${res.status} ${await res.text()}`);
  const report = await fetch(`${registry.url}/v1/sets/${setId}/versions/${version}/quality`);
  reports.set(`${setId}@${version}`, (await report.json()) as QualityReport);
}

/**
 * Four labelers on 24 items and the set's gold items. ana answers the truth;
 * ben swaps the two kinds of abuse (siblings) every (4 + k)th item; chloe
 * stops at the parent `abuse` every (3 + 2k)th; dev misses abuse every 5th
 * item in the first two versions. k is the version's index: later versions
 * are agreed on more, as a clearer guideline would make them.
 */
function sampleRecords(dir: string, k: number): string {
  const set = loadSet(dir, createNodeHost());
  const truths = ['none', 'abuse.insult', 'abuse.threat', 'none', 'abuse.insult', 'abuse'];
  const lines: string[] = [];
  const record = (item: string, text: string, annotator: string, verdict: string, i: number, goldTarget?: AnswerValue): void => {
    const answers: Record<string, AnswerValue> = { verdict };
    if (verdict !== 'none') answers.target = annotator === 'chloe' && verdict === 'abuse' ? ['target.person', 'target.group'] : (goldTarget ?? [i % 2 ? 'target.group' : 'target.person']);
    lines.push(JSON.stringify({ item: { id: item, text }, annotator, answers }));
  };
  const answer = (annotator: string, truth: string, i: number): string => {
    if (annotator === 'ben' && i % (4 + k) === 1) return truth === 'abuse.insult' ? 'abuse.threat' : truth === 'abuse.threat' ? 'abuse.insult' : 'abuse.insult';
    if (annotator === 'chloe' && i % (3 + 2 * k) === 2) return truth.startsWith('abuse.') ? 'abuse' : 'none';
    if (annotator === 'dev' && k < 2 && i % 5 === 0) return truth === 'none' ? 'abuse.threat' : 'none';
    return truth;
  };
  for (let i = 0; i < 24; i++) {
    const truth = truths[i % truths.length] as string;
    for (const a of ANNOTATORS) record(`s-${i}`, `Sample text number ${i}: ${truth === 'none' ? 'a friendly remark' : 'a remark someone may find abusive'}.`, a, answer(a, truth, i), i);
  }
  for (const [i, task] of goldTasks(set, exportMetaOf(set)).neutral.entries()) {
    const truth = task.answers.verdict as string;
    for (const a of ANNOTATORS) {
      const verdict = answer(a, truth, i + 1);
      record(task.item.id, task.item.text, a, verdict, i, verdict === truth ? task.answers.target : undefined);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Four labelers on 40 hate-speech items: confusions inside the dehumanization and stereotype subtrees, and slur against exclusion. */
function hateSpeechRecords(): string {
  const truths = ['none', 'hate.slur', 'hate.dehumanization.animal', 'hate.exclusion.expulsion', 'hate.stereotype.inferiority', 'none', 'hate.violence.call', 'hate.dehumanization.subhuman'];
  const confusedWith: Record<string, string> = {
    'hate.slur': 'hate.exclusion',
    'hate.dehumanization.animal': 'hate.dehumanization.subhuman',
    'hate.dehumanization.subhuman': 'hate.dehumanization.animal',
    'hate.exclusion.expulsion': 'hate.exclusion.segregation',
    'hate.stereotype.inferiority': 'hate.stereotype.criminality',
    'hate.violence.call': 'hate.violence.glorification',
    none: 'hate.stereotype',
  };
  const lines: string[] = [];
  for (let i = 0; i < 40; i++) {
    const truth = truths[i % truths.length] as string;
    ANNOTATORS.forEach((a, j) => {
      const verdict = (i + j) % (3 + j) === 0 && j > 0 ? (confusedWith[truth] as string) : truth;
      const answers: Record<string, AnswerValue> = { verdict };
      if (verdict !== 'none') answers.target = [j === 2 && i % 3 === 0 ? 'target.national-origin' : 'target.race-ethnicity'];
      lines.push(JSON.stringify({ item: { id: `hs-${i}`, text: `Hate speech sample ${i}` }, annotator: a, answers }));
    });
  }
  return `${lines.join('\n')}\n`;
}

beforeAll(async () => {
  registry = await startTestRegistry({ defaultQuorum: 0 });
  browsing = new Browsing(registry.url);
  tmp = tempDir('rubric-quality-catalog-');
  const versions = [
    { version: '1.0.0' },
    { version: '1.0.1', scope: 'A small set used by the quality tests.', changelog: ['1.0.1', '1.0.0'] },
    { version: '1.1.0', scope: 'A small set used by the quality tests.', deprecateThreat: '1.1.0', changelog: ['1.1.0', '1.0.1', '1.0.0'] },
  ];
  for (const [k, v] of versions.entries()) {
    const dir = writeSampleSet(join(tmp.dir, `v${k}`), { id: 'sample', ...v });
    if (v.version === '1.1.0') sample110 = dir;
    await publish(dir);
    await postAnnotations('sample', v.version, sampleRecords(dir, k));
  }
  // A fourth version, published and never measured.
  await publish(writeSampleSet(join(tmp.dir, 'v3'), { id: 'sample', version: '1.1.1', scope: 'A small set used by the quality tests.', deprecateThreat: '1.1.0', changelog: ['1.1.1', '1.1.0', '1.0.1', '1.0.0'] }));
  await publish(join(ROOT, 'guidelines', 'hate-speech'));
  await postAnnotations('hate-speech', '2.0.0', hateSpeechRecords());
  const hostile = join(tmp.dir, 'hostile', 'hostile-catalog');
  cpSync(HOSTILE_SET, hostile, { recursive: true });
  await publish(hostile);
  await postAnnotations('hostile-catalog', '1.0.0', readFileSync(HOSTILE_ANNOTATIONS, 'utf8'));
});

afterAll(async () => {
  await browsing?.close();
  await registry?.close();
  tmp?.cleanup();
});

const getPage = (path: string) => getCatalogPage(registry.url, path);

const PAGES: [string, string, number][] = [
  ['set', '/sets/sample/quality', 200],
  ['version', '/sets/sample/1.1.0/quality', 200],
  ['first-version', '/sets/sample/1.0.0/quality', 200],
  ['hate-speech', '/sets/hate-speech/2.0.0/quality', 200],
  ['hate-speech-set', '/sets/hate-speech/quality', 200],
  ['hostile', '/sets/hostile-catalog/1.0.0/quality', 200],
  ['hostile-set', '/sets/hostile-catalog/quality', 200],
  ['not-measured', '/sets/sample/1.1.1/quality', 404],
  ['no-set', '/sets/no-such-set/quality', 404],
  ['bad-version', '/sets/sample/1.0.0%22%3E%3Cscript%3E/quality', 404],
  ['query', '/sets/sample/quality?x=%3Cscript%3E', 400],
];

/** The alpha of a question of a stored report. */
function alphaOf(key: string, question: string): number {
  const q = reports.get(key)?.questions.find((x) => x.id === question);
  if (!q?.alpha) throw new Error(`${key} has no alpha for ${question}`);
  return q.alpha.value;
}

describe('quality pages over HTTP', () => {
  it.each(PAGES)('%s (%s) answers %i with HTML, a strict CSP and a fresh nonce', async (_name, path, status) => {
    const a = await getPage(path);
    expect(a.status).toBe(status);
    expectStrictHtml(a, await getPage(path));
  });

  it('the data was measured as designed: agreement on verdict improves from version to version', () => {
    const alphas = ['1.0.0', '1.0.1', '1.1.0'].map((v) => alphaOf(`sample@${v}`, 'verdict'));
    expect(alphas[0]).toBeLessThan(alphas[1] as number);
    expect(alphas[1]).toBeLessThan(alphas[2] as number);
    expect(reports.get('sample@1.1.0')?.compare?.previous.version).toBe('1.0.1');
  });

  it('the version page shows the report\'s figures: alpha, label bars, the heat map, annotators and case studies', async () => {
    const report = reports.get('sample@1.1.0') as QualityReport;
    const html = (await getPage('/sets/sample/1.1.0/quality')).html;
    const verdict = report.questions.find((q) => q.id === 'verdict')!;
    expect(html).toContain(`alpha <span class="alpha band-${verdict.alpha!.value >= 0.8 ? 'reliable' : verdict.alpha!.value >= 0.667 ? 'tentative' : 'low'}">${verdict.alpha!.value.toFixed(3)}</span>`);
    expect(html).toContain('Compared with <a href="/sets/sample/1.0.1/quality">1.0.1</a>');
    // One bar per label of each single and multi question.
    const labels = report.questions.filter((q) => q.type === 'single' || q.type === 'multi').reduce((n, q) => n + q.labels.length, 0);
    expect(html.match(/<svg class="chart alpha-bar"/g)).toHaveLength(labels);
    // The heat map has both cells of each confused pair, with the pair's count and share in its title.
    const top = verdict.confusions[0]!;
    expect(top).toBeDefined();
    expect(html).toContain(`<title>${top.labels[0]} and ${top.labels[1]}: confused by ${top.count} annotator pair${top.count === 1 ? '' : 's'}, ${Math.round(top.share * 100)}% of the disagreements on verdict${top.sibling ? ' (siblings: same parent)' : ''}</title>`);
    const cells = report.questions.reduce((n, q) => n + q.confusions.filter((c) => c.count > 0).length * 2, 0);
    expect(html.match(/<g class="heat-cell/g)).toHaveLength(cells);
    // Gold accuracy and agreement bars, one per annotator.
    expect(html.match(/<g class="bar-row">/g)).toHaveLength(ANNOTATORS.length * 2);
    expect(html.match(/<article class="case">/g)?.length).toBeGreaterThanOrEqual(Math.min(20, report.disagreements.length));
    expect(report.disagreements.length).toBeGreaterThan(0);
  });

  it('the set page charts each question and label across the measured versions', async () => {
    const html = (await getPage('/sets/sample/quality')).html;
    // verdict and target have an agreement; rationale (text) has none.
    expect(html.match(/<svg class="chart trend-chart"/g)).toHaveLength(2);
    expect(html).toContain('3 of 4 versions measured');
    // abuse.insult has a point per measured version.
    const card = /<article class="label-trend">\n<header><code>abuse\.insult<\/code>[\s\S]*?<\/article>/.exec(html)?.[0] ?? '';
    expect(card.match(/<circle /g)).toHaveLength(3);
    expect(html).toContain('<a href="/sets/sample/1.1.0/quality"><code>1.1.0</code></a>');
    expect(html).toContain('<td><code>1.1.1</code></td>');
    expect(html).toContain('not measured');
  });

  it('is linked from the set page and the version page, and `latest` redirects', async () => {
    const set = (await getPage('/sets/sample')).html;
    expect(set).toContain('<a class="button" href="/sets/sample/quality">Labeling quality across versions</a>');
    expect(set).toContain(`<a href="/sets/sample/1.1.0/quality"><code>verdict</code> alpha`);
    const version = (await getPage('/sets/sample/1.1.0')).html;
    expect(version).toContain('<a href="/sets/sample/1.1.0/quality">the report</a>');
    expect((await getPage('/sets/sample/1.1.1')).html).not.toContain('Labeling quality of this version');
    const latest = await getPage('/sets/sample/latest/quality');
    expect(latest.status).toBe(302);
    expect(latest.headers.get('location')).toBe('/sets/sample/1.1.1/quality');
  });

  it('shows hostile texts, names and ids as text: escaped, bidi controls visible, nothing parsed as markup', async () => {
    const html = (await getPage('/sets/hostile-catalog/1.0.0/quality')).html;
    expect(html).toContain('&lt;script&gt;window.__pwned = &#39;case-text&#39;&lt;/script&gt; plain text after');
    expect(html).toContain(']]&gt;&lt;/text&gt;&lt;/svg&gt;&lt;script&gt;');
    expect(html).toContain('&lt;img src=x onerror=&quot;window.__pwned=&#39;annotator&#39;&quot;&gt;');
    expect(html).toContain('⟨U+202E⟩');
    expect(html).not.toContain('\u202e');
    // The 5,000-character word, cut to the report's 2,000 characters; the page wraps it (CSS) rather than widening.
    expect(html).toContain(`${'W'.repeat(1999)}…`);
    // The records that could not be used, with their hostile messages escaped.
    expect(html).toContain('Records not used');
    expect(html).toContain('&lt;script&gt;window.__pwned=&#39;question&#39;&lt;/script&gt;');
    expect(html).not.toMatch(/<(?:script|img|svg onload|a href="javascript)|<style(?! nonce=")/i);
  });
});

describe('quality pages in Chromium', () => {
  it.each(PAGES)('%s (%s) loads cleanly: no console error, no request elsewhere, nothing runs', async (name, path, status) => {
    const v = await browsing.visit(path);
    try {
      expect(v.status).toBe(status);
      await browsing.expectClean(v, status);
      if (['set', 'version', 'hate-speech', 'hostile'].includes(name)) await screenshot(v.page, `quality-${name}`, true);
      // Sections of the long version pages, at full size.
      if (name === 'version') for (const [selector, part] of [['#question-verdict', 'verdict'], ['#annotators', 'annotators'], ['#case-studies .case', 'case']]) await sectionScreenshot(v.page, selector as string, `quality-version-${part}`);
      if (name === 'hostile') for (const [selector, part] of [['#annotators', 'annotators'], ['#case-studies', 'cases'], ['#records-not-used', 'problems']]) await sectionScreenshot(v.page, selector as string, `quality-hostile-${part}`);
    } finally {
      await v.page.context().close();
    }
  });

  it('the charts draw where they should: in the page width, every mark inside its chart, the heat map square', async () => {
    const v = await browsing.visit('/sets/hate-speech/2.0.0/quality', { width: 1100 });
    try {
      const boxes = await v.page.evaluate(() => {
        const main = (document.querySelector('.catalog-main') as Element).getBoundingClientRect();
        const charts = [...document.querySelectorAll('svg.chart')].map((svg) => {
          const r = svg.getBoundingClientRect();
          const outside = [...svg.querySelectorAll('circle, rect:not(.zone)')].filter((el) => {
            const b = el.getBoundingClientRect();
            return b.left < r.left - 1 || b.right > r.right + 1 || b.top < r.top - 1 || b.bottom > r.bottom + 1;
          }).length;
          return { cls: svg.getAttribute('class'), width: r.width, height: r.height, outside };
        });
        const heat = document.querySelector('svg.heat-map .heat-frame')?.getBoundingClientRect();
        return { mainRight: main.right, widest: Math.max(...[...document.querySelectorAll('.chart-wrap, .heat-wrap')].map((w) => w.getBoundingClientRect().right)), charts, heat: heat ? { w: heat.width, h: heat.height } : null };
      });
      expect(boxes.charts.length).toBeGreaterThan(10);
      expect(boxes.charts.filter((c) => c.outside > 0)).toEqual([]);
      expect(boxes.widest).toBeLessThanOrEqual(boxes.mainRight + 1);
      expect(boxes.heat).not.toBeNull();
      expect(Math.abs(boxes.heat!.w - boxes.heat!.h)).toBeLessThan(1);
      await sectionScreenshot(v.page, '#question-verdict .heat-wrap', 'quality-hate-speech-heat-map');
    } finally {
      await v.page.context().close();
    }
  });

  it('dark mode: the charts follow the palette', async () => {
    const v = await browsing.visit('/sets/sample/quality', { colorScheme: 'dark' });
    try {
      await browsing.expectClean(v);
      const fill = await v.page.evaluate(() => getComputedStyle(document.querySelector('svg.chart text') as Element).fill);
      expect(fill).not.toBe('rgb(31, 35, 40)');
      await screenshot(v.page, 'quality-set-dark', true);
    } finally {
      await v.page.context().close();
    }
  });

  it('follows links from the set page to the quality pages and back', async () => {
    const v = await browsing.visit('/sets/sample');
    try {
      await v.page.click('a[href="/sets/sample/quality"]');
      expect(await v.page.textContent('h1')).toContain('Labeling quality');
      await v.page.click('a[href="/sets/sample/1.0.1/quality"]');
      expect(await v.page.textContent('h1')).toBe('Labeling quality of sample 1.0.1');
      await v.page.click('.catalog-main a[href="/sets/sample/1.0.1"]');
      expect(new URL(v.page.url()).pathname).toBe('/sets/sample/1.0.1');
      await browsing.expectClean(v);
    } finally {
      await v.page.context().close();
    }
  });
});

describe('the editor reads the registry', () => {
  it('the language service takes each label\'s figures and trend from GET …/quality: the code lens shows the report\'s alpha and its change', async () => {
    const uri = (file: string): string => `file:///repo/guidelines/sample/${file}`;
    const workspace = createMemoryWorkspace({ [uri('guideline.md')]: readFileSync(join(sample110, 'guideline.md'), 'utf8'), [uri('schema.json')]: readFileSync(join(sample110, 'schema.json'), 'utf8') });
    const service = createLanguageService({ workspace, quality: {} });
    try {
      service.configureQuality({ registryUrl: registry.url });
      service.codeLenses(uri('guideline.md'));
      await service.qualityIdle();
      const lenses = service.codeLenses(uri('guideline.md')).filter((l) => l.command?.command === 'rubric.caseStudies.show');
      const report = reports.get('sample@1.1.0') as QualityReport;
      const insult = report.questions.find((q) => q.id === 'verdict')!.labels.find((l) => l.id === 'abuse.insult')!;
      const delta = report.compare!.labels.find((l) => l.id === 'abuse.insult')!.alpha.delta!;
      const title = lenses.map((l) => l.command!.title).find((t) => t.startsWith(`α ${insult.alpha!.toFixed(2)}`));
      expect(title, JSON.stringify(lenses.map((l) => l.command?.title))).toContain(`${delta >= 0 ? '▲' : '▼'}${Math.abs(delta).toFixed(2)} since 1.0.1`);
    } finally {
      service.dispose();
    }
  });
});
