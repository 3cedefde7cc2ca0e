/**
 * Semantic diff between two versions of a guideline set: what changed for
 * labelers and for the data (labels, questions, definitions, examples,
 * frontmatter), each change classified major / minor / patch with its reason
 * and field path, and the version bump and status transition checked.
 */
import type { Example, GuidelineDocument, GuidelineSet, Label, Question, SchemaDocument, SetStatus } from '../model.js';
import { LABELLED_QUESTION_TYPES, SET_STATUSES } from '../model.js';
import type { Range } from '../position.js';
import { isRecord } from '../util.js';
import { ancestry, renamedLabels } from '../labels.js';
import { labelIndex, proseCodeSpans, type LabelIndex } from '../label-index.js';
import { compareBump, declaredBump, maxBump, type Bump, type BumpLevel } from './semver.js';
import { diffWords, type DiffPart } from './word-diff.js';

/** What kind of change. */
export type ChangeKind =
  | 'set-added'
  | 'set-removed'
  | 'label-added'
  | 'label-removed'
  | 'label-renamed'
  | 'label-moved'
  | 'label-deprecated'
  | 'label-undeprecated'
  | 'label-severity'
  | 'label-title'
  | 'question-added'
  | 'question-removed'
  | 'question-type'
  | 'question-required'
  | 'question-optional'
  | 'question-when'
  | 'question-prompt'
  | 'definition'
  | 'prose'
  | 'example-added'
  | 'example-removed'
  | 'example-relabeled'
  | 'example-edited'
  | 'frontmatter'
  | 'changelog';

/** Where a change shows: in the new version (head) or, for removals, the old one (base). */
export interface ChangeLocation {
  side: 'base' | 'head';
  file: string;
  range: Range;
}

/** One semantic change. */
export interface Change {
  kind: ChangeKind;
  level: BumpLevel;
  /** Field path, e.g. `questions[verdict].options[hate.slur]`. */
  path: string;
  /** Why it has this level, for people. */
  reason: string;
  labelId?: string;
  questionId?: string;
  before?: string;
  after?: string;
  /** Word diff of a definition or prose change. */
  words?: DiffPart[];
  location?: ChangeLocation;
  /** The reason given in the frontmatter `acknowledgements`, when this breaking change is acknowledged. */
  acknowledged?: string;
}

/** A problem with the change as a whole. */
export interface DiffProblem {
  code: 'bump-too-small' | 'version-backwards' | 'version-invalid' | 'status-transition' | 'approved-edited' | 'acknowledgement-unused';
  severity: 'error' | 'warning';
  message: string;
  location?: ChangeLocation;
}

/** The diff of one set. */
export interface SetDiff {
  id?: string;
  state: 'added' | 'removed' | 'changed' | 'unchanged';
  base?: { version?: string; status?: string };
  head?: { version?: string; status?: string };
  changes: Change[];
  /** The smallest bump the changes require (after acknowledgements). */
  required: Bump;
  /** The bump the versions declare. */
  declared: Bump | 'backwards' | 'invalid';
  acknowledgements: { change: string; reason: string }[];
  problems: DiffProblem[];
  /** False when any problem is an error. */
  ok: boolean;
}

/** Legal status moves without a version bump. With a bump, a new version may start in any status. */
const TRANSITIONS: Record<SetStatus, readonly SetStatus[]> = {
  draft: ['draft', 'review'],
  review: ['review', 'draft', 'approved'],
  approved: ['approved', 'deprecated'],
  deprecated: ['deprecated'],
};

