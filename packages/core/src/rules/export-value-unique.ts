/**
 * export-value-unique: within a question, every label stores a value of its
 * own in labeling tools (its `exportValue`, else its id). Two labels storing
 * one value are one choice to Label Studio: an annotation holding it cannot
 * say which label the labeler meant, and `rubric export` refuses the set.
 */
import { defineRule } from '../lint/define-rule.js';
import type { Label } from '../model.js';
import { isRecord, parsePointer } from '../util.js';

export default defineRule({
  meta: {
    id: 'export-value-unique',
    description: 'Within a question, every label exports a value of its own (its `exportValue`, else its id).',
    defaultLevel: 'error',
    messages: {
      duplicate: 'Unexpected export value "{{value}}" on `{{label}}`, expected each label of question `{{question}}` to export a value of its own (`{{other}}` exports it too)',
    },
    defaultOptions: {},
  },
  check({ set, report }) {
    const schema = set.schema;
    if (!schema) return;
    const seen = new Map<string, Map<string, { label: Label; explicit: boolean }>>();
    for (const label of schema.labels) {
      const raw = exportValueAt(schema.json, label.pointer);
      const value = raw ?? label.id;
      const values = seen.get(label.questionId) ?? seen.set(label.questionId, new Map()).get(label.questionId)!;
      const first = values.get(value);
      if (!first) {
        values.set(value, { label, explicit: raw !== undefined });
        continue;
      }
      // One id twice, with no exportValue on either, is label-id-unique's finding.
      if (raw === undefined && !first.explicit) continue;
      const range = raw !== undefined ? (schema.rangeOf(`${label.pointer}/exportValue`) ?? label.idRange) : label.idRange;
      const firstRange = first.explicit ? (schema.rangeOf(`${first.label.pointer}/exportValue`) ?? first.label.idRange) : first.label.idRange;
      report({
        messageId: 'duplicate',
        data: { value, label: label.id, question: label.questionId, other: first.label.id },
        file: schema.file,
        range,
        related: [{ file: schema.file, range: firstRange, message: `\`${first.label.id}\` exports "${value}" here` }],
      });
    }
  },
});

/** The label's `exportValue` when it is a non-empty string. */
function exportValueAt(json: unknown, pointer: string): string | undefined {
  let cur = json;
  for (const key of parsePointer(pointer)) {
    if (Array.isArray(cur)) cur = cur[Number(key)];
    else if (isRecord(cur)) cur = cur[key];
    else return undefined;
  }
  const value = isRecord(cur) ? cur.exportValue : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
}
