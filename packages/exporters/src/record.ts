/**
 * One annotation record of a version, in Rubric's neutral form:
 *
 *   {"set": "hate-speech", "version": "2.0.0", "item": {"id": "t-1", "text": "..."},
 *    "answers": {"verdict": "hate.slur", "target": ["target.religion"],
 *                "spans": [{"label": "span.attack", "start": 4, "end": 9, "text": "..."}],
 *                "rationale": "...", "confidence": 4}}
 *
 * Two checks that agree (a property test holds them to it): a JSON Schema
 * (2020-12) to hand to other tools, and `validateAnnotation`, a direct check
 * with messages that name the field path and what was expected, fast enough
 * for the registry to stream 100k records through it.
 */
import { isRecord, type GuidelineSet } from '@rubric/core';
import { layoutOf } from './label-studio-layout.js';
import { provenance, setTree, type QuestionNode } from './tree.js';
import type { ExportMeta, ExportProblem } from './types.js';
import { triggerType, whenHoldsFor } from './when.js';

function answerSchema(q: QuestionNode): Record<string, unknown> {
  const ids = q.labelIds;
  const title = { title: q.prompt, ...(q.description ? { description: q.description } : {}) };
  switch (q.type) {
    case 'single':
      return { ...title, enum: ids };
    case 'multi':
      return { ...title, type: 'array', items: { enum: ids }, uniqueItems: true, minItems: 1 };
    case 'span':
      return {
        ...title,
        type: 'array',
        items: {
          type: 'object',
          required: ['label', 'start', 'end'],
          additionalProperties: false,
          properties: { label: { enum: ids }, start: { type: 'integer', minimum: 0 }, end: { type: 'integer', minimum: 0 }, text: { type: 'string' } },
        },
      };
    case 'text':
      return { ...title, type: 'string', ...(q.maxLength !== undefined ? { maxLength: q.maxLength } : {}) };
    case 'rating':
      return { ...title, type: 'integer', minimum: q.min ?? 1, maximum: q.max ?? 5 };
  }
}

/** The JSON Schema (2020-12) of one annotation record of this version. */
export function annotationRecordSchema(set: GuidelineSet, meta?: ExportMeta): Record<string, unknown> {
  const tree = setTree(set, meta);
  const { setId, version, contentHash } = tree.meta;
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  const conditions: Record<string, unknown>[] = [];
  for (const q of tree.questions) {
    properties[q.id] = answerSchema(q);
    if (!q.when) {
      if (q.required) required.push(q.id);
      continue;
    }
    const trigger = tree.questions.find((t) => t.id === q.when!.questionId)!;
    const holds = trigger.type === 'multi' ? { type: 'array', contains: { enum: q.when.labels } } : { enum: q.when.labels };
    conditions.push({
      if: { required: [trigger.id], properties: { [trigger.id]: holds } },
      then: q.required ? { required: [q.id] } : true,
      else: { not: { required: [q.id] } },
    });
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `urn:rubric:${setId}:${version}:annotation-record`,
    title: `Annotation record of ${tree.title} ${version}`,
    description: provenance(tree.meta),
    $comment: `rubric:set=${setId} rubric:version=${version} rubric:contentHash=${contentHash}`,
    type: 'object',
    required: ['answers'],
    properties: {
      set: { const: setId },
      version: { const: version },
      contentHash: { const: contentHash },
      item: { type: 'object', properties: { id: { type: ['string', 'integer'] }, text: { type: 'string' } } },
      answers: { type: 'object', additionalProperties: false, properties, required, ...(conditions.length ? { allOf: conditions } : {}) },
    },
  };
}

/** What validateAnnotation says: valid, or the problems with a JSON pointer into the record. */
export interface AnnotationValidation {
  valid: boolean;
  errors: ExportProblem[];
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (typeof v === 'object') return 'an object';
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}..."` : s;
}

