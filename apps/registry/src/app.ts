/**
 * The registry's express application: request log and metrics, security
 * headers (helmet), OPTIONS, the principal from the Authorization header, one
 * router per resource, 405 for a method a path does not have, a JSON 404 and
 * one error handler answering RFC 9457 problem+json. createApp builds it from
 * its dependencies; createServer (server.ts) puts the hot cache in front of it.
 */
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { performance } from 'node:perf_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate } from './auth.js';
import type { RegistryConfig } from './config.js';
import { HttpProblem, PROBLEM_CONTENT_TYPE, problemBody, quote } from './errors.js';
import { logRequest, type Logger } from './logger.js';
import { Metrics } from './metrics.js';
import { LoadedSetCache } from './publish.js';
import type { HotCache } from './hot-cache.js';
import { StoreError } from './store/common.js';
import type { Store } from './store/types.js';
import { principalOf, type AppContext, type RenderFunction } from './routes/common.js';
import { setRoutes } from './routes/sets.js';
import { versionRoutes } from './routes/versions.js';
import { submissionRoutes } from './routes/submissions.js';
import { tokenRoutes } from './routes/tokens.js';
import { auditRoutes } from './routes/audit.js';
import { healthRoutes } from './routes/health.js';
import { openApiRoutes } from './routes/openapi.js';
import { catalogRouter } from './routes/catalog.js';
import { targetRoutes } from './routes/targets.js';
import { annotationRoutes } from './routes/annotations.js';
import { exportRoutes } from './routes/exports.js';
import { qualityRoutes } from './routes/quality.js';
import { QualityService } from './quality/service.js';
import { exportersValidator, type AnnotationValidator } from './annotations.js';
import { parseTargetKey } from './delivery/secrets.js';
import { AllowedMethods, type RouteLister } from './methods.js';
import { finishUnreadBody, lastRequest } from './connection.js';

/** What createApp needs. */
export interface AppDeps {
  store: Store;
  config: RegistryConfig;
  logger: Logger;
  /** Clock (tests pin it). */
  now?: () => Date;
  /** Renders a loaded set to HTML for guideline.html; without it that route answers 501. */
  render?: RenderFunction;
  /** Shared with the hot cache by createServer; a new one otherwise. */
  metrics?: Metrics;
  hotCache?: HotCache;
  /** Shared with the delivery dispatcher by startRegistry; a new one otherwise. */
  sets?: LoadedSetCache;
  /** Where target `secretEnv` names are looked up (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Checks annotation records (default: @rubric/exporters' validateAnnotation and fromLabelStudioResult). */
  validator?: AnnotationValidator;
  /** Measures and stores quality reports; a new one otherwise. */
  quality?: QualityService;
}

/**
 * helmet's settings. An API answers JSON, so its CSP allows nothing and it is
 * never framed; resources may be read cross-origin (labeling tools). The
 * headers that only matter for HTML pages a browser navigates to (DNS
 * prefetch, IE download options, origin-agent clustering, the legacy XSS
 * auditor, Flash cross-domain policies, opener isolation) are left out: they
 * protect nothing here and cost bytes on every hot read.
 */
const HELMET_OPTIONS = {
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  crossOriginResourcePolicy: { policy: 'cross-origin' as const },
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
};

/** The security headers helmet sets, captured once by running it against a recording response (the hot cache sends these). */
export function securityHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name];
    },
    getHeader(name: string) {
      return headers[name];
    },
  };
  helmet(HELMET_OPTIONS)({} as IncomingMessage, res as unknown as ServerResponse, () => {});
  return headers;
}

const SECURITY_HEADERS = new Set(Object.keys(securityHeaders()).map((h) => h.toLowerCase()));

