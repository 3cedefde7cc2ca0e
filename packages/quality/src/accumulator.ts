/**
 * The streaming half of the quality report: records go in one at a time
 * (from a file, an HTTP body, a platform's export) and only what the
 * statistics need is kept: per (item, annotator) one coded answer per
 * question in typed columns, the item's text (truncated) for case studies,
 * and counts. Memory grows with items × annotators, not with the input's
 * size; a record is checked with @rubric/exporters' validateAnnotation and an
 * invalid one is counted and located, never used, never fatal.
 *
 * Rules the numbers depend on (docs/quality.md):
 * - records are grouped by `item.id` (compared as strings);
 * - the same annotator answering the same item again replaces their earlier
 *   record (input order), counted in `records.duplicates`;
 * - an invalid record never replaces a valid one and is never a duplicate;
 * - records without `annotator` count for gold accuracy only;
 * - gold items are the set's examples (ids as in the gold export) and any
 *   records given to addGold, which must come before the annotations.
 */
import { isRecord, type GuidelineSet } from '@rubric/core';
import { ExportError, exportMetaOf, goldTasks, setTree, validateAnnotation, type AnswerValue, type ExportMeta, type SpanAnswer } from '@rubric/exporters';
import { BOOTSTRAP_RESAMPLES } from './bootstrap.js';
import { IntColumn } from './columns.js';
import { isLabelStudioValue, labelStudioRecords } from './label-studio.js';
import { questionModels, type QuestionModel } from './questions.js';
import { buildReport, type ReportOptions } from './report.js';
import { labelCodes, MAX_LISTED_PROBLEMS, MAX_TEXT_LENGTH, MISSING, sameAnswer, tallyLabels, type AddOutcome, type QualityOptions, type QualityState, type RecordLocation } from './state.js';
import type { QualityReport, RecordCounts } from './types.js';

/** Items with up to this many annotators are searched by walking their slots. */
const SCAN_LIMIT = 32;

function truncate(text: string): string {
  if (text.length <= MAX_TEXT_LENGTH) return text;
  // A fresh string (join), so the whole record's text is not kept alive through a slice.
  return [...text.slice(0, MAX_TEXT_LENGTH - 1)].join('') + '…';
}

/** The key an item is grouped by. */
export function itemKeyOf(record: Record<string, unknown>): string | undefined {
  const item = record.item;
  if (!isRecord(item)) return undefined;
  const id = item.id;
  return typeof id === 'string' ? id : typeof id === 'number' && Number.isInteger(id) ? String(id) : undefined;
}

/** Accumulates annotation records of one version; report() computes the figures. */
export class QualityAccumulator {
  /** The set's identity (id, version, content hash). */
  readonly meta: ExportMeta;
  private readonly state: QualityState;
  /** Slots per item; items with more than SCAN_LIMIT annotators get a map from annotator to slot in `crowded`. */
  private readonly itemSlots = new IntColumn();
  private readonly crowded = new Map<number, Map<number, number>>();
  private readonly annotatorIndex = new Map<string, number>();
  private started = false;

  constructor(set: GuidelineSet, options: QualityOptions = {}) {
    const meta = options.meta ?? exportMetaOf(set);
    this.meta = meta;
    const tree = setTree(set, meta);
    const questions = questionModels(tree);
    this.state = {
      set,
      meta,
      questions,
      counts: { read: 0, used: 0, invalid: 0, duplicates: 0, skipped: 0, withoutAnnotator: 0 },
      problems: [],
      maxProblems: options.maxProblems ?? MAX_LISTED_PROBLEMS,
      resamples: options.resamples ?? BOOTSTRAP_RESAMPLES,
      itemIndex: new Map(),
      itemKeys: [],
      itemText: [],
      itemHead: new IntColumn(),
      annotatorNames: [],
      annotatorRecords: [],
      slotItem: new IntColumn(),
      slotAnnotator: new IntColumn(),
      slotNext: new IntColumn(),
      values: questions.map(() => new IntColumn()),
      spanCounts: questions.map((q) => (q.node.type === 'span' ? new IntColumn() : undefined)),
      spanPool: new IntColumn(),
      sets: questions.map(() => ({ byKey: new Map(), members: [], keys: [] })),
      gold: new Map(),
      goldInvalid: 0,
      anonymousGold: questions.map((q) => ({ total: 0, correct: 0, items: new Set(), labels: new Int32Array(q.labels.length * 3) })),
    };
    if (options.examplesAsGold !== false) {
      try {
        for (const task of goldTasks(set, meta).neutral) this.state.gold.set(task.item.id, { answers: task.answers, text: task.item.text, fromExample: true });
      } catch (error) {
        // An example the gold export cannot express (lint finds it too): measure without the examples, and say why.
        if (!(error instanceof ExportError)) throw error;
        this.state.examplesError = error.message;
      }
    }
  }

  /** Counts so far. */
  get counts(): Readonly<RecordCounts> {
    return this.state.counts;
  }

