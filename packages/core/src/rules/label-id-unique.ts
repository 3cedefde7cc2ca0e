/**
 * label-id-unique: label ids are unique across the whole schema (every question,
 * every depth) and question ids are unique. Annotations store bare ids, so two
 * options with one id make exported labels ambiguous, and the model keeps only
 * the first of each.
 */
import { defineRule } from '../lint/define-rule.js';
import type { Label, Question } from '../model.js';

export default defineRule({
  meta: {
    id: 'label-id-unique',
    description: 'Label ids are unique across the whole schema, and question ids are unique.',
    defaultLevel: 'error',
    messages: {
      duplicateLabel: 'Unexpected duplicate label id `{{label}}`, expected ids unique across the schema (first defined {{where}})',
      duplicateQuestion: 'Unexpected duplicate question id `{{question}}`, expected unique question ids',
    },
    defaultOptions: {},
  },
  check({ set, report }) {
    const schema = set.schema;
    if (!schema) return;
    const firstLabel = new Map<string, Label>();
    for (const label of schema.labels) {
      const first = firstLabel.get(label.id);
      if (!first) {
        firstLabel.set(label.id, label);
        continue;
      }
      const where = `in question \`${first.questionId}\`${first.parentId === undefined ? '' : ` under \`${first.parentId}\``}`;
      report({
        messageId: 'duplicateLabel',
        data: { label: label.id, where },
        file: schema.file,
        range: label.idRange,
        related: [{ file: schema.file, range: first.idRange, message: 'first defined here' }],
      });
    }
    const firstQuestion = new Map<string, Question>();
    for (const question of schema.questions) {
      const first = firstQuestion.get(question.id);
      if (!first) {
        firstQuestion.set(question.id, question);
        continue;
      }
      report({
        messageId: 'duplicateQuestion',
        data: { question: question.id },
        file: schema.file,
        range: question.idRange,
        related: [{ file: schema.file, range: first.idRange, message: 'first defined here' }],
      });
    }
  },
});
