/**
 * A set's semantic diff as a sanitized body fragment, for the VS Code
 * "Compare with Base" panel (inside renderPageShell, under the preview's CSP):
 * the required bump against the declared one, problems, acknowledged breaking
 * changes, then the changes grouped by level (major, minor, patch), each with
 * its reason, field path, before and after or word diff, and a link to the
 * changed label's section (`data-line`: the 1-based line in guideline.md the
 * page's script asks the editor to reveal). Every text from the set is escaped
 * and bidi controls are shown as markers, as in the guideline itself.
 */
import type { Change, DiffPart, SetDiff } from '@rubric/core';
import { BIDI_CONTROLS, bidiMarker } from './bidi.js';

/** What the fragment needs besides the diff. */
export interface SetDiffRenderOptions {
  /** How the base is named, e.g. `main`. */
  baseLabel: string;
  /** The base commit (shown short). */
  baseCommit?: string;
  /** Line in the head guideline.md of a label's section, for the jump links. */
  sectionLine?: (labelId: string) => number | undefined;
}

const LEVELS = ['major', 'minor', 'patch'] as const;
const LEVEL_TEXT: Record<string, string> = {
  major: 'Major: old annotations no longer fit',
  minor: 'Minor: something added, deprecated or relabeled',
  patch: 'Patch: wording only',
};
/** Equal runs longer than this many words are shortened around the edits. */
const CONTEXT_WORDS = 14;

/** Escapes text for element content and quoted attributes; bidi controls become visible markers. */
function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;').replace(BIDI_CONTROLS, bidiMarker);
}

/** Text whose `backticked` parts are code, as core's messages write ids. */
function withCode(text: string): string {
  return text
    .split('`')
    .map((part, i) => (i % 2 === 1 && part ? `<code>${esc(part)}</code>` : esc(part)))
    .join('');
}

function badge(level: string): string {
  const safe = level.replace(/[^a-z]/g, '');
  return `<span class="rubric-level rubric-level-${safe}">${esc(level)}</span>`;
}

/** A word diff as <del>/<ins> runs; long unchanged stretches keep their edges. */
function words(parts: readonly DiffPart[]): string {
  return parts
    .map((p, i) => {
      if (p.op === 'delete') return `<del>${esc(p.text)}</del>`;
      if (p.op === 'insert') return `<ins>${esc(p.text)}</ins>`;
      const tokens = p.text.split(/(\s+)/);
      if (tokens.filter((w) => w.trim()).length <= CONTEXT_WORDS * 2) return esc(p.text);
      const keep = CONTEXT_WORDS * 2;
      const head = i === 0 ? '' : tokens.slice(0, keep).join('');
      const tail = i === parts.length - 1 ? '' : tokens.slice(-keep).join('');
      return `${esc(head)}<span class="rubric-elided"> … </span>${esc(tail)}`;
    })
    .join('');
}

/** The label a change is about in the head version: the new id of a renamed label. */
function headLabel(c: Change): string | undefined {
  return c.kind === 'label-renamed' ? c.after : c.labelId;
}

function changeItem(c: Change, options: SetDiffRenderOptions): string {
  const label = headLabel(c);
  const line = label !== undefined ? options.sectionLine?.(label) : undefined;
  const jump = line !== undefined ? ` <a class="rubric-jump" href="#" data-line="${line}" data-label="${esc(label ?? '')}">go to <code>${esc(label ?? '')}</code></a>` : '';
  const beforeAfter = c.before !== undefined && c.after !== undefined && !c.words ? `<p class="rubric-before-after"><code>${esc(c.before)}</code> → <code>${esc(c.after)}</code></p>` : '';
  const ack = c.acknowledged !== undefined ? `<p class="rubric-ack">Acknowledged: ${withCode(c.acknowledged)}</p>` : '';
  return [
    `<li class="rubric-change" data-kind="${esc(c.kind)}" data-path="${esc(c.path)}">`,
    `<p class="rubric-change-reason">${badge(c.level)} ${withCode(c.reason)}${jump}</p>`,
    `<p class="rubric-change-meta"><span>${esc(c.kind)}</span>${c.path ? ` <code class="rubric-path">${esc(c.path)}</code>` : ''}</p>`,
    beforeAfter,
    c.words ? `<div class="rubric-words">${words(c.words)}</div>` : '',
    ack,
    '</li>',
  ].join('');
}