/** Checks one record against a loaded set; the same verdicts as the JSON Schema, with readable messages. */
export function validateAnnotation(set: GuidelineSet, record: unknown): AnnotationValidation {
  const errors: ExportProblem[] = [];
  const fail = (path: string, message: string): void => void errors.push({ path, message });
  if (!isRecord(record)) {
    fail('', `Unexpected ${describe(record)}, expected an annotation record object with answers`);
    return { valid: false, errors };
  }
  const layout = layoutOf(set);
  const { tree } = layout;
  if ('set' in record && record.set !== tree.meta.setId) fail('/set', `Unexpected set ${describe(record.set)}, expected "${tree.meta.setId}"`);
  if ('version' in record && record.version !== tree.meta.version) fail('/version', `Unexpected version ${describe(record.version)}, expected "${tree.meta.version}" (migrate older records with \`rubric migrate\`)`);
  if ('contentHash' in record && record.contentHash !== tree.meta.contentHash) fail('/contentHash', `Unexpected content hash ${describe(record.contentHash)}, expected "${tree.meta.contentHash}" (the record was made under other files of version ${tree.meta.version})`);
  if ('item' in record) {
    const item = record.item;
    if (!isRecord(item)) fail('/item', `Unexpected ${describe(item)}, expected an object with id and text`);
    else {
      if ('id' in item && typeof item.id !== 'string' && !Number.isInteger(item.id)) fail('/item/id', `Unexpected ${describe(item.id)}, expected a string or an integer`);
      if ('text' in item && typeof item.text !== 'string') fail('/item/text', `Unexpected ${describe(item.text)}, expected a string`);
    }
  }
  const answers = record.answers;
  if (!isRecord(answers)) {
    fail('/answers', answers === undefined ? 'Missing answers, expected an object of question id -> answer' : `Unexpected ${describe(answers)}, expected an object of question id -> answer`);
    return { valid: false, errors };
  }
  for (const key of Object.keys(answers)) {
    if (!layout.top.has(key)) fail(`/answers/${escape(key)}`, `Unexpected question ${describe(key)}, expected one of ${tree.questions.map((q) => q.id).join(', ')}`);
  }
  for (const q of tree.questions) {
    const path = `/answers/${q.id}`;
    const value = answers[q.id];
    const asked = whenHoldsFor(q, answers, triggerType(layout.tree, q));
    if (value === undefined) {
      if (q.required && asked) fail(path, `Missing answer to required question ${q.id}${q.when ? ` (asked because ${q.when.questionId} is ${describe(answers[q.when.questionId])})` : ''}`);
      continue;
    }
    if (!asked) {
      fail(path, `Unexpected answer to ${q.id}: it is asked only when ${q.when!.questionId} is one of ${q.when!.answers.join(', ')} or a label below one`);
      continue;
    }
    checkAnswer(q, value, path, fail);
  }
  return { valid: errors.length === 0, errors };
}

/** JSON pointer escaping of one segment. */
function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Each question's label ids as a set, made once: records are checked by the million against one set. */
const labelSets = new WeakMap<QuestionNode, Set<string>>();

function checkAnswer(q: QuestionNode, value: unknown, path: string, fail: (path: string, message: string) => void): void {
  let ids = labelSets.get(q);
  if (!ids) labelSets.set(q, (ids = new Set(q.labelIds)));
  const label = (v: unknown, at: string): void => {
    if (typeof v !== 'string' || !ids.has(v)) fail(at, `Unexpected label ${describe(v)} for ${q.id}, expected one of ${[...ids].slice(0, 12).join(', ')}${ids.size > 12 ? ', ...' : ''}`);
  };
  switch (q.type) {
    case 'single':
      return label(value, path);
    case 'multi': {
      if (!Array.isArray(value)) return fail(path, `Unexpected ${describe(value)}, expected a list of label ids`);
      if (value.length === 0) return fail(path, `Unexpected empty list, expected at least one label id (leave ${q.id} out instead)`);
      value.forEach((v, i) => label(v, `${path}/${i}`));
      const dup = value.find((v, i) => value.indexOf(v) !== i);
      if (dup !== undefined) fail(path, `Unexpected ${describe(dup)} twice, expected each label once`);
      return;
    }
    case 'span': {
      if (!Array.isArray(value)) return fail(path, `Unexpected ${describe(value)}, expected a list of spans {label, start, end}`);
      value.forEach((span, i) => {
        const at = `${path}/${i}`;
        if (!isRecord(span)) return fail(at, `Unexpected ${describe(span)}, expected a span {label, start, end}`);
        if (span.label === undefined) fail(`${at}/label`, 'Missing label, expected a label id');
        else label(span.label, `${at}/label`);
        for (const k of ['start', 'end'] as const) {
          if (span[k] === undefined) fail(`${at}/${k}`, `Missing ${k}, expected an offset in the text`);
          else if (!Number.isInteger(span[k]) || (span[k] as number) < 0) fail(`${at}/${k}`, `Unexpected ${describe(span[k])}, expected a whole number >= 0`);
        }
        if ('text' in span && typeof span.text !== 'string') fail(`${at}/text`, `Unexpected ${describe(span.text)}, expected the quoted text`);
        for (const k of Object.keys(span)) if (!['label', 'start', 'end', 'text'].includes(k)) fail(`${at}/${escape(k)}`, `Unexpected field ${describe(k)}, expected only label, start, end and text`);
      });
      return;
    }
    case 'text':
      if (typeof value !== 'string') return fail(path, `Unexpected ${describe(value)}, expected a text`);
      if (q.maxLength !== undefined && [...value].length > q.maxLength) fail(path, `Unexpected text of ${[...value].length} characters, expected at most ${q.maxLength}`);
      return;
    case 'rating': {
      const min = q.min ?? 1;
      const max = q.max ?? 5;
      if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) fail(path, `Unexpected ${describe(value)}, expected a whole number from ${min} to ${max}`);
      return;
    }
  }
}

