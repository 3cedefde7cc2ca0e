/**
 * The quality report for a terminal: a summary line, then per question its
 * figures and a table of its labels with the least agreed first (where the
 * guideline needs work), its top confusions, then the annotators (least
 * agreeing first) and the invalid records with file and line. Colour only
 * when asked (red below alpha 0.667, yellow below 0.8, green above); text
 * from the input (ids, annotator names, messages) is made terminal-safe.
 */
import type { LabelQuality, QualityReport, QuestionQuality } from '@rubric/quality';
import { displayWidth, padEnd, plural, singleLine } from '../formatters/shared.js';
import { sgr, type Style } from '../formatters/stylish.js';
import { count, fixed, GOOD_ALPHA, interval, LOW_ALPHA, lowFirst, percent, signed } from './numbers.js';

/** Confusion pairs shown per question. */
const CONFUSIONS_SHOWN = 5;
/** Invalid records listed. */
const PROBLEMS_SHOWN = 20;

interface Palette {
  alpha: (value: number | null) => Style;
  bold: Style;
  dim: Style;
}

const plain: Style = (t) => t;
const COLOR: Palette = {
  alpha: (v) => (v === null ? sgr(2, 22) : v < LOW_ALPHA ? sgr(31, 39) : v < GOOD_ALPHA ? sgr(33, 39) : sgr(32, 39)),
  bold: sgr(1, 22),
  dim: sgr(2, 22),
};
const NO_COLOR: Palette = { alpha: () => plain, bold: plain, dim: plain };

/** Rows as aligned columns (two spaces apart); `styles` colours whole cells after padding. */
function table(rows: string[][], styles: (Style | undefined)[][] = []): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, displayWidth(cell))));
  return rows.map((row, r) =>
    row
      .map((cell, i) => {
        const padded = i === row.length - 1 ? cell : padEnd(cell, widths[i]!);
        return styles[r]?.[i]?.(padded) ?? padded;
      })
      .join('  ')
      .trimEnd(),
  );
}

function questionLine(q: QuestionQuality, p: Palette): string {
  const parts = [`${p.bold(singleLine(q.id))} (${q.type}${q.metric ? `, ${q.metric}` : ''})`, `${count(q.items)} items, ${count(q.pairable)} pairable, ${count(q.annotations)} answers, ${plural(q.annotators, 'annotator')}`];
  if (q.alpha) parts.push(p.alpha(q.alpha.value)(`α ${fixed(q.alpha.value, 3)} ${interval(q.alpha.low, q.alpha.high)}`.trim()));
  else if (q.metric) parts.push(p.dim('α —'));
  if (q.percentAgreement !== null) parts.push(`agreement ${percent(q.percentAgreement)}`);
  if (q.fleissKappa !== null) parts.push(`Fleiss κ ${fixed(q.fleissKappa, 3)}`);
  if (q.gold) parts.push(`gold ${percent(q.gold.accuracy)} (${plural(q.gold.items, 'item')})`);
  if (q.f1) parts.push(`F1 exact ${fixed(q.f1.exact)}, overlap ${fixed(q.f1.overlap)}`);
  return parts.join('  ·  ');
}

function labelRows(q: QuestionQuality, report: QualityReport, p: Palette): string[] {
  const deltas = new Map((report.compare?.labels ?? []).filter((d) => d.question === q.id).map((d) => [d.id, d]));
  const span = q.type === 'span';
  const header = span ? ['label', 'F1 exact', 'F1 overlap', 'prevalence'] : ['label', 'α', '95% interval', 'prevalence', 'gold P', 'gold R', ...(report.compare ? [`Δα since ${singleLine(report.compare.previous.version)}`] : [])];
  const labels: LabelQuality[] = span ? q.labels : lowFirst(q.labels);
  const rows = [header, ...labels.map((l) => {
    const id = `${singleLine(l.id)}${l.deprecated ? ' (deprecated)' : ''}`;
    if (span) return [id, fixed(l.f1?.exact), fixed(l.f1?.overlap), percent(l.prevalence)];
    const d = deltas.get(l.id);
    const change = d ? `${signed(d.alpha.delta)} ${interval(d.alpha.low, d.alpha.high)}${d.previousId !== l.id ? ` (was ${singleLine(d.previousId)})` : ''}`.trim() : '';
    return [id, fixed(l.alpha), interval(l.alphaInterval?.low, l.alphaInterval?.high), percent(l.prevalence), fixed(l.gold?.precision), fixed(l.gold?.recall), ...(report.compare ? [change] : [])];
  })];
  const styles = [[p.dim], ...labels.map((l) => (span ? [] : [undefined, p.alpha(l.alpha)]))];
  return table(rows, styles).map((line) => `  ${line}`);
}

