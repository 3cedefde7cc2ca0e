/**
 * A simulation with known annotator accuracy: items have a true label
 * (uniform over 4), annotator i gives it with probability p_i and otherwise
 * one of the 3 others at random. Then
 *
 *   - each annotator's gold accuracy recovers p_i (within its binomial 99.9% band);
 *   - alpha's 95% bootstrap interval holds the value the accuracies imply:
 *     agreement of a pair P_ij = p_i p_j + (1 - p_i)(1 - p_j) / 3, chance
 *     agreement 1/4 (every annotator's answers are uniform), alpha =
 *     (mean P_ij - 1/4) / (1 - 1/4), with the small-sample term n/(n-1) that
 *     alpha carries beyond kappa;
 *   - and a wrong formula (say, chance agreement left out) falls outside.
 * Three independent seeds, each a deterministic run.
 */
import { describe, expect, it } from 'vitest';
import { QualityAccumulator } from '../src/index.js';
import { mulberry32 } from '../src/random.js';
import { memorySet } from './support.js';

const LABELS = ['a', 'b', 'c', 'd'];
const ACCURACY = [0.55, 0.65, 0.72, 0.8, 0.88, 0.95];
const ITEMS = 800;
const GOLD = 400;

const set = memorySet({ id: 'sim', version: '1.0.0', questions: [{ id: 'label', type: 'single', prompt: 'Label?', required: true, options: LABELS.map((id) => ({ id, title: id })) }] });

function simulate(seed: number) {
  const random = mulberry32(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
  const acc = new QualityAccumulator(set);
  const truth = Array.from({ length: ITEMS }, () => pick(LABELS));
  truth.slice(0, GOLD).forEach((label, i) => acc.addGold({ item: { id: `item-${i}` }, answers: { label } }));
  truth.forEach((label, i) =>
    ACCURACY.forEach((p, a) => {
      const answer = random() < p ? label : pick(LABELS.filter((l) => l !== label));
      acc.add({ item: { id: `item-${i}` }, annotator: `a${a}`, answers: { label: answer } });
    }),
  );
  return acc.report();
}

/** Alpha implied by the accuracies, for n values in all. */
function expectedAlpha(n: number): number {
  let pairs = 0;
  let agree = 0;
  for (let i = 0; i < ACCURACY.length; i++) {
    for (let j = i + 1; j < ACCURACY.length; j++) {
      const [p, q] = [ACCURACY[i]!, ACCURACY[j]!];
      agree += p * q + ((1 - p) * (1 - q)) / (LABELS.length - 1);
      pairs++;
    }
  }
  const observed = agree / pairs;
  const chance = 1 / LABELS.length;
  // Alpha's expected disagreement divides by n - 1 where kappa's divides by n.
  return 1 - ((1 - observed) / (1 - chance)) * ((n - 1) / n);
}

describe('a simulation with known annotator accuracy', () => {
  for (const seed of [1, 2, 3]) {
    it(`recovers the accuracies and alpha within their intervals (seed ${seed})`, () => {
      const report = simulate(seed);
      const q = report.questions[0]!;
      expect(report.records).toMatchObject({ read: ITEMS * ACCURACY.length, used: ITEMS * ACCURACY.length, invalid: 0, duplicates: 0 });
      expect(q.gold).toMatchObject({ items: GOLD });
      for (const [a, p] of ACCURACY.entries()) {
        const annotator = report.annotators.find((x) => x.id === `a${a}`)!;
        expect(annotator.goldAnswers).toBe(GOLD);
        const band = 3.3 * Math.sqrt((p * (1 - p)) / GOLD);
        expect(Math.abs(annotator.goldAccuracy! - p), `a${a}: ${annotator.goldAccuracy} vs ${p}`).toBeLessThan(band);
      }
      const alpha = q.alpha!;
      const implied = expectedAlpha(q.annotations);
      expect(alpha.low!).toBeLessThanOrEqual(implied);
      expect(alpha.high!).toBeGreaterThanOrEqual(implied);
      // The interval is informative: narrower than 0.1, and the same data without chance correction lies outside it.
      expect(alpha.high! - alpha.low!).toBeLessThan(0.1);
      const uncorrected = q.percentAgreement!;
      expect(uncorrected < alpha.low! || uncorrected > alpha.high!).toBe(true);
    });
  }
});
