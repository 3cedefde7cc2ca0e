/**
 * Rubric's custom LSP messages, typed once here: the language server answers
 * them and the VS Code client (or any other client) sends them. Plain data so
 * both sides import the names and shapes without pulling in an LSP library.
 */
import type { TocEntry } from '@rubric/render';

/** Request: the rendered preview of the guideline set holding a document. */
export const PREVIEW_REQUEST = 'rubric/preview';

/** Params of {@link PREVIEW_REQUEST}. */
export interface PreviewParams {
  /** URI of guideline.md, schema.json or rubric.config.json of the set. */
  uri: string;
}

/** Result of {@link PREVIEW_REQUEST}; null when the URI is not part of a guideline set. */
export interface PreviewResult {
  /** URI of the set's guideline.md (what scroll sync maps lines of). */
  guidelineUri: string;
  /** Sanitized body fragment from @rubric/render (header, taxonomy sidebar, content); every block has data-line. */
  html: string;
  /** Plain-text title. */
  title: string;
  toc: TocEntry[];
  /** LSP document version of guideline.md the HTML was rendered from (null when read from disk). */
  documentVersion: number | null;
}

/** Notification (server -> client): summary of a set for the status bar, sent after its diagnostics. */
export const SET_STATUS_NOTIFICATION = 'rubric/setStatus';

/** Params of {@link SET_STATUS_NOTIFICATION}. */
export interface SetStatusParams {
  /** URI of the set's guideline.md. */
  guidelineUri: string;
  /** Frontmatter id, version and status; absent when missing or malformed. */
  setId?: string;
  version?: string;
  status?: string;
  /** Findings of the whole set by severity. */
  errors: number;
  warnings: number;
  infos: number;
  /** Present when the declared version bump is smaller than what the changes since the compare base require. */
  bump?: BumpStatus;
}

/** Request: the set status of the set holding a document (for a newly focused editor); null when none. */
export const SET_STATUS_REQUEST = 'rubric/setStatusOf';

/** Params of {@link SET_STATUS_REQUEST}. */
export interface SetStatusRequestParams {
  uri: string;
}

/** Request: the set holding a document compared with a git base ("Rubric: Compare with Base"). */
export const COMPARE_REQUEST = 'rubric/compare';

/** Params of {@link COMPARE_REQUEST}. */
export interface CompareParams {
  uri: string;
  /** A branch, tag or commit; the merge base of HEAD with it is compared. Absent: the server's compare base (the setting). */
  base?: string;
}

/** Result of {@link COMPARE_REQUEST}; null outside a set. Not in a git repository, or an unknown ref: an error response with a message for people. */
export interface CompareResult {
  guidelineUri: string;
  /** Plain-text title of the set. */
  title: string;
  /** The ref asked for, the merge-base commit compared with, and its short name (`main`). */
  base: { ref: string; commit: string; label: string };
  /** Sanitized body fragment from @rubric/render's renderSetDiff; jump links carry data-line (1-based, guideline.md). */
  html: string;
  required: string;
  declared: string;
  /** True when the declared bump is smaller than the required one (or goes backwards). */
  tooSmall: boolean;
  ok: boolean;
  changes: number;
  /** LSP document version of guideline.md compared (null when read from disk). */
  documentVersion: number | null;
}

/** Request: branches and tags to offer as compare bases, most recent first. */
export const COMPARE_REFS_REQUEST = 'rubric/compareRefs';

/** Params of {@link COMPARE_REFS_REQUEST}. */
export interface CompareRefsParams {
  uri: string;
}

/** Notification (client -> server): the compare base the code lens, quick fix and status use ('' = the merge base with the default branch). */
export const COMPARE_BASE_NOTIFICATION = 'rubric/setCompareBase';

/** Params of {@link COMPARE_BASE_NOTIFICATION}. */
export interface CompareBaseParams {
  base: string;
}

/** What the status bar shows when the declared version bump is smaller than the changes since the base require. */
export interface BumpStatus {
  required: string;
  declared: string;
  /** Short name of the base, e.g. `main`. */
  base: string;
}

/** Command the code lens of a label's quality figures runs (the client shows the label's case studies): arguments `[guidelineUri, labelId]`. */
export const CASE_STUDIES_COMMAND = 'rubric.caseStudies.show';

/** Request: the case studies of a label (the items annotators disagreed on), from the set's quality figures. */
export const CASE_STUDIES_REQUEST = 'rubric/caseStudies';

/** Params of {@link CASE_STUDIES_REQUEST}. */
export interface CaseStudiesParams {
  /** A document of the set. */
  uri: string;
  /** The label, by its id now. */
  labelId: string;
}

/** An answer in a case study: a label id, label ids, a rating, a text (span answers as the report holds them). */
export type CaseAnswer = string | number | string[] | { label: string; start: number; end: number; text?: string }[];

/** One item annotators disagreed on. */
export interface CaseStudyView {
  item: string;
  question: string;
  /** The item's text (its first 2,000 characters), as annotated: show it inert. */
  text?: string;
  /** 0 all agree, 1 all differ. */
  disagreement: number;
  /** Annotator id -> answer. */
  answers: Record<string, CaseAnswer>;
  gold?: CaseAnswer;
  /** True when guideline.md already has an example of this item (same id or text). */
  inGuideline: boolean;
}

/** Result of {@link CASE_STUDIES_REQUEST}; null when the set has no figures for the label. */
export interface CaseStudiesResult {
  guidelineUri: string;
  labelId: string;
  /** The version measured and where the report came from (a file path or the registry URL). */
  version: string;
  source: string;
  cases: CaseStudyView[];
}

/** Request: the example that turns a case study into guidance, as an edit of guideline.md ("add as example"). */
export const EXAMPLE_FROM_CASE_REQUEST = 'rubric/exampleFromCase';

/** Params of {@link EXAMPLE_FROM_CASE_REQUEST}. */
export interface ExampleFromCaseParams {
  uri: string;
  /** The label whose case study it is: the example goes under its section. */
  labelId: string;
  item: string;
  question: string;
  /** Question id -> the answer the writer adjudicates (the case's question, and any other question asked for). */
  answers: Record<string, CaseAnswer>;
}

/** A question the example still has to answer, with what it may answer. */
export interface QuestionToAnswer {
  question: string;
  type: string;
  prompt?: string;
  /** The labels to pick from (single: one, multi: any), with their titles; empty for rating and text. */
  choices: { id: string; title?: string }[];
}

/** Result of {@link EXAMPLE_FROM_CASE_REQUEST}: the edit to apply, or the next question to ask the writer. */
export type ExampleFromCaseResult = { edit: WorkspaceEditLike; exampleId: string; line: number } | { needs: QuestionToAnswer };

/** An LSP WorkspaceEdit with `changes` (kept structural here so this file needs no LSP library). */
export interface WorkspaceEditLike {
  changes: Record<string, { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]>;
}

/** Settings the server reads (LSP `workspace/configuration` section `rubric`, `didChangeConfiguration`, or initializationOptions). */
export interface RubricSettings {
  registry?: { url?: string };
  quality?: { folder?: string };
}
