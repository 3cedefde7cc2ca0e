/**
 * The definitions of docs/quality.md on small hand-computed cases: record
 * counting (duplicates, invalid records, records without annotator),
 * pooled percent agreement, Fleiss' kappa only with equal value counts,
 * confusions (single and multi, sibling marking, shares, order), the labels
 * listed, gold accuracy and per-label precision/recall, per-annotator
 * figures, case studies, and what span, rating and text questions report.
 */
import { describe, expect, it } from 'vitest';
import { computeQuality, decodeReplicates, QualityAccumulator, TOP_DISAGREEMENTS } from '../src/index.js';
import { memorySet, rec, toySet } from './support.js';

const set = toySet();
const question = (report: ReturnType<QualityAccumulator['report']>, id: string) => report.questions.find((q) => q.id === id)!;

describe('records', () => {
  it('lets the later record of an annotator for an item win, and never an invalid one', () => {
    const acc = new QualityAccumulator(set, { resamples: 20 });
    acc.add(rec('i1', 'a', { verdict: 'none' }), { source: 'f.jsonl', line: 1 });
    acc.add(rec('i1', 'a', { verdict: 'spam' }), { source: 'f.jsonl', line: 2 });
    acc.add(rec('i1', 'a', { verdict: 'bogus' }), { source: 'f.jsonl', line: 3 });
    acc.add(rec('i1', 'b', { verdict: 'spam' }), { source: 'f.jsonl', line: 4 });
    const report = acc.report();
    expect(report.records).toEqual({ read: 4, used: 2, invalid: 1, duplicates: 1, skipped: 0, withoutAnnotator: 0 });
    // a's second answer (spam) stands: a and b agree.
    expect(question(report, 'verdict').percentAgreement).toBe(1);
    expect(report.problems).toEqual([{ source: 'f.jsonl', line: 3, errors: [{ path: '/answers/verdict', message: expect.stringMatching(/^Unexpected label "bogus" for verdict, expected one of none, abuse/) }] }]);
    expect(report.annotators.map((a) => [a.id, a.annotations])).toEqual([['a', 1], ['b', 1]]);
  });

  it('counts and locates every kind of invalid record, and uses records without annotator for gold only', () => {
    const acc = new QualityAccumulator(set, { resamples: 20 });
    const at = (line: number) => ({ source: 'x.jsonl', line, index: line - 1 });
    acc.add({ ...rec('i1', 'a', { verdict: 'none' }), version: '0.9.0' }, at(1));
    acc.add(42, at(2));
    acc.add({ annotator: 'a', answers: { verdict: 'none' } }, at(3));
    acc.add(rec('i1', 7 as unknown as string, { verdict: 'none' }), at(4));
    acc.add(rec('i1', 'a', { verdict: 'none', topics: [] }), at(5));
    acc.add(rec('i1', 'a', { verdict: 'none', elsewhere: 1 }), at(6));
    acc.addInvalid(at(7), 'Unexpected JSON syntax: Unexpected token');
    acc.add(rec('i1', undefined, { verdict: 'none' }), at(8));
    const report = acc.report();
    expect(report.records).toEqual({ read: 8, used: 1, invalid: 7, duplicates: 0, skipped: 0, withoutAnnotator: 1 });
    expect(report.annotators).toEqual([]);
    expect(report.problems.map((p) => [p.line, p.errors[0]!.path])).toEqual([
      [1, '/version'],
      [2, ''],
      [3, '/item/id'],
      [4, '/annotator'],
      [5, '/answers/topics'],
      [6, '/answers/elsewhere'],
      [7, ''],
    ]);
    expect(report.problems[0]!.errors[0]!.message).toBe('Unexpected version "0.9.0", expected "1.0.0" (migrate older records with `rubric migrate`)');
    expect(report.problems[1]!.errors[0]!.message).toBe('Unexpected 42, expected an annotation record object with answers');
    expect(report.problems[3]!.errors[0]!.message).toBe("Unexpected 7, expected the annotator's id as a non-empty string");
    expect(question(report, 'verdict').items).toBe(0);
  });
});

