/**
 * The quality report computed from the accumulated state (docs/quality.md
 * fixes every definition). Work is done per question over its pairable
 * units, in item id order so the figures and the bootstrap seed do not
 * depend on the order records came in; the per-annotator figures, the case
 * studies and the gold tallies are gathered on the same pass.
 */
import type { MigrationMap } from '@rubric/core';
import type { AnswerValue } from '@rubric/exporters';
import { labelAlphas, LinearStats, matrixAlpha, nominalAlpha, ordinalAlpha, type LinearStatistic } from './alpha.js';
import { bootstrap, encodeReplicates, percentileInterval } from './bootstrap.js';
import { compareReports } from './compare.js';
import { fleissKappaOfUnits, percentAgreementOfUnits } from './fleiss.js';
import { masiDistance } from './masi.js';
import { coversOf, type QuestionModel } from './questions.js';
import { fnv1a, FNV_OFFSET } from './random.js';
import { SpanAgreement } from './spans.js';
import { labelCodes, MISSING, tallyLabels, type QualityState } from './state.js';
import type { AnnotatorQuality, BootstrapRecord, CaseStudy, Confusion, LabelQuality, QualityReport, QuestionQuality } from './types.js';
import { codeUnits, signatureKey, type CodedUnits } from './units.js';

/** Options of a report. */
export interface ReportOptions {
  /** A previous report to compare with (its version's figures, per label). */
  compare?: QualityReport;
  /** The migration map from the previous report's version to this one (labels matched across renames). */
  migration?: MigrationMap;
}

/** Case studies in `disagreements`. */
export const TOP_DISAGREEMENTS = 20;
/** Case studies per label. */
export const LABEL_CASES = 3;
/** Confusion pairs listed per question (the shares are of all of them). */
export const MAX_CONFUSIONS = 500;

/** Compares strings by UTF-16 code units: the same order on every machine and locale. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const orNull = (v: number): number | null => (Number.isNaN(v) ? null : v);

/** A candidate case study before it is written out. */
interface Candidate {
  item: number;
  question: QuestionModel;
  slots: Int32Array;
  disagreement: number;
  /** What ranks it within a label's cases (the label's own disagreement), else the same as disagreement. */
  rank: number;
}

/** Keeps the `limit` best candidates: higher rank, then more values, then item id, then question order. */
class TopCases {
  readonly list: Candidate[] = [];

  constructor(
    private readonly limit: number,
    private readonly keys: string[],
  ) {}

  private before(a: Candidate, b: Candidate): boolean {
    if (a.rank !== b.rank) return a.rank > b.rank;
    if (a.disagreement !== b.disagreement) return a.disagreement > b.disagreement;
    if (a.slots.length !== b.slots.length) return a.slots.length > b.slots.length;
    const byItem = compareStrings(this.keys[a.item]!, this.keys[b.item]!);
    if (byItem !== 0) return byItem < 0;
    return a.question.index < b.question.index;
  }

  /** Whether a candidate of this rank could still get in (to skip building it). */
  wants(rank: number): boolean {
    return this.list.length < this.limit || rank >= this.list[this.list.length - 1]!.rank;
  }

  offer(c: Candidate): void {
    if (this.list.length === this.limit && !this.before(c, this.list[this.list.length - 1]!)) return;
    let at = this.list.length;
    while (at > 0 && this.before(c, this.list[at - 1]!)) at--;
    this.list.splice(at, 0, c);
    if (this.list.length > this.limit) this.list.pop();
  }
}

/** What every question adds to the per-annotator figures. */
interface AnnotatorTallies {
  agree: Float64Array;
  pairs: Float64Array;
  goldCorrect: Float64Array;
  goldTotal: Float64Array;
}

/** The pairable units of a question: their items and the slots that answered. */
interface Units {
  items: number;
  annotations: number;
  annotators: number;
  /** Item of each pairable unit, in item id order. */
  pairItem: number[];
  /** Slots of unit u: pairSlots[pairStart[u] .. pairStart[u + 1]). */
  pairStart: number[];
  pairSlots: Int32Array;
}

