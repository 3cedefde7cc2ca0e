/**
 * Structured JSON logs (pino): one line per request, plus start, shutdown and
 * unexpected errors. Request lines carry method, path, route, status, time and
 * principal, never headers: the Authorization header must not reach a log.
 */
import { pino, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger } from 'pino';

/** Fields every line of the registry's logger carries after level and time. */
const SERVICE = 'rubric-registry';

/** The stream under each logger made by createLogger: request lines are written to it directly. */
const requestStreams = new WeakMap<Logger, { write(line: string): unknown }>();

/** Creates the registry's logger writing JSON lines to stdout (or `destination`: a file descriptor, a path or a stream). */
export function createLogger(level: LogLevel = 'info', destination: number | string | NodeJS.WritableStream = 1): Logger {
  const stream = typeof destination === 'object' ? destination : bufferedDestination(destination);
  const logger = pino(
    {
      level,
      base: { service: SERVICE },
      // Belt and braces: nothing logs headers or tokens, and if it ever did they are blanked.
      // (no wildcard paths: they make every log call slower)
      redact: { paths: ['authorization', 'headers.authorization', 'req.headers.authorization', 'token', 'err.config.headers.authorization'], censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    // Asynchronous, buffered writes (4 KB at a time, flushed on shutdown): a log line must not cost a syscall on the hot read path.
    stream,
  );
  requestStreams.set(logger, stream as { write(line: string): unknown });
  return logger;
}

/** An asynchronous file or fd destination writing 4 KB at a time, and at least every second when quieter. */
function bufferedDestination(dest: number | string): ReturnType<typeof pino.destination> {
  const stream = pino.destination({ dest, sync: false, minLength: 4096 });
  const timer = setInterval(() => {
    try {
      stream.flush();
    } catch {
      // Not ready yet (still opening) or closed: the next tick or the shutdown flush writes it.
    }
  }, 1000);
  timer.unref();
  stream.on('close', () => clearInterval(timer));
  return stream;
}

/** A logger that drops everything (tests, embedding). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/** Longest request path written to a log line. */
const MAX_LOGGED_PATH = 512;

/** Request lines not yet written, per stream. */
const pending = new Map<{ write(line: string): unknown }, string>();
/** Written at once past this size; otherwise by the timer below. */
const BATCH_BYTES = 16 * 1024;
/** How long a request line may wait in memory. */
const BATCH_MS = 200;
let timer: NodeJS.Timeout | undefined;

/**
 * Queues a request line. Lines are written in batches (at 16 KB or every
 * 200 ms): one write per request, or a callback per event-loop turn, cost a
 * hot read a fifth of its time.
 */
function queueLine(stream: { write(line: string): unknown }, line: string): void {
  const batch = (pending.get(stream) ?? '') + line;
  if (batch.length >= BATCH_BYTES) {
    pending.delete(stream);
    stream.write(batch);
    return;
  }
  pending.set(stream, batch);
  if (!timer) {
    timer = setInterval(flushRequestLines, BATCH_MS);
    timer.unref();
  }
}

/** Writes every queued request line now (shutdown, tests). */
export function flushRequestLines(): void {
  for (const [stream, batch] of pending) if (batch) stream.write(batch);
  pending.clear();
  if (timer) {
    clearInterval(timer);
    timer = undefined;
  }
}

let lastMs = 0;
let lastTime = '';
/** ISO time of now, formatted once per millisecond. */
function isoNow(): string {
  const now = Date.now();
  if (now !== lastMs) {
    lastMs = now;
    lastTime = new Date(now).toISOString();
  }
  return lastTime;
}

/**
 * Writes the one line a request gets (express path and hot cache alike).
 * With a logger from createLogger the line is formatted here, in exactly the
 * shape pino gives it, and written to its stream: at tens of thousands of
 * reads a second, pino's generic serialization and redaction were a third of
 * a hot read's CPU time. Every value is JSON-escaped; none is a secret.
 */
export function logRequest(logger: Logger, method: string, url: string, route: string, status: number, ms: number, principal?: string, hot?: boolean): void {
  if (!logger.isLevelEnabled('info')) return;
  const path = url.length > MAX_LOGGED_PATH ? `${url.slice(0, MAX_LOGGED_PATH)}...` : url;
  const rounded = Math.round(ms * 1000) / 1000;
  const stream = requestStreams.get(logger);
  if (stream) {
    queueLine(
      stream,
      `{"level":"info","time":"${isoNow()}","service":"${SERVICE}","method":${JSON.stringify(method)},"path":${JSON.stringify(path)},"route":${JSON.stringify(route)},"status":${status},"ms":${rounded}${
        principal ? `,"principal":${JSON.stringify(principal)}` : ''
      }${hot ? ',"hot":true' : ''},"msg":"request"}\n`,
    );
    return;
  }
  const line: Record<string, unknown> = { method, path, route, status, ms: rounded };
  if (principal) line.principal = principal;
  if (hot) line.hot = true;
  logger.info(line, 'request');
}
