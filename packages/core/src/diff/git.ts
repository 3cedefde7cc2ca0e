/**
 * Reading guideline sets at a git ref without a checkout: a Host over
 * `git show <ref>:<path>`, plus the questions a review asks of git (where is
 * the repository, does the ref exist, which files changed since it).
 * Errors are GitError with a message for people (missing ref, shallow clone).
 */
import { spawnSync } from 'node:child_process';
import { posix, relative, resolve, sep } from 'node:path';
import { decodeText, DEFAULT_MAX_FILE_BYTES, formatBytes, type Host } from '../host.js';

/** A git problem worth telling the user about. */
export class GitError extends Error {
  override name = 'GitError';
}

const MAX_OUTPUT = 256 * 1024 * 1024;

function git(cwd: string, args: string[], allowFail = false): { ok: boolean; stdout: Buffer; stderr: string } {
  const r = spawnSync('git', args, { cwd, maxBuffer: MAX_OUTPUT, env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' } });
  if (r.error) throw new GitError(`Could not run git: ${r.error.message}`);
  const ok = r.status === 0;
  if (!ok && !allowFail) throw new GitError(`git ${args.join(' ')} failed: ${r.stderr.toString().trim()}`);
  return { ok, stdout: r.stdout, stderr: r.stderr.toString() };
}

/** The top folder of the repository holding `cwd`. */
export function gitRoot(cwd: string): string {
  const r = git(cwd, ['rev-parse', '--show-toplevel'], true);
  if (!r.ok) throw new GitError(`Not inside a git repository: ${cwd}`);
  return r.stdout.toString().trim();
}

/** The commit a ref names; a clear error for a missing ref, naming a shallow clone as the likely cause. */
export function resolveCommit(root: string, ref: string): string {
  if (ref.startsWith('-')) throw new GitError(`Unexpected ref "${ref}", expected a branch, tag or commit`);
  const r = git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], true);
  if (r.ok) return r.stdout.toString().trim();
  const shallow = git(root, ['rev-parse', '--is-shallow-repository'], true).stdout.toString().trim() === 'true';
  throw new GitError(
    shallow
      ? `The base ref "${ref}" is not in this shallow clone. Fetch more history (e.g. \`git fetch --unshallow\`, or \`fetch-depth: 0\` in actions/checkout) and try again.`
      : `Unknown base ref "${ref}", expected a branch, tag or commit of this repository (fetch it first if it is remote).`,
  );
}

/** Repository-relative paths (forward slashes) that differ between `commit` and the working tree under `paths`, untracked files included. */
export function changedFiles(root: string, commit: string, paths: readonly string[]): string[] {
  const specs = paths.length ? paths : ['.'];
  const diff = git(root, ['diff', '--name-only', '--no-renames', '-z', commit, '--', ...specs]).stdout.toString();
  const untracked = git(root, ['ls-files', '--others', '--exclude-standard', '-z', '--', ...specs]).stdout.toString();
  return [...new Set([...diff.split('\0'), ...untracked.split('\0')].filter(Boolean))].sort();
}

/** Repository-relative paths of every file at `commit` under `paths`. */
export function filesAt(root: string, commit: string, paths: readonly string[]): string[] {
  const out = git(root, ['ls-tree', '-r', '--name-only', '-z', commit, '--', ...(paths.length ? paths : ['.'])]).stdout.toString();
  return out.split('\0').filter(Boolean);
}

/** Repository-relative form of an absolute path, forward slashes. */
export function repoPath(root: string, absolute: string): string {
  return relative(root, resolve(absolute)).split(sep).join('/');
}

/** Reads many blobs at `commit` with one `git cat-file --batch`; missing paths are left out. */
export function readBlobs(root: string, commit: string, paths: readonly string[]): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  if (paths.length === 0) return out;
  const r = spawnSync('git', ['cat-file', '--batch'], { cwd: root, input: paths.map((p) => `${commit}:${p}\n`).join(''), maxBuffer: MAX_OUTPUT });
  if (r.error || r.status !== 0) return out;
  const buf = r.stdout;
  let at = 0;
  for (const path of paths) {
    const eol = buf.indexOf(10, at);
    if (eol < 0) break;
    const header = buf.subarray(at, eol).toString();
    at = eol + 1;
    const m = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (!m) continue; // "<object> missing"
    const size = Number(m[2]);
    if (m[1] === 'blob') out.set(path, buf.subarray(at, at + size));
    at += size + 1;
  }
  return out;
}

/** A Host over files at a commit, with a way to read many of them in one git call first. */
export interface GitHost extends Host {
  /** Reads these repository-relative paths with one git process; later reads of them are served from memory. */
  prefetch(paths: readonly string[]): void;
}

/**
 * A Host reading files as they were at `commit`. Paths given to it are
 * repository-relative (as loadSet builds them from a repository-relative dir).
 */
export function createGitHost(root: string, commit: string, maxFileBytes = DEFAULT_MAX_FILE_BYTES): GitHost {
  let tree: Set<string> | undefined;
  const files = (): Set<string> => (tree ??= new Set(filesAt(root, commit, [])));
  const norm = (p: string): string => posix.normalize(p.replace(/\\/g, '/')).replace(/^\.\//, '');
  const fetched = new Map<string, Buffer>();
  return {
    prefetch(paths) {
      const wanted = paths.map(norm).filter((p) => files().has(p) && !fetched.has(p));
      for (const [p, b] of readBlobs(root, commit, wanted)) fetched.set(p, b);
    },
    readText(path) {
      const p = norm(path);
      if (!files().has(p)) return { ok: false, kind: 'missing', message: `Missing file at ${commit.slice(0, 12)}` };
      let bytes = fetched.get(p);
      if (!bytes) {
        const r = git(root, ['cat-file', 'blob', `${commit}:${p}`], true);
        if (!r.ok) return { ok: false, kind: 'unreadable', message: `Unreadable file at ${commit.slice(0, 12)}: ${r.stderr.trim()}` };
        bytes = r.stdout;
      }
      if (bytes.length > maxFileBytes) return { ok: false, kind: 'too-large', message: `Unexpected file size ${formatBytes(bytes.length)}, expected at most ${formatBytes(maxFileBytes)}` };
      return decodeText(bytes);
    },
    stat(path) {
      const p = norm(path);
      if (files().has(p)) return 'file';
      for (const f of files()) if (f.startsWith(`${p}/`)) return 'directory';
      return undefined;
    },
  };
}
