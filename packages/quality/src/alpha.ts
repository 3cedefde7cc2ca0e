/**
 * Krippendorff's alpha (Krippendorff 2011, "Computing Krippendorff's
 * Alpha-Reliability") over coded units: alpha = 1 - D_o / D_e with
 *
 *   D_o = 1/n * sum_u 1/(m_u - 1) * sum_{c != k} n_uc n_uk delta(c, k)
 *   D_e = 1/(n (n - 1)) * sum_{c != k} n_c n_k delta(c, k)
 *
 * over pairable units only (m_u >= 2 values), n_c the values' marginals and n
 * their sum; null when no unit is pairable or D_e is 0 (every value the
 * same).
 *
 * Every sum alpha needs is linear in how often each unit counts, so a
 * statistic is written as sums over signatures (see units.ts) plus a final
 * step: the estimate weighs each signature by its units, each bootstrap
 * resample by its draws, and both run the same tight loop (LinearStats).
 */
import { masiDistance } from './masi.js';
import { codeUnits, type CodedUnits, type Signature } from './units.js';

/** The distance alpha uses: nominal (labels), ordinal (ranks), interval (numbers), MASI (sets of labels). */
export type AlphaMetric = 'nominal' | 'ordinal' | 'interval' | 'masi';

/** A statistic whose sums are linear in the signature weights, and how to finish it from them. */
export interface LinearStatistic {
  /** Sums it keeps. */
  readonly size: number;
  /** Values it gives. */
  readonly outputs: number;
  /** One signature's contribution to the sums (per unit with that signature). */
  contribute(sig: Signature, emit: (slot: number, value: number) => void): void;
  /** The values from `sums[at .. at + size)` into `out[outAt ..]`; NaN where undefined. */
  finish(sums: Float64Array, at: number, out: Float64Array, outAt: number): void;
}

/**
 * Statistics over one table, evaluated for any signature weights: the sums
 * are one sparse matrix-vector product (CSR rows per signature), then each
 * statistic finishes from its part.
 */
export class LinearStats {
  readonly outputs: number;
  private readonly start: Int32Array;
  private readonly slot: Int32Array;
  private readonly value: Float64Array;
  private readonly sums: Float64Array;
  private readonly offsets: number[] = [];

  constructor(
    readonly table: CodedUnits,
    private readonly statistics: LinearStatistic[],
  ) {
    let size = 0;
    let outputs = 0;
    for (const st of statistics) {
      this.offsets.push(size);
      size += st.size;
      outputs += st.outputs;
    }
    this.outputs = outputs;
    this.sums = new Float64Array(size);
    const start = [0];
    const slots: number[] = [];
    const values: number[] = [];
    // Entries of one signature for the same slot are merged, so the product loop stays short.
    const row = new Map<number, number>();
    for (const sig of table.signatures) {
      row.clear();
      statistics.forEach((st, i) => {
        const base = this.offsets[i] as number;
        st.contribute(sig, (slot, v) => {
          if (v !== 0) row.set(base + slot, (row.get(base + slot) ?? 0) + v);
        });
      });
      for (const [s, v] of row) {
        slots.push(s);
        values.push(v);
      }
      start.push(slots.length);
    }
    this.start = Int32Array.from(start);
    this.slot = Int32Array.from(slots);
    this.value = Float64Array.from(values);
  }

  /** Every statistic's values for signature weights, into `out` (statistics in order). */
  evaluate(weights: ArrayLike<number>, out: Float64Array): void {
    const sums = this.sums;
    sums.fill(0);
    const { start, slot, value } = this;
    const K = start.length - 1;
    for (let s = 0; s < K; s++) {
      const w = weights[s] as number;
      if (w === 0) continue;
      const end = start[s + 1] as number;
      for (let j = start[s] as number; j < end; j++) sums[slot[j] as number]! += w * (value[j] as number);
    }
    let outAt = 0;
    this.statistics.forEach((st, i) => {
      st.finish(sums, this.offsets[i] as number, out, outAt);
      outAt += st.outputs;
    });
  }
}

/** Sums n_c (slots 0 .. V-1) and the observed disagreement (slot V) for a fixed distance. */
function fixedDistance(valueCount: number, distance: (c: number, k: number) => number, expected: (n_c: Float64Array, at: number) => number): LinearStatistic {
  const V = valueCount;
  return {
    size: V + 1,
    outputs: 1,
    contribute(sig, emit) {
      let observed = 0;
      for (let a = 0; a < sig.codes.length; a++) {
        emit(sig.codes[a] as number, sig.counts[a] as number);
        for (let b = a + 1; b < sig.codes.length; b++) observed += 2 * (sig.counts[a] as number) * (sig.counts[b] as number) * distance(sig.codes[a] as number, sig.codes[b] as number);
      }
      emit(V, observed / (sig.m - 1));
    },
    finish(sums, at, out, outAt) {
      let n = 0;
      for (let c = 0; c < V; c++) n += sums[at + c] as number;
      const e = n < 2 ? 0 : expected(sums, at) / (n - 1);
      out[outAt] = e > 0 ? 1 - (sums[at + V] as number) / e : Number.NaN;
    },
  };
}

