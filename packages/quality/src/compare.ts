/**
 * A report against the previous version's report: per question and per
 * label, the change in alpha with a 95% bootstrap interval of the
 * difference, and the change in prevalence. The two versions' annotations
 * are independent samples, so the difference's bootstrap distribution pairs
 * the i-th resample of one with the i-th of the other (both kept in the
 * reports in draw order). Labels are matched across versions by id, else
 * through the migration map's renames: a renamed label keeps its history; a
 * label replaced by another (deprecated with replacedBy) does not, since its
 * meaning changed.
 */
import { migrationMap, type Label, type MigrationMap, type SchemaDocument } from '@rubric/core';
import { decodeReplicates, percentileInterval } from './bootstrap.js';
import type { Comparison, LabelDelta, QualityReport } from './types.js';

/** The difference current − previous with the percentile interval of paired replicate differences. */
function delta(current: number | null, previous: number | null, cur: Float64Array | undefined, prev: Float64Array | undefined): Comparison['questions'][number]['alpha'] {
  const d = current !== null && previous !== null ? current - previous : null;
  let interval: { low: number; high: number } | null = null;
  if (d !== null && cur && prev) {
    const n = Math.min(cur.length, prev.length);
    const diffs = new Float64Array(n);
    for (let i = 0; i < n; i++) diffs[i] = (cur[i] as number) - (prev[i] as number);
    interval = percentileInterval(diffs);
  }
  return { previous, current, delta: d, low: interval?.low ?? null, high: interval?.high ?? null };
}

/** Compares a report with the previous one; `migration` maps the previous version's label ids to this one's. */
export function compareReports(current: QualityReport, previous: QualityReport, migration?: MigrationMap): Comparison {
  const renamedTo = new Map<string, string>();
  for (const entry of migration?.labels ?? []) if (entry.via === 'renamed' && entry.to !== null) renamedTo.set(entry.from, entry.to);
  const previousQuestions = new Map(previous.questions.map((q) => [q.id, q]));
  const replicates = (report: QualityReport, question: string, label?: string): Float64Array | undefined => {
    const q = report.bootstrap?.questions?.[question];
    return decodeReplicates(label === undefined ? q?.alpha : q?.labels?.[label]);
  };
  const questions: Comparison['questions'] = [];
  const labels: LabelDelta[] = [];
  const matched = new Set<string>();
  for (const q of current.questions) {
    const before = previousQuestions.get(q.id);
    if (!before || before.type !== q.type) continue;
    questions.push({ id: q.id, alpha: delta(q.alpha?.value ?? null, before.alpha?.value ?? null, replicates(current, q.id), replicates(previous, q.id)) });
    const beforeLabels = new Map(before.labels.map((l) => [l.id, l]));
    const renamedFrom = new Map<string, string>();
    for (const l of before.labels) {
      const to = renamedTo.get(l.id);
      if (to !== undefined && !beforeLabels.has(to)) renamedFrom.set(to, l.id);
    }
    for (const label of q.labels) {
      const previousId = beforeLabels.has(label.id) ? label.id : renamedFrom.get(label.id);
      if (previousId === undefined) continue;
      const old = beforeLabels.get(previousId)!;
      matched.add(`${q.id}\u0000${previousId}`);
      labels.push({
        question: q.id,
        id: label.id,
        previousId,
        alpha: delta(label.alpha, old.alpha, replicates(current, q.id, label.id), replicates(previous, q.id, previousId)),
        prevalence: { previous: old.prevalence, current: label.prevalence, delta: label.prevalence !== null && old.prevalence !== null ? label.prevalence - old.prevalence : null },
      });
    }
  }
  const unmatched = previous.questions.flatMap((q) => q.labels.filter((l) => !matched.has(`${q.id}\u0000${l.id}`)).map((l) => ({ question: q.id, id: l.id })));
  return { previous: { id: previous.set.id, version: previous.set.version }, questions, labels, unmatched };
}

/** The migration map from the version a report was made under to `schema`, from the labels the report lists. */
export function migrationFromReport(previous: QualityReport, schema: SchemaDocument): MigrationMap {
  const labels: Pick<Label, 'id' | 'questionId'>[] = previous.questions.flatMap((q) => q.labels.map((l) => ({ id: l.id, questionId: q.id })));
  return migrationMap({ id: previous.set.id, version: previous.set.version, labels }, schema);
}
