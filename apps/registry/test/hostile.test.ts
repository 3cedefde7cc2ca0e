/**
 * Hostile input over real HTTP, on SQLite and PostgreSQL: malformed JSON,
 * bundles with path traversal, unicode tricks in ids, wrong content types,
 * oversized bodies, SQL metacharacters, header floods and bytes that are not
 * HTTP. Every answer is a 4xx application/problem+json (checked against the
 * OpenAPI document by the client), nothing is stored, and the service stays up.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { manifestOf } from '@rubric/core';
import { forEachStore } from './support/stores.js';
import { guidelineBundle, startTestRegistry, type ApiResponse, type TestRegistry } from './support/http.js';
import { rawRequest } from './support/raw.js';

forEachStore('hostile input', (open) => {
  let reg: TestRegistry;
  let ci: string;

  beforeAll(async () => {
    reg = await startTestRegistry(await open(), { config: { bodyLimitBytes: 8 * 1024 * 1024 } });
    ci = await reg.client.token(reg.admin, 'ci', 'submitter');
  });
  afterAll(async () => {
    await reg?.close();
  });

  const problem = (res: ApiResponse, status: number, code: string): void => {
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect({ status: res.status, code: res.json.code }).toEqual({ status, code });
    expect(res.json.status).toBe(status);
    expect(res.text).not.toMatch(/\n\s+at /);
  };
  const submit = (body: unknown, headers?: Record<string, string>) => reg.client.post('/v1/sets/hate-speech/versions', { token: ci, raw: typeof body === 'string' ? body : JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });

  it('malformed JSON is a 400 naming the syntax error', async () => {
    for (const body of ['{"manifest": ', '{manifest: 1}', "{'a': 1}", '[1, 2,]', 'null garbage', '\u0000']) {
      const res = await submit(body);
      problem(res, 400, 'malformed-json');
      expect(res.json.errors[0]).toEqual({ path: '', message: expect.stringContaining('Unexpected') });
    }
    problem(await submit(''), 400, 'malformed-json');
    problem(await reg.client.post('/v1/sets/hate-speech/versions', { token: ci, raw: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), headers: { 'content-type': 'application/json' } }), 400, 'malformed-json');
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    const res = await submit(deep);
    expect([400, 422]).toContain(res.status);
  });

  it('bundles with path traversal, absolute paths, backslashes or NUL are refused with the JSON path', async () => {
    const good = guidelineBundle('hate-speech');
    for (const bad of ['../../etc/passwd', '/etc/passwd', '..\\..\\windows\\win.ini', 'guide\u0000line.md', 'a/../../b.md', './schema.json', 'C:\\x', '~/.ssh/id_rsa', '%2e%2e/x']) {
      const files = { ...good.files, [bad]: 'root:x:0:0' };
      const res = await submit({ manifest: { ...good.manifest, files: [] }, files });
      problem(res, 422, 'invalid-bundle');
      const pointer = `/files/${bad.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      expect(res.json.errors).toContainEqual({ path: pointer, message: expect.stringContaining('expected a relative path') });
    }
    const schemaOutside = { ...good.files, 'guideline.md': (good.files['guideline.md'] as string).replace('schema: schema.json', 'schema: ../../../etc/passwd') };
    const res = await submit({ manifest: manifestOf(schemaOutside, 'hate-speech', '2.0.0'), files: schemaOutside });
    expect(res.status).toBe(422);
    expect((await reg.client.get('/v1/sets/hate-speech/versions/2.0.0', { token: ci })).status).toBe(404);
  });

  it('bundle shapes: not an object, wrong format, too many files, a tampered hash', async () => {
    problem(await submit([1, 2]), 422, 'invalid-bundle');
    problem(await submit({ manifest: { format: 'zip' }, files: {} }), 422, 'invalid-bundle');
    const good = guidelineBundle('hate-speech');
    const many = Object.fromEntries(Array.from({ length: 70 }, (_, i) => [`f${i}.md`, 'x']));
    problem(await submit({ manifest: good.manifest, files: { ...good.files, ...many } }), 422, 'invalid-bundle');
    const tampered = { manifest: good.manifest, files: { ...good.files, 'schema.json': `${good.files['schema.json']} ` } };
    const res = await submit(tampered);
    problem(res, 422, 'invalid-bundle');
    expect(res.json.errors[0].path).toMatch(/^\/manifest\/files\/\d+\/sha256$/);
    const proto = await submit(`{"__proto__": ${JSON.stringify(good)}, "constructor": {"prototype": {"admin": true}}}`);
    problem(proto, 422, 'invalid-bundle');
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('unicode tricks in ids are 400 with the escaped value', async () => {
    const ids = ['hate%E2%80%AEspeech', 'hat%D0%B5-speech', '..%2f..%2fetc', 'hate-speech%00', 'HATE-SPEECH', 'hate_speech', 'h%C3%A4te', `${'a'.repeat(65)}`, '%EF%BC%8E%EF%BC%8E'];
    for (const id of ids) {
      const res = await reg.client.get(`/v1/sets/${id}`);
      problem(res, 400, 'invalid-parameter');
      expect(res.json.errors[0].path).toBe('/params/id');
      expect(res.json.detail).toMatch(/^Unexpected set id "[\x20-\x7e]*"/);
    }
    const rtl = await reg.client.get('/v1/sets/hate%E2%80%AEspeech');
    expect(rtl.json.detail).toContain('\\u202e');
    problem(await reg.client.get('/v1/sets/hate-speech/versions/2.0.0%E2%80%AE'), 400, 'invalid-parameter');
    problem(await reg.client.get('/v1/sets/hate-speech/versions/..%2f..%2f'), 400, 'invalid-parameter');
    // Sent verbatim: fetch would resolve %2e%2e as a dot segment before sending.
    const host = new URL(reg.url).host;
    for (const path of ['/v1/sets/%2e%2e', '/v1/sets/%2e%2e/versions/latest/schema.json', '/v1/sets/hate-speech/versions/%2e%2e/schema.json']) {
      const raw = await rawRequest(reg.url, `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      expect(raw.status).toBe(400);
      expect(raw.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(JSON.parse(raw.body).code).toBe('invalid-parameter');
    }
    const homoglyph = guidelineBundle('hate-speech');
    const res = await reg.client.post('/v1/sets/hate-speech/versions', { token: ci, body: { ...homoglyph, manifest: { ...homoglyph.manifest, setId: 'hat\u0435-speech' } } });
    problem(res, 422, 'set-mismatch');
    expect(res.json.errors[0]).toEqual({ path: '/manifest/setId', message: 'Unexpected set id "hat\\u0435-speech", expected "hate-speech" as in the URL' });
    problem(await reg.client.get('/v1/sets/%E0%A4%A'), 400, 'bad-request');
  });

  it('wrong content types are 415', async () => {
    const bundle = JSON.stringify(guidelineBundle('hate-speech'));
    for (const type of ['text/plain', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'application/xml']) {
      problem(await submit(bundle, { 'content-type': type }), 415, 'unsupported-media-type');
    }
    const none = await reg.client.post('/v1/sets/hate-speech/versions', { token: ci, raw: bundle });
    // fetch labels a string body text/plain: still not JSON.
    problem(none, 415, 'unsupported-media-type');
    problem(await reg.client.request('PUT', '/v1/sets/hate-speech/settings', { token: reg.admin, raw: 'quorum=2', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, 'unsupported-media-type');
  });

  it('bodies over the limit are 413, declared or streamed', async () => {
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0x20);
    problem(await submit(big.toString()), 413, 'payload-too-large');
    const streamed = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 11; i++) controller.enqueue(new Uint8Array(1024 * 1024).fill(0x20));
        controller.close();
      },
    });
    const res = await fetch(`${reg.url}/v1/sets/hate-speech/versions`, { method: 'POST', headers: { authorization: `Bearer ${ci}`, 'content-type': 'application/json' }, body: streamed, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(((await res.json()) as { code: string }).code).toBe('payload-too-large');
    problem(await reg.client.post('/v1/tokens', { token: reg.admin, raw: `{"name":"${'x'.repeat(70_000)}"}`, headers: { 'content-type': 'application/json' } }), 413, 'payload-too-large');
  });

  it('SQL metacharacters in ids and query parameters are refused or harmless', async () => {
    for (const id of [encodeURIComponent("x'; DROP TABLE versions; --"), encodeURIComponent('x" OR "1"="1'), encodeURIComponent('x\\'), encodeURIComponent("hate-speech' --")]) {
      problem(await reg.client.get(`/v1/sets/${id}`), 400, 'invalid-parameter');
      problem(await reg.client.get(`/v1/sets/${id}/versions/latest`), 400, 'invalid-parameter');
    }
    problem(await reg.client.get(`/v1/sets/hate-speech/versions/${encodeURIComponent("1.0.0' OR 1=1 --")}`), 400, 'invalid-parameter');
    const cursor = await reg.client.get(`/v1/sets/hate-speech/versions?cursor=${encodeURIComponent("' OR 1=1 --")}`);
    problem(cursor, 400, 'invalid-parameter');
    expect(cursor.json.errors[0].path).toBe('/query/cursor');
    problem(await reg.client.get('/v1/sets/hate-speech/versions?limit=1;DROP%20TABLE%20sets'), 400, 'invalid-parameter');
    problem(await reg.client.get('/v1/sets/hate-speech/versions?limit=1&limit=2'), 400, 'invalid-parameter');
    problem(await reg.client.get(`/v1/audit?after=${encodeURIComponent('0 OR 1=1')}`, { token: reg.admin }), 400, 'invalid-parameter');
    const unknown = await reg.client.get('/v1/sets?orderBy=id;DROP');
    problem(unknown, 400, 'unknown-parameter');
    expect(unknown.json.errors[0].path).toBe('/query/orderBy');
    // A cursor of the right shape that this store never handed out.
    const forged = await reg.client.get(`/v1/sets/hate-speech/versions?cursor=${Buffer.from("v1:' OR 1=1 --").toString('base64url')}`);
    expect(forged.status).toBeLessThan(500);
    const tokenName = await reg.client.post('/v1/tokens', { token: reg.admin, body: { name: "robert'); DROP TABLE tokens;--", role: 'reader' } });
    problem(tokenName, 400, 'invalid-body');
    expect((await reg.client.get('/v1/tokens', { token: reg.admin })).status).toBe(200);
  });

  it('header floods get 431 problem+json and the service stays up', async () => {
    const host = new URL(reg.url).host;
    const big = await rawRequest(reg.url, `GET /healthz HTTP/1.1\r\nHost: ${host}\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`);
    expect(big.status).toBe(431);
    expect(big.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(JSON.parse(big.body)).toMatchObject({ status: 431, code: 'headers-too-large' });
    const many = Array.from({ length: 200 }, (_, i) => `X-Flood-${i}: ${'b'.repeat(100)}\r\n`).join('');
    const flood = await rawRequest(reg.url, `GET /healthz HTTP/1.1\r\nHost: ${host}\r\n${many}\r\n`);
    expect(flood.status).toBe(431);
    const fewer = Array.from({ length: 200 }, (_, i) => `X-F${i}: y\r\n`).join('');
    const ok = await rawRequest(reg.url, `GET /healthz HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n${fewer}\r\n`);
    expect(ok.status).toBe(200);
    const garbage = await rawRequest(reg.url, 'HELLO THERE\r\n\r\n');
    expect(garbage.status).toBe(400);
    expect(JSON.parse(garbage.body).code).toBe('bad-request');
    const smuggle = await rawRequest(reg.url, `POST /v1/sets/hate-speech/versions HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`);
    expect(smuggle.status).toBe(400);
  });

  it('unknown routes are JSON 404s, known paths asked with another method 405s; errors never carry a stack', async () => {
    problem(await reg.client.get('/nope'), 404, 'not-found');
    problem(await reg.client.request('PATCH', '/nope'), 404, 'not-found');
    const patch = await reg.client.request('PATCH', '/v1/sets');
    problem(patch, 405, 'method-not-allowed');
    expect(patch.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    problem(await reg.client.request('DELETE', '/v1/sets/hate-speech'), 405, 'method-not-allowed');
    problem(await reg.client.get('/v1/sets/hate-speech/versions/latest/../../../../etc/passwd'), 404, 'not-found');
  });

  it('after all of it, /healthz and /readyz still answer 200 and nothing was stored', async () => {
    expect((await reg.client.get('/healthz')).status).toBe(200);
    expect((await reg.client.get('/readyz')).json).toMatchObject({ status: 'ready' });
    expect((await reg.client.get('/v1/sets')).json.sets).toEqual([]);
    const audit = await reg.client.get('/v1/audit?limit=1000', { token: reg.admin });
    expect(audit.json.entries.map((e: { action: string }) => e.action)).toEqual(['token.create', 'token.create']);
  });
});
