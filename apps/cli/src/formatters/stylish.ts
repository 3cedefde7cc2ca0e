/**
 * The default, human-readable format: findings grouped per file, one aligned
 * line each, related locations under it, then a summary.
 *
 *     guidelines/hate/guideline.md
 *       20:41  error    Unexpected label `abuse.inslt`  label-reference-known
 *         ↳ guidelines/hate/schema.json:12:7 label defined here
 *
 *     ✖ 1 problem (1 error, 0 warnings, 0 infos)
 *       1 fixable with --fix
 *
 * Paths are relative to the working folder. ANSI colours only when
 * `input.color` is set; text from the linted files never reaches the terminal
 * as control characters (see {@link singleLine}). Prints nothing at all when
 * there are no findings.
 */
import type { Finding, Severity } from '@rubric/core';
import type { Formatter } from './types.js';
import { countFindings, displayWidth, groupByFile, padEnd, plural, relativePath, singleLine } from './shared.js';

/** Styles a piece of terminal text. */
export type Style = (text: string) => string;

/** Wraps text in an ANSI SGR code and its reset (nothing for empty text). */
export function sgr(open: number, close: number): Style {
  return (text) => (text === '' ? '' : `\u001b[${open}m${text}\u001b[${close}m`);
}

const plain: Style = (text) => text;

interface Palette {
  severity: Record<Severity, Style>;
  dim: Style;
  underline: Style;
  summary: (errors: number, warnings: number) => Style;
}

const COLOR: Palette = {
  severity: { error: sgr(31, 39), warning: sgr(33, 39), info: sgr(36, 39) },
  dim: sgr(2, 22),
  underline: sgr(4, 24),
  summary: (errors, warnings) => {
    const hue = errors > 0 ? sgr(31, 39) : warnings > 0 ? sgr(33, 39) : sgr(36, 39);
    const bold = sgr(1, 22);
    return (text) => hue(bold(text));
  },
};

const NO_COLOR: Palette = {
  severity: { error: plain, warning: plain, info: plain },
  dim: plain,
  underline: plain,
  summary: () => plain,
};

function position(f: { range: Finding['range'] }): string {
  return `${f.range.start.line}:${f.range.start.column}`;
}

export const stylish: Formatter = (input) => {
  if (input.findings.length === 0) return '';
  const p = input.color ? COLOR : NO_COLOR;
  const out: string[] = [];

  for (const [file, findings] of groupByFile(input.findings)) {
    const rows = findings.map((f) => {
      const message = singleLine(f.message);
      return { finding: f, pos: position(f), severity: f.severity, message, width: displayWidth(message), ruleId: singleLine(f.ruleId) };
    });
    // Loops, not Math.max(...rows): a file with tens of thousands of findings would overflow the call stack.
    let posWidth = 0;
    let sevWidth = 0;
    let msgWidth = 0;
    for (const r of rows) {
      posWidth = Math.max(posWidth, r.pos.length);
      sevWidth = Math.max(sevWidth, r.severity.length);
      msgWidth = Math.max(msgWidth, r.width);
    }

    out.push(p.underline(singleLine(relativePath(input.cwd, file))));
    for (const r of rows) {
      const cells = [
        p.dim(r.pos) + ' '.repeat(posWidth - r.pos.length),
        p.severity[r.severity](r.severity) + ' '.repeat(sevWidth - r.severity.length),
        padEnd(r.message, msgWidth, r.width),
        p.dim(r.ruleId),
      ];
      out.push(`  ${cells.join('  ')}`);
      for (const rel of r.finding.related ?? []) {
        const where = `↳ ${singleLine(relativePath(input.cwd, rel.file))}:${position(rel)}`;
        const note = singleLine(rel.message);
        out.push(`    ${p.dim(where)}${note ? ` ${note}` : ''}`);
      }
    }
    out.push('');
  }

  const c = countFindings(input.findings);
  const total = c.errors + c.warnings + c.infos;
  const summary = `✖ ${plural(total, 'problem')} (${plural(c.errors, 'error')}, ${plural(c.warnings, 'warning')}, ${plural(c.infos, 'info')})`;
  out.push(p.summary(c.errors, c.warnings)(summary));
  if (c.fixable > 0) out.push(`  ${c.fixable} fixable with --fix`);
  return `${out.join('\n')}\n`;
};
