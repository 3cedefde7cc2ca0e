import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/deprecated-label-reference.js';
import type { Rule } from '../../src/index.js';
import { ruleTester, runRule } from '../support/rule-tester.js';
import { FM, applyFix, relatedText } from '../support/sample-set.js';

const r = rule as Rule<unknown>;
const SCHEMA = `{
  "id": "base-set",
  "version": "1.0.0",
  "questions": [
    {
      "id": "verdict",
      "type": "single",
      "prompt": "Is the text abusive?",
      "options": [
        { "id": "none", "title": "Not abusive" },
        { "id": "abuse.insult", "title": "Insult" },
        { "id": "abuse.name_calling", "title": "Name-calling", "deprecated": { "since": "1.0.0", "replacedBy": "abuse.insult" } },
        { "id": "abuse.old", "title": "Old", "deprecated": true },
        { "id": "abuse.gone", "deprecated": { "replacedBy": "abuse.removed" } },
        { "id": "abuse.personal", "deprecated": { "replacedBy": "target.person" } },
        { "id": "abuse.rude", "deprecated": { "since": "0.9.0", "replacedBy": "abuse.name_calling" } }
      ]
    },
    {
      "id": "target",
      "type": "multi",
      "prompt": "Who is targeted?",
      "options": [
        { "id": "target.person", "title": "A person" },
        { "id": "target.crowd", "deprecated": { "replacedBy": "target.group" } },
        { "id": "target.group", "title": "A group" }
      ]
    },
    { "id": "rationale", "type": "text", "prompt": "Why?" }
  ]
}
`;
/** A set with SCHEMA and a guideline whose body starts on line 12. */
const set = (body: string): Record<string, string> => ({ 'schema.json': SCHEMA, 'guideline.md': `${FM}# Rules\n\n${body}` });
/** An example block (its answers start on line 15 when the block opens the body). */
const example = (answers: string): string => `\`\`\`example\ntext: "You clown."\nanswers:\n${answers}why: It demeans a person.\n\`\`\`\n`;

