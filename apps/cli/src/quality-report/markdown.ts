/**
 * The quality report as Markdown: the retrospective after a guideline
 * change, fit for a pull-request comment or a wiki page. Per question a
 * table of figures, per label a table with the least agreed first (and,
 * with --compare, the change since the previous version with its
 * interval), the top confusions, the annotators, and the case studies:
 * the most disagreed items with their text and every annotator's answer.
 * Item texts and annotator names come from the input and may be hostile:
 * every Markdown-active character is escaped, so a text renders as the
 * words it holds (no links, no HTML, no table breaks).
 */
import type { CaseStudy, LabelQuality, QualityReport, QuestionQuality } from '@rubric/quality';
import { count, fixed, interval, lowFirst, percent, signed } from './numbers.js';

/** Case studies written out in full. */
const CASES_SHOWN = 20;
/** Characters of an item text shown in a case study. */
const TEXT_SHOWN = 600;

/**
 * Text shown literally: the characters Markdown acts on inline (emphasis,
 * code, links, images, HTML, tables, strikethrough, entities, headings) are
 * backslash-escaped or written as entities, as are the `:` and `@` of URLs
 * and emails and the dot of `www.` (GitHub links those without brackets);
 * line breaks become spaces and control characters go.
 */
export function literal(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .replace(/[\\`*_[\]()|!~#:@{}]/g, (ch) => `\\${ch}`)
    .replace(/[<>&]/g, (ch) => (ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : '&amp;'))
    .replace(/(www)\./gi, '$1\\.');
}

/** An id in code style; ids are the set's, but a backtick in one must not end the span. */
function code(id: string): string {
  return id.includes('`') ? literal(id) : `\`${id.replace(/[\r\n|]/g, ' ')}\``;
}

function answerText(value: unknown): string {
  if (Array.isArray(value)) return value.length ? value.map((v) => code(String(v))).join(', ') : '—';
  return typeof value === 'string' ? code(value) : literal(String(value));
}

function questionRow(q: QuestionQuality): string {
  const alpha = q.alpha ? `${fixed(q.alpha.value, 3)} ${interval(q.alpha.low, q.alpha.high)}`.trim() : '—';
  const gold = q.gold ? `${percent(q.gold.accuracy)} (${count(q.gold.items)} items)` : '—';
  const f1 = q.f1 ? `${fixed(q.f1.exact)} / ${fixed(q.f1.overlap)}` : '—';
  return `| ${code(q.id)} | ${q.type} | ${count(q.items)} | ${count(q.pairable)} | ${count(q.annotators)} | ${alpha} | ${percent(q.percentAgreement)} | ${fixed(q.fleissKappa, 3)} | ${gold} | ${f1} |`;
}

function labelTable(q: QuestionQuality, report: QualityReport): string[] {
  if (q.type === 'span') {
    return ['| label | F1 exact | F1 overlap | prevalence |', '|---|---:|---:|---:|', ...q.labels.map((l) => `| ${code(l.id)} | ${fixed(l.f1?.exact)} | ${fixed(l.f1?.overlap)} | ${percent(l.prevalence)} |`)];
  }
  const deltas = new Map((report.compare?.labels ?? []).filter((d) => d.question === q.id).map((d) => [d.id, d]));
  const since = report.compare ? ` Δα since ${literal(report.compare.previous.version)} |` : '';
  const lines = [`| label | α | 95% interval | prevalence | gold precision | gold recall |${since}`, `|---|---:|---|---:|---:|---:|${report.compare ? '---|' : ''}`];
  for (const l of lowFirst(q.labels) as LabelQuality[]) {
    const d = deltas.get(l.id);
    const change = report.compare ? ` ${d ? `${signed(d.alpha.delta)} ${interval(d.alpha.low, d.alpha.high)}${d.previousId !== l.id ? ` (was ${code(d.previousId)})` : ''}`.trim() : 'new'} |` : '';
    const name = `${'&nbsp;&nbsp;'.repeat(depth(q, l))}${code(l.id)}${l.deprecated ? ' *(deprecated)*' : ''}`;
    lines.push(`| ${name} | ${fixed(l.alpha)} | ${interval(l.alphaInterval?.low, l.alphaInterval?.high) || '—'} | ${percent(l.prevalence)} | ${fixed(l.gold?.precision)} | ${fixed(l.gold?.recall)} |${change}`);
  }
  return lines;
}

function depth(q: QuestionQuality, l: LabelQuality): number {
  let d = 0;
  const byId = new Map(q.labels.map((x) => [x.id, x]));
  for (let p = l.parent; p !== null && d < 16; p = byId.get(p)?.parent ?? null) d++;
  return d;
}

function caseStudy(c: CaseStudy, n: number): string[] {
  const text = c.text === undefined ? '*(no text in the records)*' : `${literal(c.text.slice(0, TEXT_SHOWN))}${c.text.length > TEXT_SHOWN ? '…' : ''}`;
  const lines = [`#### ${n}. Item ${literal(c.item)}: ${code(c.question)}, disagreement ${fixed(c.disagreement)}`, '', `> ${text}`, '', '| annotator | answer |', '|---|---|'];
  for (const [annotator, answer] of Object.entries(c.answers)) lines.push(`| ${literal(annotator)} | ${answerText(answer)} |`);
  if (c.gold !== undefined) lines.push(`| **gold** | ${answerText(c.gold)} |`);
  return lines;
}

/** Renders the report as a Markdown retrospective. */
export function qualityMarkdown(report: QualityReport): string {
  const r = report.records;
  const out: string[] = [`## Labeling quality: ${code(report.set.id)} ${literal(report.set.version)}`, ''];
  out.push(`${count(r.read)} records read, ${count(r.used)} used (${count(r.invalid)} invalid, ${count(r.duplicates)} duplicates), ${count(report.annotators.length)} annotators, ${count(report.gold.items)} gold items.${report.compare ? ` Compared with ${literal(report.compare.previous.version)}.` : ''}`, '');
  if (report.gold.examplesError) out.push(`⚠️ The set's examples are not used as gold items: ${literal(report.gold.examplesError)}`, '');
  out.push('| question | type | items | pairable | annotators | Krippendorff α [95%] | agreement | Fleiss κ | gold accuracy | span F1 exact / overlap |', '|---|---|---:|---:|---:|---|---:|---:|---|---|');
  for (const q of report.questions) out.push(questionRow(q));
  const changed = report.compare?.questions.filter((d) => d.alpha.delta !== null) ?? [];
  if (report.compare && changed.length) {
    out.push('', `**Since ${literal(report.compare.previous.version)}:** ${changed.map((d) => `${code(d.id)} α ${signed(d.alpha.delta)} ${interval(d.alpha.low, d.alpha.high)}`.trim()).join('; ')}.`);
  }
  for (const q of report.questions) {
    if (!q.labels.length || q.items === 0) continue;
    out.push('', `### ${code(q.id)}: ${q.type === 'span' ? 'span labels' : 'labels, least agreed first'}`, '', ...labelTable(q, report));
    if (q.confusions.length) {
      out.push('', `**Most confused** (share of disagreeing pairs):`, '', '| labels | pairs | share | siblings |', '|---|---:|---:|---|');
      for (const c of q.confusions.slice(0, 10)) out.push(`| ${code(c.labels[0])} ↔ ${code(c.labels[1])} | ${count(c.count)} | ${percent(c.share)} | ${c.sibling ? 'yes' : ''} |`);
    }
  }
  if (report.compare?.unmatched.length) out.push('', `Labels of ${literal(report.compare.previous.version)} with no counterpart now: ${report.compare.unmatched.map((u) => code(u.id)).join(', ')}.`);
  if (report.annotators.length) {
    out.push('', '### Annotators', '', '| annotator | records | agreement | gold accuracy |', '|---|---:|---:|---:|');
    for (const a of report.annotators) out.push(`| ${literal(a.id)} | ${count(a.annotations)} | ${percent(a.agreement)} | ${a.goldAnswers ? `${percent(a.goldAccuracy)} of ${count(a.goldAnswers)}` : '—'} |`);
  }
  if (report.disagreements.length) {
    out.push('', '### Case studies: the most disagreed items', '');
    report.disagreements.slice(0, CASES_SHOWN).forEach((c, i) => out.push(...caseStudy(c, i + 1), ''));
  }
  if (r.invalid || report.gold.invalid) {
    out.push('', `### Invalid records (${count(r.invalid + report.gold.invalid)})`, '');
    for (const p of report.problems.slice(0, 20)) {
      const e = p.errors[0];
      out.push(`- ${literal(p.source ?? 'input')}${p.line !== undefined ? `:${p.line}` : ''}: ${e ? `${literal(e.path || '(record)')}: ${literal(e.message)}` : ''}`);
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}
