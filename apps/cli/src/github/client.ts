/**
 * A small client for GitHub's REST API, as a workflow step uses it: the
 * token GitHub Actions provides, the API URL it sets (GITHUB_API_URL, so GitHub
 * Enterprise Server works too), pagination by the `link` header, and rate-limit
 * answers respected (retry-after; x-ratelimit-remaining 0 until
 * x-ratelimit-reset; a minute otherwise), as GitHub's documentation asks.
 * Errors are GitHubError with a message for people and the status.
 */
import { CLI_VERSION } from '../version.js';

/** A refusal or failure of the GitHub API, with what to do about it. */
export class GitHubError extends Error {
  override name = 'GitHubError';
  constructor(
    message: string,
    readonly status: number | undefined,
  ) {
    super(message);
  }
}

/** What the client needs. */
export interface GitHubClientOptions {
  /** API base, e.g. https://api.github.com (GITHUB_API_URL). */
  apiUrl: string;
  token: string;
  /** The longest single wait for a rate limit before giving up (seconds). */
  maxWaitSeconds?: number;
  /** How many times one request is retried after a rate limit or a 5xx. */
  retries?: number;
  /** Reports waits, so a CI log says why the step pauses. */
  log?: (message: string) => void;
  /** Waits `ms` (tests make it instant). */
  sleep?: (ms: number) => Promise<void>;
  /** Per request. */
  timeoutMs?: number;
}

/** One answer: status, parsed JSON (or undefined), headers. */
export interface GitHubResponse<T> {
  status: number;
  data: T;
  headers: Headers;
}

const API_VERSION = '2022-11-28';

/** The `rel="next"` URL of a link header, if any. */
export function nextLink(link: string | null): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?([^";]+)"?/.exec(part.trim());
    if (m && m[2]?.split(/\s+/).includes('next')) return m[1];
  }
  return undefined;
}

/** Seconds to wait before retrying a rate-limited answer, per GitHub's documentation; undefined when it is not a rate limit. */
export function rateLimitWait(status: number, headers: Headers, message: string, now = Date.now()): number | undefined {
  if (status !== 403 && status !== 429) return undefined;
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null && /^\d+$/.test(retryAfter.trim())) return Number(retryAfter);
  if (headers.get('x-ratelimit-remaining') === '0') {
    const reset = Number(headers.get('x-ratelimit-reset'));
    return Number.isFinite(reset) ? Math.max(1, Math.ceil(reset - now / 1000)) : 60;
  }
  // A secondary limit without headers: "wait for at least one minute".
  if (status === 429 || /secondary rate limit/i.test(message)) return 60;
  return undefined;
}

