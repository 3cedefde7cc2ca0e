/**
 * The review base of `rubric diff --base` and `rubric lint --base`: the git
 * commit to compare with, which set folders changed since it, and loading a
 * set as it was there. Only changed sets are read at the base.
 */
import { existsSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import { changedFiles, createGitHost, filesAt, gitRoot, GitError, GUIDELINE_FILE, loadSet, repoPath, resolveCommit, SCHEMA_FILE, type GitHost, type GuidelineSet } from '@rubric/core';
import { UsageError } from './errors.js';

/** A resolved review base. */
export interface ReviewBase {
  ref: string;
  root: string;
  commit: string;
}

/** Resolves `ref` in the repository around `cwd`; git problems become usage errors with their message. */
export function resolveReviewBase(cwd: string, ref: string): ReviewBase {
  try {
    const root = gitRoot(cwd);
    return { ref, root, commit: resolveCommit(root, ref) };
  } catch (error) {
    if (error instanceof GitError) throw new UsageError(error.message);
    throw error;
  }
}

/** A set folder that changed since the base: absolute path and repository-relative path, and on which side it exists. */
export interface ChangedSet {
  dir: string;
  repoDir: string;
  atBase: boolean;
  atHead: boolean;
}

/** Set folders under `paths` (absolute) with a file changed since the base, added and removed sets included. */
export function changedSets(base: ReviewBase, paths: readonly string[]): ChangedSet[] {
  const specs = paths.map((p) => repoPath(base.root, p) || '.');
  const changed = changedFiles(base.root, base.commit, specs);
  if (changed.length === 0) return [];
  const baseFiles = new Set(filesAt(base.root, base.commit, specs));
  const found = new Map<string, ChangedSet>();
  for (const file of changed) {
    for (let dir = posix.dirname(file); ; dir = posix.dirname(dir)) {
      const rel = dir === '.' ? GUIDELINE_FILE : `${dir}/${GUIDELINE_FILE}`;
      const atBase = baseFiles.has(rel);
      const atHead = existsSync(join(base.root, rel));
      if (atBase || atHead) {
        if (!found.has(dir)) found.set(dir, { dir: resolve(base.root, dir), repoDir: dir, atBase, atHead });
        break;
      }
      if (dir === '.' || dir === '/') break;
    }
  }
  return [...found.values()].sort((a, b) => (a.repoDir < b.repoDir ? -1 : 1));
}

/** Loads sets at the base commit; one host per process keeps the tree listing. */
export class BaseLoader {
  private readonly host: GitHost;
  constructor(readonly base: ReviewBase, maxFileBytes?: number) {
    this.host = createGitHost(base.root, base.commit, maxFileBytes);
  }
  /** Reads the usual files of these sets with one git call. */
  prefetch(repoDirs: readonly string[]): void {
    this.host.prefetch(repoDirs.flatMap((d) => [GUIDELINE_FILE, SCHEMA_FILE].map((f) => (d === '.' ? f : `${d}/${f}`))));
  }
  /** The set at the base, or null when there was none. */
  load(repoDir: string): GuidelineSet | null {
    const guideline = repoDir === '.' ? GUIDELINE_FILE : `${repoDir}/${GUIDELINE_FILE}`;
    return this.host.stat(guideline) === 'file' ? loadSet(repoDir, this.host) : null;
  }
}
