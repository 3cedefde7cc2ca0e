// Child process for the registry benchmark: starts either the registry (with a
// temp SQLite store, a generated admin token, quorum 0) or a bare node:http
// server that returns fixed bytes from memory, then prints its URL as JSON.
import http from 'node:http';
import { readFileSync } from 'node:fs';

const [mode, arg, arg2] = process.argv.slice(2);
if (mode === 'bare') {
  const body = readFileSync(arg);
  const etag = `"${arg2}"`;
  const server = http.createServer((req, res) => {
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length, etag, 'cache-control': 'public, max-age=31536000, immutable' });
    res.end(body);
  });
  server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ url: `http://127.0.0.1:${server.address().port}` })));
} else {
  const { startRegistry, generateToken } = await import('../../apps/registry/dist/index.js');
  const { renderPage } = await import('../../packages/render/dist/index.js');
  const adminToken = generateToken().token;
  const running = await startRegistry({
    env: {},
    overrides: { port: 0, host: '127.0.0.1', store: `sqlite:${arg}`, defaultQuorum: 0, logLevel: 'warn', adminToken },
    render: (set, ctx) => renderPage(set, { nonce: ctx.nonce }),
  });
  console.log(JSON.stringify({ url: running.url, adminToken }));
}
