/**
 * The HTTP server: node:http with the hot cache answering immutable public
 * reads before express sees them, problem+json answers for requests node
 * itself refuses (431 header floods, malformed HTTP), and startRegistry,
 * which `main.ts` and `rubric serve` both call: config, store, bootstrap
 * token, listen, graceful shutdown.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { createApp, securityHeaders, type AppDeps } from './app.js';
import { ensureAdminToken } from './auth.js';
import { loadConfig, type LoadConfigOptions, type RegistryConfig } from './config.js';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE } from './errors.js';
import { HotCache } from './hot-cache.js';
import { createLogger, flushRequestLines, type Logger } from './logger.js';
import { Metrics } from './metrics.js';
import { openStore, redactStoreUrl } from './store/index.js';
import type { Store } from './store/types.js';
import type { RenderFunction } from './routes/common.js';
import { LoadedSetCache } from './publish.js';
import { Dispatcher } from './delivery/dispatcher.js';
import { payloadBuilders, type LabelConfigFunction } from './delivery/payloads.js';
import { parseTargetKey } from './delivery/secrets.js';
import type { AnnotationValidator } from './annotations.js';

/** A node:http server with the hot cache in front of the express app. */
export interface RegistryServer extends Server {
  /** The hot cache (tests look at it). */
  hotCache: HotCache;
  metrics: Metrics;
}

/** Creates the server (not listening yet). */
export function createServer(deps: AppDeps): RegistryServer {
  const metrics = deps.metrics ?? new Metrics();
  const hotCache = deps.hotCache ?? new HotCache(deps.config.hotCacheBytes, securityHeaders(), metrics, deps.logger, deps.config.readsPublic);
  const app = createApp({ ...deps, metrics, hotCache });
  const server = createHttpServer({ requestTimeout: 120_000, headersTimeout: 30_000, keepAliveTimeout: 5_000 }, (req, res) => {
    if (!hotCache.serve(req, res)) app(req, res);
  }) as RegistryServer;
  server.hotCache = hotCache;
  server.metrics = metrics;
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => answerClientError(error, socket, metrics));
  return server;
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 413: 'Content Too Large', 431: 'Request Header Fields Too Large' };

/** Answers a request node refused before any handler ran, as problem+json, then closes the connection. */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket, metrics: Metrics): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const code = status === 431 ? 'headers-too-large' : 'bad-request';
  const detail =
    status === 431 ? 'Unexpected request headers larger than the server accepts (16 KB in all), expected fewer or shorter headers' : status === 408 ? 'The request was not received in time' : 'Unexpected bytes that are not a valid HTTP/1.1 request';
  const body = JSON.stringify({ type: `${PROBLEM_TYPE_BASE}${code}`, title: REASONS[status], status, detail, instance: '', code });
  metrics.observeRequest('UNKNOWN', 'client-error', status, 0);
  socket.end(`HTTP/1.1 ${status} ${REASONS[status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`);
}

/** How to start a registry. */
export interface StartOptions extends LoadConfigOptions {
  /** A ready configuration; skips loadConfig. */
  config?: RegistryConfig;
  /** An open store; otherwise config.store is opened (and closed on shutdown). */
  store?: Store;
  logger?: Logger;
  render?: RenderFunction;
  now?: () => Date;
  /** Install SIGTERM/SIGINT handlers that shut down gracefully (main.ts). */
  handleSignals?: boolean;
  /** Where target `secretEnv` names are looked up (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Label Studio's label config of a version (default: the config.xml of the version's `label-studio` export, built with its stored content hash). */
  labelConfig?: LabelConfigFunction;
  /** Checks annotation records (default: @rubric/exporters). */
  validator?: AnnotationValidator;
}

/** A listening registry. */
export interface RunningRegistry {
  server: RegistryServer;
  config: RegistryConfig;
  store: Store;
  logger: Logger;
  /** Base URL, e.g. http://127.0.0.1:8787 (the real port when 0 was asked). */
  url: string;
  /** Sends the outbox's deliveries (stopped by close). */
  dispatcher: Dispatcher;
  /** Graceful shutdown: stop accepting, finish in-flight requests and deliveries, close the store. */
  close(): Promise<void>;
}

/** Reads the config, opens and migrates the store, ensures the bootstrap admin token and listens. */
export async function startRegistry(options: StartOptions = {}): Promise<RunningRegistry> {
  const config = options.config ?? loadConfig(options);
  const logger = options.logger ?? createLogger(config.logLevel);
  const ownStore = !options.store;
  const store = options.store ?? (await openStore(config.store));
  try {
    await store.migrate();
    if (config.adminToken) await ensureAdminToken(store, config.adminToken, (options.now ?? (() => new Date()))().toISOString(), logger);
  } catch (error) {
    if (ownStore) await store.close();
    throw error;
  }
  const sets = new LoadedSetCache();
  const metrics = new Metrics();
  // Publishing on this instance wakes the dispatcher instead of waiting for its next poll.
  let dispatcher: Dispatcher | undefined;
  const served = withPublishHook(store, () => dispatcher?.wake());
  const server = createServer({ store: served, config, logger, metrics, sets, ...(options.env ? { env: options.env } : {}), ...(options.validator ? { validator: options.validator } : {}), ...(options.render ? { render: options.render } : {}), ...(options.now ? { now: options.now } : {}) });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    if (ownStore) await store.close();
    throw error;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;
  logger.info({ url, store: redactStoreUrl(config.store), storeKind: store.kind, readsPublic: config.readsPublic }, 'registry listening');
  logger.flush();
  dispatcher = new Dispatcher({
    store,
    config,
    logger,
    metrics,
    sets,
    builders: payloadBuilders(options.labelConfig),
    publicUrl: (config.publicUrl ?? url).replace(/\/+$/, ''),
    targetKey: config.targetKey === undefined ? undefined : parseTargetKey(config.targetKey),
    ...(options.env ? { env: options.env } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  dispatcher.start();
  const running = dispatcher;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      logger.info('registry shutting down: finishing in-flight requests');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), config.shutdownGraceMs);
      timer.unref();
      // Deliveries in flight finish (each within the delivery timeout) and their outcomes are recorded before the store closes.
      await Promise.all([closed, running.stop()]);
      clearTimeout(timer);
      if (ownStore) await store.close();
      flushRequestLines();
      logger.info('registry stopped');
      await new Promise<void>((resolve) => logger.flush(() => resolve()));
    })();
    return closing;
  };

  if (options.handleSignals) {
    const onSignal = (signal: NodeJS.Signals): void => {
      logger.info({ signal }, 'signal received');
      close().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }
  return { server, config, store, logger, url, dispatcher: running, close };
}

/** The store with `onPublished` called after a submission or approval that published a version. */
function withPublishHook(store: Store, onPublished: () => void): Store {
  return new Proxy(store, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      if (key === 'submitVersion' || key === 'approve') {
        return async (...args: unknown[]) => {
          const result = (await (value as (...a: unknown[]) => Promise<{ outcome: string; version?: { state: string } }>).apply(target, args)) as { outcome: string; version?: { state: string } };
          if ((result.outcome === 'created' && result.version?.state === 'published') || result.outcome === 'published') onPublished();
          return result;
        };
      }
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
}
