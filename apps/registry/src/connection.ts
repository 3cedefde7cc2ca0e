/**
 * How a connection ends without losing its answer. A client may still be
 * sending a request body when the answer goes out (an early 401, a 413, a
 * 405): a server that closes such a socket at once resets the connection, and
 * a client still writing then fails on the reset before it reads the answer.
 * So an unread body is read and discarded, bounded in bytes and in time, and
 * a connection that must close closes lingering (RFC 9112 section 9.6): the
 * answer, then a FIN, then whatever the client still sends is read and
 * discarded (within the same bounds) until the client closes, and only then
 * is the socket destroyed. No further request on a closing connection is
 * processed.
 */
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';

/** Bytes of an unwanted request body read and discarded, on top of what the route accepts, before the connection is closed instead. */
export const DISCARD_BYTES = 64 * 1024 * 1024;
/** How long an unwanted request body is read and discarded before the connection is closed instead. */
export const DISCARD_MS = 10_000;
/** How often a lingering connection checks its bounds. */
const LINGER_CHECK_MS = 100;

const LAST = Symbol('rubric.last-request');
const LINGERING = Symbol('rubric.lingering');
type MarkedSocket = Socket & { [LAST]?: true; [LINGERING]?: true };

/** Whether the connection is closing: a request that still arrives on it is not processed (RFC 9112 section 9.6). */
export function isClosing(socket: Socket): boolean {
  return (socket as MarkedSocket)[LAST] === true;
}

/** Whether the connection is closing lingering (closeLingering was called). */
export function isLingering(socket: Socket): boolean {
  return (socket as MarkedSocket)[LINGERING] === true;
}

/** Marks the request being answered as the connection's last: requests pipelined after it are not processed. */
export function lastRequest(socket: Socket): void {
  (socket as MarkedSocket)[LAST] = true;
}

/**
 * Makes node:http close this connection lingering. After an answer that ends
 * the connection (`Connection: close` from either side) node calls the
 * socket's destroySoon, which destroys the socket as soon as the answer is
 * written, unread body or not; node:http falls back to plain `end()` for
 * sockets without one, so this own method takes its place.
 */
export function lingerOnClose(socket: Socket): void {
  socket.destroySoon = function destroySoon(this: Socket): void {
    closeLingering(this);
  };
}

/**
 * Ends the connection after what was written: a FIN, then what the client
 * still sends is read and discarded until it closes, or until DISCARD_BYTES
 * more arrived or DISCARD_MS passed; then the socket is destroyed.
 */
export function closeLingering(socket: Socket): void {
  const marked = socket as MarkedSocket;
  if (marked[LINGERING] || socket.destroyed) return;
  marked[LINGERING] = true;
  marked[LAST] = true;
  socket.end();
  const from = socket.bytesRead;
  const until = Date.now() + DISCARD_MS;
  // node:http reads this socket in C++ (no 'data' events), so the byte count is polled.
  const timer = setInterval(() => {
    if (Date.now() >= until || socket.bytesRead - from > DISCARD_BYTES) socket.destroy();
  }, LINGER_CHECK_MS);
  timer.unref();
  socket.once('close', () => clearInterval(timer));
}

/** Whether the request may still have body bytes on the way (declared or chunked, and not all read). */
export function hasUnreadBody(req: IncomingMessage): boolean {
  if (req.complete || req.readableEnded) return false;
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Reads and discards the rest of a request body; true when it ended, false
 * when DISCARD_BYTES more bytes arrived, DISCARD_MS passed or the request was
 * aborted first. Past a bound the body keeps flowing into nothing: the
 * caller closes the connection (closeLingering, or `Connection: close` on the
 * answer).
 */
export function discardBody(req: IncomingMessage): Promise<boolean> {
  if (req.readableEnded) return Promise.resolve(true);
  if (req.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    let bytes = 0;
    const done = (ended: boolean): void => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
      resolve(ended);
    };
    const onData = (chunk: Buffer): void => {
      bytes += chunk.length;
      if (bytes > DISCARD_BYTES) done(false);
    };
    const onEnd = (): void => done(true);
    const onClose = (): void => done(req.readableEnded);
    const timer = setTimeout(() => done(false), DISCARD_MS);
    timer.unref();
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('close', onClose);
    req.resume();
  });
}

/** After an answer that went out before the request body was read: discard the rest, bounded; past a bound, close lingering. */
export function finishUnreadBody(req: IncomingMessage): void {
  if (!hasUnreadBody(req)) return;
  void discardBody(req).then((ended) => {
    if (!ended) closeLingering(req.socket);
  });
}
