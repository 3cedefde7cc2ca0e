/**
 * The process around the app: configuration from file and environment (bad
 * values named with where they came from), the bootstrap admin token, one
 * JSON log line per request without secrets, /metrics, graceful shutdown that
 * finishes in-flight requests, and main.js under SIGTERM.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_CONFIG, loadConfig } from '../src/config.js';
import { generateToken } from '../src/auth.js';
import { createLogger, flushRequestLines } from '../src/logger.js';
import { startRegistry } from '../src/server.js';
import { openStore } from '../src/store/index.js';
import { guidelineBundle, startTestRegistry } from './support/http.js';

const dir = mkdtempSync(join(tmpdir(), 'rubric-registry-server-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('configuration', () => {
  it('defaults, then the file, then the environment, then overrides', () => {
    expect(loadConfig({ env: {} })).toEqual(DEFAULT_CONFIG);
    expect(DEFAULT_CONFIG).toMatchObject({ host: '127.0.0.1', port: 8787, store: 'sqlite:.data/registry.db', readsPublic: true, defaultQuorum: 1, bodyLimitBytes: 8 * 1024 * 1024 });
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ port: 9000, readsPublic: false, defaultQuorum: 2 }));
    const config = loadConfig({ env: { RUBRIC_REGISTRY_CONFIG: file, RUBRIC_REGISTRY_PORT: '9100', RUBRIC_REGISTRY_READS_PUBLIC: 'true', RUBRIC_REGISTRY_ADMIN_TOKEN: 'rbt_x' }, overrides: { port: 0 } });
    expect(config).toMatchObject({ port: 0, readsPublic: true, defaultQuorum: 2, adminToken: 'rbt_x' });
  });

  it('names every refused value with where it came from and what was expected', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ port: 'eighty', quorum: 1, adminToken: 'rbt_a_b' }));
    let error: unknown;
    try {
      loadConfig({ file, env: { RUBRIC_REGISTRY_QUORUM: '-1', RUBRIC_REGISTRY_LOG_LEVEL: 'loud' } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      `${file}: /port: Unexpected "eighty", expected an integer from 0 to 65535`,
      `${file}: /quorum: Unexpected setting, expected one of host, port, store, readsPublic, defaultQuorum, bodyLimitBytes, logLevel, hotCacheBytes, shutdownGraceMs, publicUrl, deliveryPollMs, deliveryMaxAttempts, deliveryTimeoutMs, deliveryBackoffMs, deliveryBackoffMaxMs, deliveryLeaseMs, qualityMemoryMb, qualityJobs, qualityPullIntervalMs`,
      `${file}: /adminToken: Unexpected secret in a file, expected it in RUBRIC_REGISTRY_ADMIN_TOKEN`,
      'RUBRIC_REGISTRY_QUORUM: Unexpected "-1", expected an integer from 0 to 10',
      'RUBRIC_REGISTRY_LOG_LEVEL: Unexpected "loud", expected one of fatal, error, warn, info, debug, trace, silent',
    ]);
    writeFileSync(file, '{ nope');
    expect(() => loadConfig({ file, env: {} })).toThrow(/Unexpected JSON syntax/);
  });

  it('refuses a bootstrap admin token that is not one, suggesting a real one', async () => {
    const store = await openStore('sqlite::memory:');
    try {
      await expect(startRegistry({ config: { ...DEFAULT_CONFIG, port: 0, adminToken: 'hunter2' }, store, logger: pino({ level: 'silent' }) })).rejects.toThrow(/RUBRIC_REGISTRY_ADMIN_TOKEN: Unexpected value, expected rbt_<id>_<secret> .*for example rbt_[a-z0-9]{16}_/);
    } finally {
      await store.close();
    }
  });
});

describe('logs, metrics and shutdown', () => {
  it('writes one JSON line per request, never the Authorization header or a token', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const store = await openStore('sqlite::memory:');
    const reg = await startTestRegistry(store, { logger: createLogger('info', sink), config: { defaultQuorum: 0 } });
    try {
      const ci = await reg.client.token(reg.admin, 'ci', 'submitter');
      await reg.client.post('/v1/sets/hate-speech/versions', { token: ci, body: guidelineBundle('hate-speech') });
      await new Promise((r) => setTimeout(r, 50));
      await reg.client.get('/v1/sets/hate-speech/versions/2.0.0/schema.json');
      await reg.client.get('/v1/sets/hate-speech/versions/2.0.0/schema.json', { token: 'rbt_bad' });
      flushRequestLines();
      await new Promise((r) => setTimeout(r, 50));
      const requests = lines.filter((l) => l.msg === 'request');
      expect(requests.map((l) => `${l.method} ${l.route} ${l.status}${l.hot ? ' hot' : ''}`)).toEqual([
        'POST /v1/tokens 201',
        'POST /v1/sets/:id/versions 201',
        'GET /v1/sets/:id/versions/:version/schema.json 200 hot',
        'GET authentication 401',
      ]);
      expect(requests[1]).toMatchObject({ level: 'info', principal: 'ci', path: '/v1/sets/hate-speech/versions', ms: expect.any(Number), time: expect.any(String) });
      const all = JSON.stringify(lines);
      expect(all).not.toContain(reg.admin);
      expect(all).not.toContain(ci);
      expect(all).not.toContain('rbt_bad');
      expect(all.toLowerCase()).not.toContain('authorization');

      const metrics = await (await fetch(`${reg.url}/metrics`)).text();
      expect(metrics).toContain('rubric_registry_http_requests_total{method="POST",route="/v1/sets/:id/versions",status="201"} 1');
      expect(metrics).toContain('rubric_registry_versions_published_total 1');
      expect(metrics).toMatch(/rubric_registry_http_request_duration_seconds_bucket\{route="\/v1\/sets\/:id\/versions\/:version\/schema.json",le="\+Inf"\} 1/);
      expect(metrics).toContain('rubric_registry_hot_cache_hits_total 1');
    } finally {
      await reg.close();
      await store.close();
    }
  });

  it('a graceful shutdown finishes the request in flight, then refuses new connections', async () => {
    const store = await openStore('sqlite::memory:');
    const reg = await startTestRegistry(store);
    const token = await reg.client.token(reg.admin, 'ops', 'admin');
    // A request whose body is still arriving when the shutdown starts.
    let push: (chunk: string) => void = () => {};
    let end: () => void = () => {};
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        push = (chunk) => controller.enqueue(new TextEncoder().encode(chunk));
        end = () => controller.close();
      },
    });
    const inFlight = fetch(`${reg.url}/v1/sets/slow-set/settings`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit);
    push('{"quorum":');
    await new Promise((r) => setTimeout(r, 100));
    const closing = reg.close();
    await new Promise((r) => setTimeout(r, 100));
    await expect(fetch(`${reg.url}/healthz`)).rejects.toThrow();
    push('2}');
    end();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(((await res.json()) as { quorum: number }).quorum).toBe(2);
    await closing;
    expect((await store.getSet('slow-set'))?.quorum).toBe(2);
    await store.close();
  });
});

describe('main.js', () => {
  const main = join(import.meta.dirname, '../dist/main.js');

  it('starts from the environment, serves, and stops cleanly on SIGTERM', async () => {
    expect(existsSync(main), 'apps/registry/dist/main.js is built (turbo runs build before test)').toBe(true);
    const admin = generateToken().token;
    const db = join(dir, 'main.db');
    const child = spawn(process.execPath, [main], {
      env: { ...process.env, RUBRIC_REGISTRY_PORT: '0', RUBRIC_REGISTRY_STORE: `sqlite:${db}`, RUBRIC_REGISTRY_ADMIN_TOKEN: admin, RUBRIC_REGISTRY_LOG_LEVEL: 'info' },
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start: ${out}`)), 20_000);
      const check = setInterval(() => {
        const m = /"url":"(http:\/\/[^"]+)"/.exec(out);
        if (m) {
          clearInterval(check);
          clearTimeout(timer);
          resolve(m[1] as string);
        }
      }, 50);
    });
    const tokens = await fetch(`${url}/v1/tokens`, { headers: { authorization: `Bearer ${admin}` } });
    expect(tokens.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const lines = out.trim().split('\n').map((l) => JSON.parse(l) as { msg: string });
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['created the bootstrap admin token', 'registry listening', 'request', 'signal received', 'registry stopped']));
    expect(out).not.toContain(admin);
    expect(readFileSync(db).length).toBeGreaterThan(0);
  });
});
