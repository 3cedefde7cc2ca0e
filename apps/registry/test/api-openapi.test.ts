/**
 * /openapi.json describes the API the routes really serve: every express
 * route is in the document and every documented operation is routed, every
 * schema compiles (JSON Schema 2020-12), and a tour of every endpoint has
 * each JSON answer validated against it by the test client.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { createApp } from '../src/app.js';
import { DEFAULT_CONFIG } from '../src/config.js';
import { silentLogger } from '../src/logger.js';
import { forEachStore } from './support/stores.js';
import { guidelineBundle, startTestRegistry, validated, variant, type TestRegistry } from './support/http.js';

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** "GET /v1/sets/{id}" for every route of the express app. */
function expressOperations(app: { router: { stack: Layer[] } }): string[] {
  const out: string[] = [];
  const walk = (stack: Layer[]): void => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const p of paths) for (const m of Object.keys(layer.route.methods)) if (m !== '_all') out.push(`${m.toUpperCase()} ${p.replace(/(?<!\\):(\w+)/g, '{$1}').replace(/\\:/g, ':')}`);
      } else if (layer.handle?.stack) walk(layer.handle.stack);
    }
  };
  walk(app.router.stack);
  // The catalog's HTML pages (/, /sets/...) are for browsers, not part of the API document.
  return [...new Set(out)].filter((op) => !/^GET \/sets(\/|\{|$)/.test(op)).sort();
}

