/**
 * A quality computation on a worker thread, seen from the main thread. The
 * statistics of a large upload take seconds of CPU (a million records: about
 * nine), which would stall every other request on the registry's event loop;
 * on a worker they do not, and the worker's heap limit keeps a huge or
 * hostile upload from taking the registry's memory with it.
 *
 * Flow control: each chunk posted is acknowledged once the worker has taken
 * its records, and at most MAX_IN_FLIGHT chunks are unacknowledged, so a
 * client sending faster than the worker measures waits (TCP backpressure),
 * and memory stays bounded.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { MeasureInput, MeasureResult, MeasureStop } from './measure.js';

/** Chunks posted to the worker and not yet acknowledged, at most. */
const MAX_IN_FLIGHT = 8;

/** What the main thread sends the worker. */
export type WorkerMessage = { type: 'chunk'; data: ArrayBuffer } | { type: 'end' };
/** What the worker answers. */
export type WorkerReply = { type: 'ack' } | { type: 'stop'; stop: MeasureStop } | { type: 'done'; result: MeasureResult };

/** The computation stopped before its report (too many records, a body that is not records, out of memory). */
export class QualityStopped extends Error {
  override readonly name = 'QualityStopped';
  constructor(readonly stop: MeasureStop) {
    super(stop.kind === 'shape' ? stop.message : stop.kind === 'too-many' ? `more than ${stop.limit} records` : `more than ${stop.limitMb} MB`);
  }
}

/**
 * The worker script. Built, it sits next to this module. Run from the
 * TypeScript sources (the registry's own tests), a worker thread has no
 * TypeScript loader, so it runs the built copy (the test task builds first).
 */
function workerUrl(): URL {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new URL('./worker.js', here);
  const built = new URL(here.replace(/\/src\/quality\/job\.ts$/, '/dist/quality/worker.js'));
  if (!existsSync(fileURLToPath(built))) throw new Error(`The quality worker is not built (${fileURLToPath(built)}): run \`npm run build -w @rubric/registry\` first`);
  return built;
}

/** One computation: push the upload's chunks, then finish() for the report. */
export class QualityJob {
  private readonly worker: Worker;
  private inFlight = 0;
  private waiting: { resolve: () => void; reject: (error: Error) => void }[] = [];
  private failure: Error | undefined;
  private result: ((value: MeasureResult) => void) | undefined;
  private readonly finished: Promise<MeasureResult>;
  private ended = false;

  constructor(input: MeasureInput, options: { memoryMb: number }) {
    let resolveResult!: (value: MeasureResult) => void;
    let rejectResult!: (error: Error) => void;
    this.finished = new Promise<MeasureResult>((resolve, reject) => {
      resolveResult = resolve;
      rejectResult = reject;
    });
    // Nobody may be waiting for the result yet when the worker fails early.
    this.finished.catch(() => {});
    this.result = resolveResult;
    const fail = (error: Error): void => {
      if (this.failure) return;
      this.failure = error;
      for (const w of this.waiting.splice(0)) w.reject(error);
      rejectResult(error);
    };
    this.worker = new Worker(workerUrl(), { workerData: input, resourceLimits: { maxOldGenerationSizeMb: options.memoryMb } });
    this.worker.on('message', (reply: WorkerReply) => {
      if (reply.type === 'ack') {
        this.inFlight--;
        this.waiting.shift()?.resolve();
      } else if (reply.type === 'stop') fail(new QualityStopped(reply.stop));
      else {
        this.result?.(reply.result);
        this.result = undefined;
      }
    });
    this.worker.on('error', (error: Error & { code?: string }) => {
      fail(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new QualityStopped({ kind: 'memory', limitMb: options.memoryMb }) : error);
    });
    this.worker.on('exit', (code) => {
      if (this.result) fail(new Error(`The quality worker stopped (exit code ${code}) before its report`));
    });
  }

  /** Sends a chunk of the upload; waits while the worker is behind; throws QualityStopped once the computation stopped. */
  async push(chunk: Uint8Array): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.inFlight >= MAX_IN_FLIGHT) await new Promise<void>((resolve, reject) => this.waiting.push({ resolve, reject }));
    // A copy, transferred: the chunk may be a view into a buffer node pools for other requests.
    const copy = new Uint8Array(chunk);
    this.inFlight++;
    this.worker.postMessage({ type: 'chunk', data: copy.buffer } satisfies WorkerMessage, [copy.buffer]);
  }

  /** Ends the upload and waits for the report (or why there is none). */
  async finish(): Promise<MeasureResult> {
    if (!this.ended && !this.failure) {
      this.ended = true;
      this.worker.postMessage({ type: 'end' } satisfies WorkerMessage);
    }
    return this.finished;
  }

  /** Stops the worker (after finish, or to abandon the computation). */
  async close(): Promise<void> {
    this.result = undefined;
    await this.worker.terminate();
  }
}
