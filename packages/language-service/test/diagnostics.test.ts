import { describe, expect, it } from 'vitest';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { CONFIG, GUIDELINE, SCHEMA, fixture, rangeOf, setup } from './helpers.js';

const removeThreat = (schema: string): string => schema.replace(/\n\s*\{ "id": "abuse\.threat"[^\n]*\},?/, '');

describe('diagnostics', () => {
  it('a clean set has empty diagnostics for both documents', () => {
    const { service } = setup();
    const result = service.setDiagnostics(GUIDELINE);
    expect(result?.guidelineUri).toBe(GUIDELINE);
    expect(result?.documents.map((d) => [d.uri, d.diagnostics.length, d.version])).toEqual([
      [GUIDELINE, 0, null],
      [SCHEMA, 0, null],
    ]);
    expect(result?.status).toEqual({ guidelineUri: GUIDELINE, setId: 'mini', version: '1.1.0', status: 'draft', errors: 0, warnings: 0, infos: 0 });
  });

  it('a typo in prose gets a diagnostic with rule id, docs link, source and exact range', () => {
    const guideline = fixture.guideline.replace('Use `abuse.insult` for', 'Use `abuse.insul` for');
    const { service } = setup({ guideline });
    const diags = service.setDiagnostics(GUIDELINE)?.documents.find((d) => d.uri === GUIDELINE)?.diagnostics;
    expect(diags).toHaveLength(1);
    expect(diags?.[0]).toMatchObject({
      code: 'label-reference-known',
      codeDescription: { href: 'https://github.com/rubric-guidelines/rubric/blob/main/docs/rules/label-reference-known.md' },
      source: 'rubric',
      severity: DiagnosticSeverity.Error,
      range: rangeOf(guideline, 'abuse.insul'),
    });
    expect(diags?.[0]?.message).toContain('abuse.insult');
  });

  it('editing schema.json unsaved changes guideline.md diagnostics, and says which documents changed', () => {
    const { workspace, service } = setup();
    service.setDiagnostics(GUIDELINE);
    const schema = removeThreat(fixture.schema);
    expect(schema).not.toContain('abuse.threat');
    workspace.openDocument(SCHEMA, schema, 7);
    expect(service.affectedSets(SCHEMA)).toEqual([GUIDELINE]);
    const result = service.setDiagnostics(SCHEMA);
    const guideline = result?.documents.find((d) => d.uri === GUIDELINE);
    const schemaDoc = result?.documents.find((d) => d.uri === SCHEMA);
    expect(guideline?.changed).toBe(true);
    expect(schemaDoc).toMatchObject({ changed: false, version: 7, diagnostics: [] });
    const codes = guideline?.diagnostics.map((d) => [d.code, d.range.start.line]);
    // The section heading and the two example answers now name an unknown label.
    expect(codes).toContainEqual(['section-label-known', rangeOf(fixture.guideline, 'abuse.threat').start.line]);
    expect(codes).toContainEqual(['example-answers', rangeOf(fixture.guideline, 'abuse.threat', 1).start.line]);
    // Closing the document falls back to the file: the findings go away again.
    workspace.closeDocument(SCHEMA);
    const after = service.setDiagnostics(GUIDELINE)?.documents.find((d) => d.uri === GUIDELINE);
    expect(after).toMatchObject({ changed: true, diagnostics: [] });
  });

  it('editing guideline.md changes schema.json diagnostics (a label loses its section)', () => {
    const { workspace, service } = setup();
    const guideline = fixture.guideline.replace('### `target.group` A group\n\nThe text targets a group.\n', '');
    workspace.openDocument(GUIDELINE, guideline, 3);
    const schemaDiags = service.setDiagnostics(GUIDELINE)?.documents.find((d) => d.uri === SCHEMA)?.diagnostics;
    expect(schemaDiags?.map((d) => [d.code, d.range])).toEqual([['label-documented', rangeOf(fixture.schema, '"target.group"')]]);
  });

  it('uses rubric.config.json found above the set, including its unsaved text', () => {
    const { workspace, service } = setup();
    expect(service.setDiagnostics(GUIDELINE)?.documents.flatMap((d) => d.diagnostics)).toEqual([]);
    workspace.openDocument(CONFIG, fixture.config.replace('"example-coverage": "off"', '"example-coverage": "warn"'), 1);
    expect(service.affectedSets(CONFIG)).toEqual([GUIDELINE]);
    const diags = service.setDiagnostics(GUIDELINE)?.documents.flatMap((d) => d.diagnostics) ?? [];
    expect(diags.length).toBeGreaterThan(0);
    expect(new Set(diags.map((d) => [d.code, d.severity].join()))).toEqual(new Set(['example-coverage,2']));
  });

  it('an invalid config is reported on the config file and defaults apply', () => {
    const { workspace, service } = setup();
    workspace.openDocument(CONFIG, '{ "rules": { "no-such-rule": "error" } }', 1);
    const result = service.setDiagnostics(GUIDELINE);
    const config = result?.documents.find((d) => d.uri === CONFIG);
    expect(config?.diagnostics).toHaveLength(1);
    expect(config?.diagnostics[0]).toMatchObject({ code: 'config', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
    // Defaults: example-coverage is on again.
    expect(result?.documents.flatMap((d) => d.diagnostics).some((d) => d.code === 'example-coverage')).toBe(true);
  });

  it('broken example YAML and broken schema JSON still get diagnostics, never an exception', () => {
    const guideline = fixture.guideline.replace('  verdict: abuse.insult\n', '  verdict: [abuse.insult\n');
    const { workspace, service } = setup({ guideline });
    const g = service.setDiagnostics(GUIDELINE)?.documents.find((d) => d.uri === GUIDELINE)?.diagnostics ?? [];
    expect(g.map((d) => d.code)).toContain('example-syntax');
    workspace.openDocument(SCHEMA, '{ "id": "mini", "questions": [', 2);
    const s = service.setDiagnostics(SCHEMA)?.documents.find((d) => d.uri === SCHEMA)?.diagnostics ?? [];
    expect(s.map((d) => d.code)).toContain('schema-valid');
    expect(service.hover(GUIDELINE, { line: 13, character: 20 })).not.toBeUndefined();
  });

  it('related locations become relatedInformation with URIs', () => {
    const schema = fixture.schema.replace('{ "id": "target.group"', '{ "id": "target.person"');
    const { service } = setup({ schema });
    const diags = service.setDiagnostics(SCHEMA)?.documents.find((d) => d.uri === SCHEMA)?.diagnostics ?? [];
    const unique = diags.find((d) => d.code === 'label-id-unique');
    expect(unique?.relatedInformation?.[0]?.location).toEqual({ uri: SCHEMA, range: rangeOf(fixture.schema, '"target.person"') });
  });

  it('a document outside any set gets no diagnostics and no crash', () => {
    const { workspace, service } = setup();
    workspace.openDocument('file:///elsewhere/notes.md', '# Notes\n`abuse`', 1);
    expect(service.setDiagnostics('file:///elsewhere/notes.md')).toBeNull();
    expect(service.setDiagnostics('untitled:Untitled-1')).toBeNull();
    expect(service.affectedSets('untitled:Untitled-1')).toEqual([]);
    expect(service.setStatus('file:///elsewhere/notes.md')).toBeNull();
  });

  it('set status counts findings by severity', () => {
    const guideline = fixture.guideline.replace('Use `abuse.insult` for', 'Use `abuse.insul` for').replace('status: draft', 'status: review');
    const { service } = setup({ guideline });
    expect(service.setStatus(SCHEMA)).toEqual({ guidelineUri: GUIDELINE, setId: 'mini', version: '1.1.0', status: 'review', errors: 1, warnings: 0, infos: 0 });
  });
});
