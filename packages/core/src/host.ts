/**
 * Where files come from. The linter reads through a Host so the CLI reads the
 * disk, the language service reads open editor buffers, and the registry reads
 * an uploaded bundle, all with the same checks on size and content.
 */
import { readFileSync, statSync } from 'node:fs';
import type { LoadProblemKind } from './model.js';

/** Largest file the linter reads; larger ones become a `file-readable` finding. */
export const DEFAULT_MAX_FILE_BYTES = 4 * 1024 * 1024;

/** Result of reading a file as text. */
export type ReadResult = { ok: true; text: string } | { ok: false; kind: LoadProblemKind; message: string };

/** File access for loading sets. Paths are absolute or relative to the process's working directory. */
export interface Host {
  readText(path: string): ReadResult;
  /** 'file', 'directory', or undefined when nothing is there. */
  stat(path: string): 'file' | 'directory' | undefined;
}

const SNIFF_BYTES = 8000;

/** Decodes bytes as UTF-8 text, refusing binary content (NUL bytes, invalid UTF-8). Messages leave the path out: findings carry it. */
export function decodeText(bytes: Uint8Array): ReadResult {
  const sniff = bytes.subarray(0, SNIFF_BYTES);
  if (sniff.includes(0)) return { ok: false, kind: 'binary', message: 'Unexpected binary content (a NUL byte), expected UTF-8 text' };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, kind: 'binary', message: 'Unexpected bytes that are not UTF-8, expected UTF-8 text' };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { ok: true, text };
}

/** Reads the real file system, refusing files over `maxFileBytes`. */
export function createNodeHost(maxFileBytes = DEFAULT_MAX_FILE_BYTES): Host {
  return {
    readText(path) {
      let size: number;
      try {
        const st = statSync(path);
        if (!st.isFile()) return { ok: false, kind: 'not-a-file', message: 'Unexpected directory, expected a file' };
        size = st.size;
      } catch (error) {
        return { ok: false, kind: 'missing', message: `Missing file${errorCode(error)}` };
      }
      if (size > maxFileBytes) {
        return { ok: false, kind: 'too-large', message: `Unexpected file size ${formatBytes(size)}, expected at most ${formatBytes(maxFileBytes)}` };
      }
      try {
        return decodeText(readFileSync(path));
      } catch (error) {
        return { ok: false, kind: 'unreadable', message: `Unreadable file${errorCode(error)}` };
      }
    },
    stat(path) {
      try {
        const st = statSync(path);
        return st.isDirectory() ? 'directory' : st.isFile() ? 'file' : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/** An in-memory host over a map of path -> text (tests, editor buffers, bundles). */
export function createMemoryHost(files: Record<string, string>): Host {
  const norm = (p: string): string => p.replace(/\\/g, '/').replace(/\/+$/, '');
  const map = new Map(Object.entries(files).map(([k, v]) => [norm(k), v]));
  return {
    readText(path) {
      const text = map.get(norm(path));
      return text === undefined ? { ok: false, kind: 'missing', message: 'Missing file' } : { ok: true, text };
    },
    stat(path) {
      const p = norm(path);
      if (map.has(p)) return 'file';
      for (const k of map.keys()) if (k.startsWith(`${p}/`)) return 'directory';
      return undefined;
    },
  };
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? ` (${code})` : '';
}

/** "4.0 MB" style sizes for messages. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
