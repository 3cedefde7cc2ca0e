/**
 * One quality computation: the bytes of an annotation upload (JSON Lines or
 * one JSON array: neutral records, Label Studio tasks or annotations) split
 * into records by the registry's RecordSplitter, parsed, and added to
 * @rubric/quality's accumulator as they come; then the report, compared with
 * the previous version's report (labels matched through the migration map, as
 * `rubric quality --compare` does). Runs inside the quality worker (see
 * job.ts), so the registry's event loop never waits for the statistics.
 */
import { loadBundle, type Bundle } from '@rubric/core';
import type { ExportMeta } from '@rubric/exporters';
import { migrationFromReport, QualityAccumulator, readQualityReport, type QualityReport, type RecordProblem } from '@rubric/quality';
import { BodyShapeError, MAX_RECORD_BYTES, parseRawRecord, RecordSplitter, type RawRecord } from '../annotations.js';
import type { QualitySummary } from '../domain.js';
import { qualitySummary } from './summary.js';

/** What a computation needs. */
export interface MeasureInput {
  /** The version's bundle (its manifest and files), loaded into a set here. */
  bundle: Bundle;
  /** The set's identity as stored: the report carries this content hash. */
  meta: ExportMeta;
  /**
   * How the bytes hold the records: JSON Lines, one JSON array, or `pulled`:
   * JSON Lines of `{record, errors?}` (records a platform pull read, with what
   * could not be read of them: such a record counts invalid with those errors).
   */
  mode: 'jsonl' | 'array' | 'pulled';
  /** Records (elements of the body) accepted; one more stops the computation. */
  maxRecords: number;
  /** The JSON text of the previous version's latest report, to compare with. */
  previous?: string;
}

/** A line of the `pulled` mode. */
export interface PulledLine {
  record: unknown;
  errors?: { path: string; message: string }[];
}

/** Why a computation stopped before its report. */
export type MeasureStop = { kind: 'too-many'; limit: number } | { kind: 'shape'; message: string } | { kind: 'memory'; limitMb: number };

/** A computed report: its JSON text, its summary, and the located problems of the records it could not use. */
export interface MeasureResult {
  report: string;
  summary: QualitySummary;
  problems: RecordProblem[];
}

/** Accumulates one upload's records; `end()` computes the report. */
export class Measure {
  private readonly accumulator: QualityAccumulator;
  private readonly splitter: RecordSplitter;
  private readonly previous: QualityReport | undefined;
  private readonly schema;
  private records = 0;
  private stopped: MeasureStop | undefined;

  constructor(private readonly input: MeasureInput) {
    const { set } = loadBundle(input.bundle);
    if (!set.schema) throw new Error(`Version ${input.meta.version} of ${input.meta.setId} has no readable schema`);
    this.schema = set.schema;
    this.accumulator = new QualityAccumulator(set, { meta: input.meta });
    this.splitter = new RecordSplitter(input.mode === 'array' ? 'array' : 'jsonl', MAX_RECORD_BYTES);
    // A stored report that no longer reads as one (it never should) is not compared with, rather than failing the upload.
    this.previous = input.previous === undefined ? undefined : readQualityReport(JSON.parse(input.previous)).report;
  }

  /** Adds the records a chunk completes; returns why the computation stops, if it does. */
  push(chunk: Uint8Array): MeasureStop | undefined {
    if (this.stopped) return this.stopped;
    try {
      this.take(this.splitter.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
    } catch (error) {
      if (!(error instanceof BodyShapeError)) throw error;
      this.stopped = { kind: 'shape', message: error.message };
    }
    return this.stopped;
  }

  /** The report of everything pushed, or why there is none. */
  end(): MeasureResult | MeasureStop {
    if (this.stopped) return this.stopped;
    try {
      this.take(this.splitter.end());
    } catch (error) {
      if (!(error instanceof BodyShapeError)) throw error;
      return (this.stopped = { kind: 'shape', message: error.message });
    }
    if (this.stopped) return this.stopped;
    const report = this.accumulator.report(this.previous ? { compare: this.previous, migration: migrationFromReport(this.previous, this.schema) } : {});
    return { report: JSON.stringify(report), summary: qualitySummary(report), problems: report.problems };
  }

  private take(raws: RawRecord[]): void {
    for (const raw of raws) {
      if (this.records >= this.input.maxRecords) {
        this.stopped = { kind: 'too-many', limit: this.input.maxRecords };
        return;
      }
      this.records++;
      const parsed = parseRawRecord(raw);
      const at = { line: parsed.line, index: parsed.index };
      if ('error' in parsed) this.accumulator.addInvalid(at, parsed.error);
      else if (this.input.mode !== 'pulled') this.accumulator.add(parsed.value, at);
      else {
        const { record, errors } = parsed.value as PulledLine;
        const first = errors?.[0];
        if (first) this.accumulator.addInvalid({ index: parsed.index }, errors.length > 1 ? `${first.message} (and ${errors.length - 1} more)` : first.message, first.path);
        else this.accumulator.add(record, { index: parsed.index });
      }
    }
  }
}
