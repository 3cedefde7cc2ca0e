import { describe, expect, it } from 'vitest';
import { LanguageServiceError } from '../src/index.js';
import { GUIDELINE, SCHEMA, applyWorkspaceEdit, fixture, pos, rangeOf, setup } from './helpers.js';

describe('definition, references, highlights', () => {
  it('go to definition from a prose reference: the section heading and the schema entry', () => {
    const { service } = setup();
    const defs = service.definition(GUIDELINE, pos(fixture.guideline, 'abuse.insult', 2));
    expect(defs).toEqual([
      { uri: GUIDELINE, range: rangeOf(fixture.guideline, '#### `abuse.insult` Insult') },
      { uri: SCHEMA, range: rangeOf(fixture.schema, 'abuse.insult') },
    ]);
    // From an old id (renamedFrom) to the label that carries it now.
    expect(service.definition(SCHEMA, pos(fixture.schema, 'abuse.name-calling', 1))[1]).toEqual({ uri: SCHEMA, range: rangeOf(fixture.schema, 'abuse.insult') });
    expect(service.definition(GUIDELINE, pos(fixture.guideline, 'Abusive text', 1))).toEqual([]);
  });

  it('find all references: schema entry, replacedBy, section heading, prose and example answers', () => {
    const { service } = setup();
    const refs = service.references(SCHEMA, pos(fixture.schema, 'abuse.insult', 3));
    expect(refs).toEqual([
      { uri: SCHEMA, range: rangeOf(fixture.schema, 'abuse.insult') },
      { uri: SCHEMA, range: rangeOf(fixture.schema, 'abuse.insult', 1) },
      { uri: GUIDELINE, range: rangeOf(fixture.guideline, 'abuse.insult', 0) },
      { uri: GUIDELINE, range: rangeOf(fixture.guideline, 'abuse.insult', 1) },
      { uri: GUIDELINE, range: rangeOf(fixture.guideline, 'abuse.insult', 2) },
      { uri: GUIDELINE, range: rangeOf(fixture.guideline, 'abuse.insult', 3) },
    ]);
    expect(service.references(SCHEMA, pos(fixture.schema, 'abuse.insult', 3), false)).toHaveLength(4);
    // `when` answers count as references of the label they name.
    const whenAnswer = pos(fixture.schema, '"answers": ["abuse"]', '"answers": ["'.length);
    expect(service.references(SCHEMA, pos(fixture.schema, '"abuse",', 2)).map((l) => l.range)).toContainEqual({ start: whenAnswer, end: { line: whenAnswer.line, character: whenAnswer.character + 5 } });
  });

  it('document highlights in one document, definitions as writes', () => {
    const { service } = setup();
    const highlights = service.documentHighlights(GUIDELINE, pos(fixture.guideline, 'abuse.threat', 1));
    expect(highlights).toEqual([
      { range: rangeOf(fixture.guideline, 'abuse.threat', 0), kind: 3 },
      { range: rangeOf(fixture.guideline, 'abuse.threat', 1), kind: 2 },
    ]);
  });
});

describe('rename', () => {
  it('prepareRename gives the id range; nothing off a label or on an old id', () => {
    const { service } = setup();
    expect(service.prepareRename(GUIDELINE, pos(fixture.guideline, 'abuse.threat', 3))).toEqual({ range: rangeOf(fixture.guideline, 'abuse.threat'), placeholder: 'abuse.threat' });
    expect(service.prepareRename(GUIDELINE, pos(fixture.guideline, 'Abusive text', 1))).toBeNull();
    expect(service.prepareRename(SCHEMA, pos(fixture.schema, 'abuse.name-calling', 1))).toBeNull();
  });

  it('renames across schema.json (id, renamedFrom, replacedBy) and guideline.md (heading, prose, answers)', () => {
    const { service } = setup();
    const edit = service.rename(GUIDELINE, pos(fixture.guideline, 'abuse.insult', 1), 'abuse.name.insult');
    const out = applyWorkspaceEdit({ [GUIDELINE]: fixture.guideline, [SCHEMA]: fixture.schema }, edit);
    expect(out[GUIDELINE]).toBe(fixture.guideline.replaceAll('abuse.insult', 'abuse.name.insult'));
    expect(out[SCHEMA]).toBe(
      fixture.schema
        .replace('{ "id": "abuse.insult", "title": "Insult", "severity": "medium", "renamedFrom": "abuse.name-calling" }', '{ "id": "abuse.name.insult", "title": "Insult", "severity": "medium", "renamedFrom": ["abuse.name-calling", "abuse.insult"] }')
        .replace('"replacedBy": "abuse.insult"', '"replacedBy": "abuse.name.insult"'),
    );
  });

  it('adds renamedFrom to a label that has none, and renames `when` answers; the result lints clean', () => {
    const { workspace, service } = setup();
    const edit = service.rename(SCHEMA, pos(fixture.schema, '"abuse",', 2), 'harm');
    const out = applyWorkspaceEdit({ [GUIDELINE]: fixture.guideline, [SCHEMA]: fixture.schema }, edit);
    expect(out[SCHEMA]).toContain('"id": "harm", "renamedFrom": ["abuse"],');
    expect(out[SCHEMA]).toContain('"answers": ["harm"]');
    expect(out[GUIDELINE]).toContain('### `harm` Abuse');
    workspace.openDocument(SCHEMA, out[SCHEMA] ?? '', 2);
    workspace.openDocument(GUIDELINE, out[GUIDELINE] ?? '', 2);
    expect(service.setDiagnostics(GUIDELINE)?.documents.flatMap((d) => d.diagnostics)).toEqual([]);
  });

  it('refuses a taken id, a malformed id and an old id of another label, with a clear message', () => {
    const { service } = setup();
    const where = pos(fixture.guideline, 'abuse.threat', 1);
    expect(() => service.rename(GUIDELINE, where, 'abuse.insult')).toThrow(new LanguageServiceError('Cannot rename `abuse.threat` to `abuse.insult`: the schema already has a label `abuse.insult`.'));
    expect(() => service.rename(GUIDELINE, where, 'Abuse Threat')).toThrow(/expected a label id of dotted lowercase segments/);
    expect(() => service.rename(GUIDELINE, where, 'abuse.name-calling')).toThrow(/former id of `abuse.insult`/);
    expect(() => service.rename(GUIDELINE, pos(fixture.guideline, 'Abusive text', 1), 'x')).toThrow(LanguageServiceError);
  });
});

