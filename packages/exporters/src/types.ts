/** Public types of @rubric/exporters. */

/** The export formats, as `rubric export --to` and the registry's exports endpoint name them. */
export const EXPORT_FORMATS = ['label-studio', 'labelbox', 'argilla', 'cvat', 'sagemaker', 'jsonschema', 'gold'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** What every export embeds, so an output can be traced to the exact guideline version it came from. */
export interface ExportMeta {
  setId: string;
  version: string;
  /** sha256 over the set's files, as in the bundle manifest (`rubric pack`, the registry). */
  contentHash: string;
}

/** One file of an export. */
export interface ExportFile {
  /** File name relative to the export's folder, e.g. `label-studio/config.xml`. */
  name: string;
  mediaType: string;
  content: string;
}

/** A problem with an exporter's input or an imported file: where, and what was expected. */
export interface ExportProblem {
  /** JSON pointer (or element path for XML) of what is wrong. */
  path: string;
  message: string;
}

/** Thrown when a set cannot be exported (it does not parse, or uses something a format cannot express). */
export class ExportError extends Error {
  override readonly name = 'ExportError';
  constructor(
    message: string,
    readonly problems: ExportProblem[] = [],
  ) {
    super(message);
  }
}

/** One span answer in the neutral annotation form. */
export interface SpanAnswer {
  label: string;
  /** Offsets in the item's text, UTF-16 code units, end exclusive (as Label Studio counts). */
  start: number;
  end: number;
  text?: string;
}

/** One answer in the neutral annotation form: a label id (single), ids (multi), spans, a text or a rating. */
export type AnswerValue = string | string[] | SpanAnswer[] | number;

/** Rubric's neutral annotation record: the answers one labeler gave to one item under one version. */
export interface AnnotationRecord {
  set?: string;
  version?: string;
  item?: { id?: string | number; text?: string };
  answers: Record<string, AnswerValue>;
  [key: string]: unknown;
}
