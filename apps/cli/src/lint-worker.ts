/** Worker thread: lints the set folders it is sent and posts the results back. */
import { parentPort, workerData } from 'node:worker_threads';
import { resolveConfig, rules } from '@rubric/core';
import { lintSetDir } from './lint-set.js';

const { config } = resolveConfig((workerData as { rawConfig: unknown }).rawConfig, rules);

parentPort?.on('message', (dirs: string[]) => {
  parentPort?.postMessage(dirs.map((dir) => lintSetDir(dir, config)));
});
