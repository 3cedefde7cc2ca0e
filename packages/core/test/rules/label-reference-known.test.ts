import rule from '../../src/rules/label-reference-known.js';
import { ruleTester } from '../support/rule-tester.js';
import type { Rule } from '../../src/index.js';
import { FM as fm, SAMPLE_SCHEMA } from '../support/sample-set.js';

/** An example block whose `why` is given (lines 10-15 after the frontmatter). */
const whyExample = (why: string): string => `${fm}\`\`\`example\ntext: "You clown."\nanswers:\n  verdict: abuse.insult\n  target: [target.person]\nwhy: ${why}\n\`\`\`\n`;
/** The sample schema with a changed option line or `when`. */
const schemaWith = (from: string, to: string): string => {
  if (!SAMPLE_SCHEMA.includes(from)) throw new Error(`sample schema lacks ${from}`);
  return SAMPLE_SCHEMA.replace(from, to);
};
const THREAT = '{ "id": "abuse.threat", "title": "Threat", "severity": "high" }';


ruleTester(rule as Rule<unknown>, {
  valid: [
    { name: 'known labels in prose, lists, tables and headings', files: { 'guideline.md': `${fm}Use \`abuse.insult\`.\n\n- \`abuse.threat\`\n\n| a |\n|---|\n| \`target.group\` |\n\n## About \`none\`\n` } },
    { name: 'single-segment code that is no label', files: { 'guideline.md': `${fm}Set \`true\` or \`verdict\` or \`abusive\`.\n` } },
    { name: 'file names', files: { 'guideline.md': `${fm}See \`schema.json\` and \`notes.md\`.\n` } },
    { name: 'no schema labels: nothing to check against', files: { 'schema.json': '{"id":"base-set","version":"1.0.0","questions":[]}' , 'guideline.md': `${fm}See \`abuse.x\`.\n` } },
    { name: 'known labels in an example\'s why', files: { 'guideline.md': whyExample('Use `abuse.insult`, not `abuse.threat`, and `none` otherwise.') } },
    {
      name: 'the changelog is history: removed and old labels are not references',
      files: { 'guideline.md': `${fm}## Changelog\n\n### 2.0.0 - 2026-02-01\n\n- Removed the label \`abuse.slur\`; renamed \`abuse.name_calling\` to \`abuse.insult\`.\n\n### 1.0.0\n\n- Added \`abuse.gone\`.\n` },
    },
    {
      name: 'acknowledgements name the base version\'s labels: history',
      files: { 'guideline.md': fm.replace('owners: [docs@example.org]\n', 'owners: [docs@example.org]\nacknowledgements:\n  - change: questions[verdict].options[abuse.slur]\n    reason: nobody used it\n') },
    },
    { name: 'a when answer of the controlling question', files: { 'schema.json': schemaWith('"answers": ["abuse"]', '"answers": ["abuse", "abuse.threat"]') } },
    { name: 'a replacedBy naming a label', files: { 'schema.json': schemaWith(THREAT, '{ "id": "abuse.threat", "title": "Threat", "deprecated": { "since": "1.0.0", "replacedBy": "abuse.insult" } }') } },
  ],
  invalid: [
    {
      name: 'a typo with one close label gets a fix',
      files: { 'guideline.md': `${fm}Use \`abuse.inslt\` here.\n` },
      errors: [{ messageId: 'unknown', range: '10:6-10:17', data: { label: 'abuse.inslt', schema: 'schema.json', hint: ' Did you mean `abuse.insult`?' } }],
      output: { 'guideline.md': `${fm}Use \`abuse.insult\` here.\n` },
    },
    {
      name: 'a reference in a heading',
      files: { 'guideline.md': `${fm}## When \`abuse.thraet\` applies\n` },
      errors: [{ messageId: 'unknown', range: '10:10-10:22' }],
    },
    {
      name: 'no close label: no fix',
      files: { 'guideline.md': `${fm}Use \`spam.bot\`.\n` },
      errors: [{ messageId: 'unknown', range: '10:6-10:14', message: 'Unexpected label `spam.bot`, expected a label of schema.json.' }],
      output: { 'guideline.md': `${fm}Use \`spam.bot\`.\n` },
    },
    {
      name: 'an unknown label in an example\'s why, fixed in place',
      files: { 'guideline.md': whyExample('Use `abuse.insultt` for this.') },
      errors: [{ messageId: 'unknown', range: '15:11-15:24', data: { label: 'abuse.insultt', schema: 'schema.json', hint: ' Did you mean `abuse.insult`?' } }],
      output: { 'guideline.md': whyExample('Use `abuse.insult` for this.') },
    },
    {
      name: 'a renamed label in a quoted why, after an earlier backtick span',
      files: {
        'schema.json': schemaWith(THREAT, '{ "id": "abuse.threat", "title": "Threat", "renamedFrom": "abuse.menace" }'),
        'guideline.md': whyExample('"Not `abuse.insult`: `abuse.menace` applies."'),
      },
      errors: [{ messageId: 'renamed', range: '15:28-15:40', data: { label: 'abuse.menace', current: 'abuse.threat' } }],
      output: { 'guideline.md': whyExample('"Not `abuse.insult`: `abuse.threat` applies."') },
    },
    {
      name: 'a why written as a block scalar',
      files: { 'guideline.md': `${fm}\`\`\`example\ntext: "You clown."\nanswers:\n  verdict: abuse.insult\n  target: [target.person]\nwhy: |\n  It insults a person.\n  Compare \`abuse.thret\`.\n\`\`\`\n` },
      errors: [{ messageId: 'unknown', range: '17:12-17:23' }],
    },
    {
      name: 'an unknown label in when.answers',
      files: { 'schema.json': schemaWith('"answers": ["abuse"]', '"answers": ["abuse", "abuse.thret"]') },
      errors: [{ messageId: 'unknownWhen', file: 'schema.json', range: '28:62-28:73', data: { label: 'abuse.thret', question: 'target', whenQuestion: 'verdict', hint: ' Did you mean `abuse.threat`?' } }],
      output: { 'schema.json': schemaWith('"answers": ["abuse"]', '"answers": ["abuse", "abuse.threat"]') },
    },
    {
      name: 'a when answer that is a label of another question',
      files: { 'schema.json': schemaWith('"answers": ["abuse"]', '"answers": ["target.group"]') },
      errors: [{ messageId: 'unknownWhen', file: 'schema.json', range: '28:53-28:65', message: 'Unexpected label `target.group` in the `when` of question `target`, expected a label of question `verdict`.' }],
    },
    {
      name: 'a when answer renamed since',
      files: { 'schema.json': schemaWith('"answers": ["abuse"]', '"answers": ["abuse.menace"]').replace(THREAT, '{ "id": "abuse.threat", "title": "Threat", "renamedFrom": ["abuse.menace"] }') },
      errors: [{ messageId: 'renamed', file: 'schema.json', range: '28:53-28:65', data: { label: 'abuse.menace', current: 'abuse.threat' } }],
      output: { 'schema.json': schemaWith('"answers": ["abuse"]', '"answers": ["abuse.threat"]').replace(THREAT, '{ "id": "abuse.threat", "title": "Threat", "renamedFrom": ["abuse.menace"] }') },
    },
    {
      name: 'an unknown replacedBy',
      files: { 'schema.json': schemaWith(THREAT, '{ "id": "abuse.threat", "title": "Threat", "deprecated": { "since": "1.0.0", "replacedBy": "abuse.insultx" } }') },
      errors: [{ messageId: 'unknownReplacement', file: 'schema.json', range: '18:105-18:118', message: 'Unexpected replacement `abuse.insultx` for deprecated `abuse.threat`, expected a label of schema.json. Did you mean `abuse.insult`?' }],
      output: { 'schema.json': schemaWith(THREAT, '{ "id": "abuse.threat", "title": "Threat", "deprecated": { "since": "1.0.0", "replacedBy": "abuse.insult" } }') },
    },
    {
      name: 'a label written with escapes is reported on its whole value, without a fix',
      files: { 'schema.json': schemaWith('"answers": ["abuse"]', '"answers": ["abuse\\u002ethret"]') },
      errors: [{ messageId: 'unknownWhen', file: 'schema.json', range: '28:53-28:69' }],
      output: { 'schema.json': schemaWith('"answers": ["abuse"]', '"answers": ["abuse\\u002ethret"]') },
    },
    {
      name: 'code with padding spaces keeps the exact range',
      files: { 'guideline.md': `${fm}Use \`\` abuse.insul \`\`.\n` },
      errors: [{ messageId: 'unknown', range: '10:8-10:19' }],
    },
  ],
});
