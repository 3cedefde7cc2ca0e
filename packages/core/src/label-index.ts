/**
 * Where is this label written? The one answer for a whole set.
 *
 * A label id stands in many places: its entry in schema.json and the heading
 * of its section (definitions), prose, headings, an example's `why`,
 * `when.answers` and `deprecated.replacedBy` (references), example answers
 * (answers), and `renamedFrom`, the changelog and the frontmatter's
 * acknowledgements (history). Every consumer that needs to know what counts
 * as a label id, or what it is, asks this index: the reference rules, the
 * editor's hover, definition, references, highlights, rename and code lens,
 * the renderer's label links and unknown-label marks (so the preview, the
 * catalog and the Label Studio instructions), the semantic diff and the
 * migration map. When each decided for itself they drifted: an unknown label
 * in a `why` was marked by the preview but reported by no rule, and a rename
 * left it behind. docs/format.md ("Where a label id can stand") is the
 * contract written out.
 */
import { LABEL_ID_PATTERN, LABELLED_QUESTION_TYPES, type GuidelineDocument, type GuidelineSet, type Label, type QuestionType, type SchemaDocument } from './model.js';
import type { LineIndex, Range } from './position.js';
import { isLabelLike } from './parse/guideline.js';
import { isRecord, valueAtPointer } from './util.js';

/**
 * What a place does with the label id written there:
 * - `definition`: where the label is made (its schema entry, its section heading);
 * - `reference`: live text that points at a label; it must name a label of the schema, and a rename rewrites it;
 * - `answer`: an example's answer (a gold label); it must fit its question, and a rename rewrites it;
 * - `history`: a record of the past (`renamedFrom`, the changelog, acknowledgements); never checked against
 *   the current schema and never rewritten.
 */
export type OccurrenceRole = 'definition' | 'reference' | 'answer' | 'history';

/** Where in a set an occurrence stands. */
export type OccurrenceContext =
  /** schema.json: an option's `id`. */
  | 'schema'
  /** guideline.md: the label id leading a section heading. */
  | 'section'
  /** guideline.md: inline code in paragraphs, lists, tables, quotes, link texts and footnotes. */
  | 'prose'
  /** guideline.md: inline code in a heading, after its lead. */
  | 'heading'
  /** guideline.md: inline code in an example's `why`. */
  | 'example-why'
  /** guideline.md: a value of an example's `answers`. */
  | 'example-answer'
  /** schema.json: an item of a question's `when.answers`. */
  | 'when'
  /** schema.json: an option's `deprecated.replacedBy`. */
  | 'replaced-by'
  /** schema.json: an item of an option's `renamedFrom`. */
  | 'renamed-from'
  /** guideline.md: inline code anywhere in the `## Changelog` section. */
  | 'changelog'
  /** guideline.md: a label named in the change path of a frontmatter `acknowledgements` entry. */
  | 'acknowledgement';

/** The role each context has: fixed, so every consumer reads the same. */
export const OCCURRENCE_ROLES: Readonly<Record<OccurrenceContext, OccurrenceRole>> = {
  schema: 'definition',
  section: 'definition',
  prose: 'reference',
  heading: 'reference',
  'example-why': 'reference',
  when: 'reference',
  'replaced-by': 'reference',
  'example-answer': 'answer',
  'renamed-from': 'history',
  changelog: 'history',
  acknowledgement: 'history',
};

/** One place a label id is written. */
export interface LabelOccurrence {
  /** The id as written. */
  labelId: string;
  role: OccurrenceRole;
  context: OccurrenceContext;
  file: string;
  /** The id itself, without quotes or backticks (when `exact`), else the whole value holding it. */
  range: Range;
  /**
   * True when `range` is exactly the id as written, so an edit may replace it. False for ids written
   * with escapes (`"hate\u002eslur"` in JSON, `\x60` in a YAML string): a fix or rename must not
   * guess, and says so.
   */
  exact: boolean;
  /** schema: the label's question; example-answer: the question answered; when: the `when.question`. */
  questionId?: string;
  /** guideline.md: the innermost label section holding the occurrence. */
  sectionLabelId?: string;
  /** example-why and example-answer: the example's index in the guideline. */
  exampleIndex?: number;
  /** example-why: the position of the backtick span among those of the `why` text (see proseCodeSpans). */
  spanIndex?: number;
  /** schema: the label's JSON pointer; renamed-from, replaced-by: the option's pointer; when: the question's. */
  pointer?: string;
}

