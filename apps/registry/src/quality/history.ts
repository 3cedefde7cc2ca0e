/**
 * Labeling quality over time: per published (or deprecated) version of a
 * set, the summary of its latest quality report, and per label its figures
 * across the versions that measured it. A label keeps its history across a
 * rename: consecutive measured versions are matched through the migration
 * map (as `rubric quality --compare` matches them), so a series is named by
 * the label's newest id and each point says what the label was called then.
 * A label replaced by another does not carry its history to the replacement
 * (its meaning changed); a removed label keeps a series of its own.
 *
 * GET /v1/sets/{id}/quality answers this; the catalog's set quality page
 * charts it.
 */
import { migrationMap, type GuidelineSet } from '@rubric/core';
import type { QualityReportMeta, QualitySource, QualitySummary, VersionRecord, VersionState, VersionSummary } from '../domain.js';
import { compareVersions } from '../store/common.js';
import type { Store } from '../store/types.js';
import { measurable } from './service.js';

/** Versions looked at, at most (pages of the version listing). */
const MAX_VERSIONS = 1000;

/** One version in the history: its summary figures, or null when it has no report. */
export interface VersionQuality {
  version: string;
  state: VersionState;
  publishedAt: string | null;
  report: {
    id: string;
    uploadedAt: string;
    uploadedBy: string;
    source: QualitySource;
    /** Reports stored for the version (the latest is the one shown). */
    reports: number;
    records: QualitySummary['records'];
    annotators: number;
    goldItems: number;
    comparedWith: string | null;
  } | null;
  questions: { id: string; type: string; items: number; pairable: number; alpha: QualitySummary['questions'][number]['alpha']; percentAgreement: number | null; goldAccuracy: number | null }[];
}

/** One label's figures in one version. */
export interface LabelPoint {
  version: string;
  /** The label's id in that version. */
  id: string;
  alpha: number | null;
  low: number | null;
  high: number | null;
  prevalence: number | null;
  precision: number | null;
  recall: number | null;
}

/** One label across versions. */
export interface LabelSeries {
  question: string;
  /** The label's id in the newest version that measured it. */
  id: string;
  parent: string | null;
  /** Whether the newest measured version still has the label. */
  current: boolean;
  /** Oldest first, only versions that measured it. */
  history: LabelPoint[];
}

/** The history of a set. */
export interface QualityHistory {
  setId: string;
  /** Oldest first. */
  versions: VersionQuality[];
  labels: LabelSeries[];
}

/** Every published and deprecated version of a set, oldest first. */
async function visibleVersions(store: Store, setId: string): Promise<VersionSummary[]> {
  const out: VersionSummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listVersions(setId, { limit: 100, ...(cursor ? { cursor } : {}) });
    out.push(...page.items.filter(measurable));
    cursor = page.next ?? undefined;
  } while (cursor && out.length < MAX_VERSIONS);
  return out.sort((a, b) => compareVersions(a.version, b.version));
}

/** The quality history of a set (see the top of this file). */
export async function qualityHistory(store: Store, loadSet: (version: VersionRecord) => GuidelineSet, setId: string): Promise<QualityHistory> {
  const [versions, latest] = await Promise.all([visibleVersions(store, setId), store.latestQualityReports(setId)]);
  const byVersion = new Map(latest.map((r) => [r.version, r]));
  const rows: VersionQuality[] = versions.map((v) => {
    const r = byVersion.get(v.version);
    return {
      version: v.version,
      state: v.state,
      publishedAt: v.publishedAt,
      report: r
        ? { id: r.id, uploadedAt: r.uploadedAt, uploadedBy: r.uploadedBy, source: r.source, reports: r.reports, records: r.summary.records, annotators: r.summary.annotators, goldItems: r.summary.goldItems, comparedWith: r.summary.comparedWith }
        : null,
      questions: r ? r.summary.questions.map((q) => ({ id: q.id, type: q.type, items: q.items, pairable: q.pairable, alpha: q.alpha, percentAgreement: q.percentAgreement, goldAccuracy: q.goldAccuracy })) : [],
    };
  });
  const measured = versions.filter((v) => byVersion.has(v.version)).map((v) => byVersion.get(v.version) as QualityReportMeta);
  return { setId, versions: rows, labels: await labelSeries(store, loadSet, setId, measured) };
}

/** Per label, its points across the measured versions (oldest first), matched through renames. */
async function labelSeries(store: Store, loadSet: (version: VersionRecord) => GuidelineSet, setId: string, measured: QualityReportMeta[]): Promise<LabelSeries[]> {
  const series: LabelSeries[] = [];
  // The series of each label of the version after the one being matched: `question\0id` -> series.
  let next = new Map<string, LabelSeries>();
  let nextSchema: Parameters<typeof migrationMap>[1] | undefined;
  for (let i = measured.length - 1; i >= 0; i--) {
    const report = measured[i] as QualityReportMeta;
    const renamedTo = new Map<string, string>();
    if (nextSchema) {
      const labels = report.summary.questions.flatMap((q) => q.labels.map((l) => ({ id: l.id, questionId: q.id })));
      for (const m of migrationMap({ id: setId, version: report.version, labels }, nextSchema).labels) {
        if ((m.via === 'same' || m.via === 'renamed') && m.to !== null) renamedTo.set(`${m.questionId}\u0000${m.from}`, m.to);
      }
    }
    const here = new Map<string, LabelSeries>();
    for (const q of report.summary.questions) {
      for (const l of q.labels) {
        const to = renamedTo.get(`${q.id}\u0000${l.id}`);
        let s = to !== undefined ? next.get(`${q.id}\u0000${to}`) : undefined;
        // Two labels of this version that end up as one (a merge by renames) keep separate series.
        if (s && s.history[0]?.version === report.version) s = undefined;
        if (!s) {
          s = { question: q.id, id: l.id, parent: l.parent, current: i === measured.length - 1, history: [] };
          series.push(s);
        }
        s.history.unshift({ version: report.version, id: l.id, alpha: l.alpha, low: l.low, high: l.high, prevalence: l.prevalence, precision: l.precision, recall: l.recall });
        here.set(`${q.id}\u0000${l.id}`, s);
      }
    }
    next = here;
    const stored = await store.getVersion(setId, report.version);
    nextSchema = stored ? (loadSet(stored).schema ?? undefined) : undefined;
  }
  return series;
}