function collectUnits(s: QualityState, q: QuestionModel, order: Int32Array): Units {
  const values = s.values[q.index]!.data;
  const head = s.itemHead.data;
  const next = s.slotNext.data;
  const marked = new Uint8Array(s.annotatorNames.length);
  let annotators = 0;
  let items = 0;
  let annotations = 0;
  const pairItem: number[] = [];
  const pairStart: number[] = [0];
  const slots: number[] = [];
  const buf: number[] = [];
  for (let o = 0; o < order.length; o++) {
    const it = order[o] as number;
    buf.length = 0;
    for (let slot = head[it] as number; slot !== -1; slot = next[slot] as number) if (values[slot] !== MISSING) buf.push(slot);
    if (buf.length === 0) continue;
    items++;
    annotations += buf.length;
    for (const slot of buf) {
      const a = s.slotAnnotator.data[slot] as number;
      if (!marked[a]) {
        marked[a] = 1;
        annotators++;
      }
    }
    if (buf.length < 2) continue;
    buf.sort((a, b) => a - b);
    pairItem.push(it);
    for (const slot of buf) slots.push(slot);
    pairStart.push(slots.length);
  }
  return { items, annotations, annotators, pairItem, pairStart, pairSlots: Int32Array.from(slots) };
}

/** Each unit's value codes, one array per unit. */
function* unitCodes(units: Units, code: (slot: number) => number): Generator<Int32Array> {
  for (let u = 0; u < units.pairItem.length; u++) {
    const from = units.pairStart[u] as number;
    const to = units.pairStart[u + 1] as number;
    const out = new Int32Array(to - from);
    for (let i = from; i < to; i++) out[i - from] = code(units.pairSlots[i] as number);
    yield out;
  }
}

/** The bootstrap seed of a question: FNV-1a over its id and each pairable unit's item id and values, in item id order. */
function seedOf(s: QualityState, q: QuestionModel, units: Units, table: CodedUnits): number {
  let h = fnv1a(`${q.node.id}\n`, FNV_OFFSET);
  for (let u = 0; u < units.pairItem.length; u++) {
    h = fnv1a(s.itemKeys[units.pairItem[u]!]!, h);
    h = fnv1a(`\u0000${signatureKey(table.signatures[table.unitSignature[u] as number]!)}\n`, h);
  }
  return h;
}

/** Per signature, the labels its values cover and how many values cover each (case studies per label). */
interface SignatureLabels {
  labels: Int32Array[];
  counts: Int32Array[];
}

function signatureLabels(table: CodedUnits, valueCovers: Int32Array[]): SignatureLabels {
  const labels: Int32Array[] = [];
  const counts: Int32Array[] = [];
  const tally = new Map<number, number>();
  for (const sig of table.signatures) {
    tally.clear();
    for (let j = 0; j < sig.codes.length; j++) for (const l of valueCovers[sig.codes[j] as number]!) tally.set(l, (tally.get(l) ?? 0) + (sig.counts[j] as number));
    const ls = [...tally.keys()].sort((a, b) => a - b);
    labels.push(Int32Array.from(ls));
    counts.push(Int32Array.from(ls, (l) => tally.get(l)!));
  }
  return { labels, counts };
}

/** Above this many distinct values the bootstrap is skipped (its expected disagreement costs values² per resample); the estimate stands. */
const MAX_BOOTSTRAP_VALUES = 2048;

/** Everything computed for a categorical (single, multi) or rating question that the report needs. */
interface Agreement {
  alpha: QuestionQuality['alpha'];
  labelAlpha: (number | null)[];
  labelInterval: ({ low: number | null; high: number | null } | null)[];
  bootstrap?: { seed: number; alpha: string; labels: Record<string, string> };
}

