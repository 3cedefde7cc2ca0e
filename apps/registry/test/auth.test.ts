/**
 * Every role against every endpoint, on SQLite and PostgreSQL: who is let
 * through and who is refused with 401 (no or bad token) or 403 (role or set
 * grant missing), per-set grants, revoked tokens, and a registry whose reads
 * need a token. Mutating endpoints are called with targets that do not exist
 * or bodies that are invalid, so "let through" shows as 400/404/422 and
 * nothing changes between rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleAtLeast, type Role } from '../src/domain.js';
import { hashToken } from '../src/auth.js';
import { forEachStore } from './support/stores.js';
import { guidelineBundle, startTestRegistry, type TestRegistry } from './support/http.js';

const SET = 'hate-speech';
const OTHER = 'violent-speech';

interface Endpoint {
  method: string;
  path: string;
  body?: unknown;
  /** 'read' follows readsPublic. */
  needs: Role | 'read' | 'none';
  /** Grants matter for this set; null: needs a token for every set. */
  set: string | null;
}

const ENDPOINTS: Endpoint[] = [
  { method: 'GET', path: '/healthz', needs: 'none', set: null },
  { method: 'GET', path: '/readyz', needs: 'none', set: null },
  { method: 'GET', path: '/metrics', needs: 'none', set: null },
  { method: 'GET', path: '/openapi.json', needs: 'none', set: null },
  { method: 'GET', path: '/v1/sets', needs: 'read', set: null },
  { method: 'GET', path: `/v1/sets/${SET}`, needs: 'read', set: SET },
  { method: 'GET', path: `/v1/sets/${SET}/versions`, needs: 'read', set: SET },
  { method: 'GET', path: `/v1/sets/${SET}/versions?state=pending`, needs: 'submitter', set: SET },
  { method: 'GET', path: `/v1/sets/${SET}/versions/latest`, needs: 'read', set: SET },
  { method: 'GET', path: `/v1/sets/${SET}/versions/2.0.0`, needs: 'read', set: SET },
  { method: 'GET', path: `/v1/sets/${SET}/versions/2.0.0/schema.json`, needs: 'read', set: SET },
  { method: 'GET', path: `/v1/sets/${SET}/versions/2.0.0/guideline.md`, needs: 'read', set: SET },
  { method: 'GET', path: `/v1/sets/${SET}/versions/2.0.0/diff/latest`, needs: 'read', set: SET },
  { method: 'GET', path: `/v1/sets/${SET}/versions/2.0.0/migration/2.0.0`, needs: 'read', set: SET },
  { method: 'POST', path: `/v1/sets/${SET}/versions`, body: { not: 'a bundle' }, needs: 'submitter', set: SET },
  { method: 'POST', path: `/v1/sets/${SET}/compatibility`, body: { not: 'a bundle' }, needs: 'submitter', set: SET },
  { method: 'POST', path: `/v1/sets/${SET}/versions/9.9.9/approvals`, needs: 'approver', set: SET },
  { method: 'POST', path: `/v1/sets/${SET}/versions/9.9.9/deprecate`, needs: 'approver', set: SET },
  { method: 'PUT', path: `/v1/sets/${SET}/settings`, body: { quorum: -1 }, needs: 'admin', set: SET },
  { method: 'POST', path: '/v1/tokens', body: { name: 'x', role: 'overlord' }, needs: 'admin', set: null },
  { method: 'GET', path: '/v1/tokens', needs: 'admin', set: null },
  { method: 'DELETE', path: '/v1/tokens/zzzzzzzzzzzzzzzz', needs: 'admin', set: null },
  { method: 'GET', path: '/v1/audit', needs: 'admin', set: null },
];

interface Caller {
  label: string;
  role: Role | null;
  sets: string[] | null;
  token?: string;
}

function expected(e: Endpoint, c: Caller, readsPublic: boolean): 'allowed' | 401 | 403 {
  const needs = e.needs === 'read' ? (readsPublic ? 'none' : 'reader') : e.needs;
  if (needs === 'none') return 'allowed';
  if (!c.role) return 401;
  if (!roleAtLeast(c.role, needs)) return 403;
  if (c.sets !== null && (e.set === null ? needs !== 'reader' || e.path !== '/v1/sets' : !c.sets.includes(e.set))) return 403;
  return 'allowed';
}

