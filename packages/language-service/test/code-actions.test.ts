import { describe, expect, it } from 'vitest';
import { FIX_ALL_KIND } from '../src/index.js';
import { GUIDELINE, SCHEMA, applyEdits, fixture, pos, rangeOf, setup } from './helpers.js';

const at = (text: string, needle: string) => ({ start: pos(text, needle), end: pos(text, needle) });

describe('code actions', () => {
  it('did you mean: replaces a misspelled prose reference, preferred', () => {
    const guideline = fixture.guideline.replace('Use `abuse.insult` for', 'Use `abuse.insul` for');
    const { service } = setup({ guideline });
    const actions = service.codeActions(GUIDELINE, at(guideline, 'abuse.insul`'), ['quickfix']);
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({ title: 'Replace with `abuse.insult`', kind: 'quickfix', isPreferred: true });
    expect(actions[0]?.diagnostics?.[0]?.code).toBe('label-reference-known');
    expect(actions[0]?.edit?.changes?.[GUIDELINE]).toEqual([{ range: rangeOf(guideline, 'abuse.insul'), newText: 'abuse.insult' }]);
  });

  it('a deprecated label in an example answer is replaced by its replacedBy', () => {
    const guideline = fixture.guideline.replace('  verdict: abuse.insult\n', '  verdict: abuse.old\n');
    const { service } = setup({ guideline });
    const actions = service.codeActions(GUIDELINE, at(guideline, 'abuse.old\n'));
    const fix = actions.find((a) => a.title === 'Replace with `abuse.insult`');
    expect(fix?.diagnostics?.[0]?.code).toBe('deprecated-label-reference');
    expect(applyEdits(guideline, fix?.edit?.changes?.[GUIDELINE] ?? [])).toBe(fixture.guideline);
  });

  it('a label without a section gets a section skeleton suggestion on schema.json that edits guideline.md', () => {
    const guideline = fixture.guideline.replace('### `target.group` A group\n\nThe text targets a group.\n', '');
    const { service } = setup({ guideline });
    const actions = service.codeActions(SCHEMA, at(fixture.schema, 'target.group'), ['quickfix']);
    expect(actions).toHaveLength(1);
    expect(actions[0]?.isPreferred).toBe(false);
    const edits = actions[0]?.edit?.changes?.[GUIDELINE] ?? [];
    expect(edits).toHaveLength(1);
    const fixed = applyEdits(guideline, edits);
    expect(fixed).toContain('`target.group`');
    expect(fixed.length).toBeGreaterThan(guideline.length);
  });

  it('a version without a changelog entry gets an "add entry" suggestion', () => {
    const guideline = fixture.guideline.replace('version: 1.1.0', 'version: 1.2.0');
    const schema = fixture.schema.replace('"version": "1.1.0"', '"version": "1.2.0"');
    const { service } = setup({ guideline, schema });
    const finding = service.setDiagnostics(GUIDELINE)?.documents.find((d) => d.uri === GUIDELINE)?.diagnostics.find((d) => d.code === 'changelog-entry');
    expect(finding).toBeDefined();
    const actions = service.codeActions(GUIDELINE, finding?.range ?? at(guideline, 'x'));
    const add = actions.find((a) => a.diagnostics?.[0]?.code === 'changelog-entry');
    const fixed = applyEdits(guideline, add?.edit?.changes?.[GUIDELINE] ?? []);
    expect(fixed).toMatch(/## Changelog\n\n### 1\.2\.0[^\n]*\n/);
  });

  it('source.fixAll.rubric applies every safe fix of the document in one edit, and only when asked', () => {
    const guideline = fixture.guideline.replace('Use `abuse.insult` for', 'Use `abuse.insul` for').replace('  verdict: abuse.insult\n', '  verdict: abuse.old\n');
    const { service } = setup({ guideline });
    const all = service.codeActions(GUIDELINE, at(guideline, '# Mini'), [FIX_ALL_KIND]);
    expect(all).toHaveLength(1);
    expect(all[0]?.kind).toBe('source.fixAll.rubric');
    expect(applyEdits(guideline, all[0]?.edit?.changes?.[GUIDELINE] ?? [])).toBe(fixture.guideline);
    // Quick fixes only: no fix-all; and a clean document offers no fix-all.
    expect(service.codeActions(GUIDELINE, at(guideline, '# Mini'), ['quickfix'])).toEqual([]);
    expect(setup().service.codeActions(GUIDELINE, at(fixture.guideline, '# Mini'))).toEqual([]);
  });
});