/** The occurrences of a set, with the lookups every consumer needs. */
export interface LabelIndex {
  /** Every occurrence: schema.json first, then guideline.md, each in document order. */
  readonly occurrences: readonly LabelOccurrence[];
  /** False when schema.json could not be read: then no label id can be called unknown. */
  readonly schemaKnown: boolean;
  /** Old id -> the label that carries it now (via `renamedFrom`), for ids that are no longer labels; the first claim wins. */
  readonly renamed: ReadonlyMap<string, Label>;
  /** Every occurrence of an id as written, in the order of `occurrences`. */
  of(labelId: string): readonly LabelOccurrence[];
  /** The occurrence whose range holds `offset` of `file` (both ends included, for a cursor just after an id). */
  at(file: string, offset: number): LabelOccurrence | undefined;
  /** The occurrences of one file whose ranges start in [start, end), in document order. */
  within(file: string, start: number, end: number): readonly LabelOccurrence[];
  /** The label an id stands for now: its own label, or the label it was renamed to; undefined for unknown ids. */
  resolve(labelId: string): Label | undefined;
}

/** A backtick span in plain-text prose (an example's `why`): offsets in the text, value without the backticks. */
export interface ProseCodeSpan {
  start: number;
  end: number;
  value: string;
}

// One backtick on each side, not across lines: how YAML prose (`why`) writes code, and how the renderer shows it.
const PROSE_CODE = /`([^`\n]+)`/g;

/** The backtick spans of a plain-text value (an example's `why`), in order. */
export function proseCodeSpans(text: string): ProseCodeSpan[] {
  const out: ProseCodeSpan[] = [];
  for (const m of text.matchAll(PROSE_CODE)) {
    const start = m.index ?? 0;
    out.push({ start, end: start + m[0].length, value: m[1] ?? '' });
  }
  return out;
}

/**
 * The label id that inline code in prose names, or undefined when it is just code.
 * The one rule for prose, headings, `why` and the changelog: the code reads as a label id
 * (dotted lowercase, not a file name such as `schema.json`), and either has a dot or, being one
 * segment like `none`, is a label of the schema (or was one, by `renamedFrom`). Without a
 * readable schema a one-segment id counts when the guideline has a section for it.
 */
export function labelMentionOf(code: string, scope: MentionScope): string | undefined {
  const value = code.trim();
  if (!isLabelLike(value)) return undefined;
  if (value.includes('.')) return value;
  if (scope.schema) return scope.schema.labelsById.has(value) || scope.renamed.has(value) ? value : undefined;
  return scope.sectionLabelIds.has(value) ? value : undefined;
}

/** What labelMentionOf needs to know of the set. */
export interface MentionScope {
  /** The schema, when it could be read. */
  schema: SchemaDocument | undefined;
  renamed: ReadonlyMap<string, Label>;
  sectionLabelIds: ReadonlySet<string>;
}

/** The occurrences in schema.json alone, with the renames: what the diff and the migration map read. */
export interface SchemaLabelIndex {
  readonly occurrences: readonly LabelOccurrence[];
  readonly renamed: ReadonlyMap<string, Label>;
}

const schemaIndexes = new WeakMap<SchemaDocument, SchemaLabelIndex>();
const setIndexes = new WeakMap<GuidelineSet, { guideline: GuidelineDocument | undefined; schema: SchemaDocument | undefined; index: LabelIndex }>();

/** The label occurrences of schema.json (computed once per parsed schema). */
export function schemaLabelIndex(schema: SchemaDocument): SchemaLabelIndex {
  let index = schemaIndexes.get(schema);
  if (!index) {
    index = buildSchemaIndex(schema);
    schemaIndexes.set(schema, index);
  }
  return index;
}

/** The label index of a set (computed once per loaded set). */
export function labelIndex(set: GuidelineSet): LabelIndex {
  const cached = setIndexes.get(set);
  if (cached && cached.guideline === set.guideline && cached.schema === set.schema) return cached.index;
  const index = buildIndex(set);
  setIndexes.set(set, { guideline: set.guideline, schema: set.schema, index });
  return index;
}

/** Whether a schema was read well enough to call a label id unknown. */
export function schemaIsKnown(schema: SchemaDocument | undefined): schema is SchemaDocument {
  return schema !== undefined && schema.json !== undefined;
}

function buildSchemaIndex(schema: SchemaDocument): SchemaLabelIndex {
  const out: LabelOccurrence[] = [];
  const renamed = new Map<string, Label>();
  const file = schema.file;
  // A JSON string's content range, exact when the source holds the value verbatim (no escapes).
  const stringAt = (pointer: string, value: string): { range: Range; exact: boolean } | undefined => {
    const r = schema.rangeOf(pointer);
    if (!r || schema.text[r.start.offset] !== '"') return undefined;
    const inner = schema.lines.range(r.start.offset + 1, Math.max(r.start.offset + 1, r.end.offset - 1));
    return { range: inner, exact: schema.text.slice(inner.start.offset, inner.end.offset) === value };
  };
  const add = (labelId: string, context: OccurrenceContext, at: { range: Range; exact: boolean }, extra: Partial<LabelOccurrence>): void => {
    out.push({ labelId, role: OCCURRENCE_ROLES[context], context, file, range: at.range, exact: at.exact, ...extra });
  };
  for (const label of schema.labels) {
    add(label.id, 'schema', stringAt(`${label.pointer}/id`, label.id) ?? { range: label.idRange, exact: false }, { questionId: label.questionId, pointer: label.pointer });
    // renamedFrom is a string or a list of strings; other items are the meta-schema's to report.
    const raw = valueAtPointer(schema.json, `${label.pointer}/renamedFrom`);
    const olds: [string, string][] = typeof raw === 'string' ? [[raw, `${label.pointer}/renamedFrom`]] : Array.isArray(raw) ? raw.flatMap((v, i) => (typeof v === 'string' ? [[v, `${label.pointer}/renamedFrom/${i}`] as [string, string]] : [])) : [];
    for (const [old, pointer] of olds) {
      const at = stringAt(pointer, old);
      if (at) add(old, 'renamed-from', at, { questionId: label.questionId, pointer: label.pointer });
    }
    const replacedBy = label.deprecated?.replacedBy;
    if (replacedBy !== undefined) {
      const at = stringAt(`${label.pointer}/deprecated/replacedBy`, replacedBy);
      if (at) add(replacedBy, 'replaced-by', at, { questionId: label.questionId, pointer: label.pointer });
    }
  }
  for (const label of schema.labels) {
    for (const old of label.renamedFrom) if (!schema.labelsById.has(old) && !renamed.has(old)) renamed.set(old, label);
  }
  for (const question of schema.questions) {
    const when = question.when;
    if (!when) continue;
    const raw = valueAtPointer(schema.json, `${question.pointer}/when/answers`);
    if (!Array.isArray(raw)) continue;
    raw.forEach((answer, i) => {
      if (typeof answer !== 'string') return;
      const at = stringAt(`${question.pointer}/when/answers/${i}`, answer);
      if (at) add(answer, 'when', at, { questionId: when.questionId, pointer: question.pointer });
    });
  }
  // Document order: the order of the text, whatever the walk.
  out.sort((a, b) => a.range.start.offset - b.range.start.offset);
  return { occurrences: out, renamed };
}

function buildIndex(set: GuidelineSet): LabelIndex {
  const schema = set.schema;
  const schemaIndex = schema ? schemaLabelIndex(schema) : undefined;
  const known = schemaIsKnown(schema);
  const renamed = schemaIndex?.renamed ?? new Map<string, Label>();
  const occurrences: LabelOccurrence[] = [...(schemaIndex?.occurrences ?? [])];
  const doc = set.guideline;
  if (doc) occurrences.push(...guidelineOccurrences(doc, { schema: known ? schema : undefined, renamed, sectionLabelIds: new Set(doc.sections.map((s) => s.labelId)) }));

  const byId = new Map<string, LabelOccurrence[]>();
  const byFile = new Map<string, LabelOccurrence[]>();
  for (const o of occurrences) {
    let list = byId.get(o.labelId);
    if (!list) byId.set(o.labelId, (list = []));
    list.push(o);
    let inFile = byFile.get(o.file);
    if (!inFile) byFile.set(o.file, (inFile = []));
    inFile.push(o);
  }
  // Binary search over a file's occurrences, which are in document order and never overlap.
  const firstStartingAtOrAfter = (list: readonly LabelOccurrence[], offset: number): number => {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((list[mid] as LabelOccurrence).range.start.offset < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return {
    occurrences,
    schemaKnown: known,
    renamed,
    of: (labelId) => byId.get(labelId) ?? [],
    at(file, offset) {
      const list = byFile.get(file);
      if (!list) return undefined;
      const i = firstStartingAtOrAfter(list, offset + 1) - 1;
      const o = list[i];
      return o && o.range.start.offset <= offset && offset <= o.range.end.offset ? o : undefined;
    },
    within(file, start, end) {
      const list = byFile.get(file);
      if (!list) return [];
      return list.slice(firstStartingAtOrAfter(list, start), firstStartingAtOrAfter(list, end));
    },
    resolve: (labelId) => schema?.labelsById.get(labelId) ?? renamed.get(labelId),
  };
}

/** The occurrences in guideline.md, in document order. */
function guidelineOccurrences(doc: GuidelineDocument, scope: MentionScope): LabelOccurrence[] {
  const out: LabelOccurrence[] = [];
  const file = doc.file;
  const changelog = doc.changelog?.range;
  const inChangelog = (offset: number): boolean => changelog !== undefined && changelog.start.offset <= offset && offset < changelog.end.offset;

  for (const section of doc.sections) {
    out.push({ labelId: section.labelId, role: 'definition', context: 'section', file, range: section.idRange, exact: true, sectionLabelId: section.labelId });
  }
  for (const code of doc.labelCodes) {
    const labelId = labelMentionOf(code.value, scope);
    if (labelId === undefined) continue;
    const context: OccurrenceContext = inChangelog(code.range.start.offset) ? 'changelog' : code.context;
    out.push({ labelId, role: OCCURRENCE_ROLES[context], context, file, range: code.range, exact: true, ...(code.sectionLabelId ? { sectionLabelId: code.sectionLabelId } : {}) });
  }

  for (const example of doc.examples) {
    const history = inChangelog(example.range.start.offset);
    const section = example.sectionLabelId ? { sectionLabelId: example.sectionLabelId } : {};
    if (example.why !== undefined) {
      const whyRange = example.rangeOf(['why']);
      if (whyRange) {
        const located = locateSpans(doc.text, doc.lines, whyRange, example.why);
        proseCodeSpans(example.why).forEach((span, spanIndex) => {
          const labelId = labelMentionOf(span.value, scope);
          if (labelId === undefined) return;
          const context: OccurrenceContext = history ? 'changelog' : 'example-why';
          const at = located[spanIndex];
          // The id inside the backticks, past any padding spaces.
          const exact = at !== undefined && span.value.trim() === labelId ? idIn(doc, at, labelId) : undefined;
          out.push({ labelId, role: OCCURRENCE_ROLES[context], context, file, range: exact ?? whyRange, exact: exact !== undefined, exampleIndex: example.index, spanIndex, ...section });
        });
      }
    }
    for (const answer of example.answers) {
      const question = scope.schema?.questionsById.get(answer.questionId);
      // Text and rating answers are free values, not label ids; for a question the schema lacks, values shaped like ids count.
      if (question && !LABELLED_QUESTION_TYPES.includes(question.type as QuestionType)) continue;
      for (const v of answer.values) {
        if (!question && !LABEL_ID_PATTERN.test(v.value)) continue;
        const raw = doc.text.slice(v.range.start.offset, v.range.end.offset);
        const quoted = raw.length >= 2 && (raw[0] === '"' || raw[0] === "'") && raw.endsWith(raw[0] as string);
        const inner = quoted ? doc.lines.range(v.range.start.offset + 1, v.range.end.offset - 1) : v.range;
        const exact = doc.text.slice(inner.start.offset, inner.end.offset) === v.value;
        out.push({ labelId: v.value, role: 'answer', context: 'example-answer', file, range: exact ? inner : v.range, exact, questionId: answer.questionId, exampleIndex: example.index, ...section });
      }
    }
  }

  // Acknowledgements name changes by their diff path, which holds the base version's label ids: history.
  const fm = doc.frontmatter;
  const acks = isRecord(fm?.data) && Array.isArray(fm.data.acknowledgements) ? fm.data.acknowledgements : [];
  acks.forEach((ack, i) => {
    if (!isRecord(ack) || typeof ack.change !== 'string' || !fm) return;
    const range = fm.rangeOf(['acknowledgements', i, 'change']);
    if (!range) return;
    const source = doc.text.slice(range.start.offset, range.end.offset);
    let from = 0;
    for (const m of ack.change.matchAll(/(?:options|sections)\[([^\]]+)\]/g)) {
      const id = m[1] ?? '';
      if (!LABEL_ID_PATTERN.test(id)) continue;
      const at = source.indexOf(`[${id}]`, from);
      if (at >= 0) from = at + id.length + 2;
      const exact = at >= 0 ? doc.lines.range(range.start.offset + at + 1, range.start.offset + at + 1 + id.length) : undefined;
      out.push({ labelId: id, role: 'history', context: 'acknowledgement', file, range: exact ?? range, exact: exact !== undefined });
    }
  });

  out.sort((a, b) => a.range.start.offset - b.range.start.offset || a.range.end.offset - b.range.end.offset);
  return out;
}

/** The range of `labelId` inside a located backtick span (backticks and padding excluded). */
function idIn(doc: GuidelineDocument, span: Range, labelId: string): Range | undefined {
  const raw = doc.text.slice(span.start.offset, span.end.offset);
  const at = raw.indexOf(labelId, 1);
  return at > 0 ? doc.lines.range(span.start.offset + at, span.start.offset + at + labelId.length) : undefined;
}

/**
 * Where each backtick span of a parsed YAML string stands in the source: the source of the
 * value holds the same spans in the same order (a label id needs no escaping in any YAML
 * style, and no span crosses a line). Spans whose source cannot be matched are left out.
 */
function locateSpans(text: string, lines: LineIndex, valueRange: Range, value: string): (Range | undefined)[] {
  const parsed = proseCodeSpans(value);
  const source = proseCodeSpans(text.slice(valueRange.start.offset, valueRange.end.offset));
  const out: (Range | undefined)[] = [];
  let j = 0;
  for (const span of parsed) {
    while (j < source.length && (source[j] as ProseCodeSpan).value !== span.value) j++;
    const s = source[j];
    if (!s) {
      out.push(undefined);
      continue;
    }
    out.push(lines.range(valueRange.start.offset + s.start, valueRange.start.offset + s.end));
    j++;
  }
  return out;
}
