/**
 * Structured JSON logs (pino): one line per request, plus start, shutdown and
 * unexpected errors. Request lines carry method, path, route, status, time and
 * principal, never headers: the Authorization header must not reach a log.
 */
import { pino, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger } from 'pino';

/** Creates the registry's logger writing JSON lines to stdout (or `destination`: a file descriptor, a path or a stream). */
export function createLogger(level: LogLevel = 'info', destination: number | string | NodeJS.WritableStream = 1): Logger {
  return pino(
    {
      level,
      base: { service: 'rubric-registry' },
      // Belt and braces: nothing logs headers or tokens, and if it ever did they are blanked.
      // (no wildcard paths: they make every log call slower)
      redact: { paths: ['authorization', 'headers.authorization', 'req.headers.authorization', 'token', 'err.config.headers.authorization'], censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    // Asynchronous writes: a log line must not cost a syscall on the hot read path.
    typeof destination === 'object' ? destination : pino.destination({ dest: destination, sync: false }),
  );
}

/** A logger that drops everything (tests, embedding). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/** Longest request path written to a log line. */
const MAX_LOGGED_PATH = 512;

/** Writes the one line a request gets (express path and hot cache alike). */
export function logRequest(logger: Logger, method: string, url: string, route: string, status: number, ms: number, principal?: string, hot?: boolean): void {
  if (!logger.isLevelEnabled('info')) return;
  const line: Record<string, unknown> = { method, path: url.length > MAX_LOGGED_PATH ? `${url.slice(0, MAX_LOGGED_PATH)}...` : url, route, status, ms: Math.round(ms * 1000) / 1000 };
  if (principal) line.principal = principal;
  if (hot) line.hot = true;
  logger.info(line, 'request');
}