function roleTable(readsPublic: boolean): void {
  forEachStore(`roles, reads ${readsPublic ? 'public' : 'need a token'}`, (open) => {
    let reg: TestRegistry;
    const callers: Caller[] = [
      { label: 'anonymous', role: null, sets: null },
      { label: 'reader', role: 'reader', sets: null },
      { label: 'submitter', role: 'submitter', sets: null },
      { label: 'approver', role: 'approver', sets: null },
      { label: 'admin', role: 'admin', sets: null },
      { label: 'reader of another set', role: 'reader', sets: [OTHER] },
      { label: 'submitter of this set', role: 'submitter', sets: [SET] },
      { label: 'approver of another set', role: 'approver', sets: [OTHER] },
      { label: 'admin of this set only', role: 'admin', sets: [SET] },
    ];

    beforeAll(async () => {
      reg = await startTestRegistry(await open(), { config: { readsPublic, defaultQuorum: 0 } });
      const ci = await reg.client.token(reg.admin, 'ci', 'submitter');
      expect((await reg.client.post(`/v1/sets/${SET}/versions`, { token: ci, body: guidelineBundle(SET) })).status).toBe(201);
      for (const c of callers) if (c.role) c.token = await reg.client.token(reg.admin, c.label.replace(/ /g, '-'), c.role, c.sets);
    });
    afterAll(async () => {
      await reg?.close();
    });

    for (const e of ENDPOINTS) {
      it(`${e.method} ${e.path}`, async () => {
        const outcomes: string[] = [];
        const wanted: string[] = [];
        for (const c of callers) {
          const res = await reg.client.request(e.method, e.path, { ...(c.token ? { token: c.token } : {}), ...(e.body !== undefined ? { body: e.body } : {}) });
          const want = expected(e, c, readsPublic);
          const got = res.status === 401 || res.status === 403 ? res.status : res.status < 500 ? 'allowed' : `error ${res.status}`;
          outcomes.push(`${c.label}: ${got}`);
          wanted.push(`${c.label}: ${want}`);
          if (res.status === 401) expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="rubric-registry"/);
          if (res.status === 403) expect(res.json.detail).toMatch(/needed, token "[^"]+" has|is not granted set|for every set needed/);
        }
        expect(outcomes).toEqual(wanted);
      });
    }

    it('refusals say what was needed and what the token has', async () => {
      const reader = callers.find((c) => c.label === 'reader')?.token;
      const res = await reg.client.post(`/v1/sets/${SET}/versions`, { token: reader, body: {} });
      expect(res.json).toMatchObject({ status: 403, code: 'forbidden', detail: 'Role submitter needed, token "reader" has reader' });
      const scoped = callers.find((c) => c.label === 'approver of another set')?.token;
      const grant = await reg.client.post(`/v1/sets/${SET}/versions/9.9.9/approvals`, { token: scoped });
      expect(grant.json.detail).toBe(`Token "approver-of-another-set" is not granted set ${SET}; it is granted ${OTHER}`);
      const anon = await reg.client.post(`/v1/sets/${SET}/versions`, { body: {} });
      expect(anon.json).toMatchObject({ status: 401, code: 'unauthenticated' });
      expect(anon.json.detail).toContain('Authorization: Bearer rbt_<id>_<secret>');
    });

    it('bad, unknown and revoked tokens are 401 even where no token is needed', async () => {
      const bad = await reg.client.get(`/v1/sets/${SET}`, { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
      expect(bad.status).toBe(401);
      expect(bad.json.code).toBe('invalid-token');
      const unknown = await reg.client.get(`/v1/sets/${SET}`, { token: 'rbt_aaaaaaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' });
      expect(unknown.status).toBe(401);
      const reader = await reg.client.token(reg.admin, 'temp', 'reader');
      const wrongSecret = `${reader.slice(0, -4)}AAAA`;
      expect((await reg.client.get(`/v1/sets/${SET}`, { token: wrongSecret })).status).toBe(401);
      const id = reader.split('_')[1] as string;
      const revoked = await reg.client.request('DELETE', `/v1/tokens/${id}`, { token: reg.admin });
      expect(revoked.status).toBe(200);
      expect(revoked.json.revokedAt).toEqual(expect.any(String));
      const after = await reg.client.get(`/v1/sets/${SET}`, { token: reader });
      expect(after.status).toBe(401);
      expect(after.json.detail).toContain('was revoked');
    });

    it('tokens are stored only as their sha256, and never listed or logged with a secret', async () => {
      const tokens = await reg.client.get('/v1/tokens', { token: reg.admin });
      const text = tokens.text;
      expect(text).not.toContain('rbt_');
      expect(text).not.toContain(hashToken(reg.admin));
      const stored = await reg.running.store.findTokenById(reg.admin.split('_')[1] as string);
      expect(stored?.secretHash).toBe(hashToken(reg.admin));
    });

    if (!readsPublic) {
      it('listings show only the sets a scoped reader is granted', async () => {
        const scoped = callers.find((c) => c.label === 'reader of another set')?.token;
        expect((await reg.client.get('/v1/sets', { token: scoped })).json.sets).toEqual([]);
        const all = callers.find((c) => c.label === 'reader')?.token;
        expect((await reg.client.get('/v1/sets', { token: all })).json.sets.map((s: { id: string }) => s.id)).toEqual([SET]);
        const schema = await reg.client.get(`/v1/sets/${SET}/versions/2.0.0/schema.json`, { token: all });
        expect(schema.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
      });
    }
  });
}

roleTable(true);
roleTable(false);

describe('token creation input', () => {
  it('names the field, the value and what was expected', async () => {
    const { openStore } = await import('../src/store/index.js');
    const store = await openStore('sqlite::memory:');
    const reg = await startTestRegistry(store);
    try {
      const bad = await reg.client.post('/v1/tokens', { token: reg.admin, body: { name: 'ok', role: 'root' } });
      expect(bad.status).toBe(400);
      expect(bad.json.errors).toEqual([{ path: '/role', message: 'Unexpected "root", expected one of reader, submitter, approver, admin' }]);
      const sets = await reg.client.post('/v1/tokens', { token: reg.admin, body: { name: 'ok', role: 'reader', sets: ['Hate Speech'] } });
      expect(sets.json.errors[0].path).toBe('/sets/0');
      const extra = await reg.client.post('/v1/tokens', { token: reg.admin, body: { name: 'ok', role: 'reader', admin: true } });
      expect(extra.json.errors).toEqual([{ path: '/admin', message: 'Unexpected property "admin"' }]);
      const scoped = await reg.client.post('/v1/tokens', { token: reg.admin, body: { name: 'ok', role: 'reader', sets: ['b-set', 'a-set', 'a-set'] } });
      expect(scoped.status).toBe(201);
      expect(scoped.json).toMatchObject({ name: 'ok', role: 'reader', sets: ['a-set', 'b-set'], createdBy: 'bootstrap-admin' });
    } finally {
      await reg.close();
      await store.close();
    }
  });
});
