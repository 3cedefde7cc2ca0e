/**
 * The few figures of a quality report the registry keeps beside it: record
 * counts, and per question and label the agreement, prevalence and gold
 * figures. The over-time view (GET /v1/sets/{id}/quality) and the catalog's
 * charts across versions read these, so they never parse whole reports
 * (which carry case studies and bootstrap replicates: hundreds of KB each).
 */
import type { QualityReport } from '@rubric/quality/read';
import type { QualitySummary } from '../domain.js';

/** The summary of a report. */
export function qualitySummary(report: QualityReport): QualitySummary {
  const r = report.records;
  return {
    records: { read: r.read, used: r.used, invalid: r.invalid, duplicates: r.duplicates, skipped: r.skipped, withoutAnnotator: r.withoutAnnotator },
    annotators: report.annotators.length,
    goldItems: report.gold.items,
    comparedWith: report.compare?.previous.version ?? null,
    questions: report.questions.map((q) => ({
      id: q.id,
      type: q.type,
      items: q.items,
      pairable: q.pairable,
      alpha: q.alpha ? { value: q.alpha.value, low: q.alpha.low, high: q.alpha.high } : null,
      percentAgreement: q.percentAgreement,
      goldAccuracy: q.gold?.accuracy ?? null,
      labels: q.labels.map((l) => ({
        id: l.id,
        parent: l.parent,
        alpha: l.alpha,
        low: l.alphaInterval?.low ?? null,
        high: l.alphaInterval?.high ?? null,
        prevalence: l.prevalence,
        precision: l.gold?.precision ?? null,
        recall: l.gold?.recall ?? null,
      })),
    })),
  };
}
