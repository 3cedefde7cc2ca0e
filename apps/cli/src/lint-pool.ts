/**
 * Lints many sets on all cores: worker threads take batches of set folders.
 * Few sets are linted in-process, where starting workers would cost more than
 * it saves.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { QualityFigures, ResolvedConfig } from '@rubric/core';
import { lintSetDir, type SetResult, type SetTask } from './lint-set.js';
import type { ReviewBase } from './review-base.js';

const BATCH = 4;
const MIN_SETS_PER_WORKER = 6;

/** Lints the sets; `rawConfig` is the parsed config file (re-resolved inside workers). */
export async function lintSetsParallel(tasks: readonly SetTask[], config: ResolvedConfig, rawConfig: unknown, options: { jobs?: number; base?: ReviewBase; quality?: readonly QualityFigures[] } = {}): Promise<SetResult[]> {
  const workers = Math.min(options.jobs ?? availableParallelism(), Math.floor(tasks.length / MIN_SETS_PER_WORKER));
  if (workers < 2) return tasks.map((t) => lintSetDir(t, config, options.base, options.quality));
  const queue = [...tasks];
  const results: SetResult[] = [];
  await Promise.all(
    Array.from({ length: workers }, () =>
      new Promise<void>((resolveWorker, reject) => {
        const worker = new Worker(new URL('./lint-worker.js', import.meta.url), { workerData: { rawConfig, ...(options.base ? { base: options.base } : {}), quality: options.quality ?? [] } });
        const next = (): void => {
          const batch = queue.splice(0, BATCH);
          if (batch.length === 0) {
            void worker.terminate().then(() => resolveWorker());
            return;
          }
          worker.postMessage(batch);
        };
        worker.on('message', (batch: SetResult[]) => {
          results.push(...batch);
          next();
        });
        worker.on('error', reject);
        next();
      }),
    ),
  );
  return results.sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));
}
