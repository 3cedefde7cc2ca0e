/**
 * Property tests (fast-check): the fast code agrees with the definitions
 * written out naively; perfect agreement gives 1; relabeling the values
 * changes nothing; the report does not depend on the order of the records
 * (bootstrap interval included, since the seed is hashed from the data in
 * item order); spans counted by sweep equal spans counted pairwise.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bootstrap } from '../src/bootstrap.js';
import { decodeReplicates, encodeReplicates, krippendorffAlpha, QualityAccumulator, SpanAgreement } from '../src/index.js';
import { mulberry32 } from '../src/random.js';
import { codeUnits } from '../src/units.js';
import { masiDelta, naiveAlpha, naiveSpanF1, nominalDelta, ordinalDelta } from './naive.js';
import { rec, toySet } from './support.js';

const RUNS = { numRuns: 200, seed: 20261207 };

/** Reliability data: 1-30 units of 0-6 values each, from `values`. */
const unitsOf = <T>(values: fc.Arbitrary<T>) => fc.array(fc.array(values, { maxLength: 6 }), { minLength: 1, maxLength: 30 });
const labelSets = fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd'), { minLength: 1, maxLength: 4 }).map((s) => [...s].sort());

const close = (a: number | null, b: number | null): void => {
  if (a === null || b === null) expect(a).toBe(b);
  else expect(a).toBeCloseTo(b, 9);
};

describe("Krippendorff's alpha", () => {
  it('equals the coincidence-matrix definition for nominal, ordinal and MASI data', () => {
    fc.assert(
      fc.property(unitsOf(fc.integer({ min: 1, max: 5 })), (units) => {
        close(krippendorffAlpha(units.map((u) => u.map((v) => `l${v}`)), 'nominal'), naiveAlpha(units.map((u) => u.map((v) => `l${v}`)), nominalDelta));
        close(krippendorffAlpha(units, 'ordinal'), naiveAlpha(units.map((u) => u.map(String)), ordinalDelta, (a, b) => Number(a) - Number(b)));
      }),
      RUNS,
    );
    fc.assert(
      fc.property(unitsOf(labelSets), (units) => {
        close(krippendorffAlpha(units, 'masi'), naiveAlpha(units.map((u) => u.map((s) => s.join('|'))), masiDelta));
      }),
      RUNS,
    );
  });

  it('is 1 for perfect agreement, whatever the metric', () => {
    const perfect = <T>(values: fc.Arbitrary<T>) =>
      fc
        .array(fc.tuple(values, fc.integer({ min: 2, max: 6 })), { minLength: 2, maxLength: 20 })
        .map((units) => units.map(([v, m]) => Array.from({ length: m }, () => v)))
        // Alpha needs some variation between units (else D_e = 0 and it is undefined).
        .filter((units) => new Set(units.map((u) => JSON.stringify(u[0]))).size > 1);
    fc.assert(
      fc.property(perfect(fc.constantFrom('x', 'y', 'z')), (units) => {
        expect(krippendorffAlpha(units, 'nominal')).toBe(1);
      }),
      RUNS,
    );
    fc.assert(
      fc.property(perfect(fc.integer({ min: 1, max: 7 })), (units) => {
        expect(krippendorffAlpha(units, 'ordinal')).toBe(1);
      }),
      RUNS,
    );
    fc.assert(
      fc.property(perfect(labelSets), (units) => {
        expect(krippendorffAlpha(units, 'masi')).toBe(1);
      }),
      RUNS,
    );
  });

  it('does not change when the values are relabeled (a bijection; for ordinal, an order-keeping one)', () => {
    fc.assert(
      fc.property(unitsOf(fc.integer({ min: 0, max: 4 })), fc.shuffledSubarray(['p', 'q', 'r', 's', 't'], { minLength: 5, maxLength: 5 }), (units, names) => {
        const base = krippendorffAlpha(units.map((u) => u.map((v) => `v${v}`)), 'nominal');
        close(krippendorffAlpha(units.map((u) => u.map((v) => names[v]!)), 'nominal'), base);
        close(krippendorffAlpha(units.map((u) => u.map((v) => 3 * v * v + 10)), 'ordinal'), krippendorffAlpha(units, 'ordinal'));
        const sets = units.map((u) => u.map((v) => [`v${v}`, `v${(v + 1) % 5}`]));
        close(krippendorffAlpha(sets.map((u) => u.map((s) => s.map((x) => names[Number(x.slice(1))]!))), 'masi'), krippendorffAlpha(sets, 'masi'));
      }),
      RUNS,
    );
  });
});

/** Valid answers of the toy set. */
const toyAnswers = fc.record({
  verdict: fc.constantFrom('none', 'abuse', 'abuse.insult', 'abuse.threat', 'spam', 'old'),
  topics: fc.option(fc.uniqueArray(fc.constantFrom('topic.a', 'topic.b', 'topic.c'), { minLength: 1, maxLength: 3 }), { nil: undefined }),
  severity: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
  spans: fc.option(fc.array(fc.record({ label: fc.constantFrom('span.x', 'span.y'), start: fc.integer({ min: 0, max: 8 }), end: fc.integer({ min: 0, max: 12 }) }).filter((s) => s.end >= s.start), { maxLength: 3 }), { nil: undefined }),
});
const toyRecords = fc.array(fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 4 }), toyAnswers), { minLength: 1, maxLength: 60 }).map((rows) => {
  // One record per (item, annotator): duplicates are a question of order by definition (the later wins).
  const seen = new Set<string>();
  return rows.filter(([i, a]) => !seen.has(`${i}/${a}`) && seen.add(`${i}/${a}`)).map(([i, a, answers]) => rec(`item-${i}`, `a${a}`, Object.fromEntries(Object.entries(answers).filter(([, v]) => v !== undefined)), `text ${i}`));
});

