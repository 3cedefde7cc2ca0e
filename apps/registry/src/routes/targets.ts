/**
 * Delivery targets and deliveries: approvers (and admins) of a set manage
 * where its published versions go (PUT/GET/DELETE /v1/sets/{id}/targets),
 * follow what was delivered (GET /v1/sets/{id}/deliveries, and
 * GET /v1/deliveries across sets for tokens granted every set), and pull the
 * annotations back from a Label Studio target
 * (GET /v1/sets/{id}/targets/{targetId}/annotations).
 */
import { Router, type Request } from 'express';
import { authorize } from '../auth.js';
import { DELIVERY_STATUSES, type DeliveryRecord, type Page, type TargetRecord } from '../domain.js';
import { invalidParameter, notFound, quote } from '../errors.js';
import { pullTarget } from '../delivery/label-studio-pull.js';
import { deliveryJson, isTargetId, parseTargetBody, sealSecret, targetJson } from '../delivery/targets.js';
import { checkSetId, enumParam, intParam, parseQuery, principalOf, readJsonBody, setIdParam, versionParam, type AppContext, type QueryParser } from './common.js';

/** Default and largest page of a delivery listing. */
export const DEFAULT_DELIVERY_PAGE = 50;
export const MAX_DELIVERY_PAGE = 100;

const cursorParam: QueryParser<string> = (value, fail) => (/^[A-Za-z0-9_-]{1,40}$/.test(value) ? value : fail('the `next` cursor of a previous page'));
const setParam: QueryParser<string> = (value) => checkSetId(value, '/query/set');

/** The `{targetId}` path parameter. */
export function targetIdParam(req: Request): string {
  const value = req.params.targetId;
  if (!isTargetId(value)) throw invalidParameter('/params/targetId', `Unexpected target id ${quote(value)}, expected lowercase letters and digits in words joined by '-' (at most 64 characters), e.g. "label-studio-prod"`);
  return value;
}

/** The JSON of a page of deliveries, with the link to the next one. */
function deliveryPage(page: Page<DeliveryRecord>, path: string, query: Record<string, string>): Record<string, unknown> {
  const next = page.next ? `${path}?${new URLSearchParams({ ...query, cursor: page.next }).toString()}` : undefined;
  return { deliveries: page.items.map(deliveryJson), next: page.next, links: { self: `${path}${Object.keys(query).length ? `?${new URLSearchParams(query).toString()}` : ''}`, ...(next ? { next } : {}) } };
}