/** The diff of one set as a body fragment (no scripts, no remote resources, all text escaped). */
export function renderSetDiff(diff: SetDiff, options: SetDiffRenderOptions): string {
  const out: string[] = [];
  const base = `<code>${esc(options.baseLabel)}</code>${options.baseCommit ? ` <span class="rubric-commit">${esc(options.baseCommit.slice(0, 12))}</span>` : ''}`;
  const declared = typeof diff.declared === 'string' ? diff.declared : 'none';
  const tooSmall = diff.problems.some((p) => p.code === 'bump-too-small' || p.code === 'version-backwards' || p.code === 'version-invalid');
  out.push(`<header class="rubric-compare-header"><h1>Compared with ${base}</h1>`);
  out.push(`<p class="rubric-versions">${esc(diff.base?.version ?? 'new set')} → ${esc(diff.head?.version ?? 'removed')} · status ${esc(diff.base?.status ?? '—')} → ${esc(diff.head?.status ?? '—')}</p>`);
  out.push(
    `<p class="rubric-bump${tooSmall ? ' rubric-bump-too-small' : ''}" data-required="${esc(diff.required)}" data-declared="${esc(declared)}">required ${badge(diff.required)} · declared ${badge(declared)} ${tooSmall ? '<strong>the declared bump is too small</strong>' : diff.ok ? '<span class="rubric-ok">ok</span>' : ''}</p>`,
  );
  out.push('</header>');
  if (diff.state === 'added') out.push('<p class="rubric-empty">A new set: it did not exist at the base, so everything in it is added.</p>');
  if (diff.problems.length) out.push(`<ul class="rubric-problems">${diff.problems.map((p) => `<li class="rubric-${p.severity}">${esc(p.severity)}: ${withCode(p.message)}</li>`).join('')}</ul>`);
  if (diff.acknowledgements.length) {
    const used = new Set(diff.changes.filter((c) => c.acknowledged !== undefined).map((c) => c.acknowledged));
    out.push('<section class="rubric-acks"><h2>Acknowledgements</h2><ul>');
    for (const a of diff.acknowledgements) out.push(`<li><code>${esc(a.change)}</code>: ${withCode(a.reason)}${used.has(a.reason) ? '' : ' <em>(matches no breaking change)</em>'}</li>`);
    out.push('</ul></section>');
  }
  if (diff.state !== 'added' && diff.changes.length === 0) out.push('<p class="rubric-empty">No semantic changes.</p>');
  for (const level of LEVELS) {
    const changes = diff.changes.filter((c) => c.level === level);
    if (!changes.length) continue;
    out.push(`<section class="rubric-change-group" data-level="${level}"><h2>${badge(level)} ${esc(LEVEL_TEXT[level] ?? level)} (${changes.length})</h2><ul>`);
    for (const c of changes) out.push(changeItem(c, options));
    out.push('</ul></section>');
  }
  return out.join('\n');
}

/** Styles of the compare fragment (the page shell's stylesheet carries RENDER_CSS; this goes beside it). */
export const DIFF_CSS = `
.rubric-compare-header h1 { font-size: 1.3em; margin: 0 0 .3em; }
.rubric-level { display: inline-block; padding: 0 .45em; border-radius: .6em; font-size: .8em; font-weight: 600; border: 1px solid currentColor; }
.rubric-level-major { color: var(--r-red); } .rubric-level-minor { color: var(--r-amber); } .rubric-level-patch, .rubric-level-none { color: var(--r-gray); }
.rubric-bump-too-small strong { color: var(--r-red); }
.rubric-ok { color: var(--r-green); }
.rubric-change { margin: .6em 0; list-style: none; }
.rubric-change-meta { color: var(--r-muted); font-size: .9em; margin: .1em 0; }
.rubric-words del { color: var(--r-red); } .rubric-words ins { color: var(--r-green); text-decoration: none; }
.rubric-problems .rubric-error { color: var(--r-red); }
.rubric-jump { margin-left: .5em; font-size: .9em; }
`;
