/** Lints one set folder from disk, recording what it read for the cache. */
import { lintSet, loadSet, rules, type Finding, type ResolvedConfig } from '@rubric/core';
import { createRecordingHost, type Dependency } from './recording-host.js';

/** The result of linting one set. */
export interface SetResult {
  dir: string;
  findings: Finding[];
  /** The set's own files (guideline and schema), for formatters. */
  files: string[];
  dependencies: Dependency[];
}

/** Loads and lints the set in `dir` (absolute). */
export function lintSetDir(dir: string, config: ResolvedConfig): SetResult {
  const recording = createRecordingHost(config.maxFileBytes);
  const set = loadSet(dir, recording.host);
  const findings = lintSet(set, rules, config, recording.host);
  return { dir, findings, files: [set.guidelinePath, set.schemaPath], dependencies: recording.dependencies() };
}