describe('a single question', () => {
  // i1: insult, threat, threat; i2: none, spam; i3: insult, none.
  const acc = new QualityAccumulator(set, { resamples: 50 });
  const rows: [string, string, string][] = [
    ['i1', 'a', 'abuse.insult'],
    ['i1', 'b', 'abuse.threat'],
    ['i1', 'c', 'abuse.threat'],
    ['i2', 'a', 'none'],
    ['i2', 'b', 'spam'],
    ['i3', 'a', 'abuse.insult'],
    ['i3', 'b', 'none'],
  ];
  rows.forEach(([item, annotator, verdict]) => acc.add(rec(item, annotator, { verdict }, `text of ${item}`)));
  const report = acc.report();
  const q = question(report, 'verdict');

  it('pools percent agreement over pairs (2 agreeing of 10 ordered pairs), not a mean of item shares', () => {
    expect(q.percentAgreement).toBe(0.2);
    expect([q.items, q.pairable, q.annotations, q.annotators]).toEqual([3, 3, 7, 3]);
  });

  it('has Fleiss kappa null when items have different numbers of answers', () => {
    expect(q.fleissKappa).toBeNull();
  });

  it('counts confusions once per annotator pair, with shares, sibling marks and sorted label pairs', () => {
    expect(q.confusions).toEqual([
      { labels: ['abuse.insult', 'abuse.threat'], count: 2, share: 0.5, sibling: true },
      { labels: ['abuse.insult', 'none'], count: 1, share: 0.25, sibling: false },
      { labels: ['none', 'spam'], count: 1, share: 0.25, sibling: false },
    ]);
  });

  it('lists every label of the tree, parents and deprecated labels included, with prevalence', () => {
    expect(q.labels.map((l) => [l.id, l.parent, l.deprecated])).toEqual([
      ['none', null, false],
      ['abuse', null, false],
      ['abuse.insult', 'abuse', false],
      ['abuse.threat', 'abuse', false],
      ['spam', null, false],
      ['old', null, true],
    ]);
    const abuse = q.labels.find((l) => l.id === 'abuse')!;
    expect(abuse.prevalence).toBe(4 / 7);
    expect(q.labels.find((l) => l.id === 'old')!).toMatchObject({ alpha: null, alphaInterval: null, prevalence: 0 });
  });

  it('gives the parent label its own alpha: annotators who agree on "abuse" but not on which abuse agree for the parent', () => {
    // Binary "abuse or below" per item: i1 all yes; i2 all no; i3 yes/no.
    const abuse = q.labels.find((l) => l.id === 'abuse')!;
    const insult = q.labels.find((l) => l.id === 'abuse.insult')!;
    expect(abuse.alpha!).toBeGreaterThan(insult.alpha!);
    expect(abuse.alphaInterval).not.toBeNull();
  });

  it('writes case studies with text and every answer, the most disagreed first', () => {
    expect(report.disagreements.map((d) => [d.item, d.disagreement])).toEqual([
      ['i2', 1],
      ['i3', 1],
      ['i1', 2 / 3],
    ]);
    expect(report.disagreements[2]).toEqual({ item: 'i1', question: 'verdict', text: 'text of i1', disagreement: 2 / 3, answers: { a: 'abuse.insult', b: 'abuse.threat', c: 'abuse.threat' } });
    const threat = q.labels.find((l) => l.id === 'abuse.threat')!;
    expect(threat.cases.map((c) => c.item)).toEqual(['i1']);
  });

  it('keeps the resamples of the question and of every label with an estimate, for later comparisons', () => {
    const kept = report.bootstrap.questions.verdict!;
    expect(Object.keys(kept.labels).sort()).toEqual(q.labels.filter((l) => l.alpha !== null).map((l) => l.id).sort());
    expect(decodeReplicates(kept.alpha)).toHaveLength(50);
    expect(report.bootstrap.questions.note).toBeUndefined();
  });

  it('gives annotators the share of their pairs that agree', () => {
    // a: i1 with b, c (no), i2 with b (no), i3 with b (no) -> 0/4; c: i1 with a (no), b (yes) -> 1/2.
    expect(report.annotators.map((a) => [a.id, a.agreement])).toEqual([
      ['a', 0],
      ['b', 1 / 4],
      ['c', 1 / 2],
    ]);
  });
});

describe('a multi question', () => {
  it('uses MASI, counts confusions between the two sets\' differences, and has no Fleiss kappa', () => {
    const acc = new QualityAccumulator(set, { resamples: 20 });
    acc.add(rec('i1', 'a', { verdict: 'none', topics: ['topic.a', 'topic.b'] }));
    acc.add(rec('i1', 'b', { verdict: 'none', topics: ['topic.b', 'topic.c'] }));
    acc.add(rec('i1', 'c', { verdict: 'none', topics: ['topic.a'] }));
    acc.add(rec('i2', 'a', { verdict: 'none', topics: ['topic.c'] }));
    acc.add(rec('i2', 'b', { verdict: 'none', topics: ['topic.c'] }));
    const q = question(acc.report(), 'topics');
    expect(q.metric).toBe('masi');
    expect(q.fleissKappa).toBeNull();
    // a/b: a vs c; a/c: a's extra b against nothing (c's set is inside a's); b/c: b and c against a.
    expect(q.confusions).toEqual([
      { labels: ['topic.a', 'topic.c'], count: 2, share: 2 / 3, sibling: false },
      { labels: ['topic.a', 'topic.b'], count: 1, share: 1 / 3, sibling: false },
    ]);
    // Pooled exact-set agreement: i1 0 of 6, i2 2 of 2.
    expect(q.percentAgreement).toBe(2 / 8);
    expect(q.alpha).not.toBeNull();
  });
});

