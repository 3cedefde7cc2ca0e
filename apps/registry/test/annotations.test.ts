/**
 * POST /v1/sets/{id}/versions/{version}/annotations:validate over real HTTP,
 * on SQLite and PostgreSQL: JSON Lines and JSON array bodies split into
 * records as they stream in (strings holding newlines, commas and brackets),
 * one answer line per record then a summary, malformed and oversized records
 * as per-record errors with their line, the Label Studio form detected per
 * record or forced, refusals before the stream starts as problem+json, the
 * record limit ending the stream with its problem, and 100,000 records
 * streamed both ways in bounded memory (time and heap growth reported).
 *
 * The first block uses a small stand-in validator (a known label for
 * `verdict`), so its tests are about the streaming; the second runs the real
 * default validator (@rubric/exporters' validateAnnotation and
 * fromLabelStudioResult) on the published hate-speech set: neutral records,
 * wrong labels with their paths, Label Studio annotations and tasks built
 * from the set's gold tasks, unreadable Label Studio choices with their paths
 * in the record, and the 100,000-record stream with its time and memory.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadBundle, type Bundle, type GuidelineSet } from '@rubric/core';
import { goldTasks, type LabelStudioGoldTask, type NeutralGoldTask } from '@rubric/exporters';
import { forEachStore } from './support/stores.js';
import { guidelineBundle, startTestRegistry, variant, type TestRegistry } from './support/http.js';
import type { AnnotationValidator } from '../src/annotations.js';
import { limits, MAX_RECORD_BYTES } from '../src/routes/annotations.js';
import { RECORD_TOO_LARGE } from '../src/annotations.js';

/** Stand-in checks: `answers.verdict` must be a label of the schema. */
const validator: AnnotationValidator = {
  validate(set: GuidelineSet, record: unknown) {
    const answers = (record as { answers?: unknown } | null)?.answers;
    if (typeof answers !== 'object' || answers === null) return [{ path: '/answers', message: 'Missing answers, expected an object' }];
    const verdict = (answers as Record<string, unknown>).verdict;
    if (typeof verdict !== 'string' || !set.schema?.labelsById.has(verdict)) return [{ path: '/answers/verdict', message: `Unexpected label ${JSON.stringify(verdict)}` }];
    return [];
  },
  fromLabelStudio(_set: GuidelineSet, result: unknown[]) {
    const answers: Record<string, unknown> = {};
    for (const item of result as { from_name: string; value: { choices?: string[] } }[]) answers[item.from_name] = item.value.choices?.[0];
    return { answers };
  },
};

const SET = 'validate-set';

