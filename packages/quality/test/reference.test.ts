/**
 * Published reference values, through the library functions and through the
 * whole accumulator (records in, report out): Krippendorff's worked example
 * (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability": 4
 * observers, 12 units, missing values; nominal 0.743, ordinal 0.815, and
 * interval 0.849 as the `krippendorff` Python package gives), Fleiss 1971
 * (10 subjects, 14 raters, 5 categories: kappa 0.210) and MASI's weights
 * (Passonneau 2006).
 */
import { describe, expect, it } from 'vitest';
import { fleissKappa, krippendorffAlpha, krippendorffAlphaMatrix, masi, QualityAccumulator } from '../src/index.js';
import { memorySet } from './support.js';

const _ = null;
/** Krippendorff 2011, section C: observers A-D (rows) by units 1-12 (columns); a dot in the paper is null here. */
const KRIPPENDORFF_2011 = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
  [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
];

/** Fleiss 1971, table 1: how many of 14 raters put each of 10 subjects in each of 5 categories. */
const FLEISS_1971 = [
  [0, 0, 0, 0, 14],
  [0, 2, 6, 4, 2],
  [0, 0, 3, 5, 6],
  [0, 3, 9, 2, 0],
  [2, 2, 8, 1, 1],
  [7, 7, 0, 0, 0],
  [3, 2, 6, 3, 0],
  [2, 5, 3, 2, 2],
  [6, 5, 2, 1, 0],
  [0, 2, 2, 3, 7],
];

/** A set whose single question has labels v1..v5 and whose rating question goes from 1 to 5. */
const fiveValues = () =>
  memorySet({
    id: 'five',
    version: '1.0.0',
    questions: [
      { id: 'category', type: 'single', prompt: 'Category?', required: false, options: [1, 2, 3, 4, 5].map((v) => ({ id: `v${v}`, title: `V${v}` })) },
      { id: 'score', type: 'rating', prompt: 'Score?', required: false, min: 1, max: 5 },
    ],
  });

describe("Krippendorff's worked example (2011)", () => {
  it('gives nominal 0.743, ordinal 0.815 and interval 0.849 from the matrix', () => {
    expect(krippendorffAlphaMatrix(KRIPPENDORFF_2011, 'nominal')!.toFixed(3)).toBe('0.743');
    expect(krippendorffAlphaMatrix(KRIPPENDORFF_2011, 'ordinal')!.toFixed(3)).toBe('0.815');
    expect(krippendorffAlphaMatrix(KRIPPENDORFF_2011, 'interval')!.toFixed(3)).toBe('0.849');
    // To 14 digits, the values the `krippendorff` Python package (0.9.0) computes for the same matrix.
    expect(krippendorffAlphaMatrix(KRIPPENDORFF_2011, 'nominal')).toBeCloseTo(0.743421052631579, 14);
    expect(krippendorffAlphaMatrix(KRIPPENDORFF_2011, 'ordinal')).toBeCloseTo(0.8153875037548814, 14);
    expect(krippendorffAlphaMatrix(KRIPPENDORFF_2011, 'interval')).toBeCloseTo(0.8491071428571428, 14);
  });

  it('gives the same from annotation records: nominal for a single question, ordinal for a rating', () => {
    const acc = new QualityAccumulator(fiveValues());
    const observers = ['A', 'B', 'C', 'D'];
    KRIPPENDORFF_2011.forEach((row, o) =>
      row.forEach((v, u) => {
        if (v !== null) acc.add({ item: { id: `unit-${u + 1}` }, annotator: observers[o], answers: { category: `v${v}`, score: v } });
      }),
    );
    const report = acc.report();
    const [category, score] = report.questions;
    expect(category!.metric).toBe('nominal');
    expect(category!.alpha!.value).toBeCloseTo(0.743421052631579, 14);
    expect(score!.metric).toBe('ordinal');
    expect(score!.alpha!.value).toBeCloseTo(0.8153875037548814, 14);
    // 12 units, 11 with two values or more (unit 12 has one), 41 values (9 + 11 + 10 + 11).
    expect([category!.items, category!.pairable, category!.annotations, category!.annotators]).toEqual([12, 11, 41, 4]);
    expect(category!.alpha!.low!).toBeLessThan(category!.alpha!.value);
    expect(category!.alpha!.high!).toBeGreaterThan(category!.alpha!.value);
  });

  it('takes units as lists of values with the same result', () => {
    const units = KRIPPENDORFF_2011[0]!.map((_, u) => KRIPPENDORFF_2011.map((r) => r[u]).filter((v): v is number => v !== null));
    expect(krippendorffAlpha(units, 'nominal')).toBeCloseTo(0.743421052631579, 14);
    expect(krippendorffAlpha(units.map((u) => u.map(String)), 'nominal')).toBeCloseTo(0.743421052631579, 14);
  });
});

describe("Fleiss' 1971 example", () => {
  it('gives kappa 0.210 from the table', () => {
    expect(fleissKappa(FLEISS_1971)!.toFixed(3)).toBe('0.210');
    expect(fleissKappa(FLEISS_1971)).toBeCloseTo(0.20993070442195522, 14);
  });

  it('gives the same from 140 annotation records, and null when raters per subject differ', () => {
    const acc = new QualityAccumulator(fiveValues());
    FLEISS_1971.forEach((row, subject) => {
      let rater = 0;
      row.forEach((count, category) => {
        for (let i = 0; i < count; i++) acc.add({ item: { id: `s${subject}` }, annotator: `r${rater++}`, answers: { category: `v${category + 1}` } });
      });
    });
    expect(acc.report().questions[0]!.fleissKappa).toBeCloseTo(0.20993070442195522, 14);
    acc.add({ item: { id: 'extra' }, annotator: 'r0', answers: { category: 'v1' } });
    acc.add({ item: { id: 'extra' }, annotator: 'r1', answers: { category: 'v2' } });
    const q = acc.report().questions[0]!;
    expect(q.fleissKappa).toBeNull();
    expect('fleissKappa' in q).toBe(true);
    expect(fleissKappa([[1, 1], [2, 1]])).toBeNull();
  });
});

describe('MASI (Passonneau 2006)', () => {
  it("uses the exact monotonicity weights 1, 2/3, 1/3, 0 (not NLTK's 0.67 and 0.33)", () => {
    expect(masi(['a', 'b'], ['b', 'a'])).toBe(0);
    expect(masi(['a'], ['a', 'b'])).toBeCloseTo(1 - (1 / 2) * (2 / 3), 15);
    expect(masi(['a', 'b'], ['b', 'c'])).toBeCloseTo(1 - (1 / 3) * (1 / 3), 15);
    expect(masi(['a'], ['b'])).toBe(1);
    expect(masi(['a', 'a'], ['a'])).toBe(0);
  });
});
