/**
 * Bundles: one JSON file carrying a guideline set's files and a manifest (set
 * id, version, sha256 of every file, content hash, git commit). `rubric pack`
 * writes them; the registry parses them without trusting anything the client
 * computed: hashes are recomputed, paths and sizes checked.
 */
import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import { createMemoryHost, type Host } from './host.js';
import { GUIDELINE_FILE, loadSet, joinPath } from './load.js';
import type { GuidelineSet } from './model.js';
import { isRecord } from './util.js';

/** Format tag of a bundle file. */
export const BUNDLE_FORMAT = 'rubric-bundle/1';
/** Largest bundle accepted by default (the registry's body limit should match). */
export const DEFAULT_MAX_BUNDLE_BYTES = 8 * 1024 * 1024;
const MAX_FILES = 64;
const SAFE_PATH = /^[A-Za-z0-9_][A-Za-z0-9._-]*(?:\/[A-Za-z0-9_][A-Za-z0-9._-]*)*$/;

/** One file in a bundle's manifest. */
export interface BundleFileEntry {
  path: string;
  sha256: string;
  bytes: number;
}

/** What a bundle says about itself. */
export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  setId: string;
  version: string;
  files: BundleFileEntry[];
  /** sha256 over the sorted file entries: identifies the content of this version. */
  contentHash: string;
  git?: { commit: string; dirty: boolean };
}

/** A bundle: manifest plus file texts by path. */
export interface Bundle {
  manifest: BundleManifest;
  files: Record<string, string>;
}

/** A problem with a bundle, at a JSON path. */
export interface BundleProblem {
  path: string;
  message: string;
}

/** sha256 hex of a UTF-8 text. */
export function sha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The content hash of a set of files: sha256 over "path NUL sha256 LF" lines sorted by path. */
export function contentHash(files: Record<string, string>): string {
  const lines = Object.keys(files)
    .sort()
    .map((p) => `${p}\u0000${sha256(files[p] as string)}\n`)
    .join('');
  return sha256(lines);
}

/** The manifest of files (recomputed, never taken from a client). */
export function manifestOf(files: Record<string, string>, setId: string, version: string, git?: { commit: string; dirty: boolean }): BundleManifest {
  return {
    format: BUNDLE_FORMAT,
    setId,
    version,
    files: Object.keys(files)
      .sort()
      .map((path) => ({ path, sha256: sha256(files[path] as string), bytes: Buffer.byteLength(files[path] as string) })),
    contentHash: contentHash(files),
    ...(git ? { git } : {}),
  };
}

/** The files of a loaded set as a bundle holds them (guideline.md and its schema, paths relative to the set folder); undefined when one is missing. */
export function setFiles(set: GuidelineSet): Record<string, string> | undefined {
  if (!set.guideline || !set.schema) return undefined;
  const schemaRel = posix.relative(joinPath(set.dir, '.'), set.schemaPath);
  return { [GUIDELINE_FILE]: set.guideline.text, [schemaRel]: set.schema.text };
}

/** Packs the set in `dir`: guideline.md and the schema it names, paths relative to the set folder. */
export function packBundle(dir: string, host: Host, git?: { commit: string; dirty: boolean }): { bundle?: Bundle; set: GuidelineSet } {
  const set = loadSet(dir, host);
  const files = setFiles(set);
  if (!files || !set.guideline || !set.schema) return { set };
  const fm = set.guideline.frontmatter?.data;
  const setId = isRecord(fm) && typeof fm.id === 'string' ? fm.id : (set.schema.id ?? '');
  const version = isRecord(fm) && typeof fm.version === 'string' ? fm.version : (set.schema.version ?? '');
  return { bundle: { manifest: manifestOf(files, setId, version, git), files }, set };
}

/**
 * Parses and checks a bundle from untrusted JSON text: shape, safe relative
 * paths, size limits, that guideline.md is there, and that every hash the
 * client sent matches the content (a mismatch means a corrupted upload).
 * The returned manifest is recomputed from the files.
 */
