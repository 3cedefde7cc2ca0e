import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/label-documented.js';
import { applyEdits, type Rule } from '../../src/index.js';
import { ruleTester, runRule } from '../support/rule-tester.js';
import { SAMPLE_GUIDELINE, SAMPLE_SCHEMA, sampleSet } from '../support/sample-set.js';

const r = rule as Rule<unknown>;
const baseSchema = SAMPLE_SCHEMA;
const baseGuideline = SAMPLE_GUIDELINE;
const set = sampleSet;
const THREAT = '{ "id": "abuse.threat", "title": "Threat", "severity": "high" }';
/** The base schema with one more option after `abuse.threat` (line 19, column 13). */
const withChild = (option: string): string => baseSchema.replace(THREAT, `${THREAT},\n            ${option}`);
const NONE = '{ "id": "none", "title": "Not abusive", "severity": "none" }';
/** The base schema with one more top-level option after `none` (line 12, column 9). */
const withTop = (option: string): string => baseSchema.replace(NONE, `${NONE},\n        ${option}`);

ruleTester(r, {
  valid: [
    { name: 'the docs base set documents every label', files: {} },
    { name: 'every label has a section', files: set({}) },
    { name: 'a deprecated label needs no section by default', files: set({ 'schema.json': withChild('{ "id": "abuse.old", "title": "Old", "deprecated": { "since": "1.0.0" } }') }) },
    { name: 'requireDeprecated: false, explicitly', options: { requireDeprecated: false }, files: set({ 'schema.json': withChild('{ "id": "abuse.old", "deprecated": true }') }) },
    { name: 'a label defined twice needs one section', files: set({ 'schema.json': withChild('{ "id": "abuse.insult", "title": "Insult again" }') }) },
    { name: 'no guideline: nothing to check', files: { 'guideline.md': undefined as unknown as string } },
    { name: 'a schema that does not parse', files: set({ 'schema.json': '{ "questions": [' }) },
  ],
  invalid: [
    {
      name: 'a new child label without a section',
      files: set({ 'schema.json': withChild('{ "id": "abuse.spam", "title": "Spam", "severity": "low" }') }),
      errors: [{ messageId: 'missing', file: 'schema.json', range: '19:21-19:33', data: { label: 'abuse.spam' }, message: 'Missing section for label `abuse.spam` in guideline.md, expected a heading that starts with `abuse.spam` in backticks' }],
      output: { 'guideline.md': baseGuideline },
    },
    {
      name: 'requireDeprecated: true asks for deprecated labels too',
      options: { requireDeprecated: true },
      files: set({ 'schema.json': withChild('{ "id": "abuse.old", "title": "Old", "deprecated": { "since": "1.0.0" } }') }),
      errors: [{ messageId: 'missing', file: 'schema.json', range: '19:21-19:32' }],
    },
    {
      name: 'a guideline without label sections misses them all',
      files: set({ 'guideline.md': '# Title\n' }),
      errors: [
        { messageId: 'missing', file: 'schema.json', range: '11:17-11:23', data: { label: 'none' } },
        { messageId: 'missing', file: 'schema.json', range: '13:17-13:24', data: { label: 'abuse' } },
        { messageId: 'missing', file: 'schema.json', range: '17:21-17:35', data: { label: 'abuse.insult' } },
        { messageId: 'missing', file: 'schema.json', range: '18:21-18:35', data: { label: 'abuse.threat' } },
        { messageId: 'missing', file: 'schema.json', range: '30:17-30:32', data: { label: 'target.person' } },
        { messageId: 'missing', file: 'schema.json', range: '31:17-31:31', data: { label: 'target.group' } },
      ],
    },
  ],
});

/** The guideline after applying the first suggestion of the only finding. */
function suggested(files: Record<string, string>): string {
  const all = set(files);
  const findings = runRule(r, all);
  expect(findings).toHaveLength(1);
  return applyEdits(all['guideline.md'] as string, findings[0]?.suggestions?.[0]?.edits ?? []).text;
}

describe('label-documented suggestions', () => {
  it('a child label goes at the end of its parent section, one level deeper', () => {
    const out = suggested({ 'schema.json': withChild('{ "id": "abuse.spam", "title": "Spam" }') });
    expect(out).toBe(baseGuideline.replace('### `target.person`', '#### `abuse.spam` Spam\n\nDefine when labelers choose this label.\n\n### `target.person`'));
  });

  it('a top-level label goes before the changelog', () => {
    const out = suggested({ 'schema.json': withTop('{ "id": "spam", "title": "Spam" }') });
    expect(out).toBe(baseGuideline.replace('## Changelog', '### `spam` Spam\n\nDefine when labelers choose this label.\n\n## Changelog'));
  });

  it('without a changelog the section goes at the end; a label without title gets none', () => {
    const guideline = '---\nid: base-set\n---\n\n# Title\n\n### `none` None\n\n### `abuse` Abuse\n\n#### `abuse.insult` Insult\n\n#### `abuse.threat` Threat\n\n### `target.person` P\n\n### `target.group` G';
    const out = suggested({ 'guideline.md': guideline, 'schema.json': withTop('{ "id": "spam" }') });
    expect(out).toBe(`${guideline}\n\n### \`spam\`\n\nDefine when labelers choose this label.\n`);
  });

  it('headings stop at level six', () => {
    const guideline = '# T\n\n### `none` N\n\n###### `abuse` A\n\n#### `abuse.insult` I\n\n#### `abuse.threat` T\n\n### `target.person` P\n\n### `target.group` G\n';
    const out = suggested({ 'guideline.md': guideline, 'schema.json': withChild('{ "id": "abuse.spam", "title": "Spam" }') });
    expect(out).toBe(guideline.replace('#### `abuse.insult`', '###### `abuse.spam` Spam\n\nDefine when labelers choose this label.\n\n#### `abuse.insult`'));
  });

  it('keeps CRLF line endings', () => {
    const guideline = baseGuideline.replace(/\n/g, '\r\n');
    const out = suggested({ 'guideline.md': guideline, 'schema.json': withTop('{ "id": "spam", "title": "Spam" }') });
    expect(out).toBe(guideline.replace('## Changelog', '### `spam` Spam\r\n\r\nDefine when labelers choose this label.\r\n\r\n## Changelog'));
  });
});
