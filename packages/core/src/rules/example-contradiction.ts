/**
 * example-contradiction: two examples with the same text must give the same
 * labels and ratings. Gold tasks built from both would mark a labeler wrong
 * whichever answer they pick. Free-text answers (rationales) may differ.
 */
import { defineRule } from '../lint/define-rule.js';
import type { Example, ExampleAnswer, Question } from '../model.js';
import { isRecord } from '../util.js';

/** Question types whose answers must agree between examples of the same text. */
const COMPARED_TYPES: readonly string[] = ['single', 'multi', 'span', 'rating'];

export default defineRule({
  meta: {
    id: 'example-contradiction',
    description: 'Examples with the same text give the same labels and ratings.',
    defaultLevel: 'error',
    messages: {
      contradiction: 'Unexpected answers to {{questions}} for a text an earlier example answers differently, expected the same answers',
    },
    defaultOptions: {},
  },
  check({ set, report }) {
    const doc = set.guideline;
    const schema = set.schema;
    // Without the schema the question types, and so what must agree, are unknown.
    if (!doc || !schema) return;
    const questions = schema.questions.filter((q) => COMPARED_TYPES.includes(q.type) && schema.questionsById.get(q.id) === q);
    const firstByText = new Map<string, Example>();
    for (const example of doc.examples) {
      if (example.errors.length || !isRecord(example.data) || example.text === undefined) continue;
      const key = normalizeText(example.text);
      if (key === '') continue;
      const first = firstByText.get(key);
      if (!first) {
        firstByText.set(key, example);
        continue;
      }
      const differ = questions.filter((q) => answerKey(first, q) !== answerKey(example, q)).map((q) => `\`${q.id}\``);
      if (differ.length === 0) continue;
      report({
        messageId: 'contradiction',
        data: { questions: andList(differ) },
        file: doc.file,
        range: example.rangeOf(['text']) ?? example.range,
        related: [{ file: doc.file, range: first.rangeOf(['text']) ?? first.range, message: 'first example with this text here' }],
      });
    }
  },
});

/** The text as a labeler reads it: surrounding and repeated whitespace do not matter. */
function normalizeText(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

/** A canonical string of an example's answer to a question; order within lists does not matter, and no answer equals an empty list. */
function answerKey(example: Example, question: Question): string {
  const answer: ExampleAnswer | undefined = example.answers.find((a) => a.questionId === question.id);
  if (!answer) return '[]';
  if (question.type === 'rating') return JSON.stringify(answer.raw ?? null);
  const items: unknown[] = answer.raw === null || answer.raw === undefined ? [] : Array.isArray(answer.raw) ? answer.raw : [answer.raw];
  const parts = items.map((item) => {
    if (question.type === 'span' && isRecord(item)) return JSON.stringify([item.label ?? null, typeof item.text === 'string' ? normalizeText(item.text) : (item.text ?? null)]);
    return JSON.stringify(item ?? null);
  });
  return JSON.stringify([...new Set(parts)].sort());
}

/** `a`, `a` and `b`, `a`, `b` and `c`. */
function andList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
