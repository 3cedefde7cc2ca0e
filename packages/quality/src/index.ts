/**
 * @rubric/quality: how well labelers agree under one version of a guideline
 * set. Annotation records (neutral form, or Label Studio tasks) and the
 * parsed set go in; Krippendorff's alpha with a bootstrap interval,
 * per-label binary alpha, percent agreement, Fleiss' kappa, confusions,
 * span F1, gold accuracy, per-annotator figures, case studies and the
 * comparison with a previous version's report come out. Pure (no I/O) and
 * streaming: memory grows with items × annotators, not with the input.
 * Definitions and the JSON contract: docs/quality.md.
 */
import type { GuidelineSet } from '@rubric/core';
import { QualityAccumulator } from './accumulator.js';
import type { ReportOptions } from './report.js';
import type { QualityOptions, RecordLocation } from './state.js';
import type { QualityReport } from './types.js';

export * from './types.js';
export { QualityAccumulator, itemKeyOf } from './accumulator.js';
export { MAX_RECORD_BYTES, MAX_LISTED_PROBLEMS, MAX_TEXT_LENGTH, type QualityOptions, type RecordLocation, type AddOutcome } from './state.js';
export { TOP_DISAGREEMENTS, LABEL_CASES, MAX_CONFUSIONS, type ReportOptions } from './report.js';
export { compareReports, migrationFromReport } from './compare.js';
export { krippendorffAlpha, krippendorffAlphaMatrix, type AlphaMetric, type ReliabilityValue } from './alpha.js';
export { fleissKappa } from './fleiss.js';
export { masi, masiDistance } from './masi.js';
export { BOOTSTRAP_RESAMPLES, percentileInterval, encodeReplicates, decodeReplicates } from './bootstrap.js';
export { SpanAgreement } from './spans.js';
export { isLabelStudioValue, labelStudioAnnotator, labelStudioRecords, type LabelStudioRecord, type LabelStudioTaskRecords } from './label-studio.js';
export { isQualityReport, readQualityReport } from './read-report.js';
export { labelFigures, type LabelFigures } from './lookup.js';
export { answerChose, answerSplit, caseExample, labelCases, reportsForVersion } from './cases.js';

/** One input of computeQuality: a parsed value and where it came from, or a record that could not be parsed. */
export type QualityInput = { value: unknown; at?: RecordLocation } | { unreadable: string; at?: RecordLocation };

/**
 * The report of a stream of inputs (sync or async): gold records first
 * (`options.gold`), then the annotations, then the figures.
 */
export async function computeQuality(set: GuidelineSet, inputs: Iterable<QualityInput> | AsyncIterable<QualityInput>, options: QualityOptions & ReportOptions & { gold?: Iterable<QualityInput> } = {}): Promise<QualityReport> {
  const acc = new QualityAccumulator(set, options);
  for (const g of options.gold ?? []) {
    if ('unreadable' in g) acc.addInvalidGold(g.at ?? {}, g.unreadable);
    else acc.addGold(g.value, g.at);
  }
  for await (const input of inputs) {
    if ('unreadable' in input) acc.addInvalid(input.at ?? {}, input.unreadable);
    else acc.add(input.value, input.at);
  }
  return acc.report(options);
}
