/**
 * A raw-socket uploader in its own process (see raw.ts): sends a request head
 * and a large body as fast as the socket takes it, reads whatever the server
 * answers meanwhile, and reports per connection what was read, what was
 * written and which socket error ended it. In its own process the client
 * races the server as a real client does; inside the test process the two
 * would take turns on one event loop.
 *
 *   node upload-client.mjs '{"host":"127.0.0.1","port":8787,"head":"POST ...\r\n\r\n","bodyBytes":9437184,"tries":40}'
 */
import { connect } from 'node:net';

const spec = JSON.parse(process.argv[2]);
const CHUNK = 1024 * 1024;
const block = Buffer.alloc(CHUNK, 0x20);
const frame = Buffer.concat([Buffer.from(`${CHUNK.toString(16)}\r\n`), block, Buffer.from('\r\n')]);

function once() {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = connect({ host: spec.host, port: spec.port, allowHalfOpen: Boolean(spec.halfOpen) });
    const chunks = [];
    let read = 0;
    let error = null;
    socket.on('data', (c) => {
      if (read < 4096) chunks.push(c);
      read += c.length;
    });
    socket.on('error', (e) => {
      error = e.code ?? String(e);
    });
    socket.on('close', () => resolve({ answer: Buffer.concat(chunks).toString('latin1').slice(0, 4096), bytesWritten: socket.bytesWritten, error, ms: Math.round(performance.now() - started) }));
    // Writes until the body is sent (or the socket is gone), then ends this side and waits for the server to close.
    let left = spec.bodyBytes;
    const open = () => !socket.destroyed && !socket.writableEnded;
    const pump = () => {
      while (left > 0 && open()) {
        const n = Math.min(CHUNK, left);
        left -= n;
        const piece = spec.chunked ? (n === CHUNK ? frame : Buffer.concat([Buffer.from(`${n.toString(16)}\r\n`), block.subarray(0, n), Buffer.from('\r\n')])) : block.subarray(0, n);
        if (!socket.write(piece)) return void socket.once('drain', pump);
      }
      if (open()) socket.end(spec.chunked ? '0\r\n\r\n' : '');
    };
    socket.write(spec.head);
    pump();
  });
}

const results = [];
for (let i = 0; i < spec.tries; i++) results.push(await once());
process.stdout.write(JSON.stringify(results));
