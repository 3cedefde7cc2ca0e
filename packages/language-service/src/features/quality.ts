/**
 * Labeling quality where the guideline defines the label: the hover's
 * figures (alpha with its interval, gold precision and recall, the labels it
 * is confused with, the trend over the last versions), the code lens above
 * each label section ("α 0.62 (▼0.08 since 1.2.0) · confused with
 * hate.exclusion 23%", opening the label's case studies), the case studies
 * themselves, and "add as example": a case study written into the label's
 * section as a borderline example with the answer the writer adjudicates.
 */
import { draftExample, ExampleDraftError, isRecord, setIdentity, type DraftAnswer, type GuidelineSet, type Label } from '@rubric/core';
import { caseExample, labelCases, type CaseStudy } from '@rubric/quality/read';
import type { CodeLens } from 'vscode-languageserver-types';
import { toLspRange, toWorkspaceEdit } from '../convert.js';
import { CASE_STUDIES_COMMAND, type CaseAnswer, type CaseStudiesResult, type CaseStudyView, type ExampleFromCaseParams, type ExampleFromCaseResult, type QuestionToAnswer } from '../protocol.js';
import { fixed2, percent, signedChange, type LabelQualityView, type SetQuality } from '../quality/figures.js';
import type { SetKey } from '../quality/source.js';
import type { SetState } from '../sets.js';
import { documentOf, LanguageServiceError } from './navigation.js';

/** How many confusions the hover lists. */
const HOVER_CONFUSIONS = 3;

/** The set id and version the figures are looked up by: the frontmatter's, else the schema's. */
export function setKeyOf(set: GuidelineSet): SetKey | undefined {
  const { id, version } = setIdentity(set);
  return id === undefined ? undefined : { dir: set.dir, setId: id, version };
}

/**
 * Text from a report file (versions, label ids of confusions, file names) as it may stand in a
 * hover's Markdown or a lens title: a report is a file anyone can write, so nothing in it may make
 * a link, a code span break out, or a new line.
 */
export function inert(text: string, max = 80): string {
  const flat = text.replace(/[\u0000-\u001f\u007f\u2028\u2029`[\]()<>|\\!]/g, '?');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** "the registry" or the report's file name, for people. */
function sourceName(quality: SetQuality): string {
  const { kind, source } = quality.current;
  return kind === 'registry' ? 'the registry' : `\`${inert(source.slice(source.lastIndexOf('/') + 1))}\``;
}

/** "0.62 (95% 0.55–0.70)". */
function alphaText(view: LabelQualityView): string {
  const { alpha, alphaInterval } = view.figures.label;
  if (alpha === null) return 'n/a';
  const i = alphaInterval;
  return i && i.low !== null && i.high !== null ? `${fixed2(alpha)} (95% ${fixed2(i.low)}–${fixed2(i.high)})` : fixed2(alpha);
}

/** The hover block of a label's figures; undefined when the set has none for it. */
export function qualityHover(quality: SetQuality | undefined, label: Label): string | undefined {
  const view = quality?.label(label);
  if (!quality || !view) return undefined;
  const { question, label: figures, confusions } = view.figures;
  const version = inert(quality.current.report.set.version);
  const renamed = view.reportId !== label.id ? ` (as \`${inert(view.reportId)}\`)` : '';
  const lines = [`**Labeling quality** of ${version}${renamed}: ${question.pairable} items with two answers or more`];
  const change = view.change ? ` · ${signedChange(view.change.delta)} since ${inert(view.change.since)}${view.change.low !== null && view.change.high !== null ? ` (95% ${fixed2(view.change.low)} to ${fixed2(view.change.high)})` : ''}` : '';
  lines.push(`α ${alphaText(view)}${change}${figures.prevalence !== null ? ` · prevalence ${percent(figures.prevalence)}` : ''}`);
  const gold = figures.gold;
  if (gold && (gold.precision !== null || gold.recall !== null)) lines.push(`Gold: precision ${gold.precision === null ? 'n/a' : fixed2(gold.precision)} · recall ${gold.recall === null ? 'n/a' : fixed2(gold.recall)}`);
  if (confusions.length) lines.push(`Confused with ${confusions.slice(0, HOVER_CONFUSIONS).map((c) => `\`${inert(c.other)}\` ${percent(c.share)}`).join(' · ')}`);
  if (view.trend.length > 1) lines.push(`Trend: ${view.trend.map((t) => `${inert(t.version)} ${t.alpha === null ? 'n/a' : fixed2(t.alpha)}`).join(' → ')}`);
  lines.push(`_from ${sourceName(quality)}_`);
  return lines.join('  \n');
}

/** The code lens title: "α 0.62 (▼0.08 since 1.2.0) · confused with hate.exclusion 23%". */
export function qualityLensTitle(view: LabelQualityView): string {
  const alpha = view.figures.label.alpha;
  const change = view.change ? ` (${signedChange(view.change.delta)} since ${inert(view.change.since)})` : '';
  const top = view.figures.confusions[0];
  return `α ${alpha === null ? 'n/a' : fixed2(alpha)}${change}${top ? ` · confused with ${inert(top.other)} ${percent(top.share)}` : ''}`;
}

/** A code lens above each label section the figures cover; it opens the label's case studies. */
export function qualityLenses(state: SetState, uri: string, quality: SetQuality | undefined): CodeLens[] {
  const doc = state.set.guideline;
  if (!quality || !doc || documentOf(state, uri) !== doc) return [];
  const index = state.index();
  const out: CodeLens[] = [];
  for (const section of doc.sections) {
    const label = index.resolve(section.labelId);
    const view = label && label.id === section.labelId ? quality.label(label) : undefined;
    // A label nobody chose (or of a question nobody answered twice) has no figure worth a lens; the hover still says so.
    if (!view || view.figures.label.alpha === null) continue;
    out.push({ range: toLspRange(section.heading.range), command: { title: qualityLensTitle(view), command: CASE_STUDIES_COMMAND, arguments: [state.guidelineUri, section.labelId] } });
  }
  return out;
}

/** The case studies of a label: its own cases and the most disagreed items where someone chose it, most split first. */
export function caseStudies(state: SetState, quality: SetQuality | undefined, labelId: string): CaseStudiesResult | null {
  const label = state.index().resolve(labelId);
  const view = label ? quality?.label(label) : undefined;
  if (!quality || !view) return null;
  const report = quality.current.report;
  const cases = labelCases(report, view.reportId);
  const examples = state.set.guideline?.examples ?? [];
  return {
    guidelineUri: state.guidelineUri,
    labelId,
    version: report.set.version,
    source: quality.current.source,
    cases: cases.map(
      (c): CaseStudyView => ({
        item: c.item,
        question: c.question,
        ...(c.text !== undefined ? { text: c.text } : {}),
        disagreement: c.disagreement,
        answers: c.answers as Record<string, CaseAnswer>,
        ...(c.gold !== undefined ? { gold: c.gold as CaseAnswer } : {}),
        inGuideline: examples.some((e) => e.id === c.item || (c.text !== undefined && e.text === c.text)),
      }),
    ),
  };
}

/** An answer from a client, checked for the shape a question takes. */
function draftAnswer(value: unknown, type: string, question: string): DraftAnswer {
  if (type === 'multi') {
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  } else if (type === 'rating') {
    if (typeof value === 'number' && Number.isFinite(value)) return value;
  } else if (typeof value === 'string') return value;
  throw new LanguageServiceError(`Unexpected answer ${JSON.stringify(value)?.slice(0, 60)} to \`${question}\`, expected ${type === 'multi' ? 'a list of label ids' : type === 'rating' ? 'a number' : type === 'text' ? 'a text' : 'a label id'}`);
}

