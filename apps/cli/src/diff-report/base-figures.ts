/**
 * The labeling-quality figures of the base version, for the labels whose
 * definition a change rewrites (`rubric diff --quality <report>`): the
 * reviewer sees what the new wording is meant to fix, next to the word diff.
 * The report used is the one of the base version, else the newest one
 * before it; a label renamed in the change is found under its old id.
 */
import type { SetDiff } from '@rubric/core';
import { labelFigures, type QualityReport } from '@rubric/quality/read';
import { figuresFor } from '../quality-files.js';

/** One changed label's figures at the base. */
export interface BaseLabelFigures {
  /** The label's id in the new version. */
  labelId: string;
  /** Its id in the report (the old id when the change renames it). */
  reportId: string;
  alpha: number | null;
  interval: { low: number | null; high: number | null } | null;
  /** Items the question's agreement is measured over. */
  pairable: number;
  gold: { precision: number | null; recall: number | null } | null;
  /** The labels it is confused with, largest first (at most 3). */
  confusions: { other: string; share: number; count: number }[];
}

/** The base version's figures of a set's changed labels. */
export interface BaseFigures {
  /** The version the report measured (the base's, or an earlier one). */
  version: string;
  /** The report file, as given. */
  source: string;
  labels: BaseLabelFigures[];
}

/** The figures of the labels whose definition the diff changes, from the report that applies to the base; undefined without one. */
export function baseFiguresOf(diff: SetDiff, reports: readonly { shown: string; report: QualityReport }[]): BaseFigures | undefined {
  if (diff.id === undefined || !diff.base) return undefined;
  const found = figuresFor(
    reports.map((r) => ({ ...r, set: r.report.set })),
    diff.id,
    diff.base.version,
  );
  if (!found) return undefined;
  const oldIdOf = new Map(diff.changes.filter((c) => c.kind === 'label-renamed' && c.after !== undefined && c.labelId !== undefined).map((c) => [c.after as string, c.labelId as string]));
  const changed = [...new Set(diff.changes.filter((c) => c.kind === 'definition' && c.labelId !== undefined).map((c) => c.labelId as string))];
  const labels: BaseLabelFigures[] = [];
  for (const labelId of changed) {
    const reportId = oldIdOf.get(labelId) ?? labelId;
    const figures = labelFigures(found.report, reportId);
    if (!figures) continue;
    labels.push({
      labelId,
      reportId,
      alpha: figures.label.alpha,
      interval: figures.label.alphaInterval,
      pairable: figures.question.pairable,
      gold: figures.label.gold,
      confusions: figures.confusions.slice(0, 3).map((c) => ({ other: c.other, share: c.share, count: c.count })),
    });
  }
  return { version: found.report.set.version, source: found.shown, labels };
}

const f2 = (n: number | null | undefined): string => (n === null || n === undefined ? '—' : n.toFixed(2));
const pct = (n: number): string => `${Math.round(n * 100)}%`;

/** "α 0.62 (0.55–0.70)". */
export function alphaWithInterval(l: BaseLabelFigures): string {
  if (l.alpha === null) return 'α —';
  const i = l.interval;
  return i && i.low !== null && i.high !== null ? `α ${f2(l.alpha)} (${f2(i.low)}–${f2(i.high)})` : `α ${f2(l.alpha)}`;
}

/** One line for annotations: "base 1.2.0: α 0.62 (0.55–0.70) over 290 items · confused with hate.exclusion 23%". */
export function baseFiguresLine(version: string, l: BaseLabelFigures): string {
  const confused = l.confusions[0] ? ` · confused with ${l.confusions[0].other} ${pct(l.confusions[0].share)}` : '';
  return `base ${version}: ${alphaWithInterval(l)} over ${l.pairable} items${confused}`;
}

/** The table of a set's section in the PR comment; `md` escapes text for Markdown. */
export function baseFiguresMarkdown(figures: BaseFigures, md: (text: string) => string): string[] {
  if (figures.labels.length === 0) return [];
  // Ids from a report file (confusions) are whatever the file says: no backtick may end the code span.
  const code = (text: string): string => `\`${md(text).replace(/`/g, "'")}\``;
  const lines = [
    `**Labeling quality of ${md(figures.version).replace(/[*_`[\]]/g, '?')}** for the labels whose definition changed (${code(figures.source)}): what the new wording is meant to fix.`,
    '',
    '| label | agreement | items | gold precision / recall | confused with |',
    '|---|---|---|---|---|',
  ];
  for (const l of figures.labels) {
    const renamed = l.reportId !== l.labelId ? ` (was ${code(l.reportId)})` : '';
    const gold = l.gold && (l.gold.precision !== null || l.gold.recall !== null) ? `${f2(l.gold.precision)} / ${f2(l.gold.recall)}` : '—';
    const confused = l.confusions.length ? l.confusions.map((c) => `${code(c.other)} ${pct(c.share)}`).join(', ') : '—';
    lines.push(`| ${code(l.labelId)}${renamed} | ${alphaWithInterval(l)} | ${l.pairable} | ${gold} | ${confused} |`);
  }
  lines.push('');
  return lines;
}
