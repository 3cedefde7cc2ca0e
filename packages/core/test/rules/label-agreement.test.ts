import { describe, expect, it } from 'vitest';
import { createMemoryHost, lintSet, loadSet, resolveConfig, type QualityFigures } from '../../src/index.js';
import rule from '../../src/rules/label-agreement.js';
import { baseFiles, ruleTester } from '../support/rule-tester.js';

/** A trimmed report of the base set: verdict measured over `pairable` items. */
function report(labels: { id: string; alpha: number | null }[], confusions: { labels: [string, string]; count: number; share: number }[] = [], pairable = 80): string {
  return JSON.stringify({ set: { id: 'base-set', version: '1.0.0' }, questions: [{ id: 'verdict', pairable, labels: labels.map((l) => ({ ...l, alphaInterval: null })), confusions }] });
}

const deprecatedThreat = baseFiles['schema.json']!.replace('{ "id": "abuse.threat", "title": "Threat", "severity": "high" }', '{ "id": "abuse.threat", "title": "Threat", "severity": "high", "deprecated": { "since": "1.0.0" } }');
const withoutThreatSection = baseFiles['guideline.md']!.replace(/#### `abuse\.threat` Threat[\s\S]*?(?=### `target\.person`)/, '');

ruleTester(rule, {
  valid: [
    { name: 'no quality figures: the rule is silent', files: {} },
    { name: 'alpha not defined', files: { 'quality.json': report([{ id: 'abuse.insult', alpha: null }]) } },
    { name: 'a deprecated label below the threshold', files: { 'schema.json': deprecatedThreat, 'quality.json': report([{ id: 'abuse.threat', alpha: 0.2 }]) } },
    { name: 'a label no longer in the schema', files: { 'quality.json': report([{ id: 'abuse.slur', alpha: 0.2 }], [{ labels: ['abuse.insult', 'abuse.slur'], count: 40, share: 0.9 }]) } },
    { name: 'a confused pair with too few disagreements', files: { 'quality.json': report([], [{ labels: ['abuse.insult', 'abuse.threat'], count: 9, share: 0.9 }]) } },
    { name: 'exactly at the threshold', files: { 'quality.json': report([{ id: 'abuse.insult', alpha: 0.667 }], [], 30) } },
  ],
  invalid: [
    {
      name: 'a label without a section is reported at its schema entry',
      files: { 'guideline.md': withoutThreatSection, 'quality.json': report([{ id: 'abuse.threat', alpha: 0.1 }], [{ labels: ['abuse.insult', 'abuse.threat'], count: 10, share: 0.2 }], 30) },
      errors: [
        { messageId: 'confused', range: '36:7-36:19', data: { label: 'abuse.insult', other: 'abuse.threat', share: '20%' } },
        { messageId: 'lowAgreement', range: '18:22-18:34', file: 'schema.json' },
        { messageId: 'confused', range: '18:22-18:34', file: 'schema.json', message: '`abuse.threat` and `abuse.insult` are confused in 20% of disagreements: sharpen the boundary' },
      ],
    },
    {
      name: 'the threshold from the options',
      files: { 'quality.json': report([{ id: 'none', alpha: 0.79 }]) },
      options: { minAlpha: 0.8 },
      errors: [{ messageId: 'lowAgreement', range: '14:6-14:10', message: 'Unexpected agreement on `none`: alpha 0.79 (no interval) over 80 items annotated under 1.0.0, expected at least 0.8; sharpen its definition or add borderline examples' }],
    },
  ],
});

describe('label-agreement with figures', () => {
  it('names the other section as the related location of a confused pair', () => {
    const host = createMemoryHost({ '/s/guideline.md': baseFiles['guideline.md']!, '/s/schema.json': baseFiles['schema.json']! });
    const quality = JSON.parse(report([], [{ labels: ['abuse.insult', 'none'], count: 12, share: 0.5 }])) as QualityFigures;
    const { config } = resolveConfig(undefined, [rule]);
    const findings = lintSet(loadSet('/s', host), [rule], config, host, undefined, { quality });
    expect(findings.map((f) => [f.range.start.line, f.related?.[0]?.range.start.line, f.related?.[0]?.message])).toEqual([
      [14, 36, '`abuse.insult` is defined here (12 disagreeing annotator pairs under 1.0.0)'],
      [36, 14, '`none` is defined here (12 disagreeing annotator pairs under 1.0.0)'],
    ]);
    expect(findings.every((f) => f.severity === 'warning')).toBe(true);
  });

  it('survives sets with missing or broken files when figures are given', () => {
    const quality = JSON.parse(report([{ id: 'a.b', alpha: 0 }, { id: 'x', alpha: -0.5 }], [{ labels: ['a.b', 'x'], count: 50, share: 1 }])) as QualityFigures;
    const { config } = resolveConfig({ rules: { 'label-agreement': 'error' } }, [rule]);
    const cases: Record<string, string>[] = [
      {},
      { '/s/guideline.md': '' },
      { '/s/guideline.md': '---\n---\n# `a.b`\n', '/s/schema.json': '{' },
      { '/s/guideline.md': '---\nid: base-set\n---\n# `a.b`\n## `x`\n', '/s/schema.json': '{"questions":[{"id":"q","options":[{"id":"a.b"},{"id":"x"}]}, 5, null]}' },
    ];
    for (const files of cases) {
      const host = createMemoryHost(files);
      const findings = lintSet(loadSet('/s', host), [rule], config, host, undefined, { quality });
      expect(findings.filter((f) => f.ruleId === 'internal-error')).toEqual([]);
    }
    // The last case has both sections: the low labels and the pair are reported.
    const host = createMemoryHost(cases[3]!);
    expect(lintSet(loadSet('/s', host), [rule], config, host, undefined, { quality }).map((f) => f.messageId)).toEqual(['lowAgreement', 'confused', 'lowAgreement', 'confused']);
  });
});