/** Diffs two versions of a set; either may be missing (added or removed set). */
export function diffSets(base: GuidelineSet | undefined, head: GuidelineSet | undefined): SetDiff {
  const baseFm = frontmatterOf(base?.guideline);
  const headFm = frontmatterOf(head?.guideline);
  const id = str(headFm.id) ?? str(baseFm.id) ?? head?.schema?.id ?? base?.schema?.id;
  const out: SetDiff = {
    ...(id ? { id } : {}),
    state: 'unchanged',
    changes: [],
    required: 'none',
    declared: 'none',
    acknowledgements: [],
    problems: [],
    ok: true,
  };
  if (base) out.base = versionInfo(baseFm, base);
  if (head) out.head = versionInfo(headFm, head);
  if (!base && head) {
    out.state = 'added';
    return out;
  }
  if (base && !head) {
    out.state = 'removed';
    out.changes.push({ kind: 'set-removed', level: 'major', path: '', reason: 'The set was removed; annotations made under it have no guideline any more.' });
    out.required = 'major';
    return out;
  }
  if (!base || !head) return out;

  const changes = out.changes;
  const renames = renamesOf(head.schema);
  if (base.schema && head.schema) diffSchemas(base.schema, head.schema, renames, changes);
  if (base.guideline && head.guideline) diffGuidelines(base.guideline, base.schema, labelIndex(base), head.guideline, head.schema, renames, changes);
  out.state = changes.length ? 'changed' : 'unchanged';

  // Acknowledged breaking changes count as minor.
  const acks = Array.isArray(headFm.acknowledgements) ? headFm.acknowledgements.filter(isRecord) : [];
  out.acknowledgements = acks.map((a) => ({ change: String(a.change ?? ''), reason: String(a.reason ?? '') }));
  const used = new Set<number>();
  for (const c of changes) {
    if (c.level !== 'major') continue;
    const i = out.acknowledgements.findIndex((a) => a.change !== '' && (c.path === a.change || c.path.startsWith(`${a.change}.`)));
    if (i >= 0) {
      c.acknowledged = (out.acknowledgements[i] as { reason: string }).reason;
      used.add(i);
    }
  }
  out.required = changes.reduce<Bump>((acc, c) => maxBump(acc, c.acknowledged !== undefined ? 'minor' : c.level), 'none');
  out.declared = declaredBump(out.base?.version, out.head?.version);
  const versionLocation = locate('head', head.guideline, head.guideline?.frontmatter?.rangeOf(['version']));

  if (out.declared === 'invalid') {
    out.problems.push({ code: 'version-invalid', severity: 'error', message: `Unexpected version \`${out.head?.version ?? '(none)'}\` (base \`${out.base?.version ?? '(none)'}\`), expected semantic versions on both sides`, ...(versionLocation ? { location: versionLocation } : {}) });
  } else if (out.declared === 'backwards') {
    out.problems.push({ code: 'version-backwards', severity: 'error', message: `Unexpected version ${out.head?.version}, expected a version after the base's ${out.base?.version}`, ...(versionLocation ? { location: versionLocation } : {}) });
  } else if (compareBump(out.declared, out.required) < 0) {
    const needed = changes.filter((c) => (c.acknowledged !== undefined ? 'minor' : c.level) === out.required);
    const reasons = needed.slice(0, 10).map((c) => `${c.reason.replace(/\.$/, '')} (\`${c.path || 'the set'}\`)`);
    const more = needed.length > 10 ? ` (and ${needed.length - 10} more)` : '';
    out.problems.push({
      code: 'bump-too-small',
      severity: 'error',
      message: `Unexpected ${out.declared === 'none' ? 'unchanged version' : `${out.declared} bump`} ${out.base?.version} -> ${out.head?.version}, expected at least a ${out.required} bump: ${reasons.join('; ')}${more}.${out.required === 'major' ? ' Bump the major version, or acknowledge each breaking change in the frontmatter `acknowledgements` with its path and reason.' : ''}`,
      ...(versionLocation ? { location: versionLocation } : {}),
    });
  }
  out.acknowledgements.forEach((a, i) => {
    if (!used.has(i)) out.problems.push({ code: 'acknowledgement-unused', severity: 'warning', message: `Unexpected acknowledgement of \`${a.change}\`, expected the path of a breaking change in this diff` });
  });

  const from = out.base?.status as SetStatus | undefined;
  const to = out.head?.status as SetStatus | undefined;
  const bumped = out.declared !== 'none' && out.declared !== 'backwards' && out.declared !== 'invalid';
  const statusLocation = locate('head', head.guideline, head.guideline?.frontmatter?.rangeOf(['status']));
  if (from && to && isStatus(from) && isStatus(to) && !bumped && !TRANSITIONS[from].includes(to)) {
    out.problems.push({ code: 'status-transition', severity: 'error', message: `Unexpected status change ${from} -> ${to}, expected ${TRANSITIONS[from].filter((s) => s !== from).join(' or ') || 'no change'} without a version bump`, ...(statusLocation ? { location: statusLocation } : {}) });
  }
  if (from === 'approved' && out.declared === 'none' && changes.length > 0) {
    out.problems.push({ code: 'approved-edited', severity: 'error', message: `Unexpected change to approved version ${out.base?.version ?? ''}, expected a new version for any change to an approved guideline`, ...(versionLocation ? { location: versionLocation } : {}) });
  }
  out.ok = !out.problems.some((p) => p.severity === 'error');
  return out;
}