/** Alpha (output 0) and, when given, the label alphas (outputs 1 ..): estimates, intervals and the replicates to keep. */
function agreement(s: QualityState, q: QuestionModel, table: CodedUnits, alpha: LinearStatistic, labels: LinearStatistic | undefined, seed: number): Agreement {
  const stats = new LinearStats(table, labels ? [alpha, labels] : [alpha]);
  const point = new Float64Array(stats.outputs);
  stats.evaluate(table.multiplicity, point);
  const defined = point.some((v) => !Number.isNaN(v));
  const resamples = defined && table.valueCount <= MAX_BOOTSTRAP_VALUES ? s.resamples : 0;
  const replicates = bootstrap(table, resamples, seed, stats.outputs, (w, out) => stats.evaluate(w, out));
  const interval = (i: number): { low: number; high: number } | null => (resamples ? percentileInterval(replicates[i]!) : null);
  const value = orNull(point[0] as number);
  const whole = interval(0);
  const L = labels ? q.labels.length : 0;
  return {
    alpha: value === null ? null : { value, low: whole?.low ?? null, high: whole?.high ?? null },
    labelAlpha: q.labels.map((_, l) => (l < L ? orNull(point[1 + l] as number) : null)),
    labelInterval: q.labels.map((_, l) => {
      if (l >= L || Number.isNaN(point[1 + l] as number)) return null;
      const i = interval(1 + l);
      return { low: i?.low ?? null, high: i?.high ?? null };
    }),
    // Replicates are kept for the labels with an estimate (a label nobody chose has nothing to compare).
    ...(resamples ? { bootstrap: { seed, alpha: encodeReplicates(replicates[0]!), labels: Object.fromEntries(q.labels.slice(0, L).flatMap((id, l) => (Number.isNaN(point[1 + l] as number) ? [] : [[id, encodeReplicates(replicates[1 + l]!)]]))) } } : {}),
  };
}

/** Confusion pairs of a categorical question from its signatures: `pairOf(a, b)` gives the label pairs two different values make. */
function confusions(q: QuestionModel, table: CodedUnits, pairsOf: (a: number, b: number) => [number, number][]): Confusion[] {
  const counts = new Map<number, number>();
  const L = q.labels.length;
  table.signatures.forEach((sig, s) => {
    const w = table.multiplicity[s] as number;
    for (let a = 0; a < sig.codes.length; a++) {
      for (let b = a + 1; b < sig.codes.length; b++) {
        const times = w * (sig.counts[a] as number) * (sig.counts[b] as number);
        for (const [x, y] of pairsOf(sig.codes[a] as number, sig.codes[b] as number)) {
          const key = Math.min(x, y) * L + Math.max(x, y);
          counts.set(key, (counts.get(key) ?? 0) + times);
        }
      }
    }
  });
  let total = 0;
  for (const c of counts.values()) total += c;
  const list = [...counts].map(([key, count]): Confusion => {
    const x = Math.floor(key / L);
    const y = key % L;
    const ids = [q.labels[x]!, q.labels[y]!].sort(compareStrings) as [string, string];
    const parent = q.parent[x] as number;
    return { labels: ids, count, share: count / total, sibling: parent !== -1 && parent === q.parent[y] };
  });
  list.sort((a, b) => b.count - a.count || compareStrings(a.labels[0], b.labels[0]) || compareStrings(a.labels[1], b.labels[1]));
  return list.slice(0, MAX_CONFUSIONS);
}

/** Shared per-report context. */
interface Context {
  s: QualityState;
  order: Int32Array;
  annotators: AnnotatorTallies;
  top: TopCases;
  bootstrap: BootstrapRecord;
  /** Case candidates per question and label code. */
  labelCases: Map<QuestionModel, TopCases[]>;
}

