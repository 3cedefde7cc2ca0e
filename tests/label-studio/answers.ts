/**
 * Example answers in one comparable shape, so what a labeler clicked in Label
 * Studio (converted back by the exporters) can be compared with what the
 * guideline's example says: single -> the label id, multi -> the sorted ids,
 * span -> sorted {label, text}, text -> the string, rating -> the number;
 * and the order in which a labeler answers them (each `when` trigger first,
 * a chain's levels top down). Shared by the 1.4.0 editor tests and the real
 * server's UI tests.
 */
import { ancestry, type Example, type GuidelineSet, type Question } from '@rubric/core';
import type { ConfigControl, ConfigOutline, ControlAnswer } from './drive.js';

/** One normalized answer. */
export type NormalAnswer = string | number | string[] | { label: string; text: string }[];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function sortSpans(spans: { label: string; text: string }[]): { label: string; text: string }[] {
  return [...spans].sort((a, b) => (a.label + '\u0000' + a.text).localeCompare(b.label + '\u0000' + b.text));
}

/** Normalizes one answer value of `question` given in any of the shapes we accept (example YAML or converted result). */
export function normalizeAnswer(question: Question, value: unknown): NormalAnswer {
  const list = Array.isArray(value) ? value : [value];
  switch (question.type) {
    case 'single':
      return String(list.length === 1 ? list[0] : JSON.stringify(list));
    case 'multi':
      return list.map(String).sort();
    case 'rating':
      return Number(list[0]);
    case 'text':
      return String(list.length === 1 ? list[0] : list.join('\n'));
    case 'span':
      return sortSpans(
        list.map((s) => {
          if (!isRecord(s)) return { label: String(s), text: '' };
          const labels = Array.isArray(s.labels) ? s.labels : undefined;
          return { label: String(s.label ?? labels?.[0] ?? ''), text: String(s.text ?? s.quote ?? '') };
        }),
      );
    default:
      return JSON.stringify(value);
  }
}

/** The example's answers, normalized, keyed by question id. */
export function expectedAnswers(set: GuidelineSet, example: Example): Record<string, NormalAnswer> {
  const out: Record<string, NormalAnswer> = {};
  for (const a of example.answers) {
    const q = set.schema?.questionsById.get(a.questionId);
    if (!q) throw new Error(`Example ${example.id ?? example.index} answers unknown question ${a.questionId}`);
    out[a.questionId] = q.type === 'span' ? normalizeAnswer(q, a.values.map((v) => ({ label: v.value, text: v.quote ?? '' }))) : normalizeAnswer(q, a.isList ? a.values.map((v) => v.value) : a.raw);
  }
  return out;
}

/** Normalizes converted answers (question id -> value) of `set`. */
export function normalizeAnswers(set: GuidelineSet, answers: Record<string, unknown>): Record<string, NormalAnswer> {
  const out: Record<string, NormalAnswer> = {};
  for (const [id, value] of Object.entries(answers)) {
    const q = set.schema?.questionsById.get(id);
    out[id] = q ? normalizeAnswer(q, value) : JSON.stringify(value);
  }
  return out;
}

/** What to do in the editor for one example answer, by the kind of control the config uses for it. */
export function controlAnswer(tag: string, question: Question, expected: NormalAnswer): ControlAnswer {
  switch (tag) {
    case 'Choices':
      return { kind: 'choices', ids: Array.isArray(expected) ? (expected as string[]) : [String(expected)] };
    case 'Taxonomy':
      return { kind: 'taxonomy', ids: Array.isArray(expected) ? (expected as string[]) : [String(expected)] };
    case 'TextArea':
      return { kind: 'text', text: String(expected) };
    case 'Rating':
      return { kind: 'rating', rating: Number(expected) };
    case 'Labels':
    case 'HyperTextLabels':
      return { kind: 'spans', spans: (expected as { label: string; text: string }[]).map((s) => ({ id: s.label, text: s.text })) };
    case 'Pairwise':
      return { kind: 'pairwise', side: expected === 'right' ? 'right' : 'left' };
    default:
      throw new Error(`No driver for <${tag}> (question ${question.id}, type ${question.type})`);
  }
}

/** Questions in an order where each `when` trigger comes before the questions it shows (sub-questions are hidden until then). */
export function answerOrder(set: GuidelineSet): Question[] {
  const questions = set.schema?.questions ?? [];
  const done = new Set<string>();
  const out: Question[] = [];
  const visit = (q: Question, depth: number): void => {
    if (done.has(q.id) || depth > questions.length) return;
    const trigger = q.when && questions.find((t) => t.id === q.when!.questionId);
    if (trigger) visit(trigger, depth + 1);
    done.add(q.id);
    out.push(q);
  };
  for (const q of questions) visit(q, 0);
  return out;
}

/**
 * The clicks that choose `ids` in a Choices chain: each label's ancestors
 * first, each in the control that offers it (the top control `q`, or the
 * `q__<parent>` control shown once the parent is chosen); a label shared by
 * two answers is clicked once (a second click would untick a checkbox).
 */
export function chainSteps(outline: ConfigOutline, set: GuidelineSet, q: Question, ids: string[]): { control: ConfigControl; id: string }[] {
  const steps: { control: ConfigControl; id: string }[] = [];
  const done = new Set<string>();
  for (const id of ids) {
    const path = ancestry(set.schema!, id).reverse();
    path.forEach((label, depth) => {
      if (done.has(label)) return;
      done.add(label);
      const name = depth === 0 ? q.id : `${q.id}__${path[depth - 1]}`;
      const control = outline.controls.find((c) => c.name === name);
      if (!control) throw new Error(`The config has no control named ${name} for label ${label} of question ${q.id}; controls: ${outline.controls.map((c) => c.name).join(', ')}`);
      steps.push({ control, id: label });
    });
  }
  return steps;
}
