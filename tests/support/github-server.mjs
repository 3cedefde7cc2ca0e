// @ts-check
/**
 * A local stand-in for GitHub's REST API, limited to what `rubric diff
 * --comment` uses (issue comments), following GitHub's documented contract
 * (docs.github.com/rest/issues/comments, /rest/using-the-rest-api/...):
 *
 * - GET    /repos/{owner}/{repo}/issues/{number}/comments  per_page (default 30, max 100)
 *          and page; a `link` header with next/last/first/prev when there is more
 *          than one page, comments in ascending id order;
 * - POST   /repos/{owner}/{repo}/issues/{number}/comments  {"body"} -> 201 and `location`;
 * - PATCH  /repos/{owner}/{repo}/issues/comments/{id}      {"body"} -> 200;
 * - DELETE /repos/{owner}/{repo}/issues/comments/{id}      -> 204;
 * - 401 "Bad credentials" without a known token; 404 "Not Found" for an
 *   unknown repository, issue or comment; 403 "Resource not accessible by
 *   integration" when a read-only token writes (a fork pull request's
 *   GITHUB_TOKEN, or a workflow without `pull-requests: write`); 422 for a
 *   missing or over-long body (65,536 characters);
 * - rate limits as documented: every answer carries x-ratelimit-*; a primary
 *   limit answers 403 with x-ratelimit-remaining 0 and x-ratelimit-reset (epoch
 *   seconds), a secondary one 429 (or 403) with retry-after.
 *
 * GitHub itself cannot be reached from here; tests, the benchmark and the
 * README walk-through talk to this on 127.0.0.1. Run alone it prints its URL:
 *   node tests/support/github-server.mjs [--port 0] [--repo owner/name] [--pr 1] [--token T]
 */
import http from 'node:http';
import { fileURLToPath } from 'node:url';

const MAX_BODY = 65536;
const DOCS = 'https://docs.github.com/rest/issues/comments';

/**
 * @typedef {{ id: number, node_id: string, url: string, html_url: string, issue_url: string, body: string,
 *   user: { login: string, id: number, type: string }, created_at: string, updated_at: string, author_association: string }} IssueComment
 * @typedef {{ method: string, path: string, query: Record<string, string>, status: number, auth: string | undefined }} RecordedRequest
 * @typedef {{ login: string, write: boolean }} TokenGrant
 * @typedef {{ status?: 403 | 429, retryAfter?: number, resetIn?: number, message?: string }} RateLimitPlan
 */

/**
 * Starts the server on 127.0.0.1 (an ephemeral port unless given).
 * @param {{ port?: number, tokens?: Record<string, TokenGrant>, pulls?: string[] }} [options]
 *   tokens: token -> who and whether it may write; pulls: "owner/repo#number" that exist.
 */
