/**
 * Talking to a Rubric registry over HTTP (Node's global fetch): the registry
 * URL and token from flags or the environment, one request function that turns
 * RFC 9457 problem+json answers into a RegistryRefusal, and the words the
 * commands use to say what the registry did or why it refused.
 */
import { isAbsolute, relative, sep } from 'node:path';
import { SEMVER_PATTERN, SET_ID_PATTERN } from '@rubric/core';
import { UsageError } from './errors.js';
import { plural, singleLine } from './formatters/shared.js';
import type { Io } from './io.js';

/** Environment variable holding the API token when --token is not given. */
export const TOKEN_ENV = 'RUBRIC_TOKEN';
/** Environment variable holding the registry URL when --registry is not given. */
export const REGISTRY_ENV = 'RUBRIC_REGISTRY_URL';

/** How long one request may take before the command gives up. */
const REQUEST_TIMEOUT_MS = 120_000;

/** A failure that ends a command with exit code 1 and a message (not a usage error, not a bug). */
export class CommandFailure extends Error {
  override name = 'CommandFailure';
}

/** An RFC 9457 problem as the registry answers it. */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code?: string;
  errors?: ProblemError[];
  [extension: string]: unknown;
}

/** One located error of a problem: a JSON pointer, or `file:line:col` with the rule. */
export interface ProblemError {
  path: string;
  message: string;
  rule?: string;
  severity?: string;
  file?: string;
  line?: number;
  column?: number;
}

/** The registry said no: a problem+json answer with status 4xx or 5xx. */
export class RegistryRefusal extends CommandFailure {
  override name = 'RegistryRefusal';
  constructor(
    readonly problem: Problem,
    readonly method: string,
    readonly url: string,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
  }
}

/** The flags every registry command takes. */
export const REGISTRY_OPTIONS = {
  registry: { type: 'string', short: 'r' },
  token: { type: 'string', short: 't' },
} as const;

/** Help lines of the registry flags. */
export const REGISTRY_OPTIONS_HELP = `  -r, --registry <url>     the registry, e.g. http://127.0.0.1:8787 (default: $${REGISTRY_ENV})
  -t, --token <token>      API token rbt_<id>_<secret> (default: $${TOKEN_ENV})`;

/** A registry to talk to: base URL (no trailing slash) and the token, if any. */
export interface RegistryTarget {
  url: string;
  token: string | undefined;
}

/** The registry URL and token from flags, else the environment; a usage error when the URL is missing or not http(s). */
export function registryTarget(values: { registry?: string | undefined; token?: string | undefined }, env: NodeJS.ProcessEnv = process.env): RegistryTarget {
  const raw = values.registry ?? env[REGISTRY_ENV];
  if (!raw) throw new UsageError(`Missing --registry <url> (or $${REGISTRY_ENV}), e.g. --registry http://127.0.0.1:8787`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`Unexpected registry URL "${singleLine(raw)}", expected http://host:port or https://host`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`Unexpected registry URL "${singleLine(raw)}", expected an http:// or https:// URL`);
  if (url.username || url.password) throw new UsageError('Unexpected credentials in the registry URL, expected the token in --token or $RUBRIC_TOKEN');
  const token = values.token ?? (env[TOKEN_ENV] || undefined);
  if (token !== undefined && !/^rbt_[a-z0-9]{8,32}_[A-Za-z0-9_-]{20,128}$/.test(token)) {
    throw new UsageError(`Unexpected token format${values.token === undefined ? ` in $${TOKEN_ENV}` : ''}, expected rbt_<id>_<secret> as printed by \`rubric token create\``);
  }
  return { url: url.href.replace(/\/+$/, ''), token };
}

/** Parses `<set>@<version>` (as in `rubric approve hate-speech@2.0.0`). */
export function parseSetVersion(text: string | undefined, usage: string): { setId: string; version: string } {
  const m = text ? /^([^@]+)@(.+)$/.exec(text) : null;
  if (!m) throw new UsageError(`Expected <set>@<version>, e.g. hate-speech@2.0.0\n\n${usage}`);
  const [, setId, version] = m as unknown as [string, string, string];
  if (!SET_ID_PATTERN.test(setId)) throw new UsageError(`Unexpected set id "${singleLine(setId)}", expected lowercase kebab case such as "hate-speech"`);
  if (!SEMVER_PATTERN.test(version)) throw new UsageError(`Unexpected version "${singleLine(version)}", expected a semantic version such as "2.0.0"`);
  return { setId, version };
}

/** A JSON answer of the registry. */
export interface RegistryResponse<T> {
  status: number;
  body: T;
}

