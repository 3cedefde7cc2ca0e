/**
 * A delivery receiver for tests: a real HTTP server on 127.0.0.1 that records
 * every request (method, path, headers, raw body, arrival time) and answers
 * what the test scripts (a status per request, a delay, or a dropped
 * connection), plus a helper that waits until a condition holds.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the receiver saw it. */
export interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
  /** The status it was answered with. */
  status: number;
}

/** What to answer the n-th request (0-based) with. */
export type Responder = (n: number, req: Omit<Received, 'status'>) => { status: number; delayMs?: number; body?: string; headers?: Record<string, string>; destroy?: boolean };

/** A running receiver. */
export interface Receiver {
  url: string;
  port: number;
  requests: Received[];
  /** Replaces the responder. */
  respond(responder: Responder): void;
  close(): Promise<void>;
}

/** Starts a receiver (on `port` when given: to come back on the same address after being down). */
export async function startReceiver(responder: Responder = () => ({ status: 200 }), port = 0): Promise<Receiver> {
  let current = responder;
  const requests: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
      const answer = current(requests.length, seen);
      const entry: Received = { ...seen, status: answer.status };
      requests.push(entry);
      const send = (): void => {
        if (res.destroyed) return;
        // A connection reset: the socket closes without an answer.
        if (answer.destroy) return void res.socket?.destroy();
        res.writeHead(answer.status, { 'Content-Type': 'text/plain', ...answer.headers });
        res.end(answer.body ?? `answer ${answer.status}`);
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs).unref();
      else send();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    requests,
    respond(next) {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port that nothing listens on right now (taken and released). */
export async function freePort(): Promise<number> {
  const r = await startReceiver();
  await r.close();
  return r.port;
}

/** Polls `check` until it returns a truthy value (returned) or `timeoutMs` passes (throws with `what`). */
export async function waitFor<T>(what: string, check: () => T | Promise<T>, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}
