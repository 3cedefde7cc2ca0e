/**
 * Measuring and keeping the labeling quality of published versions: one
 * place that the upload route and a pull from a labeling platform both call.
 * It finds the report to compare with (the nearest earlier published or
 * deprecated version of the set that has one), runs the computation on a
 * worker (job.ts) within the instance's limit of concurrent computations,
 * and stores the report with its summary and audit entry.
 */
import { sha256 } from '@rubric/core';
import type { RecordProblem } from '@rubric/quality/read';
import type { QualityReportRecord, QualitySource, QualitySummary, VersionRecord } from '../domain.js';
import { HttpProblem, quote } from '../errors.js';
import type { RegistryConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { compareVersions, newQualityReportId } from '../store/common.js';
import type { Store } from '../store/types.js';
import { MAX_RECORDS } from '../annotations.js';
import { QualityJob, QualityStopped } from './job.js';
import type { MeasureResult } from './measure.js';

/** The record limit of this process (tests lower it); the same as annotation validation's. */
export const qualityLimits = { maxRecords: MAX_RECORDS };

/** Bytes of records batched into one chunk for the worker when records come as values (a pull). */
const BATCH_BYTES = 256 * 1024;

/** Whether a version is one annotations are measured against (published, or deprecated since). */
export function measurable(version: Pick<VersionRecord, 'state'>): boolean {
  return version.state === 'published' || version.state === 'deprecated';
}

/** The problem an upload that stopped answers. */
export function stoppedProblem(error: QualityStopped): HttpProblem {
  const stop = error.stop;
  if (stop.kind === 'shape') return new HttpProblem(400, 'malformed-json', 'Malformed JSON', stop.message, { errors: [{ path: '', message: stop.message }] });
  if (stop.kind === 'too-many') {
    return new HttpProblem(413, 'payload-too-large', 'Too many records', `Unexpected more than ${stop.limit} records in one upload, expected at most ${stop.limit}: nothing was stored; measure a sample, or split the annotations by batch`, { extensions: { limit: stop.limit } });
  }
  return new HttpProblem(413, 'payload-too-large', 'Too large to measure', `Unexpected annotations that need more than ${stop.limitMb} MB to measure (the registry's qualityMemoryMb): nothing was stored; measure a sample, or run \`rubric quality\` where more memory is available`, {
    extensions: { limitMb: stop.limitMb },
  });
}

/** What the service needs from the application. */
export interface QualityDeps {
  store: Store;
  config: Pick<RegistryConfig, 'qualityJobs' | 'qualityMemoryMb'>;
  logger: Logger;
  now: () => Date;
}

/** Measures and stores the quality reports of versions. */
export class QualityService {
  private running = 0;

  constructor(private readonly deps: QualityDeps) {}

  /** The latest report of the nearest earlier published or deprecated version that has one (what a new report is compared with). */
  async previousReport(version: Pick<VersionRecord, 'setId' | 'version'>): Promise<QualityReportRecord | undefined> {
    const earlier = (await this.deps.store.latestQualityReports(version.setId)).filter((r) => compareVersions(r.version, version.version) < 0).sort((a, b) => compareVersions(b.version, a.version));
    for (const candidate of earlier) {
      const stored = await this.deps.store.getVersion(candidate.setId, candidate.version);
      if (stored && measurable(stored)) return this.deps.store.latestQualityReport(candidate.setId, candidate.version);
    }
    return undefined;
  }

  /**
   * Measures a version's annotations from a stream of bytes (JSON Lines or
   * one JSON array). Throws 503 when the instance already runs its limit of
   * computations, and QualityStopped when the input is refused midway.
   */
  async measure(version: VersionRecord, mode: 'jsonl' | 'array' | 'pulled', chunks: AsyncIterable<Uint8Array>): Promise<MeasureResult> {
    if (this.running >= this.deps.config.qualityJobs) {
      throw new HttpProblem(503, 'not-ready', 'Busy measuring', `This instance is measuring ${this.running} other upload${this.running === 1 ? '' : 's'} (qualityJobs ${this.deps.config.qualityJobs}); retry shortly`, { headers: { 'Retry-After': '10' } });
    }
    this.running++;
    try {
      const previous = await this.previousReport(version);
      const job = new QualityJob(
        { bundle: { manifest: version.manifest, files: version.files }, meta: { setId: version.setId, version: version.version, contentHash: version.contentHash }, mode, maxRecords: qualityLimits.maxRecords, ...(previous ? { previous: previous.report } : {}) },
        { memoryMb: this.deps.config.qualityMemoryMb },
      );
      try {
        for await (const chunk of chunks) await job.push(chunk);
        return await job.finish();
      } finally {
        await job.close();
      }
    } finally {
      this.running--;
    }
  }

  /** Stores a computed report of a version, with its `quality.report` audit entry. */
  async store(version: VersionRecord, result: MeasureResult, actor: string, source: QualitySource, fingerprint?: string): Promise<QualityReportRecord> {
    const at = this.deps.now().toISOString();
    const id = newQualityReportId();
    const { records, comparedWith } = result.summary;
    const summary = fingerprint === undefined ? result.summary : { ...result.summary, fingerprint };
    return this.deps.store.addQualityReport(
      { id, setId: version.setId, version: version.version, contentHash: version.contentHash, uploadedAt: at, uploadedBy: actor, source, report: result.report, summary },
      { actor, action: 'quality.report', setId: version.setId, version: version.version, contentHash: version.contentHash, detail: { reportId: id, source, records, comparedWith } },
    );
  }

  /**
   * Measures annotations that come as values rather than an upload (a pull
   * from a labeling platform): records of any versions of one set, each
   * naming its `version`, with what could not be read of them. They are
   * measured per version (one report each, in the order versions first
   * appear) and stored. Records of a version this registry has not published
   * are counted, not measured; a version of which not one record can be used
   * is listed as refused. Unless `force`, a version whose records are
   * the very ones its latest report from the same source measured is left
   * as it is (a scheduled pull of unchanged annotations stores nothing).
   */
  async measureRecords(setId: string, items: AsyncIterable<PulledItem> | Iterable<PulledItem>, actor: string, source: QualitySource, options: { force?: boolean } = {}): Promise<PulledQuality> {
    const byVersion = new Map<string, string[]>();
    const unknown: Record<string, number> = {};
    const versions = new Map<string, VersionRecord | undefined>();
    for await (const { record, errors } of items) {
      const v = typeof record.version === 'string' ? record.version : '';
      if (!versions.has(v)) {
        const stored = v === '' ? undefined : await this.deps.store.getVersion(setId, v);
        versions.set(v, stored && measurable(stored) ? stored : undefined);
      }
      if (!versions.get(v)) {
        unknown[v || '(none)'] = (unknown[v || '(none)'] ?? 0) + 1;
        continue;
      }
      let lines = byVersion.get(v);
      if (!lines) byVersion.set(v, (lines = []));
      lines.push(JSON.stringify(errors?.length ? { record, errors } : { record }));
    }
    const reports: QualityReportRecord[] = [];
    const unchanged: { version: string; reportId: string }[] = [];
    const refused: PulledQuality['refused'] = [];
    for (const [v, lines] of byVersion) {
      const version = versions.get(v) as VersionRecord;
      const fingerprint = sha256(lines.join('\n'));
      if (!options.force) {
        const [latest] = await this.deps.store.listQualityReports(setId, v, 1);
        if (latest && latest.summary.fingerprint === fingerprint && JSON.stringify(latest.source) === JSON.stringify(source)) {
          unchanged.push({ version: v, reportId: latest.id });
          continue;
        }
      }
      const result = await this.measure(version, 'pulled', batches(lines));
      // Not one usable record: nothing stored (it would hide the version's report), and the others go on.
      if (result.summary.records.used === 0) refused.push({ version: v, records: result.summary.records, problems: result.problems.slice(0, 20) });
      else reports.push(await this.store(version, result, actor, source, fingerprint));
    }
    return { reports, unchanged, refused, unknownVersions: unknown };
  }
}

/** One record of a pull, with what could not be read of it (empty or absent: nothing). */
export interface PulledItem {
  record: Record<string, unknown>;
  errors?: readonly { path: string; message: string }[];
}

/** What measureRecords stored, left as it was, and could not place. */
export interface PulledQuality {
  reports: QualityReportRecord[];
  /** Versions whose records are those their latest report measured: nothing stored. */
  unchanged: { version: string; reportId: string }[];
  /** Versions of which not one record could be used: nothing stored; the first problems. */
  refused: { version: string; records: QualitySummary['records']; problems: RecordProblem[] }[];
  /** Records per version that this registry has not published (`(none)`: records without a version). */
  unknownVersions: Record<string, number>;
}

/** Lines joined in chunks of about BATCH_BYTES. */
async function* batches(lines: readonly string[]): AsyncGenerator<Uint8Array> {
  let batch: string[] = [];
  let size = 0;
  for (const line of lines) {
    batch.push(line);
    size += line.length + 1;
    if (size >= BATCH_BYTES) {
      yield Buffer.from(`${batch.join('\n')}\n`);
      batch = [];
      size = 0;
    }
  }
  if (batch.length) yield Buffer.from(`${batch.join('\n')}\n`);
}

/** The 422 for annotations of which not one record could be used (nothing is stored: it would hide the version's real report). */
export function noAnnotations(version: Pick<VersionRecord, 'setId' | 'version'>, result: MeasureResult): HttpProblem {
  const r = result.summary.records;
  const errors = result.problems.slice(0, 20).flatMap((p) =>
    p.errors.slice(0, 3).map((e) => ({ path: `/records/${p.index ?? 0}${e.path}`, message: e.message, ...(p.line !== undefined ? { line: p.line } : {}), ...(p.index !== undefined ? { index: p.index } : {}) })),
  );
  return new HttpProblem(
    422,
    'no-annotations',
    'No usable annotations',
    `Unexpected annotations of which none can be measured against version ${version.version} of ${version.setId} (${r.read} read, ${r.invalid} invalid${r.skipped ? `, ${r.skipped} skipped` : ''}), expected at least one valid record: nothing was stored${errors[0] ? `; the first problem: ${errors[0].path} ${quote(errors[0].message, 200)}` : ''}`,
    { errors, extensions: { records: r } },
  );
}