/** Unit figures for case studies and per-annotator agreement (categorical and rating questions). */
function scanUnits(ctx: Context, q: QuestionModel, units: Units, table: CodedUnits, unitDisagreement: Float64Array, code: (slot: number) => number, sl: SignatureLabels | undefined, countsForAgreement: boolean): void {
  const { s, annotators } = ctx;
  const cases = sl ? q.labels.map(() => new TopCases(LABEL_CASES, s.itemKeys)) : [];
  if (sl) ctx.labelCases.set(q, cases);
  for (let u = 0; u < units.pairItem.length; u++) {
    const sigIndex = table.unitSignature[u] as number;
    const sig = table.signatures[sigIndex]!;
    const from = units.pairStart[u] as number;
    const to = units.pairStart[u + 1] as number;
    const m = to - from;
    if (countsForAgreement) {
      for (let i = from; i < to; i++) {
        const slot = units.pairSlots[i] as number;
        const c = code(slot);
        let count = 0;
        for (let j = 0; j < sig.codes.length; j++) if (sig.codes[j] === c) count = sig.counts[j] as number;
        const a = s.slotAnnotator.data[slot] as number;
        annotators.agree[a]! += count - 1;
        annotators.pairs[a]! += m - 1;
      }
    }
    const d = unitDisagreement[sigIndex] as number;
    const slots = (): Int32Array => units.pairSlots.subarray(from, to);
    if (d > 0 && ctx.top.wants(d)) ctx.top.offer({ item: units.pairItem[u]!, question: q, slots: slots(), disagreement: d, rank: d });
    if (sl) {
      const ls = sl.labels[sigIndex]!;
      const cs = sl.counts[sigIndex]!;
      for (let i = 0; i < ls.length; i++) {
        const a = cs[i] as number;
        if (a <= 0 || a >= m) continue;
        const rank = (2 * a * (m - a)) / (m * (m - 1));
        const top = cases[ls[i] as number]!;
        if (top.wants(rank)) top.offer({ item: units.pairItem[u]!, question: q, slots: slots(), disagreement: d, rank });
      }
    }
  }
}

/** Gold figures of a single or multi question: per question, per label (precision, recall) and per annotator. */
function goldFigures(ctx: Context, q: QuestionModel): { gold: QuestionQuality['gold']; labels: ({ precision: number | null; recall: number | null } | null)[] } {
  const { s } = ctx;
  const anonymous = s.anonymousGold[q.index]!;
  const labels = Int32Array.from(anonymous.labels);
  let total = anonymous.total;
  let correct = anonymous.correct;
  const items = new Set(anonymous.items);
  const values = s.values[q.index]!.data;
  let answered = false;
  for (const [key, gold] of s.gold) {
    const expected = gold.answers[q.node.id];
    if (expected === undefined) continue;
    answered = true;
    const it = s.itemIndex.get(key);
    if (it === undefined) continue;
    const want = labelCodes(q, expected).sort((a, b) => a - b);
    const wantKey = want.join(',');
    for (let slot = s.itemHead.data[it] as number; slot !== -1; slot = s.slotNext.data[slot] as number) {
      items.add(key);
      const v = values[slot] as number;
      const given = v === MISSING ? [] : q.node.type === 'multi' ? Array.from(s.sets[q.index]!.members[v]!) : [v];
      const ok = v !== MISSING && (q.node.type === 'multi' ? s.sets[q.index]!.keys[v] === wantKey : want.length === 1 && want[0] === v);
      total++;
      const a = s.slotAnnotator.data[slot] as number;
      ctx.annotators.goldTotal[a]!++;
      if (ok) {
        correct++;
        ctx.annotators.goldCorrect[a]!++;
      }
      tallyLabels(q, labels, want, given);
    }
  }
  if (!answered && anonymous.total === 0) return { gold: null, labels: q.labels.map(() => null) };
  return {
    gold: { items: items.size, accuracy: total === 0 ? null : correct / total },
    labels: q.labels.map((_, l) => {
      const tp = labels[l * 3] as number;
      const fp = labels[l * 3 + 1] as number;
      const fn = labels[l * 3 + 2] as number;
      return { precision: tp + fp === 0 ? null : tp / (tp + fp), recall: tp + fn === 0 ? null : tp / (tp + fn) };
    }),
  };
}

/** Share of a question's answers covering each label. */
function prevalence(s: QualityState, q: QuestionModel, coversOfValue: (v: number, slot: number) => ArrayLike<number>, annotations: number): (number | null)[] {
  const counts = new Float64Array(q.labels.length);
  const values = s.values[q.index]!.data;
  for (let slot = 0; slot < s.slotItem.length; slot++) {
    const v = values[slot] as number;
    if (v === MISSING) continue;
    const covered = coversOfValue(v, slot);
    for (let i = 0; i < covered.length; i++) counts[covered[i] as number]!++;
  }
  return Array.from(counts, (c) => (annotations === 0 ? null : c / annotations));
}