/** Nominal alpha: delta = 1 between different values. */
export function nominalAlpha(valueCount: number): LinearStatistic {
  return fixedDistance(
    valueCount,
    () => 1,
    (sums, at) => {
      let n = 0;
      let squares = 0;
      for (let c = 0; c < valueCount; c++) {
        const v = sums[at + c] as number;
        n += v;
        squares += v * v;
      }
      return n * n - squares;
    },
  );
}

/** Above this many distinct values a distance matrix is not kept (it takes valueCount² doubles). */
const MAX_MATRIX_VALUES = 2048;

/** Alpha with a fixed distance between values given by a function (interval, MASI). */
export function matrixAlpha(valueCount: number, delta: (c: number, k: number) => number): LinearStatistic {
  const V = valueCount;
  let d = delta;
  if (V <= MAX_MATRIX_VALUES) {
    const matrix = new Float64Array(V * V);
    for (let c = 0; c < V; c++) for (let k = c + 1; k < V; k++) matrix[c * V + k] = matrix[k * V + c] = delta(c, k);
    d = (c, k) => matrix[c * V + k] as number;
  }
  const present = new Int32Array(V);
  return fixedDistance(V, d, (sums, at) => {
    let p = 0;
    for (let c = 0; c < V; c++) if ((sums[at + c] as number) > 0) present[p++] = c;
    let expected = 0;
    for (let a = 0; a < p; a++) {
      const c = present[a] as number;
      const nc = sums[at + c] as number;
      for (let b = a + 1; b < p; b++) expected += 2 * nc * (sums[at + (present[b] as number)] as number) * d(c, present[b] as number);
    }
    return expected;
  });
}

/**
 * Ordinal alpha, codes in rank order: delta(c, k) = (sum_{g=c..k} n_g -
 * (n_c + n_k) / 2)². The distance depends on the marginals, so the sums are
 * n_c and the coincidences o_ck (c < k) of the pairs that occur, and delta is
 * computed when finishing.
 */
export function ordinalAlpha(table: CodedUnits): LinearStatistic {
  const V = table.valueCount;
  const pairSlot = new Map<number, number>();
  for (const sig of table.signatures) for (let a = 0; a < sig.codes.length; a++) for (let b = a + 1; b < sig.codes.length; b++) {
    const key = (sig.codes[a] as number) * V + (sig.codes[b] as number);
    if (!pairSlot.has(key)) pairSlot.set(key, pairSlot.size);
  }
  const pairs = [...pairSlot.keys()];
  const cumulative = new Float64Array(V + 1);
  return {
    size: V + pairs.length,
    outputs: 1,
    contribute(sig, emit) {
      for (let a = 0; a < sig.codes.length; a++) {
        emit(sig.codes[a] as number, sig.counts[a] as number);
        for (let b = a + 1; b < sig.codes.length; b++) emit(V + pairSlot.get((sig.codes[a] as number) * V + (sig.codes[b] as number))!, (2 * (sig.counts[a] as number) * (sig.counts[b] as number)) / (sig.m - 1));
      }
    },
    finish(sums, at, out, outAt) {
      for (let c = 0; c < V; c++) cumulative[c + 1] = (cumulative[c] as number) + (sums[at + c] as number);
      const n = cumulative[V] as number;
      const delta = (c: number, k: number): number => {
        const between = (cumulative[k + 1] as number) - (cumulative[c] as number) - ((sums[at + c] as number) + (sums[at + k] as number)) / 2;
        return between * between;
      };
      let expected = 0;
      for (let c = 0; c < V; c++) {
        const nc = sums[at + c] as number;
        if (nc === 0) continue;
        for (let k = c + 1; k < V; k++) if ((sums[at + k] as number) > 0) expected += 2 * nc * (sums[at + k] as number) * delta(c, k);
      }
      expected = n < 2 ? 0 : expected / (n - 1);
      let observed = 0;
      pairs.forEach((key, i) => (observed += (sums[at + V + i] as number) * delta(Math.floor(key / V), key % V)));
      out[outAt] = expected > 0 ? 1 - observed / expected : Number.NaN;
    },
  };
}

