/**
 * The part of a guideline set every exporter needs, as a plain tree: the
 * questions in schema order with their option trees, titles and `when`
 * conditions resolved. Built once per export from the parsed set, so each
 * format is a small function of this tree.
 */
import { QUESTION_TYPES, isRecord, valueAtPointer, type GuidelineSet, type Label, type QuestionType, type SchemaDocument } from '@rubric/core';
import { exportMetaOf } from './meta.js';
import { ExportError, type ExportMeta } from './types.js';

/** One option of a question, with its sub-options. */
export interface OptionNode {
  id: string;
  /** The title, else the id. */
  title: string;
  description?: string;
  severity?: string;
  /** What labeling tools store for this label: `exportValue`, else the id. */
  value: string;
  hotkey?: string;
  deprecated?: { since?: string; replacedBy?: string };
  children: OptionNode[];
}

/** `when` of a question, with the labels that satisfy it (the named ones and every label below them). */
export interface WhenNode {
  questionId: string;
  answers: string[];
  labels: string[];
}

/** One question. */
export interface QuestionNode {
  id: string;
  type: QuestionType;
  /** The prompt, else the id. */
  prompt: string;
  description?: string;
  required: boolean;
  when?: WhenNode;
  min?: number;
  max?: number;
  maxLength?: number;
  /** A single question answered by picking the left or the right one of two texts (`pairwise` in schema.json). */
  pairwise?: boolean;
  options: OptionNode[];
  /** Every option id of the tree, depth first. */
  labelIds: string[];
}

/** What one item is: plain text (the default) or HTML shown rendered (`item.format` in schema.json). */
export type ItemFormat = 'text' | 'html';

/** A set as exporters see it. */
export interface SetTree {
  meta: ExportMeta;
  title: string;
  itemFormat: ItemFormat;
  questions: QuestionNode[];
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

function optionNode(schema: SchemaDocument, label: Label): OptionNode {
  const raw = valueAtPointer(schema.json, label.pointer);
  const r = isRecord(raw) ? raw : {};
  const description = text(r.description);
  const hotkey = text(r.hotkey);
  return {
    id: label.id,
    title: text(label.title) ?? label.id,
    value: text(r.exportValue) ?? label.id,
    ...(description ? { description } : {}),
    ...(hotkey ? { hotkey } : {}),
    ...(label.severity ? { severity: label.severity } : {}),
    ...(label.deprecated ? { deprecated: { ...label.deprecated } } : {}),
    children: label.childIds.map((id) => optionNode(schema, schema.labelsById.get(id)!)),
  };
}

/** Labels `ids` and every label below them. */
function withDescendants(schema: SchemaDocument, ids: string[]): string[] {
  const out: string[] = [];
  const visit = (id: string): void => {
    if (out.includes(id)) return;
    out.push(id);
    for (const child of schema.labelsById.get(id)?.childIds ?? []) visit(child);
  };
  ids.forEach(visit);
  return out;
}

/**
 * The tree of a set. Throws ExportError naming the file and what is wrong when
 * the set cannot be exported as it stands (no schema, a question type or a
 * `when` the exporters do not know): run `rubric lint` for the full list.
 */
export function setTree(set: GuidelineSet, meta: ExportMeta = exportMetaOf(set)): SetTree {
  if (!set.schema) throw new ExportError(`${set.schemaPath}: the set has no readable schema; fix the findings of \`rubric lint\` first`);
  const schema = set.schema!;
  if (schema.syntaxErrors.length) throw new ExportError(`${schema.file}: the schema is not valid JSON (${schema.syntaxErrors[0]!.message}); fix it first`);
  const problems: { path: string; message: string }[] = [];
  const questions: QuestionNode[] = [];
  for (const q of schema.questions) {
    if (!(QUESTION_TYPES as readonly string[]).includes(q.type)) {
      problems.push({ path: `${q.pointer}/type`, message: `Unexpected question type ${JSON.stringify(q.type)}, expected one of ${QUESTION_TYPES.join(', ')}` });
      continue;
    }
    const raw = valueAtPointer(schema.json, q.pointer);
    const r = isRecord(raw) ? raw : {};
    const roots = q.rootLabelIds.map((id) => schema.labelsById.get(id)).filter((l): l is Label => l !== undefined && l.questionId === q.id);
    let when: WhenNode | undefined;
    if (q.when) {
      const trigger = schema.questionsById.get(q.when.questionId);
      if (!trigger) problems.push({ path: `${q.pointer}/when/question`, message: `Unexpected question ${JSON.stringify(q.when.questionId)} in when, expected a question of the schema` });
      else when = { questionId: q.when.questionId, answers: [...q.when.answers], labels: withDescendants(schema, q.when.answers) };
    }
    const options = roots.map((l) => optionNode(schema, l));
    const seen = new Map<string, string>();
    for (const { option } of walkOptions(options)) {
      const other = seen.get(option.value);
      if (other !== undefined) problems.push({ path: `${q.pointer}/options`, message: `Unexpected export value ${JSON.stringify(option.value)} on both ${other} and ${option.id}, expected each label of question ${q.id} to export a value of its own` });
      seen.set(option.value, option.id);
    }
    const description = text(r.description);
    questions.push({
      id: q.id,
      type: q.type as QuestionType,
      prompt: text(q.prompt) ?? q.id,
      ...(description ? { description } : {}),
      required: q.required,
      ...(when ? { when } : {}),
      ...(q.min !== undefined ? { min: q.min } : {}),
      ...(q.max !== undefined ? { max: q.max } : {}),
      ...(typeof r.maxLength === 'number' ? { maxLength: r.maxLength } : {}),
      ...(r.pairwise === true ? { pairwise: true } : {}),
      options,
      labelIds: [...q.labelIds],
    });
  }
  if (problems.length) throw new ExportError(`${schema.file}: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, problems);
  const fm = set.guideline?.frontmatter?.data;
  const title = (isRecord(fm) ? text(fm.title) : undefined) ?? (isRecord(schema.json) ? text(schema.json.title) : undefined) ?? meta.setId;
  return { meta, title, itemFormat: itemFormatOf(set), questions };
}

/** The item format a set's schema.json declares (`item.format`), read without building the tree. */
export function itemFormatOf(set: GuidelineSet): ItemFormat {
  const json = set.schema?.json;
  return isRecord(json) && isRecord(json.item) && json.item.format === 'html' ? 'html' : 'text';
}

/** Every option of a tree, depth first, with its parent's id. */
export function walkOptions(options: OptionNode[], parentId?: string): { option: OptionNode; parentId?: string; depth: number }[] {
  const out: { option: OptionNode; parentId?: string; depth: number }[] = [];
  const visit = (o: OptionNode, parent: string | undefined, depth: number): void => {
    out.push({ option: o, ...(parent !== undefined ? { parentId: parent } : {}), depth });
    for (const c of o.children) visit(c, o.id, depth + 1);
  };
  for (const o of options) visit(o, parentId, 0);
  return out;
}

/** The line embedded in every export: where it came from. */
export function provenance(meta: ExportMeta): string {
  return `Exported by Rubric from guideline set ${meta.setId} version ${meta.version} (content sha256:${meta.contentHash}). Do not edit: change the guideline and publish a new version.`;
}