function emptyQuestion(q: QuestionModel, units: Units): QuestionQuality {
  return {
    id: q.node.id,
    type: q.node.type,
    metric: null,
    items: units.items,
    pairable: units.pairItem.length,
    annotations: units.annotations,
    annotators: units.annotators,
    alpha: null,
    percentAgreement: null,
    fleissKappa: null,
    gold: null,
    labels: [],
    confusions: [],
    f1: null,
  };
}

function labelEntry(q: QuestionModel, l: number, fields: Partial<LabelQuality>): LabelQuality {
  const parent = q.parent[l] as number;
  return {
    id: q.labels[l]!,
    parent: parent === -1 ? null : q.labels[parent]!,
    deprecated: q.deprecated[l] === true,
    alpha: null,
    alphaInterval: null,
    prevalence: null,
    gold: null,
    f1: null,
    cases: [],
    ...fields,
  };
}

function categorical(ctx: Context, q: QuestionModel): QuestionQuality {
  const { s } = ctx;
  const units = collectUnits(s, q, ctx.order);
  const values = s.values[q.index]!.data;
  const multi = q.node.type === 'multi';
  const setTable = s.sets[q.index]!;
  // Value codes: label codes for single; for multi, the sets present in pairable units in key order.
  let code: (slot: number) => number;
  let valueCount: number;
  let valueCovers: Int32Array[];
  let members: Int32Array[] = [];
  if (multi) {
    const present = [...new Set(Array.from(units.pairSlots, (slot) => values[slot] as number))].sort((a, b) => compareStrings(setTable.keys[a]!, setTable.keys[b]!));
    const canonical = new Int32Array(setTable.members.length).fill(-1);
    present.forEach((id, c) => (canonical[id] = c));
    code = (slot) => canonical[values[slot] as number] as number;
    valueCount = present.length;
    members = present.map((id) => setTable.members[id]!);
    valueCovers = members.map((m) => coversOf(q, m));
  } else {
    code = (slot) => values[slot] as number;
    valueCount = q.labels.length;
    valueCovers = q.covers;
  }
  const table = codeUnits(unitCodes(units, code), valueCount);
  const alpha = multi ? matrixAlpha(valueCount, (c, k) => masiDistance(members[c]!, members[k]!)) : nominalAlpha(valueCount);
  const sl = signatureLabels(table, valueCovers);
  const result = agreement(s, q, table, alpha, labelAlphas(q.labels.length, valueCovers), seedOf(s, q, units, table));
  if (result.bootstrap) ctx.bootstrap.questions[q.node.id] = result.bootstrap;
  // Observed disagreement of each signature: mean distance over its ordered pairs.
  const distance = multi ? (c: number, k: number) => masiDistance(members[c]!, members[k]!) : () => 1;
  const unitDisagreement = Float64Array.from(table.signatures, (sig) => {
    let sum = 0;
    for (let a = 0; a < sig.codes.length; a++) for (let b = a + 1; b < sig.codes.length; b++) sum += 2 * (sig.counts[a] as number) * (sig.counts[b] as number) * distance(sig.codes[a] as number, sig.codes[b] as number);
    return sum / (sig.m * (sig.m - 1));
  });
  scanUnits(ctx, q, units, table, unitDisagreement, code, sl, true);
  const gold = goldFigures(ctx, q);
  const setCovers = multi ? new Map<number, Int32Array>() : undefined;
  const prevalences = prevalence(
    s,
    q,
    multi
      ? (v) => {
          let c = setCovers!.get(v);
          if (!c) setCovers!.set(v, (c = coversOf(q, setTable.members[v]!)));
          return c;
        }
      : (v) => q.covers[v]!,
    units.annotations,
  );
  const pairs = multi
    ? (a: number, b: number): [number, number][] => {
        const A = members[a]!;
        const B = members[b]!;
        const onlyA = Array.from(A).filter((x) => !B.includes(x));
        const onlyB = Array.from(B).filter((y) => !A.includes(y));
        return onlyA.flatMap((x) => onlyB.map((y): [number, number] => [x, y]));
      }
    : (a: number, b: number): [number, number][] => [[a, b]];
  return {
    ...emptyQuestion(q, units),
    metric: multi ? 'masi' : 'nominal',
    alpha: result.alpha,
    percentAgreement: percentAgreementOfUnits(table),
    fleissKappa: multi ? null : fleissKappaOfUnits(table),
    gold: gold.gold,
    labels: q.labels.map((_, l) =>
      labelEntry(q, l, {
        alpha: result.labelAlpha[l] ?? null,
        alphaInterval: result.labelInterval[l] ?? null,
        prevalence: prevalences[l] ?? null,
        gold: gold.labels[l] ?? null,
      }),
    ),
    confusions: confusions(q, table, pairs),
  };
}

