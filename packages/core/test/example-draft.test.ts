import { describe, expect, it } from 'vitest';
import { applyEdits, createMemoryHost, draftExample, ExampleDraftError, lintSet, loadSet, parseGuideline, resolveConfig, rules, type GuidelineSet } from '../src/index.js';
import { baseFiles } from './support/rule-tester.js';

function baseSet(guideline = baseFiles['guideline.md']!): GuidelineSet {
  return loadSet('/s', createMemoryHost({ '/s/guideline.md': guideline, '/s/schema.json': baseFiles['schema.json']! }));
}

/** The guideline with the draft applied, loaded again. */
function applied(set: GuidelineSet, edit: { range: { start: { offset: number }; end: { offset: number } }; text: string }): GuidelineSet {
  const text = applyEdits(set.guideline!.text, [{ file: set.guidelinePath, range: edit.range as never, text: edit.text }]).text;
  return loadSet('/s', createMemoryHost({ '/s/guideline.md': text, '/s/schema.json': baseFiles['schema.json']! }));
}

describe('draftExample', () => {
  it('writes a borderline example after the section\'s own examples, and names the required questions still missing', () => {
    const set = baseSet();
    const first = draftExample(set, 'abuse.insult', { id: 't-17', kind: 'borderline', text: 'You people are clowns.', answers: { verdict: 'abuse.insult' }, why: 'TODO: say why.' });
    expect(first.missing).toEqual(['target']);
    const second = draftExample(set, 'abuse.insult', { id: 't-17', kind: 'borderline', text: 'You people are clowns.', answers: { verdict: 'abuse.insult', target: ['target.group'] }, why: 'TODO: say why.' });
    expect(second.missing).toEqual([]);
    expect(second.findings).toEqual([]);
    expect(second.block).toBe('```example\nid: t-17\nkind: borderline\ntext: "You people are clowns."\nanswers:\n  verdict: abuse.insult\n  target: [target.group]\nwhy: "TODO: say why."\n```\n');
    const after = applied(set, second.edit);
    const example = after.guideline!.examples.find((e) => e.id === 't-17');
    expect(example?.sectionLabelId).toBe('abuse.insult');
    expect(example?.kind).toBe('borderline');
    // Placed after the section's two examples, before the next heading.
    expect(after.guideline!.examples.map((e) => e.id ?? '-').slice(0, 5)).toEqual(['-', '-', '-', '-', 't-17']);
    // The set lints as before: nothing but the TODO marker (no-todo) is new.
    const { config } = resolveConfig(undefined, rules);
    const host = createMemoryHost({});
    const before = lintSet(set, rules, config, host).map((f) => f.ruleId);
    const now = lintSet(after, rules, config, host).map((f) => f.ruleId);
    expect(now.filter((r) => r !== 'no-todo')).toEqual(before);
    expect(now.filter((r) => r === 'no-todo')).toHaveLength(1);
  });

  it('keeps hostile text exactly and on one line: fences, headings, invisible and bidirectional characters', () => {
    const set = baseSet();
    const text = 'line one\n```\n# Heading\n\u202eevil\u200b "quoted" \\ back\ttab \u{E0041}tag \ud800 end';
    const draft = draftExample(set, 'none', { id: '../../etc', kind: 'borderline', text, answers: { verdict: 'none' }, why: 'TODO' });
    expect(draft.block.split('\n')).toEqual(['```example', 'id: case-etc', 'kind: borderline', expect.stringMatching(/^text: "/), 'answers:', '  verdict: none', 'why: "TODO"', '```', '']);
    expect(draft.findings).toEqual([]);
    const example = parseGuideline('/s/guideline.md', draft.block).examples[0];
    expect(example?.text).toBe(text);
    expect(example?.id).toBe('case-etc');
  });

  it('makes ids unique and quotes values YAML would read otherwise', () => {
    const guideline = baseFiles['guideline.md']!.replace('text: "Thanks, that helped a lot."', 'id: "17"\ntext: "Thanks, that helped a lot."');
    const set = baseSet(guideline);
    const draft = draftExample(set, 'none', { id: '17', text: 'ok', answers: { verdict: 'none' }, why: 'x' });
    expect(draft.id).toBe('17-2');
    expect(draft.block).toContain('id: "17-2"');
    expect(draftExample(set, 'none', { id: 'yes', text: 'ok', answers: { verdict: 'none' }, why: 'x' }).block).toContain('id: "yes"');
  });

  it('refuses what would not make a good example, with a message for people', () => {
    const set = baseSet();
    expect(() => draftExample(set, 'abuse.unknown', { text: 'x', answers: {}, why: 'x' })).toThrow(/no section for it/);
    expect(() => draftExample(set, 'none', { text: 'You absolute clown.', answers: { verdict: 'none' }, why: 'x' })).toThrow(ExampleDraftError);
    expect(() => draftExample(set, 'none', { text: '  ', answers: { verdict: 'none' }, why: 'x' })).toThrow(/without text/);
  });

  it('reports answers the schema does not take', () => {
    const draft = draftExample(baseSet(), 'none', { text: 'hello', answers: { verdict: 'abuse.slur' }, why: 'x' });
    expect(draft.findings.map((f) => f.ruleId)).toEqual(['example-answers']);
  });
});
