/**
 * Malformed, hostile and huge input: anything at all given as a record is
 * counted (read = used + invalid + duplicates) and never throws; a 1 MiB
 * text is kept truncated; an item with thousands of annotators, answers with
 * a hundred thousand spans and a million records are measured, not fatal.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_TEXT_LENGTH, QualityAccumulator } from '../src/index.js';
import { memorySet, rec, toySet } from './support.js';

describe('hostile records', () => {
  it('counts anything given as a record and never throws', () => {
    const set = toySet();
    const nearRecord = fc.record(
      {
        item: fc.oneof(fc.record({ id: fc.oneof(fc.string(), fc.integer(), fc.double(), fc.constant(null)), text: fc.oneof(fc.string(), fc.integer()) }, { requiredKeys: [] }), fc.anything()),
        annotator: fc.oneof(fc.string(), fc.anything()),
        version: fc.constantFrom('1.0.0', '0.1.0', 3),
        answers: fc.oneof(fc.dictionary(fc.constantFrom('verdict', 'topics', 'severity', 'spans', 'note', '__proto__', 'constructor'), fc.anything()), fc.anything()),
        annotations: fc.array(fc.anything(), { maxLength: 3 }),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.anything(), nearRecord), { maxLength: 30 }), (values) => {
        const acc = new QualityAccumulator(set, { resamples: 5 });
        for (const v of values) acc.add(v);
        const report = acc.report();
        const r = report.records;
        expect(r.read).toBe(r.used + r.invalid + r.duplicates);
        expect(report.problems.length).toBe(Math.min(r.invalid, 1000));
        for (const p of report.problems) for (const e of p.errors) expect(typeof e.message).toBe('string');
      }),
      { numRuns: 400, seed: 20261207 },
    );
  });

  it('keeps a 1 MiB item text truncated for the case studies', () => {
    const acc = new QualityAccumulator(toySet(), { resamples: 5 });
    const huge = 'x'.repeat(1024 * 1024);
    acc.add(rec('big', 'a', { verdict: 'none' }, huge));
    acc.add(rec('big', 'b', { verdict: 'spam' }));
    const report = acc.report();
    expect(report.records.used).toBe(2);
    const text = report.disagreements[0]!.text!;
    expect(text).toHaveLength(MAX_TEXT_LENGTH);
    expect(text.endsWith('…')).toBe(true);
  });

  it('measures an item with 5,000 annotators and finds their duplicates', () => {
    const acc = new QualityAccumulator(toySet(), { resamples: 20 });
    for (let a = 0; a < 5000; a++) acc.add(rec('crowded', `a${a}`, { verdict: a % 4 ? 'none' : 'spam' }));
    for (let a = 0; a < 5000; a += 10) acc.add(rec('crowded', `a${a}`, { verdict: 'none' }));
    const report = acc.report();
    expect(report.records).toMatchObject({ read: 5500, used: 5000, duplicates: 500 });
    const verdict = report.questions[0]!;
    expect(verdict.annotations).toBe(5000);
    // 1,250 spam answers (multiples of 4) less the 250 at multiples of 20 that a later record turned to none.
    expect(verdict.labels.find((l) => l.id === 'spam')!.prevalence).toBe(1000 / 5000);
  });

  it('measures answers with 100,000 spans each', () => {
    const acc = new QualityAccumulator(toySet(), { resamples: 5 });
    const spans = (shift: number) => Array.from({ length: 100_000 }, (_, i) => ({ label: i % 2 ? 'span.x' : 'span.y', start: i * 10 + shift, end: i * 10 + 5 }));
    acc.add(rec('long', 'a', { verdict: 'none', spans: spans(0) }));
    acc.add(rec('long', 'b', { verdict: 'none', spans: spans(1) }));
    const f1 = acc.report().questions.find((q) => q.id === 'spans')!.f1!;
    expect(f1).toEqual({ exact: 0, overlap: 1 });
  });
});

describe('a million records', () => {
  it('are measured in one pass (100,000 items × 10 annotators)', () => {
    const set = memorySet({ id: 'big', version: '1.0.0', questions: [{ id: 'label', type: 'single', prompt: 'Label?', required: true, options: ['p', 'q', 'r'].map((id) => ({ id, title: id })) }] });
    const acc = new QualityAccumulator(set);
    const labels = ['p', 'q', 'r'];
    for (let i = 0; i < 100_000; i++) {
      const id = `item-${i}`;
      // Annotator 9 always says the next label; the others agree.
      for (let a = 0; a < 10; a++) acc.add({ item: { id }, annotator: `a${a}`, answers: { label: labels[(i + (a === 9 ? 1 : 0)) % 3] } });
    }
    const report = acc.report();
    expect(report.records).toMatchObject({ read: 1_000_000, used: 1_000_000, invalid: 0 });
    const q = report.questions[0]!;
    expect([q.items, q.pairable, q.annotations, q.annotators]).toEqual([100_000, 100_000, 1_000_000, 10]);
    // Per item: 9 agree, 1 differs: 72 agreeing of 90 ordered pairs.
    expect(q.percentAgreement).toBeCloseTo(72 / 90, 12);
    expect(q.fleissKappa).not.toBeNull();
    expect(q.alpha!.low!).toBeLessThanOrEqual(q.alpha!.value);
    expect(report.annotators.find((a) => a.id === 'a9')!.agreement).toBe(0);
  });
});
