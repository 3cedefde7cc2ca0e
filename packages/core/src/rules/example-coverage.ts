/**
 * example-coverage: every leaf label has enough positive examples and enough
 * negative or borderline ones, so labelers (and gold tasks) see each label
 * applied and see where it stops applying.
 */
import { defineRule } from '../lint/define-rule.js';
import { LABELLED_QUESTION_TYPES, type Label, type QuestionType } from '../model.js';
import { isRecord } from '../util.js';
import { answeredLabels, exampleKind } from './helpers.js';

/** Options of example-coverage. */
export interface ExampleCoverageOptions {
  /** Positive examples each leaf label needs. */
  minPositive: number;
  /** Negative or borderline examples each leaf label needs. */
  minNegativeOrBorderline: number;
  /** Deprecated labels need no examples. */
  skipDeprecated: boolean;
}

export default defineRule<ExampleCoverageOptions>({
  meta: {
    id: 'example-coverage',
    description: 'Every leaf label has at least the configured number of positive and of negative or borderline examples.',
    defaultLevel: 'error',
    messages: {
      positive: 'Unexpected number of positive examples of `{{label}}`: {{found}}, expected at least {{expected}}',
      negativeOrBorderline: 'Unexpected number of negative or borderline examples of `{{label}}`: {{found}}, expected at least {{expected}}',
    },
    optionsSchema: {
      properties: {
        minPositive: { type: 'integer', minimum: 0, description: 'an integer: positive examples each leaf label needs (default 1)' },
        minNegativeOrBorderline: { type: 'integer', minimum: 0, description: 'an integer: negative or borderline examples each leaf label needs (default 1)' },
        skipDeprecated: { type: 'boolean', description: 'a boolean: whether deprecated labels are exempt (default true)' },
      },
    },
    defaultOptions: { minPositive: 1, minNegativeOrBorderline: 1, skipDeprecated: true },
  },
  check({ set, options, report }) {
    const doc = set.guideline;
    const schema = set.schema;
    if (!doc || !schema) return;
    const positives = new Map<string, number>();
    const others = new Map<string, number>();
    const bump = (counts: Map<string, number>, id: string): void => {
      counts.set(id, (counts.get(id) ?? 0) + 1);
    };
    for (const example of doc.examples) {
      // An example that does not parse shows labelers nothing.
      if (example.errors.length || !isRecord(example.data)) continue;
      if (exampleKind(example, schema) === 'positive') for (const id of answeredLabels(example, schema)) bump(positives, id);
      else if (example.sectionLabelId !== undefined) bump(others, example.sectionLabelId);
    }

    const seen = new Set<string>();
    for (const label of schema.labels) {
      // Duplicate ids are label-id-unique's finding; judge each id once.
      if (seen.has(label.id)) continue;
      seen.add(label.id);
      if (!isCoveredLeaf(label, schema.questionsById.get(label.questionId)?.type, options.skipDeprecated)) continue;
      const section = doc.sections.find((s) => s.labelId === label.id);
      const where = section
        ? { file: doc.file, range: section.idRange, related: [{ file: schema.file, range: label.idRange, message: `\`${label.id}\` defined here` }] }
        : { file: schema.file, range: label.idRange };
      const pos = positives.get(label.id) ?? 0;
      if (pos < options.minPositive) report({ messageId: 'positive', data: { label: label.id, found: pos, expected: options.minPositive }, ...where });
      const neg = others.get(label.id) ?? 0;
      if (neg < options.minNegativeOrBorderline) report({ messageId: 'negativeOrBorderline', data: { label: label.id, found: neg, expected: options.minNegativeOrBorderline }, ...where });
    }
  },
});

/** A leaf label of a single, multi or span question, and not exempt as deprecated. */
function isCoveredLeaf(label: Label, questionType: string | undefined, skipDeprecated: boolean): boolean {
  if (label.childIds.length > 0) return false;
  if (questionType === undefined || !LABELLED_QUESTION_TYPES.includes(questionType as QuestionType)) return false;
  return !(skipDeprecated && label.deprecated);
}
