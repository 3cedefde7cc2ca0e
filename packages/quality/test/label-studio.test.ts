/**
 * Label Studio's JSON export as input: tasks with annotations by several
 * users become one record per annotation, read by the exporters' result
 * reader, the annotator from completed_by (id, or the user's email);
 * cancelled and ground-truth annotations are skipped and counted; what
 * cannot be read is an invalid record with a JSON pointer into the task.
 * The tasks are Rubric's own gold export of the hate-speech set, answered
 * by a careful and a careless annotator.
 */
import { describe, expect, it } from 'vitest';
import { goldTasks, labelStudioLayout, setTree, toLabelStudioResult } from '@rubric/exporters';
import { isLabelStudioValue, labelStudioAnnotator, labelStudioRecords, QualityAccumulator } from '../src/index.js';
import { realSet } from './support.js';

const set = realSet('hate-speech');
const layout = labelStudioLayout(setTree(set));
const gold = goldTasks(set);

/** The gold tasks as a Label Studio export: the ground truth, then two users' annotations (and a cancelled one). */
function exportedTasks() {
  return gold.labelStudio.map((task, i) => {
    const expected = gold.neutral[i]!.answers;
    const careless = toLabelStudioResult(layout, { verdict: expected.verdict === 'none' ? 'hate.slur' : 'none', ...(expected.verdict === 'none' ? { target: ['target.religion'] } : {}) });
    return {
      id: 100 + i,
      data: task.data,
      annotations: [
        ...task.annotations,
        { id: 1, completed_by: 1, result: toLabelStudioResult(layout, expected), was_cancelled: false, ground_truth: false },
        { id: 2, completed_by: { id: 2, email: 'careless@example.org' }, result: careless, was_cancelled: false, ground_truth: false },
        { id: 3, completed_by: 3, result: [], was_cancelled: true, ground_truth: false },
      ],
    };
  });
}

describe('Label Studio exports', () => {
  it('names the annotator by completed_by: the id, or the email of the user object', () => {
    expect(labelStudioAnnotator(7)).toBe('7');
    expect(labelStudioAnnotator({ id: 7, email: 'x@example.org' })).toBe('x@example.org');
    expect(labelStudioAnnotator({ id: 7 })).toBe('7');
    expect(labelStudioAnnotator(null)).toBeUndefined();
    expect(isLabelStudioValue({ annotations: [] })).toBe(true);
    expect(isLabelStudioValue({ result: [], completed_by: 1 })).toBe(true);
    expect(isLabelStudioValue({ answers: {} })).toBe(false);
  });

  it('measures the annotators of an export: gold by example id, skipped annotations counted', () => {
    const tasks = exportedTasks();
    const acc = new QualityAccumulator(set);
    tasks.forEach((task, i) => acc.add(task, { source: 'export.json', line: i + 2 }));
    const report = acc.report();
    const n = tasks.length;
    expect(report.records).toEqual({ read: 2 * n, used: 2 * n, invalid: 0, duplicates: 0, skipped: 2 * n, withoutAnnotator: 0 });
    const careful = report.annotators.find((a) => a.id === '1')!;
    const careless = report.annotators.find((a) => a.id === 'careless@example.org')!;
    expect(careful.goldAccuracy).toBe(1);
    expect(careless.goldAccuracy!).toBeLessThan(0.5);
    const verdict = report.questions.find((q) => q.id === 'verdict')!;
    expect(verdict.gold!.items).toBe(n);
    expect(verdict.pairable).toBe(n);
    // The case studies carry the task's text.
    expect(report.disagreements[0]!.text).toBe(gold.neutral.find((g) => g.item.id === report.disagreements[0]!.item)!.item.text);
  });

  it('turns what cannot be read into invalid records with pointers into the task', () => {
    const task = {
      id: 5,
      data: { text: 'x' },
      annotations: [
        { completed_by: 1, result: [{ from_name: 'nope', to_name: 'text', type: 'choices', value: { choices: ['x'] } }] },
        { completed_by: null, result: toLabelStudioResult(layout, { verdict: 'none' }) },
        'not an annotation',
        { completed_by: 2, result: toLabelStudioResult(layout, { verdict: 'hate.slur' }) },
      ],
    };
    const converted = labelStudioRecords(set, task);
    expect(converted.records.map((r) => ('errors' in r ? r.errors.map((e) => e.path) : 'record'))).toEqual([['/annotations/0/result/0/from_name'], ['/annotations/1/completed_by'], ['/annotations/2'], 'record']);
    const acc = new QualityAccumulator(set);
    acc.add(task, { source: 'export.json', line: 1 });
    const report = acc.report();
    // The last annotation says hate.slur without the required target: invalid too, located under its annotation.
    expect(report.records).toMatchObject({ read: 4, used: 0, invalid: 4 });
    expect(report.problems[3]!.errors[0]).toEqual({ path: '/annotations/3/answers/target', message: 'Missing answer to required question target (asked because verdict is "hate.slur")' });
  });

  it('reads one annotation object (with task and completed_by) as a record of that task', () => {
    const acc = new QualityAccumulator(set);
    acc.add({ task: 9, completed_by: 4, result: toLabelStudioResult(layout, { verdict: 'none' }) });
    acc.add({ task: 9, completed_by: 5, result: toLabelStudioResult(layout, { verdict: 'none' }) });
    const verdict = acc.report().questions.find((q) => q.id === 'verdict')!;
    expect([verdict.items, verdict.pairable, verdict.percentAgreement]).toEqual([1, 1, 1]);
  });
});
