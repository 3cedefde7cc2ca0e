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
import { answerOf, expectHandFigures } from './disagreement.js';
import { answerControl, outlineConfig, type ConfigOutline, type Drive } from './drive.js';
import { openEditor, startLabelStudioServer, type EditorPage, type LabelStudioResultItem, type LabelStudioServer } from './harness.js';

/** Label Studio users: id and email, as its export names them (`completed_by` is the id); the second and third disagree on purpose (disagreement.ts). */
const LABELERS = [
  { id: 11, email: 'ann@example.com' },
  { id: 12, email: 'bo@example.com' },
  { id: 13, email: 'cy@example.com' },
] as const;

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
    for (const [n, user] of LABELERS.entries()) {
      const mine = answerOf(n, example, expected);
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

/** The report of these annotations: the figures worked out by hand (disagreement.ts), records and case studies. */
function expectFigures(report: QualityReport): void {
  // 24 answers; the 8 ground truths the gold import left and 1 skipped annotation are not read.
  expect(report.records).toEqual({ read: 24, used: 24, invalid: 0, duplicates: 0, skipped: 9, withoutAnnotator: 0 });
  // Label Studio's export names each labeler by user id.
  expectHandFigures(report, ['11', '12', '13']);
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
    expectFigures(cliReport);
  });

  it('the registry measures the same export posted to the version: the same figures, the same report', async () => {
    const published = await rubricAsync(['publish', setDir, '--registry', registry.url, '--token', registry.adminToken], tmp.dir);
    expect(published.code, published.stderr).toBe(0);
    const posted = await fetch(`${registry.url}/v1/sets/clean-set/versions/1.0.0/quality`, { method: 'POST', headers: { Authorization: `Bearer ${registry.adminToken}`, 'Content-Type': 'application/json' }, body: readFileSync(exportFile) });
    expect(posted.status, await posted.clone().text()).toBe(201);
    expect(await posted.json()).toMatchObject({ records: { read: 24, used: 24, skipped: 9 }, annotators: 3, problems: [] });
    const report = (await (await fetch(`${registry.url}/v1/sets/clean-set/versions/1.0.0/quality`)).json()) as QualityReport;
    expectFigures(report);
    expect(report).toEqual(cliReport);
  });
});