/** The question to ask the writer next, with what it takes. */
function questionToAnswer(state: SetState, questionId: string): QuestionToAnswer {
  const schema = state.set.schema;
  const question = schema?.questionsById.get(questionId);
  const choices = (question?.labelIds ?? []).map((id) => schema?.labelsById.get(id)).filter((l): l is Label => l !== undefined && !l.deprecated).map((l) => ({ id: l.id, ...(l.title ? { title: l.title } : {}) }));
  return { question: questionId, type: question?.type ?? 'single', ...(question?.prompt ? { prompt: question.prompt } : {}), choices };
}

/**
 * "Add as example": the case study as a borderline example under the label's section, with the
 * adjudicated answers and a `why` for the writer to fill (a TODO marker keeps the set out of review
 * until it is written). Answers the next required question, when one is missing, instead of an edit.
 */
export function exampleFromCase(state: SetState, quality: SetQuality | undefined, params: ExampleFromCaseParams): ExampleFromCaseResult {
  const studies = caseStudies(state, quality, params.labelId);
  if (!studies) throw new LanguageServiceError(`No quality figures for \`${params.labelId}\` in this set: add a report (rubric quality -f json -o) next to it, or set rubric.registry.url`);
  const found = studies.cases.find((c) => c.item === params.item && c.question === params.question);
  if (!found) throw new LanguageServiceError(`No case study of item ${JSON.stringify(params.item).slice(0, 80)} for \`${params.question}\` among those of \`${params.labelId}\``);
  if (found.text === undefined) throw new LanguageServiceError(`The report has no text for item ${found.item}: an example needs the text labelers read`);
  const schema = state.set.schema;
  if (!schema) throw new LanguageServiceError('The schema could not be read: fix schema.json first');
  if (!isRecord(params.answers) || params.answers[params.question] === undefined) return { needs: questionToAnswer(state, params.question) };
  const answers: Record<string, DraftAnswer> = {};
  // In the schema's order, so the example reads like the labeling tool asks.
  for (const question of schema.questions) {
    const value = params.answers[question.id];
    if (value !== undefined) answers[question.id] = draftAnswer(value, question.type, question.id);
  }
  for (const id of Object.keys(params.answers)) if (!schema.questionsById.has(id)) throw new LanguageServiceError(`Unexpected question \`${id}\`, expected a question of the schema`);
  let draft;
  try {
    draft = draftExample(state.set, params.labelId, caseExample({ ...found, answers: found.answers as CaseStudy['answers'] }, answers, studies.version, (id) => schema.labelsById.has(id)));
  } catch (error) {
    if (error instanceof ExampleDraftError) throw new LanguageServiceError(error.message);
    throw error;
  }
  const next = draft.missing[0];
  if (next !== undefined) return { needs: questionToAnswer(state, next) };
  const errors = draft.findings.filter((f) => f.severity === 'error');
  if (errors.length) throw new LanguageServiceError(`The example would not lint: ${errors.map((f) => f.message).join('; ')}`);
  const edit = toWorkspaceEdit({ description: 'Add the case study as an example', edits: [draft.edit] }, state.uriOf);
  // 0-based line of the opening fence.
  const line = draft.edit.range.start.line - 1 + draft.edit.text.slice(0, draft.edit.text.indexOf('```')).split('\n').length - 1;
  return { edit: { changes: edit.changes ?? {} }, exampleId: draft.id, line };
}
