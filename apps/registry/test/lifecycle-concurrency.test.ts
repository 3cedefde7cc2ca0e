/**
 * Concurrent submissions over real HTTP, on SQLite and PostgreSQL: 20 POSTs
 * of one version at once, half with one content and half with another.
 * Exactly one is created; the others get the idempotent 200 (same content as
 * the winner) or 409 (other content). With PostgreSQL, two registry
 * instances share the database, as behind a load balancer.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachStore } from './support/stores.js';
import { guidelineBundle, startTestRegistry, variant, type TestRegistry } from './support/http.js';

forEachStore('concurrent submissions', (open, target) => {
  const registries: TestRegistry[] = [];

  beforeAll(async () => {
    registries.push(await startTestRegistry(await open()));
    // A second instance on its own store connection (for SQLite: a second handle on the same file).
    registries.push(await startTestRegistry(await open(), { config: {} }));
  });
  afterAll(async () => {
    await Promise.all(registries.map((r) => r.close()));
  });

  it(`20 concurrent POSTs of one version: exactly one 201, the rest 200 or 409 (${target.kind || 'store'})`, async () => {
    const [a, b] = registries as [TestRegistry, TestRegistry];
    // Tokens live in the shared database: one created on `a` works on `b`.
    const ci = await a.client.token(a.admin, 'ci', 'submitter');
    const base = guidelineBundle('hate-speech');
    const one = variant(base, 'race-set', '3.0.0');
    const other = variant(base, 'race-set', '3.0.0', (files) => {
      files['guideline.md'] = (files['guideline.md'] as string).replace('This guideline tells you', 'This guideline explains');
    });
    expect(one.manifest.contentHash).not.toBe(other.manifest.contentHash);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? b : a).client.post('/v1/sets/race-set/versions', { token: ci, body: i < 10 ? one : other }).then((res) => ({ i, res }))),
    );
    const created = results.filter((r) => r.res.status === 201);
    expect(created).toHaveLength(1);
    const winner = (created[0] as { i: number }).i < 10 ? one : other;
    for (const { i, res } of results) {
      if (res.status === 201) continue;
      const mine = i < 10 ? one : other;
      if (mine === winner) {
        expect(res.status).toBe(200);
        expect(res.json.contentHash).toBe(winner.manifest.contentHash);
      } else {
        expect(res.status).toBe(409);
        expect(res.json.code).toBe('version-conflict');
      }
    }
    const stored = await a.client.get('/v1/sets/race-set/versions/3.0.0', { token: ci });
    expect(stored.json.contentHash).toBe(winner.manifest.contentHash);
    const audit = await a.client.get('/v1/audit?limit=1000', { token: a.admin });
    expect(audit.json.entries.filter((e: { action: string }) => e.action === 'version.submit')).toHaveLength(1);
  });
});