forEachStore('annotation validation', (open) => {
  let reg: TestRegistry;
  let label: string;

  const post = async (body: string | ReadableStream<Uint8Array>, type: string, query = '', version = '2.0.0'): Promise<Response> =>
    fetch(`${reg.url}/v1/sets/${SET}/versions/${version}/annotations:validate${query}`, { method: 'POST', headers: { 'Content-Type': type }, body, ...(typeof body === 'string' ? {} : { duplex: 'half' }) } as RequestInit);
  const lines = async (res: Response): Promise<Record<string, any>[]> => (await res.text()).trim().split('\n').map((l) => JSON.parse(l));

  beforeAll(async () => {
    reg = await startTestRegistry(await open(), { config: { deliveryPollMs: 0 }, start: { validator } });
    await reg.client.request('PUT', `/v1/sets/${SET}/settings`, { token: reg.admin, body: { quorum: 0 } });
    const published = await reg.client.post(`/v1/sets/${SET}/versions`, { token: reg.admin, body: variant(guidelineBundle('hate-speech'), SET, '2.0.0') });
    expect(published.status).toBe(201);
    const schema = JSON.parse((await reg.client.get(`/v1/sets/${SET}/versions/2.0.0/schema.json`)).text);
    label = schema.questions[0].options[0].id;
  });
  afterAll(async () => {
    await reg?.close();
  });

  it('JSON Lines: one answer per record in order, malformed and oversized records as their own errors with the line, then a summary', async () => {
    const big = JSON.stringify({ answers: { verdict: label }, text: 'x'.repeat(MAX_RECORD_BYTES) });
    const body = [JSON.stringify({ answers: { verdict: label } }), JSON.stringify({ answers: { verdict: 'no.such.label' } }), '', '{"answers": ', big, JSON.stringify({ text: 'a\nb', answers: { verdict: label } })].join('\n');
    const res = await post(body, 'application/x-ndjson');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    const out = await lines(res);
    expect(out.slice(0, 5)).toEqual([
      { index: 0, valid: true },
      { index: 1, line: 2, valid: false, errors: [{ path: '/answers/verdict', message: 'Unexpected label "no.such.label"' }] },
      { index: 2, line: 4, valid: false, errors: [{ path: '', message: expect.stringMatching(/^Unexpected JSON syntax/) }] },
      { index: 3, line: 5, valid: false, errors: [{ path: '', message: RECORD_TOO_LARGE }] },
      { index: 4, valid: true },
    ]);
    expect(out[5]).toEqual({ summary: { records: 5, valid: 2, invalid: 3, complete: true, ms: expect.any(Number) } });
    const jsonl = await post(`${JSON.stringify({ answers: { verdict: label } })}\n`, 'application/jsonl');
    expect((await lines(jsonl))[0]).toEqual({ index: 0, valid: true });
  });

  it('a JSON array: elements split correctly around strings holding brackets, commas and escaped quotes', async () => {
    const records = [{ text: 'a ] b, c } "q" \\', answers: { verdict: label } }, { answers: { verdict: 'nope' }, spans: [[1, 2], { a: [] }] }, { answers: { verdict: label } }];
    const res = await post(JSON.stringify(records, null, 2), 'application/json');
    const out = await lines(res);
    expect(out.map((o) => o.valid)).toEqual([true, false, true, undefined]);
    expect(out[1]).toMatchObject({ index: 1, errors: [{ path: '/answers/verdict' }] });
    expect(out[3]?.summary).toMatchObject({ records: 3, valid: 2, invalid: 1 });
    expect(await lines(await post('[]', 'application/json'))).toEqual([{ summary: expect.objectContaining({ records: 0 }) }]);
  });

  it('Label Studio records are detected per record, or forced with ?form=label-studio', async () => {
    const ls = { id: 1, result: [{ from_name: 'verdict', to_name: 'text', type: 'choices', value: { choices: [label] } }] };
    const task = { data: { text: 'x' }, annotations: [ls, { result: [{ from_name: 'verdict', value: { choices: ['bad.label'] } }] }] };
    const out = await lines(await post([JSON.stringify(ls), JSON.stringify(task), JSON.stringify({ answers: { verdict: label } })].join('\n'), 'application/x-ndjson'));
    expect(out.slice(0, 3)).toEqual([{ index: 0, valid: true }, { index: 1, line: 2, valid: false, errors: [{ path: '/annotations/1/answers/verdict', message: 'Unexpected label "bad.label"' }] }, { index: 2, valid: true }]);
    const forced = await lines(await post(JSON.stringify({ answers: { verdict: label } }), 'application/x-ndjson', '?form=label-studio'));
    expect(forced[0]).toMatchObject({ valid: false, errors: [{ path: '/result' }] });
  });

  it('refuses before streaming with problem+json: content type, unknown version, form, and a body that is not records', async () => {
    const text = await post('x', 'text/plain');
    expect(text.status).toBe(415);
    expect(((await text.json()) as { code: string }).code).toBe('unsupported-media-type');
    const missing = await post('{}', 'application/x-ndjson', '', '9.9.9');
    expect(missing.status).toBe(404);
    const form = await reg.client.post(`/v1/sets/${SET}/versions/2.0.0/annotations:validate?form=csv`, { raw: '{}', headers: { 'content-type': 'application/x-ndjson' } });
    expect(form.json).toMatchObject({ status: 400, code: 'invalid-parameter', errors: [{ path: '/query/form' }] });
    const notArray = await reg.client.post(`/v1/sets/${SET}/versions/2.0.0/annotations:validate`, { raw: '{"answers":{}}', headers: { 'content-type': 'application/json' } });
    expect(notArray.json).toMatchObject({ status: 400, code: 'malformed-json', detail: 'Unexpected body, expected a JSON array of records ("[" first)' });
  });

  it('the record limit ends the stream with a summary carrying the problem', async () => {
    const saved = limits.maxRecords;
    limits.maxRecords = 3;
    try {
      const body = `${JSON.stringify({ answers: { verdict: label } })}\n`.repeat(10);
      const out = await lines(await post(body, 'application/x-ndjson'));
      expect(out).toHaveLength(4);
      expect(out[3]).toEqual({
        summary: { records: 3, valid: 3, invalid: 0, complete: false, ms: expect.any(Number) },
        problem: expect.objectContaining({ status: 413, code: 'payload-too-large', limit: 3, type: expect.stringContaining('#problem-payload-too-large') }),
      });
    } finally {
      limits.maxRecords = saved;
    }
  });
});