function isStatus(s: string): s is SetStatus {
  return (SET_STATUSES as readonly string[]).includes(s);
}

function frontmatterOf(doc: GuidelineDocument | undefined): Record<string, unknown> {
  return isRecord(doc?.frontmatter?.data) ? doc.frontmatter.data : {};
}

function versionInfo(fm: Record<string, unknown>, set: GuidelineSet): { version?: string; status?: string } {
  const version = str(fm.version) ?? set.schema?.version;
  const status = str(fm.status);
  return { ...(version ? { version } : {}), ...(status ? { status } : {}) };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function locate(side: 'base' | 'head', doc: { file: string } | undefined, range: Range | undefined): ChangeLocation | undefined {
  return doc && range ? { side, file: doc.file, range } : undefined;
}

function questionPath(q: Question | string): string {
  return `questions[${typeof q === 'string' ? q : q.id}]`;
}

function labelPath(label: Label): string {
  return `${questionPath(label.questionId)}.options[${label.id}]`;
}

function diffSchemas(base: SchemaDocument, head: SchemaDocument, renames: ReadonlyMap<string, string>, changes: Change[]): void {
  for (const q of base.questions) {
    const h = head.questionsById.get(q.id);
    if (!h) {
      changes.push({ kind: 'question-removed', level: 'major', path: questionPath(q), questionId: q.id, reason: `Question \`${q.id}\` was removed; its answers in old annotations no longer fit.`, location: { side: 'base', file: base.file, range: q.idRange } });
      continue;
    }
    const at: ChangeLocation = { side: 'head', file: head.file, range: h.idRange };
    if (q.type !== h.type) changes.push({ kind: 'question-type', level: 'major', path: `${questionPath(q)}.type`, questionId: q.id, before: q.type, after: h.type, reason: `Question \`${q.id}\` changed type from ${q.type} to ${h.type}; old answers have the wrong shape.`, location: at });
    if (!q.required && h.required) changes.push({ kind: 'question-required', level: 'major', path: `${questionPath(q)}.required`, questionId: q.id, before: 'false', after: 'true', reason: `Question \`${q.id}\` became required; old annotations may have no answer.`, location: at });
    if (q.required && !h.required) changes.push({ kind: 'question-optional', level: 'minor', path: `${questionPath(q)}.required`, questionId: q.id, before: 'true', after: 'false', reason: `Question \`${q.id}\` became optional.`, location: at });
    const when = compareWhen(q, h, base, head, renames);
    if (when) changes.push({ ...when, path: `${questionPath(q)}.when`, questionId: q.id, location: at });
    if ((q.prompt ?? '') !== (h.prompt ?? '')) changes.push({ kind: 'question-prompt', level: 'patch', path: `${questionPath(q)}.prompt`, questionId: q.id, before: q.prompt ?? '', after: h.prompt ?? '', words: diffWords(q.prompt ?? '', h.prompt ?? ''), reason: `The prompt of \`${q.id}\` was reworded.`, location: at });
  }
  for (const h of head.questions) {
    if (base.questionsById.has(h.id)) continue;
    const breaking = h.required && !h.when;
    changes.push({
      kind: 'question-added',
      level: breaking ? 'major' : 'minor',
      path: questionPath(h),
      questionId: h.id,
      reason: breaking ? `Required question \`${h.id}\` was added; old annotations have no answer to it.` : `Question \`${h.id}\` was added.`,
      location: { side: 'head', file: head.file, range: h.idRange },
    });
  }

  const renamedTo = renamedLabels(head);
  const renamedTargets = new Set<string>();
  for (const l of base.labels) {
    if (base.labelsById.get(l.id) !== l) continue;
    const h = head.labelsById.get(l.id);
    if (!h) {
      const renamed = renamedTo.get(l.id);
      if (renamed && !base.labelsById.has(renamed.id)) {
        renamedTargets.add(renamed.id);
        changes.push({ kind: 'label-renamed', level: 'major', path: labelPath(l), labelId: l.id, questionId: l.questionId, before: l.id, after: renamed.id, reason: `Label \`${l.id}\` was renamed to \`${renamed.id}\`; old annotations carry the old id (migrate them with the migration map).`, location: { side: 'head', file: head.file, range: renamed.idRange } });
      } else {
        changes.push({ kind: 'label-removed', level: 'major', path: labelPath(l), labelId: l.id, questionId: l.questionId, reason: `Label \`${l.id}\` was removed; old annotations with it no longer fit.`, location: { side: 'base', file: base.file, range: l.idRange } });
      }
      continue;
    }
    const at: ChangeLocation = { side: 'head', file: head.file, range: h.idRange };
    if (h.questionId !== l.questionId) {
      changes.push({ kind: 'label-moved', level: 'major', path: labelPath(l), labelId: l.id, questionId: h.questionId, before: l.questionId, after: h.questionId, reason: `Label \`${l.id}\` moved from question \`${l.questionId}\` to \`${h.questionId}\`; old answers to \`${l.questionId}\` no longer fit.`, location: at });
    } else if ((h.parentId ?? '') !== (l.parentId === undefined ? '' : (renames.get(l.parentId) ?? l.parentId))) {
      // A parent renamed (renamedFrom) is the parent's change, not a move of its children.
      changes.push({ kind: 'label-moved', level: 'minor', path: labelPath(h), labelId: l.id, questionId: h.questionId, before: l.parentId ?? '(top level)', after: h.parentId ?? '(top level)', reason: `Label \`${l.id}\` moved in the hierarchy from under ${l.parentId ? `\`${l.parentId}\`` : 'the top level'} to under ${h.parentId ? `\`${h.parentId}\`` : 'the top level'}.`, location: at });
    }
    if (!l.deprecated && h.deprecated) changes.push({ kind: 'label-deprecated', level: 'minor', path: `${labelPath(h)}.deprecated`, labelId: l.id, questionId: h.questionId, ...(h.deprecated.replacedBy ? { after: h.deprecated.replacedBy } : {}), reason: `Label \`${l.id}\` was deprecated${h.deprecated.replacedBy ? ` in favour of \`${h.deprecated.replacedBy}\`` : ''}.`, location: at });
    if (l.deprecated && !h.deprecated) changes.push({ kind: 'label-undeprecated', level: 'minor', path: `${labelPath(h)}.deprecated`, labelId: l.id, questionId: h.questionId, reason: `Label \`${l.id}\` is no longer deprecated.`, location: at });
    if ((l.severity ?? '') !== (h.severity ?? '')) changes.push({ kind: 'label-severity', level: 'minor', path: `${labelPath(h)}.severity`, labelId: l.id, questionId: h.questionId, before: l.severity ?? '(none)', after: h.severity ?? '(none)', reason: `The severity of \`${l.id}\` changed from ${l.severity ?? '(none)'} to ${h.severity ?? '(none)'}.`, location: at });
    if ((l.title ?? '') !== (h.title ?? '')) changes.push({ kind: 'label-title', level: 'patch', path: `${labelPath(h)}.title`, labelId: l.id, questionId: h.questionId, before: l.title ?? '', after: h.title ?? '', reason: `The title of \`${l.id}\` was reworded.`, location: at });
  }
  for (const h of head.labels) {
    if (head.labelsById.get(h.id) !== h || base.labelsById.has(h.id) || renamedTargets.has(h.id)) continue;
    changes.push({ kind: 'label-added', level: 'minor', path: labelPath(h), labelId: h.id, questionId: h.questionId, reason: `Label \`${h.id}\` was added.`, location: { side: 'head', file: head.file, range: h.idRange } });
  }
}