/** Sends one request; answers 2xx bodies as JSON and throws RegistryRefusal for problems, CommandFailure when the registry cannot be reached. */
export async function registryRequest<T = Record<string, unknown>>(target: RegistryTarget, method: string, path: string, body?: string): Promise<RegistryResponse<T>> {
  const url = `${target.url}${path}`;
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  if (target.token) headers.Authorization = `Bearer ${target.token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(url, { method, headers, ...(body !== undefined ? { body } : {}), signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS), redirect: 'error' });
  } catch (error) {
    throw new CommandFailure(`could not reach the registry at ${target.url}: ${networkReason(error)}`);
  }
  const text = await res.text();
  let json: unknown;
  try {
    json = text === '' ? {} : JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (res.status >= 400) {
    const problem: Problem = typeof json === 'object' && json !== null && !Array.isArray(json) ? { ...(json as Problem), status: res.status } : { status: res.status, title: res.statusText, detail: `HTTP ${res.status} ${res.statusText}: ${singleLine(text.slice(0, 200))}` };
    throw new RegistryRefusal(problem, method, url);
  }
  if (json === undefined || typeof json !== 'object' || json === null) {
    throw new CommandFailure(`unexpected answer from ${method} ${url}: HTTP ${res.status} with ${res.headers.get('content-type') ?? 'no content type'}, expected JSON (is ${target.url} a Rubric registry?)`);
  }
  return { status: res.status, body: json as T };
}

function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause;
  if ((error as { name?: string } | null)?.name === 'TimeoutError') return `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`;
  if (cause?.code === 'ECONNREFUSED') return 'connection refused (ECONNREFUSED); is it running? `rubric serve` or `npm start` starts one';
  if (cause?.code === 'ENOTFOUND') return 'unknown host (ENOTFOUND)';
  return singleLine(cause?.message ?? (error instanceof Error ? error.message : String(error)));
}

/** Runs a command body, turning CommandFailure into its message and exit code 1. */
export async function runRegistryCommand(io: Io, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof RegistryRefusal) {
      io.stderr(`${describeRefusal(error).join('\n')}\n`);
      return 1;
    }
    if (error instanceof CommandFailure) {
      io.stderr(`rubric: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

/** Where a set's files are shown from: `file` inside the set folder becomes a path relative to the working directory. */
export interface RefusalContext {
  cwd?: string;
  setDir?: string;
}

/** What to do about each kind of refusal, after the registry's own words. */
const HINTS: Record<string, string> = {
  unauthenticated: `pass --token or set $${TOKEN_ENV}`,
  'invalid-token': 'check the token: it is printed once by `rubric token create`',
  forbidden: 'ask an admin for a token with that role or grant (`rubric token create --role <role>`)',
  'self-approval': 'another principal (a token with another name) has to approve it',
  'version-conflict': 'published versions are immutable: bump `version` in guideline.md and schema.json, then publish again',
  'not-approved': 'set `status: approved` in the frontmatter of guideline.md once the review is done',
  'lint-failed': 'run `rubric lint` on the set, fix the errors, then publish again',
  incompatible: 'bump the version by at least the required level (or acknowledge an intended breaking change), then publish again',
  'not-pending': 'only pending versions take approvals',
};

/** The lines that tell a person why the registry refused, with every located error and the compatibility reasons. */
export function describeRefusal(refusal: RegistryRefusal, context: RefusalContext = {}): string[] {
  const p = refusal.problem;
  const code = p.code ?? `http-${p.status}`;
  const lines = [`rubric: refused (${p.status} ${code}): ${singleLine(p.detail ?? p.title ?? '')}`];
  const compatibility = p.compatibility as CompatibilitySummary | undefined;
  if (code === 'incompatible' && compatibility) lines.push(...describeCompatibility(compatibility));
  const errors = Array.isArray(p.errors) ? p.errors : [];
  const shown = errors.slice(0, 50);
  if (shown.length) {
    if (code === 'lint-failed' || code === 'incompatible' || code === 'not-approved') lines.push(`${plural(errors.length, 'error')}:`);
    for (const e of shown) lines.push(`  ${errorLine(e, context)}`);
    if (errors.length > shown.length) lines.push(`  ... and ${errors.length - shown.length} more`);
  }
  const hint = HINTS[code];
  if (hint) lines.push(`hint: ${hint}`);
  return lines;
}

/** The compatibility part of an `incompatible` refusal (see the registry's compatibilitySummary). */
interface CompatibilitySummary {
  base: { version: string; contentHash: string } | null;
  required: string | null;
  declared: string | null;
  changes: { kind: string; level: string; path: string; reason: string; acknowledged?: string }[];
}

function describeCompatibility(c: CompatibilitySummary): string[] {
  const lines: string[] = [];
  if (c.base) lines.push(`the changes since ${c.base.version} require a ${c.required ?? '?'} bump; the version declares ${c.declared ?? '?'}:`);
  const relevant = c.changes.filter((ch) => ch.level === c.required && ch.acknowledged === undefined);
  for (const ch of (relevant.length ? relevant : c.changes).slice(0, 30)) {
    lines.push(`  ${ch.level.padEnd(5)}  ${singleLine(ch.reason)}${ch.path ? `  (${singleLine(ch.path)})` : ''}`);
  }
  return lines;
}

function errorLine(e: ProblemError, context: RefusalContext): string {
  const severity = e.severity ? `${e.severity}  ` : '';
  const rule = e.rule ? `  ${singleLine(e.rule)}` : '';
  if (typeof e.file === 'string' && typeof e.line === 'number') {
    const file = context.setDir ? displayPath(context.cwd ?? process.cwd(), `${context.setDir}${sep}${e.file}`) : e.file;
    return `${singleLine(file)}:${e.line}:${e.column ?? 1}  ${severity}${singleLine(e.message)}${rule}`;
  }
  return `${singleLine(e.path || '(body)')}: ${severity}${singleLine(e.message)}${rule}`;
}

/** A path relative to `cwd` with forward slashes when it is inside `cwd`, else absolute. */
export function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  const shown = rel === '' ? '.' : rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel) ? path : rel;
  return sep === '/' ? shown : shown.split(sep).join('/');
}

/** `sha256-<hex>`: how a content hash is shown. */
export function hashLabel(contentHash: string): string {
  return `sha256-${contentHash}`;
}
