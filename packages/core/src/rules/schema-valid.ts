/** schema-valid: schema.json is JSON that matches the shipped meta-schema. */
import { defineRule } from '../lint/define-rule.js';
import { loadShippedSchema, shippedValidator, validateWithSchema } from '../lint/json-schema.js';
import { isRecord } from '../util.js';

/** The meta-schema of schema.json (JSON Schema 2020-12), shipped in packages/core/schema/. */
export const guidelineMetaSchema = loadShippedSchema('guideline-schema.schema.json');

export default defineRule({
  meta: {
    id: 'schema-valid',
    description: 'schema.json is well-formed JSON that matches the label schema meta-schema.',
    defaultLevel: 'error',
    messages: {
      empty: 'Unexpected empty file, expected a JSON object with `id`, `version` and `questions`',
      syntax: '{{problem}}',
      notAnObject: 'Unexpected {{found}} as schema, expected a JSON object with `id`, `version` and `questions`',
      invalid: '{{problem}}',
    },
    defaultOptions: {},
  },
  check({ set, report }) {
    const schema = set.schema;
    if (!schema) return;
    const file = schema.file;
    if (schema.text.trim() === '') {
      report({ messageId: 'empty', file, range: schema.lines.range(0, 0) });
      return;
    }
    if (schema.syntaxErrors.length) {
      // jsonc-parser often reports two errors for one mistake at one place (`{"a": 1,}`); the first says it.
      const seen = new Set<number>();
      for (const e of schema.syntaxErrors) {
        if (seen.has(e.range.start.offset)) continue;
        seen.add(e.range.start.offset);
        report({ messageId: 'syntax', data: { problem: e.message }, file, range: e.range });
      }
      return;
    }
    if (!isRecord(schema.json)) {
      // The meta-schema's own description is no message for people; say what is expected.
      const found = schema.json === null ? 'null' : Array.isArray(schema.json) ? 'array' : typeof schema.json;
      report({ messageId: 'notAnObject', data: { found }, file, range: schema.rangeOf('') ?? schema.lines.lineRange(1) });
      return;
    }
    for (const p of validateWithSchema(shippedValidator('guideline-schema.schema.json', guidelineMetaSchema), schema.json)) {
      const range = (p.onKey ? schema.keyRangeOf(p.pointer) : schema.rangeOf(p.pointer)) ?? schema.lines.lineRange(1);
      // Point at the opening line of a large object rather than all of it.
      const shown = range.end.line - range.start.line > 0 && !p.onKey && /^Missing field/.test(p.message) ? schema.lines.range(range.start.offset, range.start.offset + 1) : range;
      report({ messageId: 'invalid', data: { problem: p.message }, file, range: shown });
    }
  },
});