export async function startGitHubServer(options = {}) {
  /** @type {Map<string, TokenGrant>} */
  const tokens = new Map(Object.entries(options.tokens ?? { 'ghs_write': { login: 'github-actions[bot]', write: true } }));
  /** @type {Map<string, IssueComment[]>} "owner/repo#n" -> comments */
  const issues = new Map((options.pulls ?? ['octo-org/guidelines#1']).map((k) => [k.toLowerCase(), []]));
  /** @type {RecordedRequest[]} */
  const requests = [];
  /** @type {RateLimitPlan[]} */
  const rateLimits = [];
  let nextId = 1000;
  let remaining = 1000;
  const resetAt = () => Math.floor(Date.now() / 1000) + 3600;

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(url.searchParams);
    const auth = req.headers.authorization;
    /** @type {(status: number, body?: unknown, headers?: Record<string, string>) => void} */
    const send = (status, body, headers = {}) => {
      requests.push({ method: req.method ?? '', path: url.pathname, query, status, auth });
      const out = body === undefined ? '' : JSON.stringify(body);
      res.writeHead(status, {
        ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
        'x-github-api-version-selected': '2022-11-28',
        'x-ratelimit-limit': '1000',
        'x-ratelimit-remaining': String(Math.max(0, remaining)),
        'x-ratelimit-reset': String(resetAt()),
        'x-ratelimit-used': String(1000 - remaining),
        'x-ratelimit-resource': 'core',
        ...headers,
      });
      res.end(out);
    };
    /** @type {(status: number, message: string, anchor: string, extra?: Record<string, unknown>) => void} */
    const problem = (status, message, anchor, extra = {}) => send(status, { message, documentation_url: `${DOCS}#${anchor}`, status: String(status), ...extra });

    let raw = '';
    let size = 0;
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size <= 1024 * 1024) raw += chunk;
    });
    req.on('end', () => {
      // A rate limit planned by the test answers the next request, whatever it is.
      const limit = rateLimits.shift();
      if (limit) {
        if (limit.retryAfter !== undefined) {
          return send(limit.status ?? 429, { message: limit.message ?? 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits', status: String(limit.status ?? 429) }, { 'retry-after': String(limit.retryAfter) });
        }
        requests.push({ method: req.method ?? '', path: url.pathname, query, status: limit.status ?? 403, auth });
        res.writeHead(limit.status ?? 403, {
          'content-type': 'application/json; charset=utf-8',
          'x-ratelimit-limit': '1000',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + (limit.resetIn ?? 1)),
          'x-ratelimit-used': '1000',
          'x-ratelimit-resource': 'core',
        });
        res.end(JSON.stringify({ message: limit.message ?? 'API rate limit exceeded for installation ID 1.', documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-rate-limits', status: String(limit.status ?? 403) }));
        return;
      }
      remaining--;
      const token = /^(?:Bearer|token) (\S+)$/i.exec(auth ?? '')?.[1];
      const grant = token === undefined ? undefined : tokens.get(token);
      if (!grant) return send(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' });

      const list = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(url.pathname);
      const one = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(url.pathname);
      const base = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;
      /** @returns {{ body: string } | undefined} */
      const parseBody = () => {
        try {
          const parsed = JSON.parse(raw);
          return parsed && typeof parsed === 'object' ? parsed : undefined;
        } catch {
          return undefined;
        }
      };
      /** @type {(body: unknown, anchor: string) => boolean} */
      const invalidBody = (body, anchor) => {
        const b = /** @type {{ body?: unknown } | undefined} */ (body);
        if (typeof b?.body !== 'string') {
          problem(422, 'Invalid request.\n\n"body" wasn\'t supplied.', anchor);
          return true;
        }
        if (b.body.length > MAX_BODY) {
          problem(422, 'Validation Failed', anchor, { errors: [{ resource: 'IssueComment', code: 'custom', field: 'body', message: `body is too long (maximum is ${MAX_BODY} characters)` }] });
          return true;
        }
        return false;
      };

      if (list) {
        const key = `${list[1]}/${list[2]}#${list[3]}`.toLowerCase();
        const comments = issues.get(key);
        if (req.method === 'GET') {
          if (!comments) return problem(404, 'Not Found', 'list-issue-comments');
          const perPage = Math.min(100, Math.max(1, Number(query.per_page ?? 30) || 30));
          const page = Math.max(1, Number(query.page ?? 1) || 1);
          const last = Math.max(1, Math.ceil(comments.length / perPage));
          const pageUrl = (/** @type {number} */ p) => `${base}${url.pathname}?per_page=${perPage}&page=${p}`;
          const links = [];
          if (page > 1) links.push(`<${pageUrl(page - 1)}>; rel="prev"`);
          if (page < last) links.push(`<${pageUrl(page + 1)}>; rel="next"`, `<${pageUrl(last)}>; rel="last"`);
          if (page > 1) links.push(`<${pageUrl(1)}>; rel="first"`);
          return send(200, comments.slice((page - 1) * perPage, page * perPage), links.length ? { link: links.join(', ') } : {});
        }
        if (req.method === 'POST') {
          if (!comments) return problem(404, 'Not Found', 'create-an-issue-comment');
          if (!grant.write) return problem(403, 'Resource not accessible by integration', 'create-an-issue-comment');
          const body = parseBody();
          if (invalidBody(body, 'create-an-issue-comment')) return;
          const id = nextId++;
          const now = new Date().toISOString();
          const [owner, repo, number] = [list[1], list[2], list[3]];
          /** @type {IssueComment} */
          const comment = {
            id,
            node_id: `IC_${id}`,
            url: `${base}/repos/${owner}/${repo}/issues/comments/${id}`,
            html_url: `https://github.com/${owner}/${repo}/pull/${number}#issuecomment-${id}`,
            issue_url: `${base}/repos/${owner}/${repo}/issues/${number}`,
            body: /** @type {{ body: string }} */ (body).body,
            user: { login: grant.login, id: 41898282, type: grant.login.endsWith('[bot]') ? 'Bot' : 'User' },
            created_at: now,
            updated_at: now,
            author_association: 'NONE',
          };
          comments.push(comment);
          return send(201, comment, { location: comment.url });
        }
        return problem(404, 'Not Found', 'list-issue-comments');
      }
      if (one) {
        const id = Number(one[3]);
        const prefix = `${one[1]}/${one[2]}#`.toLowerCase();
        let found;
        for (const [key, comments] of issues) {
          if (!key.startsWith(prefix)) continue;
          const i = comments.findIndex((c) => c.id === id);
          if (i >= 0) found = { comments, i };
        }
        if (req.method === 'PATCH') {
          if (!found) return problem(404, 'Not Found', 'update-an-issue-comment');
          if (!grant.write) return problem(403, 'Resource not accessible by integration', 'update-an-issue-comment');
          const body = parseBody();
          if (invalidBody(body, 'update-an-issue-comment')) return;
          const comment = /** @type {IssueComment} */ (found.comments[found.i]);
          comment.body = /** @type {{ body: string }} */ (body).body;
          comment.updated_at = new Date().toISOString();
          return send(200, comment);
        }
        if (req.method === 'DELETE') {
          if (!found) return problem(404, 'Not Found', 'delete-an-issue-comment');
          if (!grant.write) return problem(403, 'Resource not accessible by integration', 'delete-an-issue-comment');
          found.comments.splice(found.i, 1);
          return send(204);
        }
        if (req.method === 'GET') return found ? send(200, found.comments[found.i]) : problem(404, 'Not Found', 'get-an-issue-comment');
      }
      return send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' });
    });
  });
  await new Promise((resolve) => server.listen(options.port ?? 0, '127.0.0.1', () => resolve(undefined)));
  const port = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
  return {
    /** Base URL, what GITHUB_API_URL is set to. */
    url: `http://127.0.0.1:${port}`,
    requests,
    /** The comments of "owner/repo#n" (the live array). */
    comments: (/** @type {string} */ key) => issues.get(key.toLowerCase()) ?? [],
    /** Adds a comment as some user, e.g. a reviewer's, or an old one of the bot. */
    seed(/** @type {string} */ key, /** @type {string} */ body, login = 'reviewer') {
      const list = issues.get(key.toLowerCase());
      if (!list) throw new Error(`unknown pull request ${key}`);
      const id = nextId++;
      const now = new Date().toISOString();
      list.push({ id, node_id: `IC_${id}`, url: '', html_url: '', issue_url: '', body, user: { login, id: 1, type: login.endsWith('[bot]') ? 'Bot' : 'User' }, created_at: now, updated_at: now, author_association: 'MEMBER' });
      return id;
    },
    /** Answers the next request(s) with a rate limit. */
    rateLimit(/** @type {RateLimitPlan} */ plan) {
      rateLimits.push(plan);
    },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve(undefined)); }),
  };
}

// Run alone: print the URL and serve until killed.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const arg = (/** @type {string} */ name, /** @type {string} */ fallback) => {
    const i = args.indexOf(name);
    return i >= 0 && args[i + 1] ? /** @type {string} */ (args[i + 1]) : fallback;
  };
  const token = arg('--token', 'ghs_write');
  const running = await startGitHubServer({
    port: Number(arg('--port', '0')),
    tokens: { [token]: { login: 'github-actions[bot]', write: true }, ghs_read: { login: 'github-actions[bot]', write: false } },
    pulls: [`${arg('--repo', 'octo-org/guidelines')}#${arg('--pr', '1')}`],
  });
  console.log(JSON.stringify({ url: running.url, token }));
  // Print each request as it is answered, for a person following along.
  let shown = 0;
  setInterval(() => {
    for (; shown < running.requests.length; shown++) {
      const r = /** @type {RecordedRequest} */ (running.requests[shown]);
      console.log(`${r.method} ${r.path}${Object.keys(r.query).length ? `?${new URLSearchParams(r.query)}` : ''} -> ${r.status}`);
    }
  }, 200);
}
