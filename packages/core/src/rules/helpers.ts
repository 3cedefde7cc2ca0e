/** Lookups several rules share, computed from the set model. */
import { LABELLED_QUESTION_TYPES, type Example, type ExampleKind, type Question, type QuestionType, type SchemaDocument } from '../model.js';
import { describeValue } from '../lint/json-schema.js';

export { renamedLabels, ancestry } from '../labels.js';
import { ancestry } from '../labels.js';

/** Ids of the labels an example's answers name: answers to single, multi and span questions, or to questions the schema lacks. */
export function answeredLabels(example: Example, schema: SchemaDocument | undefined): string[] {
  const out = new Set<string>();
  for (const answer of example.answers) {
    const question = schema?.questionsById.get(answer.questionId);
    // Text and rating answers are free values; a "none" rationale must not read as the label `none`.
    if (question && !LABELLED_QUESTION_TYPES.includes(question.type as QuestionType)) continue;
    for (const v of answer.values) out.add(v.value);
  }
  return [...out];
}

/** True when an example's answers name `labelId` or a label below it. */
export function answersNameLabelOrBelow(example: Example, labelId: string, schema: SchemaDocument | undefined): boolean {
  return answeredLabels(example, schema).some((id) => id === labelId || (schema !== undefined && ancestry(schema, id).includes(labelId)));
}

/** The effective kind of an example: as written, else positive when its answers name the section label or a label below it, else negative. */
export function exampleKind(example: Example, schema: SchemaDocument | undefined): ExampleKind {
  if (example.kind) return example.kind;
  if (example.sectionLabelId !== undefined && answersNameLabelOrBelow(example, example.sectionLabelId, schema)) return 'positive';
  return 'negative';
}

/** True when a question is asked for an example: it has no `when`, or the `when` question's answer holds one of its labels or a label below one. */
export function whenHolds(question: Question, example: Example, schema: SchemaDocument | undefined): boolean {
  const when = question.when;
  if (!when) return true;
  const answer = example.answers.find((a) => a.questionId === when.questionId);
  if (!answer) return false;
  return answer.values.some((v) => {
    const line = schema ? ancestry(schema, v.value) : [];
    // A label the schema lacks still matches itself, so a typo'd schema does not hide every question.
    return (line.length ? line : [v.value]).some((id) => when.answers.includes(id));
  });
}

/** A short description of a YAML value for messages: "an empty value", "a list of 2 items", `value "x"`. */
export function describeYamlValue(value: unknown): string {
  if (value === null || value === undefined) return 'an empty value';
  if (typeof value === 'string' && value.trim() === '') return 'an empty string';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : `a list of ${value.length} item${value.length === 1 ? '' : 's'}`;
  if (typeof value === 'object') return 'a mapping';
  return describeValue(value);
}

/**
 * `block` (Markdown ending in one line break) padded so that, inserted at `offset`
 * of `text`, it stands apart from its neighbours by blank lines, written with the
 * text's own line ending.
 */
export function paddedBlock(text: string, offset: number, block: string): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const before = text.slice(0, offset).replace(/\r\n/g, '\n');
  const after = text.slice(offset);
  let prefix = '';
  if (before !== '' && !before.endsWith('\n\n')) prefix = before.endsWith('\n') ? '\n' : '\n\n';
  const suffix = after === '' || after.startsWith('\n') || after.startsWith('\r\n') ? '' : '\n';
  return `${prefix}${block}${suffix}`.replace(/\n/g, eol);
}
