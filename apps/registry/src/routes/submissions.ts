/**
 * Submissions and lifecycle: submit a bundle (pending, or published at once
 * with quorum 0), approve a pending version (never by its submitter),
 * deprecate a published one, and the dry-run compatibility check, which
 * stores nothing.
 */
import { Router, type Response } from 'express';
import { authorize } from '../auth.js';
import type { VersionRecord } from '../domain.js';
import type { ProblemError } from '../errors.js';
import { approveVersion, checkBundle, compatibilitySummary, deprecateVersion, parseSubmittedBundle, submitBundle } from '../publish.js';
import { bodyObject, invalidField, parseQuery, principalOf, readJsonBody, setIdParam, versionLinks, versionParam, type AppContext } from './common.js';
import { evictManifest, manifestJson, warmVersion } from './representation.js';

/** Longest deprecation reason kept in the audit log. */
const MAX_REASON = 1000;

/** Routes that change versions, and the compatibility dry run. */
export function submissionRoutes(ctx: AppContext): Router {
  const router = Router();

  // Filling the hot cache renders guideline.html, which costs as much as the checks for a large
  // set: do it after the answer has gone out, so publishing is not slowed by it.
  const warm = (version: VersionRecord): void => {
    setImmediate(() => {
      warmVersion(ctx, version).catch((error: unknown) => ctx.logger.error({ err: error, setId: version.setId, version: version.version }, 'could not fill the hot cache'));
    });
  };

  const sendVersion = async (res: Response, status: number, version: VersionRecord, warnings: ProblemError[]): Promise<void> => {
    const approvals = await ctx.store.listApprovals(version.setId, version.version);
    res.status(status).setHeader('Cache-Control', 'no-store');
    if (status === 201) res.setHeader('Location', versionLinks(version.setId, version.version).self as string);
    res.json({ ...manifestJson(version, approvals), warnings });
  };

  router.post('/v1/sets/:id/versions', async (req, res) => {
    const id = setIdParam(req);
    parseQuery(req, {});
    const principal = authorize(principalOf(res), 'submitter', id);
    const body = await readJsonBody(req, ctx.config.bodyLimitBytes);
    const outcome = await submitBundle(ctx, principal, id, body?.text ?? '');
    await sendVersion(res, outcome.status, outcome.version, outcome.warnings);
    if (outcome.status === 201 && outcome.version.state === 'published') warm(outcome.version);
  });

  router.post('/v1/sets/:id/versions/:version/approvals', async (req, res) => {
    const id = setIdParam(req);
    const version = versionParam(req, 'version', false);
    parseQuery(req, {});
    const principal = authorize(principalOf(res), 'approver', id);
    const body = await readJsonBody(req, 64 * 1024, { optional: true });
    if (body) bodyObject(body.value, []);
    const outcome = await approveVersion(ctx, principal, id, version);
    if (outcome.published) warm(outcome.version);
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      setId: id,
      version,
      state: outcome.version.state,
      quorum: outcome.quorum,
      approvals: outcome.approvals.map((a) => ({ approvedBy: a.approvedBy, approvedAt: a.approvedAt })),
      publishedAt: outcome.version.publishedAt,
      links: versionLinks(id, version),
    });
  });

  router.post('/v1/sets/:id/versions/:version/deprecate', async (req, res) => {
    const id = setIdParam(req);
    const version = versionParam(req, 'version', false);
    parseQuery(req, {});
    const principal = authorize(principalOf(res), 'approver', id);
    const body = await readJsonBody(req, 64 * 1024, { optional: true });
    let reason: string | undefined;
    if (body) {
      const value = bodyObject(body.value, ['reason']).reason;
      if (value !== undefined && (typeof value !== 'string' || value.length > MAX_REASON)) throw invalidField('/reason', value, `a string of at most ${MAX_REASON} characters`);
      reason = value;
    }
    const updated = await deprecateVersion(ctx, principal, id, version, reason);
    evictManifest(ctx, id, version);
    await sendVersion(res, 200, updated, []);
  });

  router.post('/v1/sets/:id/compatibility', async (req, res) => {
    const id = setIdParam(req);
    parseQuery(req, {});
    authorize(principalOf(res), 'submitter', id);
    const body = await readJsonBody(req, ctx.config.bodyLimitBytes);
    const bundle = parseSubmittedBundle(body?.text ?? '', id, ctx.config.bodyLimitBytes);
    const check = await checkBundle(ctx, bundle);
    const existing = await ctx.store.getVersion(id, bundle.manifest.version);
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      setId: id,
      version: bundle.manifest.version,
      contentHash: bundle.manifest.contentHash,
      ok: check.errors.length === 0,
      code: check.code ?? null,
      existing: existing ? { state: existing.state, contentHash: existing.contentHash, sameContent: existing.contentHash === bundle.manifest.contentHash } : null,
      compatibility: compatibilitySummary(check),
      errors: check.errors,
      warnings: check.warnings,
    });
  });

  return router;
}
