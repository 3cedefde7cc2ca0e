/** label-reference-known: every label id written as inline code in prose exists in the schema. */
import { defineRule } from '../lint/define-rule.js';
import type { Fix } from '../lint/types.js';
import { didYouMean } from '../util.js';
import { renamedLabels } from './helpers.js';

export default defineRule({
  meta: {
    id: 'label-reference-known',
    description: 'Every label id written as inline code in prose or headings is a label of the schema.',
    defaultLevel: 'error',
    messages: {
      unknown: 'Unexpected label `{{label}}`, expected a label of {{schema}}.{{hint}}',
      renamed: 'Unexpected label `{{label}}`, it was renamed to `{{current}}`',
    },
    defaultOptions: {},
    fixable: true,
  },
  check({ set, report }) {
    const doc = set.guideline;
    const schema = set.schema;
    if (!doc || !schema || schema.labels.length === 0) return;
    const known = schema.labelsById;
    const renamed = renamedLabels(schema);
    for (const ref of doc.references) {
      if (known.has(ref.labelId) || schema.questionsById.has(ref.labelId)) continue;
      const current = renamed.get(ref.labelId);
      if (current) {
        const fix: Fix = { description: `Replace with \`${current.id}\``, edits: [{ file: doc.file, range: ref.range, text: current.id }] };
        report({
          messageId: 'renamed',
          data: { label: ref.labelId, current: current.id },
          file: doc.file,
          range: ref.range,
          related: [{ file: schema.file, range: current.idRange, message: `\`${current.id}\` defined here, renamed from \`${ref.labelId}\`` }],
          fix,
          suggestions: [fix],
        });
        continue;
      }
      // Single-segment inline code (`none`, `true`) is only a reference when it names a label.
      if (!ref.labelId.includes('.')) continue;
      const near = didYouMean(ref.labelId, known.keys());
      const suggestions: Fix[] = near.map((n) => ({ description: `Replace with \`${n}\``, edits: [{ file: doc.file, range: ref.range, text: n }] }));
      report({
        messageId: 'unknown',
        data: { label: ref.labelId, schema: schemaName(set.schemaPath, set.dir), hint: near.length ? ` Did you mean ${near.map((n) => `\`${n}\``).join(', ')}?` : '' },
        file: doc.file,
        range: ref.range,
        ...(near[0] ? { related: [{ file: schema.file, range: (known.get(near[0]) ?? { idRange: ref.range }).idRange, message: `\`${near[0]}\` defined here` }] } : {}),
        ...(near.length === 1 && suggestions[0] ? { fix: suggestions[0] } : {}),
        ...(suggestions.length ? { suggestions } : {}),
      });
    }
  },
});

function schemaName(schemaPath: string, dir: string): string {
  return schemaPath.startsWith(`${dir}/`) ? schemaPath.slice(dir.length + 1) : schemaPath;
}
