import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/label-id-unique.js';
import type { Rule } from '../../src/index.js';
import { ruleTester, runRule } from '../support/rule-tester.js';
import { SAMPLE_SCHEMA, relatedText, sampleSet } from '../support/sample-set.js';

const r = rule as Rule<unknown>;
const THREAT = '{ "id": "abuse.threat", "title": "Threat", "severity": "high" }';
/** The sample schema with one more option after `abuse.threat` (line 19, column 13). */
const withChild = (option: string): string => SAMPLE_SCHEMA.replace(THREAT, `${THREAT},\n            ${option}`);
const GROUP = '{ "id": "target.group", "title": "A group" }';
/** The sample schema with one more option after `target.group` (line 32, column 9). */
const withTarget = (option: string): string => SAMPLE_SCHEMA.replace(GROUP, `${GROUP},\n        ${option}`);
const RATIONALE = '{ "id": "rationale", "type": "text", "prompt": "Why?", "required": false }';
/** The sample schema with one more question after `rationale` (line 35, column 5). */
const withQuestion = (question: string): string => SAMPLE_SCHEMA.replace(RATIONALE, `${RATIONALE},\n    ${question}`);

ruleTester(r, {
  valid: [
    { name: 'the docs base set', files: {} },
    { name: 'unique ids', files: sampleSet() },
    { name: 'a label id equal to a question id is another finding', files: sampleSet({ 'schema.json': withChild('{ "id": "verdict" }') }) },
    { name: 'no schema', files: { 'schema.json': undefined as unknown as string } },
    { name: 'a schema that does not parse', files: { 'schema.json': '{' } },
  ],
  invalid: [
    {
      name: 'a label repeated under the same parent',
      files: sampleSet({ 'schema.json': withChild('{ "id": "abuse.insult", "title": "Insult 2" }') }),
      errors: [{ messageId: 'duplicateLabel', file: 'schema.json', range: '19:21-19:35', data: { label: 'abuse.insult', where: 'in question `verdict` under `abuse`' }, message: 'Unexpected duplicate label id `abuse.insult`, expected ids unique across the schema (first defined in question `verdict` under `abuse`)' }],
    },
    {
      name: 'a label repeated in another question, at another depth',
      files: sampleSet({ 'schema.json': withTarget('{ "id": "target.other", "options": [{ "id": "none", "title": "Nobody" }] }') }),
      errors: [{ messageId: 'duplicateLabel', file: 'schema.json', range: '32:53-32:59', data: { label: 'none', where: 'in question `verdict`' } }],
    },
    {
      name: 'every later occurrence is reported',
      files: sampleSet({ 'schema.json': withChild('{ "id": "none" },\n            { "id": "none" }') }),
      errors: [
        { messageId: 'duplicateLabel', file: 'schema.json', range: '19:21-19:27' },
        { messageId: 'duplicateLabel', file: 'schema.json', range: '20:21-20:27' },
      ],
    },
    {
      name: 'a schema cut short still shows its repeated question',
      files: { 'schema.json': '{ "questions": [ { "id": "a" }, { "id": "a"' },
      errors: [{ messageId: 'duplicateQuestion', file: 'schema.json', range: '1:41-1:44' }],
    },
    {
      name: 'a repeated question id',
      files: sampleSet({ 'schema.json': withQuestion('{ "id": "verdict", "type": "text", "prompt": "Again?" }') }),
      errors: [{ messageId: 'duplicateQuestion', file: 'schema.json', range: '35:13-35:22', data: { question: 'verdict' }, message: 'Unexpected duplicate question id `verdict`, expected unique question ids' }],
    },
  ],
});

describe('label-id-unique details', () => {
  it('relates each duplicate to the first definition', () => {
    const findings = runRule(r, sampleSet({ 'schema.json': withQuestion('{ "id": "target", "type": "multi", "prompt": "Again?", "options": [{ "id": "target.person" }] }') }));
    expect(findings.map((f) => f.messageId)).toEqual(['duplicateQuestion', 'duplicateLabel']);
    expect(relatedText(findings[0])).toEqual(['schema.json:24:13-24:21 first defined here']);
    expect(relatedText(findings[1])).toEqual(['schema.json:30:17-30:32 first defined here']);
  });
});
