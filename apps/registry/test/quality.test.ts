/**
 * Labeling quality in the registry over real HTTP, on SQLite and PostgreSQL:
 * annotations posted to a published version are measured on a worker thread
 * (the built dist/quality/worker.js: the test task builds first) and stored;
 * the version's latest report is read back byte for byte with its ETag; a
 * later version's report is compared with the earlier one through the
 * migration map (a renamed label keeps its history, also in the history over
 * time); Label Studio exports, per-record errors and refusals (scope, media
 * type, shapes, limits, pending versions, nothing usable) as problem+json,
 * each with nothing stored. The figures asserted are computed by hand in the
 * comments.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bundle } from '@rubric/core';
import { forEachStore, queryRaw } from './support/stores.js';
import { guidelineBundle, startTestRegistry, variant, type TestRegistry } from './support/http.js';
import { MAX_RECORD_BYTES } from '../src/annotations.js';
import { QualityService, qualityLimits, type PulledItem } from '../src/quality/service.js';
import { DEFAULT_CONFIG } from '../src/config.js';
import { silentLogger } from '../src/logger.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import { createServer as createNetServer } from 'node:net';

const SET = 'quality-set';

/** A neutral record of the hate-speech schema (a hate verdict brings its required target). */
function rec(item: string, annotator: string | undefined, verdict: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { item: { id: item, text: `text of ${item}` }, ...(annotator !== undefined ? { annotator } : {}), answers: { verdict, ...(verdict === 'none' ? {} : { target: ['target.religion'] }) }, ...extra };
}

/** The edit of a major version that renames hate.slur to hate.insult (the schema says so with renamedFrom). */
function renameSlur(files: Record<string, string>): void {
  files['guideline.md'] = (files['guideline.md'] as string).replaceAll('hate.slur', 'hate.insult');
  const schema = JSON.parse((files['schema.json'] as string).replaceAll('"hate.slur"', '"hate.insult"')) as { questions: { options?: { id: string; renamedFrom?: string }[] }[] };
  const label = schema.questions[0]?.options?.find((o) => o.id === 'hate.insult');
  if (!label) throw new Error('hate-speech has no hate.slur to rename');
  label.renamedFrom = 'hate.slur';
  files['schema.json'] = `${JSON.stringify(schema, null, 2)}\n`;
}

const jsonl = (records: unknown[]): string => records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n');

/**
 * Two annotators, four items, verdict only:
 *   i1 none/none, i2 none/none, i3 slur/slur, i4 none/slur.
 * Coincidences: o(none,none) = 4, o(slur,slur) = 2, o(none,slur) = o(slur,none) = 1; n = 8,
 * n(none) = 5, n(slur) = 3. D_o = 2/8, D_e = 2·5·3/(8·7) = 30/56, alpha = 1 − (2/8)/(30/56) = 8/15.
 * Percent agreement: 6 of 8 ordered pairs agree = 0.75. Fleiss: P̄ = 3/4, P_e = (5/8)² + (3/8)² = 34/64,
 * kappa = (48/64 − 34/64)/(30/64) = 14/30 = 7/15.
 */
const FOUR_ITEMS = [rec('i1', 'a', 'none'), rec('i1', 'b', 'none'), rec('i2', 'a', 'none'), rec('i2', 'b', 'none'), rec('i3', 'a', 'hate.slur'), rec('i3', 'b', 'hate.slur'), rec('i4', 'a', 'none'), rec('i4', 'b', 'hate.slur')];

