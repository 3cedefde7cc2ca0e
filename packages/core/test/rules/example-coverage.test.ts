import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/example-coverage.js';
import { rangeText, relFile, ruleTester, runRule } from '../support/rule-tester.js';
import type { Rule } from '../../src/index.js';
import { FM as fm } from '../support/sample-set.js';

const block = (yaml: string): string => `\`\`\`example\n${yaml}\`\`\`\n\n`;
const pos = (verdict: string, text = 'x'): string => block(`text: ${JSON.stringify(text)}\nanswers:\n  verdict: ${verdict}\nwhy: y\n`);
const neg = (verdict: string, kind = 'negative'): string => block(`kind: ${kind}\ntext: "n"\nanswers:\n  verdict: ${verdict}\nwhy: y\n`);

// Leaves: none, abuse.insult, abuse.threat (deprecated); `abuse` is a parent; `rationale` is free text.
const schema = `{
  "id": "base-set",
  "version": "1.0.0",
  "questions": [
    {
      "id": "verdict",
      "type": "single",
      "prompt": "Is the text abusive?",
      "options": [
        { "id": "none", "title": "Not abusive" },
        {
          "id": "abuse",
          "title": "Abuse",
          "options": [
            { "id": "abuse.insult", "title": "Insult" },
            { "id": "abuse.threat", "title": "Threat", "deprecated": { "since": "1.0.0" } }
          ]
        }
      ]
    },
    { "id": "rationale", "type": "text", "prompt": "Why?" },
    { "id": "score", "type": "rating", "prompt": "How bad?" }
  ]
}
`;
// Line 10: `none`, line 11: `abuse.insult`; no section for `abuse`.
const headings = `${fm}## \`none\` Not abusive\n\n## \`abuse.insult\` Insult\n\n`;
const covered = `${fm}## \`none\` Not abusive\n\n${pos('none')}${neg('abuse.insult')}## \`abuse.insult\` Insult\n\n${pos('abuse.insult')}${neg('none', 'borderline')}`;

it('the base set is clean', () => {
  expect(runRule(rule as Rule<unknown>, {})).toEqual([]);
});

ruleTester(rule as Rule<unknown>, {
  valid: [
    { name: 'the base set', files: {} },
    { name: 'each leaf has a positive and a negative or borderline example; deprecated and parent labels need none', files: { 'schema.json': schema, 'guideline.md': covered } },
    { name: 'both minimums 0', files: { 'schema.json': schema, 'guideline.md': `${fm}# Nothing\n` }, options: { minPositive: 0, minNegativeOrBorderline: 0 } },
    {
      name: 'a positive example counts for every label it names, wherever it stands',
      files: { 'schema.json': schema, 'guideline.md': `${fm}## \`abuse\` Abuse\n\n${pos('abuse.insult')}${block('kind: positive\ntext: "t"\nanswers:\n  verdict: none\nwhy: y\n')}## \`none\` None\n\n${neg('abuse')}## \`abuse.insult\` Insult\n\n${neg('none')}` },
    },
  ],
  invalid: [
    {
      name: 'no examples: reported at the section heading, or in schema.json without one',
      files: { 'schema.json': schema, 'guideline.md': headings },
      errors: [
        { messageId: 'positive', range: '10:5-10:9', message: 'Unexpected number of positive examples of `none`: 0, expected at least 1' },
        { messageId: 'negativeOrBorderline', range: '10:5-10:9', message: 'Unexpected number of negative or borderline examples of `none`: 0, expected at least 1' },
        { messageId: 'positive', range: '12:5-12:17', data: { label: 'abuse.insult', found: 0, expected: 1 } },
        { messageId: 'negativeOrBorderline', range: '12:5-12:17', data: { label: 'abuse.insult', found: 0, expected: 1 } },
      ],
    },
    {
      name: 'a label without a section is reported in schema.json; deprecated labels count with skipDeprecated off',
      files: { 'schema.json': schema, 'guideline.md': covered },
      options: { skipDeprecated: false },
      errors: [
        { messageId: 'positive', range: '16:21-16:35', file: 'schema.json', data: { label: 'abuse.threat', found: 0, expected: 1 } },
        { messageId: 'negativeOrBorderline', range: '16:21-16:35', file: 'schema.json', data: { label: 'abuse.threat', found: 0, expected: 1 } },
      ],
    },
    {
      name: 'higher minimums',
      files: { 'schema.json': schema, 'guideline.md': covered },
      options: { minPositive: 2, minNegativeOrBorderline: 3 },
      errors: [
        { messageId: 'positive', range: '10:5-10:9', data: { label: 'none', found: 1, expected: 2 } },
        { messageId: 'negativeOrBorderline', range: '10:5-10:9', data: { label: 'none', found: 1, expected: 3 } },
        { messageId: 'positive', range: '27:5-27:17', data: { label: 'abuse.insult', found: 1, expected: 2 } },
        { messageId: 'negativeOrBorderline', range: '27:5-27:17', data: { label: 'abuse.insult', found: 1, expected: 3 } },
      ],
    },
    {
      name: 'a negative example counts for its section, not for the labels it names; broken examples do not count',
      files: {
        'schema.json': schema,
        'guideline.md': `${headings}${pos('abuse.insult')}${neg('none')}${block('text: [\n')}${block('- kind\n')}`,
      },
      options: { minNegativeOrBorderline: 0 },
      errors: [{ messageId: 'positive', range: '10:5-10:9', data: { label: 'none', found: 0, expected: 1 } }],
    },
  ],
});

describe('example-coverage related locations', () => {
  it('a finding at a section points at the label in schema.json', () => {
    const findings = runRule(rule as Rule<unknown>, { 'schema.json': schema, 'guideline.md': headings }, { minNegativeOrBorderline: 0 });
    expect(findings.map((f) => (f.related ?? []).map((r) => `${relFile(r.file)}:${rangeText(r.range)} ${r.message}`))).toEqual([
      ['schema.json:10:17-10:23 `none` defined here'],
      ['schema.json:15:21-15:35 `abuse.insult` defined here'],
    ]);
  });
});
