/**
 * The review as GitHub Actions annotations on the changed lines: problems as
 * errors or warnings, breaking changes as warnings, the rest as notices.
 * Changes in the base only (removals) are annotated on the set's guideline.
 */
import type { ReviewFormatter } from './types.js';
import { escapeData, escapeProperty } from '../formatters/github.js';
import { baseFiguresLine } from './base-figures.js';

export const github: ReviewFormatter = (input) => {
  const out: string[] = [];
  for (const { path, diff, quality } of input.sets) {
    const fallback = `${path}/guideline.md`;
    const at = (loc: { file: string; side: 'base' | 'head'; range: { start: { line: number; column: number }; end: { line: number; column: number } } } | undefined): string => {
      if (!loc || loc.side === 'base') return `file=${escapeProperty(diff.head ? fallback : input.displayPath(loc?.file ?? fallback, 'base'))},line=1`;
      const { start, end } = loc.range;
      return `file=${escapeProperty(input.displayPath(loc.file, 'head'))},line=${start.line},col=${start.column},endLine=${end.line},endColumn=${end.column}`;
    };
    for (const p of diff.problems) out.push(`::${p.severity === 'error' ? 'error' : 'warning'} ${at(p.location)},title=${escapeProperty(`rubric ${p.code}`)}::${escapeData(p.message)}`);
    for (const c of diff.changes) {
      const kind = c.level === 'major' && c.acknowledged === undefined ? 'warning' : 'notice';
      const ack = c.acknowledged !== undefined ? ` (acknowledged: ${c.acknowledged})` : '';
      // A rewritten definition carries the figures it is meant to improve.
      const figures = c.kind === 'definition' && quality ? quality.labels.find((l) => l.labelId === c.labelId) : undefined;
      const base = figures && quality ? ` (${baseFiguresLine(quality.version, figures)})` : '';
      out.push(`::${kind} ${at(c.location)},title=${escapeProperty(`${c.level}: ${c.kind}`)}::${escapeData(`${c.reason}${base}${ack} [${c.path}]`)}`);
    }
  }
  return out.length ? `${out.join('\n')}\n` : '';
};
