/**
 * The Store contract, run against both implementations on real databases.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentHash, manifestOf } from '@rubric/core';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, TokenRecord, VersionRecord } from '../src/domain.js';
import { DEFAULT_SQLITE_PATH, MIGRATIONS, openSqliteStore, openStore, parseStoreUrl, redactStoreUrl, StoreError } from '../src/store/index.js';
import type { AuditInput, Store } from '../src/store/types.js';
import { startPostgres } from './support/postgres.js';
import { forEachStore, queryRaw } from './support/stores.js';

const NOW = '2025-01-02T03:04:05.678Z';

function filesFor(setId: string, version: string, variant = 'a'): Record<string, string> {
  return {
    'guideline.md': `---\nid: ${setId}\nversion: ${version}\n---\n# Guideline ${variant}\n`,
    'schema.json': JSON.stringify({ id: setId, version, variant }),
  };
}

function versionOf(setId: string, version: string, options: { variant?: string; by?: string; files?: Record<string, string>; title?: string } = {}): VersionRecord {
  const files = options.files ?? filesFor(setId, version, options.variant);
  const manifest = manifestOf(files, setId, version, { commit: 'abc1234', dirty: false });
  return {
    setId,
    version,
    state: 'pending',
    contentHash: manifest.contentHash,
    manifest,
    files,
    title: options.title ?? `Title of ${setId}`,
    submittedBy: options.by ?? 'tok_submitter',
    submittedAt: NOW,
    publishedAt: null,
    deprecatedAt: null,
  };
}

function submitAudit(v: VersionRecord): AuditInput[] {
  return [{ actor: v.submittedBy, action: 'version.submit', setId: v.setId, version: v.version, contentHash: v.contentHash, detail: {} }];
}

function approveAudit(setId: string, version: string, actor: string): AuditInput {
  return { actor, action: 'version.approve', setId, version, contentHash: null, detail: {} };
}

async function allAudit(store: Store): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  for (;;) {
    const page = await store.listAudit({ afterSeq: out[out.length - 1]?.seq ?? 0, limit: 1000 });
    out.push(...page);
    if (page.length < 1000) return out;
  }
}

async function submitted(store: Store, setId: string, version: string, options: Parameters<typeof versionOf>[2] & { publishNow?: boolean } = {}): Promise<VersionRecord> {
  const v = versionOf(setId, version, options);
  const result = await store.submitVersion(v, options.publishNow ?? false, submitAudit(v));
  expect(result.outcome).toBe('created');
  return result.version;
}

async function published(store: Store, setId: string, version: string): Promise<VersionRecord> {
  return submitted(store, setId, version, { publishNow: true });
}

function token(id: string, extra: Partial<TokenRecord> = {}): TokenRecord {
  return { id, name: `token ${id}`, role: 'submitter', sets: null, scopes: [], secretHash: `hash-${id}`, createdAt: NOW, createdBy: 'tok_admin', revokedAt: null, ...extra };
}

forEachStore('store', (open, target) => {
  let store: Store;

  beforeAll(async () => {
    store = await open();
  });

  it('says which implementation it is and answers ping', async () => {
    expect(store.kind).toBe(target.kind);
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it('migrates idempotently, also with several instances starting at once on a new database', async () => {
    await store.migrate();
    await store.migrate();
    const rows = await queryRaw<{ version: number | string }>(target, 'SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => Number(r.version))).toEqual(MIGRATIONS.map((m) => m.version));

    // A fresh database, six instances opening (and so migrating) at the same time.
    let url: string;
    let cleanup: () => Promise<void>;
    if (target.kind === 'sqlite') {
      const dir = mkdtempSync(join(tmpdir(), 'rubric-migrate-'));
      url = `sqlite:${join(dir, 'nested', 'fresh.sqlite')}`;
      cleanup = async () => rmSync(dir, { recursive: true, force: true });
    } else {
      const fresh = await startPostgres();
      url = fresh.url;
      cleanup = fresh.stop;
    }
    try {
      const stores = await Promise.all(Array.from({ length: 6 }, () => openStore(url)));
      await Promise.all(stores.map((s) => s.migrate()));
      await stores[0]?.ensureSet('after-migrate', 1, NOW);
      expect(await stores[5]?.getSet('after-migrate')).toMatchObject({ id: 'after-migrate', quorum: 1 });
      await Promise.all(stores.map((s) => s.close()));
    } finally {
      await cleanup();
    }
  });

  it('creates, finds, lists and revokes tokens, with audit entries', async () => {
    const before = (await allAudit(store)).length;
    const t = token('tok_1', { role: 'approver', sets: ['hate', 'violence'], scopes: ['quality'] });
    await store.createToken(t, { actor: 'tok_admin', action: 'token.create', setId: null, version: null, contentHash: null, detail: { id: 'tok_1', role: 'approver' } });
    await store.createToken(token('tok_2'), { actor: 'tok_admin', action: 'token.create', setId: null, version: null, contentHash: null, detail: { id: 'tok_2' } });
    expect(await store.findTokenById('tok_1')).toEqual(t);
    expect(await store.findTokenById('tok_missing')).toBeUndefined();
    expect((await store.listTokens()).map((x) => x.id)).toEqual(expect.arrayContaining(['tok_1', 'tok_2']));

    await expect(store.createToken(token('tok_1', { secretHash: 'other' }), { actor: 'a', action: 'token.create', setId: null, version: null, contentHash: null, detail: {} })).rejects.toMatchObject({
      name: 'StoreError',
      code: 'duplicate',
    });
    await expect(store.createToken(token('tok_3', { secretHash: 'hash-tok_2' }), { actor: 'a', action: 'token.create', setId: null, version: null, contentHash: null, detail: {} })).rejects.toMatchObject({
      code: 'duplicate',
    });
    expect(await store.findTokenById('tok_3')).toBeUndefined();

    const revokeAudit: AuditInput = { actor: 'tok_admin', action: 'token.revoke', setId: null, version: null, contentHash: null, detail: { id: 'tok_1' } };
    expect(await store.revokeToken('tok_1', '2025-02-01T00:00:00.000Z', revokeAudit)).toBe(true);
    expect(await store.revokeToken('tok_1', '2025-03-01T00:00:00.000Z', revokeAudit)).toBe(false);
    expect(await store.revokeToken('tok_missing', NOW, revokeAudit)).toBe(false);
    expect((await store.findTokenById('tok_1'))?.revokedAt).toBe('2025-02-01T00:00:00.000Z');

    const audit = (await allAudit(store)).slice(before);
    // The refused duplicates wrote nothing: the audit entry shares their transaction.
    expect(audit.map((a) => a.action)).toEqual(['token.create', 'token.create', 'token.revoke']);
    expect(audit[0]).toMatchObject({ actor: 'tok_admin', at: NOW, detail: { id: 'tok_1', role: 'approver' } });
  });

  it('ensureSet creates once with the default quorum; setQuorum changes it with an audit entry', async () => {
    expect(await store.getSet('quorum-set')).toBeUndefined();
    expect(await store.ensureSet('quorum-set', 2, NOW)).toEqual({ id: 'quorum-set', quorum: 2, createdAt: NOW });
    expect(await store.ensureSet('quorum-set', 5, '2030-01-01T00:00:00.000Z')).toEqual({ id: 'quorum-set', quorum: 2, createdAt: NOW });
    const audit: AuditInput = { actor: 'tok_admin', action: 'set.configure', setId: 'quorum-set', version: null, contentHash: null, detail: { quorum: 0 } };
    expect(await store.setQuorum('quorum-set', 0, audit)).toMatchObject({ id: 'quorum-set', quorum: 0 });
    expect((await store.getSet('quorum-set'))?.quorum).toBe(0);
    expect(await store.setQuorum('no-such-set', 3, audit)).toBeUndefined();
    await expect(store.setQuorum('quorum-set', -1, audit)).rejects.toMatchObject({ code: 'invalid-value' });
    await expect(store.ensureSet('bad-quorum', 1.5, NOW)).rejects.toBeInstanceOf(StoreError);
    const entries = (await allAudit(store)).filter((a) => a.setId === 'quorum-set');
    expect(entries.map((a) => a.action)).toEqual(['set.configure']);
  });

  it('submit -> pending; quorum reached -> published; same content -> same-content; other content -> conflict', async () => {
    await store.ensureSet('life', 2, NOW);
    const v = versionOf('life', '1.0.0');
    const first = await store.submitVersion(v, false, submitAudit(v));
    expect(first).toEqual({ outcome: 'created', version: { ...v, state: 'pending' } });
    expect(await store.getVersion('life', '1.0.0')).toEqual({ ...v, state: 'pending' });
    expect(await store.latestPublished('life')).toBeUndefined();
    expect((await store.listVersions('life', { limit: 10 })).items).toEqual([]);
    expect((await store.listVersions('life', { limit: 10, includePending: true })).items.map((x) => [x.version, x.state])).toEqual([['1.0.0', 'pending']]);

    const a1 = await store.approve('life', '1.0.0', 'tok_alice', 2, '2025-01-03T00:00:00.000Z', approveAudit('life', '1.0.0', 'tok_alice'));
    expect(a1).toMatchObject({ outcome: 'approved', version: { state: 'pending' }, approvals: [{ setId: 'life', version: '1.0.0', approvedBy: 'tok_alice', approvedAt: '2025-01-03T00:00:00.000Z' }] });
    const again = await store.approve('life', '1.0.0', 'tok_alice', 2, '2025-01-03T01:00:00.000Z', approveAudit('life', '1.0.0', 'tok_alice'));
    expect(again).toMatchObject({ outcome: 'already-approved', approvals: [{ approvedBy: 'tok_alice' }] });
    const a2 = await store.approve('life', '1.0.0', 'tok_bob', 2, '2025-01-04T00:00:00.000Z', approveAudit('life', '1.0.0', 'tok_bob'));
    expect(a2).toMatchObject({ outcome: 'published', version: { state: 'published', publishedAt: '2025-01-04T00:00:00.000Z' } });
    if (a2.outcome === 'published') expect(a2.approvals.map((a) => a.approvedBy)).toEqual(['tok_alice', 'tok_bob']);
    expect(await store.approve('life', '1.0.0', 'tok_carol', 2, NOW, approveAudit('life', '1.0.0', 'tok_carol'))).toMatchObject({ outcome: 'not-pending', version: { state: 'published' } });
    expect(await store.approve('life', '9.9.9', 'tok_carol', 2, NOW, approveAudit('life', '9.9.9', 'tok_carol'))).toEqual({ outcome: 'not-found' });
    expect((await store.listApprovals('life', '1.0.0')).map((a) => a.approvedBy)).toEqual(['tok_alice', 'tok_bob']);

    const stored = await store.getVersion('life', '1.0.0');
    expect(stored).toEqual({ ...v, state: 'published', publishedAt: '2025-01-04T00:00:00.000Z' });
    expect(await store.latestPublished('life')).toEqual(stored);

    const same = await store.submitVersion(versionOf('life', '1.0.0', { by: 'tok_other' }), false, submitAudit(v));
    expect(same).toEqual({ outcome: 'same-content', version: stored });
    const other = versionOf('life', '1.0.0', { variant: 'b' });
    const conflict = await store.submitVersion(other, true, submitAudit(other));
    expect(conflict).toEqual({ outcome: 'conflict', version: stored });

    const audit = (await allAudit(store)).filter((a) => a.setId === 'life');
    expect(audit.map((a) => `${a.action} ${a.actor}`)).toEqual(['version.submit tok_submitter', 'version.approve tok_alice', 'version.approve tok_bob', 'version.publish tok_bob']);
    expect(audit[3]).toMatchObject({ version: '1.0.0', contentHash: v.contentHash, detail: { quorum: 2, approvedBy: ['tok_alice', 'tok_bob'] } });
  });

  it('publishes at once with quorum 0 and writes version.publish in the same transaction', async () => {
    await store.ensureSet('trusted', 0, NOW);
    const v = versionOf('trusted', '0.1.0');
    const result = await store.submitVersion(v, true, submitAudit(v));
    expect(result).toEqual({ outcome: 'created', version: { ...v, state: 'published', publishedAt: NOW } });
    const audit = (await allAudit(store)).filter((a) => a.setId === 'trusted');
    expect(audit.map((a) => a.action)).toEqual(['version.submit', 'version.publish']);
    expect((await store.latestPublished('trusted'))?.version).toBe('0.1.0');

    // When the caller passes its own version.publish entry, the store does not add another.
    const w = versionOf('trusted', '0.2.0');
    await store.submitVersion(w, true, [...submitAudit(w), { actor: 'ci', action: 'version.publish', setId: 'trusted', version: '0.2.0', contentHash: w.contentHash, detail: { by: 'ci' } }]);
    expect((await allAudit(store)).filter((a) => a.setId === 'trusted' && a.version === '0.2.0').map((a) => a.action)).toEqual(['version.submit', 'version.publish']);
  });

  it('refuses to submit to a set that does not exist', async () => {
    const v = versionOf('never-ensured', '1.0.0');
    await expect(store.submitVersion(v, false, submitAudit(v))).rejects.toMatchObject({ name: 'StoreError', code: 'unknown-set' });
    expect(await store.getVersion('never-ensured', '1.0.0')).toBeUndefined();
  });

  it('20 concurrent submits of one version through several instances: exactly one is created', async () => {
    const instances = [store, ...(await Promise.all([open(), open(), open()]))];
    await store.ensureSet('race', 1, NOW);
    const candidates = Array.from({ length: 20 }, (_, i) => versionOf('race', '3.0.0', { variant: i % 2 === 0 ? 'even' : 'odd', by: `tok_${i}` }));
    const results = await Promise.all(candidates.map((v, i) => (instances[i % instances.length] as Store).submitVersion(v, false, submitAudit(v))));
    const created = results.filter((r) => r.outcome === 'created');
    expect(created).toHaveLength(1);
    const winner = created[0]!.version;
    for (const [i, r] of results.entries()) {
      if (r.outcome === 'created') continue;
      expect(r.version).toEqual(winner);
      expect(r.outcome).toBe(candidates[i]!.contentHash === winner.contentHash ? 'same-content' : 'conflict');
    }
    expect(results.filter((r) => r.outcome === 'same-content')).toHaveLength(9);
    expect(results.filter((r) => r.outcome === 'conflict')).toHaveLength(10);
    expect(await store.getVersion('race', '3.0.0')).toEqual(winner);
    const audit = (await allAudit(store)).filter((a) => a.setId === 'race');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'version.submit', actor: winner.submittedBy, contentHash: winner.contentHash });
  });

  it('10 concurrent approvals with quorum 2: published once, one version.publish entry', async () => {
    const instances = [store, ...(await Promise.all([open(), open(), open()]))];
    await store.ensureSet('approve-race', 2, NOW);
    await submitted(store, 'approve-race', '1.0.0');
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (instances[i % instances.length] as Store).approve('approve-race', '1.0.0', `tok_approver_${i}`, 2, NOW, approveAudit('approve-race', '1.0.0', `tok_approver_${i}`))),
    );
    const outcomes = results.map((r) => r.outcome).sort();
    expect(outcomes.filter((o) => o === 'published')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'approved')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'not-pending')).toHaveLength(8);
    expect(await store.listApprovals('approve-race', '1.0.0')).toHaveLength(2);
    expect((await store.getVersion('approve-race', '1.0.0'))?.state).toBe('published');
    const audit = (await allAudit(store)).filter((a) => a.setId === 'approve-race');
    expect(audit.filter((a) => a.action === 'version.publish')).toHaveLength(1);
    expect(audit.filter((a) => a.action === 'version.approve')).toHaveLength(2);
  });

  it('deprecates published versions only; latestPublished ignores pending and deprecated', async () => {
    await store.ensureSet('dep', 1, NOW);
    await published(store, 'dep', '1.9.0');
    await published(store, 'dep', '1.10.0');
    await published(store, 'dep', '2.0.0-rc.1');
    await submitted(store, 'dep', '3.0.0');
    expect((await store.latestPublished('dep'))?.version).toBe('2.0.0-rc.1');

    const audit: AuditInput = { actor: 'tok_approver', action: 'version.deprecate', setId: 'dep', version: '2.0.0-rc.1', contentHash: null, detail: {} };
    const deprecated = await store.deprecate('dep', '2.0.0-rc.1', '2025-06-01T00:00:00.000Z', audit);
    expect(deprecated).toMatchObject({ version: '2.0.0-rc.1', state: 'deprecated', deprecatedAt: '2025-06-01T00:00:00.000Z' });
    expect(await store.getVersion('dep', '2.0.0-rc.1')).toEqual(deprecated);
    expect((await store.latestPublished('dep'))?.version).toBe('1.10.0');
    // Still listed and readable.
    expect((await store.listVersions('dep', { limit: 10 })).items.map((v) => `${v.version}:${v.state}`)).toEqual(['2.0.0-rc.1:deprecated', '1.10.0:published', '1.9.0:published']);

    // Deprecating again, a pending version, or a missing one changes nothing.
    expect(await store.deprecate('dep', '2.0.0-rc.1', NOW, audit)).toEqual(deprecated);
    expect(await store.deprecate('dep', '3.0.0', NOW, audit)).toMatchObject({ state: 'pending', deprecatedAt: null });
    expect(await store.deprecate('dep', '9.0.0', NOW, audit)).toBeUndefined();
    expect((await allAudit(store)).filter((a) => a.setId === 'dep' && a.action === 'version.deprecate')).toHaveLength(1);

    await store.deprecate('dep', '1.10.0', NOW, audit);
    await store.deprecate('dep', '1.9.0', NOW, audit);
    expect(await store.latestPublished('dep')).toBeUndefined();
    expect(await store.latestPublished('no-such-set')).toBeUndefined();
  });

  it('lists versions newest first by semver, in pages with an opaque cursor', async () => {
    await store.ensureSet('order', 1, NOW);
    const versions = ['1.2.0', '0.1.0', '10.0.0', '1.10.0', '2.0.0-alpha', '1.9.0', '2.0.0', '2.0.0-alpha.1', '2.0.0-beta', '2.0.0-beta.11', '2.0.0-beta.2', '1.0.0'];
    for (const v of versions) await published(store, 'order', v);
    await submitted(store, 'order', '11.0.0');
    const expected = ['10.0.0', '2.0.0', '2.0.0-beta.11', '2.0.0-beta.2', '2.0.0-beta', '2.0.0-alpha.1', '2.0.0-alpha', '1.10.0', '1.9.0', '1.2.0', '1.0.0', '0.1.0'];

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await store.listVersions('order', { limit: 5, ...(cursor ? { cursor } : {}) });
      pages++;
      expect(page.items.length).toBeLessThanOrEqual(5);
      seen.push(...page.items.map((v) => v.version));
      for (const item of page.items) expect(item).not.toHaveProperty('files');
      cursor = page.next ?? undefined;
      if (cursor) expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(expected);

    expect((await store.listVersions('order', { limit: 100, includePending: true })).items[0]?.version).toBe('11.0.0');
    const all = await store.listVersions('order', { limit: 1000 });
    expect(all).toMatchObject({ next: null });
    expect(all.items).toHaveLength(12);
    expect((await store.listVersions('order', { limit: 0 })).items).toHaveLength(1);
    expect((await store.listVersions('order', { limit: -7 })).items).toHaveLength(1);
    expect((await store.listVersions('no-such-set', { limit: 10 })).items).toEqual([]);
    for (const bad of ['nope', '', '!!!', Buffer.from('1.0.0').toString('base64url')]) {
      await expect(store.listVersions('order', { limit: 5, cursor: bad })).rejects.toMatchObject({ name: 'StoreError', code: 'invalid-cursor' });
    }
  });

  it('lists only sets with a published version, with the latest and a count', async () => {
    const sets = await store.listSets();
    const ids = sets.map((s) => s.id);
    expect(ids).toEqual([...ids].sort());
    expect(ids).not.toContain('quorum-set');
    const order = sets.find((s) => s.id === 'order');
    expect(order).toMatchObject({ quorum: 1, versions: 12, latest: { version: '10.0.0', state: 'published' } });
    expect(order?.latest).not.toHaveProperty('files');
    const dep = sets.find((s) => s.id === 'dep');
    expect(dep).toMatchObject({ versions: 3, latest: null });
  });

  it('keeps the audit log append-only and ordered', async () => {
    const actors = Array.from({ length: 30 }, (_, i) => `auditor-${i}`);
    const instances = [store, await open()];
    await Promise.all(actors.map((actor, i) => (instances[i % 2] as Store).appendAudit({ actor, action: 'set.configure', setId: 'audit-set', version: null, contentHash: null, detail: { i } }, NOW)));
    const entries = await allAudit(store);
    const seqs = entries.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(entries.filter((e) => e.setId === 'audit-set').map((e) => e.actor).sort()).toEqual([...actors].sort());

    const mid = seqs[Math.floor(seqs.length / 2)] as number;
    const after = await store.listAudit({ afterSeq: mid, limit: 5 });
    expect(after.map((e) => e.seq)).toEqual(seqs.filter((s) => s > mid).slice(0, 5));
    expect(await store.listAudit({ limit: 0 })).toHaveLength(1);

    // The database itself refuses to change or remove entries.
    await expect(queryRaw(target, `UPDATE audit SET actor = 'mallory' WHERE seq = ${mid}`)).rejects.toThrow(/append-only/);
    await expect(queryRaw(target, `DELETE FROM audit WHERE seq = ${mid}`)).rejects.toThrow(/append-only/);
    await expect(queryRaw(target, `UPDATE versions SET files = '{}' WHERE set_id = 'life'`)).rejects.toThrow(/immutable/);
    expect((await store.listAudit({ afterSeq: mid - 1, limit: 1 }))[0]).toEqual(entries.find((e) => e.seq === mid));
  });

  it('round-trips SQL metacharacters, emoji, RTL marks and NUL in file contents', async () => {
    const setId = `'; DROP TABLE versions; --`;
    const version = `1.0.0-x'"\\`;
    const title = 'Hate 🧨 speech \u200Fמדיניות\u200E and "quotes" \'n\' back\\slash; -- comment /* */';
    const files = {
      'guideline.md': `# ${title}\n\u0000 nul \u202E bidi override 👩‍👩‍👧 é (e\u0301)\n`,
      'schema.json': '{"id":"\'; DELETE FROM audit; --"}',
      'notes/ünïcödé.md': '$1 $$ ?1 :name @p %s',
    };
    await store.ensureSet(setId, 0, NOW);
    const v = versionOf(setId, version, { files, title, by: 'tok_\u{1F600}' });
    expect(v.contentHash).toBe(contentHash(files));
    const detail = { "key'": 'value"; DROP TABLE tokens; --', emoji: '🚀', rtl: '\u200F', nul: '\u0000', nested: { a: [1, null, true] } };
    const result = await store.submitVersion(v, true, [{ actor: v.submittedBy, action: 'version.submit', setId, version, contentHash: v.contentHash, detail }]);
    expect(result.outcome).toBe('created');
    expect(await store.getVersion(setId, version)).toEqual({ ...v, state: 'published', publishedAt: NOW });
    expect((await store.latestPublished(setId))?.files).toEqual(files);
    expect((await store.listVersions(setId, { limit: 10 })).items.map((x) => x.title)).toEqual([title]);
    const audit = (await allAudit(store)).filter((a) => a.setId === setId);
    expect(audit[0]).toMatchObject({ actor: 'tok_😀', version, detail });
    expect((await store.listSets()).some((s) => s.id === setId)).toBe(true);

    const weirdToken = token(`tok_'"; --`, { name: 'Rö\u200Fbert\'); DROP TABLE tokens;--', sets: [setId, '🧨'] });
    await store.createToken(weirdToken, { actor: 'admin', action: 'token.create', setId: null, version: null, contentHash: null, detail: {} });
    expect(await store.findTokenById(weirdToken.id)).toEqual(weirdToken);

    // The tables are all still there.
    expect(await store.getVersion('life', '1.0.0')).toBeDefined();

    // NUL cannot be part of an id (PostgreSQL text cannot hold it): refused the same way by both stores, and never found.
    await expect(store.ensureSet('nul\u0000set', 1, NOW)).rejects.toMatchObject({ code: 'invalid-value' });
    expect(await store.getVersion('nul\u0000set', '1.0.0')).toBeUndefined();
    expect(await store.getSet('nul\u0000set')).toBeUndefined();
    expect(await store.approve('nul\u0000set', '1.0.0', 'tok_x', 1, NOW, approveAudit('x', '1.0.0', 'tok_x'))).toEqual({ outcome: 'not-found' });
    const nulTitle = versionOf(setId, '2.0.0', { title: 'a\u0000b' });
    await expect(store.submitVersion(nulTitle, false, submitAudit(nulTitle))).rejects.toMatchObject({ code: 'invalid-value' });
  });

  it('normalizes times to ISO 8601 UTC and refuses times that are not dates', async () => {
    const set = await store.ensureSet('times', 1, '2025-01-02T04:04:05+01:00');
    expect(set.createdAt).toBe('2025-01-02T03:04:05.000Z');
    await expect(store.ensureSet('times-bad', 1, 'yesterday')).rejects.toMatchObject({ code: 'invalid-value' });
  });

  if (target.kind === 'sqlite') {
    it('backs up while writing: the copy opens, is consistent, and holds every version with its audit', async () => {
      await store.ensureSet('backup', 0, NOW);
      const big = 'x'.repeat(64 * 1024);
      for (let i = 0; i < 40; i++) await store.submitVersion(versionOf('backup', `0.${i}.0`, { files: { 'guideline.md': `${i}${big}` } }), true, submitAudit(versionOf('backup', `0.${i}.0`, { files: { 'guideline.md': `${i}${big}` } })));
      const dir = mkdtempSync(join(tmpdir(), 'rubric-backup-'));
      try {
        const copy = join(dir, 'sub', 'copy.sqlite');
        let writing = true;
        let written = 0;
        const writer = (async () => {
          while (writing) {
            const v = versionOf('backup', `1.${written}.0`, { files: { 'guideline.md': `${written}${big}` } });
            await store.submitVersion(v, true, submitAudit(v));
            written++;
            await new Promise((r) => setImmediate(r));
          }
        })();
        await store.backup(copy);
        writing = false;
        await writer;
        expect(written).toBeGreaterThan(0);

        const raw = new Database(copy, { readonly: true });
        expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(raw.pragma('foreign_key_check')).toEqual([]);
        raw.close();
        const restored = await openSqliteStore(copy);
        try {
          const versions = (await restored.listVersions('backup', { limit: 100 })).items;
          expect(versions.length).toBeGreaterThanOrEqual(40);
          const audit = (await allAudit(restored)).filter((a) => a.setId === 'backup');
          for (const summary of versions) {
            const full = await restored.getVersion('backup', summary.version);
            expect(contentHash(full!.files)).toBe(summary.contentHash);
            expect(audit.filter((a) => a.version === summary.version).map((a) => a.action)).toEqual(['version.submit', 'version.publish']);
          }
          expect(audit).toHaveLength(versions.length * 2);
        } finally {
          await restored.close();
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  } else {
    it('refuses backup and points to pg_dump', async () => {
      await expect(store.backup('/tmp/never.sqlite')).rejects.toThrow(/pg_dump/);
    });
  }
});

describe('openStore URLs', () => {
  it('parses sqlite, plain paths and postgres URLs, and refuses anything else', () => {
    expect(parseStoreUrl('sqlite:.data/x.sqlite')).toEqual({ kind: 'sqlite', path: '.data/x.sqlite' });
    expect(parseStoreUrl('sqlite:///var/lib/rubric.sqlite')).toEqual({ kind: 'sqlite', path: '/var/lib/rubric.sqlite' });
    expect(parseStoreUrl('sqlite:')).toEqual({ kind: 'sqlite', path: DEFAULT_SQLITE_PATH });
    expect(parseStoreUrl('./registry.db')).toEqual({ kind: 'sqlite', path: './registry.db' });
    expect(parseStoreUrl('/abs/registry.db')).toEqual({ kind: 'sqlite', path: '/abs/registry.db' });
    expect(parseStoreUrl('postgres://u:p@h:5432/db')).toEqual({ kind: 'postgres', connectionString: 'postgres://u:p@h:5432/db' });
    expect(parseStoreUrl('postgresql://h/db')).toEqual({ kind: 'postgres', connectionString: 'postgresql://h/db' });
    expect(() => parseStoreUrl('mysql://root:hunter2@h/db')).toThrow(/expected sqlite:<path>, a file path, or postgres:\/\//);
    expect(() => parseStoreUrl('mysql://root:hunter2@h/db')).not.toThrow(/hunter2/);
    expect(() => parseStoreUrl('')).toThrow(/Unexpected store URL/);
    expect(redactStoreUrl('postgres://u:secret@h/db')).toBe('postgres://u:***@h/db');
  });

  it('opens an SQLite store from a path, creating its folder, in WAL mode', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rubric-open-'));
    try {
      const path = join(dir, '.data', 'registry.sqlite');
      const store = await openStore(path);
      expect(store.kind).toBe('sqlite');
      await store.close();
      const raw = new Database(path);
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      raw.close();
      await expect(openStore('redis://localhost')).rejects.toThrow(/expected sqlite/);
      // Nothing listens on port 1: fails fast instead of hanging.
      await expect(openStore('postgres://nobody@127.0.0.1:1/none', { connectionTimeoutMs: 2000 })).rejects.toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