  /**
   * Adds a gold record (neutral form: `item.id` and the expected answers);
   * a later one for the same item replaces the earlier. Must come before
   * the annotations. Returns false, with the problem listed, for an invalid one.
   */
  addGold(value: unknown, at: RecordLocation = {}): boolean {
    if (this.started) throw new Error('Gold records must be added before annotation records');
    const errors = isRecord(value) ? validateAnnotation(this.state.set, value).errors : [{ path: '', message: `Unexpected ${value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value}, expected a gold record object` }];
    const key = isRecord(value) ? itemKeyOf(value) : undefined;
    if (isRecord(value) && key === undefined) errors.push({ path: '/item/id', message: 'Missing item id, expected the id of the gold item (a string or an integer)' });
    if (errors.length) {
      this.state.goldInvalid++;
      this.listProblem(at, errors);
      return false;
    }
    const record = value as Record<string, unknown>;
    const item = record.item as { text?: unknown };
    this.state.gold.set(key!, { answers: record.answers as Record<string, AnswerValue>, ...(typeof item.text === 'string' ? { text: truncate(item.text) } : {}), fromExample: false });
    return true;
  }

  /**
   * Adds a parsed value: a neutral record, a Label Studio task (one record
   * per annotation) or a Label Studio annotation. Never throws for bad
   * input: what cannot be used is counted and listed.
   */
  add(value: unknown, at: RecordLocation = {}): AddOutcome {
    this.started = true;
    const outcome: AddOutcome = { used: 0, invalid: 0, duplicates: 0, skipped: 0 };
    if (isLabelStudioValue(value)) {
      const converted = labelStudioRecords(this.state.set, value);
      outcome.skipped += converted.skipped;
      this.state.counts.skipped += converted.skipped;
      for (const entry of converted.records) {
        if ('errors' in entry) {
          this.state.counts.read++;
          this.invalid(at, entry.errors, outcome);
        } else this.addRecord(entry.record, at, outcome, entry.path);
      }
      return outcome;
    }
    this.addRecord(value, at, outcome, '');
    return outcome;
  }

  /** Counts a record that could not even be parsed (not JSON, too large), with why. */
  addInvalid(at: RecordLocation, message: string, path = ''): void {
    this.started = true;
    this.state.counts.read++;
    this.invalid(at, [{ path, message }], { used: 0, invalid: 0, duplicates: 0, skipped: 0 });
  }

  /** Counts a gold record that could not be parsed, with why. */
  addInvalidGold(at: RecordLocation, message: string, path = ''): void {
    this.state.goldInvalid++;
    this.listProblem(at, [{ path, message }]);
  }

  /** The report of what was added so far. */
  report(options: ReportOptions = {}): QualityReport {
    return buildReport(this.state, options);
  }

  private listProblem(at: RecordLocation, errors: { path: string; message: string }[]): void {
    if (this.state.problems.length >= this.state.maxProblems) return;
    this.state.problems.push({
      ...(at.source !== undefined ? { source: at.source } : {}),
      ...(at.line !== undefined ? { line: at.line } : {}),
      ...(at.index !== undefined ? { index: at.index } : {}),
      errors: errors.slice(0, 10),
    });
  }

  private invalid(at: RecordLocation, errors: { path: string; message: string }[], outcome: AddOutcome): void {
    this.state.counts.invalid++;
    outcome.invalid++;
    this.listProblem(at, errors);
  }

  private addRecord(value: unknown, at: RecordLocation, outcome: AddOutcome, prefix: string): void {
    const s = this.state;
    s.counts.read++;
    const errors = validateAnnotation(s.set, value).errors;
    if (!isRecord(value)) return this.invalid(at, errors, outcome);
    const key = itemKeyOf(value);
    if (key === undefined && !errors.some((e) => e.path.startsWith('/item'))) errors.push({ path: '/item/id', message: 'Missing item id, expected the id of the annotated item (a string or an integer): records are grouped by item' });
    const annotator = value.annotator;
    if ('annotator' in value && (typeof annotator !== 'string' || annotator === '')) errors.push({ path: '/annotator', message: `Unexpected ${annotator === '' ? 'empty annotator' : JSON.stringify(annotator) ?? String(annotator)}, expected the annotator's id as a non-empty string` });
    if (errors.length) return this.invalid(at, prefix ? errors.map((e) => ({ path: `${prefix}${e.path}`, message: e.message })) : errors, outcome);
    const answers = value.answers as Record<string, AnswerValue>;
    const item = value.item as { text?: unknown };
    if (typeof annotator !== 'string') {
      s.counts.used++;
      s.counts.withoutAnnotator++;
      outcome.used++;
      this.scoreAnonymous(key!, answers);
      return;
    }
    const itemIdx = this.item(key!, typeof item.text === 'string' ? item.text : undefined);
    let annIdx = this.annotatorIndex.get(annotator);
    if (annIdx === undefined) {
      annIdx = s.annotatorNames.length;
      this.annotatorIndex.set(annotator, annIdx);
      s.annotatorNames.push(annotator);
      s.annotatorRecords.push(0);
    }
    let slot = this.findSlot(itemIdx, annIdx);
    if (slot === undefined) {
      slot = s.slotItem.push(itemIdx);
      s.slotAnnotator.push(annIdx);
      s.slotNext.push(s.itemHead.data[itemIdx] as number);
      s.itemHead.data[itemIdx] = slot;
      for (const column of s.values) column.push(MISSING);
      for (const column of s.spanCounts) column?.push(0);
      const n = ++this.itemSlots.data[itemIdx]!;
      const map = this.crowded.get(itemIdx);
      if (map) map.set(annIdx, slot);
      else if (n > SCAN_LIMIT) {
        const built = new Map<number, number>();
        for (let at = slot; at !== -1; at = s.slotNext.data[at] as number) built.set(s.slotAnnotator.data[at] as number, at);
        this.crowded.set(itemIdx, built);
      }
      s.counts.used++;
      s.annotatorRecords[annIdx]!++;
      outcome.used++;
    } else {
      s.counts.duplicates++;
      outcome.duplicates++;
    }
    this.store(slot, answers);
  }

