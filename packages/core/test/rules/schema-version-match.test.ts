import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/schema-version-match.js';
import { applyEdits, type Rule } from '../../src/index.js';
import { baseFiles, relFile, ruleTester, runRule } from '../support/rule-tester.js';

const r = rule as Rule<unknown>;
const baseSchema = baseFiles['schema.json'] as string;
const baseGuideline = baseFiles['guideline.md'] as string;
const schemaWith = (id: string, version: string): string => baseSchema.replace('"id": "base-set"', `"id": "${id}"`).replace('"version": "1.0.0"', `"version": "${version}"`);

ruleTester(r, {
  valid: [
    { name: 'the base set', files: {} },
    { name: 'quoted frontmatter values equal the schema', files: { 'guideline.md': baseGuideline.replace('version: 1.0.0', 'version: "1.0.0"').replace('id: base-set', "id: 'base-set'") } },
    { name: 'no frontmatter: nothing to compare', files: { 'guideline.md': '# Title\n' } },
    { name: 'a frontmatter version of the wrong type is frontmatter-valid\'s finding', files: { 'guideline.md': baseGuideline.replace('version: 1.0.0', 'version: 1.0') } },
    { name: 'a schema without id or version is schema-valid\'s finding', files: { 'schema.json': '{"questions": []}' } },
    { name: 'a schema that does not parse', files: { 'schema.json': '{' } },
  ],
  invalid: [
    {
      name: 'version differs',
      files: { 'schema.json': schemaWith('base-set', '1.1.0') },
      errors: [{ messageId: 'versionMismatch', file: 'schema.json', range: '3:14-3:21', data: { schemaValue: '1.1.0', frontmatterValue: '1.0.0' }, message: 'Unexpected schema version `1.1.0`, expected `1.0.0` as in the guideline frontmatter' }],
      output: { 'schema.json': schemaWith('base-set', '1.1.0') },
    },
    {
      name: 'id differs',
      files: { 'schema.json': schemaWith('base', '1.0.0') },
      errors: [{ messageId: 'idMismatch', file: 'schema.json', range: '2:9-2:15', message: 'Unexpected schema id `base`, expected `base-set` as in the guideline frontmatter' }],
    },
    {
      name: 'both differ',
      files: { 'schema.json': schemaWith('other-set', '2.0.0-rc.1') },
      errors: [
        { messageId: 'idMismatch', file: 'schema.json', range: '2:9-2:20' },
        { messageId: 'versionMismatch', file: 'schema.json', range: '3:14-3:26' },
      ],
    },
  ],
});

describe('schema-version-match details', () => {
  it('relates the finding to the frontmatter value', () => {
    const [f] = runRule(r, { 'schema.json': schemaWith('base-set', '1.1.0') });
    expect(f?.related?.map((x) => `${relFile(x.file)}:${x.range.start.line}:${x.range.start.column}-${x.range.end.line}:${x.range.end.column} ${x.message}`)).toEqual(['guideline.md:4:10-4:15 frontmatter says `1.0.0` here']);
  });

  it('suggests making either side match, and fixes nothing by itself', () => {
    const [f] = runRule(r, { 'schema.json': schemaWith('base-set', '1.1.0') });
    expect(f?.fix).toBeUndefined();
    const [toSchema, toFrontmatter] = f?.suggestions ?? [];
    expect(toSchema?.description).toBe('Change schema.json `version` to `1.0.0`');
    expect(applyEdits(schemaWith('base-set', '1.1.0'), toSchema?.edits ?? []).text).toBe(baseSchema);
    expect(toFrontmatter?.description).toBe('Change the frontmatter `version` to `1.1.0`');
    expect(applyEdits(baseGuideline, toFrontmatter?.edits ?? []).text).toBe(baseGuideline.replace('version: 1.0.0', 'version: 1.1.0'));
  });

  it('keeps the frontmatter quoting, and quotes values that would not read back as strings', () => {
    const single = baseGuideline.replace('version: 1.0.0', "version: '1.0.0'");
    const [a] = runRule(r, { 'guideline.md': single, 'schema.json': schemaWith('base-set', "1.1.0") });
    expect(applyEdits(single, a?.suggestions?.[1]?.edits ?? []).text).toBe(baseGuideline.replace('version: 1.0.0', "version: '1.1.0'"));
    const double = baseGuideline.replace('id: base-set', 'id: "base-set"');
    const [b] = runRule(r, { 'guideline.md': double, 'schema.json': schemaWith('other', '1.0.0') });
    expect(applyEdits(double, b?.suggestions?.[1]?.edits ?? []).text).toBe(baseGuideline.replace('id: base-set', 'id: "other"'));
    const [c] = runRule(r, { 'schema.json': schemaWith('true', '1.0.0') });
    expect(c?.suggestions?.[1]?.edits[0]?.text).toBe('"true"');
  });
});
