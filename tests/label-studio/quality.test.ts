/**
 * Labeling quality from real data: three labelers answer every example of a
 * small set in the real Label Studio 1.4.0 editor by clicks (its exported
 * config, the gold tasks' texts). The first answers as the examples say; the
 * second and third disagree on purpose on a few items. Their annotations are
 * exported the way Label Studio's JSON export writes them (tasks with
 * `annotations[]`, `completed_by` user ids, the ground truth the gold import
 * left, a skipped annotation), then measured by `rubric quality` (the built
 * CLI) and by the registry (POST …/quality), and the figures are held to
 * values worked out by hand below; the CLI's report and the registry's are
 * the same report.
 */
// Functions passed to page.evaluate run in the browser: they need the DOM types.
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNodeHost, loadSet, type GuidelineSet } from '@rubric/core';
import * as api from '@rubric/exporters';
import type { QualityReport } from '@rubric/quality/read';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { tempDir } from '../support/cli.js';
import { rubricAsync, startTestRegistry, writeSampleSet, type TestRegistry } from '../registry/helpers.js';
import { chainSteps } from './answers.js';
import { answerControl, outlineConfig, type ConfigOutline, type Drive } from './drive.js';
import { openEditor, startLabelStudioServer, type EditorPage, type LabelStudioResultItem, type LabelStudioServer } from './harness.js';

/** Label Studio users: id and email, as its export names them (`completed_by` is the id). */
const LABELERS = [
  { id: 11, email: 'ann@example.com' },
  { id: 12, email: 'bo@example.com' },
  { id: 13, email: 'cy@example.com' },
] as const;

/** Where labelers 12 and 13 answer otherwise than the example (the rest they answer as it says). */
const DISAGREE: Record<number, Record<string, { verdict: string; target?: string[] }>> = {
  12: { 'example-5': { verdict: 'abuse.insult', target: ['target.group'] }, 'example-6': { verdict: 'abuse.threat', target: ['target.person'] } },
  13: { 'example-1': { verdict: 'none' }, 'example-5': { verdict: 'abuse.insult', target: ['target.group'] } },
};

let server: LabelStudioServer;
let browser: Browser;
let editor: EditorPage;
let outline: ConfigOutline;
let set: GuidelineSet;
let setDir: string;
let tmp: { dir: string; cleanup: () => void };
let exportFile: string;
let registry: TestRegistry;

/** One labeler's answer to a gold task, by clicks: the verdict's chain of choices, then the targets. */
async function answer(text: string, verdict: string, target: string[] | undefined): Promise<LabelStudioResultItem[]> {
  const report = await editor.boot({ [api.LS_TEXT_FIELD]: text });
  expect(report.rendered).toBe(true);
  const drive: Drive = { clicked: [], viaStore: [] };
  const verdictQ = set.schema!.questionsById.get('verdict')!;
  for (const step of chainSteps(outline, set, verdictQ, [verdict])) await answerControl(editor.page, step.control, { kind: 'choices', ids: [step.id] }, drive);
  if (target) {
    const control = outline.controls.find((c) => c.name === 'target')!;
    await answerControl(editor.page, control, { kind: 'choices', ids: target }, drive);
  }
  expect(drive.viaStore).toEqual([]);
  return editor.submit();
}

