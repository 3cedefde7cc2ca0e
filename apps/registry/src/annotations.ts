/**
 * Annotation validation in a stream: the request body (JSON Lines, or one
 * JSON array) is split into records as it arrives, each record is checked
 * against a published version and answered with one JSON line, so a body of
 * any length is handled in bounded memory. Record splitting is byte-exact
 * and knows JSON strings, so a `]` or newline inside a string never ends a
 * record. The checks themselves (neutral form, Label Studio form) are
 * @rubric/exporters' validateAnnotation and fromLabelStudioResult, reached
 * through the AnnotationValidator interface.
 */
import type { GuidelineSet } from '@rubric/core';
import { fromLabelStudioResult, validateAnnotation } from '@rubric/exporters';
import { MAX_RECORD_BYTES } from '@rubric/quality';

/**
 * Largest annotation record, in bytes of its JSON text: one limit for
 * validation, quality uploads and `rubric quality` (@rubric/quality owns it).
 */
export { MAX_RECORD_BYTES };
/** Most records in one request (validation and quality uploads). */
export const MAX_RECORDS = 1_000_000;

/** One located problem of a record (a JSON pointer into it). */
export interface AnnotationError {
  path: string;
  message: string;
}

/** A Label Studio `result` array read back: the neutral answers, and what could not be read (JSON pointers into the result array). */
export interface LabelStudioConversion {
  answers: Record<string, unknown>;
  errors?: AnnotationError[];
}

/** Checks records against a loaded set. */
export interface AnnotationValidator {
  /** Problems of a record in Rubric's neutral form (empty: valid). */
  validate(set: GuidelineSet, record: unknown): AnnotationError[];
  /** A Label Studio `result` array turned into neutral answers (without `fromLabelStudio` only the neutral form is taken). */
  fromLabelStudio?(set: GuidelineSet, result: unknown[]): LabelStudioConversion;
}

/** The validator of @rubric/exporters: validateAnnotation, and fromLabelStudioResult for Label Studio records. */
export function exportersValidator(): AnnotationValidator {
  return {
    validate: (set, record) => validateAnnotation(set, record).errors,
    fromLabelStudio: (set, result) => fromLabelStudioResult(set, result),
  };
}

/** One record cut from the body: its text, or why it could not be had. */
export type RawRecord = { index: number; line: number; text: string } | { index: number; line: number; tooLarge: number };

/** A record cut from a stream, parsed: its value, or why it could not be had (the message a record problem carries). */
export type ParsedRecord = { index: number; line: number; value: unknown } | { index: number; line: number; error: string };

/** The message of a record over MAX_RECORD_BYTES. */
export const RECORD_TOO_LARGE = `Unexpected record of more than ${MAX_RECORD_BYTES} bytes, expected at most ${MAX_RECORD_BYTES} (1 MiB)`;

/** Parses a record the splitter cut: JSON.parse, with a located message for a record too large or not JSON. */
export function parseRawRecord(raw: RawRecord): ParsedRecord {
  if ('tooLarge' in raw) return { index: raw.index, line: raw.line, error: RECORD_TOO_LARGE };
  try {
    return { index: raw.index, line: raw.line, value: JSON.parse(raw.text) as unknown };
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
    return { index: raw.index, line: raw.line, error: `Unexpected JSON syntax: ${message.slice(0, 200)}` };
  }
}

/** A body that is not a stream of records at all (only detected before the first record). */
export class BodyShapeError extends Error {
  override readonly name = 'BodyShapeError';
}

const NEWLINE = 0x0a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Splits a byte stream into records: JSON Lines (`jsonl`) or the elements of
 * one JSON array (`array`). Records over `maxBytes` come out as `tooLarge`
 * (their bytes are skipped, not kept). Whitespace-only lines are skipped.
 */
export class RecordSplitter {
  private parts: Buffer[] = [];
  private size = 0;
  private skipping = false;
  private index = 0;
  private line = 1;
  private recordLine = 1;
  // array mode
  private started = false;
  private ended = false;
  private depth = 0;
  private inString = false;
  private escaped = false;

  constructor(
    private readonly mode: 'jsonl' | 'array',
    private readonly maxBytes: number,
  ) {}

  /** The records completed by this chunk. */
  push(chunk: Buffer): RawRecord[] {
    return this.mode === 'jsonl' ? this.pushLines(chunk) : this.pushArray(chunk);
  }

  /** The last record (a final line without newline); throws BodyShapeError for an unfinished array. */
  end(): RawRecord[] {
    if (this.mode === 'jsonl') {
      const out: RawRecord[] = [];
      this.emit(out);
      return out;
    }
    if (!this.started) throw new BodyShapeError('Unexpected empty body, expected a JSON array of records');
    if (!this.ended) throw new BodyShapeError('Unexpected end of the body inside the JSON array, expected "]"');
    return [];
  }

  private keep(chunk: Buffer, from: number, to: number): void {
    if (to <= from || this.skipping) return;
    this.size += to - from;
    if (this.size > this.maxBytes) {
      this.skipping = true;
      this.parts = [];
      return;
    }
    this.parts.push(chunk.subarray(from, to));
  }

