/** schema-valid: schema.json is JSON that matches the shipped meta-schema. */
import { defineRule } from '../lint/define-rule.js';
import { compileSchema, loadShippedSchema, validateWithSchema } from '../lint/json-schema.js';

/** The meta-schema of schema.json (JSON Schema 2020-12), shipped in packages/core/schema/. */
export const guidelineMetaSchema = loadShippedSchema('guideline-schema.schema.json');

export default defineRule({
  meta: {
    id: 'schema-valid',
    description: 'schema.json is well-formed JSON that matches the label schema meta-schema.',
    defaultLevel: 'error',
    messages: {
      syntax: '{{problem}}',
      invalid: '{{problem}}',
    },
    defaultOptions: {},
  },
  check({ set, report }) {
    const schema = set.schema;
    if (!schema) return;
    const file = schema.file;
    if (schema.syntaxErrors.length) {
      for (const e of schema.syntaxErrors) report({ messageId: 'syntax', data: { problem: e.message }, file, range: e.range });
      return;
    }
    for (const p of validateWithSchema(compileSchema(guidelineMetaSchema), schema.json)) {
      const range = (p.onKey ? schema.keyRangeOf(p.pointer) : schema.rangeOf(p.pointer)) ?? schema.lines.lineRange(1);
      // Point at the opening line of a large object rather than all of it.
      const shown = range.end.line - range.start.line > 0 && !p.onKey && /^Missing field/.test(p.message) ? schema.lines.range(range.start.offset, range.start.offset + 1) : range;
      report({ messageId: 'invalid', data: { problem: p.message }, file, range: shown });
    }
  },
});