beforeAll(async () => {
  tmp = tempDir('rubric-ls-quality-');
  // The clean-set fixture, approved so the registry publishes it.
  setDir = writeSampleSet(tmp.dir, { id: 'clean-set', version: '1.0.0' });
  set = loadSet(setDir, createNodeHost());
  const meta = api.exportMetaOf(set);
  const config = api.labelStudioConfig(set, meta);
  server = await startLabelStudioServer();
  browser = (await launchBrowser()).browser;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  editor = await openEditor(context, server.origin, config);
  outline = await outlineConfig(editor.page, config);

  // Label Studio's JSON export of the project: the gold tasks as imported (each with its ground truth), annotated by three users.
  const gold = api.goldTasks(set, meta);
  let annotationId = 100;
  const tasks = [];
  for (const [i, task] of gold.labelStudio.entries()) {
    // The neutral gold task of the same example: its id (the task's data.rubric.example), text and answers.
    const { item, answers: expected } = gold.neutral[i]!;
    const example = item.id;
    const annotations = [];
    for (const user of LABELERS) {
      const mine = DISAGREE[user.id]?.[example] ?? { verdict: expected.verdict as string, ...(expected.target ? { target: expected.target as string[] } : {}) };
      const result = await answer(item.text, mine.verdict, mine.target);
      annotations.push({ id: ++annotationId, completed_by: user.id, result, was_cancelled: false, ground_truth: false, created_at: '2026-12-01T10:00:00.000000Z', updated_at: '2026-12-01T10:00:00.000000Z', lead_time: 12.5, task: i + 1, project: 3, updated_by: user.id, prediction: {}, result_count: 0, last_action: null, parent_prediction: null, parent_annotation: null });
    }
    // The ground truth the gold import created, and (once) an annotation a labeler skipped: neither is a labeler's answer.
    annotations.push({ ...task.annotations[0]!, id: ++annotationId, completed_by: 1, task: i + 1, project: 3 });
    if (i === 0) annotations.push({ id: ++annotationId, completed_by: 13, result: [], was_cancelled: true, ground_truth: false, task: 1, project: 3 });
    tasks.push({ id: i + 1, data: task.data, annotations, predictions: [], drafts: [], meta: {}, total_annotations: annotations.length, cancelled_annotations: i === 0 ? 1 : 0, project: 3, inner_id: i + 1 });
  }
  exportFile = join(tmp.dir, 'project-3-export.json');
  writeFileSync(exportFile, JSON.stringify(tasks, null, 2));
  registry = await startTestRegistry({ defaultQuorum: 0 });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await registry?.close();
  tmp?.cleanup();
});

/**
 * The figures by hand. Verdict values per item (ann, bo, cy):
 *   ex1 insult insult none · ex2 none×3 · ex3 insult×3 · ex4 none×3 · ex5 threat insult insult
 *   ex6 none threat none · ex7 insult×3 · ex8 insult×3
 * Coincidences (each ordered pair within an item, over m − 1 = 2): o(insult,insult) = 11,
 * o(none,none) = 7, o(insult,none) = o(insult,threat) = o(none,threat) = 1 each way;
 * n(insult) = 13, n(none) = 9, n(threat) = 2, n = 24.
 *   D_o = 6/24, D_e = 2·(13·9 + 13·2 + 9·2)/(24·23) = 322/552, alpha = 1 − (6/24)/(322/552) = 4/7.
 *   Percent agreement: 36 of 48 ordered pairs = 0.75.
 *   Fleiss: P̄ = 6/8, P_e = (13² + 9² + 2²)/24² = 254/576, kappa = (432 − 254)/(576 − 254) = 89/161.
 *   abuse.insult (chose it or not, 1/0): o(1,1) = 11, o(0,0) = 9, o(1,0) = o(0,1) = 2; n1 = 13, n0 = 11:
 *   D_o = 4/24, D_e = 2·13·11/(24·23), alpha = 1 − (4/24)/(286/552) = 97/143.
 *   Confusions: {insult, none} ex1 twice, {insult, threat} ex5 twice (siblings), {none, threat} ex6 twice: a third each.
 * Target (MASI): every item answered by two or more agrees (ex6's one target has no partner): alpha 1.
 * Gold: 8 verdicts and 5 targets per labeler (examples 1, 3, 5, 7, 8 answer target) = 13 answers.
 *   ann 13/13; bo misses the verdicts of ex5 and ex6: 11/13; cy misses ex1 (verdict, and target left
 *   unanswered counts as wrong) and ex5's verdict: 10/13. Verdict over gold: 20 of 24 right.
 * Records: 24 read and used; 8 ground truths and 1 skipped annotation left out.
 */
