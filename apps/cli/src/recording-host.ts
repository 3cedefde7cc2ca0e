/**
 * A Host over the file system that records every file it read and every path it
 * looked at. A set's findings depend only on those, so the cache can reuse them
 * while every recorded dependency is unchanged.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { createNodeHost, type Host } from '@rubric/core';

/** What one lint depended on: a file's content hash, or what was at a path. */
export type Dependency = { path: string; kind: 'text'; hash: string } | { path: string; kind: 'stat'; state: string };

/** sha256 of bytes, hex. */
export function hashBytes(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A node host that also returns what it touched. */
export function createRecordingHost(maxFileBytes?: number): { host: Host; dependencies(): Dependency[] } {
  const inner = createNodeHost(maxFileBytes);
  const deps = new Map<string, Dependency>();
  return {
    host: {
      readText(path) {
        const result = inner.readText(path);
        deps.set(`text:${path}`, { path, kind: 'text', hash: result.ok ? hashBytes(result.text) : `!${result.kind}` });
        return result;
      },
      stat(path) {
        const state = inner.stat(path);
        deps.set(`stat:${path}`, { path, kind: 'stat', state: state ?? 'none' });
        return state;
      },
    },
    dependencies: () => [...deps.values()],
  };
}

/** True when a recorded dependency still holds on disk. */
export function dependencyHolds(dep: Dependency, maxFileBytes?: number): boolean {
  if (dep.kind === 'stat') {
    let state = 'none';
    try {
      const st = statSync(dep.path);
      state = st.isDirectory() ? 'directory' : st.isFile() ? 'file' : 'none';
    } catch {
      state = 'none';
    }
    return state === dep.state;
  }
  if (dep.hash.startsWith('!')) {
    // It could not be read last time; re-check the same way the linter would.
    const r = createNodeHost(maxFileBytes).readText(dep.path);
    return !r.ok && `!${r.kind}` === dep.hash;
  }
  try {
    const bytes = readFileSync(dep.path);
    // The host strips a BOM and decodes UTF-8; hash the same text it would see.
    let text = bytes.toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return hashBytes(text) === dep.hash;
  } catch {
    return false;
  }
}
