/**
 * Measuring and keeping the labeling quality of published versions: one
 * place that the upload route and a pull from a labeling platform both call.
 * It finds the report to compare with (the nearest earlier published or
 * deprecated version of the set that has one), runs the computation on a
 * worker (job.ts) within the instance's limit of concurrent computations,
 * and stores the report with its summary and audit entry.
 */
import type { QualityReportRecord, QualitySource, VersionRecord } from '../domain.js';
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
  async measure(version: VersionRecord, mode: 'jsonl' | 'array', chunks: AsyncIterable<Uint8Array>): Promise<MeasureResult> {
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
  async store(version: VersionRecord, result: MeasureResult, actor: string, source: QualitySource): Promise<QualityReportRecord> {
    const at = this.deps.now().toISOString();
    const id = newQualityReportId();
    const { records, comparedWith } = result.summary;
    return this.deps.store.addQualityReport(
      { id, setId: version.setId, version: version.version, contentHash: version.contentHash, uploadedAt: at, uploadedBy: actor, source, report: result.report, summary: result.summary },
      { actor, action: 'quality.report', setId: version.setId, version: version.version, contentHash: version.contentHash, detail: { reportId: id, source, records, comparedWith } },
    );
  }

  /**
   * The seam for annotations that come as values rather than an upload (a
   * pull from a labeling platform): records of any versions of one set, each
   * naming its `version`. They are measured per version (one report each, in
   * the order versions first appear) and stored. Records of a version this
   * registry does not have published are counted, not measured.
   */
  async measureRecords(setId: string, records: AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>, actor: string, source: QualitySource): Promise<PulledQuality> {
    const byVersion = new Map<string, Record<string, unknown>[]>();
    const unknown: Record<string, number> = {};
    const versions = new Map<string, VersionRecord | undefined>();
    for await (const record of records) {
      const v = typeof record.version === 'string' ? record.version : '';
      if (!versions.has(v)) {
        const stored = v === '' ? undefined : await this.deps.store.getVersion(setId, v);
        versions.set(v, stored && measurable(stored) ? stored : undefined);
      }
      if (!versions.get(v)) {
        unknown[v || '(none)'] = (unknown[v || '(none)'] ?? 0) + 1;
        continue;
      }
      let list = byVersion.get(v);
      if (!list) byVersion.set(v, (list = []));
      list.push(record);
    }
    const reports: QualityReportRecord[] = [];
    for (const [v, list] of byVersion) {
      const version = versions.get(v) as VersionRecord;
      const result = await this.measure(version, 'jsonl', jsonLines(list));
      if (result.summary.records.used === 0) throw noAnnotations(version, result);
      reports.push(await this.store(version, result, actor, source));
    }
    return { reports, unknownVersions: unknown };
  }
}

/** What measureRecords stored, and the records it could not place. */
export interface PulledQuality {
  reports: QualityReportRecord[];
  /** Records per version that this registry has not published (`(none)`: records without a version). */
  unknownVersions: Record<string, number>;
}

/** Records as JSON Lines in chunks of about BATCH_BYTES. */
async function* jsonLines(records: readonly unknown[]): AsyncGenerator<Uint8Array> {
  let batch: string[] = [];
  let size = 0;
  for (const record of records) {
    const line = `${JSON.stringify(record)}\n`;
    batch.push(line);
    size += line.length;
    if (size >= BATCH_BYTES) {
      yield Buffer.from(batch.join(''));
      batch = [];
      size = 0;
    }
  }
  if (batch.length) yield Buffer.from(batch.join(''));
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
