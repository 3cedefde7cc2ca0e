/**
 * Completion in guideline.md: label ids inside inline code in prose and in an
 * example's `why`, label ids of the question being answered in example `answers`, question ids as answer
 * keys, and frontmatter keys and `status` values. Works on the raw lines
 * around the cursor, because while typing the YAML is often not valid yet.
 */
import { LABELLED_QUESTION_TYPES, SET_STATUSES, isRecord, loadShippedSchema, type Label, type Question, type QuestionType, type Range as CoreRange } from '@rubric/core';
import { CompletionItemKind, CompletionItemTag, type CompletionItem, type Position, type Range } from 'vscode-languageserver-types';
import type { SetState } from '../sets.js';
import { documentOf, offsetAt } from './navigation.js';

const ID_CHAR = /[A-Za-z0-9._-]/;

/** Frontmatter fields and their descriptions, from the shipped JSON Schema the frontmatter-valid rule checks. */
const FRONTMATTER_FIELDS: [string, string][] = (() => {
  const schema = loadShippedSchema('guideline-frontmatter.schema.json');
  const props = isRecord(schema.properties) ? schema.properties : {};
  return Object.entries(props).map(([key, value]) => [key, isRecord(value) && typeof value.description === 'string' ? value.description : '']);
})();

const within = (r: CoreRange, offset: number): boolean => r.start.offset <= offset && offset <= r.end.offset;

