/**
 * `rubric diff --base … --comment` end to end: the built CLI in a real git
 * repository, posting to a local server that follows GitHub's REST contract
 * for issue comments (tests/support/github-server.mjs). One sticky comment per
 * pull request, found again by its marker across pages, updated on every
 * push, never duplicated, replaced or deleted when no set changes any more;
 * rate limits waited out as GitHub asks; clear messages for a read-only token,
 * a fork, a missing pull request and a bad token.
 */
import { mkdirSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { closedPort, hasStackTrace, rubricAsync, ROOT, tempDir, type CliResult } from '../support/cli.js';
import { commitAll, git } from '../support/git.js';
import { startGitHubServer, type GitHubServer } from '../support/github-server.mjs';

const MARKER = '<!-- rubric-review: sticky comment, updated on every push -->';
const PR = 'octo-org/guidelines#7';

let tmp: { dir: string; cleanup: () => void };
let repo: string;
let github: GitHubServer;
let eventFile: string;
let summaryFile: string;

function edit(file: string, change: (text: string) => string): void {
  const p = join(repo, 'guidelines/demo', file);
  writeFileSync(p, change(readFileSync(p, 'utf8')));
}

/** The pull request's event payload, as GitHub Actions writes it to GITHUB_EVENT_PATH. */
function writeEvent(number: number, head = 'octo-org/guidelines'): void {
  writeFileSync(eventFile, JSON.stringify({ action: 'synchronize', number, pull_request: { number, head: { ref: 'rename', repo: { full_name: head } }, base: { ref: 'main', repo: { full_name: 'octo-org/guidelines' } } } }));
}

function review(extra: string[] = [], env: Record<string, string> = {}): Promise<CliResult> {
  return rubricAsync(['diff', '--base', 'main', '-f', 'github', '--comment', ...extra], repo, {
    GITHUB_TOKEN: 'ghs_write',
    GITHUB_REPOSITORY: 'octo-org/guidelines',
    GITHUB_API_URL: github.url,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    ...env,
  });
}

const ours = (): { id: number; body: string }[] => github.comments(PR).filter((c) => c.body.startsWith(MARKER));
const writes = (): string[] => github.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.status}`);

beforeAll(async () => {
  tmp = tempDir('rubric-comment-');
  repo = join(tmp.dir, 'repo');
  eventFile = join(tmp.dir, 'event.json');
  summaryFile = join(tmp.dir, 'summary.md');
  mkdirSync(join(repo, 'guidelines'), { recursive: true });
  git(repo, 'init', '-q');
  cpSync(join(ROOT, 'tests/fixtures/clean-set'), join(repo, 'guidelines/demo'), { recursive: true });
  edit('guideline.md', (t) => t.replace('status: draft', 'status: approved'));
  commitAll(repo, 'demo 1.0.0');
  git(repo, 'checkout', '-q', '-b', 'rename');
  github = await startGitHubServer({
    tokens: { ghs_write: { login: 'github-actions[bot]', write: true }, ghs_read: { login: 'github-actions[bot]', write: false } },
    pulls: [PR, 'octo-org/guidelines#8'],
  });
  writeEvent(7);
});
afterAll(async () => {
  await github.close();
  tmp.cleanup();
});
beforeEach(() => {
  github.requests.length = 0;
  writeFileSync(summaryFile, '');
});

describe('the sticky review comment', () => {
  it('a pull request that renames a label without a major bump: one comment, a failing check, annotations', async () => {
    github.seed(PR, 'Looks good to me, but please check the rename.');
    edit('schema.json', (t) => t.replace('{ "id": "abuse.threat", "title": "Threat", "severity": "high" }', '{ "id": "abuse.menace", "title": "Threat", "severity": "high", "renamedFrom": "abuse.threat" }').replace(/"version": "1.0.0"/, '"version": "1.1.0"'));
    edit('guideline.md', (t) => t.replaceAll('abuse.threat', 'abuse.menace').replace('version: 1.0.0', 'version: 1.1.0').replace('## Changelog\n', '## Changelog\n\n### 1.1.0\n\n- Renamed `abuse.threat` to `abuse.menace`.\n'));
    commitAll(repo, 'rename threat');
    const r = await review();
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^::error file=guidelines\/demo\/guideline\.md,line=\d+.*title=rubric bump-too-small::Unexpected minor bump 1\.0\.0 -> 1\.1\.0, expected at least a major bump/m);
    expect(r.stdout).toMatch(/^::warning .*title=major%3A label-renamed::/m);
    const [comment] = ours();
    expect(ours()).toHaveLength(1);
    expect(comment?.body).toContain('## Rubric review');
    expect(comment?.body).toMatch(/\| `clean-set` \| changed .* \| 1\.0\.0 → 1\.1\.0 \| 🔴 major \| 🟡 minor \| ❌ 1 problem \|/);
    expect(comment?.body).toContain('Label `abuse.threat` was renamed to `abuse.menace`');
    expect(r.stderr).toMatch(new RegExp(`^rubric: review comment on ${PR} posted: https://github.com/octo-org/guidelines/pull/7#issuecomment-\\d+\\n$`));
    // The reviewer's comment is untouched, the report also went to the job summary.
    expect(github.comments(PR).map((c) => c.user.login)).toEqual(['reviewer', 'github-actions[bot]']);
    expect(readFileSync(summaryFile, 'utf8')).toContain('Label `abuse.threat` was renamed to `abuse.menace`');
    expect(writes()).toEqual(['POST 201']);
  });

  it('the next push (acknowledged) updates the same comment in place, and the check passes', async () => {
    const before = ours()[0]?.id;
    edit('guideline.md', (t) => t.replace('owners:', 'acknowledgements:\n  - change: questions[verdict].options[abuse.threat]\n    reason: Renamed before any annotation used it.\nowners:'));
    commitAll(repo, 'acknowledge');
    const r = await review();
    expect(r.code).toBe(0);
    expect(ours().map((c) => c.id)).toEqual([before]);
    expect(ours()[0]?.body).toContain('**Acknowledged breaking changes**');
    expect(ours()[0]?.body).toContain('✅ ok');
    expect(r.stderr).toMatch(/review comment on octo-org\/guidelines#7 updated: /);
    expect(writes()).toEqual(['PATCH 200']);
  });

  it('a run with nothing new does not write at all', async () => {
    const r = await review();
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/review comment on octo-org\/guidelines#7 already up to date/);
    expect(writes()).toEqual([]);
  });

  it('finds its comment on a later page (link header followed) and deletes stray copies: never two', async () => {
    for (let i = 0; i < 130; i++) github.seed(PR, `Review thread comment ${i}`);
    github.seed(PR, `${MARKER}\nan older copy left by a cancelled run`, 'github-actions[bot]');
    edit('guideline.md', (t) => t.replace('A small set used by the CLI tests.', 'A small set used by the review tests.'));
    commitAll(repo, 'reword scope');
    const r = await review();
    expect(r.code).toBe(0);
    expect(ours()).toHaveLength(1);
    expect(ours()[0]?.body).toContain('Text outside label sections');
    const pages = github.requests.filter((q) => q.method === 'GET').map((q) => q.query.page ?? '1');
    expect(pages).toEqual(['1', '2']);
    expect(github.requests.filter((q) => q.method === 'GET').every((q) => q.query.per_page === '100')).toBe(true);
    expect(writes()).toEqual(['DELETE 204', 'PATCH 200']);
    expect(r.stderr).toMatch(/\(1 duplicate removed\)/);
  });

  it('when the pull request no longer changes a set, the comment says "no semantic changes"', async () => {
    git(repo, 'reset', '-q', '--hard', 'main');
    const r = await review();
    expect(r.code).toBe(0);
    expect(ours()).toHaveLength(1);
    expect(ours()[0]?.body).toMatch(/^<!-- rubric-review[^\n]*\n## Rubric review\n\nNo semantic changes: this pull request no longer changes a guideline set \(compared with `main` \([0-9a-f]{12}\)\)\.\n$/);
  });

  it('or is deleted with --comment-empty delete, and nothing is posted when there is no comment yet', async () => {
    const r = await review(['--comment-empty', 'delete']);
    expect(r.code).toBe(0);
    expect(ours()).toHaveLength(0);
    expect(r.stderr).toMatch(/deleted \(no set changes any more\)/);
    const again = await review();
    expect(again.stderr).toMatch(/not posted \(no set changes\)/);
    expect(writes()).toEqual(['DELETE 204']);
  });
});

