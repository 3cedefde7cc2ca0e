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
