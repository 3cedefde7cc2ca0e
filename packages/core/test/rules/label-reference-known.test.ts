import rule from '../../src/rules/label-reference-known.js';
import { ruleTester } from '../support/rule-tester.js';
import type { Rule } from '../../src/index.js';
import { FM as fm } from '../support/sample-set.js';


ruleTester(rule as Rule<unknown>, {
  valid: [
    { name: 'known labels in prose, lists, tables and headings', files: { 'guideline.md': `${fm}Use \`abuse.insult\`.\n\n- \`abuse.threat\`\n\n| a |\n|---|\n| \`target.group\` |\n\n## About \`none\`\n` } },
    { name: 'single-segment code that is no label', files: { 'guideline.md': `${fm}Set \`true\` or \`verdict\` or \`abusive\`.\n` } },
    { name: 'file names', files: { 'guideline.md': `${fm}See \`schema.json\` and \`notes.md\`.\n` } },
    { name: 'no schema labels: nothing to check against', files: { 'schema.json': '{"id":"base-set","version":"1.0.0","questions":[]}' , 'guideline.md': `${fm}See \`abuse.x\`.\n` } },
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
      name: 'code with padding spaces keeps the exact range',
      files: { 'guideline.md': `${fm}Use \`\` abuse.insul \`\`.\n` },
      errors: [{ messageId: 'unknown', range: '10:8-10:19' }],
    },
  ],
});
