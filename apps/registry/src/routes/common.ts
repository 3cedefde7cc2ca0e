/**
 * What every route module shares: the application context, path and query
 * parameter checks that name the field, the request body reader (content type,
 * size limit, UTF-8, JSON) and the principal of a request.
 */
import type { Request, Response } from 'express';
import { SEMVER_PATTERN, SET_ID_PATTERN, type GuidelineSet } from '@rubric/core';
import type { RegistryConfig } from '../config.js';
import { HttpProblem, invalidParameter, quote } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Principal } from '../auth.js';
import type { Store } from '../store/types.js';
import type { HotCache } from '../hot-cache.js';
import type { LoadedSetCache } from '../publish.js';
import type { QualityService } from '../quality/service.js';
import { discardBody, DISCARD_BYTES } from '../connection.js';

/** What a renderer is told about the version it renders. */
export interface RenderContext {
  setId: string;
  version: string;
  contentHash: string;
  /**
   * A CSP nonce derived from the content hash. guideline.html has a strong
   * ETag, so every instance must render the same bytes: a renderer that needs
   * a nonce uses this one, not a random one. The CSP header of guideline.html
   * allows only styles that carry it.
   */
  nonce: string;
}

/** Renders a loaded guideline set to a sanitized HTML document (once per version and process). */
export type RenderFunction = (set: GuidelineSet, context: RenderContext) => string;

/** Everything the routes need, built once by createApp. */
export interface AppContext {
  store: Store;
  config: RegistryConfig;
  logger: Logger;
  now: () => Date;
  render: RenderFunction | undefined;
  metrics: Metrics;
  hotCache: HotCache | undefined;
  sets: LoadedSetCache;
  /** Security headers helmet sets, captured once (the hot cache sends the same). */
  securityHeaders: Record<string, string>;
  /** Key of encrypted target secrets (RUBRIC_REGISTRY_TARGET_KEY), when configured. */
  targetKey: Buffer | undefined;
  /** Where target `secretEnv` names are looked up. */
  env: NodeJS.ProcessEnv;
  /** Measures and stores quality reports (shared with a scheduled pull when given). */
  quality: QualityService;
}

/** Longest set id accepted in a URL or bundle. */
export const MAX_SET_ID_LENGTH = 64;
/** Longest version accepted in a URL or bundle. */
export const MAX_VERSION_LENGTH = 64;

/** The principal resolved from the Authorization header, if any. */
export function principalOf(res: Response): Principal | undefined {
  return res.locals.principal as Principal | undefined;
}

/** Checks a set id: lowercase kebab case, at most 64 characters. */
export function checkSetId(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.length > MAX_SET_ID_LENGTH || !SET_ID_PATTERN.test(value)) {
    throw invalidParameter(path, `Unexpected set id ${quote(value)}, expected lowercase letters and digits in words joined by '-' (at most ${MAX_SET_ID_LENGTH} characters), e.g. "hate-speech"`);
  }
  return value;
}

/** The `{id}` path parameter. */
export function setIdParam(req: Request): string {
  return checkSetId(req.params.id, '/params/id');
}

/** A version path parameter: a semantic version, or `latest` when allowed. */
export function versionParam(req: Request, name: string, allowLatest: boolean): string {
  const value = req.params[name];
  if (typeof value === 'string' && allowLatest && value === 'latest') return value;
  if (typeof value !== 'string' || value.length > MAX_VERSION_LENGTH || !SEMVER_PATTERN.test(value)) {
    throw invalidParameter(`/params/${name}`, `Unexpected version ${quote(value)}, expected a semantic version such as "2.1.0"${allowLatest ? ' or "latest"' : ''}`);
  }
  return value;
}

/** How to read one query parameter: returns the value or throws (via `fail`). */
export type QueryParser<T> = (value: string, fail: (expected: string) => never) => T;

/** Reads the query with one parser per allowed parameter; unknown or repeated parameters are a 400 naming them. */
export function parseQuery<S extends Record<string, QueryParser<unknown>>>(req: Request, spec: S): { [K in keyof S]?: ReturnType<S[K]> } {
  const out: Record<string, unknown> = {};
  const query = req.query as Record<string, unknown>;
  for (const [name, raw] of Object.entries(query)) {
    const path = `/query/${name}`;
    const parser = Object.hasOwn(spec, name) ? spec[name] : undefined;
    if (!parser) {
      const known = Object.keys(spec);
      throw new HttpProblem(400, 'unknown-parameter', 'Unknown query parameter', `Unexpected query parameter ${quote(name)}, expected ${known.length ? `only ${known.join(', ')}` : 'no query parameters'}`, {
        errors: [{ path, message: `Unexpected query parameter ${quote(name)}` }],
      });
    }
    if (typeof raw !== 'string') throw invalidParameter(path, `Unexpected repeated or structured parameter ${quote(name)}, expected it once`);
    out[name] = parser(raw, (expected) => {
      throw invalidParameter(path, `Unexpected ${name}=${quote(raw)}, expected ${expected}`);
    });
  }
  return out as { [K in keyof S]?: ReturnType<S[K]> };
}

/** A query parser for integers in [min, max]. */
export function intParam(min: number, max: number): QueryParser<number> {
  return (value, fail) => {
    const n = /^\d{1,12}$/.test(value) ? Number(value) : NaN;
    return Number.isInteger(n) && n >= min && n <= max ? n : fail(`an integer from ${min} to ${max}`);
  };
}