describe('gold', () => {
  it('scores every annotation of a gold item (unanswered is wrong), per question, label and annotator', () => {
    const acc = new QualityAccumulator(set, { resamples: 20 });
    acc.addGold(rec('g1', undefined, { verdict: 'abuse.insult', topics: ['topic.a'] }, 'gold text'));
    acc.addGold(rec('g2', undefined, { verdict: 'none' }));
    expect(acc.addGold({ item: { id: 'g3' }, answers: { verdict: 'nope' } }, { source: 'gold.jsonl', line: 3 })).toBe(false);
    acc.add(rec('g1', 'a', { verdict: 'abuse.insult', topics: ['topic.a'] }));
    acc.add(rec('g2', 'a', { verdict: 'none' }));
    acc.add(rec('g1', 'b', { verdict: 'abuse.threat' }));
    acc.add(rec('g2', 'b', { verdict: 'spam' }));
    acc.add(rec('g1', undefined, { verdict: 'abuse.insult', topics: ['topic.a', 'topic.b'] }));
    const report = acc.report();
    expect(report.gold).toEqual({ items: 2, fromExamples: 0, fromRecords: 2, invalid: 1 });
    expect(report.problems[0]).toMatchObject({ source: 'gold.jsonl', line: 3 });
    const verdict = question(report, 'verdict');
    expect(verdict.gold).toEqual({ items: 2, accuracy: 3 / 5 });
    expect(question(report, 'topics').gold).toEqual({ items: 1, accuracy: 1 / 3 });
    expect(question(report, 'severity').gold).toBeNull();
    const label = (id: string) => verdict.labels.find((l) => l.id === id)!.gold;
    expect(label('abuse')).toEqual({ precision: 1, recall: 1 });
    expect(label('abuse.insult')).toEqual({ precision: 1, recall: 2 / 3 });
    expect(label('none')).toEqual({ precision: 1, recall: 0.5 });
    expect(label('spam')).toEqual({ precision: 0, recall: null });
    expect(report.annotators.map((a) => [a.id, a.goldAccuracy, a.goldAnswers])).toEqual([
      ['a', 1, 3],
      ['b', 0, 3],
    ]);
  });

  it('takes the set\'s examples as gold items by their example ids', async () => {
    const { realSet } = await import('./support.js');
    const hate = realSet('hate-speech');
    const acc = new QualityAccumulator(hate, { resamples: 20 });
    const report0 = acc.report();
    expect(report0.gold.fromExamples).toBe(hate.guideline!.examples.length);
    const example = hate.guideline!.examples.find((e) => e.id && e.answers.some((a) => a.questionId === 'verdict'))!;
    const expected = example.answers.find((a) => a.questionId === 'verdict')!.values[0]!.value;
    acc.add({ item: { id: example.id }, annotator: 'x', answers: { verdict: 'none' } });
    const q = acc.report().questions.find((x) => x.id === 'verdict')!;
    expect(q.gold).toEqual({ items: 1, accuracy: expected === 'none' ? 1 : 0 });
  });
});

describe('other question types', () => {
  const acc = new QualityAccumulator(set, { resamples: 20 });
  acc.add(rec('i1', 'a', { verdict: 'none', severity: 1, spans: [{ label: 'span.x', start: 0, end: 4 }], note: 'a note' }));
  acc.add(rec('i1', 'b', { verdict: 'none', severity: 2, spans: [{ label: 'span.x', start: 0, end: 4 }, { label: 'span.y', start: 5, end: 9 }], note: 'another' }));
  acc.add(rec('i2', 'a', { verdict: 'none', severity: 5, spans: [{ label: 'span.y', start: 2, end: 6 }] }));
  acc.add(rec('i2', 'b', { verdict: 'none', severity: 4, spans: [{ label: 'span.y', start: 3, end: 6 }] }));
  const report = acc.report();

  it('rates with the ordinal metric and nothing categorical', () => {
    const q = question(report, 'severity');
    expect(q).toMatchObject({ metric: 'ordinal', percentAgreement: null, fleissKappa: null, gold: null, labels: [], confusions: [], f1: null });
    expect(q.alpha!.value).toBeGreaterThan(0);
  });

  it('gives span labels F1 exact and overlap, and the question F1 pooled', () => {
    const q = question(report, 'spans');
    expect(q).toMatchObject({ metric: null, alpha: null, percentAgreement: null, fleissKappa: null });
    // span.x: i1 a and b both [0,4) -> 2 matched of 2. span.y: i1 b alone (0 of 1); i2 [2,6) vs [3,6): exact 0 of 2, overlap 2 of 2.
    expect(q.labels.map((l) => [l.id, l.f1])).toEqual([
      ['span.x', { exact: 1, overlap: 1 }],
      ['span.y', { exact: 0, overlap: 2 / 3 }],
    ]);
    expect(q.f1).toEqual({ exact: 2 / 5, overlap: 4 / 5 });
    expect(q.labels[1]!.prevalence).toBe(3 / 4);
  });

  it('counts text answers and defines nothing else', () => {
    expect(question(report, 'note')).toEqual({ id: 'note', type: 'text', metric: null, items: 1, pairable: 1, annotations: 2, annotators: 2, alpha: null, percentAgreement: null, fleissKappa: null, gold: null, labels: [], confusions: [], f1: null });
  });
});

