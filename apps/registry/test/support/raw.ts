/**
 * HTTP over raw sockets (node:net), for what a client library would hide:
 * methods fetch refuses (TRACE), repeated Host lines, bytes that are not HTTP,
 * whether the server closes the connection, and uploads whose answer comes
 * before the body was sent (run in a child process, upload-client.mjs, so the
 * client races the server as a real one does).
 */
import { execFile } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';

/** One HTTP response as read off the wire. */
export interface RawResponse {
  status: number;
  /** Header names lowercased; repeated ones joined with ", ". */
  headers: Record<string, string>;
  body: string;
}

/** Parses the first response in `text` (status line, headers, and the body that follows). */
export function parseResponse(text: string): RawResponse {
  const end = text.indexOf('\r\n\r\n');
  const head = end < 0 ? text : text.slice(0, end);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const status = Number(statusLine.split(' ')[1]);
  if (!/^HTTP\/1\.[01] \d{3}/.test(statusLine) || !status) throw new Error(`no HTTP answer: ${JSON.stringify(text.slice(0, 200))}`);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const name = line.slice(0, line.indexOf(':')).toLowerCase();
    const value = line.slice(line.indexOf(':') + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  return { status, headers, body: end < 0 ? '' : text.slice(end + 4) };
}

/** Sends raw bytes on a new connection and reads until the server closes it (or `ms` pass). */
export function rawRequest(url: string, data: string | Buffer, ms = 5000): Promise<RawResponse & { closed: boolean }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    let closed = true;
    const timer = setTimeout(() => {
      closed = false;
      socket.destroy();
    }, ms);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      try {
        resolve({ ...parseResponse(Buffer.concat(chunks).toString('utf8')), closed });
      } catch (error) {
        reject(error);
      }
    });
    socket.write(data);
  });
}

/** A kept-alive connection: write a request, read its one response (Content-Length framed), write the next. */
export class RawConnection {
  private buffer = Buffer.alloc(0);
  private waiting: (() => void) | undefined;
  /** Set when the server closed the connection. */
  closed = false;
  readonly socket: Socket;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on('data', (c: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, c]);
      this.waiting?.();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      this.closed = true;
      this.waiting?.();
    });
  }

  /** Connects to the server of `url`. */
  static open(url: string): Promise<RawConnection> {
    const { hostname, port } = new URL(url);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(port), hostname, () => resolve(new RawConnection(socket)));
      socket.once('error', reject);
    });
  }

  /** Writes bytes; resolves when they are handed to the kernel. */
  write(data: string | Buffer): Promise<void> {
    return new Promise((resolve, reject) => this.socket.write(data, (error) => (error ? reject(error) : resolve())));
  }

  /** Reads the next response; `head` for a response to HEAD (no body whatever Content-Length says). */
  async response(options: { head?: boolean; ms?: number } = {}): Promise<RawResponse> {
    const deadline = Date.now() + (options.ms ?? 5000);
    for (;;) {
      const text = this.buffer.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end >= 0) {
        const res = parseResponse(text.slice(0, end + 4));
        const length = options.head || res.status === 204 || res.status === 304 ? 0 : Number(res.headers['content-length'] ?? NaN);
        if (Number.isNaN(length)) throw new Error(`response without Content-Length: ${text.slice(0, end)}`);
        if (this.buffer.length >= end + 4 + length) {
          res.body = this.buffer.subarray(end + 4, end + 4 + length).toString('utf8');
          this.buffer = this.buffer.subarray(end + 4 + length);
          return res;
        }
      }
      if (this.closed) throw new Error(`connection closed before a whole response: ${JSON.stringify(text.slice(0, 200))}`);
      if (Date.now() > deadline) throw new Error(`no whole response in time: ${JSON.stringify(text.slice(0, 200))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.waiting = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiting = undefined;
    }
  }

  /** Resolves true when the server closes the connection within `ms`. */
  async closedWithin(ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (!this.closed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return this.closed;
  }

  /** Closes our side. */
  destroy(): void {
    this.socket.destroy();
  }
}

/** What upload-client.mjs is asked to do. */
export interface UploadSpec {
  /** The request line and headers, ending with the blank line. */
  head: string;
  /** Body bytes to send after the head. */
  bodyBytes: number;
  /** Send the body in chunked transfer coding (1 MiB chunks, then the last chunk). */
  chunked?: boolean;
  /** How many times, one connection each, one after another. */
  tries: number;
  /** Keep writing after the server's FIN (as a client that does not read until it has sent everything). */
  halfOpen?: boolean;
}

/** What happened on one upload connection. */
export interface UploadTry {
  /** The first bytes the server answered (up to 4 KB). */
  answer: string;
  /** Body and head bytes handed to the kernel before the connection ended. */
  bytesWritten: number;
  /** The socket error the client saw, if any (EPIPE, ECONNRESET). */
  error: string | null;
  ms: number;
}

const UPLOAD_CLIENT = fileURLToPath(new URL('./upload-client.mjs', import.meta.url));

/** Runs uploads from a separate process against `url`. */
export function upload(url: string, spec: UploadSpec): Promise<UploadTry[]> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [UPLOAD_CLIENT, JSON.stringify({ host: hostname, port: Number(port), ...spec })], { maxBuffer: 64 * 1024 * 1024, timeout: 120_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`upload-client failed: ${error.message}\n${stderr}`));
      resolve(JSON.parse(stdout) as UploadTry[]);
    });
  });
}
