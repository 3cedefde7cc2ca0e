import rule from '../../src/rules/frontmatter-valid.js';
import type { Rule } from '../../src/index.js';
import { ruleTester } from '../support/rule-tester.js';
import { FM } from '../support/sample-set.js';

const r = rule as Rule<unknown>;
/** The sample frontmatter with text replaced, then a title. */
const fm = (from: string, to: string): Record<string, string> => ({ 'guideline.md': `${FM.replace(from, to)}# Rules\n` });

ruleTester(r, {
  valid: [
    { name: 'the docs base set', files: {} },
    { name: 'every field, optional ones too', files: fm('owners: [docs@example.org]', 'owners:\n  - docs@example.org\neffective: 2026-03-01\nlocale: pt-BR\nacknowledgements:\n  - { change: questions.verdict, reason: Typo fix }') },
    { name: 'quoted values', files: fm('version: 1.0.0', 'version: "1.0.0"') },
    { name: 'CRLF line endings', files: { 'guideline.md': `${FM.replace(/\n/g, '\r\n')}# Rules\r\n` } },
    { name: 'no guideline: file-readable reports it', files: { 'guideline.md': undefined as unknown as string } },
  ],
  invalid: [
    {
      name: 'no frontmatter',
      files: { 'guideline.md': '# Rules\n' },
      errors: [{ messageId: 'missing', range: '1:1-1:1', message: 'Missing frontmatter, expected a `---` block with id, title, version, status, schema and owners' }],
    },
    {
      name: 'a frontmatter that does not start the file',
      files: { 'guideline.md': `\n${FM}` },
      errors: [{ messageId: 'missing', range: '1:1-1:1' }],
    },
    {
      name: 'an empty file',
      files: { 'guideline.md': '' },
      errors: [{ messageId: 'missing', range: '1:1-1:1' }],
    },
    {
      name: 'an unterminated frontmatter',
      files: { 'guideline.md': '---\nid: base-set\n\n# Rules\n' },
      errors: [{ messageId: 'missing', range: '1:1-1:4', message: 'Unexpected unterminated frontmatter, expected a closing `---` line' }],
    },
    {
      name: 'YAML syntax',
      files: fm('owners: [docs@example.org]', 'owners: [docs@example.org'),
      errors: [{ messageId: 'yamlSyntax', range: '8:1-8:2', message: 'Unexpected YAML syntax in the frontmatter: Flow sequence in block collection must be sufficiently indented and end with a ]' }],
    },
    {
      name: 'a key given twice',
      files: fm('status: draft', 'status: draft\nstatus: review'),
      errors: [{ messageId: 'yamlSyntax', range: '6:1-6:2', data: { problem: 'Map keys must be unique' } }],
    },
    {
      name: 'an empty block',
      files: { 'guideline.md': '---\n---\n# Rules\n' },
      errors: [{ messageId: 'notAMapping', range: '1:1-1:4', data: { found: 'empty block' }, message: 'Unexpected empty block as frontmatter, expected a mapping of fields (id, title, version, ...)' }],
    },
    {
      name: 'a list',
      files: { 'guideline.md': '---\n- id\n- title\n---\n' },
      errors: [{ messageId: 'notAMapping', range: '1:1-1:4', data: { found: 'list' } }],
    },
    {
      name: 'a plain string',
      files: { 'guideline.md': '---\nbase set\n---\n' },
      errors: [{ messageId: 'notAMapping', range: '1:1-1:4', data: { found: 'string' } }],
    },
    {
      name: 'misspelled field, wrong types and values: each at its place',
      files: { 'guideline.md': `${FM.replace('version: 1.0.0\nstatus: draft', 'version: 1.0\nstatus: drft').replace('owners:', 'onwers:')}# Rules\n` },
      errors: [
        { messageId: 'field', range: '1:1-1:4', message: 'Missing field `owners` in the frontmatter, expected a non-empty list of owners' },
        { messageId: 'field', range: '4:10-4:13', message: 'Unexpected number 1 at `version`, expected a semantic version such as "1.2.0" (quoted)' },
        { messageId: 'field', range: '5:9-5:13', message: 'Unexpected value "drft" at `status`, expected `draft`, `review`, `approved` or `deprecated`. Did you mean `draft`?' },
        { messageId: 'field', range: '7:1-7:7', message: 'Unexpected field `onwers` in the frontmatter, expected one of `id`, `title`, `version`, `status`, `schema`, `owners`, `effective`, `locale` or `acknowledgements`. Did you mean `owners`?' },
      ],
    },
    {
      name: 'optional fields and nested values',
      files: fm('owners: [docs@example.org]', 'owners: []\neffective: 2026-13-01\nlocale: EN\nacknowledgements:\n  - change: questions.verdict\n    note: typo'),
      errors: [
        { messageId: 'field', range: '7:9-7:11', message: 'Unexpected an array of 0 items at `owners`, expected at least 1 item' },
        { messageId: 'field', range: '8:12-8:22' },
        { messageId: 'field', range: '9:9-9:11' },
        { messageId: 'field', range: '11:5-11:30', message: 'Missing field `reason` in `acknowledgements.0`, expected why the change is acceptable' },
        { messageId: 'field', range: '12:5-12:9' },
      ],
    },
    {
      name: 'a schema path outside the folder',
      files: fm('schema: schema.json', 'schema: ../shared/schema.json'),
      errors: [{ messageId: 'field', range: '6:9-6:30' }],
    },
  ],
});
