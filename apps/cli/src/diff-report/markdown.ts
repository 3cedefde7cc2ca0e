/**
 * The review as Markdown for a pull-request comment: a summary table (required
 * vs declared bump per set), then per set its problems, acknowledged breaking
 * changes and changes grouped by label. Readable without Rubric installed.
 */
import type { Change, DiffPart } from '@rubric/core';
import type { ReviewFormatter } from './types.js';
import { baseFiguresMarkdown } from './base-figures.js';

const LEVEL_ICON: Record<string, string> = { major: '🔴 major', minor: '🟡 minor', patch: '⚪ patch', none: 'none' };

/** Markdown-safe inline text (no table breaks, no HTML). */
function md(text: string): string {
  return text.replace(/->/g, '→').replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r?\n/g, ' ');
}

/** A word diff as Markdown: ~~removed~~ **added**, long equal runs shortened. */
export function wordDiffMarkdown(parts: readonly DiffPart[], context = 12): string {
  const out: string[] = [];
  parts.forEach((p, i) => {
    const t = p.text.replace(/\s+/g, ' ');
    if (p.op === 'equal') {
      const words = t.split(' ');
      if (words.length <= context * 2) out.push(md(t));
      else {
        const head = i === 0 ? '' : words.slice(0, context).join(' ');
        const tail = i === parts.length - 1 ? '' : words.slice(-context).join(' ');
        out.push(`${md(head)} … ${md(tail)}`);
      }
    } else if (t.trim()) out.push(p.op === 'delete' ? `~~${md(t.trim())}~~ ` : `**${md(t.trim())}** `);
  });
  return out.join('').replace(/\s+/g, ' ').trim();
}

function changeLine(c: Change): string {
  const ack = c.acknowledged !== undefined ? ` — acknowledged: ${md(c.acknowledged)}` : '';
  const beforeAfter = c.before !== undefined && c.after !== undefined && !c.words && c.kind !== 'example-relabeled' ? ` (${md(c.before)} → ${md(c.after)})` : c.kind === 'example-relabeled' ? ` (\`${md(c.before ?? '')}\` → \`${md(c.after ?? '')}\`)` : '';
  const words = c.words ? `<br>${wordDiffMarkdown(c.words)}` : '';
  return `| ${LEVEL_ICON[c.level]} | ${c.kind} | ${md(c.reason)}${beforeAfter}${ack}${words} | \`${md(c.path || '(set)')}\` |`;
}

export const markdown: ReviewFormatter = (input) => {
  const lines: string[] = ['## Rubric review', '', `Compared with ${input.baseLabel}.`, ''];
  if (input.sets.length === 0) {
    lines.push('No guideline set changed.', '');
    return lines.join('\n');
  }
  lines.push('| set | change | version | required | declared | result |', '|---|---|---|---|---|---|');
  for (const { path, diff } of input.sets) {
    const version = `${diff.base?.version ?? '—'} → ${diff.head?.version ?? '—'}`;
    const errors = diff.problems.filter((p) => p.severity === 'error').length;
    const result = diff.ok ? '✅ ok' : `❌ ${errors} problem${errors === 1 ? '' : 's'}`;
    lines.push(`| \`${md(diff.id ?? path)}\` | ${diff.state} (${diff.changes.length} change${diff.changes.length === 1 ? '' : 's'}) | ${version} | ${LEVEL_ICON[diff.required]} | ${diff.declared === 'backwards' || diff.declared === 'invalid' ? `❌ ${diff.declared}` : LEVEL_ICON[diff.declared]} | ${result} |`);
  }
  for (const { path, diff, quality } of input.sets) {
    lines.push('', `### \`${md(diff.id ?? path)}\` ${diff.base?.version ?? 'new'} → ${diff.head?.version ?? 'removed'}`, '');
    lines.push(`Folder \`${md(path)}\` · ${diff.state} · status ${diff.base?.status ?? '—'} → ${diff.head?.status ?? '—'} · required **${diff.required}**, declared **${diff.declared}**`, '');
    for (const p of diff.problems) {
      const where = p.location ? ` (${md(input.displayPath(p.location.file, p.location.side))}:${p.location.range.start.line})` : '';
      lines.push(`- ${p.severity === 'error' ? '❌' : '⚠️'} ${md(p.message)}${where}`);
    }
    if (diff.problems.length) lines.push('');
    const acked = diff.changes.filter((c) => c.acknowledged !== undefined);
    if (acked.length) {
      lines.push('**Acknowledged breaking changes**', '');
      for (const c of acked) lines.push(`- \`${md(c.path)}\`: ${md(c.reason)} — *${md(c.acknowledged ?? '')}*`);
      lines.push('');
    }
    if (diff.state === 'added') {
      lines.push('A new set: everything in it is added.', '');
      continue;
    }
    if (quality) lines.push(...baseFiguresMarkdown(quality, md));
    // Group by label; question-level and set-level changes come first.
    const groups = new Map<string, Change[]>();
    for (const c of diff.changes) {
      const key = c.labelId ? `Label \`${c.labelId}\`` : c.questionId ? `Question \`${c.questionId}\`` : 'Guideline';
      const list = groups.get(key) ?? [];
      list.push(c);
      groups.set(key, list);
    }
    const order = [...groups.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    for (const key of order) {
      lines.push(`<details${groups.get(key)?.some((c) => c.level === 'major') ? ' open' : ''}><summary>${key.replace(/`([^`]+)`/g, '<code>$1</code>')}</summary>`, '');
      lines.push('| level | change | what | path |', '|---|---|---|---|');
      for (const c of groups.get(key) ?? []) lines.push(changeLine(c));
      lines.push('', '</details>', '');
    }
  }
  lines.push(`<sub>rubric ${input.toolVersion} · major: old annotations no longer fit; minor: added or deprecated; patch: wording.</sub>`, '');
  return lines.join('\n');
};

function rank(key: string): number {
  return key.startsWith('Question') ? 0 : key.startsWith('Label') ? 1 : 2;
}
