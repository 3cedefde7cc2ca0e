/**
 * Delivery to platforms over real HTTP, on SQLite and PostgreSQL: targets
 * managed through the API (secrets never stored in plain text, URLs
 * checked), webhooks that receivers verify with the documented signature,
 * Label Studio's project update, retries (500 then 200, a timeout, a
 * receiver that is down and comes back), permanent failures (400), a
 * registry restarted between attempts and after a crash mid-send, two
 * dispatchers sharing one outbox, and a graceful shutdown that lets a send
 * in flight finish.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bundle } from '@rubric/core';
import { EXPORT_FORMATS, labelStudioConfig, labelStudioFiles } from '@rubric/exporters';
import { forEachStore, queryRaw } from './support/stores.js';
import { guidelineBundle, startTestRegistry, variant, type TestRegistry } from './support/http.js';
import { freePort, startReceiver, waitFor, type Receiver } from './support/receiver.js';
import { signWebhook, verifyWebhookSignature } from '../src/delivery/signature.js';
import { backoffDelay, Dispatcher } from '../src/delivery/dispatcher.js';
import { labelStudioProjectUpdate, payloadBuilders, type DeliverySender } from '../src/delivery/payloads.js';
import { decryptSecret, encryptSecret, parseTargetKey } from '../src/delivery/secrets.js';
import { ConfigError, DEFAULT_CONFIG, loadConfig, type RegistryConfig } from '../src/config.js';
import { silentLogger } from '../src/logger.js';
import { Metrics } from '../src/metrics.js';
import { LoadedSetCache } from '../src/publish.js';
import type { DeliveryRecord } from '../src/domain.js';
import type { Store } from '../src/store/types.js';

const KEY = Buffer.alloc(32, 7).toString('base64');
const SECRET = 'whsec_test_shared_secret_3f9a1c';
const LS_TOKEN = 'ls-legacy-token-0123456789abcdef';

/** Fast retries so the suite runs in seconds. */
const FAST: Partial<RegistryConfig> = {
  deliveryPollMs: 20,
  deliveryBackoffMs: 20,
  deliveryBackoffMaxMs: 80,
  deliveryTimeoutMs: 400,
  // Long enough that recording an outcome never outlives the lease on a loaded CI machine (which would send the
  // row again and make attempt counts vary); the crash test leases its row with its own short lease.
  deliveryLeaseMs: 10_000,
  deliveryMaxAttempts: 5,
  targetKey: KEY,
};

const labelConfig = (): string => '<View><Text name="text" value="$text"/><Choices name="verdict" toName="text"><Choice value="hate.slur"/></Choices></View>';

describe('webhook signatures', () => {
  const body = '{"event":"version.published"}';
  it('verifies what signWebhook signed, within the tolerance', () => {
    const header = signWebhook(SECRET, body, 1_700_000_000);
    expect(header).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature({ secret: SECRET, header, body, now: 1_700_000_100 })).toEqual({ ok: true, timestamp: 1_700_000_000 });
  });
  it('refuses another body, another secret, an old timestamp and a malformed header', () => {
    const header = signWebhook(SECRET, body, 1_700_000_000);
    expect(verifyWebhookSignature({ secret: SECRET, header, body: `${body} `, now: 1_700_000_000 }).ok).toBe(false);
    expect(verifyWebhookSignature({ secret: 'other', header, body, now: 1_700_000_000 }).ok).toBe(false);
    expect(verifyWebhookSignature({ secret: SECRET, header, body, now: 1_700_000_301 })).toMatchObject({ ok: false, reason: expect.stringContaining('300 s') });
    expect(verifyWebhookSignature({ secret: SECRET, header: 'v1=abc', body }).ok).toBe(false);
  });
  it('accepts any of several v1 signatures (secret rotation)', () => {
    const header = `${signWebhook('old', body, 5)},v1=${signWebhook(SECRET, body, 5).split('v1=')[1]}`;
    expect(verifyWebhookSignature({ secret: SECRET, header, body, now: 5 }).ok).toBe(true);
  });
});

describe('target secrets and backoff', () => {
  it('AES-256-GCM ciphertexts decrypt only for their set and target', () => {
    const key = parseTargetKey(KEY) as Buffer;
    const sealed = encryptSecret(key, 'a-set', 'hook', SECRET);
    expect(sealed).not.toContain(SECRET);
    expect(decryptSecret(key, 'a-set', 'hook', sealed)).toBe(SECRET);
    expect(() => decryptSecret(key, 'a-set', 'other-hook', sealed)).toThrow();
    expect(parseTargetKey('short')).toBeUndefined();
    expect(parseTargetKey('ab'.repeat(32))).toHaveLength(32);
  });
  it('full jitter: a random delay below base * 2^(attempt-1), capped', () => {
    expect(backoffDelay(1, 100, 10_000, () => 0.999)).toBe(99);
    expect(backoffDelay(4, 100, 10_000, () => 0.5)).toBe(400);
    expect(backoffDelay(20, 100, 10_000, () => 0.999)).toBe(9990);
    expect(backoffDelay(3, 100, 10_000, () => 0)).toBe(0);
  });
});

