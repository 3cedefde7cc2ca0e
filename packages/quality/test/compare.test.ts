/**
 * Comparing a version's report with the previous version's: per-label
 * deltas with a bootstrap interval of the difference (resamples of the two
 * reports paired), labels matched by id or through renames of the
 * migration map, removed labels listed; and reading a report back with
 * located problems.
 */
import { describe, expect, it } from 'vitest';
import { compareReports, labelFigures, migrationFromReport, QualityAccumulator, readQualityReport, type QualityReport } from '../src/index.js';
import { mulberry32 } from '../src/random.js';
import { memorySet } from './support.js';

const v1 = memorySet({
  id: 'cmp',
  version: '1.0.0',
  questions: [{ id: 'q', type: 'single', prompt: 'Q?', required: true, options: ['a', 'b.old', 'c', 'e'].map((id) => ({ id, title: id })) }],
});
const v2 = memorySet({
  id: 'cmp',
  version: '2.0.0',
  questions: [
    {
      id: 'q',
      type: 'single',
      prompt: 'Q?',
      required: true,
      options: [{ id: 'a', title: 'a' }, { id: 'b.new', title: 'b', renamedFrom: 'b.old' }, { id: 'c', title: 'c' }, { id: 'd', title: 'd' }],
    },
  ],
});

/** 300 items, 5 annotators; `noisyB` makes annotators often miss label b (or b.new). */
function report(set: typeof v1, b: string, noisyB: boolean, seed: number, extra = 'c'): QualityReport {
  const random = mulberry32(seed);
  const acc = new QualityAccumulator(set);
  const labels = ['a', b, extra];
  for (let i = 0; i < 300; i++) {
    const truth = labels[i % 3]!;
    for (let a = 0; a < 5; a++) {
      const miss = truth === b ? (noisyB ? 0.45 : 0.05) : 0.2;
      const answer = random() < miss ? labels[(labels.indexOf(truth) + 1 + Math.floor(random() * 2)) % 3]! : truth;
      acc.add({ item: { id: `i${i}` }, annotator: `a${a}`, answers: { q: answer } });
    }
  }
  return acc.report();
}

describe('comparing with the previous version', () => {
  const before = report(v1, 'b.old', true, 1);
  const after = report(v2, 'b.new', false, 2);
  const migration = migrationFromReport(before, v2.schema!);
  const comparison = compareReports(after, before, migration);

  it('maps the previous labels through the renames the new schema records', () => {
    expect(migration.labels.map((l) => [l.from, l.to, l.via])).toEqual([
      ['a', 'a', 'same'],
      ['b.old', 'b.new', 'renamed'],
      ['c', 'c', 'same'],
      ['e', null, 'removed'],
    ]);
  });

  it('matches labels by id or rename; a renamed label keeps its history, a removed one is listed', () => {
    expect(comparison.previous).toEqual({ id: 'cmp', version: '1.0.0' });
    expect(comparison.labels.map((l) => [l.id, l.previousId])).toEqual([
      ['a', 'a'],
      ['b.new', 'b.old'],
      ['c', 'c'],
    ]);
    expect(comparison.unmatched).toEqual([{ question: 'q', id: 'e' }]);
  });

  it('gives each delta an interval of the difference that holds it and is wider than either version\'s own', () => {
    const label = (report: QualityReport, id: string) => report.questions[0]!.labels.find((l) => l.id === id)!;
    for (const delta of comparison.labels) {
      const { previous, current, delta: d, low, high } = delta.alpha;
      expect(d).toBeCloseTo(current! - previous!, 15);
      expect(low!).toBeLessThanOrEqual(d!);
      expect(high!).toBeGreaterThanOrEqual(d!);
      const width = (r: QualityReport, id: string) => label(r, id).alphaInterval!.high! - label(r, id).alphaInterval!.low!;
      expect(high! - low!).toBeGreaterThan(Math.max(width(after, delta.id), width(before, delta.previousId)));
    }
    // b got much clearer: the whole interval is above 0.
    const b = comparison.labels.find((l) => l.id === 'b.new')!;
    expect(b.alpha.low!).toBeGreaterThan(0);
    expect(comparison.questions[0]!.alpha.delta!).toBeGreaterThan(0);
  });

  it('has no interval without the previous report\'s replicates, and compares prevalence', () => {
    const bare = { ...before, bootstrap: { resamples: 1000, questions: {} } };
    const c = compareReports(after, bare, migration);
    expect(c.labels[0]!.alpha).toMatchObject({ low: null, high: null });
    expect(c.labels[0]!.alpha.delta).not.toBeNull();
    expect(c.labels[0]!.prevalence.delta).toBeCloseTo(c.labels[0]!.prevalence.current! - c.labels[0]!.prevalence.previous!, 15);
  });

  it("gives one label's figures: entry, question, confusions and change", () => {
    const withCompare = { ...after, compare: comparison };
    const figures = labelFigures(withCompare, 'b.new')!;
    expect(figures.question.id).toBe('q');
    expect(figures.label).toBe(after.questions[0]!.labels.find((l) => l.id === 'b.new'));
    expect(figures.confusions.length).toBeGreaterThan(0);
    for (const c of figures.confusions) expect(c.labels).toContain('b.new');
    expect(figures.confusions.map((c) => c.other).sort()).toEqual(['a', 'c']);
    expect(figures.delta!.previousId).toBe('b.old');
    expect(labelFigures(withCompare, 'nope')).toBeUndefined();
    expect(labelFigures(after, 'a')!.delta).toBeUndefined();
  });

  it('is part of the report when asked for, and survives JSON', () => {
    const acc = new QualityAccumulator(v2);
    acc.add({ item: { id: 'x' }, annotator: 'p', answers: { q: 'a' } });
    const json = JSON.parse(JSON.stringify(before));
    const r = acc.report({ compare: json, migration: migrationFromReport(json, v2.schema!) });
    expect(r.compare!.previous.version).toBe('1.0.0');
  });
});

describe('reading a report back', () => {
  it('accepts a report and refuses other JSON with pointers and what was expected', () => {
    const good = JSON.parse(JSON.stringify(report(v1, 'b.old', false, 3)));
    expect(readQualityReport(good).report).toBeDefined();
    expect(readQualityReport([]).errors).toEqual([{ path: '', message: 'Unexpected a list, expected a quality report object (rubric quality --format json)' }]);
    const broken = { ...good, set: { id: 3 }, questions: [{ id: 'q', type: 'single', alpha: 'high', labels: [{ id: 'a', alpha: '0.5', prevalence: null }] }] };
    expect(readQualityReport(broken).errors.map((e) => e.path)).toEqual(['/set/id', '/set/version', '/questions/0/alpha', '/questions/0/labels/0/alpha']);
  });
});