/** A query parser for one of `values`. */
export function enumParam<T extends string>(values: readonly T[]): QueryParser<T> {
  return (value, fail) => ((values as readonly string[]).includes(value) ? (value as T) : fail(`one of ${values.join(', ')}`));
}

/** Request body as text and parsed JSON; `undefined` when the body was empty and optional. */
export interface JsonBody {
  text: string;
  value: unknown;
}

const JSON_TYPE = /^application\/(?:[a-z0-9.+-]+\+)?json$/;

/**
 * Reads a JSON request body: 415 for another content type, 413 past `limit`,
 * 400 for bad UTF-8 or JSON syntax. A body over the limit is read and
 * discarded first (see connection.ts), so the client, still sending, reads
 * the 413; one too large or too slow to discard gets its 413 with
 * `Connection: close`, and the connection closes lingering.
 */
export async function readJsonBody(req: Request, limit: number, options: { optional?: boolean } = {}): Promise<JsonBody | undefined> {
  const length = req.headers['content-length'];
  const chunked = req.headers['transfer-encoding'] !== undefined;
  const declared = length === undefined ? undefined : Number(length);
  if (options.optional && !chunked && (declared === undefined || declared === 0) && req.headers['content-type'] === undefined) return undefined;
  const type = (req.headers['content-type'] ?? '').split(';');
  const mediaType = (type[0] ?? '').trim().toLowerCase();
  if (!JSON_TYPE.test(mediaType)) {
    throw new HttpProblem(415, 'unsupported-media-type', 'Unsupported media type', `Unexpected content type ${quote(req.headers['content-type'] ?? '(none)')}, expected application/json`, {
      headers: { 'Accept-Post': 'application/json' },
    });
  }
  const charset = type.slice(1).map((p) => p.trim().toLowerCase()).find((p) => p.startsWith('charset='));
  if (charset && charset !== 'charset=utf-8' && charset !== 'charset="utf-8"') {
    throw new HttpProblem(415, 'unsupported-media-type', 'Unsupported media type', `Unexpected ${quote(charset)}, expected charset=utf-8`);
  }
  const tooLarge = async (size: string, discard: boolean): Promise<HttpProblem> => {
    const problem = new HttpProblem(413, 'payload-too-large', 'Payload too large', `Unexpected request body of ${size}, expected at most ${limit} bytes`, { extensions: { limit } });
    if (!discard || !(await discardBody(req))) problem.headers.Connection = 'close';
    return problem;
  };
  if (declared !== undefined && declared > limit) throw await tooLarge(`${declared} bytes`, declared - limit <= DISCARD_BYTES);
  const chunks: Buffer[] = [];
  const over = await new Promise<boolean>((resolve, reject) => {
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      // Over the limit: stop keeping the body; the rest is discarded (by tooLarge).
      chunks.length = 0;
      req.off('data', onData);
      req.off('end', onEnd);
      req.pause();
      resolve(true);
    };
    const onEnd = (): void => resolve(false);
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', reject);
    req.once('aborted', () => reject(new Error('request aborted')));
  });
  if (over) throw await tooLarge(`more than ${limit} bytes`, true);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new HttpProblem(400, 'malformed-json', 'Malformed JSON', 'Unexpected bytes that are not UTF-8 in the request body, expected UTF-8 JSON', { errors: [{ path: '', message: 'Unexpected bytes that are not UTF-8' }] });
  }
  if (text.trim() === '') {
    if (options.optional) return undefined;
    throw new HttpProblem(400, 'malformed-json', 'Malformed JSON', 'Unexpected empty request body, expected a JSON document', { errors: [{ path: '', message: 'Unexpected empty body' }] });
  }
  try {
    return { text, value: JSON.parse(text) as unknown };
  } catch (error) {
    const message = `Unexpected JSON syntax: ${error instanceof Error ? error.message : String(error)}`;
    throw new HttpProblem(400, 'malformed-json', 'Malformed JSON', `${message.slice(0, 300)}, expected a JSON document`, { errors: [{ path: '', message: message.slice(0, 300) }] });
  }
}

/** Checks a parsed JSON body is an object with only `allowed` keys; returns it. */
export function bodyObject(value: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpProblem(400, 'invalid-body', 'Invalid body', `Unexpected ${value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value}, expected a JSON object`, { errors: [{ path: '', message: 'expected a JSON object' }] });
  }
  const extra = Object.keys(value).filter((k) => !allowed.includes(k));
  if (extra.length) {
    throw new HttpProblem(400, 'invalid-body', 'Invalid body', `Unexpected ${extra.map((k) => quote(k)).join(', ')}, expected only ${allowed.join(', ')}`, {
      errors: extra.map((k) => ({ path: `/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, message: `Unexpected property ${quote(k)}` })),
    });
  }
  return value as Record<string, unknown>;
}

/** 400 for a body field, naming its JSON pointer, the value given and what was expected. */
export function invalidField(path: string, value: unknown, expected: string): HttpProblem {
  const message = `Unexpected ${quote(value)}, expected ${expected}`;
  return new HttpProblem(400, 'invalid-body', 'Invalid body', `${path}: ${message}`, { errors: [{ path, message }] });
}

/** The links of a version. */
export function versionLinks(setId: string, version: string): Record<string, string> {
  const base = `/v1/sets/${setId}/versions/${version}`;
  return { self: base, set: `/v1/sets/${setId}`, versions: `/v1/sets/${setId}/versions`, schema: `${base}/schema.json`, guideline: `${base}/guideline.md`, html: `${base}/guideline.html` };
}
