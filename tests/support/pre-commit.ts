/**
 * The pre-commit framework (PyPI's `pre-commit`), installed once into a venv
 * under .cache/ keyed by its version, so the hook of .pre-commit-hooks.yaml is
 * tested through the real framework. When Python or PyPI is not available the
 * caller skips with the reason this returns.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './cli.js';

/** The pinned pre-commit version. */
export const PRE_COMMIT_VERSION = '4.3.0';

/** Path of the `pre-commit` executable, or `{ skip }` with why it could not be installed. */
export function ensurePreCommit(): { bin: string } | { skip: string } {
  const home = join(ROOT, '.cache', `pre-commit-${PRE_COMMIT_VERSION}`);
  const bin = join(home, 'bin', 'pre-commit');
  if (existsSync(join(home, '.complete'))) return { bin };
  const python = ['python3', 'python'].find((p) => spawnSync(p, ['--version'], { stdio: 'ignore' }).status === 0);
  if (!python) return { skip: 'no python3 on PATH to install the pre-commit framework into a venv' };
  // A venv cannot be moved (its scripts name their python by absolute path): built in place, marked complete at the end.
  rmSync(home, { recursive: true, force: true });
  const venv = spawnSync(python, ['-m', 'venv', home], { encoding: 'utf8' });
  if (venv.status !== 0) return { skip: `\`${python} -m venv\` failed: ${venv.stderr.trim().split('\n').pop()}` };
  const pip = spawnSync(join(home, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', `pre-commit==${PRE_COMMIT_VERSION}`], { encoding: 'utf8', timeout: 300_000 });
  if (pip.status !== 0) {
    rmSync(home, { recursive: true, force: true });
    return { skip: `pip could not install pre-commit==${PRE_COMMIT_VERSION} (is PyPI reachable?): ${(pip.stderr || pip.error?.message || '').trim().split('\n').pop()}` };
  }
  writeFileSync(join(home, '.complete'), `${new Date().toISOString()}\n`);
  return { bin };
}
