/**
 * Before the commit: `rubric lint --staged` lints only the guideline sets the
 * staged files touch (the plain git hook), and the hook of
 * .pre-commit-hooks.yaml runs through the real pre-commit framework (PyPI),
 * installed as a git hook in a real repository: a commit that breaks a set
 * is refused, an unstaged fix does not rescue it, a set nobody touched is not
 * linted, and a fixed commit goes through.
 */
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasStackTrace, rubric, ROOT, tempDir } from '../support/cli.js';
import { commitAll, git } from '../support/git.js';
import { ensurePreCommit } from '../support/pre-commit.js';

let tmp: { dir: string; cleanup: () => void };
let repo: string;

/** A repository with three sets: `alpha` and `beta` clean, `gamma` committed with an unknown label reference (nobody's touching it). */
function makeRepo(name: string): string {
  const dir = join(tmp.dir, name);
  mkdirSync(join(dir, 'guidelines'), { recursive: true });
  git(dir, 'init', '-q');
  for (const set of ['alpha', 'beta', 'gamma']) cpSync(join(ROOT, 'tests/fixtures/clean-set'), join(dir, 'guidelines', set), { recursive: true });
  edit(dir, 'gamma', (t) => t.replace('Anything that is not `abuse`.', 'Anything that is not `abuse.gone`.'));
  writeFileSync(join(dir, 'README.md'), '# Our guidelines\n');
  writeFileSync(join(dir, '.gitignore'), 'node_modules/\n');
  // The team's repository has rubric installed (here: the built CLI), as `npx --no-install rubric` expects.
  mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(join(ROOT, 'apps/cli/bin/rubric.js'), join(dir, 'node_modules', '.bin', 'rubric'));
  commitAll(dir, 'three sets');
  return dir;
}

function edit(dir: string, set: string, change: (text: string) => string, file = 'guideline.md'): void {
  const p = join(dir, 'guidelines', set, file);
  writeFileSync(p, change(readFileSync(p, 'utf8')));
}

const breakAlpha = (t: string): string => t.replace('Anything that is not `abuse`.', 'Anything that is not `abuse.typo`.');

beforeAll(() => {
  tmp = tempDir('rubric-precommit-');
  repo = makeRepo('plain');
});
afterAll(() => tmp.cleanup());

describe('rubric lint --staged (the plain git hook)', () => {
  it('lints nothing and says nothing when no set is staged', () => {
    writeFileSync(join(repo, 'README.md'), '# Our guidelines, reworded\n');
    git(repo, 'add', 'README.md');
    expect(rubric(['lint', '--staged'], repo)).toEqual({ code: 0, stdout: '', stderr: '' });
    git(repo, 'reset', '-q', '--hard');
  });

  it('lints only the touched set: a staged break in alpha fails, gamma (broken, untouched) is not read', () => {
    edit(repo, 'alpha', breakAlpha);
    git(repo, 'add', '-A');
    const r = rubric(['lint', '--staged', '-f', 'json'], repo);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as { files: { path: string; findings: { ruleId: string }[] }[] };
    expect(report.files.map((f) => f.path).sort()).toEqual(['guidelines/alpha/guideline.md', 'guidelines/alpha/schema.json']);
    expect(report.files.flatMap((f) => f.findings.map((x) => x.ruleId))).toEqual(['label-reference-known']);
    // The whole repository would fail on gamma too: --staged really left it out.
    const all = rubric(['lint', '-f', 'json', '--no-cache'], repo);
    expect((JSON.parse(all.stdout) as { files: { path: string; findings: unknown[] }[] }).files.filter((f) => f.findings.length).map((f) => f.path)).toEqual(['guidelines/alpha/guideline.md', 'guidelines/gamma/guideline.md']);
  });

  it('warns when a touched set also has unstaged changes (the plain hook lints the working tree)', () => {
    edit(repo, 'alpha', (t) => t.replace('`abuse.typo`', '`abuse`'));
    const r = rubric(['lint', '--staged'], repo);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('rubric: guidelines/alpha also has unstaged changes; they are linted too (stash them, or use the pre-commit framework, to lint exactly what is committed)\n');
    git(repo, 'reset', '-q', '--hard');
  });

  it('a staged rubric.config.json touches every set it configures', () => {
    writeFileSync(join(repo, 'rubric.config.json'), '{ "rules": { "no-todo": "error" } }\n');
    git(repo, 'add', 'rubric.config.json');
    const r = rubric(['lint', '--staged', '-f', 'json'], repo);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { files: { path: string; findings: unknown[] }[] };
    expect(new Set(report.files.map((f) => f.path.split('/')[1]))).toEqual(new Set(['alpha', 'beta', 'gamma']));
    git(repo, 'reset', '-q', '--hard');
    git(repo, 'clean', '-qfd', '-e', 'node_modules');
  });

  it('maps given files to their sets (what pre-commit passes), ignoring files in no set and deleted ones', () => {
    const r = rubric(['lint', '--staged', '-f', 'json', 'README.md', 'guidelines/beta/schema.json', 'guidelines/beta/guideline.md', 'guidelines/nowhere/gone.md'], repo);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { files: { path: string }[] }).files.map((f) => f.path).sort()).toEqual(['guidelines/beta/guideline.md', 'guidelines/beta/schema.json']);
  });

  it('outside a git repository it says so, without a stack trace', () => {
    const outside = join(tmp.dir, 'not-a-repo');
    mkdirSync(outside);
    const r = rubric(['lint', '--staged'], outside);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^rubric: --staged needs a git repository, and .*not-a-repo is not inside one\n$/);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });
});

