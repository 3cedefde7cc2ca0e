/**
 * One label's figures in a report, as the places that show them ask for
 * them (the editor's hover and code lens, the catalog, the label-agreement
 * rule): the label's entry, its question, the confusions it is part of, and
 * its change since the compared version.
 */
import type { Confusion, LabelDelta, LabelQuality, QualityReport, QuestionQuality } from './types.js';

/** What a report says about one label. */
export interface LabelFigures {
  question: QuestionQuality;
  label: LabelQuality;
  /** The question's confusions that involve the label, largest first, with the other label named. */
  confusions: (Confusion & { other: string })[];
  /** The change since the compared version, when the report has a comparison that matched the label. */
  delta?: LabelDelta;
}

/** The figures of a label (ids are unique in a set, so the first question listing it is the one); undefined when the report does not list it. */
export function labelFigures(report: QualityReport, labelId: string): LabelFigures | undefined {
  for (const question of report.questions) {
    const label = question.labels.find((l) => l.id === labelId);
    if (!label) continue;
    const confusions = question.confusions.filter((c) => c.labels.includes(labelId)).map((c) => ({ ...c, other: c.labels[0] === labelId ? c.labels[1] : c.labels[0] }));
    const delta = report.compare?.labels.find((d) => d.question === question.id && d.id === labelId);
    return { question, label, confusions, ...(delta ? { delta } : {}) };
  }
  return undefined;
}
