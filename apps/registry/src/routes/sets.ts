/** Sets: the list of guideline sets, one set with its latest version, and its settings (quorum). */
import { Router } from 'express';
import { authorize, allowed } from '../auth.js';
import type { SetRecord, VersionSummary } from '../domain.js';
import { notFound } from '../errors.js';
import { bodyObject, invalidField, parseQuery, principalOf, readJsonBody, setIdParam, versionLinks, type AppContext } from './common.js';
import { authorizeRead } from './versions.js';

/** Largest quorum a set may ask for. */
export const MAX_QUORUM = 10;

function latestJson(latest: VersionSummary | null): Record<string, unknown> | null {
  if (!latest) return null;
  return { version: latest.version, title: latest.title, state: latest.state, contentHash: latest.contentHash, publishedAt: latest.publishedAt, links: versionLinks(latest.setId, latest.version) };
}

function setJson(set: SetRecord, latest: VersionSummary | null, versions: number | undefined): Record<string, unknown> {
  return {
    id: set.id,
    quorum: set.quorum,
    createdAt: set.createdAt,
    ...(versions !== undefined ? { versions } : {}),
    latest: latestJson(latest),
    links: { self: `/v1/sets/${set.id}`, versions: `/v1/sets/${set.id}/versions`, latest: `/v1/sets/${set.id}/versions/latest` },
  };
}

/** Routes of /v1/sets and /v1/sets/{id}. */
export function setRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/v1/sets', async (req, res) => {
    parseQuery(req, {});
    const principal = principalOf(res);
    if (!ctx.config.readsPublic) authorize(principal, 'reader', undefined);
    const sets = (await ctx.store.listSets()).filter((s) => ctx.config.readsPublic || allowed(principal, 'reader', s.id));
    res.setHeader('Cache-Control', ctx.config.readsPublic ? 'no-cache' : 'private, no-cache');
    res.json({ sets: sets.map((s) => setJson(s, s.latest, s.versions)) });
  });

  router.get('/v1/sets/:id', async (req, res) => {
    const id = setIdParam(req);
    parseQuery(req, {});
    authorizeRead(ctx, res, id);
    const set = await ctx.store.getSet(id);
    if (!set) throw notFound(`No set ${id} in this registry`);
    const latest = await ctx.store.latestPublished(id);
    res.setHeader('Cache-Control', ctx.config.readsPublic ? 'no-cache' : 'private, no-cache');
    res.json(setJson(set, latest ?? null, undefined));
  });

  router.put('/v1/sets/:id/settings', async (req, res) => {
    const id = setIdParam(req);
    parseQuery(req, {});
    const principal = authorize(principalOf(res), 'admin', id);
    const body = await readJsonBody(req, 64 * 1024);
    const settings = bodyObject(body?.value, ['quorum']);
    const quorum = settings.quorum;
    if (typeof quorum !== 'number' || !Number.isInteger(quorum) || quorum < 0 || quorum > MAX_QUORUM) throw invalidField('/quorum', quorum, `an integer from 0 to ${MAX_QUORUM}`);
    const at = ctx.now().toISOString();
    const before = await ctx.store.ensureSet(id, ctx.config.defaultQuorum, at);
    const set = await ctx.store.setQuorum(id, quorum, { actor: principal.name, action: 'set.configure', setId: id, version: null, contentHash: null, detail: { tokenId: principal.tokenId, quorum, previousQuorum: before.quorum } });
    if (!set) throw notFound(`No set ${id} in this registry`);
    res.setHeader('Cache-Control', 'no-store');
    res.json(setJson(set, (await ctx.store.latestPublished(id)) ?? null, undefined));
  });

  return router;
}
