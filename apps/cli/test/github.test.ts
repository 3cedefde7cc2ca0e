/**
 * The pieces of `rubric diff --comment` that need no server: reading GitHub's
 * link and rate-limit headers, the sticky comment's marker and size limit, and
 * the pull request context from the environment and event file. The HTTP side
 * runs end to end in tests/cli/comment.test.ts against a GitHub contract server.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GitHubClient, GitHubError, nextLink, rateLimitWait } from '../src/github/client.js';
import { pullRequestContext } from '../src/github/context.js';
import { commentBody, isReviewComment, MAX_COMMENT_CHARS, REVIEW_MARKER } from '../src/github/sticky-comment.js';
import { UsageError } from '../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'rubric-github-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('link header', () => {
  it('finds rel="next" among the others, in any order', () => {
    expect(nextLink('<https://api.github.com/repositories/1/issues/2/comments?per_page=100&page=2>; rel="next", <https://api.github.com/repositories/1/issues/2/comments?per_page=100&page=5>; rel="last"')).toBe('https://api.github.com/repositories/1/issues/2/comments?per_page=100&page=2');
    expect(nextLink('<https://x/a?page=1>; rel="prev", <https://x/a?page=3>; rel="next"')).toBe('https://x/a?page=3');
    expect(nextLink('<https://x/a?page=1>; rel="first", <https://x/a?page=1>; rel="prev"')).toBeUndefined();
    expect(nextLink(null)).toBeUndefined();
  });
});

describe('rate limits, as GitHub documents them', () => {
  const h = (entries: Record<string, string>): Headers => new Headers(entries);
  it('retry-after wins; else x-ratelimit-reset when none remain; else a minute for a secondary limit', () => {
    expect(rateLimitWait(429, h({ 'retry-after': '7' }), '')).toBe(7);
    expect(rateLimitWait(403, h({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1000030' }), 'API rate limit exceeded', 1_000_000_000)).toBe(30);
    expect(rateLimitWait(403, h({}), 'You have exceeded a secondary rate limit')).toBe(60);
    expect(rateLimitWait(429, h({}), 'slow down')).toBe(60);
  });
  it('a plain 403 (no write permission) or a 404 is not a rate limit', () => {
    expect(rateLimitWait(403, h({ 'x-ratelimit-remaining': '4999' }), 'Resource not accessible by integration')).toBeUndefined();
    expect(rateLimitWait(404, h({ 'retry-after': '1' }), 'Not Found')).toBeUndefined();
  });
});

describe('the client', () => {
  it('refuses an API URL that is not http(s), and never sends the token to another origin', async () => {
    expect(() => new GitHubClient({ apiUrl: 'file:///etc/passwd', token: 't' })).toThrow(GitHubError);
    expect(() => new GitHubClient({ apiUrl: 'not a url', token: 't' })).toThrow(/Unexpected GITHUB_API_URL "not a url"/);
    const client = new GitHubClient({ apiUrl: 'http://127.0.0.1:1', token: 't' });
    await expect(client.request('GET', 'https://evil.example/steal')).rejects.toThrow('Unexpected link to https://evil.example in a GitHub answer, expected http://127.0.0.1:1: not following it with the token');
  });
});

describe('the sticky comment body', () => {
  it('starts with the hidden marker; a reply quoting it is not the review comment', () => {
    const body = commentBody('## Rubric review\n');
    expect(body).toBe(`${REVIEW_MARKER}\n## Rubric review\n`);
    expect(isReviewComment({ body })).toBe(true);
    expect(isReviewComment({ body: `> ${body}` })).toBe(false);
    expect(isReviewComment({ body: null })).toBe(false);
  });

  it('is cut to GitHub\'s 65,536 characters at a line, closing an open <details>, with a note', () => {
    const rows = Array.from({ length: 4000 }, (_, i) => `| major | label-removed | Label \`l${i}\` was removed | \`questions[q].options[l${i}]\` |`);
    const body = commentBody(`## Rubric review\n\n<details open><summary>Labels</summary>\n\n${rows.join('\n')}\n\n</details>\n`);
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_CHARS);
    expect(body.startsWith(REVIEW_MARKER)).toBe(true);
    expect(body).toMatch(/\|\n\n<\/details>\n\n…\n\n\*\*The review is [\d,]+ characters, more than a GitHub comment holds \(65,536\); the full report is in the job summary\.\*\*\n$/);
  });
});

describe('the pull request context', () => {
  const event = (payload: unknown): string => {
    const file = join(dir, `event-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, typeof payload === 'string' ? payload : JSON.stringify(payload));
    return file;
  };
  const env = (extra: Record<string, string | undefined>): NodeJS.ProcessEnv => ({ GITHUB_TOKEN: 'ghs_x', GITHUB_REPOSITORY: 'octo/guides', ...extra });

  it('reads the number and the fork from a pull_request event, and the API URL GitHub Actions sets', () => {
    const path = event({ pull_request: { number: 12, head: { repo: { full_name: 'me/guides' } }, base: { repo: { full_name: 'octo/guides' } } } });
    expect(pullRequestContext(env({ GITHUB_EVENT_PATH: path, GITHUB_API_URL: 'https://ghe.example/api/v3' }))).toEqual({ apiUrl: 'https://ghe.example/api/v3', token: 'ghs_x', owner: 'octo', repo: 'guides', number: 12, fork: 'me/guides' });
    const same = event({ pull_request: { number: 3, head: { repo: { full_name: 'Octo/Guides' } }, base: { repo: { full_name: 'octo/guides' } } } });
    expect(pullRequestContext(env({ GITHUB_EVENT_PATH: same }))).toEqual({ apiUrl: 'https://api.github.com', token: 'ghs_x', owner: 'octo', repo: 'guides', number: 3 });
  });

  it('--pr overrides; an issue_comment on a pull request counts', () => {
    expect(pullRequestContext(env({}), 5).number).toBe(5);
    expect(pullRequestContext(env({ GITHUB_EVENT_PATH: event({ issue: { number: 9, pull_request: { url: 'x' } } }) })).number).toBe(9);
  });

  it('says what is missing or malformed', () => {
    expect(() => pullRequestContext(env({ GITHUB_TOKEN: undefined }))).toThrow(UsageError);
    expect(() => pullRequestContext(env({ GITHUB_REPOSITORY: 'no-slash' }), 1)).toThrow('Unexpected GITHUB_REPOSITORY "no-slash", expected owner/name (GitHub Actions sets it)');
    expect(() => pullRequestContext(env({ GITHUB_EVENT_PATH: event('{ not json') }))).toThrow(/^Could not read the event file .*event-.*\.json \(GITHUB_EVENT_PATH\): /);
    expect(() => pullRequestContext(env({ GITHUB_EVENT_PATH: event({ push: {} }) }))).toThrow(/which has none: .*event-/);
    expect(() => pullRequestContext(env({ GITHUB_EVENT_PATH: event({ pull_request: { number: -1 } }) }))).toThrow(UsageError);
  });
});
