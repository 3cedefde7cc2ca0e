/**
 * The representations of a version (manifest, schema.json, guideline.md,
 * guideline.html) as bytes plus headers, built in one place so the express
 * routes and the hot cache answer byte for byte the same, and the one
 * function that sends them with strong ETags and the 304 path.
 */
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { sha256 } from '@rubric/core';
import type { ApprovalRecord, VersionRecord } from '../domain.js';
import { HttpProblem } from '../errors.js';
import { versionLinks, type AppContext } from './common.js';

/** Route patterns of the version reads (also the metrics' route label). */
export const VERSION_ROUTES = {
  manifest: '/v1/sets/:id/versions/:version',
  schema: '/v1/sets/:id/versions/:version/schema.json',
  guideline: '/v1/sets/:id/versions/:version/guideline.md',
  html: '/v1/sets/:id/versions/:version/guideline.html',
  diff: '/v1/sets/:id/versions/:version/diff/:other',
  migration: '/v1/sets/:id/versions/:version/migration/:other',
} as const;

/** What a version can be read as. */
export type RepresentationKind = 'manifest' | 'schema' | 'guideline' | 'html';

/** Bytes and headers of one response, ready to send. */
export interface Representation {
  route: string;
  body: Buffer;
  etag: string;
  /** Content-Type, Cache-Control, ETag and the like (not Content-Length). */
  headers: Record<string, string>;
}

/** One year: versioned content never changes. */
export const IMMUTABLE = 'max-age=31536000, immutable';
/**
 * The CSP nonce of a version's guideline.html, derived from its content hash:
 * the page has a strong ETag, so every instance must render the same bytes.
 */
export function htmlNonce(contentHash: string): string {
  return createHash('sha256').update(`rubric-html-nonce\n${contentHash}`).digest('base64').slice(0, 22);
}

/**
 * CSP of a rendered guideline: only styles carrying the version's nonce (the
 * renderer is given it in its RenderContext; @rubric/render's page puts it on
 * its one `<style>` and in its meta CSP), data: images, no script, no framing.
 */
