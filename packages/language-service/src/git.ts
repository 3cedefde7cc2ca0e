/**
 * What "compare with base" asks of git, as an interface: the language service
 * stays pure (tests give it a real repository or an in-memory reader), and the
 * server backs it with core's git helpers (`git show`-style reads, no
 * checkout). The base is the merge base of HEAD with a ref: by default the
 * repository's default branch (origin/HEAD, else main or master), as a pull
 * request would compare.
 */
import { spawnSync } from 'node:child_process';
import { createGitHost, gitRoot, GitError, resolveCommit, type Host } from '@rubric/core';

/** A resolved base: the ref as asked, the commit compared with, and how to name it to people. */
export interface ResolvedBase {
  /** The ref the merge base was taken with (e.g. `origin/main`). */
  ref: string;
  /** The merge-base commit. */
  commit: string;
  /** Short name for people: `main`, `v2.0.0`. */
  label: string;
}

/** Reads a repository. Errors are GitError with a message for people. */
export interface GitReader {
  /** The repository root holding an absolute path, or undefined outside any repository. */
  root(path: string): string | undefined;
  /** The merge base of HEAD with `ref`, or with the default branch when `ref` is empty. */
  base(root: string, ref: string): ResolvedBase;
  /** Branches and tags to offer in a picker, most useful first. */
  refs(root: string): string[];
  /** Files as they are at a commit (paths relative to the root). */
  hostAt(root: string, commit: string, maxFileBytes?: number): Host;
}

function git(root: string, args: string[]): { ok: boolean; out: string; err: string } {
  const r = spawnSync('git', args, { cwd: root, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' } });
  if (r.error) throw new GitError(`Could not run git: ${r.error.message}`);
  return { ok: r.status === 0, out: r.stdout.trim(), err: r.stderr.trim() };
}

/** The default branch: what origin/HEAD points at, else a local main or master. */
function defaultBranch(root: string): string {
  const head = git(root, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD']);
  if (head.ok && head.out) return head.out;
  for (const candidate of ['main', 'master', 'origin/main', 'origin/master']) {
    if (git(root, ['rev-parse', '--verify', '--quiet', `${candidate}^{commit}`]).ok) return candidate;
  }
  throw new GitError('No default branch found (no origin/HEAD, main or master): pick a base with "Rubric: Pick Compare Base" or the rubric.compare.base setting');
}

/** How long a resolved base is reused: the panel asks on every keystroke, and a commit or checkout is seen within this time. */
const BASE_TTL_MS = 2000;

/** A GitReader over the git command line. Roots are remembered, and a resolved base for BASE_TTL_MS (the panel asks on every keystroke). */
export function createNodeGitReader(now: () => number = Date.now): GitReader {
  const roots = new Map<string, string | undefined>();
  const hosts = new Map<string, Host>();
  const bases = new Map<string, { at: number; base: ResolvedBase }>();
  return {
    root(path) {
      const cached = roots.get(path);
      if (cached !== undefined || roots.has(path)) return cached;
      let root: string | undefined;
      try {
        root = gitRoot(path);
      } catch {
        root = undefined;
      }
      roots.set(path, root);
      return root;
    },
    base(root, ref) {
      const key = `${root}\0${ref}`;
      const cached = bases.get(key);
      if (cached && now() - cached.at < BASE_TTL_MS) return cached.base;
      const base = resolveBase(root, ref);
      bases.set(key, { at: now(), base });
      return base;
    },
    refs(root) {
      const r = git(root, ['for-each-ref', '--sort=-committerdate', '--format=%(refname:short)', 'refs/heads', 'refs/remotes', 'refs/tags']);
      return r.ok ? r.out.split('\n').filter((x) => x && !x.endsWith('/HEAD')).slice(0, 200) : [];
    },
    hostAt(root, commit, maxFileBytes) {
      const key = `${root}\0${commit}\0${maxFileBytes ?? ''}`;
      let host = hosts.get(key);
      if (!host) {
        host = createGitHost(root, commit, maxFileBytes);
        if (hosts.size > 16) hosts.clear();
        hosts.set(key, host);
      }
      return host;
    },
  };
}

/** The merge base of HEAD with `ref` (the default branch when empty). */
function resolveBase(root: string, ref: string): ResolvedBase {
  const wanted = ref.trim() || defaultBranch(root);
  const target = resolveCommit(root, wanted);
  const head = git(root, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  if (!head.ok) return { ref: wanted, commit: target, label: shortName(wanted) };
  const mb = git(root, ['merge-base', head.out, target]);
  if (!mb.ok) throw new GitError(`HEAD and ${wanted} have no common history: pick another base`);
  return { ref: wanted, commit: mb.out, label: shortName(wanted) };
}

/** `origin/main` -> `main`; tags and local branches as they are. */
function shortName(ref: string): string {
  return ref.replace(/^(refs\/(heads|tags|remotes)\/)/, '').replace(/^origin\//, '');
}