/**
 * The binary nominal alpha of each label, on "chose this label or a label
 * below it": a value covers the labels `valueCovers[value]`. Sums per label:
 * the values covering it and the observed disagreement; slot 0 is n.
 */
export function labelAlphas(labelCount: number, valueCovers: readonly ArrayLike<number>[]): LinearStatistic {
  const a = new Map<number, number>();
  return {
    size: 1 + 2 * labelCount,
    outputs: labelCount,
    contribute(sig, emit) {
      emit(0, sig.m);
      a.clear();
      for (let j = 0; j < sig.codes.length; j++) {
        const covers = valueCovers[sig.codes[j] as number]!;
        for (let i = 0; i < covers.length; i++) a.set(covers[i] as number, (a.get(covers[i] as number) ?? 0) + (sig.counts[j] as number));
      }
      for (const [label, ones] of a) {
        emit(1 + 2 * label, ones);
        emit(2 + 2 * label, (2 * ones * (sig.m - ones)) / (sig.m - 1));
      }
    },
    finish(sums, at, out, outAt) {
      const n = sums[at] as number;
      for (let l = 0; l < labelCount; l++) {
        const ones = sums[at + 1 + 2 * l] as number;
        out[outAt + l] = ones <= 0 || ones >= n ? Number.NaN : 1 - ((n - 1) * (sums[at + 2 + 2 * l] as number)) / (2 * ones * (n - ones));
      }
    },
  };
}

/** One value of reliability data: a label, a number, or a set of labels (MASI). */
export type ReliabilityValue = string | number | readonly (string | number)[];

/**
 * Krippendorff's alpha of reliability data given as units, each the list of
 * values its observers gave (missing values left out). Numbers for ordinal
 * and interval, sets for MASI, anything comparable for nominal.
 */
export function krippendorffAlpha(units: readonly (readonly ReliabilityValue[])[], metric: AlphaMetric): number | null {
  const keyOf = (v: ReliabilityValue): string => (Array.isArray(v) ? JSON.stringify([...new Set(v.map(String))].sort()) : typeof v === 'number' ? `n${v}` : `s${v}`);
  const distinct = new Map<string, ReliabilityValue>();
  for (const unit of units) if (unit.length >= 2) for (const v of unit) distinct.set(keyOf(v), v);
  let keys = [...distinct.keys()];
  if (metric === 'ordinal' || metric === 'interval') {
    for (const v of distinct.values()) if (typeof v !== 'number' || !Number.isFinite(v)) throw new TypeError(`Unexpected value ${JSON.stringify(v)} for the ${metric} metric, expected a finite number`);
    keys = keys.sort((a, b) => (distinct.get(a) as number) - (distinct.get(b) as number));
  } else keys.sort();
  const code = new Map(keys.map((k, i) => [k, i]));
  const table = codeUnits(
    units.filter((u) => u.length >= 2).map((unit) => unit.map((v) => code.get(keyOf(v))!)),
    keys.length,
  );
  const values = keys.map((k) => distinct.get(k)!);
  let statistic: LinearStatistic;
  switch (metric) {
    case 'nominal':
      statistic = nominalAlpha(keys.length);
      break;
    case 'ordinal':
      statistic = ordinalAlpha(table);
      break;
    case 'interval':
      statistic = matrixAlpha(keys.length, (c, k) => ((values[c] as number) - (values[k] as number)) ** 2);
      break;
    case 'masi': {
      const labelCode = new Map<string, number>();
      const sets = values.map((v) => {
        const members = Array.isArray(v) ? [...new Set(v.map(String))] : [String(v)];
        return Int32Array.from(members.map((m) => labelCode.get(m) ?? labelCode.set(m, labelCode.size).get(m)!)).sort();
      });
      statistic = matrixAlpha(keys.length, (c, k) => masiDistance(sets[c]!, sets[k]!));
      break;
    }
  }
  const out = new Float64Array(1);
  new LinearStats(table, [statistic]).evaluate(table.multiplicity, out);
  return Number.isNaN(out[0]) ? null : (out[0] as number);
}

/**
 * Krippendorff's alpha of a reliability data matrix, one row per observer and
 * one column per unit (as the `krippendorff` Python package and the 2011
 * paper lay it out); null, undefined and NaN are missing values.
 */
export function krippendorffAlphaMatrix(rows: readonly (readonly (ReliabilityValue | null | undefined)[])[], metric: AlphaMetric): number | null {
  const width = Math.max(0, ...rows.map((r) => r.length));
  const units: ReliabilityValue[][] = [];
  for (let u = 0; u < width; u++) {
    const values: ReliabilityValue[] = [];
    for (const row of rows) {
      const v = row[u];
      if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) continue;
      values.push(v);
    }
    units.push(values);
  }
  return krippendorffAlpha(units, metric);
}
