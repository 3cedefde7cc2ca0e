/**
 * The quality figures of one set as the editor shows them: from the reports
 * found for it (files, the registry), the one that measured the newest
 * version not newer than the text being edited, the versions before it for
 * the trend, and per label its figures, its change and its trend, computed
 * once per label and kept, so a hover or a code lens only looks them up.
 */
import type { Label } from '@rubric/core';
import { labelFigures, reportsForVersion, type LabelFigures, type QualityReport } from '@rubric/quality/read';

/** A report and where it came from. */
export interface ReportEntry {
  report: QualityReport;
  /** A file path, or the registry URL it was read from. */
  source: string;
  /** 'file' (next to the set or in the configured folder) or 'registry'. */
  kind: 'file' | 'registry';
}

/** How many versions the trend shows. */
export const TREND_VERSIONS = 5;

/** One label's figures, change and trend. */
export interface LabelQualityView {
  /** The label's id in the report (an older id when it was renamed since). */
  reportId: string;
  figures: LabelFigures;
  /** Alpha by version, oldest first, ending with the current report's. */
  trend: { version: string; alpha: number | null }[];
  /** The change since the version before: from the report's own comparison (with its interval) when it has one, else from the previous report. */
  change?: { since: string; delta: number; low: number | null; high: number | null };
}

/** The figures of one set. */
export class SetQuality {
  /** Reports oldest first; the last is the current one. */
  readonly history: readonly ReportEntry[];
  private readonly views = new Map<string, LabelQualityView | null>();

  constructor(entries: readonly ReportEntry[]) {
    this.history = entries;
  }

  /** The report the figures are from. */
  get current(): ReportEntry {
    return this.history[this.history.length - 1] as ReportEntry;
  }

  /** The figures of a label of the schema now (its former ids followed); undefined when the report does not list it. */
  label(label: Pick<Label, 'id' | 'renamedFrom'>): LabelQualityView | undefined {
    const cached = this.views.get(label.id);
    if (cached !== undefined) return cached ?? undefined;
    const view = this.compute(label);
    this.views.set(label.id, view ?? null);
    return view;
  }

  private compute(label: Pick<Label, 'id' | 'renamedFrom'>): LabelQualityView | undefined {
    // The id now first, then the former ids, newest first.
    const ids = [label.id, ...[...label.renamedFrom].reverse()];
    const current = this.current.report;
    let reportId: string | undefined;
    let figures: LabelFigures | undefined;
    for (const id of ids) {
      figures = labelFigures(current, id);
      if (figures) {
        reportId = id;
        break;
      }
    }
    if (!figures || reportId === undefined) return undefined;
    const trend: LabelQualityView['trend'] = [];
    for (const entry of this.history.slice(-TREND_VERSIONS)) {
      const found = ids.map((id) => labelFigures(entry.report, id)).find((f) => f !== undefined);
      if (found) trend.push({ version: entry.report.set.version, alpha: found.label.alpha });
    }
    const view: LabelQualityView = { reportId, figures, trend };
    const delta = figures.delta;
    if (delta && delta.alpha.delta !== null && current.compare) {
      view.change = { since: current.compare.previous.version, delta: delta.alpha.delta, low: delta.alpha.low, high: delta.alpha.high };
    } else if (trend.length >= 2) {
      const previous = trend[trend.length - 2] as { version: string; alpha: number | null };
      const now = figures.label.alpha;
      if (previous.alpha !== null && now !== null) view.change = { since: previous.version, delta: now - previous.alpha, low: null, high: null };
    }
    return view;
  }
}

/** The reports that apply to a set at `version` (see reportsForVersion), oldest first; undefined when none does. Files come first in `entries`, so they win over the registry. */
export function reportsFor(entries: readonly ReportEntry[], setId: string, version: string | undefined): ReportEntry[] | undefined {
  const list = reportsForVersion(entries, (e) => e.report, setId, version);
  return list.length ? list : undefined;
}

/** "0.62". */
export function fixed2(n: number): string {
  return n.toFixed(2);
}

/** "▼0.08", "▲0.05", "±0.00". */
export function signedChange(delta: number): string {
  const rounded = Math.round(delta * 100) / 100;
  return rounded > 0 ? `▲${fixed2(rounded)}` : rounded < 0 ? `▼${fixed2(-rounded)}` : '±0.00';
}

/** "23%". */
export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}
