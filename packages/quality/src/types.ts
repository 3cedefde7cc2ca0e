/**
 * The quality report: the JSON contract of `rubric quality --format json`
 * (docs/quality.md). These names and meanings are fixed; fields may be
 * added. Values not defined for a question are null.
 */
import type { QuestionType } from '@rubric/core';
import type { AnswerValue } from '@rubric/exporters';

/** Krippendorff's alpha with its 95% bootstrap interval (null bounds when no resample was defined). */
export interface AlphaEstimate {
  value: number;
  low: number | null;
  high: number | null;
}

/** What happened to the records read. `used` = read − invalid − duplicates. */
export interface RecordCounts {
  read: number;
  used: number;
  invalid: number;
  /** Records replaced by a later record of the same annotator for the same item. */
  duplicates: number;
  /** Label Studio annotations left out: cancelled (skipped tasks) and ground truth. Not part of `read`. */
  skipped: number;
  /** Used records without an `annotator`: they count for gold accuracy only. */
  withoutAnnotator: number;
}

/** A record that was not used, where it was, and why. */
export interface RecordProblem {
  /** The file or stream it came from, as the caller named it. */
  source?: string;
  /** 1-based line where the record starts. */
  line?: number;
  /** 0-based index of the record in its source. */
  index?: number;
  /** What was wrong: JSON pointers into the record and messages. */
  errors: { path: string; message: string }[];
}

/** Two labels that annotators of the same item gave against each other. */
export interface Confusion {
  /** The two label ids, sorted. */
  labels: [string, string];
  /** Annotator pairs that gave them (per item and pair; for multi, per label pair of the two sets' differences). */
  count: number;
  /** count / the sum of counts of the question. */
  share: number;
  /** Both labels have the same parent label. */
  sibling: boolean;
}

/** An item with its annotators' answers: a case study. */
export interface CaseStudy {
  item: string;
  question: string;
  text?: string;
  /** Observed disagreement of the item: the mean distance over ordered pairs of its values (0 all agree, 1 all differ). */
  disagreement: number;
  /** Annotator id -> their answer. */
  answers: Record<string, AnswerValue>;
  /** The gold answer, when the item is a gold item. */
  gold?: AnswerValue;
}

/** Figures of one label of a question. */
export interface LabelQuality {
  id: string;
  /** The parent label, null at the top. */
  parent: string | null;
  deprecated: boolean;
  /** Binary alpha of "chose this label or a label below it" (nominal, over the question's pairable items). */
  alpha: number | null;
  /** 95% bootstrap interval of that alpha. */
  alphaInterval: { low: number | null; high: number | null } | null;
  /** Share of the question's answers that chose this label or a label below it (span: that have a span of it). */
  prevalence: number | null;
  /** On gold items: precision and recall of "chose this label or a label below it"; null without gold answers for the question. */
  gold: { precision: number | null; recall: number | null } | null;
  /** Span labels: F1 between annotators, exact and overlap; null for other questions. */
  f1: { exact: number | null; overlap: number | null } | null;
  /** The most disagreed items where some annotators chose the label and others did not (up to 3). */
  cases: CaseStudy[];
}

/** Figures of one question. */
export interface QuestionQuality {
  id: string;
  type: QuestionType;
  /** The distance alpha uses: nominal (single), masi (multi), ordinal (rating); null for span and text. */
  metric: 'nominal' | 'masi' | 'ordinal' | null;
  /** Items with at least one answer from an annotator. */
  items: number;
  /** Items with two answers or more. */
  pairable: number;
  /** Answers given (annotators' records that answer the question). */
  annotations: number;
  /** Annotators who answered it. */
  annotators: number;
  alpha: AlphaEstimate | null;
  percentAgreement: number | null;
  fleissKappa: number | null;
  /** Gold accuracy (single and multi): gold items annotated, share of their annotations equal to the gold answer. */
  gold: { items: number; accuracy: number | null } | null;
  labels: LabelQuality[];
  confusions: Confusion[];
  /** Span questions: F1 pooled over labels. */
  f1: { exact: number | null; overlap: number | null } | null;
}

/** Figures of one annotator. */
export interface AnnotatorQuality {
  id: string;
  /** Records used. */
  annotations: number;
  /** Pooled over (gold item × single or multi question the gold answers); unanswered is wrong. */
  goldAccuracy: number | null;
  /** Gold answers checked for goldAccuracy. */
  goldAnswers: number;
  /** Share of their pairs with other annotators (same item, single and multi questions) that agree. */
  agreement: number | null;
}

/** A label's figures against the previous report. */
export interface LabelDelta {
  question: string;
  id: string;
  /** The label's id in the previous version (differs when renamed). */
  previousId: string;
  alpha: { previous: number | null; current: number | null; delta: number | null; low: number | null; high: number | null };
  prevalence: { previous: number | null; current: number | null; delta: number | null };
}

/** The report against a previous one. */
export interface Comparison {
  previous: { id: string; version: string };
  questions: { id: string; alpha: { previous: number | null; current: number | null; delta: number | null; low: number | null; high: number | null } }[];
  labels: LabelDelta[];
  /** Labels of the previous report with no counterpart now (removed, or replaced by another label). */
  unmatched: { question: string; id: string }[];
}

/** Bootstrap replicates kept for comparisons: base64 float32, in draw order (see bootstrap.ts). */
export interface BootstrapRecord {
  resamples: number;
  questions: Record<string, { seed: number; alpha?: string; labels: Record<string, string> }>;
}

/** The report. */
export interface QualityReport {
  set: { id: string; version: string; contentHash: string };
  records: RecordCounts;
  /** Gold items (the set's examples and gold records), invalid gold records, and why the examples could not be used if they could not. */
  gold: { items: number; fromExamples: number; fromRecords: number; invalid: number; examplesError?: string };
  questions: QuestionQuality[];
  annotators: AnnotatorQuality[];
  /** Top 20 items by observed disagreement, over single, multi and rating questions. */
  disagreements: CaseStudy[];
  /** Invalid records, located (the first 1,000; records.invalid counts them all). */
  problems: RecordProblem[];
  compare?: Comparison;
  bootstrap: BootstrapRecord;
}
