/** The OpenAPI 3.1 document of this API, at /openapi.json. */
import { Router } from 'express';
import { openApiDocument } from '../openapi.js';
import type { AppContext } from './common.js';

/** Route of /openapi.json. */
export function openApiRoutes(ctx: AppContext): Router {
  const router = Router();
  const body = Buffer.from(JSON.stringify(openApiDocument({ readsPublic: ctx.config.readsPublic, bodyLimitBytes: ctx.config.bodyLimitBytes })));
  router.get('/openapi.json', (_req, res) => {
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache');
    res.end(body);
  });
  return router;
}
