/**
 * Reliability data coded for computation. Values are small integer codes;
 * a unit (an item, for one question) is the multiset of values its
 * annotators gave. Units with the same multiset share a signature, and every
 * statistic here is a weighted sum over signatures: the point estimate
 * weighs each signature by how many units have it, a bootstrap resample by
 * how many times its units were drawn. With annotators who mostly agree,
 * 100,000 units come down to a few thousand signatures.
 */

/** One distinct multiset of values: the codes present, how often each, and the total. */
export interface Signature {
  codes: Int32Array;
  counts: Int32Array;
  /** Number of values (annotators who answered) in the unit. */
  m: number;
}

/** Pairable units (two values or more), as signatures. */
export interface CodedUnits {
  /** Values are codes 0 .. valueCount - 1. */
  valueCount: number;
  signatures: Signature[];
  /** Signature of each unit, in unit order. */
  unitSignature: Int32Array;
  /** Number of units with each signature. */
  multiplicity: Float64Array;
}

/**
 * Codes units of values. `units` gives each unit's value codes (any order);
 * units with fewer than two values are left out (they cannot be paired).
 */
export function codeUnits(units: Iterable<ArrayLike<number>>, valueCount: number): CodedUnits {
  const byKey = new Map<string, number>();
  const signatures: Signature[] = [];
  const unitSignature: number[] = [];
  const multiplicity: number[] = [];
  const counts = new Map<number, number>();
  for (const values of units) {
    if (values.length < 2) continue;
    counts.clear();
    for (let i = 0; i < values.length; i++) {
      const code = values[i] as number;
      counts.set(code, (counts.get(code) ?? 0) + 1);
    }
    const codes = [...counts.keys()].sort((a, b) => a - b);
    let key = '';
    for (const c of codes) key += `${c}:${counts.get(c)},`;
    let sig = byKey.get(key);
    if (sig === undefined) {
      sig = signatures.length;
      byKey.set(key, sig);
      signatures.push({ codes: Int32Array.from(codes), counts: Int32Array.from(codes, (c) => counts.get(c) as number), m: values.length });
      multiplicity.push(0);
    }
    multiplicity[sig]! += 1;
    unitSignature.push(sig);
  }
  return { valueCount, signatures, unitSignature: Int32Array.from(unitSignature), multiplicity: Float64Array.from(multiplicity) };
}

/** The canonical text of a signature (its codes and counts), for seeding. */
export function signatureKey(sig: Signature): string {
  let key = '';
  for (let j = 0; j < sig.codes.length; j++) key += `${sig.codes[j]}:${sig.counts[j]},`;
  return key;
}
