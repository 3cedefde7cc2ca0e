import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/example-contradiction.js';
import { rangeText, relFile, ruleTester, runRule } from '../support/rule-tester.js';
import type { Rule } from '../../src/index.js';
import { FM as fm } from '../support/sample-set.js';

// Each example is 7 lines: fence, text (line 2 of the block), answers..., fence; a blank line between.
const page = (...examples: string[]): string => `${fm}${examples.map((e) => `\`\`\`example\n${e}\`\`\`\n`).join('\n')}`;
const ex = (text: string, answers: string): string => `text: ${JSON.stringify(text)}\nanswers:\n${answers}why: y\n`;

const schema = JSON.stringify({
  id: 'base-set',
  version: '1.0.0',
  questions: [
    { id: 'verdict', type: 'single', prompt: 'Abusive?', options: [{ id: 'none' }, { id: 'abuse.insult' }, { id: 'abuse.threat' }] },
    { id: 'target', type: 'multi', prompt: 'Who?', options: [{ id: 'target.person' }, { id: 'target.group' }] },
    { id: 'rationale', type: 'text', prompt: 'Why?' },
    { id: 'score', type: 'rating', prompt: 'How bad?' },
    { id: 'spans', type: 'span', prompt: 'Where?', options: [{ id: 'span.insult' }] },
  ],
});

it('the base set is clean', () => {
  expect(runRule(rule as Rule<unknown>, {})).toEqual([]);
});

ruleTester(rule as Rule<unknown>, {
  valid: [
    { name: 'the base set', files: {} },
    {
      name: 'the same answers in another order and form, another rationale, other whitespace',
      files: {
        'schema.json': schema,
        'guideline.md': page(
          ex('You idiot.', '  verdict: abuse.insult\n  target: [target.person, target.group]\n  rationale: Name-calling.\n  spans: [{ text: idiot, label: span.insult }]\n'),
          ex('  You   idiot. ', '  verdict: [abuse.insult]\n  target: [target.group, target.person]\n  rationale: Demeaning.\n  spans:\n    - label: span.insult\n      text: "idiot"\n'),
        ),
      },
    },
    { name: 'different texts', files: { 'schema.json': schema, 'guideline.md': page(ex('You idiot.', '  verdict: abuse.insult\n'), ex('You idiots.', '  verdict: none\n')) } },
    { name: 'case matters', files: { 'schema.json': schema, 'guideline.md': page(ex('Die.', '  verdict: abuse.threat\n'), ex('DIE.', '  verdict: none\n')) } },
    { name: 'without a schema nothing is compared', files: { 'schema.json': '{', 'guideline.md': page(ex('a', '  verdict: none\n'), ex('a', '  verdict: abuse.insult\n')) } },
    { name: 'broken examples are skipped', files: { 'schema.json': schema, 'guideline.md': page(ex('a', '  verdict: none\n'), 'text: "a"\nanswers: [\n') } },
  ],
  invalid: [
    {
      name: 'a single-choice answer differs; text compared after trimming and collapsing whitespace',
      files: { 'schema.json': schema, 'guideline.md': page(ex('You idiot.', '  verdict: abuse.insult\n'), ex(' You\tidiot. ', '  verdict: none\n')) },
      errors: [{ messageId: 'contradiction', range: '18:7-18:22', message: 'Unexpected answers to `verdict` for a text an earlier example answers differently, expected the same answers' }],
    },
    {
      name: 'several questions differ: labels, ratings and spans',
      files: {
        'schema.json': schema,
        'guideline.md': page(
          ex('x', '  verdict: abuse.insult\n  target: [target.person]\n  score: 3\n  spans: [{ text: x, label: span.insult }]\n'),
          ex('x', '  verdict: abuse.insult\n  target: [target.group]\n  score: 4\n  spans: []\n'),
        ),
      },
      errors: [{ messageId: 'contradiction', range: '21:7-21:10', data: { questions: '`target`, `score` and `spans`' } }],
    },
    {
      name: 'an answer given in one example and left out in the other',
      files: { 'schema.json': schema, 'guideline.md': page(ex('x', '  verdict: abuse.insult\n  target: [target.person]\n'), ex('x', '  verdict: abuse.insult\n')) },
      errors: [{ messageId: 'contradiction', range: '19:7-19:10', data: { questions: '`target`' } }],
    },
    {
      name: 'each later example is compared with the first of its text',
      files: { 'schema.json': schema, 'guideline.md': page(ex('x', '  verdict: none\n'), ex('x', '  verdict: none\n'), ex('x', '  verdict: abuse.threat\n')) },
      errors: [{ messageId: 'contradiction', range: '25:7-25:10', data: { questions: '`verdict`' } }],
    },
  ],
});

describe('example-contradiction related locations', () => {
  it('points at the first example with the text', () => {
    const findings = runRule(rule as Rule<unknown>, { 'schema.json': schema, 'guideline.md': page(ex('x', '  verdict: none\n'), ex('x', '  verdict: abuse.threat\n')) });
    expect(findings.map((f) => (f.related ?? []).map((r) => `${relFile(r.file)}:${rangeText(r.range)} ${r.message}`))).toEqual([['guideline.md:11:7-11:10 first example with this text here']]);
  });
});
