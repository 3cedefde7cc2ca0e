/**
 * Annotation files as a stream of records, for `rubric quality`: JSON Lines
 * (one record per line) or one JSON array (of neutral records, or Label
 * Studio's JSON export of tasks), told apart by content, not by name: the
 * first character that is not white space is `{` or `[`. Files are read in
 * chunks and split by the registry's RecordSplitter (byte-exact, aware of
 * JSON strings), so a file of any size is read in bounded memory, and every
 * record keeps its line for the messages about it.
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { BodyShapeError, MAX_RECORD_BYTES, parseRawRecord, RecordSplitter, type RawRecord } from '@rubric/registry/records';
import { UsageError } from './errors.js';
import { singleLine } from './formatters/shared.js';

/** One record of a file: the parsed value, or why it could not be had. */
export type FileRecord = { value: unknown; line: number; index: number } | { error: string; line: number; index: number };

/** How a file holds its records. */
export type FileFormat = 'jsonl' | 'array';

const BOM = [0xef, 0xbb, 0xbf];
const CHUNK_BYTES = 1024 * 1024;

/** The format a file's first bytes announce (undefined: only white space so far); throws UsageError naming the file for anything else. */
function detect(chunk: Buffer, shown: string): FileFormat | undefined {
  for (let i = 0; i < chunk.length; i++) {
    const c = chunk[i] as number;
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || (i < 3 && c === BOM[i])) continue;
    if (c === 0x7b) return 'jsonl';
    if (c === 0x5b) return 'array';
    const text = chunk.subarray(i, i + 20).toString('utf8');
    throw new UsageError(`${shown}: Unexpected ${JSON.stringify(singleLine(text))} at the start, expected annotation records: JSON Lines (one {...} per line) or a JSON array (a Label Studio JSON export, or records)`);
  }
  return undefined;
}

/** A record cut from a file, parsed (or why it cannot be): the registry's parser, so a file and an upload get the same messages. */
export function parseRecord(raw: RawRecord | { error: string; line: number; index: number }): FileRecord {
  return 'error' in raw ? raw : parseRawRecord(raw);
}

/**
 * The records of a file (or of `input`, e.g. stdin) in batches, one per chunk
 * read (a million records are not a million awaits), to be parsed one at a
 * time with parseRecord (so parsed records do not pile up for the garbage
 * collector). A file in no supported format throws UsageError; an array cut
 * short comes as an error with its line, and what came before stands.
 */
export async function* readAnnotationFile(path: string, shown: string, input?: Readable): AsyncGenerator<(RawRecord | { error: string; line: number; index: number })[]> {
  const stream: AsyncIterable<Buffer> = input ?? createReadStream(path, { highWaterMark: CHUNK_BYTES });
  let splitter: RecordSplitter | undefined;
  let lastLine = 1;
  let lastIndex = 0;
  const parsed = (records: RawRecord[]): RawRecord[] => {
    const last = records[records.length - 1];
    if (last) {
      lastLine = last.line;
      lastIndex = last.index + 1;
    }
    return records;
  };
  // Line breaks seen before the first record, replayed to the splitter so its line numbers stay true.
  let pendingNewlines = 0;
  try {
    for await (const chunk of stream) {
      let data = chunk;
      if (!splitter) {
        const format = detect(data, shown);
        if (!format) {
          for (const byte of data) if (byte === 0x0a) pendingNewlines++;
          continue;
        }
        // The splitter's JSON Lines mode would keep a byte order mark in the first record.
        if (format === 'jsonl' && data[0] === BOM[0] && data[1] === BOM[1] && data[2] === BOM[2]) data = data.subarray(3);
        splitter = new RecordSplitter(format, MAX_RECORD_BYTES);
        for (; pendingNewlines > 0; pendingNewlines -= CHUNK_BYTES) splitter.push(Buffer.alloc(Math.min(pendingNewlines, CHUNK_BYTES), 0x0a));
      }
      yield parsed(splitter.push(data));
    }
    if (splitter) yield parsed(splitter.end());
  } catch (error) {
    // A file that cannot be read (permissions, a device error) is a usage problem naming the file, not a bug.
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && code.startsWith('E')) throw new UsageError(`${shown}: cannot be read (${singleLine((error as Error).message)})`);
    if (!(error instanceof BodyShapeError)) throw error;
    // An array cut short or followed by more data: what came before stands, and this is said where it happened.
    yield [{ error: error.message.replace('the body', 'the file'), line: lastLine, index: lastIndex }];
  }
}
