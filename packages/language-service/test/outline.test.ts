import { describe, expect, it } from 'vitest';
import type { DocumentSymbol } from 'vscode-languageserver-types';
import { GUIDELINE, SCHEMA, fixture, pos, rangeOf, setup } from './helpers.js';

const names = (symbols: DocumentSymbol[]): unknown[] => symbols.map((s) => (s.children?.length ? [s.name, names(s.children)] : s.name));
const lineOf = (needle: string): number => pos(fixture.guideline, needle).line;

describe('outline', () => {
  it('guideline.md: headings nested by level, label sections named by their id', () => {
    const { service } = setup();
    const symbols = service.documentSymbols(GUIDELINE);
    expect(names(symbols)).toEqual([
      ['Mini', ['Scope', ['Labels', ['none', ['abuse', ['abuse.insult', 'abuse.threat', 'abuse.old']], 'target.person', 'target.group']], ['Changelog', ['1.1.0', '1.0.0']]]],
    ]);
    const insult = symbols[0]?.children?.[1]?.children?.[1]?.children?.[0];
    expect(insult).toMatchObject({ name: 'abuse.insult', detail: 'Insult', selectionRange: rangeOf(fixture.guideline, 'abuse.insult', 1) });
    expect(insult?.range.start.line).toBe(lineOf('#### `abuse.insult`'));
    expect(insult?.range.end.line).toBe(lineOf('#### `abuse.threat`') - 1);
  });

  it('schema.json: questions with their label trees', () => {
    const { service } = setup();
    const symbols = service.documentSymbols(SCHEMA);
    expect(names(symbols)).toEqual([['verdict', ['none', ['abuse', ['abuse.insult', 'abuse.threat', 'abuse.old']]]], ['target', ['target.person', 'target.group']], 'rationale']);
    expect(symbols[0]?.selectionRange).toEqual(rangeOf(fixture.schema, '"verdict"'));
  });

  it('folding: frontmatter, sections (without trailing blank lines) and examples', () => {
    const { service } = setup();
    const folds = service.foldingRanges(GUIDELINE);
    expect(folds).toContainEqual({ startLine: 0, endLine: 7, kind: 'region' });
    expect(folds).toContainEqual({ startLine: lineOf('#### `abuse.insult`'), endLine: lineOf('#### `abuse.threat`') - 2 });
    expect(folds).toContainEqual({ startLine: lineOf('```example\nid: insult-pos'), endLine: lineOf('```example\nid: insult-pos') + 8, kind: 'region' });
    expect(folds.filter((f) => f.kind === 'region')).toHaveLength(6);
  });

  it('code lens on each label section counts its examples by kind', () => {
    const { service } = setup();
    const lenses = service.codeLenses(GUIDELINE);
    expect(lenses).toHaveLength(7);
    expect(lenses[2]).toEqual({ range: rangeOf(fixture.guideline, '#### `abuse.insult` Insult'), command: { title: '1 positive · 1 negative · 0 borderline · 4 references', command: '' } });
    expect(lenses[1]?.command?.title).toBe('0 positive · 0 negative · 0 borderline · 1 reference');
  });

  it('a malformed schema still gives an outline of what parses, and nothing outside a set', () => {
    const { service } = setup({ schema: fixture.schema.slice(0, fixture.schema.indexOf('"target"')) });
    expect(service.documentSymbols(SCHEMA).map((s) => s.name)).toEqual(['verdict']);
    expect(service.documentSymbols('file:///elsewhere/x.md')).toEqual([]);
    expect(service.foldingRanges('file:///elsewhere/x.md')).toEqual([]);
    expect(service.codeLenses('file:///elsewhere/x.md')).toEqual([]);
  });
});

describe('preview', () => {
  it('renders the unsaved texts of both files, with the document version', async () => {
    const { workspace, service } = setup();
    expect(await service.renderPreview(SCHEMA)).toMatchObject({ guidelineUri: GUIDELINE, title: 'Mini', documentVersion: null });
    workspace.openDocument(GUIDELINE, fixture.guideline.replace('Calling someone names.', 'Calling someone rude names.'), 5);
    workspace.openDocument(SCHEMA, fixture.schema.replace('"title": "Insult"', '"title": "Personal insult"'), 2);
    const preview = await service.renderPreview(GUIDELINE);
    expect(preview?.documentVersion).toBe(5);
    expect(preview?.html).toContain('Calling someone rude names.');
    expect(preview?.html).toContain('Personal insult');
    expect(preview?.toc.find((t) => t.labelId === 'abuse.insult')?.line).toBe(lineOf('#### `abuse.insult`') + 1);
    expect(await service.renderPreview('file:///elsewhere/x.md')).toBeNull();
  });
});
