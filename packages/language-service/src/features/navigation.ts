/**
 * Label ids as symbols: find the id under the cursor, go to its definition
 * (section heading and schema entry), find every place it is written,
 * highlight it in a document, and rename it across schema.json and
 * guideline.md in one workspace edit.
 */
import { LABEL_ID_PATTERN, decodeLinkPart, formatPosition, headingSlugs, linkAnchorRange, type GuidelineDocument, type Label, type LabelOccurrence, type LineIndex } from '@rubric/core';
import { DocumentHighlightKind, type DocumentHighlight, type Location, type Position, type Range, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver-types';
import { toLspRange } from '../convert.js';
import type { SetState } from '../sets.js';
import { uriToPath } from '../workspace.js';

/** An error the user should read (the server turns it into a ResponseError with this message). */
export class LanguageServiceError extends Error {
  override readonly name = 'LanguageServiceError';
}

/** The text of a set's document at `uri`: guideline.md or schema.json. */
export function documentOf(state: SetState, uri: string): { file: string; text: string; lines: LineIndex } | undefined {
  const path = uriToPath(uri);
  const { guideline, schema } = state.set;
  if (guideline && guideline.file === path) return guideline;
  if (schema && schema.file === path) return schema;
  return undefined;
}

/** Offset in a document of an LSP position. */
export function offsetAt(lines: LineIndex, position: Position): number {
  return lines.offset(position.line + 1, position.character + 1);
}

/** The label id written at a position, if any (the label index decides what is one). */
export function occurrenceAt(state: SetState, uri: string, position: Position): LabelOccurrence | undefined {
  const doc = documentOf(state, uri);
  if (!doc) return undefined;
  const found = state.index().at(doc.file, offsetAt(doc.lines, position));
  return found && found.labelId !== '' ? found : undefined;
}

/** The label an id stands for now: itself, or the label it was renamed to. */
export function currentLabel(state: SetState, labelId: string): Label | undefined {
  return state.index().resolve(labelId);
}

const location = (state: SetState, o: LabelOccurrence): Location => ({ uri: state.uriOf(o.file), range: toLspRange(o.range) });

/** Where the label under the cursor is defined: its section heading in guideline.md and its entry in schema.json. */
export function definition(state: SetState, uri: string, position: Position): Location[] {
  const at = occurrenceAt(state, uri, position);
  if (!at) return [];
  const id = currentLabel(state, at.labelId)?.id ?? at.labelId;
  const out: Location[] = [];
  const section = state.set.guideline?.sections.find((s) => s.labelId === id);
  if (section) out.push({ uri: state.uriOf(state.set.guideline?.file ?? ''), range: toLspRange(section.heading.range) });
  const entry = state.index().of(id).find((o) => o.context === 'schema');
  if (entry) out.push(location(state, entry));
  return out;
}

/** Every place the label under the cursor is written, history included (definitions only when `includeDeclaration`). */
export function references(state: SetState, uri: string, position: Position, includeDeclaration = true): Location[] {
  const at = occurrenceAt(state, uri, position);
  if (!at) return [];
  return [...state.index().of(at.labelId)]
    .filter((o) => includeDeclaration || o.role !== 'definition')
    .sort((a, b) => (a.file < b.file ? 1 : a.file > b.file ? -1 : 0) || a.range.start.offset - b.range.start.offset)
    .map((o) => location(state, o));
}

/** The label under the cursor, highlighted wherever it is written in the same document; definitions as writes. */
export function documentHighlights(state: SetState, uri: string, position: Position): DocumentHighlight[] {
  const at = occurrenceAt(state, uri, position);
  if (!at) return [];
  return state
    .index()
    .of(at.labelId)
    .filter((o) => o.file === at.file)
    .map((o) => ({ range: toLspRange(o.range), kind: o.role === 'definition' ? DocumentHighlightKind.Write : DocumentHighlightKind.Read }));
}

/** The range and text of the label id a rename would change, or null when the cursor is not on a live label id of the schema (history stays as written). */
export function prepareRename(state: SetState, uri: string, position: Position): { range: Range; placeholder: string } | null {
  const at = occurrenceAt(state, uri, position);
  if (!at || at.role === 'history' || !at.exact || !state.set.schema?.labelsById.has(at.labelId)) return null;
  return { range: toLspRange(at.range), placeholder: at.labelId };
}

/**
 * Renames the label under the cursor everywhere it is written live (definitions, references, answers;
 * never history: the changelog, acknowledgements and `renamedFrom` keep what was true), and records
 * the old id in the label's `renamedFrom` so old annotations can be migrated.
 * Throws LanguageServiceError when the rename would be wrong.
 */
export function rename(state: SetState, uri: string, position: Position, newId: string): WorkspaceEdit {
  const at = occurrenceAt(state, uri, position);
  const schema = state.set.schema;
  const label = at && at.role !== 'history' ? schema?.labelsById.get(at.labelId) : undefined;
  if (!at || !schema || !label) throw new LanguageServiceError('Cannot rename here: put the cursor on a label id of the schema (a changelog entry or `renamedFrom` is history and keeps its ids).');
  const oldId = label.id;
  if (newId === oldId) return { changes: {} };
  if (!LABEL_ID_PATTERN.test(newId)) {
    throw new LanguageServiceError(`Cannot rename \`${oldId}\` to \`${newId}\`: expected a label id of dotted lowercase segments, like \`hate.slur\` or \`hate.dehumanization.animal\`.`);
  }
  if (schema.labelsById.has(newId)) throw new LanguageServiceError(`Cannot rename \`${oldId}\` to \`${newId}\`: the schema already has a label \`${newId}\`.`);
  const index = state.index();
  const formerOwner = index.renamed.get(newId);
  if (formerOwner) throw new LanguageServiceError(`Cannot rename \`${oldId}\` to \`${newId}\`: \`${newId}\` is a former id of \`${formerOwner.id}\` (its renamedFrom), so old annotations would become ambiguous.`);
  const past = index.of(newId).find((o) => o.role === 'history');
  if (past) {
    throw new LanguageServiceError(
      `Cannot rename \`${oldId}\` to \`${newId}\`: \`${newId}\` was a label of an earlier version (${where(state, past)}), so annotations made then would read as the renamed label. Pick an id never used before.`,
    );
  }
  const live = index.of(oldId).filter((o) => o.role !== 'history');
  const escaped = live.find((o) => !o.exact);
  if (escaped) throw new LanguageServiceError(`Cannot rename \`${oldId}\`: it is written with escapes at ${where(state, escaped)}; write it plainly there first.`);

  const changes: Record<string, TextEdit[]> = {};
  const add = (file: string, edit: TextEdit): void => {
    (changes[state.uriOf(file)] ??= []).push(edit);
  };
  for (const o of live) add(o.file, { range: toLspRange(o.range), newText: newId });
  add(schema.file, renamedFromEdit(state, label, oldId));
  const doc = state.set.guideline;
  if (doc) for (const edit of anchorEdits(doc, live, oldId, newId)) add(doc.file, edit);
  return { changes };
}

/**
 * Links to headings whose text the rename changes (the label's own section heading, a heading that
 * refers to it): their GitHub anchors (`#hate-slur-slurs`) change with the text, so same-document
 * links follow. Links from other files are not in the set's edit; link-valid reports them there.
 */
function anchorEdits(doc: GuidelineDocument, live: readonly LabelOccurrence[], oldId: string, newId: string): TextEdit[] {
  const token = new RegExp(`(?<![A-Za-z0-9._-])${oldId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9._-])`, 'g');
  const texts = doc.headings.map((h) => (live.some((o) => o.file === doc.file && o.range.start.offset >= h.range.start.offset && o.range.end.offset <= h.range.end.offset) ? h.text.replace(token, newId) : h.text));
  const after = headingSlugs(texts);
  const moved = new Map<string, string>();
  doc.headings.forEach((h, i) => {
    const slug = after[i] as string;
    if (slug !== h.slug && !moved.has(h.slug)) moved.set(h.slug, slug);
  });
  if (moved.size === 0) return [];
  const edits: TextEdit[] = [];
  for (const link of doc.links) {
    if (!link.url.startsWith('#')) continue;
    const to = moved.get(decodeLinkPart(link.url.slice(1)));
    const range = to === undefined ? undefined : linkAnchorRange(doc, link);
    if (to !== undefined && range) edits.push({ range: toLspRange(range), newText: to });
  }
  return edits;
}

/** "the changelog at guideline.md:12:5" for messages. */
function where(state: SetState, o: LabelOccurrence): string {
  const name = o.file.startsWith(`${state.dir}/`) ? o.file.slice(state.dir.length + 1) : o.file;
  const what = o.context === 'changelog' ? 'the changelog at ' : o.context === 'acknowledgement' ? 'an acknowledgement at ' : '';
  return `${what}${name}:${formatPosition(o.range.start)}`;
}

/** The edit adding `oldId` to a label's renamedFrom: a new property after the id, or one more item. */
function renamedFromEdit(state: SetState, label: Label, oldId: string): TextEdit {
  const schema = state.set.schema;
  if (!schema) throw new LanguageServiceError('No schema.');
  const quoted = JSON.stringify(oldId);
  const existing = schema.rangeOf(`${label.pointer}/renamedFrom`);
  if (existing) {
    const raw = schema.text.slice(existing.start.offset, existing.end.offset);
    if (raw.startsWith('[')) {
      // Insert before the closing bracket, after the last item if there is one.
      const inner = raw.slice(1, -1);
      const insertAt = existing.start.offset + 1 + inner.trimEnd().length;
      const text = inner.trim() === '' ? quoted : `, ${quoted}`;
      return { range: toLspRange(schema.lines.range(insertAt, insertAt)), newText: text };
    }
    // A single string becomes a list, oldest first.
    return { range: toLspRange(existing), newText: `[${raw}, ${quoted}]` };
  }
  const at = label.idRange.end.offset;
  return { range: toLspRange(schema.lines.range(at, at)), newText: `, "renamedFrom": [${quoted}]` };
}