forEachStore('annotation validation with the exporters validator', (open) => {
  let reg: TestRegistry;
  let bundle: Bundle;
  let contentHash: string;
  let gold: { labelStudio: LabelStudioGoldTask[]; neutral: NeutralGoldTask[] };

  const post = async (body: string | ReadableStream<Uint8Array>, type = 'application/x-ndjson', query = ''): Promise<Response> =>
    fetch(`${reg.url}/v1/sets/hate-speech/versions/2.0.0/annotations:validate${query}`, { method: 'POST', headers: { 'Content-Type': type }, body, ...(typeof body === 'string' ? {} : { duplex: 'half' }) } as RequestInit);
  const check = async (records: unknown[], query = ''): Promise<Record<string, any>[]> => {
    const res = await post(records.map((r) => JSON.stringify(r)).join('\n'), 'application/x-ndjson', query);
    expect(res.status).toBe(200);
    const out = (await res.text()).trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
    expect(out.at(-1)?.summary).toMatchObject({ records: records.length, complete: true });
    return out.slice(0, -1);
  };
  /** A copy of a gold task's result with one choice replaced; returns it and the index of the item changed. */
  const withBadChoice = (task: LabelStudioGoldTask): { result: Record<string, any>[]; at: number } => {
    const result = JSON.parse(JSON.stringify(task.annotations[0]?.result)) as Record<string, any>[];
    const at = result.findIndex((item) => item.from_name === 'verdict');
    (result[at] as { value: { choices: string[] } }).value.choices[0] = 'Hate, probably';
    return { result, at };
  };

  beforeAll(async () => {
    // No validator given: the registry's default, @rubric/exporters.
    reg = await startTestRegistry(await open(), { config: { deliveryPollMs: 0 } });
    bundle = guidelineBundle('hate-speech');
    await reg.client.request('PUT', '/v1/sets/hate-speech/settings', { token: reg.admin, body: { quorum: 0 } });
    const published = await reg.client.post('/v1/sets/hate-speech/versions', { token: reg.admin, body: bundle });
    expect(published.status, published.text).toBe(201);
    contentHash = published.json.contentHash as string;
    gold = goldTasks(loadBundle(bundle).set, { setId: 'hate-speech', version: '2.0.0', contentHash });
    expect(gold.neutral.length).toBeGreaterThanOrEqual(10);
  });
  afterAll(async () => {
    await reg?.close();
  });

  it('neutral records: every gold record of the set is valid (set, version and the stored content hash included); answers alone too', async () => {
    const out = await check([...gold.neutral, ...gold.neutral.map((r) => ({ answers: r.answers }))]);
    expect(out.filter((o) => !o.valid)).toEqual([]);
  });

  it('neutral records: a wrong label, a missing required answer, an unknown question, another version or content hash, each with its path', async () => {
    const base = gold.neutral.find((r) => r.answers.verdict === 'none') as NeutralGoldTask;
    const out = await check([
      { answers: { ...base.answers, verdict: 'hate.nope' } },
      { answers: {} },
      { answers: { ...base.answers, mood: 'happy' } },
      { ...base, version: '1.0.0' },
      { ...base, contentHash: '0'.repeat(64) },
      'not a record',
    ]);
    expect(out.map((o) => o.valid)).toEqual([false, false, false, false, false, false]);
    expect(out[0]?.errors).toEqual([{ path: '/answers/verdict', message: expect.stringContaining('"hate.nope"') }]);
    expect(out[1]?.errors).toContainEqual({ path: '/answers/verdict', message: expect.any(String) });
    expect(out[2]?.errors).toEqual([{ path: '/answers/mood', message: expect.stringContaining('Unexpected question "mood"') }]);
    expect(out[3]?.errors).toEqual([{ path: '/version', message: expect.stringContaining('expected "2.0.0"') }]);
    expect(out[4]?.errors).toEqual([{ path: '/contentHash', message: expect.stringContaining(contentHash) }]);
    expect(out[5]?.errors).toEqual([{ path: '', message: expect.stringContaining('expected an annotation record object') }]);
  });

  it('Label Studio annotations and tasks from the gold tasks are valid, detected per record and forced', async () => {
    const annotations = gold.labelStudio.map((t) => ({ result: t.annotations[0]?.result }));
    const out = await check([...annotations, ...gold.labelStudio]);
    expect(out.filter((o) => !o.valid)).toEqual([]);
    const forced = await check(annotations.slice(0, 3), '?form=label-studio');
    expect(forced.every((o) => o.valid)).toBe(true);
    // Forced neutral: a Label Studio annotation has no answers.
    const neutral = await check(annotations.slice(0, 1), '?form=neutral');
    expect(neutral[0]?.errors).toEqual([{ path: '/answers', message: expect.stringContaining('Missing answers') }]);
  });

  it('a Label Studio choice the config does not have: its path in the record (annotation and task), then what the answers lack', async () => {
    const task = gold.labelStudio[0] as LabelStudioGoldTask;
    const { result, at } = withBadChoice(task);
    const second = { result: task.annotations[0]?.result };
    const out = await check([{ result }, { data: task.data, annotations: [second, { result }] }]);
    expect(out[0]).toMatchObject({ index: 0, valid: false });
    expect(out[0]?.errors[0]).toEqual({ path: `/result/${at}/value/choices/0`, message: expect.stringMatching(/^Unexpected choice "Hate, probably" in verdict, expected one of /) });
    // The unread choice leaves verdict unanswered: the record check says so too.
    expect(out[0]?.errors).toContainEqual({ path: '/answers/verdict', message: expect.any(String) });
    expect(out[1]).toMatchObject({ index: 1, line: 2, valid: false });
    expect(out[1]?.errors[0]).toEqual({ path: `/annotations/1/result/${at}/value/choices/0`, message: expect.stringContaining('Unexpected choice "Hate, probably"') });
    expect(out[1]?.errors.every((e: { path: string }) => e.path.startsWith('/annotations/1/'))).toBe(true);
    // An unknown control and a malformed item, located the same way.
    const odd = await check([{ result: [...(task.annotations[0]?.result ?? []), { from_name: 'mood', to_name: 'text', type: 'choices', value: { choices: ['x'] } }, 7] }]);
    const n = task.annotations[0]?.result.length ?? 0;
    expect(odd[0]?.errors).toEqual([
      { path: `/result/${n}/from_name`, message: expect.stringContaining('Unexpected control "mood"') },
      { path: `/result/${n + 1}`, message: expect.stringContaining('expected a result object') },
    ]);
  });

  it('100,000 real records streamed in and out in bounded memory, checked by the exporters validator', async () => {
    const total = 100_000;
    // Real records: answers of gold examples, in the neutral form and (one in three) as Label Studio annotations.
    const hateful = gold.neutral.findIndex((r) => r.answers.verdict !== 'none' && Array.isArray(r.answers.target));
    const neutralLine = new TextEncoder().encode(`${JSON.stringify({ id: 'task', answers: (gold.neutral[hateful] as NeutralGoldTask).answers, text: 'some text of an annotated item' })}\n`);
    const lsLine = new TextEncoder().encode(`${JSON.stringify({ id: 7, result: (gold.labelStudio[hateful] as LabelStudioGoldTask).annotations[0]?.result })}\n`);
    const bad = new TextEncoder().encode(`${JSON.stringify({ id: 'task', answers: { verdict: 'x.y' } })}\n`);
    const lines = [neutralLine, lsLine, neutralLine, neutralLine, lsLine, neutralLine, neutralLine, lsLine, neutralLine];
    const good = { length: lines.reduce((n, l) => n + l.length, 0) / lines.length };
    let sent = 0;
    // Generated as it is read: neither side holds the whole body.
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        for (let i = 0; i < 500 && sent < total; i++, sent++) controller.enqueue(sent % 10 === 9 ? bad : (lines[sent % 10] as Uint8Array));
        if (sent >= total) controller.close();
      },
    });
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    let heapPeak = heapBefore;
    const started = performance.now();
    const res = await post(body, 'application/x-ndjson');
    const reader = (res.body as ReadableStream<Uint8Array>).pipeThrough(new TextDecoderStream()).getReader();
    let rest = '';
    let answered = 0;
    let invalid = 0;
    let summary: Record<string, number> | undefined;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const parts = (rest + value).split('\n');
      rest = parts.pop() ?? '';
      for (const part of parts) {
        const line = JSON.parse(part);
        if (line.summary) summary = line.summary;
        else {
          expect(line.index).toBe(answered);
          answered++;
          if (!line.valid) invalid++;
        }
      }
      if (answered % 5000 === 0) heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    }
    const ms = performance.now() - started;
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    expect(answered).toBe(total);
    expect(invalid).toBe(total / 10);
    expect(summary).toMatchObject({ records: total, valid: total - total / 10, invalid: total / 10, complete: true });
    const growthMb = (heapPeak - heapBefore) / 1024 / 1024;
    console.log(`annotations:validate (exporters validator, 3 in 10 records in Label Studio form): ${total} records (${(((good.length * 9 + bad.length) * total) / 10 / 1024 / 1024).toFixed(1)} MB) in ${Math.round(ms)} ms, server-side ${summary?.ms} ms, heap growth at most ${growthMb.toFixed(1)} MB (client and server in one process)`);
    // The body alone is ~9 MB and the answers ~3 MB: holding either would show; what stays is buffers and garbage.
    expect(growthMb).toBeLessThan(64);
  }, 120_000);
});
