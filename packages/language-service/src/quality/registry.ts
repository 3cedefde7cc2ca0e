/**
 * Quality reports from a Rubric registry: which versions of a set have a
 * report (`GET /v1/sets/{id}/quality`, else the published versions), and
 * each version's latest report (`GET /v1/sets/{id}/versions/{v}/quality`,
 * the JSON contract of docs/quality.md), with ETags so asking again costs
 * a 304. The token goes as `Authorization: Bearer`. Errors become one
 * message for people; the caller keeps what it had.
 */
import { compareSemver, SEMVER_PATTERN } from '@rubric/core';
import { readQualityReport } from '@rubric/quality/read';
import type { ReportEntry } from './figures.js';

/** Largest report body read (a report is usually well under 1 MB). */
const MAX_BODY_BYTES = 32 * 1024 * 1024;
const TIMEOUT_MS = 15_000;

/** A report read before, kept for If-None-Match. */
export interface CachedReport {
  etag: string;
  entry: ReportEntry;
}

/** Where and how to ask. */
export interface RegistryRequest {
  /** The registry's base URL, e.g. http://127.0.0.1:8787 (no trailing slash needed). */
  url: string;
  token?: string;
  fetch: typeof globalThis.fetch;
  setId: string;
  /** The version being edited: reports of newer versions do not apply. */
  version: string | undefined;
  /** How many versions to read (the newest ones not newer than `version`). */
  versions: number;
  /** Reports read before, by version; updated in place. */
  cache: Map<string, CachedReport>;
}

/** A refusal or failure of the registry, for people. */
export class RegistryError extends Error {
  override readonly name = 'RegistryError';
}

/** The reports of a set's latest versions (not newer than the one edited), oldest first. */
export async function fetchRegistryReports(request: RegistryRequest): Promise<ReportEntry[]> {
  const base = request.url.replace(/\/+$/, '');
  const setPath = `${base}/v1/sets/${encodeURIComponent(request.setId)}`;
  let versions = await versionsWithReports(request, `${setPath}/quality`);
  if (versions === undefined) versions = (await publishedVersions(request, `${setPath}/versions?limit=20`)) ?? [];
  const wanted = versions
    .filter((v) => SEMVER_PATTERN.test(v) && (request.version === undefined || (compareSemver(v, request.version) ?? 1) <= 0))
    .sort((a, b) => compareSemver(b, a) ?? 0)
    .slice(0, request.versions);
  const out: ReportEntry[] = [];
  for (const version of wanted) {
    const url = `${setPath}/versions/${encodeURIComponent(version)}/quality`;
    const cached = request.cache.get(version);
    const response = await get(request, url, cached?.etag);
    if (response.status === 304 && cached) {
      out.push(cached.entry);
      continue;
    }
    if (response.status === 404) {
      request.cache.delete(version);
      continue;
    }
    const body = await jsonBody(response, url);
    const { report, errors } = readQualityReport(body);
    if (!report) throw new RegistryError(`${url} answered with something that is not a quality report: ${errors.map((e) => `${e.path || '(top)'}: ${e.message}`).join('; ')}`);
    if (report.set.id !== request.setId || report.set.version !== version) throw new RegistryError(`${url} answered with the report of ${report.set.id} ${report.set.version}, expected ${request.setId} ${version}`);
    const entry: ReportEntry = { report, source: url, kind: 'registry' };
    const etag = response.headers.get('etag');
    if (etag) request.cache.set(version, { etag, entry });
    out.push(entry);
  }
  return out.reverse();
}

/** The versions `GET /v1/sets/{id}/quality` lists (anything of `versions[]` with a `version`); undefined when the registry has no such list. */
async function versionsWithReports(request: RegistryRequest, url: string): Promise<string[] | undefined> {
  const response = await get(request, url);
  if (response.status === 404 || response.status === 405 || response.status === 501) return undefined;
  const body = await jsonBody(response, url);
  const list = (body as { versions?: unknown } | null)?.versions;
  if (!Array.isArray(list)) return undefined;
  return list.map((v: unknown) => (typeof v === 'string' ? v : (v as { version?: unknown } | null)?.version)).filter((v): v is string => typeof v === 'string');
}

/** The published versions of the set (newest first, one page); undefined when the registry does not know the set. */
async function publishedVersions(request: RegistryRequest, url: string): Promise<string[] | undefined> {
  const response = await get(request, url);
  if (response.status === 404) return undefined;
  const body = await jsonBody(response, url);
  const list = (body as { versions?: unknown } | null)?.versions;
  return Array.isArray(list) ? list.map((v: unknown) => (v as { version?: unknown } | null)?.version).filter((v): v is string => typeof v === 'string') : [];
}

async function get(request: RegistryRequest, url: string, etag?: string): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (request.token) headers.authorization = `Bearer ${request.token}`;
  if (etag) headers['if-none-match'] = etag;
  let response: Response;
  try {
    response = await request.fetch(url, { headers, signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'error' });
  } catch (error) {
    throw new RegistryError(`Could not reach ${url}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (response.status === 401 || response.status === 403) {
    await response.body?.cancel();
    throw new RegistryError(`${url} refused the request (HTTP ${response.status}): ${request.token ? 'the token in RUBRIC_TOKEN lacks the reader role for this set' : 'set RUBRIC_TOKEN to a token with the reader role'}`);
  }
  if (response.status >= 500) {
    await response.body?.cancel();
    throw new RegistryError(`${url} failed (HTTP ${response.status})`);
  }
  return response;
}

async function jsonBody(response: Response, url: string): Promise<unknown> {
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new RegistryError(`Unexpected HTTP ${response.status} from ${url}, expected 200`);
  }
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) {
    await response.body?.cancel();
    throw new RegistryError(`Unexpected body of ${declared} bytes from ${url}, expected at most ${MAX_BODY_BYTES}`);
  }
  const text = await response.text();
  if (text.length > MAX_BODY_BYTES) throw new RegistryError(`Unexpected body of ${text.length} characters from ${url}, expected at most ${MAX_BODY_BYTES}`);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new RegistryError(`Unexpected content from ${url}, expected JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}
