/**
 * Version reads: the paginated list of a set's versions, a version (or
 * `latest`) as its manifest, raw schema.json, guideline.md, rendered HTML,
 * and the diff and migration map between two versions. Pending versions are
 * shown only to submitters and above; everything else follows `readsPublic`.
 */
import { Router, type Request, type Response } from 'express';
import { migrationMap, setDiffOf, sha256, type SetDiff } from '@rubric/core';
import { allowed, authorize } from '../auth.js';
import type { VersionRecord } from '../domain.js';
import { HttpProblem, notFound } from '../errors.js';
import { bundleRelative } from '../publish.js';
import { enumParam, intParam, parseQuery, principalOf, setIdParam, versionLinks, versionParam, type AppContext, type QueryParser } from './common.js';
import { IMMUTABLE, VERSION_ROUTES, cacheRepresentation, fileRepresentation, isVisible, manifestRepresentation, sendRepresentation, type Representation } from './representation.js';

/** Default and largest page of a version listing. */
export const DEFAULT_PAGE = 20;
export const MAX_PAGE = 100;

const cursorParam: QueryParser<string> = (value, fail) => (/^[A-Za-z0-9._~+=:/-]{1,256}$/.test(value) ? value : fail('the `next` cursor of a previous page'));

/** Throws 401/403 when reads need a token and the request's token may not read `setId`. */
export function authorizeRead(ctx: AppContext, res: Response, setId: string): void {
  if (!ctx.config.readsPublic) authorize(principalOf(res), 'reader', setId);
}

/** Whether the caller may see pending versions of a set (submitters and above with a grant). */
function seesPending(res: Response, setId: string): boolean {
  return allowed(principalOf(res), 'submitter', setId);
}

/** The version a URL names: `latest` is the newest published one; pending ones only for submitters and above. */
export async function resolveVersion(ctx: AppContext, res: Response, setId: string, version: string): Promise<{ record: VersionRecord; latest: boolean }> {
  if (version === 'latest') {
    const record = await ctx.store.latestPublished(setId);
    if (!record) throw notFound(`Set ${setId} has no published version`);
    return { record, latest: true };
  }
  const record = await ctx.store.getVersion(setId, version);
  if (!record || (!isVisible(record) && !seesPending(res, setId))) throw notFound(`No published version ${version} of set ${setId}`);
  return { record, latest: false };
}

/** Replaces in-bundle paths (`/bundle/guideline.md`) by paths relative to the set. */
function relativeDiff(diff: SetDiff): SetDiff {
  return JSON.parse(JSON.stringify(diff, (key, value: unknown) => (key === 'file' && typeof value === 'string' ? bundleRelative(value) : value))) as SetDiff;
}

/** Routes of /v1/sets/{id}/versions (reads). */
export function versionRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/v1/sets/:id/versions', async (req, res) => {
    const id = setIdParam(req);
    const q = parseQuery(req, { limit: intParam(1, MAX_PAGE), cursor: cursorParam, state: enumParam(['published', 'pending', 'all'] as const) });
    authorizeRead(ctx, res, id);
    const state = q.state ?? 'published';
    if (state !== 'published') authorize(principalOf(res), 'submitter', id);
    const set = await ctx.store.getSet(id);
    if (!set) throw notFound(`No set ${id} in this registry`);
    const limit = q.limit ?? DEFAULT_PAGE;
    const page = await ctx.store.listVersions(id, { limit, ...(q.cursor !== undefined ? { cursor: q.cursor } : {}), includePending: state !== 'published' });
    const items = state === 'pending' ? page.items.filter((v) => v.state === 'pending') : page.items;
    const query = (cursor: string): string => `/v1/sets/${id}/versions?${new URLSearchParams({ limit: String(limit), cursor, ...(state !== 'published' ? { state } : {}) }).toString()}`;
    res.setHeader('Cache-Control', ctx.config.readsPublic && state === 'published' ? 'no-cache' : 'private, no-cache');
    res.json({
      setId: id,
      versions: items.map((v) => ({
        version: v.version,
        state: v.state,
        title: v.title,
        contentHash: v.contentHash,
        submittedBy: v.submittedBy,
        submittedAt: v.submittedAt,
        publishedAt: v.publishedAt,
        deprecatedAt: v.deprecatedAt,
        links: versionLinks(id, v.version),
      })),
      next: page.next,
      links: { self: req.originalUrl, ...(page.next ? { next: query(page.next) } : {}) },
    });
  });

  const readVersion = async (req: Request, res: Response): Promise<{ id: string; record: VersionRecord; latest: boolean }> => {
    const id = setIdParam(req);
    const version = versionParam(req, 'version', true);
    parseQuery(req, {});
    authorizeRead(ctx, res, id);
    return { id, ...(await resolveVersion(ctx, res, id, version)) };
  };

  router.get(VERSION_ROUTES.manifest, async (req, res) => {
    const { record, latest } = await readVersion(req, res);
    const rep = await manifestRepresentation(ctx, record, latest);
    if (!latest) cacheRepresentation(ctx, record, 'manifest', rep);
    sendRepresentation(req, res, rep);
  });

  for (const kind of ['schema', 'guideline', 'html'] as const) {
    router.get(VERSION_ROUTES[kind], async (req, res) => {
      const { record, latest } = await readVersion(req, res);
      const rep = fileRepresentation(ctx, record, kind, latest);
      if (!latest) cacheRepresentation(ctx, record, kind, rep);
      sendRepresentation(req, res, rep);
    });
  }

  const readPair = async (req: Request, res: Response): Promise<{ from: VersionRecord; to: VersionRecord; concrete: boolean }> => {
    const id = setIdParam(req);
    const version = versionParam(req, 'version', true);
    const other = versionParam(req, 'other', true);
    parseQuery(req, {});
    authorizeRead(ctx, res, id);
    const a = await resolveVersion(ctx, res, id, version);
    const b = await resolveVersion(ctx, res, id, other);
    return { from: a.record, to: b.record, concrete: !a.latest && !b.latest && isVisible(a.record) && isVisible(b.record) };
  };

  const pairRepresentation = (route: string, from: VersionRecord, to: VersionRecord, concrete: boolean, suffix: string, value: unknown): Representation => {
    const body = Buffer.from(JSON.stringify(value));
    const etag = `"sha256-${sha256(`${from.contentHash}\n${to.contentHash}`)}-${suffix}"`;
    const scope = ctx.config.readsPublic && isVisible(from) && isVisible(to) ? 'public' : 'private';
    return { route, body, etag, headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': concrete ? `${scope}, ${IMMUTABLE}` : `${scope}, no-cache`, ETag: etag } };
  };

  router.get(VERSION_ROUTES.diff, async (req, res) => {
    const { from, to, concrete } = await readPair(req, res);
    const diff = relativeDiff(setDiffOf(ctx.sets.get(from).set, ctx.sets.get(to).set));
    sendRepresentation(req, res, pairRepresentation(VERSION_ROUTES.diff, from, to, concrete, 'diff', diff));
  });

  router.get(VERSION_ROUTES.migration, async (req, res) => {
    const { from, to, concrete } = await readPair(req, res);
    const before = ctx.sets.get(from).set.schema;
    const after = ctx.sets.get(to).set.schema;
    if (!before || !after) throw new HttpProblem(404, 'not-found', 'Not found', `Version ${!before ? from.version : to.version} of ${from.setId} has no readable schema`);
    sendRepresentation(req, res, pairRepresentation(VERSION_ROUTES.migration, from, to, concrete, 'migration', migrationMap(before, after)));
  });

  return router;
}