export function parseBundle(text: string, maxBytes = DEFAULT_MAX_BUNDLE_BYTES): { bundle?: Bundle; problems: BundleProblem[] } {
  const problems: BundleProblem[] = [];
  if (Buffer.byteLength(text) > maxBytes) return { problems: [{ path: '', message: `Unexpected bundle of ${Buffer.byteLength(text)} bytes, expected at most ${maxBytes}` }] };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { problems: [{ path: '', message: `Unexpected JSON syntax: ${error instanceof Error ? error.message : String(error)}` }] };
  }
  if (!isRecord(raw)) return { problems: [{ path: '', message: 'Unexpected bundle, expected a JSON object with manifest and files' }] };
  const manifest = raw.manifest;
  const files = raw.files;
  if (!isRecord(manifest)) problems.push({ path: '/manifest', message: 'Missing manifest, expected an object' });
  else if (manifest.format !== BUNDLE_FORMAT) problems.push({ path: '/manifest/format', message: `Unexpected format ${JSON.stringify(manifest.format)}, expected "${BUNDLE_FORMAT}"` });
  if (!isRecord(files)) problems.push({ path: '/files', message: 'Missing files, expected an object of path -> text' });
  if (problems.length || !isRecord(files) || !isRecord(manifest)) return { problems };
  const entries = Object.entries(files);
  if (entries.length > MAX_FILES) problems.push({ path: '/files', message: `Unexpected ${entries.length} files, expected at most ${MAX_FILES}` });
  const clean: Record<string, string> = {};
  for (const [path, content] of entries) {
    const at = `/files/${path.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (!SAFE_PATH.test(path) || path.split('/').some((s) => s === '..' || s === '.') || path.length > 200) {
      problems.push({ path: at, message: `Unexpected file path ${JSON.stringify(path.slice(0, 100))}, expected a relative path of letters, digits, '.', '_' and '-' inside the set` });
      continue;
    }
    if (typeof content !== 'string') {
      problems.push({ path: at, message: `Unexpected ${content === null ? 'null' : typeof content}, expected the file's text` });
      continue;
    }
    clean[path] = content;
  }
  if (!(GUIDELINE_FILE in clean) && !problems.some((p) => p.path === `/files/${GUIDELINE_FILE}`)) problems.push({ path: '/files', message: `Missing ${GUIDELINE_FILE}, expected it at the top of the bundle` });
  const claimed = Array.isArray(manifest.files) ? manifest.files : [];
  for (const [i, entry] of claimed.entries()) {
    if (!isRecord(entry) || typeof entry.path !== 'string' || typeof entry.sha256 !== 'string') continue;
    const text = clean[entry.path];
    if (text !== undefined && sha256(text) !== entry.sha256) problems.push({ path: `/manifest/files/${i}/sha256`, message: `Unexpected sha256 for ${entry.path}, expected ${sha256(text)}: the file changed after packing or the upload is corrupted` });
  }
  if (problems.length) return { problems };
  const setId = typeof manifest.setId === 'string' ? manifest.setId : '';
  const version = typeof manifest.version === 'string' ? manifest.version : '';
  const git = isRecord(manifest.git) && typeof manifest.git.commit === 'string' && /^[0-9a-f]{7,64}$/.test(manifest.git.commit) ? { commit: manifest.git.commit, dirty: manifest.git.dirty === true } : undefined;
  return { bundle: { manifest: manifestOf(clean, setId, version, git), files: clean }, problems };
}

/** Folder a bundle's set is loaded from inside its in-memory host. */
export const BUNDLE_DIR = '/bundle';

/** Loads a bundle's set through an in-memory host (what the registry lints). */
export function loadBundle(bundle: Bundle): { set: GuidelineSet; host: Host } {
  const host = createMemoryHost(Object.fromEntries(Object.entries(bundle.files).map(([p, t]) => [joinPath(BUNDLE_DIR, p), t])));
  return { set: loadSet(BUNDLE_DIR, host), host };
}