describe('case studies', () => {
  it('keeps the top 20 by observed disagreement, ties by more answers then item id, with hostile annotator names as plain keys', () => {
    const acc = new QualityAccumulator(set, { resamples: 10 });
    for (let i = 0; i < 30; i++) {
      acc.add(rec(`item-${String(i).padStart(2, '0')}`, '__proto__', { verdict: 'none' }, `<b>${i}</b>`));
      acc.add(rec(`item-${String(i).padStart(2, '0')}`, 'constructor', { verdict: i % 3 === 0 ? 'none' : 'spam' }));
      if (i % 2) acc.add(rec(`item-${String(i).padStart(2, '0')}`, 'toString', { verdict: 'abuse' }));
    }
    const list = acc.report().disagreements;
    expect(list).toHaveLength(TOP_DISAGREEMENTS);
    for (let i = 1; i < list.length; i++) expect(list[i - 1]!.disagreement).toBeGreaterThanOrEqual(list[i]!.disagreement);
    // Odd items with three different answers (disagreement 1) first, in item order.
    expect(list.slice(0, 3).map((d) => d.item)).toEqual(['item-01', 'item-05', 'item-07']);
    const first = list[0]!;
    expect(Object.getPrototypeOf(first.answers)).toBe(Object.prototype);
    expect(Object.keys(first.answers)).toEqual(['__proto__', 'constructor', 'toString']);
    expect(JSON.parse(JSON.stringify(first.answers))).toEqual({ ['__proto__']: 'none', constructor: 'spam', toString: 'abuse' });
    expect(first.text).toBe('<b>1</b>');
  });
});

describe('computeQuality and sets whose examples cannot be gold', () => {
  it('reads a stream of inputs (async too), gold first, unreadable entries counted', async () => {
    async function* inputs() {
      yield { value: rec('g1', 'a', { verdict: 'none' }), at: { line: 1 } };
      yield { unreadable: 'Unexpected JSON syntax: x', at: { line: 2 } };
      yield { value: rec('g1', 'b', { verdict: 'spam' }), at: { line: 3 } };
    }
    const report = await computeQuality(set, inputs(), { resamples: 10, gold: [{ value: rec('g1', undefined, { verdict: 'spam' }) }, { unreadable: 'Unexpected JSON syntax: y', at: { source: 'gold.jsonl', line: 9 } }] });
    expect(report.records).toMatchObject({ read: 3, used: 2, invalid: 1 });
    expect(report.gold).toMatchObject({ items: 1, fromRecords: 1, invalid: 1 });
    expect(report.annotators.map((a) => [a.id, a.goldAccuracy])).toEqual([
      ['a', 0],
      ['b', 1],
    ]);
    expect(report.problems.map((p) => [p.source, p.line])).toEqual([
      ['gold.jsonl', 9],
      [undefined, 2],
    ]);
  });

  it('measures a set whose example the gold export cannot express, and says why the examples are not gold', () => {
    const broken = memorySet(
      { id: 'spans', version: '1.0.0', questions: [{ id: 'spans', type: 'span', prompt: 'Spans?', required: false, options: [{ id: 'span.x', title: 'X' }] }] },
      '## `span.x` X\n\n```example\nid: ex-1\ntext: "hello world"\nanswers:\n  spans:\n    - text: "not in the text"\n      label: span.x\nwhy: A quote that is not there.\n```\n',
    );
    const acc = new QualityAccumulator(broken, { resamples: 10 });
    acc.add(rec('i1', 'a', { spans: [] }));
    const report = acc.report();
    expect(report.gold).toMatchObject({ items: 0, fromExamples: 0, examplesError: expect.stringContaining('span span.x quotes "not in the text", which is not in the example text') });
    expect(report.records.used).toBe(1);
  });
});