  /** The slot of an annotator on an item, if they answered it before: a walk of the item's few slots, or its map when it has many. */
  private findSlot(itemIdx: number, annIdx: number): number | undefined {
    const map = this.crowded.get(itemIdx);
    if (map) return map.get(annIdx);
    const { slotAnnotator, slotNext } = this.state;
    for (let at = this.state.itemHead.data[itemIdx] as number; at !== -1; at = slotNext.data[at] as number) if (slotAnnotator.data[at] === annIdx) return at;
    return undefined;
  }

  /** The index of an item, created on first sight with its text. */
  private item(key: string, text: string | undefined): number {
    const s = this.state;
    let idx = s.itemIndex.get(key);
    if (idx === undefined) {
      idx = s.itemKeys.length;
      s.itemIndex.set(key, idx);
      s.itemKeys.push(key);
      s.itemText.push(text === undefined ? undefined : truncate(text));
      s.itemHead.push(-1);
      this.itemSlots.push(0);
    } else if (s.itemText[idx] === undefined && text !== undefined) s.itemText[idx] = truncate(text);
    return idx;
  }

  /** Writes a record's answers into a slot (replacing what a duplicate had). */
  private store(slot: number, answers: Record<string, AnswerValue>): void {
    const s = this.state;
    for (const q of s.questions) {
      const column = s.values[q.index]!;
      const answer = answers[q.node.id];
      if (answer === undefined) {
        column.data[slot] = MISSING;
        continue;
      }
      switch (q.node.type) {
        case 'single':
          column.data[slot] = q.code.get(answer as string) as number;
          break;
        case 'multi':
          column.data[slot] = this.setId(q, answer as string[]);
          break;
        case 'rating':
          column.data[slot] = answer as number;
          break;
        case 'text':
          column.data[slot] = 1;
          break;
        case 'span': {
          const spans = answer as SpanAnswer[];
          const counts = s.spanCounts[q.index]!;
          const previous = column.data[slot] as number;
          // Reuse a duplicate's place in the pool when the new answer fits in it.
          let offset = previous !== MISSING && (counts.data[slot] as number) >= spans.length ? previous : s.spanPool.length;
          column.data[slot] = offset;
          counts.data[slot] = spans.length;
          for (const span of spans) {
            const label = q.code.get(span.label) as number;
            if (offset === s.spanPool.length) {
              s.spanPool.push(label);
              s.spanPool.push(span.start);
              s.spanPool.push(span.end);
            } else {
              s.spanPool.data[offset] = label;
              s.spanPool.data[offset + 1] = span.start;
              s.spanPool.data[offset + 2] = span.end;
            }
            offset += 3;
          }
          break;
        }
      }
    }
  }

  /** The interned id of a set of labels of a multi question. */
  private setId(q: QuestionModel, ids: string[]): number {
    const table = this.state.sets[q.index]!;
    const codes = ids.map((id) => q.code.get(id) as number).sort((a, b) => a - b);
    const key = codes.join(',');
    let id = table.byKey.get(key);
    if (id === undefined) {
      id = table.members.length;
      table.byKey.set(key, id);
      table.members.push(Int32Array.from(codes));
      table.keys.push(key);
    }
    return id;
  }

  /** Gold tallies of a record without annotator, scored at once against the gold known now. */
  private scoreAnonymous(key: string, answers: Record<string, AnswerValue>): void {
    const gold = this.state.gold.get(key);
    if (!gold) return;
    for (const q of this.state.questions) {
      if (q.node.type !== 'single' && q.node.type !== 'multi') continue;
      const expected = gold.answers[q.node.id];
      if (expected === undefined) continue;
      const tally = this.state.anonymousGold[q.index]!;
      tally.items.add(key);
      tally.total++;
      const given = answers[q.node.id];
      if (sameAnswer(expected, given)) tally.correct++;
      tallyLabels(q, tally.labels, labelCodes(q, expected), given === undefined ? [] : labelCodes(q, given));
    }
  }
}