function expectHandFigures(report: QualityReport): void {
  expect(report.records).toEqual({ read: 24, used: 24, invalid: 0, duplicates: 0, skipped: 9, withoutAnnotator: 0 });
  const verdict = report.questions.find((q) => q.id === 'verdict')!;
  expect(verdict).toMatchObject({ items: 8, pairable: 8, annotations: 24, annotators: 3 });
  expect(verdict.alpha!.value).toBeCloseTo(4 / 7, 12);
  expect(verdict.percentAgreement).toBeCloseTo(0.75, 12);
  expect(verdict.fleissKappa).toBeCloseTo(89 / 161, 12);
  expect(verdict.labels.find((l) => l.id === 'abuse.insult')!.alpha).toBeCloseTo(97 / 143, 12);
  expect(verdict.confusions.map((c) => [c.labels, c.count, c.sibling])).toEqual([
    [['abuse.insult', 'abuse.threat'], 2, true],
    [['abuse.insult', 'none'], 2, false],
    [['abuse.threat', 'none'], 2, false],
  ]);
  for (const c of verdict.confusions) expect(c.share).toBeCloseTo(1 / 3, 12);
  expect(verdict.gold!.items).toBe(8);
  expect(verdict.gold!.accuracy).toBeCloseTo(20 / 24, 12);
  expect(report.questions.find((q) => q.id === 'target')!.alpha!.value).toBe(1);
  const byId = new Map(report.annotators.map((a) => [a.id, a]));
  expect([...byId.keys()].sort()).toEqual(['11', '12', '13']);
  expect(byId.get('11')).toMatchObject({ annotations: 8, goldAnswers: 13, goldAccuracy: 1 });
  expect(byId.get('12')!.goldAccuracy).toBeCloseTo(11 / 13, 12);
  expect(byId.get('13')!.goldAccuracy).toBeCloseTo(10 / 13, 12);
  // The most disagreed items are the three the labelers disagreed on, with their texts.
  expect(report.disagreements.filter((d) => d.question === 'verdict').map((d) => d.item).sort()).toEqual(['example-1', 'example-5', 'example-6']);
  expect(report.disagreements.find((d) => d.item === 'example-6')).toMatchObject({ text: 'I will beat you at chess tomorrow.', answers: { '11': 'none', '12': 'abuse.threat', '13': 'none' }, gold: 'none' });
}

describe('quality of annotations made in the real Label Studio editor', () => {
  let cliReport: QualityReport;

  it('rubric quality measures the Label Studio export: the figures worked out by hand', async () => {
    const out = join(tmp.dir, 'report.json');
    const r = await rubricAsync(['quality', setDir, '--annotations', exportFile, '--format', 'json', '-o', out], tmp.dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('24 records used, 0 invalid, 0 duplicates');
    cliReport = JSON.parse(readFileSync(out, 'utf8')) as QualityReport;
    expectHandFigures(cliReport);
  });

  it('the registry measures the same export posted to the version: the same figures, the same report', async () => {
    const published = await rubricAsync(['publish', setDir, '--registry', registry.url, '--token', registry.adminToken], tmp.dir);
    expect(published.code, published.stderr).toBe(0);
    const posted = await fetch(`${registry.url}/v1/sets/clean-set/versions/1.0.0/quality`, { method: 'POST', headers: { Authorization: `Bearer ${registry.adminToken}`, 'Content-Type': 'application/json' }, body: readFileSync(exportFile) });
    expect(posted.status, await posted.clone().text()).toBe(201);
    expect(await posted.json()).toMatchObject({ records: { read: 24, used: 24, skipped: 9 }, annotators: 3, problems: [] });
    const report = (await (await fetch(`${registry.url}/v1/sets/clean-set/versions/1.0.0/quality`)).json()) as QualityReport;
    expectHandFigures(report);
    expect(report).toEqual(cliReport);
  });
});
