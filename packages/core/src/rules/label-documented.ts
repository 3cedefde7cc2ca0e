/**
 * label-documented: every label of the schema has a label section in guideline.md.
 * A label the tool offers but the guideline never defines is one labelers pick by
 * guesswork, so agreement on it is noise.
 */
import { defineRule } from '../lint/define-rule.js';
import type { GuidelineDocument, Label } from '../model.js';
import type { Fix } from '../lint/types.js';
import { paddedBlock } from './helpers.js';

/** Options of label-documented. */
export interface LabelDocumentedOptions {
  /** Also require sections for deprecated labels. */
  requireDeprecated: boolean;
}

export default defineRule<LabelDocumentedOptions>({
  meta: {
    id: 'label-documented',
    description: 'Every label of the schema has a label section in guideline.md.',
    defaultLevel: 'error',
    messages: {
      missing: 'Missing section for label `{{label}}` in guideline.md, expected a heading that starts with `{{label}}` in backticks',
    },
    optionsSchema: {
      properties: {
        requireDeprecated: { type: 'boolean', description: 'true to require a section for deprecated labels too' },
      },
    },
    defaultOptions: { requireDeprecated: false },
  },
  check({ set, options, report }) {
    const doc = set.guideline;
    const schema = set.schema;
    if (!doc || !schema) return;
    const documented = new Set(doc.sections.map((s) => s.labelId));
    const seen = new Set<string>();
    for (const label of schema.labels) {
      // Duplicate ids are label-id-unique's finding; one section serves them all.
      if (seen.has(label.id)) continue;
      seen.add(label.id);
      if (documented.has(label.id)) continue;
      if (label.deprecated && options.requireDeprecated !== true) continue;
      report({
        messageId: 'missing',
        data: { label: label.id },
        file: schema.file,
        range: label.idRange,
        suggestions: [skeleton(doc, label)],
      });
    }
  },
});

/** Inserts a section skeleton: below the parent label's section if it has one, else before the changelog or at the end. */
function skeleton(doc: GuidelineDocument, label: Label): Fix {
  const parent = label.parentId === undefined ? undefined : doc.sections.find((s) => s.labelId === label.parentId);
  const depth = parent ? Math.min(parent.heading.depth + 1, 6) : 3;
  const offset = parent ? parent.range.end.offset : (doc.changelog?.heading.range.start.offset ?? doc.text.length);
  const title = label.title?.trim() ? ` ${label.title.trim()}` : '';
  const block = `${'#'.repeat(depth)} \`${label.id}\`${title}\n\nDefine when labelers choose this label.\n`;
  return {
    description: `Add a section for \`${label.id}\``,
    edits: [{ file: doc.file, range: doc.lines.range(offset, offset), text: paddedBlock(doc.text, offset, block) }],
  };
}
