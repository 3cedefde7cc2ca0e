/**
 * Three labelers who disagree on purpose, on the small set of
 * tests/fixtures/clean-set (eight examples): the first answers every example
 * as it says, the second and third otherwise on a few items. The 1.4.0
 * editor test (clicks, then `rubric quality` and the registry) and the Label
 * Studio server test (annotations pulled by the registry) measure the same
 * answers, so both hold the report to the same figures, worked out by hand
 * below.
 */
import type { QualityReport } from '@rubric/quality/read';
import { expect } from 'vitest';

/** Per labeler (by position), the examples they answer otherwise, and how. */
export const DISAGREE: Record<number, Record<string, { verdict: string; target?: string[] }>> = {
  1: { 'example-5': { verdict: 'abuse.insult', target: ['target.group'] }, 'example-6': { verdict: 'abuse.threat', target: ['target.person'] } },
  2: { 'example-1': { verdict: 'none' }, 'example-5': { verdict: 'abuse.insult', target: ['target.group'] } },
};

/** What labeler `i` answers to an example whose own answers are `expected`. */
export function answerOf(i: number, example: string, expected: Record<string, unknown>): { verdict: string; target?: string[] } {
  return DISAGREE[i]?.[example] ?? { verdict: expected.verdict as string, ...(expected.target ? { target: expected.target as string[] } : {}) };
}

/**
 * The figures by hand. Verdict values per item (labelers 1, 2, 3):
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
 *   labeler 1 13/13; labeler 2 misses the verdicts of ex5 and ex6: 11/13; labeler 3 misses ex1
 *   (verdict, and the target left unanswered counts as wrong) and ex5's verdict: 10/13.
 *   Verdict over gold: 20 of 24 right.
 */
export function expectHandFigures(report: QualityReport, annotators: readonly [string, string, string]): void {
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
  expect([...byId.keys()].sort()).toEqual([...annotators].sort());
  expect(byId.get(annotators[0])).toMatchObject({ annotations: 8, goldAnswers: 13, goldAccuracy: 1 });
  expect(byId.get(annotators[1])!.goldAccuracy).toBeCloseTo(11 / 13, 12);
  expect(byId.get(annotators[2])!.goldAccuracy).toBeCloseTo(10 / 13, 12);
  // The most disagreed items are the three the labelers disagreed on.
  expect(report.disagreements.filter((d) => d.question === 'verdict').map((d) => d.item).sort()).toEqual(['example-1', 'example-5', 'example-6']);
}