forEachStore('OpenAPI document', (open) => {
  let reg: TestRegistry;

  beforeAll(async () => {
    reg = await startTestRegistry(await open());
  });
  afterAll(async () => {
    await reg?.close();
  });

  it('is served at /openapi.json as OpenAPI 3.1 and its schemas compile', async () => {
    const res = await reg.client.get('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.json.openapi).toBe('3.1.0');
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    ajv.addSchema({ ...res.json, $id: 'doc.json' });
    for (const name of Object.keys(res.json.components.schemas)) expect(() => ajv.compile({ $ref: `doc.json#/components/schemas/${name}` }), name).not.toThrow();
    for (const [path, item] of Object.entries(res.json.paths as Record<string, Record<string, { responses?: Record<string, unknown> }>>)) {
      for (const [method, op] of Object.entries(item)) {
        if (method === 'parameters') continue;
        expect(Object.keys(op.responses ?? {}).length, `${method} ${path}`).toBeGreaterThan(0);
      }
      for (const name of path.match(/\{(\w+)\}/g) ?? []) expect(JSON.stringify(item), `${path} documents ${name}`).toContain(`"name":"${name.slice(1, -1)}"`);
    }
  });

  it('documents every route and routes every documented operation', async () => {
    const app = createApp({ store: reg.running.store, config: DEFAULT_CONFIG, logger: silentLogger() }) as unknown as { router: { stack: Layer[] } };
    const routed = expressOperations(app);
    const doc = (await reg.client.get('/openapi.json')).json as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths)
      .flatMap(([path, item]) => Object.keys(item).filter((m) => m !== 'parameters').map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(routed).toEqual(documented);
  });

  it('a tour of every endpoint: each JSON answer matches the document', async () => {
    const api = reg.client;
    const start = validated.count;
    const ci = await api.token(reg.admin, 'ci', 'submitter');
    const approver = await api.token(reg.admin, 'approver', 'approver');
    const bundle = guidelineBundle('hate-speech');
    const calls: [string, string, Parameters<typeof api.request>[2]?][] = [
      ['GET', '/'],
      ['GET', '/v1'],
      ['GET', '/healthz'],
      ['GET', '/readyz'],
      ['POST', '/v1/sets/hate-speech/compatibility', { token: ci, body: bundle }],
      ['POST', '/v1/sets/hate-speech/versions', { token: ci, body: bundle }],
      ['GET', '/v1/sets/hate-speech/versions?state=all', { token: ci }],
      ['POST', '/v1/sets/hate-speech/versions/2.0.0/approvals', { token: approver, body: {} }],
      ['POST', '/v1/sets/hate-speech/versions', { token: ci, body: bundle }],
      ['POST', '/v1/sets/hate-speech/versions', { token: ci, body: variant(bundle, 'hate-speech', '2.0.0', (f) => void (f['guideline.md'] += '\n')) }],
      ['POST', '/v1/sets/hate-speech/versions', { token: ci, body: variant(bundle, 'hate-speech', '3.0.0', (f) => void (f['schema.json'] = '{')) }],
      ['GET', '/v1/sets'],
      ['GET', '/v1/sets/hate-speech'],
      ['GET', '/v1/sets/nothing-here'],
      ['GET', '/v1/sets/hate-speech/versions'],
      ['GET', '/v1/sets/hate-speech/versions/latest'],
      ['GET', '/v1/sets/hate-speech/versions/9.9.9'],
      ['GET', '/v1/sets/hate-speech/versions/latest/schema.json'],
      ['GET', '/v1/sets/hate-speech/versions/2.0.0/guideline.md'],
      ['GET', '/v1/sets/hate-speech/versions/2.0.0/guideline.html'],
      ['GET', '/v1/sets/hate-speech/versions/2.0.0/diff/latest'],
      ['GET', '/v1/sets/hate-speech/versions/2.0.0/migration/2.0.0'],
      ['GET', '/v1/sets/hate-speech/versions/latest/exports/label-studio'],
      ['GET', '/v1/sets/hate-speech/versions/2.0.0/exports/label-studio/project.json'],
      ['GET', '/v1/sets/hate-speech/versions/2.0.0/exports/excel'],
      ['GET', '/v1/sets/hate-speech/versions/2.0.0/exports/gold/..%2Fgold.jsonl'],
      ['PUT', '/v1/sets/hate-speech/settings', { token: reg.admin, body: { quorum: 2 } }],
      ['PUT', '/v1/sets/hate-speech/settings', { token: reg.admin, body: { quorum: 'two' } }],
      ['GET', '/v1/tokens', { token: reg.admin }],
      ['DELETE', `/v1/tokens/${ci.split('_')[1]}`, { token: reg.admin }],
      ['GET', '/v1/audit?limit=3', { token: reg.admin }],
      ['POST', '/v1/sets/hate-speech/versions/2.0.0/deprecate', { token: approver, body: { reason: 'tour' } }],
      ['POST', '/v1/sets/hate-speech/versions/2.0.0/deprecate', { token: approver, body: { reason: 42 } }],
      ['GET', '/v1/nowhere'],
    ];
    const statuses: string[] = [];
    for (const [method, path, options] of calls) statuses.push(`${method} ${path} ${(await api.request(method, path, options)).status}`);
    expect(statuses).toEqual([
      'GET / 200',
      'GET /v1 200',
      'GET /healthz 200',
      'GET /readyz 200',
      'POST /v1/sets/hate-speech/compatibility 200',
      'POST /v1/sets/hate-speech/versions 201',
      'GET /v1/sets/hate-speech/versions?state=all 200',
      'POST /v1/sets/hate-speech/versions/2.0.0/approvals 200',
      'POST /v1/sets/hate-speech/versions 200',
      'POST /v1/sets/hate-speech/versions 409',
      'POST /v1/sets/hate-speech/versions 422',
      'GET /v1/sets 200',
      'GET /v1/sets/hate-speech 200',
      'GET /v1/sets/nothing-here 404',
      'GET /v1/sets/hate-speech/versions 200',
      'GET /v1/sets/hate-speech/versions/latest 200',
      'GET /v1/sets/hate-speech/versions/9.9.9 404',
      'GET /v1/sets/hate-speech/versions/latest/schema.json 200',
      'GET /v1/sets/hate-speech/versions/2.0.0/guideline.md 200',
      'GET /v1/sets/hate-speech/versions/2.0.0/guideline.html 501',
      'GET /v1/sets/hate-speech/versions/2.0.0/diff/latest 200',
      'GET /v1/sets/hate-speech/versions/2.0.0/migration/2.0.0 200',
      'GET /v1/sets/hate-speech/versions/latest/exports/label-studio 200',
      'GET /v1/sets/hate-speech/versions/2.0.0/exports/label-studio/project.json 200',
      'GET /v1/sets/hate-speech/versions/2.0.0/exports/excel 404',
      'GET /v1/sets/hate-speech/versions/2.0.0/exports/gold/..%2Fgold.jsonl 400',
      'PUT /v1/sets/hate-speech/settings 200',
      'PUT /v1/sets/hate-speech/settings 400',
      'GET /v1/tokens 200',
      `DELETE /v1/tokens/${ci.split('_')[1]} 200`,
      'GET /v1/audit?limit=3 200',
      'POST /v1/sets/hate-speech/versions/2.0.0/deprecate 200',
      'POST /v1/sets/hate-speech/versions/2.0.0/deprecate 400',
      'GET /v1/nowhere 404',
    ]);
    // Every call but guideline.md answered JSON, and the client validated each.
    expect(validated.count - start).toBeGreaterThanOrEqual(calls.length - 1);
  });
});
