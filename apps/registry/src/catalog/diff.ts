/**
 * `/sets/{id}/diff/{a}/{b}`: what changed between two published versions, from
 * core's semantic diff. Changes are grouped by question, label, then the rest
 * of the guideline, each with its level badge (major / minor / patch), its
 * reason and field path, and definitions as a word diff in <del>/<ins>.
 */
import type { Change, DiffPart, SetDiff } from '@rubric/core';
import type { VersionRecord } from '../domain.js';
import { html, pathOf, type Html } from './html.js';
import { catalogPage, shortHash } from './layout.js';

const LEVEL_ORDER: Record<string, number> = { major: 0, minor: 1, patch: 2, none: 3 };

/** A level badge. */
function levelBadge(level: string): Html {
  return html`<span class="badge level level-${level.replace(/[^a-z]/g, '')}">${level}</span>`;
}

/** Equal runs longer than this many words are shortened around the edits. */
const CONTEXT_WORDS = 14;

/** A word diff as <del>/<ins> runs; long unchanged stretches keep their edges. */
export function wordDiffHtml(parts: readonly DiffPart[]): Html {
  return html`${parts.map((p, i) => {
    if (p.op === 'delete') return html`<del>${p.text}</del>`;
    if (p.op === 'insert') return html`<ins>${p.text}</ins>`;
    const words = p.text.split(/(\s+)/);
    const count = words.filter((w) => w.trim()).length;
    if (count <= CONTEXT_WORDS * 2) return p.text;
    const keep = CONTEXT_WORDS * 2; // tokens: words and the spaces between them
    const head = i === 0 ? '' : words.slice(0, keep).join('');
    const tail = i === parts.length - 1 ? '' : words.slice(-keep).join('');
    return html`${head}<span class="elided"> … </span>${tail}`;
  })}`;
}

/** Text whose `backticked` parts are code, as core's messages write label and question ids. */
export function withCode(text: string): Html {
  return html`${text.split('`').map((part, i) => (i % 2 === 1 && part ? html`<code>${part}</code>` : part))}`;
}

function changeItem(c: Change): Html {
  const beforeAfter =
    c.before !== undefined && c.after !== undefined && !c.words
      ? html`<p class="before-after"><code>${c.before}</code> → <code>${c.after}</code></p>`
      : c.before !== undefined && c.after === undefined && !c.words && c.kind.endsWith('-removed')
        ? html`<p class="before-after">was <code>${c.before}</code></p>`
        : '';
  return html`<li>
<div>${levelBadge(c.level)}</div>
<div class="change-body">
<p class="change-reason">${withCode(c.reason)}</p>
<p class="change-meta"><span>${c.kind}</span>${c.path ? html`<code>${c.path}</code>` : ''}</p>
${beforeAfter}
${c.words ? html`<div class="words">${wordDiffHtml(c.words)}</div>` : ''}
${c.acknowledged !== undefined ? html`<p class="ack">Acknowledged breaking change: ${withCode(c.acknowledged)}</p>` : ''}
</div>
</li>`;
}

/** Changes grouped by question, then label, then the rest of the guideline; the most severe group first within each kind. */
function groups(changes: readonly Change[]): { kind: string; key: string; changes: Change[] }[] {
  const map = new Map<string, { kind: string; key: string; changes: Change[] }>();
  for (const c of changes) {
    const kind = c.labelId ? 'Label' : c.questionId ? 'Question' : 'Guideline';
    const key = c.labelId ?? c.questionId ?? '';
    const id = `${kind}\u0000${key}`;
    const group = map.get(id) ?? { kind, key, changes: [] };
    group.changes.push(c);
    map.set(id, group);
  }
  const rank = (k: string): number => (k === 'Question' ? 0 : k === 'Label' ? 1 : 2);
  for (const g of map.values()) g.changes.sort((a, b) => (LEVEL_ORDER[a.level] ?? 9) - (LEVEL_ORDER[b.level] ?? 9));
  return [...map.values()].sort((a, b) => rank(a.kind) - rank(b.kind) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The diff page between two versions. */
export function diffPage(from: VersionRecord, to: VersionRecord, diff: SetDiff, nonce: string): string {
  const setId = to.setId;
  const counts = ['major', 'minor', 'patch'].map((level) => ({ level, n: diff.changes.filter((c) => c.level === level).length })).filter((x) => x.n > 0);
  const declared = typeof diff.declared === 'string' ? diff.declared : 'none';
  const problems = diff.problems.length
    ? html`<ul class="problems">${diff.problems.map((p) => html`<li class="${p.severity}">${p.severity}: ${withCode(p.message)}</li>`)}</ul>`
    : '';
  const body = diff.changes.length
    ? groups(diff.changes).map(
        (g) => html`<section class="change-group">
<h3><span class="group-kind">${g.kind}</span>${g.key ? html`<code>${g.key}</code>` : ''}</h3>
<ul class="changes">${g.changes.map(changeItem)}</ul>
</section>`,
      )
    : html`<p class="empty">No change between these versions.</p>`;
  const main = html`<h1>What changed in <code>${setId}</code>: ${from.version} → ${to.version}</h1>
<div class="summary">
<span>required bump ${levelBadge(diff.required)}</span>
<span>declared ${levelBadge(declared === 'backwards' || declared === 'invalid' ? 'major' : declared)}${declared === 'backwards' || declared === 'invalid' ? html` <span>(${declared})</span>` : ''}</span>
<span>${diff.changes.length} change${diff.changes.length === 1 ? '' : 's'}${counts.length ? html`: ${counts.map((c, i) => html`${i ? ', ' : ''}${c.n} ${c.level}`)}` : ''}</span>
</div>
<p class="lead"><a href="${pathOf('sets', setId, from.version)}">${from.version}</a> ${shortHash(from.contentHash)} → <a href="${pathOf('sets', setId, to.version)}">${to.version}</a> ${shortHash(to.contentHash)} · major: old annotations no longer fit; minor: something added or deprecated; patch: wording.</p>
${problems}
${body}`;
  return catalogPage({
    title: `${setId} ${from.version} → ${to.version} — Rubric catalog`,
    nonce,
    crumbs: [{ text: 'Sets', href: '/' }, { text: html`<code>${setId}</code>`, href: pathOf('sets', setId) }, { text: `${from.version} → ${to.version}` }],
    main,
    right: html`<span class="bar-facts"><a href="${`${pathOf('v1', 'sets', setId, 'versions', from.version)}/diff/${encodeURIComponent(to.version)}`}">diff JSON</a><a href="${`${pathOf('v1', 'sets', setId, 'versions', from.version)}/migration/${encodeURIComponent(to.version)}`}">migration map</a></span>`,
  });
}
