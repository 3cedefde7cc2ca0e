/**
 * Reading a quality report back (a `--compare` file, a report next to a set
 * for the editor, one stored by the registry): the fields other code relies
 * on are checked, with a JSON pointer and what was expected for each
 * problem, so a hand-edited or foreign file is refused with a message and
 * not half-read.
 */
import { isRecord } from '@rubric/core';
import type { QualityReport } from './types.js';

type Problem = { path: string; message: string };

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  const s = JSON.stringify(v);
  return s.length > 40 ? `${s.slice(0, 37)}..."` : s;
}

const isNumberOrNull = (v: unknown): boolean => v === null || (typeof v === 'number' && Number.isFinite(v));

/** Whether a parsed value has the shape of a quality report (see readQualityReport for the problems). */
export function isQualityReport(value: unknown): value is QualityReport {
  return readQualityReport(value).errors.length === 0;
}

/** The report in a parsed value, or the problems that keep it from being one (at most 20). */
export function readQualityReport(value: unknown): { report?: QualityReport; errors: Problem[] } {
  const errors: Problem[] = [];
  const fail = (path: string, got: unknown, expected: string): void => {
    if (errors.length < 20) errors.push({ path, message: `Unexpected ${describe(got)}, expected ${expected}` });
  };
  if (!isRecord(value)) {
    fail('', value, 'a quality report object (rubric quality --format json)');
    return { errors };
  }
  const set = value.set;
  if (!isRecord(set)) fail('/set', set, 'an object with the set id and version');
  else {
    if (typeof set.id !== 'string') fail('/set/id', set.id, 'the set id');
    if (typeof set.version !== 'string') fail('/set/version', set.version, 'the version');
  }
  if (!Array.isArray(value.questions)) fail('/questions', value.questions, 'a list of questions');
  else {
    value.questions.forEach((q: unknown, i: number) => {
      const at = `/questions/${i}`;
      if (!isRecord(q)) return fail(at, q, 'a question object');
      if (typeof q.id !== 'string') fail(`${at}/id`, q.id, 'the question id');
      if (typeof q.type !== 'string') fail(`${at}/type`, q.type, 'the question type');
      if (q.alpha !== null && !(isRecord(q.alpha) && typeof q.alpha.value === 'number')) fail(`${at}/alpha`, q.alpha, 'null or {value, low, high}');
      if (!Array.isArray(q.labels)) return fail(`${at}/labels`, q.labels, 'a list of labels');
      q.labels.forEach((l: unknown, j: number) => {
        const lat = `${at}/labels/${j}`;
        if (!isRecord(l)) return fail(lat, l, 'a label object');
        if (typeof l.id !== 'string') fail(`${lat}/id`, l.id, 'the label id');
        if (!isNumberOrNull(l.alpha)) fail(`${lat}/alpha`, l.alpha, 'a number or null');
        if (!isNumberOrNull(l.prevalence)) fail(`${lat}/prevalence`, l.prevalence, 'a number or null');
      });
    });
  }
  if (value.bootstrap !== undefined && !(isRecord(value.bootstrap) && isRecord(value.bootstrap.questions))) fail('/bootstrap', value.bootstrap, 'an object with questions (the replicates kept for comparisons)');
  return errors.length ? { errors } : { report: value as unknown as QualityReport, errors };
}