/** Talks to GitHub's REST API with a token. */
export class GitHubClient {
  private readonly base: URL;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: GitHubClientOptions) {
    let base: URL;
    try {
      base = new URL(options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/`);
    } catch {
      throw new GitHubError(`Unexpected GITHUB_API_URL "${options.apiUrl}", expected an http(s) URL such as https://api.github.com`, undefined);
    }
    if (base.protocol !== 'https:' && base.protocol !== 'http:') throw new GitHubError(`Unexpected GITHUB_API_URL "${options.apiUrl}", expected an http(s) URL`, undefined);
    this.base = base;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** A request to `path` (relative to the API base) or to a full URL on the API's origin (a pagination link). */
  async request<T>(method: string, pathOrUrl: string, body?: unknown): Promise<GitHubResponse<T>> {
    const url = pathOrUrl.startsWith('http') ? new URL(pathOrUrl) : new URL(pathOrUrl.replace(/^\//, ''), this.base);
    // The token goes to the API and nowhere else, whatever a link header says.
    if (url.origin !== this.base.origin) throw new GitHubError(`Unexpected link to ${url.origin} in a GitHub answer, expected ${this.base.origin}: not following it with the token`, undefined);
    const retries = this.options.retries ?? 3;
    const maxWait = this.options.maxWaitSeconds ?? 300;
    for (let attempt = 0; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(url, {
          method,
          headers: {
            accept: 'application/vnd.github+json',
            authorization: `Bearer ${this.options.token}`,
            'user-agent': `rubric/${CLI_VERSION}`,
            'x-github-api-version': API_VERSION,
            ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
        });
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        throw new GitHubError(`Could not reach the GitHub API at ${this.base.origin}: ${cause?.code ?? cause?.message ?? (error as Error).message}`, undefined);
      }
      const text = await response.text();
      let data: unknown;
      try {
        data = text ? JSON.parse(text) : undefined;
      } catch {
        data = undefined;
      }
      if (response.ok) return { status: response.status, data: data as T, headers: response.headers };
      const message = typeof (data as { message?: unknown } | undefined)?.message === 'string' ? (data as { message: string }).message : text.slice(0, 200);
      const wait = rateLimitWait(response.status, response.headers, message);
      if (wait !== undefined) {
        if (attempt >= retries || wait > maxWait) {
          const reset = response.headers.get('x-ratelimit-reset');
          const until = reset && /^\d+$/.test(reset) ? ` until ${new Date(Number(reset) * 1000).toISOString()}` : ` for ${wait} s`;
          throw new GitHubError(`GitHub's rate limit is exhausted${until} (${message}); not retrying ${attempt >= retries ? `after ${retries} retries` : `a wait longer than ${maxWait} s`}. Run the job again later.`, response.status);
        }
        this.options.log?.(`GitHub rate limit (${response.status}: ${message}): waiting ${wait} s before retrying, as GitHub asks`);
        await this.sleep(wait * 1000);
        continue;
      }
      if (response.status >= 500 && attempt < Math.min(retries, 2)) {
        await this.sleep(1000 * 2 ** attempt);
        continue;
      }
      throw new GitHubError(this.explain(method, url, response.status, message, data), response.status);
    }
  }

  /** Every item of a paginated list, following `link: rel="next"`. */
  async paginate<T>(path: string, maxPages = 100): Promise<T[]> {
    const out: T[] = [];
    let next: string | undefined = `${path}${path.includes('?') ? '&' : '?'}per_page=100`;
    for (let page = 0; next !== undefined; page++) {
      if (page >= maxPages) throw new GitHubError(`Unexpected number of pages from ${path}, expected at most ${maxPages} of 100`, undefined);
      const r: GitHubResponse<unknown> = await this.request<unknown>('GET', next);
      if (!Array.isArray(r.data)) throw new GitHubError(`Unexpected answer from GET ${path}, expected a JSON array`, r.status);
      out.push(...(r.data as T[]));
      next = nextLink(r.headers.get('link'));
    }
    return out;
  }

  private explain(method: string, url: URL, status: number, message: string, data: unknown): string {
    const what = `${method} ${url.pathname}`;
    if (status === 401) return `GitHub refused the token (401 ${message}) for ${what}: it is missing, expired or revoked. In a workflow pass \`GITHUB_TOKEN: \${{ secrets.GITHUB_TOKEN }}\` in the step's env.`;
    if (status === 403) {
      return `GitHub refused to let this token write (403 ${message}) for ${what}. Give the job \`permissions: pull-requests: write\` in the workflow; a pull request from a fork gets a read-only token, so its review cannot be posted as a comment (it is in the job summary and the annotations instead).`;
    }
    if (status === 404) return `GitHub answered 404 ${message} for ${what}: the repository or pull request does not exist, or this token cannot see it (a private repository needs \`contents: read\`).`;
    if (status === 422) {
      const errors = Array.isArray((data as { errors?: unknown } | undefined)?.errors) ? (data as { errors: { message?: string; field?: string }[] }).errors.map((e) => e.message ?? e.field ?? '').filter(Boolean) : [];
      return `GitHub rejected ${what} (422 ${message}${errors.length ? `: ${errors.join('; ')}` : ''}).`;
    }
    return `GitHub answered ${status} ${message} for ${what}.`;
  }
}
