/**
 * Turns the paths given on the command line into guideline-set folders: a folder
 * holding guideline.md is a set; other folders are searched recursively; a file
 * stands for the set folder it is in.
 */
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { GUIDELINE_FILE } from '@rubric/core';
import { UsageError } from './errors.js';

const SKIPPED_DIRS = new Set(['node_modules', '.git', 'dist', 'coverage']);

/** Absolute set folders under `paths`, sorted, without duplicates. */
export function discoverSets(paths: readonly string[], cwd: string): string[] {
  const found = new Set<string>();
  for (const p of paths) {
    const abs = resolve(cwd, p);
    let st;
    try {
      st = statSync(abs);
    } catch {
      throw new UsageError(`No such file or folder: ${p}`);
    }
    if (st.isFile()) {
      found.add(dirname(abs));
      continue;
    }
    const before = found.size;
    walk(abs, found, 0);
    if (found.size === before) throw new UsageError(`No guideline sets found under ${p} (a set is a folder holding ${GUIDELINE_FILE})`);
  }
  return [...found].sort();
}

function walk(dir: string, found: Set<string>, depth: number): void {
  if (depth > 32) return;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  if (entries.some((e) => e.name === GUIDELINE_FILE && (e.isFile() || e.isSymbolicLink()))) found.add(dir);
  for (const e of entries) {
    if (!e.isDirectory() || SKIPPED_DIRS.has(e.name) || e.name.startsWith('.')) continue;
    walk(join(dir, e.name), found, depth + 1);
  }
}
