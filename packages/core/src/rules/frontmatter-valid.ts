/** frontmatter-valid: guideline.md starts with a YAML frontmatter of the right fields and types. */
import { defineRule } from '../lint/define-rule.js';
import { loadShippedSchema, shippedValidator, validateWithSchema } from '../lint/json-schema.js';
import { isRecord, parsePointer } from '../util.js';
import type { Range } from '../position.js';

const schema = loadShippedSchema('guideline-frontmatter.schema.json');

export default defineRule({
  meta: {
    id: 'frontmatter-valid',
    description: 'guideline.md starts with a YAML frontmatter block whose fields have the documented names and types.',
    defaultLevel: 'error',
    messages: {
      missing: '{{problem}}',
      yamlSyntax: 'Unexpected YAML syntax in the frontmatter: {{problem}}',
      notAMapping: 'Unexpected {{found}} as frontmatter, expected a mapping of fields (id, title, version, ...)',
      field: '{{problem}}',
    },
    defaultOptions: {},
  },
  check({ set, report }) {
    const doc = set.guideline;
    if (!doc) return;
    const file = doc.file;
    if (doc.frontmatterProblem) {
      report({ messageId: 'missing', data: { problem: doc.frontmatterProblem.message }, file, range: doc.frontmatterProblem.range });
      return;
    }
    const fm = doc.frontmatter;
    if (!fm) return;
    if (fm.errors.length) {
      for (const e of fm.errors) report({ messageId: 'yamlSyntax', data: { problem: e.message }, file, range: e.range });
      return;
    }
    const firstLine: Range = doc.lines.lineRange(fm.range.start.line);
    if (!isRecord(fm.data)) {
      report({ messageId: 'notAMapping', data: { found: fm.data === null || fm.data === undefined ? 'empty block' : Array.isArray(fm.data) ? 'list' : typeof fm.data }, file, range: firstLine });
      return;
    }
    const problems = validateWithSchema(shippedValidator('guideline-frontmatter.schema.json', schema), fm.data, (p) => (p === '' ? 'the frontmatter' : `\`${parsePointer(p).join('.')}\``));
    for (const p of problems) {
      const path = parsePointer(p.pointer).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
      const found = p.pointer === '' ? undefined : p.onKey ? fm.keyRangeOf(path) : fm.rangeOf(path);
      // A missing field is reported on the mapping that lacks it: the opening `---` for the
      // top level, else the mapping's first line, not every line of it.
      const range = !found ? firstLine : found.end.line > found.start.line ? doc.lines.range(found.start.offset, doc.lines.lineRange(found.start.line).end.offset) : found;
      report({ messageId: 'field', data: { problem: p.message }, file, range });
    }
  },
});
