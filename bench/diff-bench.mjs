/**
 * The review benchmark: `rubric diff --base HEAD~1` over the lint corpus put in
 * a git repository, with 10 sets changed in the last commit, timed as a whole
 * process. Target: <= 2 s (only the changed sets are read and parsed). Then the
 * same with `--comment -f github`, as the pull-request workflow runs it, posting
 * to the local GitHub contract server (tests/support/github-server.mjs): the
 * first run creates the sticky comment, the second finds it (page 2 of a thread
 * with 150 other comments) and has nothing to change. Target: <= 2 s each.
 *
 *   npm run bench                                    # from the repo root
 *   BENCH_DIFF_SETS=50 node bench/diff-bench.mjs     # small corpus
 *
 * Writes bench/results/diff.json.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpusDir, ensureCorpus } from './lib/corpus.mjs';
import { DEFAULT_SHAPE } from './lib/generate-set.mjs';
import { measure } from './lib/measure.mjs';
import { startGitHubServer } from '../tests/support/github-server.mjs';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH_DIR, '..');
const RUBRIC_CLI = join(ROOT, 'apps', 'cli', 'bin', 'rubric.js');
const RESULTS_FILE = join(BENCH_DIR, 'results', 'diff.json');
const TARGET_SECONDS = 2;
const CHANGED = 10;

const sets = process.env.BENCH_DIFF_SETS ? Number(process.env.BENCH_DIFF_SETS) : 1000;
// Its own corpus folder (bench/.corpus-real-1000), so it and the lint bench's default corpus never regenerate each other.
const CORPUS_DIR = corpusDir(DEFAULT_SHAPE, sets);
ensureCorpus({ sets, dir: CORPUS_DIR, log: (m) => console.log(m) });

const work = mkdtempSync(join(tmpdir(), 'rubric-diff-bench-'));
const repo = join(work, 'repo');
const git = (...args) =>
  execFileSync('git', ['-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], {
    cwd: repo,
    env: { ...process.env, GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@example.org', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@example.org' },
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
try {
  cpSync(CORPUS_DIR, join(repo, 'guidelines'), { recursive: true });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'corpus');
  const dirs = readdirSync(join(repo, 'guidelines'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  // Every 1/CHANGED of the way through, one set gets a reworded definition and a version bump.
  const step = Math.max(1, Math.floor(dirs.length / CHANGED));
  const changed = dirs.filter((_, i) => i % step === 0).slice(0, CHANGED);
  for (const d of changed) {
    const g = join(repo, 'guidelines', d, 'guideline.md');
    const text = readFileSync(g, 'utf8');
    writeFileSync(g, text.replace(/^(###? `[^`]+`.*\n\n)([^\n]+)/m, '$1Reworded for the benchmark. $2'));
  }
  git('commit', '-q', '-am', 'reword 10 sets');
  console.log(`repository: ${dirs.length} sets, ${changed.length} changed in HEAD`);

  const r = await measure({ cmd: process.execPath, args: [RUBRIC_CLI, 'diff', '--base', 'HEAD~1', '-f', 'json'], cwd: repo, keepStdout: true });
  let reported = 0;
  try {
    reported = JSON.parse(r.stdout).sets.length;
  } catch {
    reported = -1;
  }
  const ok = (r.exitCode === 0 || r.exitCode === 1) && reported === changed.length;
  const status = !ok ? 'FAILED' : r.wallSeconds <= TARGET_SECONDS ? 'PASS' : 'MISS';
  console.log(`rubric diff --base HEAD~1: ${r.wallSeconds.toFixed(2)} s wall (${r.cpuSeconds?.toFixed(2) ?? '-'} s cpu), ${reported} sets reported, peak RSS ${r.peakRssBytes ? (r.peakRssBytes / 2 ** 20).toFixed(0) : '-'} MB; target <= ${TARGET_SECONDS} s: ${status}`);
  if (!ok) console.error(r.stderrTail);

  // The workflow's step: annotations on stdout, the sticky comment over GitHub's REST API.
  const github = await startGitHubServer({ pulls: ['octo-org/guidelines#1'] });
  const comments = [];
  try {
    for (let i = 0; i < 150; i++) github.seed('octo-org/guidelines#1', `review thread comment ${i}`);
    const event = join(work, 'event.json');
    writeFileSync(event, JSON.stringify({ pull_request: { number: 1, head: { repo: { full_name: 'octo-org/guidelines' } }, base: { repo: { full_name: 'octo-org/guidelines' } } } }));
    const env = { ...process.env, GITHUB_TOKEN: 'ghs_write', GITHUB_REPOSITORY: 'octo-org/guidelines', GITHUB_API_URL: github.url, GITHUB_EVENT_PATH: event };
    for (const run of ['post', 'update (nothing new)']) {
      const c = await measure({ cmd: process.execPath, args: [RUBRIC_CLI, 'diff', '--base', 'HEAD~1', '-f', 'github', '--comment'], cwd: repo, env, keepStdout: true });
      const posted = github.comments('octo-org/guidelines#1').filter((x) => x.body.startsWith('<!-- rubric-review')).length;
      const cOk = (c.exitCode === 0 || c.exitCode === 1) && posted === 1;
      const cStatus = !cOk ? 'FAILED' : c.wallSeconds <= TARGET_SECONDS ? 'PASS' : 'MISS';
      console.log(`rubric diff --base HEAD~1 -f github --comment (${run}): ${c.wallSeconds.toFixed(2)} s wall (${c.cpuSeconds?.toFixed(2) ?? '-'} s cpu), ${posted} sticky comment, peak RSS ${c.peakRssBytes ? (c.peakRssBytes / 2 ** 20).toFixed(0) : '-'} MB; target <= ${TARGET_SECONDS} s: ${cStatus}`);
      if (!cOk) console.error(c.stderrTail);
      comments.push({ run, wallSeconds: c.wallSeconds, cpuSeconds: c.cpuSeconds ?? null, status: cStatus });
    }
    comments.push({ requests: github.requests.map((q) => `${q.method} ${q.path}${q.query.page ? `?page=${q.query.page}` : ''} ${q.status}`) });
  } finally {
    await github.close();
  }
  const commentOk = comments.every((c) => !('status' in c) || c.status !== 'FAILED');
  mkdirSync(dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify({ benchmark: 'diff', date: new Date().toISOString(), sets: dirs.length, changed: changed.length, wallSeconds: r.wallSeconds, cpuSeconds: r.cpuSeconds ?? null, peakRssMb: r.peakRssBytes ? r.peakRssBytes / 2 ** 20 : null, target: TARGET_SECONDS, status, comment: comments }, null, 2)}\n`);
  process.exitCode = ok && commentOk ? 0 : 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
