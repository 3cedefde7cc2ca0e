/** The audit log (admin): every state change, oldest first, paged by sequence number. */
import { Router } from 'express';
import { authorize } from '../auth.js';
import { intParam, parseQuery, principalOf, type AppContext } from './common.js';

/** Default and largest page of the audit log. */
export const DEFAULT_AUDIT_PAGE = 100;
export const MAX_AUDIT_PAGE = 1000;

/** Routes of /v1/audit. */
export function auditRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/v1/audit', async (req, res) => {
    const q = parseQuery(req, { after: intParam(0, Number.MAX_SAFE_INTEGER), limit: intParam(1, MAX_AUDIT_PAGE) });
    authorize(principalOf(res), 'admin', null);
    const limit = q.limit ?? DEFAULT_AUDIT_PAGE;
    const entries = await ctx.store.listAudit({ ...(q.after !== undefined ? { afterSeq: q.after } : {}), limit });
    const last = entries[entries.length - 1];
    const next = entries.length === limit && last ? String(last.seq) : null;
    res.setHeader('Cache-Control', 'no-store');
    res.json({ entries, next, links: { self: req.originalUrl, ...(next ? { next: `/v1/audit?after=${next}&limit=${limit}` } : {}) } });
  });
  return router;
}