ruleTester(r, {
  valid: [
    { name: 'the docs base set', files: {} },
    { name: 'current labels', files: set('Use `abuse.insult` or `target.group`.\n') },
    { name: 'the deprecated label\'s own section may name it', files: set('## `abuse.name_calling` Name-calling\n\nNo longer used: `abuse.name_calling` became `abuse.insult`.\n') },
    { name: 'a section nested in the deprecated label\'s section too', files: set('## `abuse.old` Old\n\n### Notes\n\nKept for `abuse.old` annotations.\n') },
    { name: 'the changelog records deprecations', files: set('## Changelog\n\n### 1.0.0 - 2026-01-01\n\n- Deprecated `abuse.name_calling`; use `abuse.insult`.\n') },
    { name: 'text answers are free text', files: set(example('  verdict: none\n  rationale: abuse.name_calling\n')) },
    { name: 'answers to a question the schema lacks are example-answers\' business', files: set(example('  verdict: none\n  severity: abuse.old\n')) },
    { name: 'no schema', files: { 'schema.json': '{' } },
  ],
  invalid: [
    {
      name: 'a prose reference with a replacement is fixed',
      files: set('Use `abuse.name_calling` for insults.\n'),
      errors: [{ messageId: 'replaced', range: '12:6-12:24', data: { label: 'abuse.name_calling', since: ' (deprecated since 1.0.0)', replacement: 'abuse.insult' }, message: 'Unexpected deprecated label `abuse.name_calling` (deprecated since 1.0.0), expected `abuse.insult`, which replaces it' }],
      output: { 'guideline.md': `${FM}# Rules\n\nUse \`abuse.insult\` for insults.\n` },
    },
    {
      name: 'a reference in another label\'s section',
      files: set('## `abuse.insult` Insult\n\nFormerly `abuse.name_calling`.\n'),
      errors: [{ messageId: 'replaced', range: '14:11-14:29' }],
      output: { 'guideline.md': `${FM}# Rules\n\n## \`abuse.insult\` Insult\n\nFormerly \`abuse.insult\`.\n` },
    },
    {
      name: 'no replacement: a warning without fix',
      files: set('Use `abuse.old`.\n'),
      errors: [{ messageId: 'deprecated', range: '12:6-12:15', data: { label: 'abuse.old', since: '' }, message: 'Unexpected deprecated label `abuse.old`, expected a label that is not deprecated' }],
      output: { 'guideline.md': `${FM}# Rules\n\nUse \`abuse.old\`.\n` },
    },
    {
      name: 'a replacement the schema lacks is neither recommended nor written in (label-reference-known reports it in schema.json)',
      files: set('Use `abuse.gone`.\n'),
      errors: [{ messageId: 'deprecated', range: '12:6-12:16', data: { label: 'abuse.gone', since: '' }, message: 'Unexpected deprecated label `abuse.gone`, expected a label that is not deprecated' }],
      output: { 'guideline.md': `${FM}# Rules\n\nUse \`abuse.gone\`.\n` },
    },
    {
      name: 'a chain of replacements ends at the current label',
      files: set('Use `abuse.rude`.\n'),
      errors: [{ messageId: 'replaced', range: '12:6-12:16', data: { label: 'abuse.rude', since: ' (deprecated since 0.9.0)', replacement: 'abuse.insult' } }],
      output: { 'guideline.md': `${FM}# Rules\n\nUse \`abuse.insult\`.\n` },
    },
    {
      name: 'example answers: single and multi values, quoted or not',
      files: set(example('  verdict: "abuse.name_calling"\n  target: [target.crowd, target.person]\n')),
      errors: [
        { messageId: 'replaced', range: '15:13-15:31', data: { label: 'abuse.name_calling', since: ' (deprecated since 1.0.0)', replacement: 'abuse.insult' } },
        { messageId: 'replaced', range: '16:12-16:24', data: { label: 'target.crowd', since: '', replacement: 'target.group' } },
      ],
      output: { 'guideline.md': `${FM}# Rules\n\n${example('  verdict: "abuse.insult"\n  target: [target.group, target.person]\n')}` },
    },
    {
      name: 'an example in the deprecated label\'s own section is still a gold task',
      files: set(`## \`abuse.old\` Old\n\n${example('  verdict: abuse.old\n')}`),
      errors: [{ messageId: 'deprecated', range: '17:12-17:21' }],
    },
    {
      name: 'a replacement from another question fixes prose but not answers',
      files: set(`See \`abuse.personal\`.\n\n${example('  verdict: abuse.personal\n')}`),
      errors: [
        { messageId: 'replaced', range: '12:6-12:20', data: { label: 'abuse.personal', since: '', replacement: 'target.person' } },
        { messageId: 'replaced', range: '17:12-17:26', data: { label: 'abuse.personal', since: '', replacement: 'target.person' } },
      ],
      output: { 'guideline.md': `${FM}# Rules\n\nSee \`target.person\`.\n\n${example('  verdict: abuse.personal\n')}` },
    },
    {
      name: 'span answers',
      files: {
        'schema.json': SCHEMA.replace('"type": "text", "prompt": "Why?"', '"type": "span", "prompt": "Mark it", "options": [{ "id": "span.slur" }, { "id": "span.old", "deprecated": { "replacedBy": "span.slur" } }]'),
        'guideline.md': `${FM}# Rules\n\n${example('  verdict: none\n  rationale:\n    - { text: clown, label: span.old }\n')}`,
      },
      errors: [{ messageId: 'replaced', range: '17:29-17:37' }],
      output: { 'guideline.md': `${FM}# Rules\n\n${example('  verdict: none\n  rationale:\n    - { text: clown, label: span.slur }\n')}` },
    },
  ],
});

describe('deprecated-label-reference details', () => {
  it('warns by default', () => {
    expect(rule.meta.defaultLevel).toBe('warning');
  });

  it('relates the finding to the label\'s `deprecated` in schema.json', () => {
    const [a] = runRule(r, set('Use `abuse.name_calling`.\n'));
    expect(relatedText(a)).toEqual(['schema.json:12:64-12:76 `abuse.name_calling` deprecated here']);
    const [b] = runRule(r, set('Use `abuse.old`.\n'));
    expect(relatedText(b)).toEqual(['schema.json:13:46-13:58 `abuse.old` deprecated here']);
  });

  it('offers the fix as a quick fix too', () => {
    const files = set('Use `abuse.name_calling`.\n');
    const [f] = runRule(r, files);
    expect(f?.suggestions?.[0]?.description).toBe('Replace with `abuse.insult`');
    expect(applyFix(files['guideline.md'] as string, f?.suggestions?.[0], 'guideline.md')).toBe(`${FM}# Rules\n\nUse \`abuse.insult\`.\n`);
  });
});
