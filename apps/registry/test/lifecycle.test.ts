/**
 * The whole lifecycle over real HTTP, on SQLite and PostgreSQL: bootstrap
 * admin token, submit a real guideline set, approvals, publish, reads with
 * ETags and 304s, idempotent and conflicting resubmits, an incompatible
 * version refused with the diff's reason, a minor version, diff and
 * migration map, deprecation, and the audit log of it all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachStore } from './support/stores.js';
import { guidelineBundle, startTestRegistry, variant, type Client, type TestRegistry } from './support/http.js';
import type { Bundle } from '@rubric/core';

forEachStore('lifecycle', (open) => {
  let reg: TestRegistry;
  let api: Client;
  let alice: string;
  let bob: string;
  let carol: string;
  let bundle: Bundle;
  const set = 'hate-speech';

  beforeAll(async () => {
    reg = await startTestRegistry(await open());
    api = reg.client;
    bundle = guidelineBundle(set);
  });
  afterAll(async () => {
    await reg?.close();
  });

  it('the bootstrap admin token administers a fresh registry', async () => {
    const list = await api.get('/v1/tokens', { token: reg.admin });
    expect(list.status).toBe(200);
    expect(list.json.tokens).toEqual([expect.objectContaining({ name: 'bootstrap-admin', role: 'admin', sets: null, revokedAt: null })]);
    expect(list.text).not.toContain('secretHash');
    alice = await api.token(reg.admin, 'alice', 'submitter');
    bob = await api.token(reg.admin, 'bob', 'approver');
    carol = await api.token(reg.admin, 'carol', 'approver');
    expect(alice).toMatch(/^rbt_[a-z0-9]+_[A-Za-z0-9_-]+$/);
  });

  it('a submitter submits an approved bundle: 201 pending, hidden from public reads', async () => {
    const res = await api.post(`/v1/sets/${set}/versions`, { token: alice, body: bundle });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/v1/sets/${set}/versions/2.0.0`);
    expect(res.json).toMatchObject({ setId: set, version: '2.0.0', state: 'pending', submittedBy: 'alice', contentHash: bundle.manifest.contentHash, approvals: [], publishedAt: null });
    expect(res.json.files.map((f: { path: string }) => f.path)).toEqual(['guideline.md', 'schema.json']);

    expect((await api.get(`/v1/sets/${set}/versions/latest`)).status).toBe(404);
    expect((await api.get(`/v1/sets/${set}/versions/2.0.0`)).status).toBe(404);
    expect((await api.get(`/v1/sets/${set}/versions/2.0.0/schema.json`)).status).toBe(404);
    const asSubmitter = await api.get(`/v1/sets/${set}/versions/2.0.0`, { token: alice });
    expect(asSubmitter.status).toBe(200);
    expect(asSubmitter.headers.get('cache-control')).toBe('private, no-store');
    const pending = await api.get(`/v1/sets/${set}/versions?state=pending`, { token: alice });
    expect(pending.json.versions.map((v: { version: string; state: string }) => `${v.version} ${v.state}`)).toEqual(['2.0.0 pending']);
    expect((await api.get(`/v1/sets/${set}/versions?state=pending`)).status).toBe(401);
    expect((await api.get(`/v1/sets/${set}/versions`)).json.versions).toEqual([]);
  });

  it('the submitter cannot approve their own version', async () => {
    const self = await api.token(reg.admin, 'alice', 'approver');
    const res = await api.post(`/v1/sets/${set}/versions/2.0.0/approvals`, { token: self });
    expect(res.status).toBe(403);
    expect(res.json.code).toBe('self-approval');
    expect(res.json.detail).toContain('who submitted version 2.0.0');
  });

  it('an approver approves: the quorum of 1 publishes it', async () => {
    const res = await api.post(`/v1/sets/${set}/versions/2.0.0/approvals`, { token: bob });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ state: 'published', quorum: 1, approvals: [{ approvedBy: 'bob' }] });
    const again = await api.post(`/v1/sets/${set}/versions/2.0.0/approvals`, { token: carol });
    expect(again.status).toBe(409);
    expect(again.json.code).toBe('not-pending');
  });

  it('serves latest, the manifest, schema.json and guideline.md with strong ETags and 304s', async () => {
    const latest = await api.get(`/v1/sets/${set}/versions/latest`);
    expect(latest.status).toBe(200);
    expect(latest.headers.get('cache-control')).toBe('public, no-cache');
    expect(latest.headers.get('content-location')).toBe(`/v1/sets/${set}/versions/2.0.0`);
    expect(latest.json).toMatchObject({ version: '2.0.0', state: 'published', approvals: [{ approvedBy: 'bob' }] });
    const etag = latest.headers.get('etag') as string;
    expect(etag).toMatch(/^"sha256-[0-9a-f]{64}-manifest-[0-9a-f]+"$/);
    expect((await api.get(`/v1/sets/${set}/versions/latest`, { headers: { 'if-none-match': etag } })).status).toBe(304);

    const schema = await api.get(`/v1/sets/${set}/versions/2.0.0/schema.json`);
    expect(schema.status).toBe(200);
    expect(schema.text).toBe(bundle.files['schema.json']);
    expect(schema.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(schema.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(schema.headers.get('etag')).toBe(`"sha256-${bundle.manifest.contentHash}-schema"`);
    const notModified = await api.get(`/v1/sets/${set}/versions/2.0.0/schema.json`, { headers: { 'if-none-match': `W/"x", ${schema.headers.get('etag')}` } });
    expect(notModified.status).toBe(304);
    expect(notModified.text).toBe('');
    expect(notModified.headers.get('etag')).toBe(schema.headers.get('etag'));

    const md = await api.get(`/v1/sets/${set}/versions/latest/guideline.md`);
    expect(md.text).toBe(bundle.files['guideline.md']);
    expect(md.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(md.headers.get('cache-control')).toBe('public, no-cache');
    expect(md.headers.get('etag')).toBe(`"sha256-${bundle.manifest.contentHash}-md"`);
    expect((await api.get(`/v1/sets/${set}/versions/2.0.0/guideline.md`, { headers: { 'if-none-match': md.headers.get('etag') as string } })).status).toBe(304);

    const html = await api.get(`/v1/sets/${set}/versions/2.0.0/guideline.html`);
    expect(html.status).toBe(501);
    expect(html.json.code).toBe('not-implemented');

    const sets = await api.get('/v1/sets');
    expect(sets.json.sets).toEqual([expect.objectContaining({ id: set, quorum: 1, versions: 1, latest: expect.objectContaining({ version: '2.0.0' }) })]);
    expect((await api.get(`/v1/sets/${set}`)).json.latest.version).toBe('2.0.0');
  });

  it('the same version again is idempotent; other content for it is a 409', async () => {
    const same = await api.post(`/v1/sets/${set}/versions`, { token: alice, body: bundle });
    expect(same.status).toBe(200);
    expect(same.json).toMatchObject({ version: '2.0.0', state: 'published' });
    const other = variant(bundle, set, '2.0.0', (files) => {
      files['guideline.md'] = (files['guideline.md'] as string).replace('This guideline tells you', 'This guideline explains');
    });
    const conflict = await api.post(`/v1/sets/${set}/versions`, { token: alice, body: other });
    expect(conflict.status).toBe(409);
    expect(conflict.json.code).toBe('version-conflict');
    expect(conflict.json.detail).toContain('versions are immutable');
  });

  const breaking = (): Bundle =>
    variant(guidelineBundle(set), set, '2.0.1', (files) => {
      const schema = JSON.parse(files['schema.json'] as string) as { questions: { id: string; required?: boolean }[] };
      const rationale = schema.questions.find((q) => q.id === 'rationale');
      if (rationale) rationale.required = true;
      files['schema.json'] = `${JSON.stringify(schema, null, 2)}\n`;
    });

  it('a breaking change with a patch bump is refused with the diff reason (422 incompatible)', async () => {
    const res = await api.post(`/v1/sets/${set}/versions`, { token: alice, body: breaking() });
    expect(res.status).toBe(422);
    expect(res.json.code).toBe('incompatible');
    expect(res.json.detail).toContain('expected at least a major bump');
    expect(res.json.detail).toContain('questions[rationale]');
    expect(res.json.errors).toContainEqual(expect.objectContaining({ rule: 'version-bump', path: expect.stringMatching(/^guideline\.md:\d+:\d+$/) }));
    expect(res.json.compatibility).toMatchObject({ base: { version: '2.0.0' }, required: 'major', declared: 'patch' });
    expect((await api.get(`/v1/sets/${set}/versions/2.0.1`, { token: alice })).status).toBe(404);
  });

  it('the compatibility dry run reports the same and stores nothing', async () => {
    const res = await api.post(`/v1/sets/${set}/compatibility`, { token: alice, body: breaking() });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ ok: false, code: 'incompatible', version: '2.0.1', existing: null, compatibility: { required: 'major', declared: 'patch' } });
    const fine = await api.post(`/v1/sets/${set}/compatibility`, { token: alice, body: bundle });
    expect(fine.json).toMatchObject({ ok: true, code: null, existing: { state: 'published', sameContent: true } });
  });

  it('a draft is refused: only approved sets are published', async () => {
    const draft = variant(bundle, set, '2.0.2', (files) => {
      files['guideline.md'] = (files['guideline.md'] as string).replace(/^status: approved$/m, 'status: review');
    });
    const res = await api.post(`/v1/sets/${set}/versions`, { token: alice, body: draft });
    expect(res.status).toBe(422);
    expect(res.json.code).toBe('not-approved');
    expect(res.json.errors).toContainEqual(expect.objectContaining({ path: expect.stringMatching(/^guideline\.md:5:/), message: expect.stringContaining('expected approved') }));
  });

  it('a minor version is published; diff and migration map between versions', async () => {
    const minor = variant(bundle, set, '2.1.0', (files) => {
      files['guideline.md'] = (files['guideline.md'] as string).replace('This guideline tells you how to label', 'This guideline tells you, step by step, how to label');
    });
    const submitted = await api.post(`/v1/sets/${set}/versions`, { token: alice, body: minor });
    expect(submitted.status).toBe(201);
    expect((await api.post(`/v1/sets/${set}/versions/2.1.0/approvals`, { token: carol })).json.state).toBe('published');
    expect((await api.get(`/v1/sets/${set}/versions/latest`)).json.version).toBe('2.1.0');

    const diff = await api.get(`/v1/sets/${set}/versions/2.0.0/diff/2.1.0`);
    expect(diff.status).toBe(200);
    expect(diff.json).toMatchObject({ id: set, state: 'changed', base: { version: '2.0.0' }, head: { version: '2.1.0' }, ok: true });
    expect(diff.json.changes.length).toBeGreaterThan(0);
    expect(JSON.stringify(diff.json)).not.toContain('/bundle/');
    expect(diff.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await api.get(`/v1/sets/${set}/versions/2.0.0/diff/2.1.0`, { headers: { 'if-none-match': diff.headers.get('etag') as string } })).status).toBe(304);

    const migration = await api.get(`/v1/sets/${set}/versions/2.0.0/migration/latest`);
    expect(migration.status).toBe(200);
    expect(migration.headers.get('cache-control')).toBe('public, no-cache');
    expect(migration.json.labels).toContainEqual({ from: 'hate.slur', to: 'hate.slur', questionId: 'verdict', via: 'same', chain: ['hate.slur'] });

    const page1 = await api.get(`/v1/sets/${set}/versions?limit=1`);
    expect(page1.json.versions.map((v: { version: string }) => v.version)).toEqual(['2.1.0']);
    expect(page1.json.next).toEqual(expect.any(String));
    const page2 = await api.get(page1.json.links.next as string);
    expect(page2.json.versions.map((v: { version: string }) => v.version)).toEqual(['2.0.0']);
    expect(page2.json.next).toBeNull();
  });

  it('an approver deprecates a version: still readable, no longer latest', async () => {
    expect((await api.post(`/v1/sets/${set}/versions/2.1.0/deprecate`, { token: alice })).status).toBe(403);
    const res = await api.post(`/v1/sets/${set}/versions/2.1.0/deprecate`, { token: bob, body: { reason: 'wording to be revisited' } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ version: '2.1.0', state: 'deprecated', deprecatedAt: expect.any(String) });
    expect((await api.get(`/v1/sets/${set}/versions/2.1.0`)).json.state).toBe('deprecated');
    expect((await api.get(`/v1/sets/${set}/versions/2.1.0/schema.json`)).status).toBe(200);
    expect((await api.get(`/v1/sets/${set}/versions/latest`)).json.version).toBe('2.0.0');
    const pending = await api.post(`/v1/sets/${set}/versions/2.0.0/deprecate`, { token: bob, raw: 'reason', headers: { 'content-type': 'text/plain' } });
    expect(pending.status).toBe(415);
  });

  it('the audit log has every state change, oldest first, for admins only', async () => {
    expect((await api.get('/v1/audit', { token: bob })).status).toBe(403);
    const res = await api.get('/v1/audit?limit=1000', { token: reg.admin });
    expect(res.status).toBe(200);
    const actions = (res.json.entries as { action: string; actor: string; version: string | null }[]).map((e) => `${e.action} ${e.version ?? ''}`.trim());
    expect(actions).toEqual([
      'token.create',
      'token.create',
      'token.create',
      'token.create',
      'version.submit 2.0.0',
      'token.create',
      'version.approve 2.0.0',
      'version.publish 2.0.0',
      'version.submit 2.1.0',
      'version.approve 2.1.0',
      'version.publish 2.1.0',
      'version.deprecate 2.1.0',
    ]);
    const page = await api.get('/v1/audit?after=2&limit=2', { token: reg.admin });
    expect(page.json.entries.map((e: { seq: number }) => e.seq)).toEqual([3, 4]);
    expect(page.json.next).toBe('4');
  });
});

describe('guideline.html with a renderer', () => {
  it('answers the page @rubric/render builds, once per version, with a nonce derived from the content', async () => {
    const { openStore } = await import('../src/store/index.js');
    const { renderPage } = await import('@rubric/render');
    const store = await openStore('sqlite::memory:');
    let renders = 0;
    const nonces = new Set<string>();
    const reg = await startTestRegistry(store, {
      render: (s, { nonce }) => {
        renders++;
        nonces.add(nonce);
        return renderPage(s, { nonce });
      },
      config: { defaultQuorum: 0 },
    });
    try {
      const ci = await reg.client.token(reg.admin, 'ci', 'submitter', ['hate-speech']);
      const res = await reg.client.post('/v1/sets/hate-speech/versions', { token: ci, body: guidelineBundle('hate-speech') });
      expect(res.status).toBe(201);
      expect(res.json.state).toBe('published');
      const html = await reg.client.get('/v1/sets/hate-speech/versions/2.0.0/guideline.html');
      expect(html.status).toBe(200);
      expect(html.text).toMatch(/^<!doctype html>/i);
      expect(html.text).toContain('Hate speech');
      expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const nonce = [...nonces][0] as string;
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}$/);
      expect(html.headers.get('content-security-policy')).toBe(`default-src 'none'; style-src 'nonce-${nonce}'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`);
      expect(html.text).toContain(`nonce="${nonce}"`);
      expect(html.headers.get('etag')).toBe(`"sha256-${res.json.contentHash}-html"`);
      const again = await reg.client.get('/v1/sets/hate-speech/versions/latest/guideline.html', { token: ci });
      expect(again.text).toBe(html.text);
      expect(renders).toBe(1);
    } finally {
      await reg.close();
      await store.close();
    }
  });
});