describe('what GitHub may answer', () => {
  beforeAll(() => {
    edit('schema.json', (t) => t.replace('{ "id": "abuse.threat", "title": "Threat", "severity": "high" }', '{ "id": "abuse.threat", "title": "Threat", "severity": "high" },\n            { "id": "abuse.spam", "title": "Spam", "severity": "low" }'));
    edit('guideline.md', (t) => t.replace('### `target.person` A person', '#### `abuse.spam` Spam\n\nUnwanted repeated messages.\n\n### `target.person` A person'));
    commitAll(repo, 'add spam without a bump');
  });

  it('waits out a secondary rate limit (retry-after), then posts', async () => {
    github.rateLimit({ status: 429, retryAfter: 1 });
    const started = Date.now();
    const r = await review();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('rubric: GitHub rate limit (429: You have exceeded a secondary rate limit. Please wait a few minutes before you try again.): waiting 1 s before retrying, as GitHub asks');
    expect(ours()).toHaveLength(1);
  });

  it('waits for x-ratelimit-reset when the primary limit is used up', async () => {
    github.rateLimit({ status: 403, resetIn: 2 });
    const r = await review();
    expect(r.stderr).toMatch(/GitHub rate limit \(403: API rate limit exceeded for installation ID 1\.\): waiting [12] s before retrying/);
    // The refused page is asked again after the wait; then page 2 (the thread has 130 reviewer comments); nothing to write.
    expect(github.requests.map((q) => `${q.method} ${q.query.page ?? '1'} ${q.status}`)).toEqual(['GET 1 403', 'GET 1 200', 'GET 2 200']);
  });

  it('gives up with the reset time when the wait would be too long', async () => {
    github.rateLimit({ status: 403, resetIn: 3600 });
    const r = await review();
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^rubric: the review comment on octo-org\/guidelines#7 was not posted: GitHub's rate limit is exhausted until \d{4}-\d\d-\d\dT[\d:.]+Z \(API rate limit exceeded for installation ID 1\.\); not retrying a wait longer than 300 s\. Run the job again later\.\n$/);
  });

  it('a read-only token: exit 2 and what to change in the workflow', async () => {
    writeEvent(8);
    const r = await review([], { GITHUB_TOKEN: 'ghs_read' });
    writeEvent(7);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('GitHub refused to let this token write (403 Resource not accessible by integration) for POST /repos/octo-org/guidelines/issues/8/comments. Give the job `permissions: pull-requests: write`');
    expect(github.comments('octo-org/guidelines#8')).toHaveLength(0);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it('a fork pull request: not posted, said why, the review in the job summary, the check still decides', async () => {
    writeEvent(8, 'someone/guidelines');
    const r = await review([], { GITHUB_TOKEN: 'ghs_read' });
    writeEvent(7);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('rubric: octo-org/guidelines#8 comes from the fork someone/guidelines, and GitHub gives a fork\'s workflow a read-only token: the review is not posted as a comment (it is in the job summary).\n');
    expect(readFileSync(summaryFile, 'utf8')).toContain('Label `abuse.spam`');
    expect(github.requests).toEqual([]);
  });

  it('an unknown pull request, a bad token, a missing token or event', async () => {
    const missing = await review(['--pr', '99']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('GitHub answered 404 Not Found for GET /repos/octo-org/guidelines/issues/99/comments: the repository or pull request does not exist, or this token cannot see it');
    const bad = await review([], { GITHUB_TOKEN: 'ghs_expired' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('GitHub refused the token (401 Bad credentials)');
    const none = await review([], { GITHUB_TOKEN: '' });
    expect(none).toMatchObject({ code: 2, stdout: '' });
    expect(none.stderr).toBe('rubric: --comment needs a token in GITHUB_TOKEN: in a workflow step add `env: { GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }} }`\n');
    const noEvent = await review([], { GITHUB_EVENT_PATH: '' });
    expect(noEvent.code).toBe(2);
    expect(noEvent.stderr).toMatch(/--comment needs a pull request: run it on a `pull_request` event .* or pass --pr <number>/);
    const closed = await closedPort();
    const unreachable = await review([], { GITHUB_API_URL: `http://127.0.0.1:${closed}` });
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toContain(`Could not reach the GitHub API at http://127.0.0.1:${closed}: ECONNREFUSED`);
    for (const r of [missing, bad, none, noEvent, unreachable]) expect(hasStackTrace(r.stderr)).toBe(false);
  });
});