forEachStore('quality reports', (open, target) => {
  let reg: TestRegistry;
  let quality: string;
  let submitter: string;
  let v2: Bundle;

  /** Posts through the validating client (problem+json and 201 bodies are checked against the OpenAPI document). */
  const upload = (records: unknown[], version = '2.0.0', token = quality) => reg.client.post(`/v1/sets/${SET}/versions/${version}/quality`, { token, raw: jsonl(records), headers: { 'content-type': 'application/x-ndjson' } });
  const reportCount = async (version: string): Promise<number> => (await reg.client.get(`/v1/sets/${SET}/versions/${version}/quality/reports`)).json.reports.length;

  beforeAll(async () => {
    reg = await startTestRegistry(await open(), { config: { deliveryPollMs: 0 } });
    await reg.client.request('PUT', `/v1/sets/${SET}/settings`, { token: reg.admin, body: { quorum: 0 } });
    v2 = variant(guidelineBundle('hate-speech'), SET, '2.0.0');
    expect((await reg.client.post(`/v1/sets/${SET}/versions`, { token: reg.admin, body: v2 })).status).toBe(201);
    quality = (await reg.client.post('/v1/tokens', { token: reg.admin, body: { name: 'labeling-ops', role: 'reader', sets: [SET], scopes: ['quality'] } })).json.token;
    submitter = await reg.client.token(reg.admin, 'ci', 'approver');
  });
  afterAll(async () => {
    await reg?.close();
  });

  it('measures an upload, stores it, and serves it as the version\'s latest report with an ETag', async () => {
    const res = await upload(FOUR_ITEMS);
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({ setId: SET, version: '2.0.0', uploadedBy: 'labeling-ops', source: { kind: 'upload' }, records: { read: 8, used: 8, invalid: 0, duplicates: 0 }, annotators: 2, comparedWith: null, problems: [] });
    expect(res.headers.get('location')).toBe(`/v1/sets/${SET}/versions/2.0.0/quality/reports/${res.json.id}`);

    const latest = await reg.client.get(`/v1/sets/${SET}/versions/2.0.0/quality`);
    expect(latest.status).toBe(200);
    const verdict = latest.json.questions.find((q: { id: string }) => q.id === 'verdict');
    expect(verdict.alpha.value).toBeCloseTo(8 / 15, 12);
    expect(verdict.percentAgreement).toBeCloseTo(0.75, 12);
    expect(verdict.fleissKappa).toBeCloseTo(7 / 15, 12);
    expect(verdict).toMatchObject({ items: 4, pairable: 4, annotations: 8, annotators: 2, confusions: [{ labels: ['hate.slur', 'none'], count: 1, share: 1, sibling: false }] });
    expect(latest.json.set).toEqual({ id: SET, version: '2.0.0', contentHash: v2.manifest.contentHash });
    expect(latest.headers.get('etag')).toBe(`"quality-${res.json.id}"`);
    expect(latest.headers.get('content-location')).toBe(res.headers.get('location'));
    expect(latest.headers.get('cache-control')).toBe('public, no-cache');

    // The report at its own URL: the same bytes, immutable; and If-None-Match gives 304.
    const own = await reg.client.get(res.headers.get('location') as string);
    expect(own.text).toBe(latest.text);
    expect(own.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const again = await fetch(`${reg.url}/v1/sets/${SET}/versions/latest/quality`, { headers: { 'If-None-Match': latest.headers.get('etag') as string } });
    expect(again.status).toBe(304);

    // The audit log has the upload, with who, the report and the counts.
    const audit = (await reg.client.get('/v1/audit?limit=1000', { token: reg.admin })).json.entries.filter((e: { action: string }) => e.action === 'quality.report');
    expect(audit.at(-1)).toMatchObject({ actor: 'labeling-ops', setId: SET, version: '2.0.0', contentHash: v2.manifest.contentHash, detail: { reportId: res.json.id, source: { kind: 'upload' }, records: { used: 8 } } });
  });

  it('a later upload becomes the latest report; every report stays listed', async () => {
    const before = await reportCount('2.0.0');
    const res = await upload([...FOUR_ITEMS, rec('i4', 'c', 'none')]);
    expect(res.status).toBe(201);
    const latest = await reg.client.get(`/v1/sets/${SET}/versions/2.0.0/quality`);
    expect(latest.json.records.used).toBe(9);
    const list = await reg.client.get(`/v1/sets/${SET}/versions/2.0.0/quality/reports`);
    expect(list.json.reports).toHaveLength(before + 1);
    expect(list.json.reports[0].id).toBe(res.json.id);
  });

  it('Label Studio exports: tasks with annotations by user, cancelled ones skipped, gold example ids as items', async () => {
    const choice = (v: string) => [{ from_name: 'verdict', to_name: 'text', type: 'choices', value: { choices: [v] } }];
    const tasks = [
      { id: 1, data: { text: 'one', rubric: { example: 'hs-none-pos-1' } }, annotations: [{ completed_by: { id: 7, email: 'ann@example.com' }, result: choice('none') }, { completed_by: 8, result: choice('none') }] },
      { id: 2, data: { text: 'two' }, annotations: [{ completed_by: 7, result: choice('none') }, { completed_by: 8, result: choice('none'), was_cancelled: true }] },
    ];
    const res = await reg.client.post(`/v1/sets/${SET}/versions/2.0.0/quality`, { token: quality, body: tasks });
    expect(res.status, res.text).toBe(201);
    expect(res.json.records).toMatchObject({ read: 3, used: 3, skipped: 1, invalid: 0 });
    const report = (await reg.client.get(`/v1/sets/${SET}/versions/2.0.0/quality`)).json;
    // hs-none-pos-1 is a gold item (the set's example): both annotators answered `none`, as the example does.
    expect(report.questions[0].gold).toEqual({ items: 1, accuracy: 1 });
    // The user object gives the email; a bare id stays the id (the export decides, not us).
    expect(report.annotators.map((a: { id: string }) => a.id).sort()).toEqual(['7', '8', 'ann@example.com']);
  });

  it('records it cannot use are counted and located by line, never fatal: not JSON, over 1 MiB, a wrong label, another version', async () => {
    const big = JSON.stringify({ ...rec('big', 'a', 'none'), pad: 'x'.repeat(MAX_RECORD_BYTES) });
    const res = await upload([rec('i1', 'a', 'none'), '{"item": ', big, rec('i1', 'b', 'hate.nope'), { ...rec('i1', 'c', 'none'), version: '1.0.0' }, rec('i1', 'd', 'none')]);
    expect(res.status).toBe(201);
    expect(res.json.records).toMatchObject({ read: 6, used: 2, invalid: 4 });
    expect(res.json.problems.map((p: { line: number; errors: { path: string; message: string }[] }) => [p.line, p.errors[0]?.path, p.errors[0]?.message.slice(0, 40)])).toEqual([
      [2, '', expect.stringMatching(/^Unexpected JSON syntax/)],
      [3, '', `Unexpected record of more than ${MAX_RECORD_BYTES} bytes`.slice(0, 40)],
      [4, '/answers/verdict', expect.stringContaining('hate.nope')],
      [5, '/version', expect.any(String)],
    ]);
  });

  it('refuses with problem+json and stores nothing: no token, no scope, media type, not records, unknown and pending versions, nothing usable', async () => {
    const before = await reportCount('2.0.0');
    const none = await reg.client.post(`/v1/sets/${SET}/versions/2.0.0/quality`, { raw: jsonl(FOUR_ITEMS), headers: { 'content-type': 'application/x-ndjson' } });
    expect(none.json).toMatchObject({ status: 401, code: 'unauthenticated' });
    // An approver (and so a submitter) may not change the figures a guideline is judged by without the scope.
    const approver = await upload(FOUR_ITEMS, '2.0.0', submitter);
    expect(approver.json).toMatchObject({ status: 403, code: 'forbidden', detail: expect.stringContaining('Scope quality needed') });
    const otherSet = (await reg.client.post('/v1/tokens', { token: reg.admin, body: { name: 'ops-elsewhere', role: 'reader', sets: ['another-set'], scopes: ['quality'] } })).json.token;
    expect((await upload(FOUR_ITEMS, '2.0.0', otherSet)).json).toMatchObject({ status: 403, detail: expect.stringContaining('not granted set') });
    const text = await reg.client.post(`/v1/sets/${SET}/versions/2.0.0/quality`, { token: quality, raw: 'x', headers: { 'content-type': 'text/plain' } });
    expect(text.json).toMatchObject({ status: 415, code: 'unsupported-media-type' });
    const notArray = await reg.client.post(`/v1/sets/${SET}/versions/2.0.0/quality`, { token: quality, raw: '{"item": {}}', headers: { 'content-type': 'application/json' } });
    expect(notArray.json).toMatchObject({ status: 400, code: 'malformed-json', detail: 'Unexpected body, expected a JSON array of records ("[" first)' });
    const cut = await reg.client.post(`/v1/sets/${SET}/versions/2.0.0/quality`, { token: quality, raw: `[${JSON.stringify(FOUR_ITEMS[0])},`, headers: { 'content-type': 'application/json' } });
    expect(cut.json).toMatchObject({ status: 400, code: 'malformed-json', detail: 'Unexpected end of the body inside the JSON array, expected "]"' });
    expect((await upload(FOUR_ITEMS, '9.9.9')).json).toMatchObject({ status: 404, code: 'not-found' });
    expect((await upload(FOUR_ITEMS, 'latest')).json).toMatchObject({ status: 400, code: 'invalid-parameter', errors: [{ path: '/params/version' }] });
    const nothing = await upload(['{oops', { item: { id: 'i1' }, annotator: 'a', answers: { verdict: 'hate.nope' } }]);
    expect(nothing.json).toMatchObject({ status: 422, code: 'no-annotations', records: { read: 2, used: 0, invalid: 2 }, errors: [{ path: '/records/0', line: 1 }, { path: '/records/1/answers/verdict', line: 2 }] });
    const empty = await upload([]);
    expect(empty.json).toMatchObject({ status: 422, code: 'no-annotations' });
    expect(await reportCount('2.0.0')).toBe(before);
  });

  it('a pending version takes no annotations', async () => {
    await reg.client.request('PUT', `/v1/sets/${SET}/settings`, { token: reg.admin, body: { quorum: 1 } });
    try {
      const pending = await reg.client.post(`/v1/sets/${SET}/versions`, { token: reg.admin, body: variant(v2, SET, '2.0.1') });
      expect(pending.json.state).toBe('pending');
      expect((await upload(FOUR_ITEMS, '2.0.1')).json).toMatchObject({ status: 409, code: 'not-published' });
    } finally {
      await reg.client.request('PUT', `/v1/sets/${SET}/settings`, { token: reg.admin, body: { quorum: 0 } });
    }
  });

  it('stops at the record limit with 413, and stores nothing', async () => {
    const saved = qualityLimits.maxRecords;
    qualityLimits.maxRecords = 5;
    try {
      const before = await reportCount('2.0.0');
      const res = await upload([...FOUR_ITEMS, ...FOUR_ITEMS]);
      expect(res.json).toMatchObject({ status: 413, code: 'payload-too-large', limit: 5 });
      expect(await reportCount('2.0.0')).toBe(before);
    } finally {
      qualityLimits.maxRecords = saved;
    }
  });

  it('compares a later version with the previous measured one through the migration map, and charts labels over time', async () => {
    // 3.0.0 renames hate.slur to hate.insult (a major change): its history follows the rename.
    const v3 = variant(v2, SET, '3.0.0', renameSlur);
    const published = await reg.client.post(`/v1/sets/${SET}/versions`, { token: reg.admin, body: v3 });
    expect(published.status, published.text).toBe(201);
    // 2.0.0's latest report becomes the four items again (the tests before stored others).
    expect((await upload(FOUR_ITEMS)).status).toBe(201);
    const renamed = FOUR_ITEMS.map((r) => JSON.parse(JSON.stringify(r).replaceAll('hate.slur', 'hate.insult')) as Record<string, unknown>);
    // Same answers, a third annotator agreeing with a everywhere.
    const res = await upload([...renamed, ...renamed.filter((r) => r.annotator === 'a').map((r) => ({ ...r, annotator: 'c' }))], '3.0.0');
    expect(res.status, res.text).toBe(201);
    expect(res.json.comparedWith).toBe('2.0.0');
    const report = (await reg.client.get(`/v1/sets/${SET}/versions/3.0.0/quality`)).json;
    expect(report.compare.previous).toEqual({ id: SET, version: '2.0.0' });
    const delta = report.compare.labels.find((l: { id: string }) => l.id === "hate.insult");
    expect(delta).toMatchObject({ question: 'verdict', previousId: 'hate.slur' });
    expect(delta.alpha.previous).toBeCloseTo(8 / 15, 12);
    expect(report.compare.unmatched).not.toContainEqual({ question: 'verdict', id: 'hate.slur' });

    const history = await reg.client.get(`/v1/sets/${SET}/quality`);
    expect(history.status).toBe(200);
    // Only measured versions are listed (2.0.1 is pending, and 3.0.1 comes later unmeasured).
    expect(history.json.versions.map((v: { version: string; report: { id: string } }) => [v.version, v.report.id.startsWith('qr_')])).toEqual([
      ['2.0.0', true],
      ['3.0.0', true],
    ]);
    const series = history.json.labels.find((l: { id: string }) => l.id === 'hate.insult');
    expect(series).toMatchObject({ question: 'verdict', current: true });
    expect(series.history.map((p: { version: string; id: string }) => [p.version, p.id])).toEqual([
      ['2.0.0', 'hate.slur'],
      ['3.0.0', 'hate.insult'],
    ]);
    expect(series.history[0].alpha).toBeCloseTo(8 / 15, 12);
    expect(history.json.labels.some((l: { id: string }) => l.id === 'hate.slur')).toBe(false);
    const verdict = history.json.versions[0].questions.find((q: { id: string }) => q.id === 'verdict');
    expect(verdict.alpha.value).toBeCloseTo(8 / 15, 12);
    const etag = history.headers.get('etag') as string;
    expect((await fetch(`${reg.url}/v1/sets/${SET}/quality`, { headers: { 'If-None-Match': etag } })).status).toBe(304);
  });

  it('pulled annotations: records of several versions measured and stored per version, unreadable ones counted with their errors, unknown versions counted, unchanged ones left', async () => {
    const service = new QualityService({ store: reg.running.store, config: DEFAULT_CONFIG, logger: silentLogger(), now: () => new Date() });
    const items = (): PulledItem[] => [
      ...FOUR_ITEMS.map((r) => ({ record: { ...r, set: SET, version: '2.0.0', labelStudio: { project: 7, task: 1, annotation: 2 } } })),
      // What the pull could not read is invalid with its errors, whatever the answers it got.
      { record: { ...rec('i8', 'c', 'none'), version: '2.0.0' }, errors: [{ path: '/labelStudio/result/0/value/choices/0', message: 'Unexpected choice "Nope"' }] },
      { record: { ...rec('i9', 'a', 'none'), version: '7.7.7' } },
      { record: rec('i9', 'b', 'none') },
      ...FOUR_ITEMS.map((r) => ({ record: JSON.parse(JSON.stringify({ ...r, version: '3.0.0' }).replaceAll('hate.slur', 'hate.insult')) as Record<string, unknown> })),
    ];
    async function* pulled(): AsyncGenerator<PulledItem> {
      yield* items();
    }
    const source = { kind: 'label-studio' as const, targetId: 'ls-main' };
    const result = await service.measureRecords(SET, pulled(), 'label-studio-sync', source);
    expect(result.unknownVersions).toEqual({ '7.7.7': 1, '(none)': 1 });
    expect(result.unchanged).toEqual([]);
    expect(result.reports.map((r) => [r.version, r.source, r.summary.records.used, r.summary.records.invalid])).toEqual([
      ['2.0.0', source, 8, 1],
      ['3.0.0', source, 8, 0],
    ]);
    const listed = await reg.client.get(`/v1/sets/${SET}/versions/2.0.0/quality/reports`);
    expect(listed.json.reports[0]).toMatchObject({ id: result.reports[0]?.id, uploadedBy: 'label-studio-sync', source });
    const v2 = (await reg.client.get(`/v1/sets/${SET}/versions/2.0.0/quality`)).json;
    expect(v2.problems).toEqual([{ index: 8, errors: [{ path: '/labelStudio/result/0/value/choices/0', message: 'Unexpected choice "Nope"' }] }]);
    const report = (await reg.client.get(`/v1/sets/${SET}/versions/3.0.0/quality`)).json;
    expect(report.questions[0].alpha.value).toBeCloseTo(8 / 15, 12);
    expect(report.compare.previous.version).toBe('2.0.0');

    // The same annotations again: nothing new is stored; forced, a new report is.
    const again = await service.measureRecords(SET, items(), 'label-studio-sync', source);
    expect(again.reports).toEqual([]);
    expect(again.unchanged).toEqual(result.reports.map((r) => ({ version: r.version, reportId: r.id })));
    const forced = await service.measureRecords(SET, items(), 'label-studio-sync', source, { force: true });
    expect(forced.reports.map((r) => r.version)).toEqual(['2.0.0', '3.0.0']);
  });

  it('stored reports cannot be changed, even from the database', async () => {
    const rows = await queryRaw<{ id: string }>(target, 'SELECT id FROM quality_reports LIMIT 1');
    expect(rows).toHaveLength(1);
    const sql = target.kind === 'sqlite' ? 'UPDATE quality_reports SET report = ? WHERE id = ?' : 'UPDATE quality_reports SET report = $1 WHERE id = $2';
    await expect(queryRaw(target, sql, ['{}', rows[0]!.id])).rejects.toThrow(/quality reports are immutable/);
  });

  it('reads: 404 without a report, a report id that is not one, and the report of another version', async () => {
    const fresh = await reg.client.post(`/v1/sets/${SET}/versions`, { token: reg.admin, body: variant(v2, SET, '3.0.1', renameSlur) });
    expect(fresh.status, fresh.text).toBe(201);
    const missing = await reg.client.get(`/v1/sets/${SET}/versions/3.0.1/quality`);
    expect(missing.json).toMatchObject({ status: 404, code: 'not-found', detail: expect.stringContaining('post the version\'s annotations') });
    expect((await reg.client.get(`/v1/sets/${SET}/versions/2.0.0/quality/reports/nope`)).json).toMatchObject({ status: 400, errors: [{ path: '/params/reportId' }] });
    const id = (await reg.client.get(`/v1/sets/${SET}/versions/2.0.0/quality/reports`)).json.reports[0].id as string;
    expect((await reg.client.get(`/v1/sets/${SET}/versions/3.0.0/quality/reports/${id}`)).status).toBe(404);
    expect((await reg.client.get('/v1/sets/no-such-set/quality')).status).toBe(404);
  });
});

describe('token scopes', () => {
  forEachStore('scopes', (open) => {
    let reg: TestRegistry;
    beforeAll(async () => {
      reg = await startTestRegistry(await open(), { config: { deliveryPollMs: 0 } });
    });
    afterAll(async () => {
      await reg?.close();
    });

    it('are given at creation, listed, audited, and unknown ones refused with their path', async () => {
      const created = await reg.client.post('/v1/tokens', { token: reg.admin, body: { name: 'ops', role: 'reader', scopes: ['quality', 'quality'] } });
      expect(created.json).toMatchObject({ role: 'reader', scopes: ['quality'] });
      const plain = await reg.client.post('/v1/tokens', { token: reg.admin, body: { name: 'reader', role: 'reader' } });
      expect(plain.json.scopes).toEqual([]);
      const listed = (await reg.client.get('/v1/tokens', { token: reg.admin })).json.tokens;
      expect(listed.find((t: { id: string }) => t.id === created.json.id).scopes).toEqual(['quality']);
      const bad = await reg.client.post('/v1/tokens', { token: reg.admin, body: { name: 'x', role: 'reader', scopes: ['quality', 'delete-everything'] } });
      expect(bad.json).toMatchObject({ status: 400, code: 'invalid-body', errors: [{ path: '/scopes/1' }] });
      const audit = (await reg.client.get('/v1/audit?limit=1000', { token: reg.admin })).json.entries.find((e: { detail: { tokenId?: string } }) => e.detail.tokenId === created.json.id);
      expect(audit.detail.scopes).toEqual(['quality']);
    });
  });
});

/** A body sent as it is produced: each chunk when the test says so. */
function controlledBody(): { stream: ReadableStream<Uint8Array>; send(text: string): void; end(): void } {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const stream = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  return { stream, send: (text) => controller.enqueue(new TextEncoder().encode(text)), end: () => controller.close() };
}

// Limits of the computation itself, the same whatever the store: SQLite in memory.
describe('quality computation limits', () => {
  let reg: TestRegistry;
  const url = (): string => `${reg.url}/v1/sets/${SET}/versions/2.0.0/quality`;
  const headers = (): Record<string, string> => ({ Authorization: `Bearer ${reg.admin}`, 'Content-Type': 'application/x-ndjson' });

  beforeAll(async () => {
    reg = await startTestRegistry(await openSqliteStore(':memory:'), { config: { deliveryPollMs: 0, qualityJobs: 1, qualityMemoryMb: 48 } });
    await reg.client.request('PUT', `/v1/sets/${SET}/settings`, { token: reg.admin, body: { quorum: 0 } });
    expect((await reg.client.post(`/v1/sets/${SET}/versions`, { token: reg.admin, body: variant(guidelineBundle('hate-speech'), SET, '2.0.0') })).status).toBe(201);
  });
  afterAll(async () => {
    await reg?.close();
    await reg?.running.store.close();
  });

  it('runs qualityJobs computations at once: one more is 503 with Retry-After, and the first still completes', async () => {
    const slow = controlledBody();
    const first = fetch(url(), { method: 'POST', headers: headers(), body: slow.stream, duplex: 'half' } as RequestInit);
    slow.send(`${jsonl(FOUR_ITEMS.slice(0, 4))}\n`);
    // The first upload is being read (its worker has started) while the second comes.
    let second: Response | undefined;
    for (let i = 0; i < 50 && second?.status !== 503; i++) {
      await new Promise((r) => setTimeout(r, 50));
      second = await fetch(url(), { method: 'POST', headers: headers(), body: jsonl(FOUR_ITEMS) });
      if (second.status === 201) throw new Error('the second upload ran beside the first');
    }
    expect(second?.status).toBe(503);
    expect(second?.headers.get('retry-after')).toBe('10');
    expect(await second?.json()).toMatchObject({ code: 'not-ready', detail: expect.stringContaining('qualityJobs 1') });
    slow.send(jsonl(FOUR_ITEMS.slice(4)));
    slow.end();
    const done = await first;
    expect(done.status).toBe(201);
    expect(((await done.json()) as { records: { used: number } }).records.used).toBe(8);
  });

  it('an upload that needs more than qualityMemoryMb to measure is 413, and the registry goes on serving', async () => {
    // 30,000 items with 2,000-character texts: 60 MB of text kept for case studies, past a 48 MB heap.
    const text = 'x'.repeat(1990);
    let i = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (i >= 30_000) return controller.close();
        const lines: string[] = [];
        for (const end = i + 500; i < end; i++) lines.push(JSON.stringify({ item: { id: `m-${i}`, text: `${i} ${text}` }, annotator: 'a', answers: { verdict: 'none' } }));
        controller.enqueue(new TextEncoder().encode(`${lines.join('\n')}\n`));
      },
    });
    const res = await fetch(url(), { method: 'POST', headers: headers(), body, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 'payload-too-large', limitMb: 48, detail: expect.stringContaining('more than 48 MB') });
    expect((await fetch(`${reg.url}/healthz`)).status).toBe(200);
    // The slot is free again, and nothing was stored.
    expect((await fetch(url(), { method: 'POST', headers: headers(), body: jsonl(FOUR_ITEMS) })).status).toBe(201);
    expect((await reg.client.get(`/v1/sets/${SET}/versions/2.0.0/quality/reports`)).json.reports).toHaveLength(2);
  });
});