/**
 * A `when` that hides the question in more cases is breaking (old answers given there no longer fit).
 * The base's answers are read through the renames first: a label renamed once is one change, not also a narrowed `when`.
 */
function compareWhen(q: Question, h: Question, base: SchemaDocument, head: SchemaDocument, renames: ReadonlyMap<string, string>): Pick<Change, 'kind' | 'level' | 'reason' | 'before' | 'after'> | undefined {
  const show = (w: Question['when'], answers = w?.answers ?? []): string => (w ? `${w.questionId} in [${[...answers].sort().join(', ')}]` : 'always');
  const baseAnswers = (q.when?.answers ?? []).map((a) => renames.get(a) ?? a);
  const before = show(q.when);
  const after = show(h.when);
  if (show(q.when, baseAnswers) === after) return undefined;
  if (!q.when || !h.when || q.when.questionId !== h.when.questionId) {
    const narrowed = !!h.when;
    return { kind: 'question-when', level: narrowed ? 'major' : 'minor', before, after, reason: narrowed ? `Question \`${q.id}\` is now shown only when ${after}; old answers given in other cases no longer fit.` : `Question \`${q.id}\` is now shown ${after === 'always' ? 'always' : `when ${after}`}.` };
  }
  // Same controlling question: narrowed when some old condition label is no longer covered.
  const covered = (label: string, answers: string[], schema: SchemaDocument): boolean => answers.includes(label) || ancestry(schema, label).some((id) => answers.includes(id));
  const lost = q.when.answers.filter((a, i) => !covered(baseAnswers[i] as string, h.when?.answers ?? [], head));
  const oldIdOf = new Map([...renames].map(([o, n]) => [n, o]));
  const gained = h.when.answers.filter((a) => !covered(oldIdOf.get(a) ?? a, q.when?.answers ?? [], base));
  if (lost.length) return { kind: 'question-when', level: 'major', before, after, reason: `Question \`${q.id}\` is no longer shown for ${lost.map((l) => `\`${l}\``).join(', ')}; old answers given there no longer fit.` };
  return { kind: 'question-when', level: 'minor', before, after, reason: `Question \`${q.id}\` is now also shown for ${gained.map((l) => `\`${l}\``).join(', ') || 'more answers'}.` };
}

/** Old label id -> new id for labels renamed (`renamedFrom`) in `head`, so a rename alone shows once, not as edits everywhere. */
function renamesOf(head: SchemaDocument | undefined): Map<string, string> {
  return new Map(head ? [...renamedLabels(head)].map(([old, label]) => [old, label.id]) : []);
}

/** Reads a part of a guideline's text: as written, or with renames applied (see renamedSlice). */
type Slice = (start: number, end: number) => string;

/** The section's own text: from its heading to the first sub-heading, example blocks left out. */
function definitionOf(doc: GuidelineDocument, labelId: string, slice: Slice = (a, b) => doc.text.slice(a, b)): { text: string; range: Range } | undefined {
  const section = doc.sections.find((s) => s.labelId === labelId);
  if (!section) return undefined;
  const start = section.heading.range.end.offset;
  let end = section.range.end.offset;
  for (const h of doc.headings) if (h.range.start.offset >= start && h.range.start.offset < end) end = h.range.start.offset;
  let text = '';
  let at = start;
  for (const ex of doc.examples) {
    if (ex.range.start.offset < start || ex.range.start.offset >= end) continue;
    text += slice(at, ex.range.start.offset);
    at = ex.range.end.offset;
  }
  text += slice(at, end);
  return { text: text.trim(), range: section.heading.range };
}

/** Text outside frontmatter, label sections and changelog: scope, decision rules. */
function proseOf(doc: GuidelineDocument, slice: Slice = (a, b) => doc.text.slice(a, b)): string {
  const cut: [number, number][] = [];
  if (doc.frontmatter) cut.push([doc.frontmatter.range.start.offset, doc.frontmatter.range.end.offset]);
  for (const s of doc.sections) if (!s.parentLabelId) cut.push([s.range.start.offset, s.range.end.offset]);
  if (doc.changelog) cut.push([doc.changelog.range.start.offset, doc.changelog.range.end.offset]);
  cut.sort((a, b) => a[0] - b[0]);
  let text = '';
  let at = 0;
  for (const [s, e] of cut) {
    if (s > at) text += slice(at, s);
    at = Math.max(at, e);
  }
  text += slice(at, doc.text.length);
  return text.replace(/\n{3,}/g, '\n\n').trim();
}

/**
 * A slice of the base guideline with its label references (as the label index finds them) written
 * the new way, so a rename is not also reported as rewording. History is left as written.
 */
function renamedSlice(doc: GuidelineDocument, index: LabelIndex, renames: ReadonlyMap<string, string>): Slice {
  return (start, end) => {
    if (renames.size === 0) return doc.text.slice(start, end);
    let out = '';
    let at = start;
    for (const o of index.within(doc.file, start, end)) {
      const to = renames.get(o.labelId);
      if (!to || o.role !== 'reference' || !o.exact || o.range.end.offset > end) continue;
      out += doc.text.slice(at, o.range.start.offset) + to;
      at = o.range.end.offset;
    }
    return out + doc.text.slice(at, end);
  };
}

/** An example's `why` with its label references renamed, as renamedSlice does for prose. */
function renamedWhy(example: Example, index: LabelIndex, file: string, renames: ReadonlyMap<string, string>): string {
  const why = example.why ?? '';
  if (renames.size === 0) return why;
  const spans = proseCodeSpans(why);
  const renamed = new Map<number, string>();
  for (const o of index.within(file, example.range.start.offset, example.range.end.offset)) {
    const to = renames.get(o.labelId);
    if (to && o.context === 'example-why' && o.exampleIndex === example.index && o.spanIndex !== undefined) renamed.set(o.spanIndex, to);
  }
  let out = '';
  let at = 0;
  spans.forEach((span, i) => {
    const to = renamed.get(i);
    if (to === undefined) return;
    out += `${why.slice(at, span.start)}\`${to}\``;
    at = span.end;
  });
  return out + why.slice(at);
}

