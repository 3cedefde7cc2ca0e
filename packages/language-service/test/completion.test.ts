import { describe, expect, it } from 'vitest';
import { GUIDELINE, SCHEMA, fixture, pos, setup } from './helpers.js';

const labels = ['none', 'abuse', 'abuse.insult', 'abuse.threat', 'abuse.old'];

describe('completion', () => {
  it('label ids inside inline code in prose, replacing the partial id', () => {
    const guideline = fixture.guideline.replace('and `none` otherwise', 'and `abuse.t` otherwise');
    const { service } = setup({ guideline });
    const items = service.completion(GUIDELINE, pos(guideline, '`abuse.t`', 8));
    expect(items.map((i) => i.label)).toEqual([...labels, 'target.person', 'target.group']);
    const threat = items.find((i) => i.label === 'abuse.threat');
    expect(threat?.textEdit).toEqual({ range: { start: pos(guideline, 'abuse.t`'), end: pos(guideline, 'abuse.t`', 7) }, newText: 'abuse.threat' });
    expect(items.find((i) => i.label === 'abuse.old')?.tags).toEqual([1]);
    // Outside backticks: nothing.
    expect(service.completion(GUIDELINE, pos(guideline, 'Abusive text.', 3))).toEqual([]);
  });

  it('in example answers: only the labels of the question answered, inline and in lists', () => {
    const { service } = setup();
    expect(service.completion(GUIDELINE, pos(fixture.guideline, '  verdict: none', 15)).map((i) => i.label)).toEqual(labels);
    expect(service.completion(GUIDELINE, pos(fixture.guideline, '  target: [target.person]', 12)).map((i) => i.label)).toEqual(['target.person', 'target.group']);
    const block = fixture.guideline.replace('  target: [target.person]\nwhy: Name-calling.', '  target:\n    - tar\nwhy: Name-calling.');
    const s = setup({ guideline: block });
    expect(s.service.completion(GUIDELINE, pos(block, '    - tar', 9)).map((i) => i.label)).toEqual(['target.person', 'target.group']);
    // A text question offers no labels.
    const text = fixture.guideline.replace('  verdict: none\nwhy: Friendly.', '  verdict: none\n  rationale: \nwhy: Friendly.');
    expect(setup({ guideline: text }).service.completion(GUIDELINE, pos(text, '  rationale: ', 13))).toEqual([]);
  });

  it('question ids as answer keys, without those already answered', () => {
    const guideline = fixture.guideline.replace('  verdict: none\nwhy: Friendly.', '  verdict: none\n  \nwhy: Friendly.');
    const { service } = setup({ guideline });
    const items = service.completion(GUIDELINE, pos(guideline, '  verdict: none\n  \n', 18));
    expect(items.map((i) => [i.label, i.textEdit?.newText])).toEqual([
      ['target', 'target: '],
      ['rationale', 'rationale: '],
    ]);
  });

  it('frontmatter keys and status values', () => {
    const guideline = fixture.guideline.replace('status: draft\n', 'status: \nloc\n');
    const { service } = setup({ guideline });
    expect(service.completion(GUIDELINE, pos(guideline, 'status: ', 8)).map((i) => i.label)).toEqual(['draft', 'review', 'approved', 'deprecated']);
    const keys = service.completion(GUIDELINE, pos(guideline, 'loc\n', 3));
    expect(keys.map((i) => i.label)).toEqual(['effective', 'locale', 'acknowledgements']);
    expect(keys[1]?.textEdit).toEqual({ range: { start: pos(guideline, 'loc\n'), end: pos(guideline, 'loc\n', 3) }, newText: 'locale: ' });
  });

  it('nothing in schema.json or outside a set', () => {
    const { service } = setup();
    expect(service.completion(SCHEMA, pos(fixture.schema, 'abuse', 1))).toEqual([]);
    expect(service.completion('file:///elsewhere/x.md', { line: 0, character: 0 })).toEqual([]);
  });
});
