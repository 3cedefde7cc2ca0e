/**
 * Agreement on spans: per span label, the F1 between annotators, pooled over
 * every pair of annotators who answered the span question on the same item.
 * For a pair (A, B), a span of A is matched when B gave
 *
 * - exact: a span with the same label, start and end;
 * - overlap: a span with the same label sharing at least one character,
 *   or the very same span (so an empty span, which has no character,
 *   matches only itself, and overlap is never stricter than exact).
 *
 * F1 = (spans of A matched in B + spans of B matched in A) / (|A| + |B|),
 * summed over all pairs and items before dividing; null when no pair gave a
 * span of the label. Each annotator's spans are taken as a set (a repeated
 * span counts once). Counting goes by span, not by pair, so an item with
 * thousands of annotators costs O(spans log spans), not O(annotators²).
 */

/** Matched and total span counts of one label, exact and overlap. */
export interface SpanTally {
  exact: number;
  overlap: number;
  total: number;
}

/** Above this many spans of a label in one item, overlap is counted by a sweep instead of pairwise. */
const PAIRWISE_LIMIT = 64;

/** Span F1 per label code, accumulated item by item. */
export class SpanAgreement {
  readonly tallies: SpanTally[];

  constructor(
    labelCount: number,
    private readonly pairwiseLimit = PAIRWISE_LIMIT,
  ) {
    this.tallies = Array.from({ length: labelCount }, () => ({ exact: 0, overlap: 0, total: 0 }));
  }

  /**
   * Adds one item: each annotator's spans as flat triples
   * `[label, start, end, label, start, end, ...]` (an empty list for an
   * annotator who answered with no span).
   */
  addItem(annotators: readonly ArrayLike<number>[]): void {
    const m = annotators.length;
    if (m < 2) return;
    const byLabel = new Map<number, number[]>();
    annotators.forEach((spans, a) => {
      for (let i = 0; i + 2 < spans.length; i += 3) {
        const label = spans[i] as number;
        let list = byLabel.get(label);
        if (!list) byLabel.set(label, (list = []));
        list.push(a, spans[i + 1] as number, spans[i + 2] as number);
      }
    });
    for (const [label, flat] of byLabel) {
      const tally = this.tallies[label];
      if (tally) this.addLabel(tally, flat, m);
    }
  }

  /** F1 of one label: exact and overlap, null without spans. */
  f1(label: number): { exact: number | null; overlap: number | null } {
    const t = this.tallies[label];
    return !t || t.total === 0 ? { exact: null, overlap: null } : { exact: t.exact / t.total, overlap: t.overlap / t.total };
  }

  /** F1 pooled over every label. */
  pooled(): { exact: number | null; overlap: number | null } {
    let exact = 0;
    let overlap = 0;
    let total = 0;
    for (const t of this.tallies) {
      exact += t.exact;
      overlap += t.overlap;
      total += t.total;
    }
    return total === 0 ? { exact: null, overlap: null } : { exact: exact / total, overlap: overlap / total };
  }

  private addLabel(tally: SpanTally, flat: number[], m: number): void {
    // Sort (annotator, start, end) triples and drop repeats: each annotator's spans as a set.
    const order = Array.from({ length: flat.length / 3 }, (_, i) => i).sort((x, y) => flat[3 * x]! - flat[3 * y]! || flat[3 * x + 1]! - flat[3 * y + 1]! || flat[3 * x + 2]! - flat[3 * y + 2]!);
    const ann: number[] = [];
    const start: number[] = [];
    const end: number[] = [];
    for (const i of order) {
      const a = flat[3 * i]!;
      const s = flat[3 * i + 1]!;
      const e = flat[3 * i + 2]!;
      const last = ann.length - 1;
      if (last >= 0 && ann[last] === a && start[last] === s && end[last] === e) continue;
      ann.push(a);
      start.push(s);
      end.push(e);
    }
    const S = ann.length;
    tally.total += (m - 1) * S;
    // Exact: a span held by c annotators is matched by each of them against each of the other c - 1.
    const holders = new Map<string, number>();
    for (let i = 0; i < S; i++) {
      const key = `${start[i]}:${end[i]}`;
      holders.set(key, (holders.get(key) ?? 0) + 1);
    }
    for (const c of holders.values()) tally.exact += c * (c - 1);
    tally.overlap += S <= this.pairwiseLimit ? overlapPairwise(ann, start, end) : overlapSweep(ann, start, end, m);
    // Empty spans overlap nothing; they match the same empty span of another annotator.
    for (let i = 0; i < S; i++) if (start[i]! >= end[i]!) tally.overlap += holders.get(`${start[i]}:${end[i]}`)! - 1;
  }
}