// A pull's refusals before Label Studio answers anything (the real server's pulls: tests/label-studio-server/quality.test.ts).
describe('quality pull refusals', () => {
  let reg: TestRegistry;
  let ops: string;
  let closed: number;
  const pull = (target: string, token = ops) => reg.client.post(`/v1/sets/${SET}/targets/${target}/quality:pull`, { token });

  beforeAll(async () => {
    reg = await startTestRegistry(await openSqliteStore(':memory:'), { config: { deliveryPollMs: 0 }, start: { env: { RUBRIC_TARGET_LS: 'a-label-studio-token-0123456789' } } });
    await reg.client.request('PUT', `/v1/sets/${SET}/settings`, { token: reg.admin, body: { quorum: 0 } });
    ops = (await reg.client.post('/v1/tokens', { token: reg.admin, body: { name: 'ops', role: 'reader', scopes: ['quality'] } })).json.token;
    // A published version: the scheduled round looks at sets that have one.
    expect((await reg.client.post(`/v1/sets/${SET}/versions`, { token: reg.admin, body: variant(guidelineBundle('hate-speech'), SET, '2.0.0') })).status).toBe(201);
    // A port nothing listens on: Label Studio is down.
    const server = createNetServer().listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    closed = (server.address() as { port: number }).port;
    await new Promise((r) => server.close(r));
    for (const [id, body] of [
      ['down', { kind: 'label-studio', url: `http://127.0.0.1:${closed}`, projectId: 3, secretEnv: 'RUBRIC_TARGET_LS' }],
      ['no-secret', { kind: 'label-studio', url: `http://127.0.0.1:${closed}`, projectId: 3, secretEnv: 'RUBRIC_TARGET_MISSING' }],
      ['hook', { kind: 'webhook', url: `http://127.0.0.1:${closed}/in`, secretEnv: 'RUBRIC_TARGET_LS' }],
    ] as const) {
      const put = await reg.client.request('PUT', `/v1/sets/${SET}/targets/${id}`, { token: reg.admin, body });
      expect(put.status, put.text).toBe(201);
    }
  });
  afterAll(async () => {
    await reg?.close();
    await reg?.running.store.close();
  });

  it('answers problem+json naming what is wrong, and stores nothing', async () => {
    expect((await pull('down', '')).json).toMatchObject({ status: 401 });
    const approver = await reg.client.token(reg.admin, 'approver', 'approver');
    expect((await pull('down', approver)).json).toMatchObject({ status: 403, detail: expect.stringContaining('Scope quality needed') });
    expect((await pull('nope')).json).toMatchObject({ status: 404, detail: `No delivery target nope in set ${SET}` });
    expect((await pull('hook')).json).toMatchObject({ status: 404, detail: expect.stringContaining('is a webhook target') });
    expect((await pull('no-secret')).json).toMatchObject({ status: 503, code: 'not-ready' });
    const down = await pull('down');
    expect(down.json).toMatchObject({ status: 502, code: 'label-studio-failed', labelStudio: { kind: 'unreachable' } });
    expect(down.headers.get('retry-after')).toBe('30');
    const body = await reg.client.post(`/v1/sets/${SET}/targets/down/quality:pull`, { token: ops, body: { force: true } });
    expect(body.json).toMatchObject({ status: 400, code: 'invalid-body', errors: [{ path: '/force' }] });
    // The scheduled round reports each failing target and goes on.
    const round = await reg.running.qualityPuller.runOnce();
    expect(round).toEqual([
      { setId: SET, targetId: 'down', stored: [], unchanged: [], error: expect.stringContaining('label-studio-failed') },
      { setId: SET, targetId: 'no-secret', stored: [], unchanged: [], error: expect.stringContaining('not-ready') },
    ]);
  });
});