export function htmlCsp(nonce: string): string {
  return `default-src 'none'; style-src 'nonce-${nonce}'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
}

/** Whether a version can be seen by everyone who can read (published or deprecated). */
export function isVisible(v: { state: string }): boolean {
  return v.state === 'published' || v.state === 'deprecated';
}

/** Cache-Control of a representation: immutable content, revalidated lifecycle, private when reads need a token. */
export function cacheControl(ctx: AppContext, version: VersionRecord, latest: boolean, mutable: boolean): string {
  if (!isVisible(version)) return 'private, no-store';
  const scope = ctx.config.readsPublic ? 'public' : 'private';
  return latest || mutable ? `${scope}, no-cache` : `${scope}, ${IMMUTABLE}`;
}

/** The JSON body of a version's manifest. */
export function manifestJson(version: VersionRecord, approvals: ApprovalRecord[]): Record<string, unknown> {
  return {
    setId: version.setId,
    version: version.version,
    state: version.state,
    title: version.title,
    contentHash: version.contentHash,
    files: version.manifest.files.map((f) => ({ path: f.path, sha256: f.sha256, bytes: f.bytes })),
    git: version.manifest.git ?? null,
    submittedBy: version.submittedBy,
    submittedAt: version.submittedAt,
    publishedAt: version.publishedAt,
    deprecatedAt: version.deprecatedAt,
    approvals: approvals.map((a) => ({ approvedBy: a.approvedBy, approvedAt: a.approvedAt })),
    links: versionLinks(version.setId, version.version),
  };
}

function jsonBody(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}

/** The manifest representation (its state and approvals change, so it is revalidated). */
export async function manifestRepresentation(ctx: AppContext, version: VersionRecord, latest: boolean): Promise<Representation> {
  const approvals = await ctx.store.listApprovals(version.setId, version.version);
  const body = jsonBody(manifestJson(version, approvals));
  const etag = `"sha256-${version.contentHash}-manifest-${sha256(body).slice(0, 16)}"`;
  return withLocation(version, latest, {
    route: VERSION_ROUTES.manifest,
    body,
    etag,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': cacheControl(ctx, version, latest, true), ETag: etag },
  });
}

/** schema.json, guideline.md or guideline.html of a version. */
export function fileRepresentation(ctx: AppContext, version: VersionRecord, kind: Exclude<RepresentationKind, 'manifest'>, latest: boolean): Representation {
  let body: Buffer;
  let type: string;
  const extra: Record<string, string> = {};
  if (kind === 'schema') {
    const file = ctx.sets.get(version).schemaFile;
    const text = file === undefined ? undefined : version.files[file];
    if (text === undefined) throw new HttpProblem(404, 'not-found', 'Not found', `Version ${version.version} of ${version.setId} has no schema file`);
    body = Buffer.from(text);
    type = 'application/json; charset=utf-8';
  } else if (kind === 'guideline') {
    body = Buffer.from(version.files['guideline.md'] ?? '');
    type = 'text/markdown; charset=utf-8';
  } else {
    if (!ctx.render) throw new HttpProblem(501, 'not-implemented', 'Not implemented', 'This registry has no renderer configured, so guideline.html is not available; read guideline.md instead');
    const loaded = ctx.sets.get(version);
    const nonce = htmlNonce(version.contentHash);
    loaded.html ??= ctx.render(loaded.set, { setId: version.setId, version: version.version, contentHash: version.contentHash, nonce });
    body = Buffer.from(loaded.html);
    type = 'text/html; charset=utf-8';
    extra['Content-Security-Policy'] = htmlCsp(nonce);
  }
  const suffix = kind === 'schema' ? 'schema' : kind === 'guideline' ? 'md' : 'html';
  const etag = `"sha256-${version.contentHash}-${suffix}"`;
  return withLocation(version, latest, {
    route: VERSION_ROUTES[kind],
    body,
    etag,
    headers: { 'Content-Type': type, 'Cache-Control': cacheControl(ctx, version, latest, false), ETag: etag, ...extra },
  });
}

function withLocation(version: VersionRecord, latest: boolean, rep: Representation): Representation {
  if (latest) {
    const links = versionLinks(version.setId, version.version);
    const path = rep.route === VERSION_ROUTES.manifest ? links.self : rep.route === VERSION_ROUTES.schema ? links.schema : rep.route === VERSION_ROUTES.guideline ? links.guideline : links.html;
    rep.headers['Content-Location'] = path as string;
  }
  return rep;
}

/** The canonical URL path of a representation of a concrete version (the hot cache's key). */
export function representationPath(setId: string, version: string, kind: RepresentationKind): string {
  const links = versionLinks(setId, version);
  return (kind === 'manifest' ? links.self : kind === 'schema' ? links.schema : kind === 'guideline' ? links.guideline : links.html) as string;
}

/** True when an If-None-Match header matches `etag` (weak comparison, as RFC 9110 asks for If-None-Match). */
export function etagMatches(header: string, etag: string): boolean {
  if (header === etag) return true;
  const bare = etag.startsWith('W/') ? etag.slice(2) : etag;
  for (const part of header.split(',')) {
    const t = part.trim();
    if (t === '*' || t === bare || (t.startsWith('W/') && t.slice(2) === bare)) return true;
  }
  return false;
}

/** Headers of a 304 answer: everything but Content-Type (no body follows). */
export function notModifiedHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (k !== 'Content-Type') out[k] = v;
  return out;
}

/** Sends a representation through express: 304 when If-None-Match matches, else the bytes (none for HEAD). */
export function sendRepresentation(req: Request, res: Response, rep: Representation): void {
  const inm = req.headers['if-none-match'];
  if (inm !== undefined && etagMatches(inm, rep.etag)) {
    for (const [k, v] of Object.entries(notModifiedHeaders(rep.headers))) res.setHeader(k, v);
    res.statusCode = 304;
    res.end();
    return;
  }
  for (const [k, v] of Object.entries(rep.headers)) res.setHeader(k, v);
  res.setHeader('Content-Length', rep.body.length);
  res.statusCode = 200;
  res.end(req.method === 'HEAD' ? undefined : rep.body);
}

/** Lifetime of a cached manifest of a published version: a deprecation elsewhere shows within it. */
export const MANIFEST_TTL_MS = 5_000;

/** Puts a representation of a concrete, visible version into the hot cache (when reads are public). */
export function cacheRepresentation(ctx: AppContext, version: VersionRecord, kind: RepresentationKind, rep: Representation): void {
  if (!ctx.hotCache || !ctx.config.readsPublic || !isVisible(version)) return;
  const ttl = kind === 'manifest' && version.state !== 'deprecated' ? MANIFEST_TTL_MS : undefined;
  ctx.hotCache.put(representationPath(version.setId, version.version, kind), rep, ttl);
}

/** Fills the hot cache with a newly published version's representations. */
export async function warmVersion(ctx: AppContext, version: VersionRecord): Promise<void> {
  if (!ctx.hotCache || !ctx.config.readsPublic || !isVisible(version)) return;
  cacheRepresentation(ctx, version, 'manifest', await manifestRepresentation(ctx, version, false));
  for (const kind of ['schema', 'guideline', ...(ctx.render ? ['html' as const] : [])] as const) {
    try {
      cacheRepresentation(ctx, version, kind, fileRepresentation(ctx, version, kind, false));
    } catch (error) {
      if (!(error instanceof HttpProblem)) throw error;
    }
  }
}

/** Drops a version's cached manifest (its state changed). */
export function evictManifest(ctx: AppContext, setId: string, version: string): void {
  ctx.hotCache?.evict(representationPath(setId, version, 'manifest'));
}
