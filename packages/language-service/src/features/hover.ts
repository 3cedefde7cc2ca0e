/**
 * Hover on a label id wherever it is written: what a labeler and a policy
 * writer need without leaving the line: title, question, parent path,
 * severity, deprecation, the start of its definition, and its examples.
 */
import { EXAMPLE_KINDS, ancestry, exampleKind, type ExampleKind, type Label, type OccurrenceContext } from '@rubric/core';
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver-types';
import { toLspRange } from '../convert.js';
import type { SetState } from '../sets.js';
import type { SetQuality } from '../quality/figures.js';
import { currentLabel, occurrenceAt } from './navigation.js';
import { qualityHover } from './quality.js';

/** How many lines of the definition a hover shows. */
const DEFINITION_LINES = 4;

/** Examples in a label's own section, by kind (kind as written, else inferred like the rules do). */
export function exampleCounts(state: SetState, labelId: string): Record<ExampleKind, number> {
  const counts: Record<ExampleKind, number> = { positive: 0, negative: 0, borderline: 0 };
  for (const example of state.set.guideline?.examples ?? []) {
    if (example.sectionLabelId === labelId) counts[exampleKind(example, state.set.schema)]++;
  }
  return counts;
}

/** "2 positive · 1 negative · 0 borderline". */
export function formatExampleCounts(counts: Record<ExampleKind, number>): string {
  return EXAMPLE_KINDS.map((k) => `${counts[k]} ${k}`).join(' · ');
}

/** The first lines of a label section's prose, before its first example or sub-heading. */
export function definitionExcerpt(state: SetState, labelId: string): string | undefined {
  const doc = state.set.guideline;
  const section = doc?.sections.find((s) => s.labelId === labelId);
  if (!doc || !section) return undefined;
  const lines: string[] = [];
  for (let line = section.heading.range.end.line + 1; line < section.range.end.line || (line === section.range.end.line && section.range.end.column > 1); line++) {
    const r = doc.lines.lineRange(line);
    const text = doc.text.slice(r.start.offset, r.end.offset);
    if (/^\s*(```|~~~|#)/.test(text)) break;
    if (text.trim() === '' && lines.length) break;
    if (text.trim() !== '') lines.push(text);
    if (lines.length >= DEFINITION_LINES) break;
  }
  return lines.length ? lines.join('\n') : undefined;
}

function describeLabel(state: SetState, label: Label): string[] {
  const schema = state.set.schema;
  const parts: string[] = [`**\`${label.id}\`**${label.title ? ` ${label.title}` : ''}`];
  const question = schema?.questionsById.get(label.questionId);
  parts.push(`Question: \`${label.questionId}\`${question?.prompt ? ` — ${question.prompt}` : ''}`);
  const path = schema ? ancestry(schema, label.id).reverse() : [label.id];
  if (path.length > 1) parts.push(`Path: ${path.map((id) => `\`${id}\``).join(' › ')}`);
  if (label.severity) parts.push(`Severity: ${label.severity}`);
  if (label.deprecated) {
    const since = label.deprecated.since ? ` since ${label.deprecated.since}` : '';
    const replacedBy = label.deprecated.replacedBy;
    // Recommend only a label that exists; an unknown replacedBy is a finding of label-reference-known.
    const replacement = replacedBy === undefined ? undefined : schema?.labelsById.get(replacedBy);
    const by = replacement ? `; use \`${replacement.id}\`` : replacedBy !== undefined ? `; its replacement \`${replacedBy}\` is not a label of the schema` : '';
    parts.push(`**Deprecated**${since}${by}`);
  }
  if (label.renamedFrom.length) parts.push(`Renamed from ${label.renamedFrom.map((id) => `\`${id}\``).join(', ')}`);
  return parts;
}

/** What a history mention (changelog, acknowledgement, renamedFrom) says about the label now. */
function historyNote(context: OccurrenceContext, labelId: string, now: Label | undefined): string {
  const where = context === 'changelog' ? 'the changelog' : context === 'acknowledgement' ? 'an acknowledgement' : '`renamedFrom`';
  const status = !now ? 'it is no longer a label of the schema' : now.id === labelId ? 'it is still a label' : `it was renamed to \`${now.id}\``;
  return `History: \`${labelId}\` as named in ${where} (kept as written; rename leaves it); ${status}.`;
}

/** Markdown hover for the label id at a position, with its labeling-quality figures when the set has them; null elsewhere. */
export function hover(state: SetState, uri: string, position: Position, quality?: SetQuality): Hover | null {
  const at = occurrenceAt(state, uri, position);
  if (!at) return null;
  const label = currentLabel(state, at.labelId);
  const blocks: string[] = [];
  if (at.role === 'history') blocks.push(historyNote(at.context, at.labelId, label));
  if (!label && at.role !== 'history') {
    blocks.push(`**\`${at.labelId}\`**: not a label of ${state.set.schema ? 'this schema' : 'this set (the schema could not be read)'}`);
  } else if (label) {
    if (label.id !== at.labelId && at.role !== 'history') blocks.push(`\`${at.labelId}\` was renamed to \`${label.id}\``);
    blocks.push(describeLabel(state, label).join('  \n'));
    const excerpt = definitionExcerpt(state, label.id);
    if (excerpt) blocks.push(excerpt);
    blocks.push(`Examples: ${formatExampleCounts(exampleCounts(state, label.id))}`);
    const figures = at.role === 'history' ? undefined : qualityHover(quality, label);
    if (figures) blocks.push(figures);
  }
  return { contents: { kind: MarkupKind.Markdown, value: blocks.join('\n\n---\n\n') }, range: toLspRange(at.range) };
}