function rating(ctx: Context, q: QuestionModel): QuestionQuality {
  const { s } = ctx;
  const units = collectUnits(s, q, ctx.order);
  const values = s.values[q.index]!.data;
  const distinct = [...new Set(Array.from(units.pairSlots, (slot) => values[slot] as number))].sort((a, b) => a - b);
  const rank = new Map(distinct.map((v, i) => [v, i]));
  const code = (slot: number): number => rank.get(values[slot] as number)!;
  const table = codeUnits(unitCodes(units, code), distinct.length);
  const result = agreement(s, q, table, ordinalAlpha(table), undefined, seedOf(s, q, units, table));
  if (result.bootstrap) ctx.bootstrap.questions[q.node.id] = result.bootstrap;
  // Case studies: the ordinal distance of the estimate's marginals, scaled so the two extreme values are 1 apart.
  const marginal = new Float64Array(distinct.length);
  table.signatures.forEach((sig, si) => sig.codes.forEach((c, j) => (marginal[c]! += (table.multiplicity[si] as number) * (sig.counts[j] as number))));
  const cumulative = [0];
  for (const n of marginal) cumulative.push(cumulative[cumulative.length - 1]! + n);
  const delta = (c: number, k: number): number => {
    const [lo, hi] = c < k ? [c, k] : [k, c];
    return (cumulative[hi + 1]! - cumulative[lo]! - (marginal[lo]! + marginal[hi]!) / 2) ** 2;
  };
  const widest = distinct.length > 1 ? delta(0, distinct.length - 1) : 0;
  const unitDisagreement = Float64Array.from(table.signatures, (sig) => {
    if (widest === 0) return 0;
    let sum = 0;
    for (let a = 0; a < sig.codes.length; a++) for (let b = a + 1; b < sig.codes.length; b++) sum += 2 * (sig.counts[a] as number) * (sig.counts[b] as number) * delta(sig.codes[a] as number, sig.codes[b] as number);
    return sum / (sig.m * (sig.m - 1)) / widest;
  });
  scanUnits(ctx, q, units, table, unitDisagreement, code, undefined, false);
  return { ...emptyQuestion(q, units), metric: 'ordinal', alpha: result.alpha };
}

function spans(ctx: Context, q: QuestionModel): QuestionQuality {
  const { s } = ctx;
  const units = collectUnits(s, q, ctx.order);
  const values = s.values[q.index]!.data;
  const counts = s.spanCounts[q.index]!.data;
  const pool = s.spanPool.data;
  const spanAgreement = new SpanAgreement(q.labels.length);
  const spansOf = (slot: number): Int32Array => pool.subarray(values[slot] as number, (values[slot] as number) + 3 * (counts[slot] as number));
  for (let u = 0; u < units.pairItem.length; u++) {
    const list: Int32Array[] = [];
    for (let i = units.pairStart[u] as number; i < (units.pairStart[u + 1] as number); i++) list.push(spansOf(units.pairSlots[i] as number));
    spanAgreement.addItem(list);
  }
  const prevalences = prevalence(
    s,
    q,
    (_v, slot) => {
      const triples = spansOf(slot);
      const chosen: number[] = [];
      for (let i = 0; i < triples.length; i += 3) chosen.push(triples[i] as number);
      return coversOf(q, chosen);
    },
    units.annotations,
  );
  return {
    ...emptyQuestion(q, units),
    labels: q.labels.map((_, l) => labelEntry(q, l, { prevalence: prevalences[l] ?? null, f1: spanAgreement.f1(l) })),
    f1: spanAgreement.pooled(),
  };
}