/** For each span, the number of other annotators with a span sharing a character with it; summed. Spans sorted by annotator. */
function overlapPairwise(ann: number[], start: number[], end: number[]): number {
  let matched = 0;
  for (let i = 0; i < ann.length; i++) {
    if (start[i]! >= end[i]!) continue;
    let counted = -1;
    for (let j = 0; j < ann.length; j++) {
      const b = ann[j]!;
      if (b === ann[i] || b === counted || start[j]! >= end[j]!) continue;
      if (start[j]! < end[i]! && start[i]! < end[j]!) {
        matched++;
        counted = b;
      }
    }
  }
  return matched;
}

/**
 * The same count by a sweep: a span q shares no character with annotator B
 * exactly when q lies inside one of the gaps between B's merged spans (B's
 * gaps are disjoint, so at most one holds q). So the others overlapping q are
 * (m - 1) minus the gaps of other annotators containing q, counted for all
 * spans at once with a Fenwick tree over gap ends. Annotators without a span
 * of the label have one gap, the whole text.
 */
function overlapSweep(ann: number[], start: number[], end: number[], m: number): number {
  const gapStart: number[] = [];
  const gapEnd: number[] = [];
  let withSpans = 0;
  for (let i = 0; i < ann.length; ) {
    const a = ann[i]!;
    let cursor = -Infinity;
    let merged: { s: number; e: number } | undefined;
    const intervals: { s: number; e: number }[] = [];
    for (; i < ann.length && ann[i] === a; i++) {
      if (start[i]! >= end[i]!) continue;
      intervals.push({ s: start[i]!, e: end[i]! });
    }
    if (intervals.length === 0) continue;
    withSpans++;
    intervals.sort((x, y) => x.s - y.s);
    for (const iv of intervals) {
      if (merged && iv.s <= merged.e) merged.e = Math.max(merged.e, iv.e);
      else {
        if (merged) {
          gapStart.push(cursor);
          gapEnd.push(merged.s);
          cursor = merged.e;
        }
        merged = { ...iv };
      }
    }
    gapStart.push(cursor);
    gapEnd.push(merged!.s);
    gapStart.push(merged!.e);
    gapEnd.push(Infinity);
  }
  const everywhere = m - withSpans;
  // Queries: non-empty spans. Count gaps with gapStart <= qs and gapEnd >= qe.
  const queries: number[] = [];
  for (let i = 0; i < ann.length; i++) if (start[i]! < end[i]!) queries.push(i);
  const ends = [...new Set(gapEnd)].sort((x, y) => x - y);
  const rank = (v: number): number => {
    let lo = 0;
    let hi = ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ends[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    return lo; // first index with ends[index] >= v
  };
  const tree = new Int32Array(ends.length + 1);
  let added = 0;
  const add = (index: number): void => {
    for (let i = index + 1; i <= ends.length; i += i & -i) tree[i]!++;
  };
  const below = (index: number): number => {
    let sum = 0;
    for (let i = index; i > 0; i -= i & -i) sum += tree[i]!;
    return sum;
  };
  const gaps = gapStart.map((_, g) => g).sort((x, y) => gapStart[x]! - gapStart[y]!);
  queries.sort((x, y) => start[x]! - start[y]!);
  let g = 0;
  let matched = 0;
  for (const q of queries) {
    while (g < gaps.length && gapStart[gaps[g]!]! <= start[q]!) {
      add(rank(gapEnd[gaps[g]!]!));
      added++;
      g++;
    }
    const containing = added - below(rank(end[q]!)) + everywhere;
    matched += m - 1 - containing;
  }
  return matched;
}