/** Routes of /v1/sets/{id}/targets, /v1/sets/{id}/deliveries and /v1/deliveries. */
export function targetRoutes(ctx: AppContext): Router {
  const router = Router();
  const json = (t: TargetRecord): Record<string, unknown> => targetJson(t, ctx.env, ctx.targetKey);

  router.get('/v1/sets/:id/targets', async (req, res) => {
    const id = setIdParam(req);
    parseQuery(req, {});
    authorize(principalOf(res), 'approver', id);
    const targets = await ctx.store.listTargets(id);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ setId: id, targets: targets.map(json) });
  });

  router.get('/v1/sets/:id/targets/:targetId', async (req, res) => {
    const id = setIdParam(req);
    const targetId = targetIdParam(req);
    parseQuery(req, {});
    authorize(principalOf(res), 'approver', id);
    const target = await ctx.store.getTarget(id, targetId);
    if (!target) throw notFound(`No delivery target ${targetId} in set ${id}`);
    res.setHeader('Cache-Control', 'no-store');
    res.json(json(target));
  });

  router.put('/v1/sets/:id/targets/:targetId', async (req, res) => {
    const id = setIdParam(req);
    const targetId = targetIdParam(req);
    parseQuery(req, {});
    const principal = authorize(principalOf(res), 'approver', id);
    const input = parseTargetBody((await readJsonBody(req, 64 * 1024))?.value);
    const secret = sealSecret(input.secret, ctx.targetKey, id, targetId);
    const at = ctx.now().toISOString();
    await ctx.store.ensureSet(id, ctx.config.defaultQuorum, at);
    const record: TargetRecord = { setId: id, id: targetId, kind: input.kind, url: input.url, options: input.options, secret, enabled: input.enabled, createdAt: at, updatedAt: at, updatedBy: principal.name };
    const { target, created } = await ctx.store.putTarget(record, {
      actor: principal.name,
      action: 'target.configure',
      setId: id,
      version: null,
      contentHash: null,
      // Never the secret: only where it comes from.
      detail: { tokenId: principal.tokenId, targetId, kind: input.kind, url: input.url, ...input.options, secretSource: secret.kind, ...(secret.kind === 'env' ? { secretEnv: secret.env } : {}), enabled: input.enabled },
    });
    res.status(created ? 201 : 200).setHeader('Cache-Control', 'no-store');
    if (created) res.setHeader('Location', `/v1/sets/${id}/targets/${targetId}`);
    res.json(json(target));
  });

  router.delete('/v1/sets/:id/targets/:targetId', async (req, res) => {
    const id = setIdParam(req);
    const targetId = targetIdParam(req);
    parseQuery(req, {});
    const principal = authorize(principalOf(res), 'approver', id);
    const target = await ctx.store.getTarget(id, targetId);
    if (!target) throw notFound(`No delivery target ${targetId} in set ${id}`);
    const deleted = await ctx.store.deleteTarget(id, targetId, ctx.now().toISOString(), {
      actor: principal.name,
      action: 'target.delete',
      setId: id,
      version: null,
      contentHash: null,
      detail: { tokenId: principal.tokenId, targetId, kind: target.kind, url: target.url },
    });
    if (!deleted) throw notFound(`No delivery target ${targetId} in set ${id}`);
    res.setHeader('Cache-Control', 'no-store');
    res.json(json(target));
  });

  router.get('/v1/sets/:id/targets/:targetId/annotations', async (req, res) => {
    const id = setIdParam(req);
    const targetId = targetIdParam(req);
    const q = parseQuery(req, { project: intParam(1, Number.MAX_SAFE_INTEGER), groundTruth: enumParam(['true', 'false'] as const) });
    authorize(principalOf(res), 'approver', id);
    const target = await labelStudioTarget(ctx, id, targetId);
    const { annotations, summaries } = await pullTarget(ctx, target, { ...(q.project !== undefined ? { project: q.project } : {}), includeGroundTruth: q.groundTruth === 'true' });
    const lines = annotations.map((a, index) => JSON.stringify({ index, record: a.record, valid: a.errors.length === 0, ...(a.errors.length ? { errors: a.errors } : {}) }));
    lines.push(JSON.stringify({ summary: { projects: summaries, records: annotations.length, invalid: summaries.reduce((n, s) => n + s.invalid, 0) } }));
    res.status(200).setHeader('Content-Type', 'application/x-ndjson; charset=utf-8').setHeader('Cache-Control', 'no-store');
    res.end(`${lines.join('\n')}\n`);
  });

  router.get('/v1/sets/:id/deliveries', async (req, res) => {
    const id = setIdParam(req);
    const q = parseQuery(req, { status: enumParam(DELIVERY_STATUSES), version: versionQuery, limit: intParam(1, MAX_DELIVERY_PAGE), cursor: cursorParam });
    authorize(principalOf(res), 'approver', id);
    if (!(await ctx.store.getSet(id))) throw notFound(`No set ${id} in this registry`);
    const limit = q.limit ?? DEFAULT_DELIVERY_PAGE;
    const page = await ctx.store.listDeliveries({ setId: id, limit, ...(q.status ? { status: q.status } : {}), ...(q.version ? { version: q.version } : {}), ...(q.cursor ? { cursor: q.cursor } : {}) });
    res.setHeader('Cache-Control', 'no-store');
    res.json(deliveryPage(page, `/v1/sets/${id}/deliveries`, { ...(q.status ? { status: q.status } : {}), ...(q.version ? { version: q.version } : {}), limit: String(limit) }));
  });

  router.get('/v1/deliveries', async (req, res) => {
    const q = parseQuery(req, { set: setParam, status: enumParam(DELIVERY_STATUSES), limit: intParam(1, MAX_DELIVERY_PAGE), cursor: cursorParam });
    // Across sets only with a grant for every set; with ?set= a grant for that set is enough.
    authorize(principalOf(res), 'approver', q.set ?? null);
    const limit = q.limit ?? DEFAULT_DELIVERY_PAGE;
    const page = await ctx.store.listDeliveries({ limit, ...(q.set ? { setId: q.set } : {}), ...(q.status ? { status: q.status } : {}), ...(q.cursor ? { cursor: q.cursor } : {}) });
    res.setHeader('Cache-Control', 'no-store');
    res.json(deliveryPage(page, '/v1/deliveries', { ...(q.set ? { set: q.set } : {}), ...(q.status ? { status: q.status } : {}), limit: String(limit) }));
  });

  return router;
}

/** A set's label-studio target, or 404 naming why there is none. */
export async function labelStudioTarget(ctx: AppContext, setId: string, targetId: string): Promise<TargetRecord> {
  const target = await ctx.store.getTarget(setId, targetId);
  if (!target) throw notFound(`No delivery target ${targetId} in set ${setId}`);
  if (target.kind !== 'label-studio') throw notFound(`Target ${targetId} of set ${setId} is a ${target.kind} target: only label-studio targets have annotations to pull`);
  return target;
}

/** `?version=`: a semantic version (reuses the path check's words). */
const versionQuery: QueryParser<string> = (value, fail) => {
  try {
    return versionParam({ params: { version: value } } as unknown as Request, 'version', false);
  } catch {
    return fail('a semantic version such as "2.1.0"');
  }
};
