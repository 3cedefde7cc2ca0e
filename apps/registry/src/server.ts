/**
 * The HTTP server: node:http with the hot cache answering immutable public
 * reads before express sees them, problem+json answers for requests node
 * itself refuses (431 header floods, malformed HTTP) and for requests without
 * exactly one valid Host, connections that close lingering (connection.ts),
 * and startRegistry, which `main.ts` and `rubric serve` both call: config,
 * store, bootstrap token, listen, graceful shutdown.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { createApp, securityHeaders, type AppDeps } from './app.js';
import { ensureAdminToken } from './auth.js';
import { loadConfig, type LoadConfigOptions, type RegistryConfig } from './config.js';
import { HttpProblem, PROBLEM_CONTENT_TYPE, problemBody, quote } from './errors.js';
import { closeLingering, isClosing, isLingering, lastRequest, lingerOnClose } from './connection.js';
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
import { QualityService } from './quality/service.js';
import { QualityPuller } from './quality/puller.js';

/** A node:http server with the hot cache in front of the express app. */
export interface RegistryServer extends Server {
  /** The hot cache (tests look at it). */
  hotCache: HotCache;
  metrics: Metrics;
}

/** Creates the server (not listening yet). */
export function createServer(deps: AppDeps): RegistryServer {
  const metrics = deps.metrics ?? new Metrics();
  const security = securityHeaders();
  const hotCache = deps.hotCache ?? new HotCache(deps.config.hotCacheBytes, security, metrics, deps.logger, deps.config.readsPublic);
  const app = createApp({ ...deps, metrics, hotCache });
  // requireHostHeader off: a missing Host gets the same problem+json as two of them (hostProblem), not node's bare 400.
  const server = createHttpServer({ requestTimeout: 120_000, headersTimeout: 30_000, keepAliveTimeout: 5_000, requireHostHeader: false }, (req, res) => {
    // RFC 9112 section 9.6: after a request or response that closes the connection, no further request on it is processed.
    if (isClosing(req.socket)) return void req.resume();
    if (!res.shouldKeepAlive) lastRequest(req.socket);
    const host = hostProblem(req);
    if (host !== undefined) return answerBadHost(req, res, host, security, metrics);
    if (!hotCache.serve(req, res)) app(req, res);
  }) as RegistryServer;
  server.hotCache = hotCache;
  server.metrics = metrics;
  server.on('connection', lingerOnClose);
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => answerClientError(error, socket, metrics));
  return server;
}

/** Values a Host field may hold: a reg-name or IPv4 address, or an IP literal in brackets, then an optional port; empty is allowed (RFC 9110 section 7.2). */
const HOST_VALUE = /^(?:\[[0-9A-Za-z:.]+\]|[\w.~!$&'()*+,;=%-]*)(?::\d*)?$/;
let lastValidHost: string | undefined;

/**
 * Why the request's Host is refused (RFC 9112 section 3.2), or undefined: an
 * HTTP/1.1 request needs exactly one Host field line, any request at most
 * one, with a valid value. node:http keeps only the first of several Host
 * lines in `headers`, so they are counted in `rawHeaders`.
 */
export function hostProblem(req: IncomingMessage): string | undefined {
  const raw = req.rawHeaders;
  let count = 0;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    // A case-insensitive "host" without allocating a lowercase copy of every header name.
    if (name.length === 4 && (name.charCodeAt(0) | 0x20) === 0x68 && (name.charCodeAt(1) | 0x20) === 0x6f && (name.charCodeAt(2) | 0x20) === 0x73 && (name.charCodeAt(3) | 0x20) === 0x74) count++;
  }
  if (count > 1) return `Unexpected ${count} Host header fields, expected exactly one`;
  if (count === 0) return req.httpVersionMajor === 1 && req.httpVersionMinor === 0 ? undefined : 'Unexpected request without a Host header field, expected exactly one (HTTP/1.1)';
  const value = req.headers.host as string;
  // Clients send one Host over and over: the last valid one skips the pattern (this runs before the hot path).
  if (value === lastValidHost) return undefined;
  if (HOST_VALUE.test(value)) {
    lastValidHost = value;
    return undefined;
  }
  return `Unexpected Host ${quote(value)}, expected a host name or address with an optional port, such as "registry.example.com:8787"`;
}

/** 400 problem+json for a request whose Host is refused; the connection is closed (two Hosts are a request smuggling attempt or a broken proxy). */
function answerBadHost(req: IncomingMessage, res: ServerResponse, detail: string, security: Record<string, string>, metrics: Metrics): void {
  lastRequest(req.socket);
  const problem = new HttpProblem(400, 'bad-request', 'Bad request', detail);
  const body = JSON.stringify(problemBody(problem, (req.url ?? '').slice(0, 2000)));
  res.writeHead(400, { ...security, 'Content-Type': PROBLEM_CONTENT_TYPE, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store', Connection: 'close' });
  res.end(body);
  metrics.observeRequest(req.method ?? 'UNKNOWN', 'client-error', 400, 0);
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };

/** Answers a request node refused before any handler ran, as problem+json, then closes the connection lingering. */
function answerClientError(error: NodeJS.ErrnoException, socket: Socket, metrics: Metrics): void {
  // On a connection closing lingering, what the client still sends may fail to parse: that is the lingering's to discard.
  if (isLingering(socket) && error.code !== 'ECONNRESET') return;
  // Never write an answer into the middle of another (node's own rule for clientError).
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const code = status === 431 ? 'headers-too-large' : 'bad-request';
  const detail =
    status === 431 ? 'Unexpected request headers larger than the server accepts (16 KB in all), expected fewer or shorter headers' : status === 408 ? 'The request was not received in time' : 'Unexpected bytes that are not a valid HTTP/1.1 request';
  const body = JSON.stringify(problemBody(new HttpProblem(status, code, REASONS[status] as string, detail), ''));
  metrics.observeRequest('UNKNOWN', 'client-error', status, 0);
  socket.write(`HTTP/1.1 ${status} ${REASONS[status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n${body}`);
  closeLingering(socket);
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
  /** Pulls and measures the Label Studio targets' annotations every `qualityPullIntervalMs` (scheduled only when that is above 0; stopped by close). */
  qualityPuller: QualityPuller;
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
  const now = options.now ?? (() => new Date());
  const quality = new QualityService({ store: served, config, logger, now });
  const server = createServer({ store: served, config, logger, metrics, sets, quality, ...(options.env ? { env: options.env } : {}), ...(options.validator ? { validator: options.validator } : {}), ...(options.render ? { render: options.render } : {}), ...(options.now ? { now: options.now } : {}) });
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
  const qualityPuller = new QualityPuller({ store: served, sets, config, env: options.env ?? process.env, targetKey: config.targetKey === undefined ? undefined : parseTargetKey(config.targetKey), quality, logger, intervalMs: config.qualityPullIntervalMs });
  qualityPuller.start();

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      logger.info('registry shutting down: finishing in-flight requests');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), config.shutdownGraceMs);
      timer.unref();
      // Deliveries in flight finish (each within the delivery timeout) and their outcomes are recorded before the store closes.
      await Promise.all([closed, running.stop(), qualityPuller.stop()]);
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
  return { server, config, store, logger, url, dispatcher: running, qualityPuller, close };
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
