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
}

/** Request: the set status of the set holding a document (for a newly focused editor); null when none. */
export const SET_STATUS_REQUEST = 'rubric/setStatusOf';

/** Params of {@link SET_STATUS_REQUEST}. */
export interface SetStatusRequestParams {
  uri: string;
}