/** Completion items at a position of guideline.md; empty elsewhere. */
export function completion(state: SetState, uri: string, position: Position): CompletionItem[] {
  const doc = state.set.guideline;
  if (!doc || documentOf(state, uri) !== doc) return [];
  const offset = offsetAt(doc.lines, position);
  const lineStart = offset - (position.character);
  const prefix = doc.text.slice(Math.max(0, lineStart), offset);
  // The id around the cursor is what a completion replaces.
  let from = offset;
  while (from > lineStart && ID_CHAR.test(doc.text[from - 1] ?? '')) from--;
  let to = offset;
  while (to < doc.text.length && ID_CHAR.test(doc.text[to] ?? '')) to++;
  const word: Range = { start: { line: position.line, character: position.character - (offset - from) }, end: { line: position.line, character: position.character + (to - offset) } };

  const fm = doc.frontmatter;
  if (fm && within(fm.range, offset) && position.line > fm.range.start.line - 1 && position.line < fm.range.end.line - 1) {
    // Keys are read from the lines, since the YAML rarely parses while a key is half typed.
    const present = new Set([...doc.text.slice(fm.range.start.offset, fm.range.end.offset).matchAll(/^([A-Za-z_][\w-]*)\s*:/gm)].map((m) => m[1]));
    return frontmatterItems(prefix, present, word);
  }
  const example = doc.examples.find((e) => within(e.contentRange, offset));
  if (example) {
    const firstLine = example.contentRange.start.line - 1;
    const lines = doc.text.slice(doc.lines.offset(firstLine + 1, 1), offset).split(/\r?\n/);
    return exampleItems(state, lines, word);
  }
  if (doc.examples.some((e) => within(e.range, offset))) return [];
  // Inside inline code when an odd number of backticks precede the cursor on its line.
  if (((prefix.match(/`/g) ?? []).length & 1) === 1) return labelItems(state.set.schema?.labels ?? [], word);
  return [];
}

function frontmatterItems(prefix: string, present: ReadonlySet<string | undefined>, word: Range): CompletionItem[] {
  const status = /^status:\s*([a-z]*)$/.exec(prefix);
  if (status) return SET_STATUSES.map((s, i) => ({ label: s, kind: CompletionItemKind.EnumMember, sortText: String(i), textEdit: { range: word, newText: s } }));
  if (!/^[a-z]*$/.test(prefix)) return [];
  return FRONTMATTER_FIELDS.filter(([key]) => !present.has(key)).map(([key, description]) => ({
    label: key,
    kind: CompletionItemKind.Property,
    detail: description,
    textEdit: { range: word, newText: `${key}: ` },
  }));
}

interface YamlLine {
  indent: number;
  /** The line without indentation and without a leading "- ". */
  content: string;
}

function yamlLine(text: string): YamlLine {
  const m = /^(\s*)((?:-\s+)*)(.*)$/.exec(text) ?? ['', '', '', text];
  return { indent: (m[1] ?? '').length + (m[2] ?? '').length, content: m[3] ?? '' };
}

const keyOf = (content: string): string | undefined => /^([A-Za-z_][\w-]*)\s*:/.exec(content)?.[1];

/** Completion inside an example's YAML: `lines` run from the block's first line to the cursor. */
function exampleItems(state: SetState, lines: string[], word: Range): CompletionItem[] {
  const schema = state.set.schema;
  if (!schema) return [];
  const current = lines[lines.length - 1] ?? '';
  const here = yamlLine(current);
  // Ancestors: each earlier line indented less than the one below it.
  const chain: string[] = [];
  let indent = here.indent;
  for (let i = lines.length - 2; i >= 0 && indent > 0; i--) {
    const text = lines[i] ?? '';
    if (text.trim() === '') continue;
    const l = yamlLine(text);
    if (l.indent < indent) {
      chain.push(keyOf(l.content) ?? '');
      indent = l.indent;
    }
  }
  // Inside backticks in the `why` (a reference, as the label index reads it): any label of the schema.
  const whyKey = here.indent === 0 ? keyOf(here.content) : chain[chain.length - 1];
  if (whyKey === 'why' && ((current.match(/`/g) ?? []).length & 1) === 1) return labelItems(schema.labels, word);
  const answersAt = chain.indexOf('answers');
  if (answersAt < 0 || chain.slice(answersAt + 1).length > 0) return [];
  const onKey = !here.content.includes(':') && !/^\s*-/.test(current);
  if (answersAt === 0 && onKey) {
    const answered = new Set(lines.slice(0, -1).map((l) => yamlLine(l)).filter((l) => l.indent === here.indent).map((l) => keyOf(l.content)));
    return schema.questions
      .filter((q) => !answered.has(q.id))
      .map((q, i) => ({ label: q.id, kind: CompletionItemKind.Field, detail: `${q.type}${q.required ? ', required' : ''}`, documentation: q.prompt ?? '', sortText: String(i).padStart(4, '0'), textEdit: { range: word, newText: `${q.id}: ` } }));
  }
  // The question is the key directly under `answers:`: this line's key, or the ancestor's.
  const questionId = answersAt === 0 ? keyOf(here.content) : chain[answersAt - 1];
  const question = questionId === undefined ? undefined : schema.questionsById.get(questionId);
  if (!question || !LABELLED_QUESTION_TYPES.includes(question.type as QuestionType)) return [];
  const inValue = answersAt === 0 ? /:\s*/.test(here.content) : true;
  return inValue ? labelItems(labelsOf(state, question), word) : [];
}

function labelsOf(state: SetState, question: Question): Label[] {
  return (state.set.schema?.labels ?? []).filter((l) => l.questionId === question.id);
}

function labelItems(labels: readonly Label[], word: Range): CompletionItem[] {
  const seen = new Set<string>();
  const items: CompletionItem[] = [];
  labels.forEach((label, i) => {
    if (seen.has(label.id)) return;
    seen.add(label.id);
    const item: CompletionItem = {
      label: label.id,
      kind: CompletionItemKind.EnumMember,
      detail: [label.title, `(${label.questionId})`].filter(Boolean).join(' '),
      sortText: String(i).padStart(4, '0'),
      textEdit: { range: word, newText: label.id },
    };
    if (label.deprecated) {
      item.tags = [CompletionItemTag.Deprecated];
      if (label.deprecated.replacedBy) item.documentation = `Deprecated: use \`${label.deprecated.replacedBy}\``;
    }
    items.push(item);
  });
  return items;
}
