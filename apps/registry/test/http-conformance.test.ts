/**
 * HTTP's rules under hostile clients, over raw sockets where a client library
 * would hide the behaviour, on SQLite and PostgreSQL:
 * - a path some route matches, asked with a method it does not have, is 405
 *   with an Allow header that comes from the router (every path of the
 *   OpenAPI document, the hot path, the catalog, and a small app whose routes
 *   the test adds); 404 stays for paths no route matches; OPTIONS is 204 with
 *   the same Allow; HEAD answers wherever GET does;
 * - a chunked body far over the limit gets its 413 problem+json before the
 *   connection closes, and a client that keeps sending is cut off within
 *   bounds; a body within the discard bound leaves the connection open;
 * - more than one Host field (or none in HTTP/1.1, or an invalid one) is 400,
 *   on the hot path too;
 * - uploads answered before their body was read (401, 405, 404, 415, 413,
 *   431, 400 for a second Host) get their answer every time, with
 *   `Connection: close` or kept alive: the uploads run from a separate
 *   process, 40 tries for the reported case;
 * - no request pipelined after `Connection: close` is processed.
 */
import { createServer, type Server } from 'node:http';
import express, { Router, type ErrorRequestHandler } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AllowedMethods, type RouteLister } from '../src/methods.js';
import { openApiDocument } from '../src/openapi.js';
import { HttpProblem } from '../src/errors.js';
import { forEachStore } from './support/stores.js';
import { guidelineBundle, startTestRegistry, variant, type TestRegistry } from './support/http.js';
import { parseResponse, rawRequest, RawConnection, upload, type RawResponse, type UploadTry } from './support/raw.js';
import { limits } from '../src/routes/annotations.js';
import { DISCARD_BYTES } from '../src/connection.js';

const MiB = 1024 * 1024;
/** Methods tried on every path: the ones routes use, and ones no route has. */
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'PROPFIND'];

/** A concrete path for an OpenAPI path template. */
function concrete(template: string): string {
  const values: Record<string, string> = { id: 'hate-speech', version: '2.0.0', other: '2.0.0', format: 'label-studio', file: 'config.xml', targetId: 'hook', tokenId: 'abcdefgh12345678' };
  return template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? name);
}

/** The Allow a path should have: its documented methods, HEAD with GET, and OPTIONS. */
function expectedAllow(documented: string[]): string[] {
  const allow = new Set(documented);
  if (allow.has('GET')) allow.add('HEAD');
  allow.add('OPTIONS');
  return [...allow].sort();
}

const allowOf = (res: RawResponse): string[] => (res.headers.allow ?? '').split(',').map((m) => m.trim()).filter(Boolean).sort();

/** An answer read off the wire is the problem+json of `status` and `code`. */
function isProblem(res: RawResponse, status: number, code: string): void {
  expect({ status: res.status, type: res.headers['content-type'] }).toEqual({ status, type: 'application/problem+json; charset=utf-8' });
  expect(JSON.parse(res.body)).toMatchObject({ status, code });
}

/** What each upload try read: the status, or the socket error when nothing came. */
const outcomes = (tries: UploadTry[]): string[] => tries.map((t) => (t.answer ? String(parseResponse(t.answer).status) : `no answer (${t.error ?? 'closed'})`));

