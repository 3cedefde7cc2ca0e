/**
 * `rubric lint --staged`: which guideline sets a commit touches. A pre-commit
 * hook must stay fast on a repository of a thousand sets, so only the sets
 * holding a changed file are linted: each file stands for the nearest folder
 * above it that holds guideline.md (files in no set are ignored), and a changed
 * rubric.config.json stands for every set it configures.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { CONFIG_FILE, GUIDELINE_FILE } from '@rubric/core';
import { UsageError } from './errors.js';

/** The sets touched by a list of changed files. */
export interface TouchedSets {
  /** Absolute set folders holding a changed file, sorted. */
  dirs: string[];
  /** Folders of changed rubric.config.json files: every set under them is touched. */
  configRoots: string[];
}

/** Maps changed files (absolute, or relative to `cwd`) to the sets holding them; `stop` is the folder not to search above (the repository root). */
export function touchedSets(files: readonly string[], cwd: string, stop: string): TouchedSets {
  const dirs = new Set<string>();
  const configRoots = new Set<string>();
  const top = resolve(stop);
  for (const file of files) {
    const abs = isAbsolute(file) ? file : resolve(cwd, file);
    if (basename(abs) === CONFIG_FILE) {
      configRoots.add(dirname(abs));
      continue;
    }
    for (let dir = dirname(abs); ; dir = dirname(dir)) {
      if (existsSync(join(dir, GUIDELINE_FILE))) {
        dirs.add(dir);
        break;
      }
      if (dir === top || dirname(dir) === dir || !dir.startsWith(top)) break;
    }
  }
  return { dirs: [...dirs].sort(), configRoots: [...configRoots].sort() };
}

function git(cwd: string, args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' } });
  if (r.error) throw new UsageError(`--staged needs git: ${r.error.message}`);
  if (r.status !== 0) throw new UsageError(`--staged: git ${args[0]} failed: ${r.stderr.trim() || `exit ${r.status}`}`);
  return r.stdout;
}

/** The repository root around `cwd`; a usage error outside a repository. */
export function repositoryRoot(cwd: string): string {
  const r = spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd, encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new UsageError(`--staged needs a git repository, and ${cwd} is not inside one`);
  return r.stdout.trim();
}

/** Absolute paths of the files staged for the next commit (added, changed, renamed or deleted). */
export function stagedFiles(root: string): string[] {
  return git(root, ['diff', '--cached', '--name-only', '--no-renames', '-z']).split('\0').filter(Boolean).map((p) => join(root, p));
}

/** Of these set folders, the ones with changes that are not staged (what a plain hook lints is then not exactly what is committed). */
export function unstagedIn(root: string, dirs: readonly string[]): string[] {
  if (dirs.length === 0) return [];
  const changed = git(root, ['diff', '--name-only', '-z', '--', ...dirs]).split('\0').filter(Boolean).map((p) => join(root, p));
  return dirs.filter((d) => changed.some((f) => f.startsWith(`${d}/`)));
}
