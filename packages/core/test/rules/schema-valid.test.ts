import rule from '../../src/rules/schema-valid.js';
import type { Rule } from '../../src/index.js';
import { ruleTester } from '../support/rule-tester.js';
import { SAMPLE_SCHEMA } from '../support/sample-set.js';

const r = rule as Rule<unknown>;
const schema = (text: string): Record<string, string> => ({ 'schema.json': text });
/** A one-line schema with the given questions. */
const questions = (qs: string): Record<string, string> => schema(`{"id":"base-set","version":"1.0.0","questions":[${qs}]}`);

ruleTester(r, {
  valid: [
    { name: 'the docs base set', files: {} },
    { name: 'the sample schema', files: schema(SAMPLE_SCHEMA) },
    { name: 'every question type', files: questions('{"id":"a","type":"single","prompt":"p","options":[{"id":"x.y","title":"X"}]},{"id":"b","type":"rating","prompt":"p","min":1,"max":3},{"id":"c","type":"text","prompt":"p","maxLength":200}') },
    { name: 'a $schema for editors', files: schema(SAMPLE_SCHEMA.replace('{\n', '{\n  "$schema": "../packages/core/schema/guideline-schema.schema.json",\n')) },
    { name: 'no schema: file-readable reports it', files: { 'schema.json': undefined as unknown as string } },
  ],
  invalid: [
    {
      name: 'an empty file',
      files: schema(''),
      errors: [{ messageId: 'empty', file: 'schema.json', range: '1:1-1:1', message: 'Unexpected empty file, expected a JSON object with `id`, `version` and `questions`' }],
    },
    {
      name: 'whitespace only',
      files: schema('\n  \n'),
      errors: [{ messageId: 'empty', file: 'schema.json', range: '1:1-1:1' }],
    },
    {
      name: 'a trailing comma is one finding, not two',
      files: schema('{"id": "x",}'),
      errors: [{ messageId: 'syntax', file: 'schema.json', range: '1:12-1:13', data: { problem: 'Unexpected token, expected a property name in double quotes' } }],
    },
    {
      name: 'comments',
      files: schema('// labels\n{}'),
      errors: [{ messageId: 'syntax', file: 'schema.json', range: '1:1-1:10', message: 'Unexpected comment, expected plain JSON (comments are not allowed)' }],
    },
    {
      name: 'a file cut short',
      files: schema('{'),
      errors: [{ messageId: 'syntax', file: 'schema.json', range: '1:2-1:2', message: 'Unexpected end of object, expected `}`' }],
    },
    {
      name: 'an array instead of an object',
      files: schema('[\n  {"id": "verdict"}\n]\n'),
      errors: [{ messageId: 'notAnObject', file: 'schema.json', range: '1:1-3:2', data: { found: 'array' }, message: 'Unexpected array as schema, expected a JSON object with `id`, `version` and `questions`' }],
    },
    {
      name: 'a string instead of an object',
      files: schema('"schema"'),
      errors: [{ messageId: 'notAnObject', file: 'schema.json', range: '1:1-1:9', data: { found: 'string' } }],
    },
    {
      name: 'an empty object',
      files: schema('{}'),
      errors: [
        { messageId: 'invalid', file: 'schema.json', range: '1:1-1:3', data: { problem: 'Missing field `id` in the top level, expected a lowercase kebab-case set id such as \"hate-speech\"' } },
        { messageId: 'invalid', file: 'schema.json', range: '1:1-1:3', data: { problem: 'Missing field `version` in the top level, expected a semantic version such as \"1.2.0\"' } },
        { messageId: 'invalid', file: 'schema.json', range: '1:1-1:3', data: { problem: 'Missing field `questions` in the top level, expected a non-empty array of questions' } },
      ],
    },
    {
      name: 'wrong values and an unknown field',
      files: schema('{"id":"Base","version":"1","questions":[{"id":"q","type":"single","prompt":"p","options":[{"id":"A"}]}], "extra": 1}'),
      errors: [
        { messageId: 'invalid', file: 'schema.json', range: '1:7-1:13', message: 'Unexpected value "Base" at `/id`, expected a lowercase kebab-case set id such as "hate-speech"' },
        { messageId: 'invalid', file: 'schema.json', range: '1:24-1:27' },
        { messageId: 'invalid', file: 'schema.json', range: '1:91-1:101', message: 'Missing field `title` in `/questions/0/options/0`, expected a short title labelers see' },
        { messageId: 'invalid', file: 'schema.json', range: '1:97-1:100' },
        { messageId: 'invalid', file: 'schema.json', range: '1:106-1:113' },
      ],
    },
    {
      name: 'a missing field of a multi-line object is reported at its opening brace',
      files: schema('{\n  "id": "base-set",\n  "version": "1.0.0",\n  "questions": [\n    {\n      "id": "q",\n      "type": "single"\n    }\n  ]\n}\n'),
      errors: [
        { messageId: 'invalid', file: 'schema.json', range: '5:5-5:6', data: { problem: 'Missing field `options` in `/questions/0`, expected it to be present' } },
        { messageId: 'invalid', file: 'schema.json', range: '5:5-5:6', data: { problem: 'Missing field `prompt` in `/questions/0`, expected the question as labelers read it' } },
      ],
    },
  ],
});
