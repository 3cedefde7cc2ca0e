/** Worker thread: lints the sets it is sent and posts the results back. */
import { parentPort, workerData } from 'node:worker_threads';
import { resolveConfig, rules, setParseCaching, type QualityFigures } from '@rubric/core';
import { lintSetDir, type SetTask } from './lint-set.js';
import type { ReviewBase } from './review-base.js';

// Each set is read once here: the parser's caches of earlier texts would only cost memory.
setParseCaching(false);

const data = workerData as { rawConfig: unknown; base?: ReviewBase; quality: QualityFigures[] };
const { config } = resolveConfig(data.rawConfig, rules);

parentPort?.on('message', (tasks: SetTask[]) => {
  parentPort?.postMessage(tasks.map((task) => lintSetDir(task, config, data.base, data.quality)));
});