describe('delivery configuration', () => {
  it('reads the delivery settings and the target key from the environment', () => {
    const config = loadConfig({ env: { RUBRIC_REGISTRY_DELIVERY_MAX_ATTEMPTS: '4', RUBRIC_REGISTRY_DELIVERY_TIMEOUT_MS: '2000', RUBRIC_REGISTRY_TARGET_KEY: KEY, RUBRIC_REGISTRY_PUBLIC_URL: 'https://registry.example.com' } });
    expect(config).toMatchObject({ deliveryMaxAttempts: 4, deliveryTimeoutMs: 2000, targetKey: KEY, publicUrl: 'https://registry.example.com' });
  });
  it('refuses a malformed key (without echoing it), a lease shorter than the timeout, and a key in a file', () => {
    const refused = (env: NodeJS.ProcessEnv): string[] => {
      try {
        loadConfig({ env });
      } catch (error) {
        return (error as ConfigError).problems;
      }
      return [];
    };
    const key = refused({ RUBRIC_REGISTRY_TARGET_KEY: 'too-short-secret' });
    expect(key).toEqual([expect.stringContaining('RUBRIC_REGISTRY_TARGET_KEY: Unexpected value (not shown), expected 32 random bytes')]);
    expect(key.join()).not.toContain('too-short-secret');
    expect(refused({ RUBRIC_REGISTRY_DELIVERY_LEASE_MS: '1000', RUBRIC_REGISTRY_DELIVERY_TIMEOUT_MS: '5000' })).toEqual([expect.stringContaining('deliveryLeaseMs: Unexpected 1000, expected more than deliveryTimeoutMs (5000)')]);
    expect(refused({ RUBRIC_REGISTRY_PUBLIC_URL: 'https://u:p@registry.example.com' })).toHaveLength(1);
  });
});

