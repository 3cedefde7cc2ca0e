import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { annotationRecordSchema, exportMetaOf, exportSet, goldTasks, validateAnnotation } from '../src/index.js';
import { REAL_SETS, realSet } from './support.js';

// Strict, so a keyword typo in the exported schema fails here; union types and required inside if/then are standard JSON Schema.
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });

describe.each(REAL_SETS)('annotation records of %s', (name) => {
  const set = realSet(name);
  const meta = exportMetaOf(set);
  const schema = annotationRecordSchema(set, meta);
  const check = ajv.compile(schema);
  const gold = goldTasks(set, meta).neutral;

  it('is a strict 2020-12 schema that carries the version, and every example is a valid record', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$comment).toBe(`rubric:set=${meta.setId} rubric:version=${meta.version} rubric:contentHash=${meta.contentHash}`);
    expect(gold.length).toBeGreaterThan(0);
    for (const record of gold) {
      expect(check(record) ? [] : check.errors, record.item.id).toEqual([]);
      expect(validateAnnotation(set, record), record.item.id).toEqual({ valid: true, errors: [] });
    }
    const file = exportSet(set, 'jsonschema');
    expect(file).toHaveLength(1);
    expect(JSON.parse(file[0]!.content)).toEqual(schema);
  });

  it('names the field and what was expected', () => {
    const q = set.schema!.questions[0]!;
    const base = gold.find((r) => r.answers[q.id] !== undefined)!;
    const wrong = { ...base, version: '0.0.1', answers: { ...base.answers, [q.id]: 'no.such.label', bogus: 1 } };
    const out = validateAnnotation(set, wrong);
    expect(out.valid).toBe(false);
    expect(out.errors.map((e) => e.path).sort()).toEqual(['/answers/bogus', `/answers/${q.id}`, '/version'].sort());
    expect(out.errors.find((e) => e.path === `/answers/${q.id}`)!.message).toMatch(/^Unexpected label "no.such.label" for verdict, expected one of /);
    expect(out.errors.find((e) => e.path === '/version')!.message).toContain(`expected "${meta.version}"`);
    expect(validateAnnotation(set, null)).toEqual({ valid: false, errors: [{ path: '', message: 'Unexpected null, expected an annotation record object with answers' }] });
    expect(validateAnnotation(set, {}).errors).toEqual([{ path: '/answers', message: 'Missing answers, expected an object of question id -> answer' }]);
  });

  it('agrees with the JSON Schema on generated records (property test)', () => {
    const questions = set.schema!.questions;
    const labelIds = set.schema!.labels.map((l) => l.id);
    const anyAnswer = fc.oneof(
      fc.constantFrom(...labelIds),
      fc.subarray(labelIds, { minLength: 0, maxLength: 3 }),
      fc.array(fc.constantFrom(...labelIds), { maxLength: 3 }),
      fc.integer({ min: -1, max: 7 }),
      fc.double({ noNaN: true }),
      fc.string({ maxLength: 600 }),
      fc.constant(null),
      fc.array(fc.record({ label: fc.constantFrom(...labelIds, 'x'), start: fc.integer({ min: -2, max: 50 }), end: fc.integer({ min: 0, max: 60 }), text: fc.string({ maxLength: 5 }) }, { requiredKeys: ['label'], noNullPrototype: true }), { maxLength: 2 }),
    );
    const answers = fc.dictionary(fc.constantFrom(...questions.map((q) => q.id), 'other'), anyAnswer, { maxKeys: questions.length + 1, noNullPrototype: true });
    // Start from real records half the time, so valid records and near misses are both common.
    const record = fc.oneof(
      fc.record({ answers }, { requiredKeys: [], noNullPrototype: true }),
      fc.tuple(fc.constantFrom(...gold), fc.constantFrom(...questions.map((q) => q.id)), anyAnswer, fc.boolean()).map(([r, q, a, drop]) => {
        const next: Record<string, unknown> = { ...r.answers };
        if (drop) delete next[q];
        else next[q] = a;
        return { ...r, answers: next };
      }),
      fc.constantFrom(...gold),
      fc.record({ set: fc.constantFrom(meta.setId, 'other'), version: fc.constantFrom(meta.version, '9.9.9'), contentHash: fc.constantFrom(meta.contentHash, 'abc'), answers: fc.constant(gold[0]!.answers) }, { requiredKeys: ['answers'], noNullPrototype: true }),
    );
    let valid = 0;
    fc.assert(
      fc.property(record, (r) => {
        const bySchema = check(r);
        const byValidator = validateAnnotation(set, r);
        if (bySchema) valid++;
        expect({ valid: byValidator.valid, errors: byValidator.errors }).toMatchObject({ valid: bySchema });
        expect(byValidator.errors.length === 0).toBe(byValidator.valid);
      }),
      { numRuns: 1500, seed: 20261204 },
    );
    // Records come from JSON, whose objects have a prototype; the generators make them so (noNullPrototype).
    // The generator must reach both verdicts, or the agreement says little.
    expect(valid).toBeGreaterThan(100);
  });
});

describe('when conditions in records', () => {
  const set = realSet('self-harm');

  it('requires a question once its `when` holds, and refuses it when it does not', () => {
    const asked = validateAnnotation(set, { answers: { verdict: 'selfharm.disclosure.past' } });
    expect(asked.errors.map((e) => e.path)).toEqual(['/answers/urgency', '/answers/signals']);
    expect(asked.errors[0]!.message).toBe('Missing answer to required question urgency (asked because verdict is "selfharm.disclosure.past")');
    const notAsked = validateAnnotation(set, { answers: { verdict: 'selfharm.none', urgency: 'urgency.routine' } });
    expect(notAsked.errors).toEqual([{ path: '/answers/urgency', message: 'Unexpected answer to urgency: it is asked only when verdict is one of selfharm.disclosure or a label below one' }]);
  });
});