/** A candidate written out as a case study. */
function caseStudy(s: QualityState, c: Candidate): CaseStudy {
  const q = c.question;
  const values = s.values[q.index]!.data;
  const answerOf = (v: number): AnswerValue => {
    if (q.node.type === 'single') return q.labels[v]!;
    if (q.node.type === 'multi') return Array.from(s.sets[q.index]!.members[v]!, (l) => q.labels[l]!);
    return v;
  };
  const key = s.itemKeys[c.item]!;
  const gold = s.gold.get(key);
  const entries = Array.from(c.slots, (slot): [string, AnswerValue] => [s.annotatorNames[s.slotAnnotator.data[slot] as number]!, answerOf(values[slot] as number)]);
  entries.sort((a, b) => compareStrings(a[0], b[0]));
  const text = s.itemText[c.item] ?? gold?.text;
  const expected = gold?.answers[q.node.id];
  return {
    item: key,
    question: q.node.id,
    ...(text !== undefined ? { text } : {}),
    disagreement: c.disagreement,
    // fromEntries: annotator ids are the input's, and "__proto__" must stay a plain key.
    answers: Object.fromEntries(entries),
    ...(expected !== undefined ? { gold: expected } : {}),
  };
}

/** Builds the report from the accumulated state. */
export function buildReport(s: QualityState, options: ReportOptions = {}): QualityReport {
  const order = Int32Array.from(s.itemKeys.keys()).sort((a, b) => compareStrings(s.itemKeys[a]!, s.itemKeys[b]!));
  const A = s.annotatorNames.length;
  const ctx: Context = {
    s,
    order,
    annotators: { agree: new Float64Array(A), pairs: new Float64Array(A), goldCorrect: new Float64Array(A), goldTotal: new Float64Array(A) },
    top: new TopCases(TOP_DISAGREEMENTS, s.itemKeys),
    bootstrap: { resamples: s.resamples, questions: {} },
    labelCases: new Map(),
  };
  const questions = s.questions.map((q): QuestionQuality => {
    switch (q.node.type) {
      case 'single':
      case 'multi':
        return categorical(ctx, q);
      case 'rating':
        return rating(ctx, q);
      case 'span':
        return spans(ctx, q);
      case 'text':
        return emptyQuestion(q, collectUnits(s, q, order));
    }
  });
  for (const [q, cases] of ctx.labelCases) {
    const labels = questions[q.index]!.labels;
    cases.forEach((top, l) => (labels[l]!.cases = top.list.map((c) => caseStudy(s, c))));
  }
  const annotators: AnnotatorQuality[] = s.annotatorNames
    .map((id, a) => {
      const goldTotal = ctx.annotators.goldTotal[a] as number;
      const pairs = ctx.annotators.pairs[a] as number;
      return {
        id,
        annotations: s.annotatorRecords[a]!,
        goldAccuracy: goldTotal === 0 ? null : (ctx.annotators.goldCorrect[a] as number) / goldTotal,
        goldAnswers: goldTotal,
        agreement: pairs === 0 ? null : (ctx.annotators.agree[a] as number) / pairs,
      };
    })
    .sort((a, b) => compareStrings(a.id, b.id));
  let fromExamples = 0;
  for (const g of s.gold.values()) if (g.fromExample) fromExamples++;
  const report: QualityReport = {
    set: { id: s.meta.setId, version: s.meta.version, contentHash: s.meta.contentHash },
    records: { ...s.counts },
    gold: { items: s.gold.size, fromExamples, fromRecords: s.gold.size - fromExamples, invalid: s.goldInvalid, ...(s.examplesError !== undefined ? { examplesError: s.examplesError } : {}) },
    questions,
    annotators,
    disagreements: ctx.top.list.map((c) => caseStudy(s, c)),
    problems: s.problems.slice(),
    bootstrap: ctx.bootstrap,
  };
  if (options.compare) report.compare = compareReports(report, options.compare, options.migration);
  return report;
}