describe('the rubric-lint hook through the pre-commit framework', () => {
  const installed = ensurePreCommit();
  if ('skip' in installed) {
    it.skip(`skipped: ${installed.skip}`, () => {});
    console.warn(`pre-commit tests skipped: ${installed.skip}`);
    return;
  }
  const preCommit = installed.bin;
  let work: string;
  let env: Record<string, string>;

  beforeAll(() => {
    work = makeRepo('framework');
    // The hook repository: this repository's .pre-commit-hooks.yaml as it is now, committed in a repo of its own.
    const hooks = join(tmp.dir, 'hooks-repo');
    mkdirSync(hooks);
    git(hooks, 'init', '-q');
    cpSync(join(ROOT, '.pre-commit-hooks.yaml'), join(hooks, '.pre-commit-hooks.yaml'));
    commitAll(hooks, 'hooks');
    const rev = git(hooks, 'rev-parse', 'HEAD').trim();
    writeFileSync(join(work, '.pre-commit-config.yaml'), `repos:\n  - repo: ${hooks}\n    rev: ${rev}\n    hooks:\n      - id: rubric-lint\n`);
    commitAll(work, 'pre-commit config');
    env = { PRE_COMMIT_HOME: join(tmp.dir, 'pre-commit-home'), PRE_COMMIT_COLOR: 'never' };
    const install = spawnSync(preCommit, ['install'], { cwd: work, encoding: 'utf8', env: { ...process.env, ...env } });
    expect(install.status, install.stderr).toBe(0);
  });

  /** `git commit` through the installed hook; returns its exit code and output. */
  const commit = (message: string): { code: number | null; output: string } => {
    const r = spawnSync('git', ['-c', 'commit.gpgsign=false', 'commit', '-q', '-m', message], {
      cwd: work,
      encoding: 'utf8',
      env: { ...process.env, ...env, GIT_AUTHOR_NAME: 'Writer', GIT_AUTHOR_EMAIL: 'w@example.org', GIT_COMMITTER_NAME: 'Writer', GIT_COMMITTER_EMAIL: 'w@example.org' },
    });
    return { code: r.status, output: `${r.stdout}${r.stderr}` };
  };

  it('refuses a commit that breaks a set, naming the finding, even with an unstaged fix in the working tree', () => {
    edit(work, 'alpha', breakAlpha);
    git(work, 'add', '-A');
    // Fixed in the working tree but not staged: pre-commit stashes it, so the commit's content is what is linted.
    edit(work, 'alpha', (t) => t.replace('`abuse.typo`', '`abuse`'));
    const r = commit('break alpha');
    expect(r.code).toBe(1);
    expect(r.output).toMatch(/rubric lint \(staged guideline sets\)\.+Failed/);
    expect(r.output).toContain('guidelines/alpha/guideline.md');
    expect(r.output).toContain('abuse.typo');
    expect(r.output).not.toContain('guidelines/gamma');
    // The unstaged fix is back in the working tree after the hook ran.
    expect(readFileSync(join(work, 'guidelines/alpha/guideline.md'), 'utf8')).toContain('Anything that is not `abuse`.');
  });

  it('lets the fixed commit through without reading the broken set nobody touched', () => {
    git(work, 'add', '-A');
    edit(work, 'beta', (t) => t.replace('A small set used by the CLI tests.', 'A small set used by the tests.'));
    git(work, 'add', '-A');
    const r = commit('reword beta');
    expect(r.output).toMatch(/rubric lint \(staged guideline sets\)\.+Passed/);
    expect(r.code).toBe(0);
    expect(git(work, 'log', '-1', '--format=%s').trim()).toBe('reword beta');
  });

  it('skips the hook for a commit that touches no set', () => {
    writeFileSync(join(work, 'README.md'), '# Reworded\n');
    git(work, 'add', 'README.md');
    const r = commit('readme');
    expect(r.code).toBe(0);
    expect(r.output).toMatch(/rubric lint \(staged guideline sets\)\.+\(no files to check\)Skipped/);
  });
});
