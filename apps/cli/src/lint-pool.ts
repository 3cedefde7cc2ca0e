/**
 * Lints many sets on all cores: worker threads take batches of set folders.
 * Few sets are linted in-process, where starting workers would cost more than
 * it saves.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ResolvedConfig } from '@rubric/core';
import { lintSetDir, type SetResult } from './lint-set.js';

const BATCH = 4;
const MIN_SETS_PER_WORKER = 6;

/** Lints `dirs`; `rawConfig` is the parsed config file (re-resolved inside workers). */
export async function lintSetsParallel(dirs: readonly string[], config: ResolvedConfig, rawConfig: unknown, jobs?: number): Promise<SetResult[]> {
  const workers = Math.min(jobs ?? availableParallelism(), Math.floor(dirs.length / MIN_SETS_PER_WORKER));
  if (workers < 2) return dirs.map((d) => lintSetDir(d, config));
  const queue = [...dirs];
  const results: SetResult[] = [];
  await Promise.all(
    Array.from({ length: workers }, () =>
      new Promise<void>((resolveWorker, reject) => {
        const worker = new Worker(new URL('./lint-worker.js', import.meta.url), { workerData: { rawConfig } });
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
