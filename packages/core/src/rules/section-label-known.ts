/**
 * section-label-known: every label section names a label of the schema, once.
 * A section for a label the tool does not offer (a typo, a label renamed or
 * removed in the schema) defines nothing labelers can choose, and two sections
 * for one label give two definitions that drift apart.
 */
import { defineRule } from '../lint/define-rule.js';
import type { Fix } from '../lint/types.js';
import type { LabelSection } from '../model.js';
import { didYouMean } from '../util.js';
import { renamedLabels } from './helpers.js';

export default defineRule({
  meta: {
    id: 'section-label-known',
    description: 'Every label section of guideline.md names a label of the schema, and no label has two sections.',
    defaultLevel: 'error',
    messages: {
      unknown: 'Unexpected section for label `{{label}}`, expected a label of the schema.{{hint}}',
      renamed: 'Unexpected section for label `{{label}}`, it was renamed to `{{current}}`',
      duplicate: 'Unexpected second section for label `{{label}}`, expected one section per label',
    },
    defaultOptions: {},
    fixable: true,
  },
  check({ set, report }) {
    const doc = set.guideline;
    if (!doc) return;
    const schema = set.schema;
    // Duplicates need no schema; names do. Without labels (no schema, or one that does not parse) there is nothing to check names against.
    const first = new Map<string, LabelSection>();
    for (const s of doc.sections) {
      const earlier = first.get(s.labelId);
      if (earlier) {
        report({
          messageId: 'duplicate',
          data: { label: s.labelId },
          file: doc.file,
          range: s.idRange,
          related: [{ file: doc.file, range: earlier.idRange, message: 'first section here' }],
        });
        continue;
      }
      first.set(s.labelId, s);
    }
    if (!schema || schema.labels.length === 0) return;
    const renamed = renamedLabels(schema);
    // Labels with a section, and labels a fix below already renames a section to.
    const documented = new Set(first.keys());
    for (const s of first.values()) {
      // A heading naming a question (`verdict`) introduces that question, not a label.
      if (schema.labelsById.has(s.labelId) || schema.questionsById.has(s.labelId)) continue;
      const replace = (id: string): Fix => ({ description: `Rename the section to \`${id}\``, edits: [{ file: doc.file, range: s.idRange, text: id }] });
      const current = renamed.get(s.labelId);
      if (current) {
        const fix = replace(current.id);
        const safe = !documented.has(current.id);
        documented.add(current.id);
        report({
          messageId: 'renamed',
          data: { label: s.labelId, current: current.id },
          file: doc.file,
          range: s.idRange,
          related: [{ file: schema.file, range: current.idRange, message: `\`${current.id}\` defined here, renamed from \`${s.labelId}\`` }],
          // Renaming onto a label that already has a section would only trade this finding for a duplicate.
          ...(safe ? { fix } : {}),
          suggestions: [fix],
        });
        continue;
      }
      const near = didYouMean(s.labelId, schema.labelsById.keys());
      const suggestions = near.map(replace);
      const only = near.length === 1 ? near[0] : undefined;
      const nearest = near[0] === undefined ? undefined : schema.labelsById.get(near[0]);
      const safe = only !== undefined && !documented.has(only);
      if (only !== undefined) documented.add(only);
      report({
        messageId: 'unknown',
        data: { label: s.labelId, hint: near.length ? ` Did you mean ${near.map((n) => `\`${n}\``).join(', ')}?` : '' },
        file: doc.file,
        range: s.idRange,
        ...(nearest ? { related: [{ file: schema.file, range: nearest.idRange, message: `\`${nearest.id}\` defined here` }] } : {}),
        ...(safe && suggestions[0] ? { fix: suggestions[0] } : {}),
        ...(suggestions.length ? { suggestions } : {}),
      });
    }
  },
});
