/**
 * The import on real configs (test/label-studio-configs: the layouts of
 * Label Studio's own templates, and hand-written ones): each imports into a
 * set that lints with warnings only, exports back to a config that asks the
 * same (names, shown and stored values, prompts, visibleWhen) unless the
 * import said otherwise at that element, and imports again to the same set.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compileSchema, loadShippedSchema } from '@rubric/core';
import { describe, expect, it } from 'vitest';
import { importLabelStudioConfig, labelStudioConfig } from '../src/index.js';
import { LABEL_STUDIO_TAGS } from '../src/label-studio-tags.js';
import { importedSet, lintErrors, lostInExport } from './config-outline.js';
import { ROOT } from './support.js';

const DIR = join(ROOT, 'packages/exporters/test/label-studio-configs');
const CONFIGS = readdirSync(DIR).filter((f) => f.endsWith('.xml')).sort();
const metaSchema = compileSchema(loadShippedSchema('guideline-schema.schema.json'));

describe.each(CONFIGS.filter((f) => !f.startsWith('refused-')))('the config %s', (file) => {
  const xml = readFileSync(join(DIR, file), 'utf8');
  const imported = importLabelStudioConfig(xml, { fallbackSetId: file.replace(/\.xml$/, ''), today: '2026-01-05' });
  const { set, lint } = importedSet(imported);

  it('imports into a set whose skeleton lints with warnings only (no-todo), each finding at a line and column', () => {
    expect((imported.schemaJson.questions as unknown[]).length).toBeGreaterThan(0);
    expect(metaSchema(imported.schemaJson) ? [] : metaSchema.errors).toEqual([]);
    expect(set.problems).toEqual([]);
    expect(lintErrors(lint)).toEqual([]);
    expect(new Set(lint.map((f) => f.ruleId))).toEqual(new Set(['no-todo']));
    for (const f of imported.findings) if (f.element !== undefined) expect(f, f.message).toMatchObject({ line: expect.any(Number), column: expect.any(Number) });
  });

  it('exports back to a config that asks what the original asked, or the import said why not', () => {
    const exported = labelStudioConfig(set);
    expect(lostInExport(xml, exported, imported.findings)).toEqual([]);
  });

  it('imports its own export to the same set, without a finding', () => {
    const again = importLabelStudioConfig(labelStudioConfig(set), { today: '2026-01-05' });
    expect(again.findings).toEqual([]);
    expect(again.schemaJson.questions).toEqual(imported.schemaJson.questions);
    expect(again.schemaJson.item).toEqual(imported.schemaJson.item);
  });
});

describe.each(CONFIGS.filter((f) => f.startsWith('refused-')))('the config %s, which has nothing Rubric can ask', (file) => {
  it('is refused, each reason at a line and column', () => {
    const imported = importLabelStudioConfig(readFileSync(join(DIR, file), 'utf8'));
    expect(imported.schemaJson.questions).toEqual([]);
    const [last, ...located] = [...imported.findings].reverse();
    expect(last!.message).toMatch(/expected at least one question$/);
    expect(located.length).toBeGreaterThan(0);
    for (const f of located) expect(f, f.message).toMatchObject({ line: expect.any(Number), column: expect.any(Number), element: expect.stringMatching(/^</) });
  });
});

describe('docs/exports.md', () => {
  it('lists every Label Studio tag with what import does with it, as the importer does it', () => {
    const docs = readFileSync(join(ROOT, 'docs/exports.md'), 'utf8');
    const table = docs.slice(docs.indexOf('| tag | kind | import |'));
    const rows = new Map([...table.matchAll(/^\| `([A-Za-z0-9]+)` \| [^|]+ \| (.+) \|$/gm)].map((m) => [m[1]!, m[2]!]));
    expect([...rows.keys()].sort()).toEqual(Object.keys(LABEL_STUDIO_TAGS).sort());
    for (const [tag, { import: what }] of Object.entries(LABEL_STUDIO_TAGS)) expect(rows.get(tag), tag).toBe(what);
  });
});
