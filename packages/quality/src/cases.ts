/**
 * From a report back to the guideline: which reports apply to the version
 * being written, the case studies of one label, and a case study as the
 * example that settles it. The editor's case-studies view, its "add as
 * example" action and `rubric quality --suggest-examples` all ask these
 * questions; they are answered here once, so they show and write the same.
 */
import { compareSemver, type DraftAnswer, type ExampleDraftInput } from '@rubric/core';
import type { AnswerValue } from '@rubric/exporters';
import type { CaseStudy, QualityReport } from './types.js';

/**
 * The reports of a set that apply to a version of it: one per version (the first given wins), none
 * newer than `version` (a version that is no semver takes them all), oldest first.
 */
export function reportsForVersion<T>(items: readonly T[], reportOf: (item: T) => { set: { id: string; version: string } }, setId: string, version: string | undefined): T[] {
  const byVersion = new Map<string, T>();
  for (const item of items) {
    const { set } = reportOf(item);
    if (set.id !== setId || byVersion.has(set.version)) continue;
    const cmp = version === undefined ? undefined : compareSemver(set.version, version);
    if (cmp !== undefined && cmp > 0) continue;
    byVersion.set(set.version, item);
  }
  return [...byVersion.values()].sort((a, b) => {
    const x = reportOf(a).set.version;
    const y = reportOf(b).set.version;
    return compareSemver(x, y) ?? (x < y ? -1 : x > y ? 1 : 0);
  });
}

/** Whether an answer chose a label or a label below it (span answers by their label). */
export function answerChose(answer: unknown, labelId: string): boolean {
  const values = Array.isArray(answer) ? answer : [answer];
  return values.some((v) => {
    const id = typeof v === 'string' ? v : typeof v === 'object' && v !== null && typeof (v as { label?: unknown }).label === 'string' ? (v as { label: string }).label : undefined;
    return id !== undefined && (id === labelId || id.startsWith(`${labelId}.`));
  });
}

/**
 * The case studies of a label: its own cases and the report's most disagreed items of its question
 * where some annotator chose it, each once, most split first (then by item id).
 */
export function labelCases(report: QualityReport, labelId: string): CaseStudy[] {
  for (const question of report.questions) {
    const label = question.labels.find((l) => l.id === labelId);
    if (!label) continue;
    const seen = new Set<string>();
    const out: CaseStudy[] = [];
    const more = report.disagreements.filter((d) => d.question === question.id && Object.values(d.answers).some((a) => answerChose(a, labelId)));
    for (const c of [...label.cases, ...more]) {
      const key = `${c.item}\u0000${c.question}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(c);
    }
    return out.sort((a, b) => b.disagreement - a.disagreement || (a.item < b.item ? -1 : a.item > b.item ? 1 : 0));
  }
  return [];
}

/** "hate.slur ×3, none ×2": how annotators split, without naming them. */
export function answerSplit(answers: Record<string, AnswerValue>): string {
  const counts = new Map<string, number>();
  for (const a of Object.values(answers)) {
    const key = Array.isArray(a) ? (a.length ? a.map((v) => (typeof v === 'string' ? v : v.label)).join(' + ') : '(nothing)') : String(a);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
    .map(([k, n]) => `${k} ×${n}`)
    .join(', ');
}

/**
 * A case study as the example to draft (core's draftExample): the item's id and text, `kind:
 * borderline`, the adjudicated answers, and a `why` that starts with a TODO marker for the writer
 * (no-todo keeps the set out of review until it is written). `isLabel` says which answer values are
 * labels of the schema now, written as references.
 */
export function caseExample(study: CaseStudy, answers: Record<string, DraftAnswer>, version: string, isLabel: (id: string) => boolean): ExampleDraftInput {
  const adjudicated = answers[study.question];
  const ref = (v: string): string => (isLabel(v) ? `\`${v}\`` : JSON.stringify(v));
  const shown = Array.isArray(adjudicated) ? (adjudicated.length ? adjudicated.map(ref).join(' and ') : 'no label') : typeof adjudicated === 'string' ? ref(adjudicated) : String(adjudicated);
  return {
    id: study.item,
    kind: 'borderline',
    text: study.text ?? '',
    answers,
    why: `TODO: say why the answer is ${shown}. Annotators of ${version} split on it: ${answerSplit(study.answers)}.`,
  };
}
