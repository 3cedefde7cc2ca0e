/**
 * What the quality accumulator keeps, shared with the report that reads it:
 * the coded answers per (item, annotator) slot, items, annotators, gold
 * items and counts; and the small helpers both sides use on answers.
 */
import type { GuidelineSet } from '@rubric/core';
import type { AnswerValue, ExportMeta } from '@rubric/exporters';
import type { IntColumn } from './columns.js';
import type { QuestionModel } from './questions.js';
import type { RecordCounts, RecordProblem } from './types.js';

/** Largest record the readers pass on (bytes of its JSON text); a larger one is an invalid record. */
export const MAX_RECORD_BYTES = 1024 * 1024;
/** Invalid records listed in a report (all are counted). */
export const MAX_LISTED_PROBLEMS = 1000;
/** Characters of an item's text kept for case studies. */
export const MAX_TEXT_LENGTH = 2000;
/** An answer a slot does not have. */
export const MISSING = -0x80000000;

/** Where a record came from, for the messages about it. */
export interface RecordLocation {
  source?: string;
  /** 1-based line where the record starts. */
  line?: number;
  /** 0-based index of the record in its source. */
  index?: number;
}

/** Options of a quality computation. */
export interface QualityOptions {
  /** The set's identity (default: computed from its files, as exports do). */
  meta?: ExportMeta;
  /** Bootstrap resamples (default 1,000). */
  resamples?: number;
  /** Invalid records listed in the report (default 1,000). */
  maxProblems?: number;
  /** Use the set's examples as gold items (default true). */
  examplesAsGold?: boolean;
}

/** What became of one value given to add(). */
export type AddOutcome = { used: number; invalid: number; duplicates: number; skipped: number };

/** A gold item: the expected answers, and what anonymous records scored on it. */
export interface GoldItem {
  answers: Record<string, AnswerValue>;
  text?: string;
  fromExample: boolean;
}

/** Anonymous (annotator-less) records' gold tallies, per question. */
export interface AnonymousGold {
  total: number;
  correct: number;
  /** Gold item keys these records annotated. */
  items: Set<string>;
  /** Per label code: [true positive, false positive, false negative]. */
  labels: Int32Array;
}

/** Everything the report is computed from (read by report.ts). */
export interface QualityState {
  set: GuidelineSet;
  meta: ExportMeta;
  questions: QuestionModel[];
  counts: RecordCounts;
  problems: RecordProblem[];
  maxProblems: number;
  resamples: number;
  // items
  itemIndex: Map<string, number>;
  itemKeys: string[];
  itemText: (string | undefined)[];
  itemHead: IntColumn;
  // annotators
  annotatorNames: string[];
  annotatorRecords: number[];
  // slots: one per (item, annotator)
  slotItem: IntColumn;
  slotAnnotator: IntColumn;
  slotNext: IntColumn;
  /** Per question: the coded answer of each slot (label code, set id, rating, span offset, 1 for text), MISSING when not answered. */
  values: IntColumn[];
  /** Per question (span questions only): the number of spans of each slot. */
  spanCounts: (IntColumn | undefined)[];
  /** Flat [label, start, end] triples of span answers. */
  spanPool: IntColumn;
  /** Per question (multi): interned sets of label codes. */
  sets: { byKey: Map<string, number>; members: Int32Array[]; keys: string[] }[];
  gold: Map<string, GoldItem>;
  goldInvalid: number;
  /** Why the set's examples could not be taken as gold items, if they could not. */
  examplesError?: string;
  anonymousGold: AnonymousGold[];
}

/** Whether two single or multi answers are equal (multi: as sets). */
export function sameAnswer(a: AnswerValue | undefined, b: AnswerValue | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  if (!Array.isArray(a) || !Array.isArray(b)) return false;
  const x = new Set(a as unknown[]);
  const y = new Set(b as unknown[]);
  return x.size === y.size && [...x].every((v) => y.has(v));
}

/** The label codes of a single or multi answer (unknown ids left out). */
export function labelCodes(q: QuestionModel, answer: AnswerValue): number[] {
  const ids = typeof answer === 'string' ? [answer] : Array.isArray(answer) ? (answer as unknown[]) : [];
  return ids.flatMap((id) => {
    const c = typeof id === 'string' ? q.code.get(id) : undefined;
    return c === undefined ? [] : [c];
  });
}

/** Adds one (gold, given) pair to per-label [tp, fp, fn] counts, on "chose this label or one below". */
export function tallyLabels(q: QuestionModel, labels: Int32Array, expected: number[], given: number[]): void {
  const truth = new Set(expected.flatMap((c) => [...(q.covers[c] ?? [])]));
  const predicted = new Set(given.flatMap((c) => [...(q.covers[c] ?? [])]));
  for (const c of predicted) labels[c * 3 + (truth.has(c) ? 0 : 1)]!++;
  for (const c of truth) if (!predicted.has(c)) labels[c * 3 + 2]!++;
}
