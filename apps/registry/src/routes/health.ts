/** Operations: /healthz (the process answers), /readyz (the store answers), /metrics (Prometheus text). */
import { Router } from 'express';
import { HttpProblem } from '../errors.js';
import { METRICS_CONTENT_TYPE } from '../metrics.js';
import type { AppContext } from './common.js';

/** How long /readyz waits for the store. */
const READY_TIMEOUT_MS = 2_000;

/** Routes of the health and metrics endpoints. */
export function healthRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        ctx.store.ping(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
        }),
      ]);
    } catch (error) {
      throw new HttpProblem(503, 'not-ready', 'Not ready', `The ${ctx.store.kind} store does not answer: ${error instanceof Error ? error.message : String(error)}`, { headers: { 'Retry-After': '5' } });
    } finally {
      clearTimeout(timer);
    }
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: 'ready', store: ctx.store.kind });
  });
  router.get('/metrics', (_req, res) => {
    res.setHeader('Content-Type', METRICS_CONTENT_TYPE);
    res.setHeader('Cache-Control', 'no-store');
    res.end(ctx.metrics.render());
  });
  return router;
}
