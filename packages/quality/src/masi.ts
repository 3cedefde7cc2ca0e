/**
 * MASI (Measuring Agreement on Set-valued Items, Passonneau 2006): how far
 * apart two sets of labels are, for `multi` questions. Distance = 1 - J * M,
 * J the Jaccard index, M the monotonicity weight: 1 for equal sets, 2/3 when
 * one contains the other, 1/3 when they overlap otherwise, 0 when disjoint.
 * Passonneau's exact weights, not NLTK's rounded 0.67 / 0.33. Used as
 * alpha's disagreement as is (not squared).
 */

/** MASI distance of two sets given as sorted arrays of distinct numbers (label codes). */
export function masiDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as number;
    const y = b[j] as number;
    if (x === y) {
      common++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  const union = a.length + b.length - common;
  // Two empty sets are the same answer.
  if (union === 0) return 0;
  const jaccard = common / union;
  let monotonicity: number;
  if (common === a.length && common === b.length) monotonicity = 1;
  else if (common === a.length || common === b.length) monotonicity = 2 / 3;
  else if (common > 0) monotonicity = 1 / 3;
  else monotonicity = 0;
  return 1 - jaccard * monotonicity;
}

/** MASI distance of two sets of any values (strings or numbers); duplicates count once. */
export function masi<V extends string | number>(a: Iterable<V>, b: Iterable<V>): number {
  const codes = new Map<V, number>();
  const code = (v: V): number => {
    let c = codes.get(v);
    if (c === undefined) codes.set(v, (c = codes.size));
    return c;
  };
  const sorted = (s: Iterable<V>): number[] => [...new Set([...s].map(code))].sort((x, y) => x - y);
  return masiDistance(sorted(a), sorted(b));
}
