/**
 * Which pull request a workflow run is about, read the way GitHub Actions
 * provides it: GITHUB_REPOSITORY ("owner/name"), GITHUB_API_URL, the token in
 * GITHUB_TOKEN, and the webhook payload in the file GITHUB_EVENT_PATH names
 * (`pull_request.number`, and whether its head lives in a fork).
 */
import { readFileSync, statSync } from 'node:fs';
import { UsageError } from '../errors.js';

/** The pull request to comment on. */
export interface PullRequestContext {
  apiUrl: string;
  token: string;
  owner: string;
  repo: string;
  number: number;
  /** The head repository when it is not the base repository (a fork), else undefined. */
  fork?: string;
}

const MAX_EVENT_BYTES = 25 * 1024 * 1024;

function record(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Reads the pull request context from the environment; `number` overrides the event file (`--pr`). Usage errors say what is missing. */
export function pullRequestContext(env: NodeJS.ProcessEnv, number?: number): PullRequestContext {
  const token = env.GITHUB_TOKEN ?? env.GH_TOKEN;
  if (!token) throw new UsageError('--comment needs a token in GITHUB_TOKEN: in a workflow step add `env: { GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }} }`');
  const repository = env.GITHUB_REPOSITORY ?? '';
  const m = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(repository);
  if (!m) throw new UsageError(`Unexpected GITHUB_REPOSITORY "${repository}", expected owner/name (GitHub Actions sets it)`);
  const apiUrl = env.GITHUB_API_URL || 'https://api.github.com';

  let fork: string | undefined;
  let fromEvent: number | undefined;
  const eventPath = env.GITHUB_EVENT_PATH;
  if (eventPath) {
    let event: Record<string, unknown> | undefined;
    try {
      if (statSync(eventPath).size > MAX_EVENT_BYTES) throw new UsageError(`Unexpected size of the event file ${eventPath}, expected at most 25 MB`);
      event = record(JSON.parse(readFileSync(eventPath, 'utf8')));
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(`Could not read the event file ${eventPath} (GITHUB_EVENT_PATH): ${(error as Error).message}`);
    }
    const pr = record(event?.pull_request);
    const issue = record(event?.issue);
    const n = pr?.number ?? (issue && record(issue.pull_request) ? issue.number : undefined);
    if (typeof n === 'number' && Number.isInteger(n) && n > 0) fromEvent = n;
    const head = record(record(pr?.head)?.repo);
    const base = record(record(pr?.base)?.repo);
    if (typeof head?.full_name === 'string' && typeof base?.full_name === 'string' && head.full_name.toLowerCase() !== base.full_name.toLowerCase()) fork = head.full_name;
  }
  const prNumber = number ?? fromEvent;
  if (prNumber === undefined) {
    throw new UsageError(`--comment needs a pull request: run it on a \`pull_request\` event (the number is read from GITHUB_EVENT_PATH${eventPath ? `, which has none: ${eventPath}` : ', which is not set'}) or pass --pr <number>`);
  }
  return { apiUrl, token, owner: m[1] as string, repo: m[2] as string, number: prNumber, ...(fork ? { fork } : {}) };
}
