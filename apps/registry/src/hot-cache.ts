/**
 * The hot read path: public GETs of immutable versioned resources (a concrete
 * version's manifest, schema.json, guideline.md, guideline.html) answered from
 * memory before express sees the request. Express routing costs about three
 * quarters of the throughput on this path (see the perf notes); here a request
 * is one Map lookup and one write of precomputed headers and bytes. Entries
 * are the very representations the express routes build, with the same
 * security headers, so both paths answer the same; anything else (a query
 * string, an Authorization header, an unknown URL) falls through to express.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Logger } from './logger.js';
import { logRequest } from './logger.js';
import type { Metrics } from './metrics.js';
import { etagMatches, notModifiedHeaders, type Representation } from './routes/representation.js';

interface Entry {
  route: string;
  body: Buffer;
  etag: string;
  /** Raw header lists for writeHead: [name, value, name, value, ...]. */
  headers200: string[];
  headers304: string[];
  expiresAt: number;
  bytes: number;
}

/** An in-memory map of URL path -> response, bounded in bytes (oldest out first). */
export class HotCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly securityHeaders: Record<string, string>,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
    /** False when reads need a token: then nothing is served from here. */
    private readonly enabled: boolean,
  ) {
    metrics.gauge('rubric_registry_hot_cache_entries', 'Responses held by the hot cache.', () => this.entries.size);
    metrics.gauge('rubric_registry_hot_cache_bytes', 'Bytes held by the hot cache.', () => this.bytes);
  }

  /** Stores a representation under its canonical path; `ttlMs` for ones whose lifecycle may still change. */
  put(path: string, rep: Representation, ttlMs?: number): void {
    if (!this.enabled || this.maxBytes <= 0) return;
    const h200 = { ...this.securityHeaders, ...rep.headers, 'Content-Length': String(rep.body.length) };
    const h304 = { ...this.securityHeaders, ...notModifiedHeaders(rep.headers) };
    const bytes = rep.body.length + path.length + 1024;
    if (bytes > this.maxBytes / 4) return;
    this.evict(path);
    this.entries.set(path, { route: rep.route, body: rep.body, etag: rep.etag, headers200: flat(h200), headers304: flat(h304), expiresAt: ttlMs === undefined ? Infinity : Date.now() + ttlMs, bytes });
    this.bytes += bytes;
    for (const [key, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(key);
      this.bytes -= entry.bytes;
    }
  }

  /** Drops the entry of `path`, if any. */
  evict(path: string): void {
    const old = this.entries.get(path);
    if (old) {
      this.entries.delete(path);
      this.bytes -= old.bytes;
    }
  }

  /** Number of entries (tests, metrics). */
  get size(): number {
    return this.entries.size;
  }

  /** Answers the request from memory when it can; false hands it to express. */
  serve(req: IncomingMessage, res: ServerResponse): boolean {
    if (!this.enabled) return false;
    const method = req.method;
    if (method !== 'GET' && method !== 'HEAD') return false;
    const url = req.url;
    if (url === undefined || req.headers.authorization !== undefined) return false;
    const entry = this.entries.get(url);
    if (!entry) return false;
    if (entry.expiresAt !== Infinity && entry.expiresAt < Date.now()) {
      this.evict(url);
      return false;
    }
    const start = performance.now();
    const inm = req.headers['if-none-match'];
    let status: number;
    if (inm !== undefined && etagMatches(inm, entry.etag)) {
      status = 304;
      res.writeHead(304, entry.headers304);
      res.end();
    } else {
      status = 200;
      res.writeHead(200, entry.headers200);
      res.end(method === 'HEAD' ? undefined : entry.body);
    }
    const ms = performance.now() - start;
    this.metrics.hotCacheHit();
    this.metrics.observeRequest(method, entry.route, status, ms / 1000);
    logRequest(this.logger, method, url, entry.route, status, ms, undefined, true);
    return true;
  }
}

function flat(headers: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(headers)) out.push(k, v);
  return out;
}
