/**
 * The hot cache answers exactly as the express routes do: same bytes, same
 * headers, same ETag, same 304s, for manifests, schema.json and guideline.md,
 * filled on publish and on first read; it steps aside for requests with a
 * token or a query string and when reads need a token; a deprecation shows
 * at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachStore } from './support/stores.js';
import { guidelineBundle, startTestRegistry, variant, type ApiResponse, type TestRegistry } from './support/http.js';
import type { Store } from '../src/store/types.js';

/** Headers that differ per response whatever the path. */
const PER_RESPONSE = new Set(['date', 'connection', 'keep-alive']);

function headerMap(res: ApiResponse): Record<string, string> {
  return Object.fromEntries([...res.headers].filter(([k]) => !PER_RESPONSE.has(k)));
}

async function hits(reg: TestRegistry): Promise<number> {
  const text = await (await fetch(`${reg.url}/metrics`)).text();
  return Number(/^rubric_registry_hot_cache_hits_total (\d+)$/m.exec(text)?.[1]);
}

forEachStore('hot cache', (open) => {
  let store: Store;
  let reg: TestRegistry;
  let reader: string;
  const paths = ['/v1/sets/hate-speech/versions/2.0.0', '/v1/sets/hate-speech/versions/2.0.0/schema.json', '/v1/sets/hate-speech/versions/2.0.0/guideline.md'];

  beforeAll(async () => {
    store = await open();
    reg = await startTestRegistry(store, { config: { defaultQuorum: 0 } });
    const ci = await reg.client.token(reg.admin, 'ci', 'submitter');
    reader = await reg.client.token(reg.admin, 'reader', 'reader');
    expect((await reg.client.post('/v1/sets/hate-speech/versions', { token: ci, body: guidelineBundle('hate-speech') })).json.state).toBe('published');
    // Publishing fills the cache in the background.
    for (let i = 0; i < 50 && reg.running.server.hotCache.size < 3; i++) await new Promise((r) => setTimeout(r, 20));
  });
  afterAll(async () => {
    await reg?.close();
  });

  it('publishing fills the cache with the manifest, schema.json and guideline.md', () => {
    expect(reg.running.server.hotCache.size).toBe(3);
  });

  it('answers with the same bytes, headers and ETag as express (a token sends the request to express)', async () => {
    for (const path of paths) {
      const before = await hits(reg);
      const hot = await reg.client.get(path);
      expect(await hits(reg)).toBe(before + 1);
      const routed = await reg.client.get(path, { token: reader });
      expect(await hits(reg)).toBe(before + 1);
      expect(hot.status).toBe(200);
      expect(hot.text).toBe(routed.text);
      expect(headerMap(hot)).toEqual(headerMap(routed));
      expect(hot.headers.get('etag')).toMatch(/^"sha256-[0-9a-f]{64}-/);
      expect(hot.headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none'");

      const etag = hot.headers.get('etag') as string;
      const hot304 = await reg.client.get(path, { headers: { 'if-none-match': etag } });
      const routed304 = await reg.client.get(path, { token: reader, headers: { 'if-none-match': etag } });
      expect(hot304.status).toBe(304);
      expect(routed304.status).toBe(304);
      expect(hot304.text).toBe('');
      expect(headerMap(hot304)).toEqual(headerMap(routed304));
      expect(hot304.headers.get('content-type')).toBeNull();

      const head = await fetch(`${reg.url}${path}`, { method: 'HEAD' });
      const headRouted = await fetch(`${reg.url}${path}`, { method: 'HEAD', headers: { authorization: `Bearer ${reader}` } });
      expect(head.status).toBe(200);
      expect(await head.text()).toBe('');
      expect(Object.fromEntries([...head.headers].filter(([k]) => !PER_RESPONSE.has(k)))).toEqual(Object.fromEntries([...headRouted.headers].filter(([k]) => !PER_RESPONSE.has(k))));
      expect(head.headers.get('content-length')).toBe(String(Buffer.byteLength(hot.text)));
    }
  });

  it('a query string or a weak If-None-Match list behave the same on both paths', async () => {
    const path = paths[1] as string;
    const before = await hits(reg);
    const withQuery = await reg.client.get(`${path}?x=1`);
    expect(withQuery.status).toBe(400);
    expect(await hits(reg)).toBe(before);
    const etag = (await reg.client.get(path)).headers.get('etag') as string;
    expect((await reg.client.get(path, { headers: { 'if-none-match': `"other", W/${etag}` } })).status).toBe(304);
    expect((await reg.client.get(path, { token: reader, headers: { 'if-none-match': `"other", W/${etag}` } })).status).toBe(304);
    expect((await reg.client.get(path, { headers: { 'if-none-match': '"other"' } })).status).toBe(200);
  });

  it('a fresh instance fills its cache on first read, through express', async () => {
    const second = await startTestRegistry(store);
    try {
      expect(second.running.server.hotCache.size).toBe(0);
      const first = await second.client.get(paths[1] as string);
      expect(await hits(second)).toBe(0);
      expect(second.running.server.hotCache.size).toBe(1);
      const again = await second.client.get(paths[1] as string);
      expect(await hits(second)).toBe(1);
      expect(again.text).toBe(first.text);
      expect(headerMap(again)).toEqual(headerMap(first));
      expect((await second.client.get('/v1/sets/hate-speech/versions/latest/schema.json')).headers.get('cache-control')).toBe('public, no-cache');
      expect(second.running.server.hotCache.size).toBe(1);
    } finally {
      await second.close();
    }
  });

  it('a deprecation shows at once: the cached manifest is dropped', async () => {
    const approver = await reg.client.token(reg.admin, 'approver', 'approver');
    const ci = await reg.client.token(reg.admin, 'ci2', 'submitter');
    const next = variant(guidelineBundle('hate-speech'), 'hate-speech', '2.0.1', (files) => {
      files['guideline.md'] = (files['guideline.md'] as string).replace('This guideline tells you', 'This guideline tells you precisely');
    });
    expect((await reg.client.post('/v1/sets/hate-speech/versions', { token: ci, body: next })).status).toBe(201);
    expect((await reg.client.get(paths[0] as string)).json.state).toBe('published');
    expect((await reg.client.post('/v1/sets/hate-speech/versions/2.0.0/deprecate', { token: approver })).status).toBe(200);
    const after = await reg.client.get(paths[0] as string);
    expect(after.json.state).toBe('deprecated');
    expect(headerMap(after)).toEqual(headerMap(await reg.client.get(paths[0] as string, { token: reader })));
  });
});

describe('hot cache when reads need a token', () => {
  it('never answers: every read goes through express and its token check', async () => {
    const { openStore } = await import('../src/store/index.js');
    const store = await openStore('sqlite::memory:');
    const reg = await startTestRegistry(store, { config: { readsPublic: false, defaultQuorum: 0 } });
    try {
      const ci = await reg.client.token(reg.admin, 'ci', 'submitter');
      expect((await reg.client.post('/v1/sets/hate-speech/versions', { token: ci, body: guidelineBundle('hate-speech') })).status).toBe(201);
      await new Promise((r) => setTimeout(r, 50));
      expect((await reg.client.get('/v1/sets/hate-speech/versions/2.0.0/schema.json')).status).toBe(401);
      expect((await reg.client.get('/v1/sets/hate-speech/versions/2.0.0/schema.json', { token: ci })).status).toBe(200);
      expect((await reg.client.get('/v1/sets/hate-speech/versions/2.0.0/schema.json')).status).toBe(401);
      expect(reg.running.server.hotCache.size).toBe(0);
      expect(await hits(reg)).toBe(0);
    } finally {
      await reg.close();
      await store.close();
    }
  });
});
