import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/file-readable.js';
import { createMemoryHost, lintSet, loadSet, resolveConfig, type Host, type LoadProblemKind, type Rule } from '../../src/index.js';
import { rangeText, relFile, ruleTester } from '../support/rule-tester.js';
import { FM, SAMPLE_GUIDELINE, SAMPLE_SCHEMA } from '../support/sample-set.js';

const r = rule as Rule<unknown>;

ruleTester(r, {
  valid: [
    { name: 'the docs base set', files: {} },
    { name: 'a schema at the path the frontmatter names', files: { 'guideline.md': SAMPLE_GUIDELINE.replace('schema: schema.json', 'schema: labels/v1.json'), 'labels/v1.json': SAMPLE_SCHEMA } },
    { name: 'empty files are readable', files: { 'guideline.md': '', 'schema.json': '' } },
  ],
  invalid: [
    {
      name: 'a schema file the frontmatter names that does not exist',
      files: { 'guideline.md': `${FM.replace('schema: schema.json', 'schema: labels.json')}# Rules\n` },
      errors: [{ messageId: 'missing', range: '6:9-6:20', data: { problem: 'Missing file', file: 'labels.json' }, message: 'Missing file labels.json, expected it beside guideline.md or at the path the frontmatter `schema` names' }],
    },
    {
      name: 'a missing schema.json beside a guideline that names it',
      files: { 'schema.json': undefined as unknown as string },
      errors: [{ messageId: 'missing', range: '6:9-6:20', data: { problem: 'Missing file', file: 'schema.json' } }],
    },
    {
      name: 'a missing schema.json beside a guideline without frontmatter: reported on the schema',
      files: { 'guideline.md': '# Rules\n', 'schema.json': undefined as unknown as string },
      errors: [{ messageId: 'missing', file: 'schema.json', range: '1:1-1:1' }],
    },
    {
      name: 'a missing guideline.md',
      files: { 'guideline.md': undefined as unknown as string },
      errors: [
        { messageId: 'missingGuideline', range: '1:1-1:1', message: 'Missing file guideline.md, expected a guideline.md in the set folder' },
      ],
    },
  ],
});

/** Lints a set whose files the host refuses with `kind`. */
function refused(kind: LoadProblemKind, file: string): string[] {
  const memory = createMemoryHost({ '/set/guideline.md': SAMPLE_GUIDELINE, '/set/schema.json': SAMPLE_SCHEMA });
  const host: Host = {
    stat: (p) => memory.stat(p),
    readText: (p) => (p === `/set/${file}` ? { ok: false, kind, message: `Problem with ${p}` } : memory.readText(p)),
  };
  const { config } = resolveConfig({ rules: { 'file-readable': 'error' } }, [r]);
  return lintSet(loadSet('/set', host), [r], config, host).map((f) => `${relFile(f.file)}:${rangeText(f.range)} ${f.messageId} ${f.message}`);
}

describe('file-readable problems from the host', () => {
  it('names every kind of problem', () => {
    expect(refused('binary', 'guideline.md')).toEqual(['guideline.md:1:1-1:1 binary Problem with /set/guideline.md']);
    expect(refused('unreadable', 'guideline.md')).toEqual(['guideline.md:1:1-1:1 unreadable Problem with /set/guideline.md, expected a readable file']);
    expect(refused('not-a-file', 'guideline.md')).toEqual(['guideline.md:1:1-1:1 notAFile Problem with /set/guideline.md']);
    expect(refused('too-large', 'schema.json')).toEqual(['schema.json:1:1-1:1 tooLarge Problem with /set/schema.json (raise `maxFileBytes` in rubric.config.json if this is intended)']);
    expect(refused('missing', 'guideline.md')).toEqual(['guideline.md:1:1-1:1 missingGuideline Missing file guideline.md, expected a guideline.md in the set folder']);
    expect(refused('missing', 'schema.json')).toEqual(['guideline.md:6:9-6:20 missing Missing file schema.json, expected it beside guideline.md or at the path the frontmatter `schema` names']);
  });
});
