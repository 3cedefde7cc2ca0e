/**
 * GET /v1/sets/{id}/versions/{version}/exports/{format}[/{file}] over real
 * HTTP, on SQLite and PostgreSQL, with the real guideline sets published:
 * every format of every set served byte for byte as @rubric/exporters'
 * exportSet builds it with the stored content hash, media types, strong
 * ETags and 304, immutable concrete versions and revalidated `latest`
 * (Content-Location and file URLs naming the concrete version), the hot
 * cache answering the same bytes, problems for an unknown format, file,
 * set or version, hostile path segments refused, a set Label Studio cannot
 * express answered 422 (other formats still served), private reads and
 * pending versions, the catalog's links, and latency figures.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadBundle, type Bundle } from '@rubric/core';
import { EXPORT_FORMATS, exportSet, type ExportFormat } from '@rubric/exporters';
import { forEachStore } from './support/stores.js';
import { guidelineBundle, startTestRegistry, variant, type TestRegistry } from './support/http.js';

const SETS = ['hate-speech', 'self-harm', 'violent-speech'] as const;
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** A copy of hate-speech whose `target.when` names labels of two levels: Label Studio cannot express it. */
function inexpressible(bundle: Bundle): Bundle {
  return variant(bundle, 'ls-mixed', '2.0.0', (files) => {
    const schema = JSON.parse(files['schema.json'] as string) as { questions: { id: string; when?: { answers: string[] } }[] };
    schema.questions.find((q) => q.id === 'target')?.when?.answers.push('hate.violence.call');
    files['schema.json'] = `${JSON.stringify(schema, null, 2)}\n`;
  });
}

