/**
 * `rubric quality … --suggest-examples <label>`: the label's case studies
 * (the items its annotators split on) written into guideline.md as new
 * borderline examples under the label's section, so a retrospective turns
 * into guidance. The answer is the gold answer when the item is a gold item,
 * else the one most annotators gave (the writer adjudicates: the `why` starts
 * with a TODO marker, which keeps the set out of review until it is written).
 * Questions that answer makes required are answered as most of the
 * annotators who gave it did, read from the annotation files again. The
 * file is written once, atomically; the set still lints.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { applyEdits, draftExample, ExampleDraftError, parseGuideline, type DraftAnswer, type GuidelineSet } from '@rubric/core';
import { caseExample, isLabelStudioValue, itemKeyOf, labelCases, labelStudioRecords, type CaseStudy, type QualityReport } from '@rubric/quality';
import { UsageError } from './errors.js';
import { singleLine } from './formatters/shared.js';

/** What happened to each case. */
export interface SuggestedExamples {
  added: { item: string; id: string; answer: string }[];
  skipped: { item: string; why: string }[];
}

/** Reads the annotation files again, handing each parsed value to `take`. */
export type ReadAgain = (take: (value: unknown) => void) => Promise<void>;

/** The answer given most often (ties: the first in sorted order), compared as JSON. */
function majority(values: readonly unknown[]): DraftAnswer | undefined {
  const counts = new Map<string, { n: number; value: unknown }>();
  for (const v of values) {
    if (v === undefined || v === null || v === '') continue;
    const key = JSON.stringify(Array.isArray(v) ? [...(v as unknown[])].map(String).sort() : v);
    const entry = counts.get(key) ?? { n: 0, value: v };
    entry.n++;
    counts.set(key, entry);
  }
  const best = [...counts].sort((a, b) => b[1].n - a[1].n || (a[0] < b[0] ? -1 : 1))[0]?.[1].value;
  if (typeof best === 'string' || typeof best === 'number') return best;
  if (Array.isArray(best) && best.every((x) => typeof x === 'string')) return best as string[];
  // Span answers (objects) are no answer an example can state by itself.
  return undefined;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(Array.isArray(a) ? [...a].map(String).sort() : a) === JSON.stringify(Array.isArray(b) ? [...b].map(String).sort() : b);

/** Adds the label's case studies to the set's guideline.md; returns what was added and what was skipped, and why. */
export async function suggestExamples(set: GuidelineSet, report: QualityReport, labelId: string, readAgain: ReadAgain): Promise<SuggestedExamples> {
  const doc = set.guideline;
  const schema = set.schema;
  if (!doc || !schema) throw new UsageError(`--suggest-examples: ${set.guidelinePath} or its schema could not be read`);
  if (!report.questions.some((q) => q.labels.some((l) => l.id === labelId))) {
    throw new UsageError(`Unexpected label "${singleLine(labelId)}" for --suggest-examples, expected a label of ${report.set.id}: ${report.questions.flatMap((q) => q.labels.map((l) => l.id)).slice(0, 20).join(', ')}`);
  }
  if (!doc.sections.some((s) => s.labelId === labelId)) throw new UsageError(`--suggest-examples ${labelId}: guideline.md has no section for it, where the examples would go`);
  const cases: CaseStudy[] = labelCases(report, labelId);
  const result: SuggestedExamples = { added: [], skipped: [] };

  // Every record of the cases' items, for the questions an adjudicated answer makes required.
  const wanted = new Set(cases.map((c) => c.item));
  const records = new Map<string, Record<string, unknown>[]>();
  const keep = (record: unknown): void => {
    if (typeof record !== 'object' || record === null) return;
    const key = itemKeyOf(record as Record<string, unknown>);
    const answers = (record as { answers?: unknown }).answers;
    if (key === undefined || !wanted.has(key) || typeof answers !== 'object' || answers === null) return;
    const list = records.get(key) ?? [];
    list.push(answers as Record<string, unknown>);
    records.set(key, list);
  };
  if (cases.length) {
    await readAgain((value) => {
      if (isLabelStudioValue(value)) {
        for (const entry of labelStudioRecords(set, value).records) if ('record' in entry) keep(entry.record);
      } else keep(value);
    });
  }

  let current = set;
  let text = doc.text;
  for (const study of cases) {
    const examples = current.guideline?.examples ?? [];
    if (examples.some((e) => e.id === study.item || (study.text !== undefined && e.text === study.text))) {
      result.skipped.push({ item: study.item, why: 'already an example in guideline.md' });
      continue;
    }
    if (study.text === undefined || study.text.trim() === '') {
      result.skipped.push({ item: study.item, why: 'the annotations carry no text for it' });
      continue;
    }
    const adjudicated = study.gold !== undefined ? majority([study.gold]) : majority(Object.values(study.answers));
    if (adjudicated === undefined) {
      result.skipped.push({ item: study.item, why: 'no answer to write' });
      continue;
    }
    const answers: Record<string, DraftAnswer> = { [study.question]: adjudicated };
    const itemRecords = records.get(study.item) ?? [];
    const agreeing = itemRecords.filter((r) => same(r[study.question], adjudicated));
    let draft;
    let why: string | undefined;
    try {
      for (;;) {
        draft = draftExample(current, labelId, caseExample(study, answers, report.set.version, (id) => schema.labelsById.has(id)));
        const next = draft.missing[0];
        if (next === undefined || answers[next] !== undefined) break;
        const value = majority((agreeing.length ? agreeing : itemRecords).map((r) => r[next]));
        if (value === undefined) {
          why = `no annotator answered \`${next}\`, which the answer makes required`;
          break;
        }
        answers[next] = value;
      }
    } catch (error) {
      if (!(error instanceof ExampleDraftError)) throw error;
      why = error.message;
    }
    const errors = draft?.findings.filter((f) => f.severity === 'error') ?? [];
    if (why === undefined && errors.length) why = `it would not lint: ${errors.map((f) => f.message).join('; ')}`;
    if (why !== undefined || !draft) {
      result.skipped.push({ item: study.item, why: why ?? 'no draft' });
      continue;
    }
    text = applyEdits(text, [draft.edit]).text;
    current = { ...current, guideline: parseGuideline(doc.file, text) };
    result.added.push({ item: study.item, id: draft.id, answer: Array.isArray(adjudicated) ? adjudicated.join(', ') : String(adjudicated) });
  }
  if (result.added.length) {
    // Beside and rename: an interrupted run never leaves half a guideline.
    const tmp = `${doc.file}.rubric-examples.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, doc.file);
  }
  return result;
}
