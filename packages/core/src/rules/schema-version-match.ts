/**
 * schema-version-match: the frontmatter `id` and `version` equal schema.json's.
 * The labeling tool loads the schema and the preview shows the guideline; when
 * they disagree, labelers read one version of the policy and answer another.
 */
import { yamlLib } from '../parse/yaml-block.js';
import { defineRule } from '../lint/define-rule.js';
import type { Fix } from '../lint/types.js';
import { isRecord } from '../util.js';

const FIELDS = [
  { field: 'id', messageId: 'idMismatch' },
  { field: 'version', messageId: 'versionMismatch' },
] as const;

export default defineRule({
  meta: {
    id: 'schema-version-match',
    description: 'The frontmatter `id` and `version` of guideline.md equal the `id` and `version` of schema.json.',
    defaultLevel: 'error',
    messages: {
      idMismatch: 'Unexpected schema id `{{schemaValue}}`, expected `{{frontmatterValue}}` as in the guideline frontmatter',
      versionMismatch: 'Unexpected schema version `{{schemaValue}}`, expected `{{frontmatterValue}}` as in the guideline frontmatter',
    },
    defaultOptions: {},
  },
  check({ set, report }) {
    const doc = set.guideline;
    const schema = set.schema;
    const fm = doc?.frontmatter;
    if (!doc || !schema || !fm || !isRecord(fm.data)) return;
    for (const { field, messageId } of FIELDS) {
      const fmValue = fm.data[field];
      const schemaValue = schema[field];
      // Wrong types and missing fields are frontmatter-valid's and schema-valid's findings.
      if (typeof fmValue !== 'string' || schemaValue === undefined || fmValue === schemaValue) continue;
      const schemaRange = schema.rangeOf(`/${field}`);
      const fmRange = fm.rangeOf([field]);
      if (!schemaRange || !fmRange) continue;
      const fmText = doc.text.slice(fmRange.start.offset, fmRange.end.offset);
      const suggestions: Fix[] = [
        { description: `Change schema.json \`${field}\` to \`${fmValue}\``, edits: [{ file: schema.file, range: schemaRange, text: JSON.stringify(fmValue) }] },
        { description: `Change the frontmatter \`${field}\` to \`${schemaValue}\``, edits: [{ file: doc.file, range: fmRange, text: yamlString(schemaValue, fmText) }] },
      ];
      report({
        messageId,
        data: { schemaValue, frontmatterValue: fmValue },
        file: schema.file,
        range: schemaRange,
        related: [{ file: doc.file, range: fmRange, message: `frontmatter says \`${fmValue}\` here` }],
        suggestions,
      });
    }
  },
});

/** `value` as a YAML string scalar, quoted the way `previous` was (plain when that still reads as the same string). */
function yamlString(value: string, previous: string): string {
  if (previous.startsWith("'")) return `'${value.replace(/'/g, "''")}'`;
  if (previous.startsWith('"')) return JSON.stringify(value);
  let plainReadsBack = false;
  try {
    // `1.0` or `true` written plain would turn into a number or a boolean.
    plainReadsBack = value !== '' && !/[\n#:]/.test(value) && yamlLib().parse(value) === value;
  } catch {
    plainReadsBack = false;
  }
  return plainReadsBack ? value : JSON.stringify(value);
}