/** A raw request, path sent exactly as given (fetch would normalize `..` and re-encode). */
function rawGet(url: string, path: string): Promise<{ status: number; type: string; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, path, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

forEachStore('exports', (open) => {
  let reg: TestRegistry;
  const bundles = new Map<string, Bundle>();
  /** Content hash each set was stored under (from its manifest). */
  const hashes = new Map<string, string>();

  const expected = (id: string, format: ExportFormat) => {
    const bundle = bundles.get(id) as Bundle;
    return exportSet(loadBundle(bundle).set, format, { setId: id, version: bundle.manifest.version, contentHash: hashes.get(id) as string });
  };

  beforeAll(async () => {
    reg = await startTestRegistry(await open(), { config: { deliveryPollMs: 0 } });
    const publish = async (bundle: Bundle): Promise<void> => {
      const id = bundle.manifest.setId;
      await reg.client.request('PUT', `/v1/sets/${id}/settings`, { token: reg.admin, body: { quorum: 0 } });
      const res = await reg.client.post(`/v1/sets/${id}/versions`, { token: reg.admin, body: bundle });
      expect(res.status, res.text).toBe(201);
      bundles.set(id, bundle);
      hashes.set(id, res.json.contentHash as string);
    };
    for (const id of SETS) await publish(guidelineBundle(id));
    await publish(inexpressible(guidelineBundle('hate-speech')));
  });
  afterAll(async () => {
    await reg?.close();
  });

  it('serves every format of every published real set: the listing, then each file byte for byte as exportSet builds it with the stored content hash', async () => {
    let files = 0;
    for (const id of SETS) {
      const version = bundles.get(id)?.manifest.version as string;
      const contentHash = hashes.get(id) as string;
      for (const format of EXPORT_FORMATS) {
        const want = expected(id, format);
        const base = `/v1/sets/${id}/versions/${version}/exports/${format}`;
        const index = await reg.client.get(base);
        expect(index.status, index.text).toBe(200);
        expect(index.headers.get('content-type')).toBe('application/json; charset=utf-8');
        expect(index.headers.get('cache-control')).toBe(IMMUTABLE);
        expect(index.headers.get('etag')).toMatch(new RegExp(`^"sha256-${contentHash}-exports-${format}-[0-9a-f]{16}"$`));
        expect(index.json).toEqual({
          format,
          setId: id,
          version,
          contentHash,
          files: want.map((f) => ({ name: f.name, mediaType: f.mediaType, bytes: Buffer.byteLength(f.content), url: `${base}/${f.name.slice(format.length + 1)}` })),
        });
        for (const [i, file] of (index.json.files as { url: string; mediaType: string }[]).entries()) {
          const res = await fetch(`${reg.url}${file.url}`);
          const body = Buffer.from(await res.arrayBuffer());
          expect(res.status).toBe(200);
          expect(body.equals(Buffer.from((want[i] as { content: string }).content, 'utf8')), `${file.url} differs from exportSet`).toBe(true);
          expect(res.headers.get('content-type')).toBe(`${file.mediaType}; charset=utf-8`);
          expect(res.headers.get('content-length')).toBe(String(body.length));
          expect(res.headers.get('cache-control')).toBe(IMMUTABLE);
          expect(res.headers.get('etag')).toMatch(new RegExp(`^"sha256-${contentHash}-export-${format}-[0-9a-f]{16}"$`));
          // API answers keep the API's CSP: an HTML export (the instructions) runs nothing when opened from here.
          expect(res.headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none'");
          expect(res.headers.get('x-content-type-options')).toBe('nosniff');
          files++;
        }
      }
      // Provenance: the stored hash is what the exports name.
      const config = await reg.client.get(`/v1/sets/${id}/versions/${version}/exports/label-studio/config.xml`);
      expect(config.text).toContain(`rubric:set=${id} rubric:version=${version} rubric:contentHash=${contentHash}`);
    }
    expect(files).toBeGreaterThanOrEqual(SETS.length * 10);
  });

  it('ETag and 304: If-None-Match (exact, listed, weak, *) answers 304 with the same headers and no body; HEAD has no body', async () => {
    const path = '/v1/sets/hate-speech/versions/2.0.0/exports/label-studio/config.xml';
    const first = await fetch(`${reg.url}${path}`);
    const etag = first.headers.get('etag') as string;
    await first.arrayBuffer();
    for (const inm of [etag, `"other", ${etag}`, `W/${etag}`, '*']) {
      const res = await fetch(`${reg.url}${path}`, { headers: { 'If-None-Match': inm } });
      expect(res.status, inm).toBe(304);
      expect(await res.text()).toBe('');
      expect(res.headers.get('etag')).toBe(etag);
      expect(res.headers.get('cache-control')).toBe(IMMUTABLE);
    }
    const listing = await fetch(`${reg.url}/v1/sets/hate-speech/versions/2.0.0/exports/gold`);
    const listingTag = listing.headers.get('etag') as string;
    await listing.arrayBuffer();
    expect((await fetch(`${reg.url}/v1/sets/hate-speech/versions/2.0.0/exports/gold`, { headers: { 'If-None-Match': listingTag } })).status).toBe(304);
    expect((await fetch(`${reg.url}${path}`, { headers: { 'If-None-Match': '"sha256-stale"' } })).status).toBe(200);
    const head = await fetch(`${reg.url}${path}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(first.headers.get('content-length'));
    expect(await head.text()).toBe('');
  });

  it('latest is revalidated (no-cache) with Content-Location, and its file URLs name the concrete version', async () => {
    const listing = await reg.client.get('/v1/sets/self-harm/versions/latest/exports/sagemaker');
    expect(listing.status).toBe(200);
    expect(listing.headers.get('cache-control')).toBe('public, no-cache');
    expect(listing.headers.get('content-location')).toBe('/v1/sets/self-harm/versions/1.0.0/exports/sagemaker');
    const concrete = await reg.client.get('/v1/sets/self-harm/versions/1.0.0/exports/sagemaker');
    expect(listing.text).toBe(concrete.text);
    expect(listing.headers.get('etag')).toBe(concrete.headers.get('etag'));
    for (const file of listing.json.files as { url: string }[]) expect(file.url).toMatch(/^\/v1\/sets\/self-harm\/versions\/1\.0\.0\/exports\/sagemaker\/[a-z]+\.label-categories\.json$/);
    const file = await reg.client.get('/v1/sets/self-harm/versions/latest/exports/jsonschema/annotation-record.schema.json');
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/schema+json; charset=utf-8');
    expect(file.headers.get('cache-control')).toBe('public, no-cache');
    expect(file.headers.get('content-location')).toBe('/v1/sets/self-harm/versions/1.0.0/exports/jsonschema/annotation-record.schema.json');
    expect(file.text).toBe((expected('self-harm', 'jsonschema')[0] as { content: string }).content);
    const notModified = await fetch(`${reg.url}/v1/sets/self-harm/versions/latest/exports/jsonschema/annotation-record.schema.json`, { headers: { 'If-None-Match': file.headers.get('etag') as string } });
    expect(notModified.status).toBe(304);
  });

  it('the hot cache answers concrete exports with the same bytes and headers as express', async () => {
    const path = '/v1/sets/violent-speech/versions/1.2.0/exports/gold/gold.jsonl';
    const viaExpress = await fetch(`${reg.url}${path}`);
    const body = await viaExpress.text();
    const hits = async (): Promise<number> => Number(/rubric_registry_hot_cache_hits_total (\d+)/.exec(await (await fetch(`${reg.url}/metrics`)).text())?.[1] ?? 0);
    const before = await hits();
    const viaCache = await fetch(`${reg.url}${path}`);
    expect(await viaCache.text()).toBe(body);
    expect(await hits()).toBe(before + 1);
    const pick = (h: Headers): Record<string, string | null> => Object.fromEntries(['content-type', 'content-length', 'cache-control', 'etag', 'content-security-policy', 'x-content-type-options'].map((k) => [k, h.get(k)]));
    expect(pick(viaCache.headers)).toEqual(pick(viaExpress.headers));
    expect(viaCache.headers.get('content-type')).toBe('application/jsonl; charset=utf-8');
  });

  it('unknown format, file, set and version are problem+json naming what exists', async () => {
    const format = await reg.client.get('/v1/sets/hate-speech/versions/2.0.0/exports/excel');
    expect(format.status).toBe(404);
    expect(format.json).toMatchObject({ code: 'not-found', formats: [...EXPORT_FORMATS], errors: [{ path: '/params/format' }] });
    expect(format.json.detail).toContain(EXPORT_FORMATS.join(', '));
    expect((await reg.client.get('/v1/sets/hate-speech/versions/2.0.0/exports/excel/book.xlsx')).json).toMatchObject({ status: 404, formats: [...EXPORT_FORMATS] });
    const file = await reg.client.get('/v1/sets/hate-speech/versions/2.0.0/exports/label-studio/settings.json');
    expect(file.status).toBe(404);
    expect(file.json).toMatchObject({ code: 'not-found', files: ['config.xml', 'instructions.html', 'project.json'], errors: [{ path: '/params/file' }] });
    expect(file.json.detail).toContain('config.xml, instructions.html, project.json');
    // The folder name belongs to the listing's `name`, not to the URL.
    expect((await reg.client.get('/v1/sets/hate-speech/versions/2.0.0/exports/gold/gold%2Fgold.jsonl')).status).toBe(400);
    const version = await reg.client.get('/v1/sets/hate-speech/versions/9.9.9/exports/gold');
    expect(version.json).toMatchObject({ status: 404, code: 'not-found', detail: 'No published version 9.9.9 of set hate-speech' });
    expect((await reg.client.get('/v1/sets/no-such-set/versions/latest/exports/gold')).json).toMatchObject({ status: 404, code: 'not-found' });
    expect((await reg.client.get('/v1/sets/hate-speech/versions/2.0/exports/gold')).json).toMatchObject({ status: 400, code: 'invalid-parameter', errors: [{ path: '/params/version' }] });
    expect((await reg.client.get('/v1/sets/hate-speech/versions/2.0.0/exports/gold?x=1')).json).toMatchObject({ status: 400, code: 'unknown-parameter' });
  });

  it('hostile path segments are refused, never served nor a 500', async () => {
    const base = '/v1/sets/hate-speech/versions/2.0.0/exports';
    const cases: [string, number][] = [
      [`${base}/label-studio/..%2F..%2Fschema.json`, 400],
      [`${base}/label-studio/..%2fconfig.xml`, 400],
      [`${base}/label-studio/%2e%2e`, 400],
      [`${base}/label-studio/.config.xml`, 400],
      [`${base}/label-studio/label-studio%2Fconfig.xml`, 400],
      [`${base}/label-studio/config.xml%00`, 400],
      [`${base}/label-studio/config%5C..%5Cx`, 400],
      [`${base}/label-studio/${'a'.repeat(300)}`, 400],
      [`${base}/..%2Fschema.json`, 404],
      [`${base}/label-studio%2Fconfig.xml`, 404],
      [`${base}/%2e%2e/config.xml`, 404],
      [`${base}/label-studio/config.xml%`, 400],
    ];
    for (const [path, status] of cases) {
      const res = await rawGet(reg.url, path);
      expect(res.status, path).toBe(status);
      expect(res.type, path).toBe('application/problem+json; charset=utf-8');
      expect(res.body, path).not.toContain('<View');
      expect(res.body, path).not.toContain('"questions"');
    }
    // Unnormalized dot segments reach no route that could serve a file.
    for (const path of [`${base}/label-studio/../../schema.json`, `${base}/../schema.json`, `${base}/label-studio/./config.xml`]) {
      const res = await rawGet(reg.url, path);
      expect([400, 404], path).toContain(res.status);
      expect(res.type, path).toBe('application/problem+json; charset=utf-8');
    }
  });

  it('a set Label Studio cannot express: 422 not-exportable with the exporter\'s message for label-studio, other formats still served', async () => {
    for (const path of ['/v1/sets/ls-mixed/versions/2.0.0/exports/label-studio', '/v1/sets/ls-mixed/versions/latest/exports/label-studio/config.xml']) {
      const res = await reg.client.get(path);
      expect(res.status, path).toBe(422);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.json).toMatchObject({ code: 'not-exportable', format: 'label-studio', type: expect.stringContaining('#problem-not-exportable') });
      expect(res.json.detail).toContain('ls-mixed question target: when names labels that Label Studio cannot test together');
    }
    expect((await reg.client.get('/v1/sets/ls-mixed/versions/2.0.0/exports/labelbox')).status).toBe(200);
    expect((await reg.client.get('/v1/sets/ls-mixed/versions/2.0.0/exports/jsonschema/annotation-record.schema.json')).status).toBe(200);
    // A second read gives the same answer (the failure is kept like a built export).
    expect((await reg.client.get('/v1/sets/ls-mixed/versions/2.0.0/exports/label-studio')).status).toBe(422);
  });

  it('the catalog version page links to every format, and each link answers', async () => {
    const page = await (await fetch(`${reg.url}/sets/hate-speech/2.0.0`)).text();
    for (const format of EXPORT_FORMATS) {
      const href = `/v1/sets/hate-speech/versions/2.0.0/exports/${format}`;
      expect(page).toContain(`href="${href}"`);
      expect((await reg.client.get(href)).status).toBe(200);
    }
  });

  it('pending versions: 404 to readers, private and not stored to submitters', async () => {
    await reg.client.request('PUT', '/v1/sets/pending-set/settings', { token: reg.admin, body: { quorum: 1 } });
    const submitted = await reg.client.post('/v1/sets/pending-set/versions', { token: reg.admin, body: variant(guidelineBundle('violent-speech'), 'pending-set', '1.2.0') });
    expect(submitted.json.state).toBe('pending');
    expect((await reg.client.get('/v1/sets/pending-set/versions/1.2.0/exports/cvat')).status).toBe(404);
    expect((await reg.client.get('/v1/sets/pending-set/versions/latest/exports/cvat')).status).toBe(404);
    const seen = await reg.client.get('/v1/sets/pending-set/versions/1.2.0/exports/cvat', { token: reg.admin });
    expect(seen.status).toBe(200);
    expect(seen.headers.get('cache-control')).toBe('private, no-store');
    const file = await reg.client.get('/v1/sets/pending-set/versions/1.2.0/exports/cvat/labels.json', { token: reg.admin });
    expect(file.headers.get('cache-control')).toBe('private, no-store');
    expect(reg.running.server.hotCache.size).toBeGreaterThan(0);
    // Not in the hot cache: without a token it is still 404.
    expect((await reg.client.get('/v1/sets/pending-set/versions/1.2.0/exports/cvat/labels.json')).status).toBe(404);
  });

  it('private reads: a token with a grant is needed, answers are private', async () => {
    const priv = await startTestRegistry(await open(), { config: { deliveryPollMs: 0, readsPublic: false } });
    try {
      const reader = await priv.client.token(priv.admin, 'reader-1', 'reader', ['hate-speech']);
      const other = await priv.client.token(priv.admin, 'reader-2', 'reader', ['self-harm']);
      const path = '/v1/sets/hate-speech/versions/2.0.0/exports/argilla/settings.json';
      expect((await priv.client.get(path)).json).toMatchObject({ status: 401, code: 'unauthenticated' });
      expect((await priv.client.get(path, { token: other })).json).toMatchObject({ status: 403, code: 'forbidden' });
      // The store is shared with the public registry above: the version is there.
      const res = await priv.client.get(path, { token: reader });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
      expect(res.text).toBe((expected('hate-speech', 'argilla')[0] as { content: string }).content);
    } finally {
      await priv.close();
    }
  });

  it('latency: first build of each format, then reads through express and through the hot cache', async () => {
    const fresh = await startTestRegistry(await open(), { config: { deliveryPollMs: 0 } });
    try {
      const cold: string[] = [];
      for (const format of EXPORT_FORMATS) {
        const t = performance.now();
        const res = await fetch(`${fresh.url}/v1/sets/hate-speech/versions/latest/exports/${format}`);
        await res.arrayBuffer();
        cold.push(`${format} ${(performance.now() - t).toFixed(1)}`);
      }
      const time = async (path: string, n: number): Promise<number> => {
        const t = performance.now();
        for (let i = 0; i < n; i++) await (await fetch(`${fresh.url}${path}`)).arrayBuffer();
        return (performance.now() - t) / n;
      };
      const viaExpress = await time('/v1/sets/hate-speech/versions/latest/exports/label-studio/config.xml', 200);
      await time('/v1/sets/hate-speech/versions/2.0.0/exports/label-studio/config.xml', 1);
      const viaHot = await time('/v1/sets/hate-speech/versions/2.0.0/exports/label-studio/config.xml', 200);
      console.log(`exports latency: first build per format (ms, listing request) ${cold.join(', ')}; config.xml warm via express (latest) ${viaExpress.toFixed(2)} ms, via hot cache ${viaHot.toFixed(2)} ms per sequential request (client in the same process)`);
      expect(viaExpress).toBeLessThan(50);
    } finally {
      await fresh.close();
    }
  });
});