describe('the report', () => {
  const set = toySet();
  const reportOf = (records: Record<string, unknown>[]) => {
    const acc = new QualityAccumulator(set, { resamples: 40 });
    records.forEach((r, i) => acc.add(r, { line: i + 1 }));
    return acc.report();
  };

  it('does not depend on the order of the records (figures, intervals and kept replicates)', () => {
    fc.assert(
      fc.property(toyRecords.chain((records) => fc.tuple(fc.constant(records), fc.shuffledSubarray(records, { minLength: records.length, maxLength: records.length }))), ([records, shuffled]) => {
        const a = reportOf(records);
        expect(a.records.invalid).toBe(0);
        expect(reportOf(shuffled)).toEqual(a);
      }),
      { numRuns: 60, seed: 20261207 },
    );
  });

  it('gives each label the alpha of its binary coding ("chose it or one below"), the same as krippendorffAlpha on that data', () => {
    fc.assert(
      fc.property(toyRecords, (records) => {
        const report = reportOf(records);
        const verdict = report.questions[0]!;
        const byItem = new Map<string, string[]>();
        for (const r of records) byItem.set((r.item as { id: string }).id, [...(byItem.get((r.item as { id: string }).id) ?? []), (r.answers as { verdict: string }).verdict]);
        for (const label of verdict.labels) {
          const units = [...byItem.values()].map((vs) => vs.map((v) => (v === label.id || v.startsWith(`${label.id}.`) ? 'yes' : 'no')));
          close(label.alpha, krippendorffAlpha(units, 'nominal'));
        }
      }),
      { numRuns: 80, seed: 20261207 },
    );
  });

  it('is 1 everywhere it is defined when every annotator gives the same answers', () => {
    fc.assert(
      fc.property(fc.array(toyAnswers, { minLength: 2, maxLength: 12 }), fc.integer({ min: 2, max: 5 }), (answers, annotators) => {
        const records = answers.flatMap((a, i) => Array.from({ length: annotators }, (_, j) => rec(`i${i}`, `a${j}`, Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)))));
        const report = reportOf(records);
        for (const q of report.questions) {
          if (q.alpha) expect(q.alpha.value).toBe(1);
          if (q.percentAgreement !== null) expect(q.percentAgreement).toBe(1);
          for (const l of q.labels) if (l.alpha !== null) expect(l.alpha).toBe(1);
          for (const l of q.labels) if (l.f1?.exact != null) expect([l.f1.exact, l.f1.overlap]).toEqual([1, 1]);
          expect(q.confusions).toEqual([]);
        }
        expect(report.disagreements).toEqual([]);
      }),
      { numRuns: 60, seed: 20261207 },
    );
  });
});

describe('span F1', () => {
  const spanItems = fc.array(
    fc.array(fc.array(fc.record({ label: fc.integer({ min: 0, max: 1 }), start: fc.integer({ min: 0, max: 15 }), len: fc.integer({ min: 0, max: 6 }) }).map((s) => ({ label: s.label, start: s.start, end: s.start + s.len })), { maxLength: 5 }), { minLength: 0, maxLength: 7 }),
    { minLength: 1, maxLength: 6 },
  );
  const flat = (spans: { label: number; start: number; end: number }[]) => spans.flatMap((s) => [s.label, s.start, s.end]);

  it('counted pairwise, counted by sweep and by the definition are the same', () => {
    fc.assert(
      fc.property(spanItems, (items) => {
        const pairwise = new SpanAgreement(2, Number.POSITIVE_INFINITY);
        const sweep = new SpanAgreement(2, 0);
        for (const annotators of items) {
          pairwise.addItem(annotators.map(flat));
          sweep.addItem(annotators.map(flat));
        }
        for (const label of [0, 1]) {
          expect(sweep.tallies[label]).toEqual(pairwise.tallies[label]);
          const f1 = pairwise.f1(label);
          close(f1.exact, naiveSpanF1(items, label, false));
          close(f1.overlap, naiveSpanF1(items, label, true));
        }
      }),
      { numRuns: 300, seed: 20261207 },
    );
  });
});

describe('the bootstrap', () => {
  it('draws units with mulberry32 from the seed, floor(draw × units) each', () => {
    const units = Array.from({ length: 7 }, (_, u) => [u, u, u + 1]);
    const table = codeUnits(units, 8);
    const seen: number[][] = [];
    bootstrap(table, 3, 42, 1, (w, out) => {
      seen.push(Array.from(w));
      out[0] = 0;
    });
    const next = mulberry32(42);
    const expected = [0, 1, 2].map(() => {
      const w = new Array(7).fill(0);
      for (let i = 0; i < 7; i++) w[table.unitSignature[Math.floor(next() * 7)]!]++;
      return w;
    });
    expect(seen).toEqual(expected);
  });
});

describe('kept resamples', () => {
  it('round-trip through base64 float32 (NaN kept), and junk decodes to nothing', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double({ min: -2, max: 1, noNaN: true }), fc.constant(Number.NaN)), { maxLength: 40 }), (values) => {
        const back = decodeReplicates(encodeReplicates(values))!;
        expect(Array.from(back)).toEqual(values.map((v) => Math.fround(v)));
      }),
      RUNS,
    );
    for (const junk of [undefined, 3, 'abc', '!!!!', 'AAAA']) expect(decodeReplicates(junk)).toBeUndefined();
  });
});
