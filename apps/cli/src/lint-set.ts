/** Lints one set folder from disk, recording what it read for the cache. */
import { lintSet, loadSet, rules, setIdentity, type Finding, type QualityFigures, type ResolvedConfig } from '@rubric/core';
import { figuresFor } from './quality-files.js';
import { createRecordingHost, type Dependency } from './recording-host.js';
import { BaseLoader, type ReviewBase } from './review-base.js';

/** The result of linting one set. */
export interface SetResult {
  dir: string;
  findings: Finding[];
  /** The set's own files (guideline and schema), for formatters. */
  files: string[];
  dependencies: Dependency[];
  /** The id the set declares (to tell which `--quality` reports were used); absent in old cache entries. */
  setId?: string;
}

/** One set to lint: its folder and, when it changed since a review base, its folder in the repository. */
export interface SetTask {
  dir: string;
  /** Repository-relative folder, set only for sets changed since the review base. */
  baseRepoDir?: string;
}

let loader: BaseLoader | undefined;

/** Loads and lints a set (absolute folder); `base` is the review base of `rubric lint --base`, `quality` the figures of `--quality` (the one for the set's id and version is used). */
export function lintSetDir(task: SetTask, config: ResolvedConfig, base?: ReviewBase, quality: readonly QualityFigures[] = []): SetResult {
  const recording = createRecordingHost(config.maxFileBytes);
  const set = loadSet(task.dir, recording.host);
  let atBase;
  if (base && task.baseRepoDir !== undefined) {
    if (loader?.base.commit !== base.commit || loader.base.root !== base.root) loader = new BaseLoader(base, config.maxFileBytes);
    atBase = loader.load(task.baseRepoDir);
  }
  const { id, version } = setIdentity(set);
  const figures = figuresFor(quality, id, version);
  const findings = lintSet(set, rules, config, recording.host, atBase, figures ? { quality: figures } : {});
  return { dir: task.dir, findings, files: [set.guidelinePath, set.schemaPath], dependencies: recording.dependencies(), ...(id !== undefined ? { setId: id } : {}) };
}
