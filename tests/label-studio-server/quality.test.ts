/**
 * Labeling quality pulled from the real Label Studio server: a small set is
 * delivered to a project by the registry's label-studio target, the team's
 * work comes in (the examples' texts with three labelers' annotations, two of
 * them disagreeing on purpose, imported under their own Label Studio users),
 * and the registry pulls the project's annotations through Label Studio's
 * export API and measures them: on request (POST …/quality:pull, a token
 * with the quality scope), again with nothing changed (nothing stored), and
 * on its schedule after a minor version and more work (one report for the new
 * version, compared with the first). Label Studio down is a 502 and a failed
 * round, never a stored report. The figures are the ones worked out by hand in
 * tests/label-studio/disagreement.ts for the same answers.
 */
import { createNodeHost, loadSet, type GuidelineSet } from '@rubric/core';
import * as api from '@rubric/exporters';
import type { QualityReport } from '@rubric/quality/read';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient, flakyProxy, LABELERS, signUpLabelers, startLsRegistry, waitFor, type LsRegistry } from './support/label-studio.js';
import { publish, setsDir, smallSetVersions } from './support/sets.js';
import { answerOf, expectHandFigures } from '../label-studio/disagreement.js';

const SET = 'ls-quality';
const TARGET = 'studio';
const client = adminClient();

let reg: LsRegistry;
let ops: string;
let projectId: number;
let dirs: ReturnType<typeof smallSetVersions>;
let userIds: number[];

/** Label Studio tasks of a set's examples, each annotated by the three labelers (their own users), not as ground truth. */
function work(set: GuidelineSet, version: string, disagree: boolean, idSuffix = ''): unknown[] {
  const layout = api.labelStudioLayout(api.setTree(set));
  return api.goldTasks(set).neutral.map(({ item, answers }) => ({
    data: { [api.LS_TEXT_FIELD]: item.text, rubric: { set: SET, version, example: `${item.id}${idSuffix}` } },
    annotations: LABELERS.map((_, i) => {
      const mine = answerOf(disagree ? i : 0, item.id, answers);
      const given = { verdict: mine.verdict, ...(mine.target ? { target: mine.target } : {}) };
      return { completed_by: userIds[i], ground_truth: false, result: api.toLabelStudioResult(layout, given) };
    }),
  }));
}

const pull = (query = '', token = ops) => reg.request('POST', `/v1/sets/${SET}/targets/${TARGET}/quality:pull${query}`, undefined, token);

beforeAll(async () => {
  reg = await startLsRegistry();
  await signUpLabelers();
  const users = await client.listUsers();
  userIds = LABELERS.map((l) => users.find((u) => u.email === l.email)!.id);
  ops = (await reg.request('POST', '/v1/tokens', { name: 'labeling-ops', role: 'reader', sets: [SET], scopes: ['quality'] })).json.token;
  dirs = smallSetVersions(setsDir(), SET);
  const put = await reg.request('PUT', `/v1/sets/${SET}/targets/${TARGET}`, { kind: 'label-studio', url: client.url, projectId: 'create', secretEnv: 'RUBRIC_TARGET_LS' });
  expect(put.status, put.text).toBe(201);
  await publish(reg, dirs.v100);
  const delivery = await waitFor('the delivery of 1.0.0', async () => (await reg.request('GET', `/v1/sets/${SET}/deliveries`)).json.deliveries.find((d: { status: string }) => d.status !== 'pending'), 120_000);
  expect(delivery).toMatchObject({ status: 'delivered' });
  projectId = delivery.detail.projectId;
  const imported = await client.importTasks(projectId, work(loadSet(dirs.v100, createNodeHost()), '1.0.0', true));
  expect(imported).toMatchObject({ task_count: 8, annotation_count: 24 });
});

afterAll(async () => {
  await reg?.close();
});