forEachStore('HTTP conformance', (open) => {
  let reg: TestRegistry;
  let host: string;
  let ci: string;
  const request = (method: string, path: string, headers = ''): Promise<RawResponse & { closed: boolean }> => rawRequest(reg.url, `${method} ${path} HTTP/1.1\r\nHost: ${host}\r\n${headers}Connection: close\r\n\r\n`);

  beforeAll(async () => {
    reg = await startTestRegistry(await open(), { config: { defaultQuorum: 0 } });
    host = new URL(reg.url).host;
    ci = await reg.client.token(reg.admin, 'ci', 'submitter');
    expect((await reg.client.post('/v1/sets/hate-speech/versions', { token: ci, body: guidelineBundle('hate-speech') })).json.state).toBe('published');
    for (let i = 0; i < 50 && reg.running.server.hotCache.size < 3; i++) await new Promise((r) => setTimeout(r, 20));
    expect(reg.running.server.hotCache.size).toBeGreaterThanOrEqual(3);
  });
  afterAll(async () => {
    await reg?.close();
  });

  describe('405 with Allow, from the router', () => {
    it('every path of the OpenAPI document: 405 with its methods for the others, 204 with them for OPTIONS', async () => {
      const paths = (openApiDocument() as { paths: Record<string, Record<string, unknown>> }).paths;
      const seen: string[] = [];
      for (const [template, item] of Object.entries(paths)) {
        const documented = Object.keys(item).filter((k) => k !== 'parameters').map((m) => m.toUpperCase());
        const allow = expectedAllow(documented);
        const path = concrete(template);
        for (const method of METHODS.filter((m) => !allow.includes(m) || m === 'OPTIONS')) {
          const res = await request(method, path);
          seen.push(`${method} ${template} ${res.status}`);
          expect(allowOf(res), `${method} ${path}`).toEqual(allow);
          if (method === 'OPTIONS') {
            expect(res.status, `${method} ${path}`).toBe(204);
            continue;
          }
          if (method === 'HEAD') {
            // The answer to HEAD has the problem's headers and no body.
            expect({ status: res.status, type: res.headers['content-type'], body: res.body }).toEqual({ status: 405, type: 'application/problem+json; charset=utf-8', body: '' });
            continue;
          }
          isProblem(res, 405, 'method-not-allowed');
          expect(JSON.parse(res.body).detail).toBe(`Unexpected method ${method} for ${JSON.stringify(path)}, expected ${res.headers.allow}`);
        }
      }
      // The examples, among the rest.
      for (const line of ['PUT /v1/sets/{id}/versions/{version}/schema.json 405', 'DELETE /v1/sets 405', 'POST /healthz 405', 'TRACE /healthz 405', 'PROPFIND /v1/sets 405']) expect(seen).toContain(line);
      expect(seen.length).toBeGreaterThan(150);
      // The document says so too.
      const components = (openApiDocument() as { components: { responses: Record<string, { headers?: Record<string, unknown>; content?: Record<string, unknown> }> } }).components;
      expect(Object.keys(components.responses.MethodNotAllowed?.headers ?? {})).toEqual(['Allow']);
      expect(Object.keys(components.responses.MethodNotAllowed?.content ?? {})).toEqual(['application/problem+json']);
    });

    it('the hot path: other methods are 405 and OPTIONS 204, while GET and HEAD are still answered from memory', async () => {
      const path = '/v1/sets/hate-speech/versions/2.0.0/schema.json';
      const hits = reg.running.server.metrics.render();
      for (const method of ['PUT', 'POST', 'DELETE', 'PATCH']) {
        const res = await request(method, path, 'Content-Length: 2\r\nContent-Type: application/json\r\n');
        isProblem(res, 405, 'method-not-allowed');
        expect(res.headers.allow).toBe('GET, HEAD, OPTIONS');
      }
      const options = await request('OPTIONS', path);
      expect({ status: options.status, allow: options.headers.allow, body: options.body }).toEqual({ status: 204, allow: 'GET, HEAD, OPTIONS', body: '' });
      const count = (text: string): number => Number(/^rubric_registry_hot_cache_hits_total (\d+)$/m.exec(text)?.[1]);
      const get = await request('GET', path);
      const head = await request('HEAD', path);
      expect([get.status, head.status, head.body]).toEqual([200, 200, '']);
      expect(head.headers.etag).toBe(get.headers.etag);
      const metrics = reg.running.server.metrics.render();
      expect(count(metrics)).toBe(count(hits) + 2);
      // Counted under the route pattern the path matched, not as an unknown path.
      expect(metrics).toMatch(/^rubric_registry_http_requests_total\{method="PUT",route="\/v1\/sets\/:id\/versions\/:version\/schema\.json",status="405"\} \d+$/m);
      expect(metrics).toMatch(/^rubric_registry_http_requests_total\{method="OPTIONS",route="\/v1\/sets\/:id\/versions\/:version\/schema\.json",status="204"\} \d+$/m);
    });

    it('paths no route matches stay 404, whatever the method; the catalog has 405 too', async () => {
      for (const method of ['GET', 'PUT', 'TRACE', 'OPTIONS', 'PROPFIND']) isProblem(await request(method, '/v1/nowhere'), 404, 'not-found');
      isProblem(await request('DELETE', '/v1/sets/hate-speech/versions/2.0.0/nothing.json'), 404, 'not-found');
      const catalog = await request('POST', '/sets/hate-speech/2.0.0');
      isProblem(catalog, 405, 'method-not-allowed');
      expect(catalog.headers.allow).toBe('GET, HEAD, OPTIONS');
      const star = await rawRequest(reg.url, `OPTIONS * HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      expect(star.status).toBe(204);
      expect(allowOf(star)).toEqual(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);
    });

    it('HEAD answers wherever GET does, with GET\'s status and headers and no body', async () => {
      for (const path of ['/', '/healthz', '/metrics', '/openapi.json', '/v1/sets', '/v1/sets/hate-speech/versions/latest', '/v1/sets/hate-speech/versions/2.0.0/exports/label-studio', '/sets/hate-speech', '/v1/sets/nope']) {
        const get = await request('GET', path);
        const head = await request('HEAD', path);
        expect({ path, status: head.status, type: head.headers['content-type'], body: head.body }).toEqual({ path, status: get.status, type: get.headers['content-type'], body: '' });
      }
    });

    it('a 405 on an upload still carries its body away: the connection is reused', async () => {
      const conn = await RawConnection.open(reg.url);
      try {
        const body = Buffer.alloc(2 * MiB, 0x20);
        await conn.write(`PUT /v1/sets/hate-speech/versions/2.0.0/schema.json HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
        await conn.write(body);
        isProblem(await conn.response(), 405, 'method-not-allowed');
        await conn.write(`GET /healthz HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
        expect((await conn.response()).status).toBe(200);
      } finally {
        conn.destroy();
      }
    });
  });

  describe('413 for bodies far over the limit', () => {
    const submitHead = (framing: string): string => `POST /v1/sets/hate-speech/versions HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${ci}\r\nContent-Type: application/json\r\n${framing}\r\n`;

    it('a chunked body of about 100 MiB gets the 413 problem before the connection closes', async () => {
      const tries = await upload(reg.url, { head: submitHead('Transfer-Encoding: chunked\r\n'), bodyBytes: 100 * MiB, chunked: true, tries: 5 });
      expect(outcomes(tries)).toEqual(Array(5).fill('413'));
      for (const t of tries) {
        const res = parseResponse(t.answer);
        isProblem(res, 413, 'payload-too-large');
        expect(res.headers.connection).toBe('close');
        expect(JSON.parse(res.body).limit).toBe(8 * MiB);
      }
    });

    it('the same with a Content-Length of 100 MiB, answered at once', async () => {
      const tries = await upload(reg.url, { head: submitHead(`Content-Length: ${100 * MiB}\r\n`), bodyBytes: 100 * MiB, tries: 5 });
      expect(outcomes(tries)).toEqual(Array(5).fill('413'));
      for (const t of tries) expect(parseResponse(t.answer).headers.connection).toBe('close');
    });

    it('a client that keeps sending after the answer is cut off within bounds, and still read its 413', async () => {
      const total = 512 * MiB;
      const [t] = await upload(reg.url, { head: submitHead('Transfer-Encoding: chunked\r\n'), bodyBytes: total, chunked: true, tries: 1, halfOpen: true });
      expect(outcomes([t as UploadTry])).toEqual(['413']);
      // Read and discarded: the limit, then up to the discard bound before answering and again while lingering (checked every 100 ms).
      expect((t as UploadTry).bytesWritten).toBeLessThan(total);
      expect((t as UploadTry).bytesWritten).toBeGreaterThan(8 * MiB + DISCARD_BYTES);
    });

    it('a body within the discard bound is read away: 413, and the connection stays open', async () => {
      const conn = await RawConnection.open(reg.url);
      try {
        const body = Buffer.alloc(20 * MiB, 0x20);
        await conn.write(submitHead(`Content-Length: ${body.length}\r\n`));
        await conn.write(body);
        const res = await conn.response({ ms: 20_000 });
        isProblem(res, 413, 'payload-too-large');
        expect(res.headers.connection).not.toBe('close');
        await conn.write(`GET /healthz HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
        expect((await conn.response()).status).toBe(200);
      } finally {
        conn.destroy();
      }
    });
  });

  describe('one Host', () => {
    it('two Host fields are 400 problem+json and the connection closes, on the hot path too', async () => {
      for (const path of ['/healthz', '/v1/sets', '/v1/sets/hate-speech/versions/2.0.0/schema.json']) {
        for (const hosts of [`Host: ${host}\r\nHost: ${host}\r\n`, `Host: ${host}\r\nhost: evil.example\r\n`, `HOST: a\r\nHost: b\r\nHost: c\r\n`]) {
          const res = await rawRequest(reg.url, `GET ${path} HTTP/1.1\r\n${hosts}\r\n`);
          isProblem(res, 400, 'bad-request');
          expect(JSON.parse(res.body).detail).toMatch(/^Unexpected [23] Host header fields, expected exactly one$/);
          expect(res.headers.connection).toBe('close');
          expect(res.closed).toBe(true);
        }
      }
    });

    it('HTTP/1.1 without Host and an invalid Host are 400; HTTP/1.0 without Host, an empty Host and an IP literal are fine', async () => {
      const none = await rawRequest(reg.url, 'GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n');
      isProblem(none, 400, 'bad-request');
      expect(JSON.parse(none.body).detail).toBe('Unexpected request without a Host header field, expected exactly one (HTTP/1.1)');
      for (const bad of ['a b', 'evil.example/path', 'a@b', 'x:80:80']) {
        const res = await rawRequest(reg.url, `GET /healthz HTTP/1.1\r\nHost: ${bad}\r\nConnection: close\r\n\r\n`);
        isProblem(res, 400, 'bad-request');
        expect(JSON.parse(res.body).detail).toContain(`Unexpected Host ${JSON.stringify(bad)}`);
      }
      expect((await rawRequest(reg.url, 'GET /healthz HTTP/1.0\r\n\r\n')).status).toBe(200);
      for (const good of ['', '[::1]:8787', '127.0.0.1', 'registry.example.com:8787']) expect((await rawRequest(reg.url, `GET /healthz HTTP/1.1\r\nHost: ${good}\r\nConnection: close\r\n\r\n`)).status, good).toBe(200);
    });
  });

  describe('answers before the body was read are not lost', () => {
    const bodyBytes = 9 * MiB;
    const head = (requestLine: string, headers: string): string => `${requestLine} HTTP/1.1\r\nHost: ${host}\r\n${headers}Content-Length: ${bodyBytes}\r\nConnection: close\r\n\r\n`;

    it('40 unauthenticated 9 MiB uploads with Connection: close all get their 401', async () => {
      const tries = await upload(reg.url, { head: head('POST /v1/sets/hate-speech/versions', 'Content-Type: application/json\r\n'), bodyBytes, tries: 40 });
      expect(outcomes(tries)).toEqual(Array(40).fill('401'));
      for (const t of tries) isProblem(parseResponse(t.answer), 401, 'unauthenticated');
    });

    it('so do other early answers: 405, 404, 415, a 413 declared far over the bound, 431 and a second Host', async () => {
      const cases: [string, string, number, string, number][] = [
        ['PUT /v1/sets/hate-speech/versions/2.0.0/schema.json', 'Content-Type: application/json\r\n', 405, 'method-not-allowed', bodyBytes],
        ['POST /v1/nowhere', 'Content-Type: application/json\r\n', 404, 'not-found', bodyBytes],
        ['POST /v1/sets/hate-speech/versions', `Authorization: Bearer ${ci}\r\nContent-Type: text/plain\r\n`, 415, 'unsupported-media-type', bodyBytes],
        ['POST /v1/tokens', `Authorization: Bearer ${reg.admin}\r\nContent-Type: application/json\r\n`, 413, 'payload-too-large', 64 * 1024 + DISCARD_BYTES + MiB],
        // Refused by node's parser (clientError) and before the hot path: the same care.
        ['POST /v1/sets/hate-speech/versions', `X-Big: ${'a'.repeat(64 * 1024)}\r\n`, 431, 'headers-too-large', bodyBytes],
        ['POST /v1/sets/hate-speech/versions', 'Host: other.example\r\nContent-Type: application/json\r\n', 400, 'bad-request', bodyBytes],
      ];
      for (const [line, headers, status, code, bytes] of cases) {
        const tries = await upload(reg.url, { head: head(line, headers).replace(`Content-Length: ${bodyBytes}`, `Content-Length: ${bytes}`), bodyBytes: bytes, tries: 10 });
        expect(outcomes(tries), line).toEqual(Array(10).fill(String(status)));
        for (const t of tries) isProblem(parseResponse(t.answer), status, code);
      }
    });

    it('kept alive, the 401 goes out at once, the body is read away and the connection is reused', async () => {
      const conn = await RawConnection.open(reg.url);
      try {
        await conn.write(`POST /v1/sets/hate-speech/versions HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: ${bodyBytes}\r\n\r\n`);
        isProblem(await conn.response(), 401, 'unauthenticated');
        await conn.write(Buffer.alloc(bodyBytes, 0x20));
        await conn.write(`GET /healthz HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
        expect((await conn.response()).status).toBe(200);
      } finally {
        conn.destroy();
      }
    });

    it('an annotation stream cut short by the record limit: the summary arrives though the rest of the body is still coming', async () => {
      const saved = limits.maxRecords;
      limits.maxRecords = 3;
      try {
        const records = '{"answers":{}}\n'.repeat(10);
        const tries = await upload(reg.url, {
          head: `POST /v1/sets/hate-speech/versions/2.0.0/annotations:validate HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/x-ndjson\r\nContent-Length: ${records.length + 20 * MiB}\r\nConnection: close\r\n\r\n${records}`,
          bodyBytes: 20 * MiB,
          tries: 10,
        });
        expect(outcomes(tries)).toEqual(Array(10).fill('200'));
        for (const t of tries) expect(t.answer).toMatch(/"complete":false.*"code":"payload-too-large"/);
      } finally {
        limits.maxRecords = saved;
      }
    });

    it('a request pipelined after Connection: close is not processed', async () => {
      const body = JSON.stringify({ name: 'smuggled', role: 'admin' });
      const res = await rawRequest(
        reg.url,
        `GET /healthz HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\nPOST /v1/tokens HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${reg.admin}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      );
      expect(res.status).toBe(200);
      expect(res.body).toBe('{"status":"ok"}');
      expect(res.closed).toBe(true);
      const tokens = (await reg.client.get('/v1/tokens', { token: reg.admin })).json.tokens as { name: string }[];
      expect(tokens.map((t) => t.name)).not.toContain('smuggled');
    });
  });
});

describe('Allow is derived from whatever routes the app has', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    const app = express();
    const methods = new AllowedMethods();
    app.use(methods.options());
    const things = Router();
    things.get('/things/:id', (_req, res) => void res.json({ ok: true }));
    const more = Router();
    more.delete('/things/:id', (_req, res) => void res.json({ deleted: true }));
    const base = Router();
    base.put('/x', (_req, res) => void res.json({ put: true }));
    app.use(things);
    app.use(more);
    app.use('/base', base);
    app.post(['/a', '/b'], (_req, res) => void res.json({ posted: true }));
    methods.learn(app.router as unknown as RouteLister);
    app.use(methods.notAllowed());
    app.use((_req, res) => void res.status(404).json({ code: 'not-found' }));
    const answer: ErrorRequestHandler = (error: HttpProblem, _req, res, _next) => void res.status(error.status).set(error.headers).json({ code: error.code });
    app.use(answer);
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const send = (method: string, path: string): Promise<RawResponse> => rawRequest(url, `${method} ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);

  it('unions the methods of routes in different routers, mounted routers under their path, and path arrays', async () => {
    const patch = await send('PATCH', '/things/1');
    expect({ status: patch.status, allow: patch.headers.allow }).toEqual({ status: 405, allow: 'GET, HEAD, DELETE, OPTIONS' });
    expect((await send('OPTIONS', '/base/x')).headers.allow).toBe('PUT, OPTIONS');
    expect((await send('GET', '/base/x')).headers.allow).toBe('PUT, OPTIONS');
    expect((await send('GET', '/b')).headers.allow).toBe('POST, OPTIONS');
    expect((await send('DELETE', '/things/1')).status).toBe(200);
    expect((await send('GET', '/x')).status).toBe(404);
    expect((await send('TRACE', '/base')).status).toBe(404);
  });
});