forEachStore('delivery', (open, target) => {
  let store: Store;
  let reg: TestRegistry;
  let bundle: Bundle;
  let approver: string;
  let reader: string;
  const env = { RUBRIC_TARGET_LS: LS_TOKEN, RUBRIC_TARGET_HOOK: SECRET };

  // The Label Studio payload is the real default here: the version's label-studio export.
  const start = async (s: Store, config: Partial<RegistryConfig> = {}, admin?: string): Promise<TestRegistry> =>
    startTestRegistry(s, { config: { ...FAST, ...config }, ...(admin ? { admin } : {}), start: { env } });

  /** Publishes `setId` (quorum 0) on `r`; targets configured before are delivered. */
  const publish = async (r: TestRegistry, setId: string, version = '2.0.0'): Promise<void> => {
    await r.client.request('PUT', `/v1/sets/${setId}/settings`, { token: r.admin, body: { quorum: 0 } });
    const res = await r.client.post(`/v1/sets/${setId}/versions`, { token: r.admin, body: variant(bundle, setId, version) });
    expect(res.status, res.text).toBe(201);
    expect(res.json.state).toBe('published');
  };

  const hook = async (r: TestRegistry, setId: string, url: string, id = 'hook'): Promise<void> => {
    const res = await r.client.request('PUT', `/v1/sets/${setId}/targets/${id}`, { token: r.admin, body: { kind: 'webhook', url, secret: SECRET } });
    expect(res.status, res.text).toBe(201);
  };

  const deliveries = async (r: TestRegistry, setId: string): Promise<Record<string, any>[]> => (await r.client.get(`/v1/sets/${setId}/deliveries`, { token: r.admin })).json.deliveries;

  beforeAll(async () => {
    store = await open();
    bundle = guidelineBundle('hate-speech');
    reg = await start(store);
    approver = await reg.client.token(reg.admin, 'ana', 'approver', ['targets-api']);
    reader = await reg.client.token(reg.admin, 'rui', 'reader');
  });
  afterAll(async () => {
    await reg?.close();
  });

  it('manages targets: secrets sealed (never in the database or the answers), URLs and fields checked, approvers of the set only', async () => {
    const set = 'targets-api';
    const put = await reg.client.request('PUT', `/v1/sets/${set}/targets/hook`, { token: approver, body: { kind: 'webhook', url: 'https://hooks.example.com/rubric?team=ts', secret: SECRET } });
    expect(put.status).toBe(201);
    expect(put.headers.get('location')).toBe(`/v1/sets/${set}/targets/hook`);
    expect(put.json).toMatchObject({ setId: set, id: 'hook', kind: 'webhook', url: 'https://hooks.example.com/rubric?team=ts', secret: { source: 'encrypted', available: true }, enabled: true, updatedBy: 'ana' });
    expect(put.text).not.toContain(SECRET);

    const ls = await reg.client.request('PUT', `/v1/sets/${set}/targets/ls-prod`, { token: approver, body: { kind: 'label-studio', url: 'https://ls.example.com/', projectId: 12, secretEnv: 'RUBRIC_TARGET_LS' } });
    expect(ls.status).toBe(201);
    expect(ls.json).toMatchObject({ url: 'https://ls.example.com', projectId: 12, secret: { source: 'env', env: 'RUBRIC_TARGET_LS', available: true } });
    const missing = await reg.client.request('PUT', `/v1/sets/${set}/targets/ls-prod`, { token: approver, body: { kind: 'label-studio', url: 'https://ls.example.com', projectId: 12, secretEnv: 'RUBRIC_TARGET_NOT_SET' } });
    expect(missing.status).toBe(200);
    expect(missing.json.secret).toEqual({ source: 'env', env: 'RUBRIC_TARGET_NOT_SET', available: false });

    const list = await reg.client.get(`/v1/sets/${set}/targets`, { token: approver });
    expect(list.json.targets.map((t: { id: string }) => t.id)).toEqual(['hook', 'ls-prod']);
    expect(list.text).not.toContain(SECRET);

    // What the database holds: a ciphertext, never the secret (targets and the audit log).
    const rows = await queryRaw(target, 'SELECT * FROM delivery_targets');
    const audit = await queryRaw(target, 'SELECT * FROM audit');
    expect(JSON.stringify(rows)).not.toContain(SECRET);
    expect(JSON.stringify(audit)).not.toContain(SECRET);
    expect(JSON.stringify(rows)).toContain('v1.');
    expect(audit.filter((a) => a.action === 'target.configure')).toHaveLength(3);

    const bad = async (body: unknown, path: string): Promise<void> => {
      const res = await reg.client.request('PUT', `/v1/sets/${set}/targets/x`, { token: approver, body });
      expect(res.status, res.text).toBe(400);
      expect(res.json.code).toBe('invalid-body');
      expect(res.json.errors[0].path).toBe(path);
    };
    await bad({ kind: 'webhook', url: 'ftp://example.com/x', secret: 's' }, '/url');
    await bad({ kind: 'webhook', url: 'https://user:pw@example.com/x', secret: 's' }, '/url');
    await bad({ kind: 'webhook', url: 'https://example.com/x#frag', secret: 's' }, '/url');
    await bad({ kind: 'webhook', url: 'not a url', secret: 's' }, '/url');
    await bad({ kind: 'email', url: 'https://example.com', secret: 's' }, '/kind');
    await bad({ kind: 'webhook', url: 'https://example.com', secretEnv: 'DATABASE_URL' }, '/secretEnv');
    await bad({ kind: 'webhook', url: 'https://example.com' }, '/secretEnv');
    await bad({ kind: 'label-studio', url: 'https://ls.example.com', secretEnv: 'RUBRIC_TARGET_LS' }, '/projectId');
    await bad({ kind: 'webhook', url: 'https://example.com', secret: 's', extra: 1 }, '/extra');
    const credentials = await reg.client.request('PUT', `/v1/sets/${set}/targets/x`, { token: approver, body: { kind: 'webhook', url: 'https://user:hunter2@example.com/x', secret: 's' } });
    expect(credentials.text).not.toContain('hunter2');
    const badId = await reg.client.request('PUT', `/v1/sets/${set}/targets/Bad_Id`, { token: approver, body: { kind: 'webhook', url: 'https://example.com', secret: 's' } });
    expect(badId.json).toMatchObject({ status: 400, code: 'invalid-parameter', errors: [{ path: '/params/targetId' }] });

    expect((await reg.client.get(`/v1/sets/${set}/targets`)).status).toBe(401);
    expect((await reg.client.get(`/v1/sets/${set}/targets`, { token: reader })).json.code).toBe('forbidden');
    expect((await reg.client.get(`/v1/sets/other-set/targets`, { token: approver })).json.code).toBe('forbidden');
    expect((await reg.client.get('/v1/deliveries', { token: approver })).status).toBe(403);
    expect((await reg.client.get(`/v1/deliveries?set=${set}`, { token: approver })).status).toBe(200);

    const del = await reg.client.request('DELETE', `/v1/sets/${set}/targets/ls-prod`, { token: approver });
    expect(del.status).toBe(200);
    expect((await reg.client.request('DELETE', `/v1/sets/${set}/targets/ls-prod`, { token: approver })).status).toBe(404);
    expect((await reg.client.get(`/v1/sets/${set}/targets/ls-prod`, { token: approver })).status).toBe(404);
  });

  it('refuses a plain secret when the registry has no target key (422 target-key-missing), and takes secretEnv', async () => {
    const keyless = await startTestRegistry(await open(), { config: { ...FAST, targetKey: undefined, deliveryPollMs: 0 } });
    try {
      const res = await keyless.client.request('PUT', '/v1/sets/no-key/targets/hook', { token: keyless.admin, body: { kind: 'webhook', url: 'https://example.com', secret: SECRET } });
      expect(res.status).toBe(422);
      expect(res.json).toMatchObject({ code: 'target-key-missing', errors: [{ path: '/secret' }] });
      const env = await keyless.client.request('PUT', '/v1/sets/no-key/targets/hook', { token: keyless.admin, body: { kind: 'webhook', url: 'https://example.com', secretEnv: 'RUBRIC_TARGET_HOOK' } });
      expect(env.status).toBe(201);
    } finally {
      await keyless.close();
    }
  });

  it('a webhook that fails with 500 and then answers 200: two signed attempts with the same delivery id, then delivered', async () => {
    const set = 'hook-retry';
    const receiver = await startReceiver((n) => ({ status: n === 0 ? 500 : 200 }));
    try {
      await hook(reg, set, `${receiver.url}/rubric/events`);
      const before = Date.now();
      await publish(reg, set);
      const done = await waitFor('delivered', async () => (await deliveries(reg, set)).find((d) => d.status === 'delivered'));
      expect(done).toMatchObject({ setId: set, version: '2.0.0', targetId: 'hook', kind: 'webhook', attempts: 2, lastStatus: 200, lastError: null, nextAttemptAt: null });
      expect(receiver.requests).toHaveLength(2);
      const [first, second] = receiver.requests as [(typeof receiver.requests)[0], (typeof receiver.requests)[0]];
      for (const [i, req] of receiver.requests.entries()) {
        expect(req.method).toBe('POST');
        expect(req.path).toBe('/rubric/events');
        expect(req.headers['content-type']).toBe('application/json');
        expect(req.headers['rubric-event']).toBe('version.published');
        expect(req.headers['rubric-delivery']).toBe(done.id);
        expect(req.headers['rubric-attempt']).toBe(String(i + 1));
        const check = verifyWebhookSignature({ secret: SECRET, header: req.headers['rubric-signature'] as string, body: req.body });
        expect(check).toMatchObject({ ok: true });
        // Fresh: signed at the attempt, not at publish time.
        expect(Math.abs((check as { timestamp: number }).timestamp * 1000 - req.at)).toBeLessThan(2000);
        expect(verifyWebhookSignature({ secret: 'wrong', header: req.headers['rubric-signature'] as string, body: req.body }).ok).toBe(false);
      }
      expect(second.body).toBe(first.body);
      expect(second.at).toBeGreaterThanOrEqual(before);
      const event = JSON.parse(first.body);
      const base = `${reg.url}/v1/sets/${set}/versions/2.0.0`;
      expect(event).toEqual({
        event: 'version.published',
        set,
        version: '2.0.0',
        contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
        hashes: { 'guideline.md': expect.stringMatching(/^[0-9a-f]{64}$/), 'schema.json': expect.stringMatching(/^[0-9a-f]{64}$/) },
        links: {
          manifest: base,
          schema: `${base}/schema.json`,
          guideline: `${base}/guideline.md`,
          html: `${base}/guideline.html`,
          exports: Object.fromEntries(EXPORT_FORMATS.map((f) => [f, `${base}/exports/${f}`])),
        },
        deliveryId: done.id,
      });
      // The links work, the export links too.
      expect((await fetch(event.links.schema)).status).toBe(200);
      for (const link of Object.values(event.links.exports as Record<string, string>)) {
        const listing = await fetch(link);
        expect(listing.status, link).toBe(200);
        expect(((await listing.json()) as { contentHash: string }).contentHash).toBe(event.contentHash);
      }
      // The catalog's version page says where the version went, without the receiver's URL.
      const page = await (await fetch(`${reg.url}/sets/${set}/2.0.0`)).text();
      expect(page).toMatch(/Delivered to platforms: <span class="delivery delivered"><code>hook<\/code> <span class="muted">webhook<\/span>: delivered <time/);
      expect(page).not.toContain(receiver.url);
      const metrics = await (await fetch(`${reg.url}/metrics`)).text();
      expect(metrics).toMatch(/rubric_registry_delivery_attempts_total\{kind="webhook",outcome="retry"\} [1-9]/);
      expect(metrics).toMatch(/rubric_registry_delivery_attempts_total\{kind="webhook",outcome="delivered"\} [1-9]/);
    } finally {
      await receiver.close();
    }
  });

  it('a 400 fails the delivery at once; a 429 and a timeout are retried; maxAttempts ends the retries', async () => {
    const refusing = await startReceiver(() => ({ status: 400, body: 'unknown event' }));
    const slow = await startReceiver((n) => (n === 0 ? { status: 200, delayMs: 1500 } : n === 1 ? { status: 429 } : { status: 204 }));
    const broken = await startReceiver(() => ({ status: 503 }));
    try {
      await hook(reg, 'hook-fail', refusing.url);
      await hook(reg, 'hook-slow', slow.url);
      await hook(reg, 'hook-broken', broken.url);
      await Promise.all([publish(reg, 'hook-fail'), publish(reg, 'hook-slow'), publish(reg, 'hook-broken')]);
      const failed = await waitFor('failed', async () => (await deliveries(reg, 'hook-fail')).find((d) => d.status === 'failed'));
      expect(failed).toMatchObject({ attempts: 1, lastStatus: 400, lastError: 'HTTP 400: unknown event' });
      const delivered = await waitFor('delivered', async () => (await deliveries(reg, 'hook-slow')).find((d) => d.status === 'delivered'));
      expect(delivered).toMatchObject({ attempts: 3, lastStatus: 204 });
      const gaveUp = await waitFor('gave up', async () => (await deliveries(reg, 'hook-broken')).find((d) => d.status === 'failed'));
      expect(gaveUp).toMatchObject({ attempts: 5, lastStatus: 503 });
      expect(gaveUp.lastError).toContain('gave up after 5 attempts');
      expect(broken.requests).toHaveLength(5);
      await new Promise((r) => setTimeout(r, 150));
      expect(refusing.requests).toHaveLength(1);
      const failedOnly = await reg.client.get('/v1/deliveries?status=failed', { token: reg.admin });
      expect(failedOnly.json.deliveries.map((d: DeliveryRecord) => d.setId).sort()).toEqual(['hook-broken', 'hook-fail']);
    } finally {
      await Promise.all([refusing.close(), slow.close(), broken.close()]);
    }
  });

  it('a receiver that is down (connection refused) gets the delivery once it is back', async () => {
    const set = 'hook-down';
    const port = await freePort();
    await hook(reg, set, `http://127.0.0.1:${port}/in`);
    await publish(reg, set);
    const refused = await waitFor('a refused attempt', async () => (await deliveries(reg, set)).find((d) => d.attempts >= 1 && d.lastError));
    expect(refused.status).toBe('pending');
    expect(refused.lastError).toMatch(/ECONNREFUSED/);
    const receiver = await startReceiver(() => ({ status: 200 }), port);
    try {
      await waitFor('delivered', async () => (await deliveries(reg, set)).find((d) => d.status === 'delivered'));
      expect(receiver.requests).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });

  it('Label Studio (the failure modes a real server cannot be made to show): a 5xx, an answer slower than the timeout and a reset connection are retried with the token, until maxAttempts fails the delivery', async () => {
    const set = 'ls-delivery';
    // Every attempt starts by listing projects; the receiver never lets one get further.
    const ls = await startReceiver((n) => (n === 0 ? { status: 503, body: '{"detail":"maintenance"}' } : n === 1 ? { status: 200, delayMs: 1500, body: '{"results":[]}' } : n === 2 ? { status: 200, destroy: true } : { status: 502, body: 'bad gateway' }));
    try {
      const put = await reg.client.request('PUT', `/v1/sets/${set}/targets/studio`, { token: reg.admin, body: { kind: 'label-studio', url: `${ls.url}/ls/`, projectId: 'create', secretEnv: 'RUBRIC_TARGET_LS' } });
      expect(put.status, put.text).toBe(201);
      expect(put.json).toMatchObject({ url: `${ls.url}/ls`, projectId: 'create', breaking: 'new-project' });
      await publish(reg, set);
      const failed = await waitFor('failed', async () => (await deliveries(reg, set)).find((d) => d.status === 'failed'), 20_000);
      expect(failed).toMatchObject({ attempts: 5, lastStatus: 502, detail: null });
      expect(failed.lastError).toBe('Label Studio answered GET /api/projects/?page=1&page_size=100 with HTTP 502: bad gateway (gave up after 5 attempts)');
      expect(ls.requests.map((r) => `${r.method} ${r.path}`)).toEqual(Array(5).fill('GET /ls/api/projects/?page=1&page_size=100'));
      for (const req of ls.requests) expect(req.headers.authorization).toBe(`Token ${LS_TOKEN}`);
      const metrics = await (await fetch(`${reg.url}/metrics`)).text();
      expect(metrics).toMatch(/rubric_registry_delivery_attempts_total\{kind="label-studio",outcome="retry"\} 4/);
      expect(metrics).toMatch(/rubric_registry_delivery_attempts_total\{kind="label-studio",outcome="failed"\} 1/);
    } finally {
      await ls.close();
    }
  });

  it('Label Studio: what each attempt said is kept (503, timeout, reset), in Label Studio\'s words', async () => {
    const dispatch = async (answer: Parameters<typeof startReceiver>[0]): Promise<string | null> => {
      const ls = await startReceiver(answer);
      try {
        const version = (await store.getVersion('ls-delivery', '2.0.0')) as NonNullable<Awaited<ReturnType<Store['getVersion']>>>;
        const loaded = new LoadedSetCache().get(version);
        const target = { setId: 'ls-delivery', id: 'studio', kind: 'label-studio' as const, url: ls.url, options: { projectId: 'create' }, secret: { kind: 'env' as const, env: 'RUBRIC_TARGET_LS' }, enabled: true, createdAt: '', updatedAt: '', updatedBy: '' };
        const delivery = { id: 'dlv_test', seq: 1, setId: 'ls-delivery', version: '2.0.0', contentHash: version.contentHash, targetId: 'studio', kind: 'label-studio' as const, status: 'pending' as const, attempts: 1, nextAttemptAt: '', leaseOwner: null, leaseUntil: null, lastStatus: null, lastError: null, detail: null, createdAt: '', updatedAt: '', deliveredAt: null };
        const sender = payloadBuilders()['label-studio'] as DeliverySender;
        const sent = await sender.send({ delivery, target, version, set: loaded.set, loaded, secret: LS_TOKEN, publicUrl: 'http://registry.test', now: new Date() }, { timeoutMs: 300, deadline: Date.now() + 10_000 });
        expect(sent.outcome).toBe('retry');
        return sent.outcome === 'retry' ? sent.reason : null;
      } finally {
        await ls.close();
      }
    };
    expect(await dispatch(() => ({ status: 503, body: '{"id":"x","status_code":503,"detail":"maintenance"}' }))).toBe('Label Studio answered GET /api/projects/?page=1&page_size=100 with HTTP 503: maintenance');
    expect(await dispatch(() => ({ status: 200, delayMs: 1000, body: '{}' }))).toMatch(/^Label Studio at http:\/\/127\.0\.0\.1:\d+ did not answer GET \/api\/projects\/\?page=1&page_size=100 within 300 ms$/);
    expect(await dispatch(() => ({ status: 200, destroy: true }))).toMatch(/^Label Studio at http:\/\/127\.0\.0\.1:\d+ cannot be reached \((UND_ERR_SOCKET|ECONNRESET|other side closed)/);
    expect(await dispatch(() => ({ status: 429 }))).toBe('Label Studio answered GET /api/projects/?page=1&page_size=100 with HTTP 429: answer 429');
  });

  it('Label Studio: a stand-in label config replaces the export\'s (the instructions still come from the export); a set Label Studio cannot express fails at once', async () => {
    const ls = await startReceiver(() => ({ status: 200, body: '{"id":8}' }));
    try {
      const put = async (r: TestRegistry, set: string): Promise<void> => {
        const res = await r.client.request('PUT', `/v1/sets/${set}/targets/studio`, { token: r.admin, body: { kind: 'label-studio', url: ls.url, projectId: 8, secretEnv: 'RUBRIC_TARGET_LS' } });
        expect(res.status, res.text).toBe(201);
      };
      // What a registry started with `labelConfig` sends as the project's config, on a stored version.
      const version = (await store.getVersion('ls-delivery', '2.0.0')) as NonNullable<Awaited<ReturnType<Store['getVersion']>>>;
      const loaded = new LoadedSetCache().get(version);
      expect(labelStudioProjectUpdate({ set: loaded.set, loaded, version }, labelConfig)).toEqual({ label_config: labelConfig(), show_instruction: true, expert_instruction: expect.stringMatching(/^<div class="rubric-guideline/) });
      // Without one, the version's label-studio export with the stored content hash.
      const meta = { setId: 'ls-delivery', version: '2.0.0', contentHash: version.contentHash };
      const update = labelStudioProjectUpdate({ set: loaded.set, loaded, version });
      expect(update.label_config).toBe(labelStudioConfig(loaded.set, meta));
      expect(update.label_config).toContain(`rubric:set=ls-delivery rubric:version=2.0.0 rubric:contentHash=${version.contentHash}`);
      expect(JSON.parse(labelStudioFiles(loaded.set, meta).find((f) => f.name === 'label-studio/project.json')?.content as string).expert_instruction).toBe(update.expert_instruction);
      expect(update.expert_instruction).not.toMatch(/<script/i);

      // target.when naming labels of two levels of verdict: no config can be built, nothing is sent.
      const mixed = variant(bundle, 'ls-mixed', '2.0.0', (files) => {
        const schema = JSON.parse(files['schema.json'] as string) as { questions: { id: string; when?: { answers: string[] } }[] };
        schema.questions.find((q) => q.id === 'target')?.when?.answers.push('hate.violence.call');
        files['schema.json'] = `${JSON.stringify(schema, null, 2)}\n`;
      });
      await put(reg, 'ls-mixed');
      await reg.client.request('PUT', '/v1/sets/ls-mixed/settings', { token: reg.admin, body: { quorum: 0 } });
      expect((await reg.client.post('/v1/sets/ls-mixed/versions', { token: reg.admin, body: mixed })).status).toBe(201);
      const failed = await waitFor('failed', async () => (await deliveries(reg, 'ls-mixed')).find((d) => d.status === 'failed'));
      expect(failed).toMatchObject({ attempts: 1, lastStatus: null });
      expect(failed.lastError).toContain('the Label Studio export of ls-mixed@2.0.0 could not be built: ls-mixed question target: when names labels that Label Studio cannot test together');
      expect(ls.requests).toHaveLength(0);
    } finally {
      await ls.close();
    }
  });

  it('disabled targets and deleted targets get nothing; a deleted target fails its pending deliveries', async () => {
    const set = 'hook-disabled';
    const receiver = await startReceiver(() => ({ status: 503 }));
    try {
      const off = await reg.client.request('PUT', `/v1/sets/${set}/targets/off`, { token: reg.admin, body: { kind: 'webhook', url: receiver.url, secret: SECRET, enabled: false } });
      expect(off.json.enabled).toBe(false);
      await hook(reg, set, receiver.url, 'on');
      await publish(reg, set);
      await waitFor('an attempt', () => receiver.requests.length >= 1);
      await reg.client.request('DELETE', `/v1/sets/${set}/targets/on`, { token: reg.admin });
      const [row] = await deliveries(reg, set);
      expect(row).toMatchObject({ targetId: 'on', status: 'failed', lastError: 'the target was deleted' });
      expect((await deliveries(reg, set)).map((d) => d.targetId)).toEqual(['on']);
    } finally {
      await receiver.close();
    }
  });
});

forEachStore('delivery across processes', (open) => {
  // No registry runs a dispatcher in this block unless a test starts one: each test decides who sends.
  let store: Store;
  let bundle: Bundle;
  const env = { RUBRIC_TARGET_HOOK: SECRET };
  const start = async (s: Store, config: Partial<RegistryConfig> = {}, admin?: string): Promise<TestRegistry> =>
    startTestRegistry(s, { config: { ...FAST, ...config }, ...(admin ? { admin } : {}), start: { env, labelConfig } });
  const publish = async (r: TestRegistry, setId: string): Promise<void> => {
    await r.client.request('PUT', `/v1/sets/${setId}/settings`, { token: r.admin, body: { quorum: 0 } });
    const res = await r.client.post(`/v1/sets/${setId}/versions`, { token: r.admin, body: variant(bundle, setId, '2.0.0') });
    expect(res.status, res.text).toBe(201);
  };
  const hook = async (r: TestRegistry, setId: string, url: string, id = 'hook'): Promise<void> => {
    const res = await r.client.request('PUT', `/v1/sets/${setId}/targets/${id}`, { token: r.admin, body: { kind: 'webhook', url, secret: SECRET } });
    expect(res.status, res.text).toBe(201);
  };
  const deliveries = async (r: TestRegistry, setId: string): Promise<Record<string, any>[]> => (await r.client.get(`/v1/sets/${setId}/deliveries`, { token: r.admin })).json.deliveries;

  beforeAll(async () => {
    store = await open();
    bundle = guidelineBundle('hate-speech');
  });

  it('restart between attempts: the pending delivery is sent by the next process, and never again after the ack', async () => {
    const set = 'hook-restart';
    const receiver = await startReceiver(() => ({ status: 503 }));
    const own = await start(await open(), { deliveryBackoffMs: 300, deliveryBackoffMaxMs: 300 });
    try {
      await hook(own, set, receiver.url);
      await publish(own, set);
      await waitFor('first attempt', () => receiver.requests.length >= 1);
      await own.close();
      const seen = receiver.requests.length;
      receiver.respond(() => ({ status: 200 }));
      const second = await start(await open(), {}, own.admin);
      try {
        await waitFor('delivered after restart', async () => (await deliveries(second, set)).find((d) => d.status === 'delivered'));
        expect(receiver.requests.length).toBe(seen + 1);
      } finally {
        await second.close();
      }
      const third = await start(await open(), {}, own.admin);
      try {
        await new Promise((r) => setTimeout(r, 200));
        expect(receiver.requests.filter((r) => r.status === 200)).toHaveLength(1);
        expect(receiver.requests.length).toBe(seen + 1);
      } finally {
        await third.close();
      }
    } finally {
      await receiver.close();
    }
  });

  it('a crash mid-send: the lease expires and another dispatcher sends the row again under the same delivery id', async () => {
    const set = 'hook-crash';
    const receiver = await startReceiver(() => ({ status: 200 }));
    const paused = await start(await open(), { deliveryPollMs: 0 });
    try {
      await hook(paused, set, receiver.url);
      await publish(paused, set);
      // A process that leased the row and died before recording anything.
      const [leased] = await store.claimDeliveries({ owner: 'crashed-instance', now: new Date().toISOString(), leaseMs: 400, limit: 10 });
      expect(leased?.delivery).toMatchObject({ setId: set, attempts: 1, leaseOwner: 'crashed-instance' });
      const rescuer = new Dispatcher({ store: await open(), config: { ...DEFAULT_CONFIG, ...FAST }, logger: silentLogger(), metrics: new Metrics(), sets: new LoadedSetCache(), builders: payloadBuilders(labelConfig), publicUrl: 'http://registry.test', targetKey: parseTargetKey(KEY) });
      expect(await rescuer.runOnce()).toBe(0);
      await new Promise((r) => setTimeout(r, 450));
      expect(await rescuer.runOnce()).toBe(1);
      expect(receiver.requests).toHaveLength(1);
      expect(receiver.requests[0]?.headers['rubric-delivery']).toBe(leased?.delivery.id);
      expect(receiver.requests[0]?.headers['rubric-attempt']).toBe('2');
      // The crashed process cannot overwrite the acknowledged outcome.
      expect(await store.finishDelivery(leased?.delivery.id as string, 'crashed-instance', { status: 'pending', at: new Date().toISOString(), nextAttemptAt: new Date().toISOString(), lastStatus: 500, lastError: 'late' })).toBe(false);
      const [row] = await deliveries(paused, set);
      expect(row).toMatchObject({ status: 'delivered', attempts: 2 });
    } finally {
      await paused.close();
      await receiver.close();
    }
  });

  it('two dispatchers on one store deliver each row exactly once', async () => {
    const set = 'hook-fanout';
    const receiver = await startReceiver(() => ({ status: 200, delayMs: 30 }));
    const paused = await start(await open(), { deliveryPollMs: 0 });
    try {
      for (let i = 0; i < 24; i++) await hook(paused, set, `${receiver.url}/t/${i}`, `hook-${i}`);
      await publish(paused, set);
      const make = async (owner: string): Promise<Dispatcher> =>
        new Dispatcher({ store: await open(), owner, config: { ...DEFAULT_CONFIG, ...FAST, deliveryPollMs: 5 }, logger: silentLogger(), metrics: new Metrics(), sets: new LoadedSetCache(), builders: payloadBuilders(labelConfig), publicUrl: 'http://registry.test', targetKey: parseTargetKey(KEY) });
      const a = await make('a');
      const b = await make('b');
      a.start();
      b.start();
      try {
        await waitFor('all delivered', async () => (await store.listDeliveries({ setId: set, limit: 100 })).items.every((d) => d.status === 'delivered'));
      } finally {
        await Promise.all([a.stop(), b.stop()]);
      }
      const ids = receiver.requests.map((r) => r.headers['rubric-delivery']);
      expect(ids).toHaveLength(24);
      expect(new Set(ids).size).toBe(24);
      expect(new Set(receiver.requests.map((r) => r.path)).size).toBe(24);
    } finally {
      await paused.close();
      await receiver.close();
    }
  });

  it('graceful shutdown waits for a send in flight and records it', async () => {
    const set = 'hook-shutdown';
    const receiver = await startReceiver(() => ({ status: 200, delayMs: 250 }));
    const own = await start(await open());
    try {
      await hook(own, set, receiver.url);
      await publish(own, set);
      await waitFor('request arrived', () => receiver.requests.length === 1);
      await own.close();
      const [row] = (await store.listDeliveries({ setId: set, limit: 10 })).items;
      expect(row).toMatchObject({ status: 'delivered', attempts: 1, lastStatus: 200 });
    } finally {
      await receiver.close();
    }
  });

});
