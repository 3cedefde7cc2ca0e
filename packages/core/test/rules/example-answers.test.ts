import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/example-answers.js';
import { rangeText, relFile, ruleTester, runRule } from '../support/rule-tester.js';
import type { Rule } from '../../src/index.js';
import { FM as fm } from '../support/sample-set.js';

// The section heading is line 10, the opening fence line 12, the example's first line 13.
const inSection = (label: string, ...examples: string[]): string =>
  `${fm}### \`${label}\` Section\n\n${examples.map((e) => `\`\`\`example\n${e}\`\`\`\n`).join('\n')}`;
const page = (...examples: string[]): string => inSection('abuse.insult', ...examples);
// An example whose `answers` start on line 14 (question keys from line 15) and end with `why`.
const ex = (answers: string, text = 'You idiot.'): string => `text: ${JSON.stringify(text)}\nanswers:\n${answers}why: Because.\n`;

// The base schema plus rating and span questions, and a renamed label.
const schema = JSON.stringify(
  {
    id: 'base-set',
    version: '1.0.0',
    questions: [
      {
        id: 'verdict',
        type: 'single',
        prompt: 'Is the text abusive?',
        required: true,
        options: [
          { id: 'none', title: 'Not abusive' },
          { id: 'abuse', title: 'Abuse', options: [{ id: 'abuse.insult', title: 'Insult', renamedFrom: 'abuse.name_calling' }, { id: 'abuse.threat', title: 'Threat' }] },
        ],
      },
      { id: 'target', type: 'multi', prompt: 'Who?', required: true, when: { question: 'verdict', answers: ['abuse'] }, options: [{ id: 'target.person', title: 'A person' }, { id: 'target.group', title: 'A group' }] },
      { id: 'rationale', type: 'text', prompt: 'Why?' },
      { id: 'severity', type: 'rating', prompt: 'How bad?', min: 1, max: 3 },
      { id: 'confidence', type: 'rating', prompt: 'How sure?' },
      { id: 'spans', type: 'span', prompt: 'Which words?', options: [{ id: 'span.insult', title: 'Insulting words' }, { id: 'span.threat', title: 'Threatening words' }] },
    ],
  },
  null,
  2,
);
const insult = '  verdict: abuse.insult\n  target: [target.person]\n';

it('the base set is clean', () => {
  expect(runRule(rule as Rule<unknown>, {})).toEqual([]);
});

ruleTester(rule as Rule<unknown>, {
  valid: [
    { name: 'the base set', files: {} },
    {
      name: 'every question type answered in its shape',
      files: {
        'schema.json': schema,
        'guideline.md': page(ex(`${insult}  rationale: It demeans a person.\n  severity: 3\n  confidence: 1\n  spans:\n    - text: idiot\n      label: span.insult\n    - { text: "You", label: span.insult }\n`)),
      },
    },
    { name: 'a question hidden by `when` left out; an empty multi list', files: { 'guideline.md': page(ex('  verdict: none\n'), ex(`  verdict: abuse.threat\n  target: []\n`)) } },
    { name: 'positive in the section of a parent label', files: { 'guideline.md': inSection('abuse', `kind: positive\n${ex(insult)}`) } },
    { name: 'negative and borderline need not name the section label', files: { 'guideline.md': page(`kind: negative\n${ex('  verdict: none\n')}`, `kind: borderline\n${ex('  verdict: none\n')}`) } },
    { name: 'broken examples are left to example-syntax', files: { 'guideline.md': page('text: [\n', 'text: x\nanswers: [verdict]\n', '- a\n') } },
    { name: 'no schema questions: nothing to answer against', files: { 'schema.json': '{"id":"base-set","version":"1.0.0","questions":[]}', 'guideline.md': page(ex('  anything: at all\n')) } },
    { name: 'a schema that does not parse', files: { 'schema.json': '{', 'guideline.md': page(ex('  anything: at all\n')) } },
  ],
  invalid: [
    {
      name: 'a misspelled question gets a fix, without noise about the question it means',
      files: { 'guideline.md': page(ex('  verdcit: abuse.insult\n  target: [target.person]\n')) },
      errors: [{ messageId: 'unknownQuestion', range: '15:3-15:10', message: 'Unexpected question `verdcit`, expected a question of schema.json. Did you mean `verdict`?' }],
      output: { 'guideline.md': page(ex(insult)) },
    },
    {
      name: 'an unknown question with nothing close',
      files: { 'guideline.md': page(ex(`${insult}  notes: internal\n`)) },
      errors: [{ messageId: 'unknownQuestion', range: '17:3-17:8', data: { question: 'notes', schema: 'schema.json', hint: '' } }],
      output: { 'guideline.md': page(ex(`${insult}  notes: internal\n`)) },
    },
    {
      name: 'a misspelled question already answered gets no fix',
      files: { 'guideline.md': page(ex(`${insult}  verdikt: none\n`)) },
      errors: [{ messageId: 'unknownQuestion', range: '17:3-17:10', data: { question: 'verdikt', schema: 'schema.json', hint: ' Did you mean `verdict`?' } }],
      output: { 'guideline.md': page(ex(`${insult}  verdikt: none\n`)) },
    },
    {
      name: 'a misspelled label gets a fix',
      files: { 'guideline.md': page(ex('  verdict: abuse.insutl\n  target: [target.persn]\n')) },
      errors: [
        { messageId: 'unknownLabel', range: '15:12-15:24', message: 'Unexpected label `abuse.insutl` in the answer to `verdict`, expected a label of `verdict`. Did you mean `abuse.insult`?' },
        { messageId: 'unknownLabel', range: '16:12-16:24', data: { label: 'target.persn', question: 'target', hint: ' Did you mean `target.person`?' } },
      ],
      output: { 'guideline.md': page(ex(insult)) },
    },
    {
      name: 'an unknown label with nothing close gets no fix',
      files: { 'guideline.md': page(ex('  verdict: spam\n')) },
      errors: [{ messageId: 'unknownLabel', range: '15:12-15:16', data: { label: 'spam', question: 'verdict', hint: '' } }],
      output: { 'guideline.md': page(ex('  verdict: spam\n')) },
    },
    {
      name: 'a renamed label gets a fix',
      files: { 'schema.json': schema, 'guideline.md': page(ex('  verdict: abuse.name_calling\n  target: [target.person]\n')) },
      errors: [{ messageId: 'renamedLabel', range: '15:12-15:30', message: 'Unexpected label `abuse.name_calling` in the answer to `verdict`, it was renamed to `abuse.insult`' }],
      output: { 'guideline.md': page(ex(insult)) },
    },
    {
      name: 'a label of another question',
      files: { 'guideline.md': inSection('none', ex('  verdict: target.person\n')) },
      errors: [{ messageId: 'otherQuestionLabel', range: '15:12-15:25', message: 'Unexpected label `target.person` in the answer to `verdict`, it is a label of question `target`' }],
    },
    {
      name: 'a one-item list for a single question is unwrapped, flow or block',
      files: { 'guideline.md': page(ex('  verdict: [abuse.insult]\n  target: [target.person]\n'), ex('  verdict:\n    - abuse.insult\n  target: [target.person]\n')) },
      errors: [
        { messageId: 'singleList', range: '15:12-15:26', message: 'Unexpected list in the answer to single-choice question `verdict`, expected the label alone: `abuse.insult`' },
        { messageId: 'singleList', range: '24:5-24:19', data: { question: 'verdict', label: 'abuse.insult' } },
      ],
      output: { 'guideline.md': page(ex(insult), ex('  verdict:\n    abuse.insult\n  target: [target.person]\n')) },
    },
    {
      name: 'more than one label for a single question',
      files: { 'guideline.md': page(ex('  verdict: [abuse.insult, abuse.threat]\n  target: [target.person]\n')) },
      errors: [{ messageId: 'singleMany', range: '15:12-15:40', message: 'Unexpected 2 labels in the answer to single-choice question `verdict`, expected exactly one' }],
    },
    {
      name: 'a single question answered with no label or a number',
      files: { 'guideline.md': inSection('none', ex('  verdict:\n'), ex('  verdict: []\n'), ex('  verdict: 3\n'), ex('  verdict: [none, 4]\n')) },
      errors: [
        { messageId: 'wrongType', range: '15:3-15:10', message: 'Unexpected an empty value in the answer to `verdict`, expected one label of `verdict`' },
        { messageId: 'wrongType', range: '22:12-22:14', data: { question: 'verdict', found: 'an empty list', expected: 'one label of `verdict`' } },
        { messageId: 'wrongType', range: '29:12-29:13', data: { question: 'verdict', found: 'number 3', expected: 'one label of `verdict`' } },
        { messageId: 'singleMany', range: '36:12-36:21' },
        { messageId: 'wrongType', range: '36:19-36:20', data: { question: 'verdict', found: 'number 4', expected: 'a label of `verdict`' } },
      ],
    },
    {
      name: 'a single label for a multi question is wrapped in a list',
      files: { 'guideline.md': page(ex('  verdict: abuse.insult\n  target: target.person\n'), ex('  verdict: abuse.insult\n  target: "target.group"\n')) },
      errors: [
        { messageId: 'multiScalar', range: '16:11-16:24', message: 'Unexpected single label in the answer to multiple-choice question `target`, expected a list: `[target.person]`' },
        { messageId: 'multiScalar', range: '24:11-24:25', data: { question: 'target', label: 'target.group' } },
      ],
      output: { 'guideline.md': page(ex(insult), ex('  verdict: abuse.insult\n  target: ["target.group"]\n')) },
    },
    {
      name: 'a multi question answered with a mapping or numbers',
      files: { 'guideline.md': page(ex('  verdict: abuse.insult\n  target: { a: 1 }\n'), ex('  verdict: abuse.insult\n  target: [target.person, 2]\n')) },
      errors: [
        { messageId: 'wrongType', range: '16:11-16:19', data: { question: 'target', found: 'a mapping', expected: 'a list of labels of `target`' } },
        { messageId: 'wrongType', range: '24:27-24:28', data: { question: 'target', found: 'number 2', expected: 'a label of `target`' } },
      ],
    },
    {
      name: 'a text question answered with a number',
      files: { 'guideline.md': page(ex(`${insult}  rationale: 42\n`)) },
      errors: [{ messageId: 'wrongType', range: '17:14-17:16', message: 'Unexpected number 42 in the answer to `rationale`, expected a string' }],
    },
    {
      name: 'ratings out of range or not integers, with schema and default bounds',
      files: { 'schema.json': schema, 'guideline.md': page(ex(`${insult}  severity: 4\n  confidence: 0\n`), ex(`${insult}  severity: "2"\n  confidence: 2.5\n`)) },
      errors: [
        { messageId: 'ratingRange', range: '17:13-17:14', message: 'Unexpected rating 4 for `severity`, expected an integer from 1 to 3' },
        { messageId: 'ratingRange', range: '18:15-18:16', data: { question: 'confidence', value: 0, min: 1, max: 5 } },
        { messageId: 'wrongType', range: '27:13-27:16', data: { question: 'severity', found: 'value "2"', expected: 'an integer from 1 to 3' } },
        { messageId: 'wrongType', range: '28:15-28:18', data: { question: 'confidence', found: 'number 2.5', expected: 'an integer from 1 to 5' } },
      ],
    },
    {
      name: 'span answers: shape, labels and text',
      files: {
        'schema.json': schema,
        'guideline.md': page(ex(`${insult}  spans: idiot\n`), ex(`${insult}  spans:\n    - text: idiot\n    - 3\n    - { text: moron, label: span.insluts }\n    - { text: "You", label: target.group }\n`)),
      },
      errors: [
        { messageId: 'wrongType', range: '17:10-17:15', data: { question: 'spans', found: 'value "idiot"', expected: 'a list of {text, label}' } },
        { messageId: 'wrongType', range: '27:7-27:18', message: 'Unexpected a mapping without a string `label` in the answer to `spans`, expected {text, label}' },
        { messageId: 'wrongType', range: '28:7-28:8', data: { question: 'spans', found: 'number 3', expected: '{text, label}' } },
        { messageId: 'spanText', range: '29:15-29:20', message: 'Unexpected span text "moron", expected a part of the example text' },
        { messageId: 'unknownLabel', range: '29:29-29:41', data: { label: 'span.insluts', question: 'spans', hint: ' Did you mean `span.insult`?' } },
        { messageId: 'otherQuestionLabel', range: '30:29-30:41', data: { label: 'target.group', question: 'spans', owner: 'target' } },
      ],
    },
    {
      name: 'required questions left out, with and without a `when`',
      files: { 'guideline.md': page(ex('  rationale: Unsure.\n'), ex('  verdict: abuse.insult\n')) },
      errors: [
        { messageId: 'missingRequired', range: '14:1-14:8', message: 'Missing answer to required question `verdict`' },
        { messageId: 'missingRequired', range: '21:1-21:8', message: 'Missing answer to required question `target`, asked because `verdict` is `abuse.insult`' },
      ],
    },
    {
      name: 'a question hidden by its `when` is answered',
      files: { 'guideline.md': inSection('none', ex('  verdict: none\n  target: [target.person]\n')) },
      errors: [{ messageId: 'hiddenAnswered', range: '16:3-16:9', message: 'Unexpected answer to `target`, expected none: it is asked only when `verdict` is `abuse` or a label below' }],
    },
    {
      name: 'kind positive whose answers do not name the section label',
      files: { 'guideline.md': page(`kind: positive\n${ex('  verdict: abuse.threat\n  target: [target.group]\n')}`) },
      errors: [{ messageId: 'kindMismatch', range: '13:7-13:15', message: 'Unexpected kind `positive` in the section of `abuse.insult`, expected answers that name `abuse.insult` or a label below it' }],
    },
  ],
});

describe('example-answers related locations', () => {
  const related = (files: Record<string, string>): string[][] =>
    runRule(rule as Rule<unknown>, files).map((f) => (f.related ?? []).map((r) => `${relFile(r.file)}:${rangeText(r.range)} ${r.message}`));
  it('points at the definitions in schema.json and the section heading', () => {
    expect(related({ 'guideline.md': inSection('none', ex('  verdict: target.person\n')) })).toEqual([['schema.json:30:17-30:32 `target.person` defined here, under question `target`']]);
    expect(related({ 'guideline.md': inSection('none', ex('  verdict: none\n  target: [target.person]\n')) })).toEqual([['schema.json:28:15-28:62 condition of `target` defined here']]);
    expect(related({ 'guideline.md': page(ex('  verdict: abuse.insult\n')) })).toEqual([['schema.json:24:13-24:21 question `target` defined here']]);
    expect(related({ 'guideline.md': page(`kind: positive\n${ex('  verdict: none\n')}`) })).toEqual([['guideline.md:10:6-10:18 section of `abuse.insult` here']]);
  });
});
