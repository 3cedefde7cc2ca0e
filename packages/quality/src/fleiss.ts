/**
 * Fleiss' kappa (Fleiss 1971) and pooled percent agreement. Kappa needs the
 * same number of ratings per subject; it is null otherwise, and when chance
 * agreement is already perfect (one category only).
 */
import type { CodedUnits } from './units.js';

/**
 * Fleiss' kappa of a subjects × categories table of counts (how many raters
 * put subject i in category j); null when the subjects have different
 * numbers of ratings, fewer than two each, or only one category is used.
 */
export function fleissKappa(table: readonly (readonly number[])[]): number | null {
  if (table.length === 0) return null;
  const n = table[0]!.reduce((a, b) => a + b, 0);
  if (n < 2 || table.some((row) => row.reduce((a, b) => a + b, 0) !== n)) return null;
  const categories = Math.max(...table.map((r) => r.length));
  const totals = new Float64Array(categories);
  let agreement = 0;
  for (const row of table) {
    let squares = 0;
    row.forEach((count, j) => {
      squares += count * count;
      totals[j]! += count;
    });
    agreement += (squares - n) / (n * (n - 1));
  }
  return kappa(agreement / table.length, totals, table.length * n);
}

function kappa(observed: number, totals: ArrayLike<number>, all: number): number | null {
  let chance = 0;
  for (let j = 0; j < totals.length; j++) chance += ((totals[j] as number) / all) ** 2;
  return chance >= 1 ? null : (observed - chance) / (1 - chance);
}

/** Fleiss' kappa of coded units (every unit must have the same number of values, else null). */
export function fleissKappaOfUnits(units: CodedUnits): number | null {
  const sigs = units.signatures;
  if (sigs.length === 0) return null;
  const n = sigs[0]!.m;
  if (sigs.some((s) => s.m !== n)) return null;
  const totals = new Float64Array(units.valueCount);
  let agreement = 0;
  let subjects = 0;
  sigs.forEach((sig, s) => {
    const w = units.multiplicity[s] as number;
    let squares = 0;
    for (let j = 0; j < sig.codes.length; j++) {
      const count = sig.counts[j] as number;
      squares += count * count;
      totals[sig.codes[j] as number]! += w * count;
    }
    agreement += (w * (squares - n)) / (n * (n - 1));
    subjects += w;
  });
  return kappa(agreement / subjects, totals, subjects * n);
}

/** Pooled percent agreement: agreeing ordered pairs of values over all ordered pairs, over pairable units; null without pairs. */
export function percentAgreementOfUnits(units: CodedUnits): number | null {
  let agree = 0;
  let pairs = 0;
  units.signatures.forEach((sig, s) => {
    const w = units.multiplicity[s] as number;
    for (let j = 0; j < sig.counts.length; j++) agree += w * (sig.counts[j] as number) * ((sig.counts[j] as number) - 1);
    pairs += w * sig.m * (sig.m - 1);
  });
  return pairs === 0 ? null : agree / pairs;
}