/** Renders the report for a terminal. */
export function qualityStylish(report: QualityReport, options: { color: boolean }): string {
  const p = options.color ? COLOR : NO_COLOR;
  const r = report.records;
  const out: string[] = [];
  out.push(`${p.bold(`${singleLine(report.set.id)} ${singleLine(report.set.version)}`)}: ${count(r.read)} records read, ${count(r.used)} used, ${count(r.invalid)} invalid, ${count(r.duplicates)} duplicates${r.skipped ? `, ${count(r.skipped)} Label Studio annotations skipped (cancelled or ground truth)` : ''}; ${plural(report.annotators.length, 'annotator')}; ${plural(report.gold.items, 'gold item')}`);
  if (report.compare) out.push(`compared with ${singleLine(report.compare.previous.id)} ${singleLine(report.compare.previous.version)}`);
  if (report.gold.examplesError) out.push(`warning: the set's examples are not used as gold items: ${singleLine(report.gold.examplesError)}`);
  for (const q of report.questions) {
    out.push('', questionLine(q, p));
    const d = report.compare?.questions.find((c) => c.id === q.id);
    if (d && d.alpha.delta !== null) out.push(`  α ${signed(d.alpha.delta)} ${interval(d.alpha.low, d.alpha.high)} since ${singleLine(report.compare!.previous.version)}`.trimEnd());
    if (q.labels.length && q.items > 0) out.push(...labelRows(q, report, p));
    if (q.confusions.length) {
      out.push(`  ${p.dim('most confused')}`);
      out.push(...table(q.confusions.slice(0, CONFUSIONS_SHOWN).map((c) => [`${singleLine(c.labels[0])} ↔ ${singleLine(c.labels[1])}`, `${percent(c.share)} of disagreements`, `(${count(c.count)})`, c.sibling ? 'siblings' : ''])).map((l) => `    ${l}`));
    }
  }
  if (report.annotators.length) {
    out.push('', p.bold('annotators'), ...table(
      [['annotator', 'records', 'agreement', 'gold accuracy'], ...[...report.annotators].sort((a, b) => (a.agreement ?? 2) - (b.agreement ?? 2)).map((a) => [singleLine(a.id), count(a.annotations), percent(a.agreement), a.goldAnswers ? `${percent(a.goldAccuracy)} of ${count(a.goldAnswers)}` : '—'])],
      [[p.dim]],
    ).map((l) => `  ${l}`));
  }
  if (report.disagreements.length) {
    out.push('', p.bold('most disagreed items'));
    for (const c of report.disagreements.slice(0, 5)) {
      const answers = Object.entries(c.answers).map(([a, v]) => `${singleLine(a)}: ${singleLine(Array.isArray(v) ? v.join('+') : String(v))}`).join(', ');
      out.push(`  ${singleLine(c.item)} (${singleLine(c.question)}, ${fixed(c.disagreement)})  ${answers}`);
    }
    if (report.disagreements.length > 5) out.push(`  ${p.dim(`... ${report.disagreements.length - 5} more in --format markdown or json`)}`);
  }
  if (report.problems.length) {
    out.push('', p.bold(`invalid records (${count(r.invalid)}${report.gold.invalid ? `, and ${plural(report.gold.invalid, 'invalid gold record')}` : ''})`));
    for (const problem of report.problems.slice(0, PROBLEMS_SHOWN)) {
      const where = `${singleLine(problem.source ?? '(input)')}${problem.line !== undefined ? `:${problem.line}` : ''}`;
      const first = problem.errors[0];
      out.push(`  ${where}  ${first ? `${singleLine(first.path || '(record)')}: ${singleLine(first.message)}` : ''}${problem.errors.length > 1 ? p.dim(` (+${problem.errors.length - 1} more)`) : ''}`);
    }
    const more = report.problems.length - Math.min(PROBLEMS_SHOWN, report.problems.length) + (r.invalid + report.gold.invalid - report.problems.length);
    if (more > 0) out.push(`  ${p.dim(`... and ${count(more)} more (--format json lists the first ${report.problems.length})`)}`);
  }
  return `${out.join('\n')}\n`;
}
