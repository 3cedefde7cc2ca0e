import { expect, it } from 'vitest';
import rule from '../../src/rules/example-syntax.js';
import { ruleTester, runRule } from '../support/rule-tester.js';
import type { Rule } from '../../src/index.js';
import { FM as fm } from '../support/sample-set.js';

// The heading is line 10, the opening fence line 12 and the example's first line 13.
const page = (...examples: string[]): string => `${fm}### \`none\` Not abusive\n\n${examples.map((e) => `\`\`\`example\n${e}\`\`\`\n`).join('\n')}`;
const good = 'text: "Hello."\nanswers:\n  verdict: none\nwhy: Friendly.\n';

it('the base set is clean', () => {
  expect(runRule(rule as Rule<unknown>, {})).toEqual([]);
});

ruleTester(rule as Rule<unknown>, {
  valid: [
    { name: 'the base set', files: {} },
    { name: 'every key, each kind, a numeric id, a block scalar text', files: { 'guideline.md': page(`id: 1\nkind: positive\n${good}`, `id: two\nkind: negative\n${good}`, `kind: borderline\ntext: |\n  Two\n  lines.\nanswers: {}\nwhy: Fine.\n`) } },
    { name: 'no examples', files: { 'guideline.md': `${fm}# Nothing\n` } },
    { name: 'code blocks of other languages', files: { 'guideline.md': `${fm}\`\`\`yaml\n- not an example\n\`\`\`\n` } },
  ],
  invalid: [
    {
      name: 'YAML that does not parse',
      files: { 'guideline.md': page('text: [unclosed\nanswers: {}\nwhy: x\n') },
      errors: [{ messageId: 'yamlSyntax', range: '14:1-14:2', message: 'Unexpected YAML syntax in the example: Flow sequence in block collection must be sufficiently indented and end with a ]' }],
    },
    {
      name: 'a list instead of a mapping',
      files: { 'guideline.md': page('- text\n- why\n') },
      errors: [{ messageId: 'notAMapping', range: '12:1-12:11', message: 'Unexpected a list of 2 items as an example, expected a mapping with text, answers and why' }],
    },
    {
      name: 'an empty block',
      files: { 'guideline.md': page('') },
      errors: [{ messageId: 'notAMapping', range: '12:1-12:11', data: { found: 'an empty block' } }],
    },
    {
      name: 'missing keys are reported at the opening fence',
      files: { 'guideline.md': page('text: "Hello."\n') },
      errors: [
        { messageId: 'missingKey', range: '12:1-12:11', data: { key: 'answers', expected: 'a mapping of question id to answer' } },
        { messageId: 'missingKey', range: '12:1-12:11', message: 'Missing `why` in the example, expected the reasoning a labeler should follow' },
      ],
    },
    {
      name: 'values of the wrong type or empty',
      files: { 'guideline.md': page('id: [1]\ntext: 42\nanswers: [verdict]\nwhy: "  "\n') },
      errors: [
        { messageId: 'invalidValue', range: '13:5-13:8', data: { key: 'id', found: 'a list of 1 item', expected: 'a non-empty string' } },
        { messageId: 'invalidValue', range: '14:7-14:9', message: 'Unexpected number 42 as `text`, expected a non-empty string' },
        { messageId: 'invalidValue', range: '15:10-15:19', data: { key: 'answers', found: 'a list of 1 item', expected: 'a mapping of question id to answer' } },
        { messageId: 'invalidValue', range: '16:6-16:10', data: { key: 'why', found: 'an empty string', expected: 'a non-empty string' } },
      ],
    },
    {
      name: 'an empty text',
      files: { 'guideline.md': page('text:\nanswers: {}\nwhy: x\n') },
      errors: [{ messageId: 'invalidValue', range: '13:1-13:5', data: { key: 'text', found: 'an empty value', expected: 'a non-empty string' } }],
    },
    {
      name: 'a misspelled key gets a fix and no second finding about the key it misspells',
      files: { 'guideline.md': page('text: "Hello."\nanswer:\n  verdict: none\nwhy: Friendly.\n') },
      errors: [{ messageId: 'unknownKey', range: '14:1-14:7', message: 'Unexpected key `answer` in the example, expected `id`, `kind`, `text`, `answers` or `why`. Did you mean `answers`?' }],
      output: { 'guideline.md': page(good) },
    },
    {
      name: 'an unknown key with nothing close',
      files: { 'guideline.md': page(`${good}notes: internal\n`) },
      errors: [{ messageId: 'unknownKey', range: '17:1-17:6', data: { key: 'notes', keys: '`id`, `kind`, `text`, `answers` or `why`', hint: '' } }],
      output: { 'guideline.md': page(`${good}notes: internal\n`) },
    },
    {
      name: 'a misspelled kind gets a fix',
      files: { 'guideline.md': page(`kind: postive\n${good}`) },
      errors: [{ messageId: 'unknownKind', range: '13:7-13:14', message: 'Unexpected kind `postive`, expected `positive`, `negative` or `borderline`. Did you mean `positive`?' }],
      output: { 'guideline.md': page(`kind: positive\n${good}`) },
    },
    {
      name: 'a kind in the wrong case gets a fix',
      files: { 'guideline.md': page(`kind: "Borderline"\n${good}`) },
      errors: [{ messageId: 'unknownKind', range: '13:7-13:19', data: { found: '`Borderline`', kinds: '`positive`, `negative` or `borderline`', hint: ' Did you mean `borderline`?' } }],
      output: { 'guideline.md': page(`kind: borderline\n${good}`) },
    },
    {
      name: 'an unknown kind with nothing close, and a kind that is no string',
      files: { 'guideline.md': page(`kind: maybe\n${good}`, `kind: 3\n${good}`) },
      errors: [
        { messageId: 'unknownKind', range: '13:7-13:12', data: { found: '`maybe`', kinds: '`positive`, `negative` or `borderline`', hint: '' } },
        { messageId: 'unknownKind', range: '21:7-21:8', data: { found: 'number 3', kinds: '`positive`, `negative` or `borderline`', hint: '' } },
      ],
    },
    {
      name: 'a duplicate id, also across sections and as a number',
      files: { 'guideline.md': `${page(`id: greet\n${good}`)}\n### \`abuse\` Abuse\n\n\`\`\`example\nid: greet\n${good}\`\`\`\n\n\`\`\`example\nid: 7\n${good}\`\`\`\n\n\`\`\`example\nid: "7"\n${good}\`\`\`\n` },
      errors: [
        { messageId: 'duplicateId', range: '23:5-23:10', message: 'Unexpected example id `greet`, expected ids unique in the set' },
        { messageId: 'duplicateId', range: '39:5-39:8', data: { id: '7' } },
      ],
    },
  ],
});
