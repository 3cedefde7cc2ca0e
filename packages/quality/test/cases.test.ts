/** The case studies of a label, the reports that apply to a version, and a case as an example to draft. */
import { draftExample } from '@rubric/core';
import { describe, expect, it } from 'vitest';
import { answerChose, caseExample, labelCases, QualityAccumulator, reportsForVersion, type QualityReport } from '../src/index.js';
import { memorySet, TOY_SCHEMA } from './support.js';

/** 12 items, 3 annotators: items 0-5 agree on none, 6-11 split insult (a1, a3) / threat (a2); item 11 also has spam. */
function toyReport(version = '1.0.0'): QualityReport {
  const set = memorySet({ ...TOY_SCHEMA, version }, '### `none` None\n\n### `abuse` Abuse\n\n#### `abuse.insult` Insult\n\n#### `abuse.threat` Threat\n\n### `spam` Spam\n\n### `old` Old\n');
  const acc = new QualityAccumulator(set);
  for (let i = 0; i < 12; i++) {
    for (const annotator of ['a1', 'a2', 'a3']) {
      const verdict = i < 6 ? 'none' : annotator === 'a2' ? 'abuse.threat' : i === 11 && annotator === 'a3' ? 'spam' : 'abuse.insult';
      acc.add({ set: 'toy', version, item: { id: `i-${i}`, text: `text ${i}` }, annotator, answers: { verdict } });
    }
  }
  return acc.report();
}

describe('labelCases', () => {
  it('gives the label\'s cases and the disagreements where someone chose it, most split first, each once', () => {
    const report = toyReport();
    const cases = labelCases(report, 'abuse.threat');
    expect(cases.map((c) => c.item)).toEqual(['i-11', 'i-10', 'i-6', 'i-7', 'i-8', 'i-9']);
    expect(cases[0]?.disagreement).toBe(1);
    expect(new Set(cases.map((c) => c.item)).size).toBe(cases.length);
    // A parent chose through its children.
    expect(labelCases(report, 'abuse').length).toBeGreaterThan(0);
    expect(labelCases(report, 'no.such')).toEqual([]);
    expect(answerChose(['topic.a', 'abuse.insult'], 'abuse')).toBe(true);
    expect(answerChose([{ label: 'pii.name', start: 0, end: 1 }], 'pii')).toBe(true);
    expect(answerChose('abusey', 'abuse')).toBe(false);
  });
});

describe('reportsForVersion', () => {
  it('keeps one report per version of the set, none newer than the version, oldest first', () => {
    const [a, b, c, other] = [toyReport('1.0.0'), toyReport('1.2.0'), toyReport('2.0.0'), toyReport('1.1.0')];
    other.set.id = 'other';
    const dup = toyReport('1.0.0');
    expect(reportsForVersion([c, dup, b, a, other], (r) => r, 'toy', '1.5.0')).toEqual([dup, b]);
    expect(reportsForVersion([c, a], (r) => r, 'toy', 'draft')).toEqual([a, c]);
    expect(reportsForVersion([c], (r) => r, 'toy', '1.0.0')).toEqual([]);
  });
});

describe('caseExample', () => {
  it('drafts the case with the adjudicated answer, kind borderline and a TODO why that names the split', () => {
    const report = toyReport();
    const study = labelCases(report, 'abuse.threat')[0]!;
    const input = caseExample(study, { verdict: 'abuse.threat' }, '1.0.0', (id) => id === 'abuse.threat');
    expect(input).toEqual({ id: 'i-11', kind: 'borderline', text: 'text 11', answers: { verdict: 'abuse.threat' }, why: 'TODO: say why the answer is `abuse.threat`. Annotators of 1.0.0 split on it: abuse.insult ×1, abuse.threat ×1, spam ×1.' });
    const set = memorySet(TOY_SCHEMA, '### `abuse.threat` Threat\n');
    expect(draftExample(set, 'abuse.threat', input).block).toContain('why: "TODO: say why the answer is `abuse.threat`.');
    expect(caseExample(study, { verdict: 'gone.label' }, '1.0.0', () => false).why).toMatch(/^TODO: say why the answer is "gone\.label"\./);
  });
});