/** Builds the express application. */
export function createApp(deps: AppDeps): Express {
  const metrics = deps.metrics ?? new Metrics();
  const now = deps.now ?? (() => new Date());
  const ctx: AppContext = {
    store: deps.store,
    config: deps.config,
    logger: deps.logger,
    now,
    render: deps.render,
    metrics,
    hotCache: deps.hotCache,
    sets: deps.sets ?? new LoadedSetCache(),
    securityHeaders: securityHeaders(),
    targetKey: deps.config.targetKey === undefined ? undefined : parseTargetKey(deps.config.targetKey),
    env: deps.env ?? process.env,
    quality: deps.quality ?? new QualityService({ store: deps.store, config: deps.config, logger: deps.logger, now }),
  };
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');

  // OPTIONS and 405 are answered from the routes themselves, learnt once they are all added (below).
  const methods = new AllowedMethods();
  app.use(requestLog(ctx));
  app.use(helmet(HELMET_OPTIONS));
  app.use(methods.options());
  app.use(healthRoutes(ctx));
  app.use(openApiRoutes(ctx));
  app.use(catalogRouter(ctx));
  app.get(['/', '/v1'], (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.json({ service: 'rubric-registry', links: { sets: '/v1/sets', openapi: '/openapi.json', health: '/healthz', ready: '/readyz', metrics: '/metrics' } });
  });
  app.use('/v1', principal(ctx));
  app.use(setRoutes(ctx));
  app.use(versionRoutes(ctx));
  app.use(exportRoutes(ctx));
  app.use(submissionRoutes(ctx));
  app.use(targetRoutes(ctx));
  app.use(annotationRoutes(ctx, deps.validator ?? exportersValidator()));
  app.use(qualityRoutes(ctx));
  app.use(tokenRoutes(ctx));
  app.use(auditRoutes(ctx));
  // @types/express's IRouter predates router 2.3's listRoutes(); learn() checks it is there.
  methods.learn(app.router as unknown as RouteLister);
  app.use(methods.notAllowed());
  app.use((req) => {
    throw new HttpProblem(404, 'not-found', 'Not found', `No route for ${req.method} ${quote(req.path, 200)}; see /openapi.json for the routes of this API`);
  });
  app.use(errorHandler(ctx));
  return app;
}

/** One log line and one metrics observation per request, when it finishes. */
function requestLog(ctx: AppContext): RequestHandler {
  return (req, res, next) => {
    const start = performance.now();
    res.on('finish', () => {
      const ms = performance.now() - start;
      const route = typeof req.route?.path === 'string' ? (req.route.path as string) : typeof res.locals.routeLabel === 'string' ? res.locals.routeLabel : 'unmatched';
      ctx.metrics.observeRequest(req.method, route, res.statusCode, ms / 1000);
      logRequest(ctx.logger, req.method, req.originalUrl, route, res.statusCode, ms, principalOf(res)?.name);
    });
    next();
  };
}

/** Resolves the Authorization header to a principal (401 when present but wrong). */
function principal(ctx: AppContext): RequestHandler {
  return async (req, res, next) => {
    try {
      res.locals.principal = await authenticate(ctx.store, req.headers);
    } catch (error) {
      // Refused before routing: label it so metrics do not count it as an unknown path.
      res.locals.routeLabel = 'authentication';
      throw error;
    }
    next();
  };
}

/** Turns anything thrown into problem+json; never a stack trace. */
function errorHandler(ctx: AppContext): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const problem = toProblem(error);
    if (problem.status >= 500) ctx.logger.error({ err: error, method: req.method, path: req.originalUrl }, 'request failed');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    for (const name of res.getHeaderNames()) if (!SECURITY_HEADERS.has(name)) res.removeHeader(name);
    for (const [k, v] of Object.entries(problem.headers)) res.setHeader(k, v);
    res.statusCode = problem.status;
    if (problem.headers.Connection === 'close') lastRequest(req.socket);
    res.setHeader('Content-Type', PROBLEM_CONTENT_TYPE);
    res.setHeader('Cache-Control', 'no-store');
    res.end(JSON.stringify(problemBody(problem, req.originalUrl.slice(0, 2000))));
    // Refused before its body was read (a 401 for an upload): discard the rest, bounded, so the client reads this answer.
    finishUnreadBody(req);
  };
}

/** Maps an error to the problem it answers. */
export function toProblem(error: unknown): HttpProblem {
  if (error instanceof HttpProblem) return error;
  if (error instanceof StoreError) {
    if (error.code === 'invalid-cursor') return new HttpProblem(400, 'invalid-parameter', 'Invalid parameter', error.message, { errors: [{ path: '/query/cursor', message: error.message }] });
    if (error.code === 'invalid-value') return new HttpProblem(400, 'bad-request', 'Bad request', error.message);
    if (error.code === 'duplicate') return new HttpProblem(409, 'version-conflict', 'Conflict', error.message);
  }
  const status = (error as { status?: unknown; statusCode?: unknown } | null)?.status ?? (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // express and its router throw these for malformed URLs (bad percent-encoding).
    return new HttpProblem(status === 404 ? 404 : 400, status === 404 ? 'not-found' : 'bad-request', status === 404 ? 'Not found' : 'Bad request', `The request could not be read: ${error instanceof Error ? error.message.slice(0, 200) : 'malformed'}`);
  }
  return new HttpProblem(500, 'internal', 'Internal error', 'The registry failed to answer this request; the error is logged. Please retry, and report it if it persists.');
}