  private emit(out: RawRecord[]): void {
    const line = this.recordLine;
    if (this.skipping) out.push({ index: this.index++, line, tooLarge: this.size });
    else {
      // Most records lie within one chunk: decode that slice without copying it first.
      const text = (this.parts.length === 1 ? (this.parts[0] as Buffer) : Buffer.concat(this.parts)).toString('utf8');
      if (text.trim() !== '') out.push({ index: this.index++, line, text });
    }
    this.parts = [];
    this.size = 0;
    this.skipping = false;
  }

  private pushLines(chunk: Buffer): RawRecord[] {
    const out: RawRecord[] = [];
    let from = 0;
    for (let at = chunk.indexOf(NEWLINE); at !== -1; at = chunk.indexOf(NEWLINE, at + 1)) {
      this.keep(chunk, from, at);
      this.emit(out);
      this.line++;
      this.recordLine = this.line;
      from = at + 1;
    }
    this.keep(chunk, from, chunk.length);
    return out;
  }

  private pushArray(chunk: Buffer): RawRecord[] {
    const out: RawRecord[] = [];
    let from = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i] as number;
      if (c === NEWLINE) this.line++;
      if (this.ended) {
        if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) throw new BodyShapeError(`Unexpected data after the closing "]" on line ${this.line}`);
        continue;
      }
      if (!this.started) {
        // Whitespace, and the bytes of a UTF-8 byte order mark some tools write first.
        if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0xef || c === 0xbb || c === 0xbf) continue;
        if (c !== 0x5b) throw new BodyShapeError('Unexpected body, expected a JSON array of records ("[" first)');
        this.started = true;
        from = i + 1;
        this.recordLine = this.line;
        continue;
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) this.inString = false;
        continue;
      }
      if (c === QUOTE) this.inString = true;
      else if (c === 0x7b || c === 0x5b) this.depth++;
      else if (c === 0x7d || (c === 0x5d && this.depth > 0)) this.depth--;
      else if (this.depth === 0 && (c === 0x2c || c === 0x5d)) {
        this.keep(chunk, from, i);
        const empty = !this.skipping && this.parts.every((p) => p.toString('utf8').trim() === '');
        if (!(c === 0x5d && empty && this.index === 0)) this.emit(out);
        else this.parts = [];
        if (c === 0x5d) this.ended = true;
        from = i + 1;
        this.recordLine = this.line;
      }
    }
    if (this.started && !this.ended) this.keep(chunk, from, chunk.length);
    return out;
  }
}

/** Label Studio form: a task (`annotations[].result`) or an annotation (`result`). */
export function isLabelStudioRecord(record: unknown): boolean {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return false;
  const r = record as Record<string, unknown>;
  return Array.isArray(r.result) || (Array.isArray(r.annotations) && r.annotations.every((a) => typeof a === 'object' && a !== null && Array.isArray((a as { result?: unknown }).result)));
}

/**
 * Checks a Label Studio `result` array: what could not be read, with paths
 * under `prefix` (`/result`, `/annotations/1/result`), then the answers it
 * gave, checked as the neutral record `{answers}` (paths `/answers/...`
 * under `answersPrefix`).
 */
function checkResult(validator: AnnotationValidator, fromLabelStudio: NonNullable<AnnotationValidator['fromLabelStudio']>, set: GuidelineSet, result: unknown[], prefix: string, answersPrefix: string): AnnotationError[] {
  const converted = fromLabelStudio(set, result);
  const unread = (converted.errors ?? []).map((e) => ({ path: `${prefix}${e.path}`, message: e.message }));
  const invalid = validator.validate(set, { answers: converted.answers }).map((e) => ({ path: `${answersPrefix}${e.path}`, message: e.message }));
  return [...unread, ...invalid];
}

/** Checks one parsed record in the form asked for (or detected). */
export function checkRecord(validator: AnnotationValidator, set: GuidelineSet, record: unknown, form: 'auto' | 'neutral' | 'label-studio'): AnnotationError[] {
  const ls = form === 'label-studio' || (form === 'auto' && isLabelStudioRecord(record));
  if (!ls) return validator.validate(set, record);
  const fromLabelStudio = validator.fromLabelStudio;
  if (!fromLabelStudio) return [{ path: '', message: 'Unexpected Label Studio record, expected the neutral form: this registry cannot read Label Studio results' }];
  const r = (typeof record === 'object' && record !== null && !Array.isArray(record) ? record : {}) as Record<string, unknown>;
  if (Array.isArray(r.result)) return checkResult(validator, fromLabelStudio, set, r.result, '/result', '');
  if (Array.isArray(r.annotations)) {
    return r.annotations.flatMap((a, i) => {
      const result = typeof a === 'object' && a !== null ? (a as { result?: unknown }).result : undefined;
      if (!Array.isArray(result)) return [{ path: `/annotations/${i}/result`, message: 'Unexpected annotation without a result array' }];
      return checkResult(validator, fromLabelStudio, set, result, `/annotations/${i}/result`, `/annotations/${i}`);
    });
  }
  return [{ path: '/result', message: 'Unexpected record without a result array, expected a Label Studio annotation or task' }];
}
