/**
 * A Label Studio annotation `result` back to Rubric's neutral answers, so
 * the round trip (config -> labeler -> result -> answers) can be checked and
 * annotations made in Label Studio can be validated and migrated.
 *
 * Chains are followed from the top control down and only along what is
 * selected, and questions whose `when` does not hold are left out: a hidden
 * control may keep a stale value in Label Studio, and it is not an answer.
 */
import { isRecord, type GuidelineSet } from '@rubric/core';
import { chainName, layoutOf, shownTitle, taxonomyValue, type LsControl, type LsLayout } from './label-studio-layout.js';
import type { OptionNode, QuestionNode } from './tree.js';
import type { AnswerValue, ExportProblem, SpanAnswer } from './types.js';
import { dropUnasked } from './when.js';

/** What a result converts to: the answers, and what could not be read (JSON pointers into the result array). */
export interface ConvertedResult {
  answers: Record<string, AnswerValue>;
  errors: ExportProblem[];
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** Reads a result array (the `result` of one annotation). */
export function fromLabelStudioResult(set: GuidelineSet, result: unknown): ConvertedResult {
  const errors: ExportProblem[] = [];
  if (!Array.isArray(result)) return { answers: {}, errors: [{ path: '', message: `Unexpected ${describe(result)}, expected a Label Studio result array` }] };
  const layout = layoutOf(set);
  // Control name -> what was selected there (export values), in result order.
  const picked = new Map<string, { index: number; values: string[] }>();
  const answers: Record<string, AnswerValue> = {};
  const spans = new Map<string, SpanAnswer[]>();
  result.forEach((item, index) => {
    const at = `/${index}`;
    if (!isRecord(item)) return errors.push({ path: at, message: `Unexpected ${describe(item)}, expected a result object with from_name, type and value` });
    const name = item.from_name;
    const control = typeof name === 'string' ? layout.controls.get(name) : undefined;
    if (!control) return errors.push({ path: `${at}/from_name`, message: `Unexpected control ${describe(name)}, expected one of ${[...layout.controls.keys()].join(', ')}` });
    const value = item.value;
    if (!isRecord(value)) return errors.push({ path: `${at}/value`, message: `Unexpected ${describe(value)}, expected an object` });
    const q = control.question;
    switch (control.kind) {
      case 'choices': {
        const list = value.choices;
        if (!Array.isArray(list) || !list.every((c) => typeof c === 'string')) return errors.push({ path: `${at}/value/choices`, message: `Unexpected ${describe(list)}, expected a list of choice values` });
        picked.set(control.name, { index, values: list as string[] });
        return;
      }
      case 'taxonomy': {
        const paths = value.taxonomy;
        if (!Array.isArray(paths)) return errors.push({ path: `${at}/value/taxonomy`, message: `Unexpected ${describe(paths)}, expected a list of paths` });
        const ids: string[] = [];
        paths.forEach((p, i) => {
          const id = taxonomyPath(control.options, p);
          if (id === undefined) errors.push({ path: `${at}/value/taxonomy/${i}`, message: `Unexpected path ${describe(p)}, expected a path of ${q.id}'s options` });
          else ids.push(id);
        });
        if (ids.length) answers[q.id] = q.type === 'single' ? ids[ids.length - 1]! : [...new Set(ids)];
        return;
      }
      case 'labels': {
        // HTML spans count the rendered text (`globalOffsets`); `start` and `end` are XPaths there.
        const key = layout.item.spanType;
        const offsets = key === 'hypertextlabels' ? (isRecord(value.globalOffsets) ? value.globalOffsets : {}) : value;
        const where = key === 'hypertextlabels' ? `${at}/value/globalOffsets` : `${at}/value`;
        const { start, end } = offsets;
        const labels = value[key];
        if (!Number.isInteger(start) || !Number.isInteger(end) || (start as number) < 0 || (end as number) < (start as number)) return errors.push({ path: where, message: `Unexpected offsets start ${describe(start)} and end ${describe(end)}, expected integers with 0 <= start <= end` });
        if (!Array.isArray(labels) || labels.length === 0) return errors.push({ path: `${at}/value/${key}`, message: `Unexpected ${describe(labels)}, expected a non-empty list of labels` });
        const list = spans.get(q.id) ?? [];
        labels.forEach((l, i) => {
          const option = control.options.find((o) => o.value === l);
          if (!option) return errors.push({ path: `${at}/value/${key}/${i}`, message: `Unexpected label ${describe(l)}, expected one of ${control.options.map((o) => o.value).join(', ')}` });
          list.push({ label: option.id, start: start as number, end: end as number, ...(typeof value.text === 'string' ? { text: value.text } : {}) });
        });
        spans.set(q.id, list);
        return;
      }
      case 'textarea': {
        const text = value.text;
        const parts = typeof text === 'string' ? [text] : text;
        if (!Array.isArray(parts) || !parts.every((t) => typeof t === 'string')) return errors.push({ path: `${at}/value/text`, message: `Unexpected ${describe(text)}, expected a list of texts` });
        answers[q.id] = parts.join('\n');
        return;
      }
      case 'pairwise': {
        const selected = value.selected;
        const option = control.options.find((o) => o.value === selected);
        if (!option) return errors.push({ path: `${at}/value/selected`, message: `Unexpected ${describe(selected)}, expected "left" or "right"` });
        answers[q.id] = option.id;
        return;
      }
      case 'rating': {
        const rating = value.rating;
        if (!Number.isInteger(rating)) return errors.push({ path: `${at}/value/rating`, message: `Unexpected ${describe(rating)}, expected a whole number of stars` });
        answers[q.id] = rating as number;
        return;
      }
    }
  });
  for (const [question, list] of spans) answers[question] = list.sort((a, b) => a.start - b.start || a.end - b.end || a.label.localeCompare(b.label));
  for (const q of layout.tree.questions) {
    const top = layout.top.get(q.id)!;
    if (top.kind !== 'choices') continue;
    const ids = chainAnswer(layout, q, top, picked, errors);
    if (ids.length) answers[q.id] = q.type === 'single' ? ids[0]! : ids;
  }
  dropUnasked(layout.tree.questions, answers);
  // Schema order, so the same result always gives the same record.
  const ordered: Record<string, AnswerValue> = {};
  for (const q of layout.tree.questions) if (answers[q.id] !== undefined) ordered[q.id] = answers[q.id]!;
  return { answers: ordered, errors };
}

/** The label ids a chain of Choices gives, following selected options down to the deepest selection. */
function chainAnswer(layout: LsLayout, q: QuestionNode, control: LsControl, picked: Map<string, { index: number; values: string[] }>, errors: ExportProblem[]): string[] {
  const got = picked.get(control.name);
  if (!got) return [];
  const out: string[] = [];
  got.values.forEach((v, i) => {
    const option = control.options.find((o) => o.value === v || shownTitle(o, control.options) === v);
    if (!option) return errors.push({ path: `/${got.index}/value/choices/${i}`, message: `Unexpected choice ${describe(v)} in ${control.name}, expected one of ${control.options.map((o) => o.value).join(', ')}` });
    const sub = option.children.length ? layout.controls.get(chainName(q.id, option.id)) : undefined;
    const below = sub ? chainAnswer(layout, q, sub, picked, errors) : [];
    out.push(...(below.length ? below : [option.id]));
  });
  return q.type === 'single' ? out.slice(0, 1) : [...new Set(out)];
}

/** The label id at the end of a taxonomy path (shown values from the top), or undefined. */
function taxonomyPath(options: OptionNode[], path: unknown): string | undefined {
  if (!Array.isArray(path) || path.length === 0) return undefined;
  let level = options;
  let found: OptionNode | undefined;
  for (const step of path) {
    found = level.find((o) => taxonomyValue(o, level) === step);
    if (!found) return undefined;
    level = found.children;
  }
  return found?.id;
}
