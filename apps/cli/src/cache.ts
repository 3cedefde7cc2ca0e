/**
 * The lint cache: per set, the findings and the files they depended on (content
 * hashes). Valid only for the same rubric version and config. Written atomically
 * so an interrupted run never leaves a broken cache; a broken one is ignored.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '@rubric/core';
import { dependencyHolds, type Dependency } from './recording-host.js';

const CACHE_FORMAT = 1;
const CACHE_FILE = 'lint-cache.json';

/** One set's cached result. */
export interface CacheEntry {
  dependencies: Dependency[];
  findings: Finding[];
  files: string[];
  setId?: string;
}

interface CacheFile {
  format: number;
  key: string;
  entries: Record<string, CacheEntry>;
}

/** A cache for one run: look up sets, record results, save at the end. */
export class LintCache {
  private entries: Record<string, CacheEntry> = {};
  private dirty = false;

  /** `key` covers everything besides files that changes results: rubric version and config. */
  constructor(private readonly dir: string, private readonly key: string, private readonly maxFileBytes?: number) {
    try {
      const parsed = JSON.parse(readFileSync(join(dir, CACHE_FILE), 'utf8')) as CacheFile;
      if (parsed.format === CACHE_FORMAT && parsed.key === key && parsed.entries && typeof parsed.entries === 'object') this.entries = parsed.entries;
    } catch {
      // No cache yet, or an unreadable one: start empty.
    }
  }

  /** The cached result for a set if every file it depended on is unchanged. */
  get(setDir: string): CacheEntry | undefined {
    const entry = this.entries[setDir];
    if (!entry) return undefined;
    return entry.dependencies.every((d) => dependencyHolds(d, this.maxFileBytes)) ? entry : undefined;
  }

  /** Records a set's fresh result. */
  set(setDir: string, entry: CacheEntry): void {
    this.entries[setDir] = entry;
    this.dirty = true;
  }

  /** Writes the cache if anything changed; a failure to write only costs the next run time. */
  save(): void {
    if (!this.dirty) return;
    try {
      mkdirSync(this.dir, { recursive: true });
      const tmp = join(this.dir, `${CACHE_FILE}.${process.pid}.tmp`);
      writeFileSync(tmp, JSON.stringify({ format: CACHE_FORMAT, key: this.key, entries: this.entries } satisfies CacheFile));
      renameSync(tmp, join(this.dir, CACHE_FILE));
    } catch {
      // Read-only checkout or full disk: linting still worked.
    }
  }
}