describe('the label index is the one answer: why, history and refusals', () => {
  // The negative insult example explains itself with a reference in its `why`; the changelog records old ids.
  const guideline = fixture.guideline
    .replace('why: About a plan, not a person.', 'why: "About a plan, not a person: not `abuse.insult`."')
    .replace('- Deprecated `abuse.old`.', '- Deprecated `abuse.old`; removed `abuse.spam`; renamed `abuse.name-calling` to `abuse.insult`.');

  it('references of a label include the why and the changelog (history), and equal the index entries', () => {
    const { service } = setup({ guideline });
    const refs = service.references(GUIDELINE, pos(guideline, 'abuse.insult', 2)).filter((l) => l.uri === GUIDELINE);
    const why = pos(guideline, 'abuse.insult`."');
    expect(refs).toContainEqual({ uri: GUIDELINE, range: { start: why, end: { line: why.line, character: why.character + 'abuse.insult'.length } } });
    const history = pos(guideline, 'to `abuse.insult`', 4);
    expect(refs).toContainEqual({ uri: GUIDELINE, range: { start: history, end: { line: history.line, character: history.character + 'abuse.insult'.length } } });
    // Every `abuse.insult` written in the guideline is one of them, and nothing else.
    expect(refs).toHaveLength(guideline.split('abuse.insult').length - 1);
  });

  it('rename rewrites the why and leaves the changelog as written; the result lints with no new finding', () => {
    const { workspace, service } = setup({ guideline });
    const before = service.setDiagnostics(GUIDELINE)?.documents.flatMap((d) => d.diagnostics.map((x) => `${x.code} ${x.message}`)) ?? [];
    const edit = service.rename(GUIDELINE, pos(guideline, 'abuse.insult', 2), 'abuse.insult.personal');
    const out = applyWorkspaceEdit({ [GUIDELINE]: guideline, [SCHEMA]: fixture.schema }, edit);
    expect(out[GUIDELINE]).toContain('why: "About a plan, not a person: not `abuse.insult.personal`."');
    expect(out[GUIDELINE]).toContain('renamed `abuse.name-calling` to `abuse.insult`.');
    workspace.openDocument(SCHEMA, out[SCHEMA] ?? '', 2);
    workspace.openDocument(GUIDELINE, out[GUIDELINE] ?? '', 2);
    const after = service.setDiagnostics(GUIDELINE)?.documents.flatMap((d) => d.diagnostics.map((x) => `${x.code} ${x.message}`)) ?? [];
    expect(after).toEqual(before);
  });

  it('history is not renamed from, and an id of an earlier version is not reused', () => {
    const { service } = setup({ guideline });
    expect(service.prepareRename(GUIDELINE, pos(guideline, 'abuse.spam', 1))).toBeNull();
    expect(() => service.rename(GUIDELINE, pos(guideline, 'abuse.spam', 1), 'abuse.other')).toThrow(/history and keeps its ids/);
    expect(() => service.rename(GUIDELINE, pos(guideline, 'abuse.threat', 1), 'abuse.spam')).toThrow(
      new LanguageServiceError(`Cannot rename \`abuse.threat\` to \`abuse.spam\`: \`abuse.spam\` was a label of an earlier version (the changelog at guideline.md:${pos(guideline, 'abuse.spam').line + 1}:${pos(guideline, 'abuse.spam').character + 1}), so annotations made then would read as the renamed label. Pick an id never used before.`),
    );
  });

  it('refuses to rename a label written with escapes, naming where', () => {
    const schema = fixture.schema.replace('"answers": ["abuse"]', '"answers": ["abus\\u0065"]');
    const { service } = setup({ schema });
    expect(() => service.rename(GUIDELINE, pos(fixture.guideline, '`abuse` Abuse', 1), 'harm')).toThrow(/Cannot rename `abuse`: it is written with escapes at schema\.json:\d+:\d+; write it plainly there first\./);
  });

  it('hover on a changelog mention says it is history and what the label is now', () => {
    const { service } = setup({ guideline });
    const hover = service.hover(GUIDELINE, pos(guideline, 'abuse.spam', 1));
    expect(hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '').toBe('History: `abuse.spam` as named in the changelog (kept as written; rename leaves it); it is no longer a label of the schema.');
  });
});

describe('rename keeps links to the renamed section working', () => {
  it('rewrites same-document anchors of headings whose text the rename changes, and no others', () => {
    const guideline = fixture.guideline.replace('## Scope\n', '## Scope\n\nSee [threats](#abusethreat-threat) and [insults](#abuseinsult-insult).\n');
    const { service } = setup({ guideline });
    const edit = service.rename(GUIDELINE, pos(guideline, '`abuse.threat` Threat', 1), 'abuse.menace');
    const out = applyWorkspaceEdit({ [GUIDELINE]: guideline, [SCHEMA]: fixture.schema }, edit);
    expect(out[GUIDELINE]).toContain('See [threats](#abusemenace-threat) and [insults](#abuseinsult-insult).');
    expect(out[GUIDELINE]).toContain('#### `abuse.menace` Threat');
  });
});
