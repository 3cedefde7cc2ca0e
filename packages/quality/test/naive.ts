/**
 * Straightforward implementations of the definitions, written from the papers
 * without the package's signatures, linear sums or sweeps, to check the fast
 * code against (slow, for small inputs only).
 */

/** Krippendorff's alpha from the coincidence matrix (Krippendorff 2011, section C), with a distance over value keys. */
export function naiveAlpha(units: readonly (readonly string[])[], delta: (a: string, b: string, marginals: Map<string, number>, order: string[]) => number, order?: (a: string, b: string) => number): number | null {
  const o = new Map<string, Map<string, number>>();
  const add = (a: string, b: string, v: number): void => {
    const row = o.get(a) ?? new Map<string, number>();
    row.set(b, (row.get(b) ?? 0) + v);
    o.set(a, row);
  };
  for (const unit of units) {
    const m = unit.length;
    if (m < 2) continue;
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) if (i !== j) add(unit[i]!, unit[j]!, 1 / (m - 1));
  }
  const values = [...o.keys()].sort(order);
  const n_c = new Map(values.map((c) => [c, [...o.get(c)!.values()].reduce((x, y) => x + y, 0)]));
  const n = [...n_c.values()].reduce((x, y) => x + y, 0);
  if (n === 0) return null;
  let observed = 0;
  let expected = 0;
  for (const c of values) {
    for (const k of values) {
      const d = delta(c, k, n_c, values);
      observed += (o.get(c)!.get(k) ?? 0) * d;
      expected += n_c.get(c)! * n_c.get(k)! * d;
    }
  }
  if (expected === 0) return null;
  return 1 - ((n - 1) * observed) / expected;
}

export const nominalDelta = (a: string, b: string): number => (a === b ? 0 : 1);

/** Ordinal distance over values in `order` (ranks), from the marginals. */
export const ordinalDelta = (a: string, b: string, marginals: Map<string, number>, order: string[]): number => {
  let i = order.indexOf(a);
  let j = order.indexOf(b);
  if (i > j) [i, j] = [j, i];
  let sum = 0;
  for (let g = i; g <= j; g++) sum += marginals.get(order[g]!)!;
  return (sum - (marginals.get(order[i]!)! + marginals.get(order[j]!)!) / 2) ** 2;
};

/** MASI distance of two sets written as sorted ids joined by '|'. */
export const masiDelta = (a: string, b: string): number => {
  const A = new Set(a ? a.split('|') : []);
  const B = new Set(b ? b.split('|') : []);
  const common = [...A].filter((x) => B.has(x)).length;
  const union = new Set([...A, ...B]).size;
  if (union === 0) return 0;
  const m = common === A.size && common === B.size ? 1 : common === A.size || common === B.size ? 2 / 3 : common > 0 ? 1 / 3 : 0;
  return 1 - (common / union) * m;
};

/** Span F1 by its definition: over every pair of annotators of every item, matched spans both ways over all spans. */
export function naiveSpanF1(items: readonly (readonly { label: number; start: number; end: number }[][])[], label: number, overlap: boolean): number | null {
  let matched = 0;
  let total = 0;
  for (const annotators of items) {
    const sets = annotators.map((spans) => {
      const seen = new Set<string>();
      return spans.filter((s) => s.label === label && !seen.has(`${s.start}:${s.end}`) && seen.add(`${s.start}:${s.end}`));
    });
    for (let a = 0; a < sets.length; a++) {
      for (let b = a + 1; b < sets.length; b++) {
        const A = sets[a]!;
        const B = sets[b]!;
        const hit = (x: { start: number; end: number }, Y: { start: number; end: number }[]): boolean => Y.some((y) => (x.start === y.start && x.end === y.end) || (overlap && x.start < x.end && y.start < y.end && x.start < y.end && y.start < x.end));
        matched += A.filter((x) => hit(x, B)).length + B.filter((y) => hit(y, A)).length;
        total += A.length + B.length;
      }
    }
  }
  return total === 0 ? null : matched / total;
}