function exampleKey(e: Example): string {
  return e.id !== undefined ? `id:${e.id}` : `text:${normalize(e.text ?? e.contentRange.start.offset.toString())}`;
}

function normalize(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

function answersKey(e: Example, schema: SchemaDocument | undefined, renames: ReadonlyMap<string, string> = new Map()): string {
  const parts: string[] = [];
  for (const a of e.answers) {
    const type = schema?.questionsById.get(a.questionId)?.type;
    if (type !== undefined && !LABELLED_QUESTION_TYPES.includes(type as never) && type !== 'rating') continue;
    const value = (v: string): string => renames.get(v) ?? v;
    parts.push(`${a.questionId}=${a.values.map((v) => (v.quote !== undefined ? `${value(v.value)}@${v.quote}` : value(v.value))).sort().join('|')}`);
  }
  return parts.sort().join(';');
}

function diffGuidelines(base: GuidelineDocument, baseSchema: SchemaDocument | undefined, baseIndex: LabelIndex, head: GuidelineDocument, headSchema: SchemaDocument | undefined, renames: ReadonlyMap<string, string>, changes: Change[]): void {
  const slice = renamedSlice(base, baseIndex, renames);
  const oldIdOf = new Map([...renames].map(([o, n]) => [n, o]));
  const labelIds = new Set([...base.sections.map((s) => renames.get(s.labelId) ?? s.labelId), ...head.sections.map((s) => s.labelId)]);
  for (const id of labelIds) {
    const b = definitionOf(base, id, slice) ?? definitionOf(base, oldIdOf.get(id) ?? id, slice);
    const h = definitionOf(head, id);
    if (b && h && b.text !== h.text) {
      changes.push({ kind: 'definition', level: 'patch', path: `sections[${id}].definition`, labelId: id, before: b.text, after: h.text, words: diffWords(b.text, h.text), reason: `The definition of \`${id}\` was reworded.`, location: { side: 'head', file: head.file, range: h.range } });
    }
  }
  const bp = proseOf(base, slice);
  const hp = proseOf(head);
  if (bp !== hp) changes.push({ kind: 'prose', level: 'patch', path: 'prose', before: bp, after: hp, words: diffWords(bp, hp), reason: 'Text outside label sections (scope, decision rules) was reworded.' });

  const baseExamples = new Map(base.examples.map((e) => [exampleKey(e), e]));
  const headExamples = new Map(head.examples.map((e) => [exampleKey(e), e]));
  for (const [key, b] of baseExamples) {
    const h = headExamples.get(key);
    const name = b.id !== undefined ? `examples[${b.id}]` : `examples[${JSON.stringify(normalize(b.text ?? '').slice(0, 40))}]`;
    if (!h) {
      changes.push({ kind: 'example-removed', level: 'minor', path: name, ...(b.sectionLabelId ? { labelId: b.sectionLabelId } : {}), reason: `An example${b.sectionLabelId ? ` of \`${b.sectionLabelId}\`` : ''} was removed.`, location: { side: 'base', file: base.file, range: b.range } });
      continue;
    }
    const at: ChangeLocation = { side: 'head', file: head.file, range: h.range };
    const ba = answersKey(b, baseSchema, renames);
    const ha = answersKey(h, headSchema);
    if (ba !== ha) changes.push({ kind: 'example-relabeled', level: 'minor', path: `${name}.answers`, ...(h.sectionLabelId ? { labelId: h.sectionLabelId } : {}), before: ba, after: ha, reason: `An example${h.sectionLabelId ? ` of \`${h.sectionLabelId}\`` : ''} now expects different answers (${ba || 'none'} -> ${ha || 'none'}).`, location: at });
    else if (normalize(b.text ?? '') !== normalize(h.text ?? '') || normalize(renamedWhy(b, baseIndex, base.file, renames)) !== normalize(h.why ?? '') || b.kind !== h.kind) {
      changes.push({ kind: 'example-edited', level: 'patch', path: name, ...(h.sectionLabelId ? { labelId: h.sectionLabelId } : {}), reason: `An example${h.sectionLabelId ? ` of \`${h.sectionLabelId}\`` : ''} was edited without changing its answers.`, location: at });
    }
  }
  for (const [key, h] of headExamples) {
    if (baseExamples.has(key)) continue;
    const name = h.id !== undefined ? `examples[${h.id}]` : `examples[${JSON.stringify(normalize(h.text ?? '').slice(0, 40))}]`;
    changes.push({ kind: 'example-added', level: 'minor', path: name, ...(h.sectionLabelId ? { labelId: h.sectionLabelId } : {}), reason: `An example${h.sectionLabelId ? ` of \`${h.sectionLabelId}\`` : ''} was added.`, location: { side: 'head', file: head.file, range: h.range } });
  }

  const bf = frontmatterOf(base);
  const hf = frontmatterOf(head);
  for (const key of ['title', 'owners', 'effective', 'locale']) {
    const b = JSON.stringify(bf[key] ?? null);
    const h = JSON.stringify(hf[key] ?? null);
    if (b !== h) {
      const range = head.frontmatter?.rangeOf([key]);
      changes.push({ kind: 'frontmatter', level: 'patch', path: `frontmatter.${key}`, before: b, after: h, reason: `Frontmatter \`${key}\` changed.`, ...(range ? { location: { side: 'head' as const, file: head.file, range } } : {}) });
    }
  }
  const bc = base.changelog ? base.text.slice(base.changelog.range.start.offset, base.changelog.range.end.offset).trim() : '';
  const hc = head.changelog ? head.text.slice(head.changelog.range.start.offset, head.changelog.range.end.offset).trim() : '';
  if (bc !== hc) changes.push({ kind: 'changelog', level: 'patch', path: 'changelog', reason: 'The changelog changed.', ...(head.changelog ? { location: { side: 'head' as const, file: head.file, range: head.changelog.heading.range } } : {}) });
}