describe('quality pulled from a Label Studio target', () => {
  it('on request: the project\'s annotations measured as a report of the version they were made under, with the figures worked out by hand', async () => {
    const res = await pull();
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ setId: SET, targetId: TARGET, pulled: { projects: [projectId], invalid: 0 }, unchanged: [], refused: [], unknownVersions: {} });
    // The 8 gold tasks the delivery imported are ground truth: the pull leaves them out.
    expect(res.json.pulled.records).toBe(24);
    expect(res.json.reports).toHaveLength(1);
    expect(res.json.reports[0]).toMatchObject({ version: '1.0.0', uploadedBy: 'labeling-ops', source: { kind: 'label-studio', targetId: TARGET }, records: { read: 24, used: 24, invalid: 0 }, annotators: 3 });

    const report = (await reg.request('GET', `/v1/sets/${SET}/versions/1.0.0/quality`)).json as QualityReport;
    // The pull names labelers by their Label Studio email.
    expectHandFigures(report, LABELERS.map((l) => l.email) as [string, string, string]);
  });

  it('again with nothing changed: nothing stored; forced: a new report', async () => {
    const first = (await reg.request('GET', `/v1/sets/${SET}/versions/1.0.0/quality/reports`)).json.reports;
    const again = await pull();
    expect(again.json).toMatchObject({ reports: [], unchanged: [{ version: '1.0.0', reportId: first[0].id }] });
    expect((await reg.request('GET', `/v1/sets/${SET}/versions/1.0.0/quality/reports`)).json.reports).toHaveLength(first.length);
    const forced = await pull('?force=true');
    expect(forced.json.reports.map((r: { version: string }) => r.version)).toEqual(['1.0.0']);
  });

  it('needs the quality scope: an approver may read the annotations but not store figures', async () => {
    const approver = (await reg.request('POST', '/v1/tokens', { name: 'approver', role: 'approver', sets: [SET] })).json.token;
    expect((await reg.request('GET', `/v1/sets/${SET}/targets/${TARGET}/annotations`, undefined, approver)).status).toBe(200);
    const refused = await pull('', approver);
    expect(refused.json).toMatchObject({ status: 403, code: 'forbidden', detail: expect.stringContaining('Scope quality needed') });
  });

  it('on the schedule: after a minor version and more work, one report for the new version, compared with the first; the first left as it was', async () => {
    await publish(reg, dirs.v110);
    await waitFor('the delivery of 1.1.0', async () => (await reg.request('GET', `/v1/sets/${SET}/deliveries?version=1.1.0`)).json.deliveries.find((d: { status: string }) => d.status === 'delivered'), 120_000);
    // The same project (a minor version), new work made under 1.1.0: everyone agrees this time.
    const imported = await client.importTasks(projectId, work(loadSet(dirs.v110, createNodeHost()), '1.1.0', false, '-again'));
    expect(imported).toMatchObject({ task_count: 8, annotation_count: 24 });
    const outcomes = await reg.running.qualityPuller.runOnce();
    expect(outcomes).toEqual([{ setId: SET, targetId: TARGET, stored: ['1.1.0'], unchanged: ['1.0.0'] }]);
    const report = (await reg.request('GET', `/v1/sets/${SET}/versions/1.1.0/quality`)).json as QualityReport;
    expect(report.records).toMatchObject({ read: 24, used: 24 });
    expect(report.questions.find((q) => q.id === 'verdict')!.alpha!.value).toBe(1);
    expect(report.compare?.previous.version).toBe('1.0.0');
    expect(report.compare?.questions.find((q) => q.id === 'verdict')!.alpha.delta).toBeCloseTo(1 - 4 / 7, 12);
    const history = (await reg.request('GET', `/v1/sets/${SET}/quality`)).json;
    expect(history.versions.map((v: { version: string; report: { source: unknown } }) => [v.version, v.report.source])).toEqual([
      ['1.0.0', { kind: 'label-studio', targetId: TARGET }],
      ['1.1.0', { kind: 'label-studio', targetId: TARGET }],
    ]);
    const audit = (await reg.request('GET', '/v1/audit?limit=1000')).json.entries.filter((e: { action: string }) => e.action === 'quality.report');
    expect(audit.at(-1)).toMatchObject({ actor: 'system', version: '1.1.0', detail: { source: { kind: 'label-studio', targetId: TARGET } } });
  });

  it('Label Studio down: the pull is a 502 and the round a logged failure, nothing stored; back up, it pulls again', async () => {
    const proxy = await flakyProxy();
    const put = await reg.request('PUT', `/v1/sets/${SET}/targets/via-proxy`, { kind: 'label-studio', url: proxy.url, projectId, secretEnv: 'RUBRIC_TARGET_LS' });
    expect(put.status, put.text).toBe(201);
    await proxy.stop();
    try {
      const down = await reg.request('POST', `/v1/sets/${SET}/targets/via-proxy/quality:pull`, undefined, ops);
      expect(down.json).toMatchObject({ status: 502, code: 'label-studio-failed', labelStudio: { kind: 'unreachable' } });
      const round = await reg.running.qualityPuller.runOnce();
      expect(round.find((o) => o.targetId === 'via-proxy')).toMatchObject({ stored: [], error: expect.stringContaining('label-studio-failed') });
      expect(round.find((o) => o.targetId === TARGET)).toMatchObject({ stored: [], unchanged: ['1.0.0', '1.1.0'] });
    } finally {
      await proxy.start();
    }
    const up = await reg.request('POST', `/v1/sets/${SET}/targets/via-proxy/quality:pull`, undefined, ops);
    expect(up.status, up.text).toBe(200);
    // Another target's reports: measured anew, not "unchanged" (that is per target).
    expect(up.json.reports.map((r: { version: string }) => r.version)).toEqual(['1.0.0', '1.1.0']);
  });
});
