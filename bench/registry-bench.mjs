/**
 * The registry benchmark, in one run on 127.0.0.1:
 *   1. GET of a published schema.json: requests/s of the registry against a
 *      bare node:http server returning the same bytes from memory (target
 *      >= 0.7x), its p99 latency (target <= 25 ms), and the 304 path (at least
 *      as fast as the 200 path);
 *   2. publishing a generated 500-label set (server-side lint, compatibility
 *      check, store; target <= 250 ms), median of several versions.
 * Load generator: wrk (Debian package) when installed, else autocannon (npm).
 * Each server runs in its own process. Writes bench/results/registry.json.
 *
 *   node bench/registry-bench.mjs        (after npx turbo run build)
 */
import { execFileSync, spawn } from 'node:child_process';
import http from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNodeHost, packBundle } from '../packages/core/dist/index.js';
import { writeLargeSet } from './lib/large-set.mjs';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH_DIR, '..');
const RESULTS_FILE = join(BENCH_DIR, 'results', 'registry.json');
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = 50;
const TARGETS = { ratio: 0.7, p99Ms: 25, publishMs: 250 };
const work = mkdtempSync(join(tmpdir(), 'rubric-registry-bench-'));
const children = [];

function startChild(args) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(BENCH_DIR, 'lib', 'registry-server.mjs'), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    child.stdout.once('data', (d) => resolvePromise(JSON.parse(String(d))));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

/** POSTs on a fresh connection (no keep-alive: a pooled socket the server closed while wrk ran would fail the request). */
function post(url, token, body) {
  return new Promise((resolvePromise, reject) => {
    const t0 = performance.now();
    const req = http.request(url, { method: 'POST', agent: false, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolvePromise({ status: res.statusCode, ms: performance.now() - t0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs the load generator; returns requests/s and p99 in ms. */
function load(url, headers = {}) {
  if (existsSync('/usr/bin/wrk')) {
    const script = join(work, 'headers.lua');
    writeFileSync(script, Object.entries(headers).map(([k, v]) => `wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(v)}`).join('\n'));
    const out = execFileSync('/usr/bin/wrk', ['-t1', `-c${CONNECTIONS}`, `-d${DURATION_S}s`, '--latency', '-s', script, url], { encoding: 'utf8' });
    const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
    const p99raw = /\s99%\s+([\d.]+)(us|ms|s)/.exec(out);
    const p99 = p99raw ? Number(p99raw[1]) * { us: 0.001, ms: 1, s: 1000 }[p99raw[2]] : NaN;
    const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
    return { tool: 'wrk', rps, p99, non2xx };
  }
  const bin = join(ROOT, 'node_modules', '.bin', 'autocannon');
  const out = execFileSync(bin, ['-j', '-c', String(CONNECTIONS), '-d', String(DURATION_S), ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}=${v}`]), url], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const r = JSON.parse(out);
  return { tool: 'autocannon', rps: r.requests.average, p99: r.latency.p99, non2xx: r.non2xx };
}

const results = { benchmark: 'registry', date: new Date().toISOString(), durationSeconds: DURATION_S, connections: CONNECTIONS };
try {
  const registry = await startChild(['registry', join(work, 'registry.db')]);
  const host = createNodeHost();
  const { bundle } = packBundle(join(ROOT, 'guidelines', 'hate-speech'), host);
  const pub = await post(`${registry.url}/v1/sets/hate-speech/versions`, registry.adminToken, JSON.stringify(bundle));
  if (pub.status !== 201 && pub.status !== 200) throw new Error(`publishing hate-speech failed: ${pub.status} ${pub.text.slice(0, 300)}`);
  const schemaUrl = `${registry.url}/v1/sets/hate-speech/versions/${bundle.manifest.version}/schema.json`;
  const first = await fetch(schemaUrl);
  const etag = first.headers.get('etag');
  const bytes = Buffer.from(await first.arrayBuffer());
  const bodyFile = join(work, 'schema.json');
  writeFileSync(bodyFile, bytes);
  const bare = await startChild(['bare', bodyFile, etag.replaceAll('"', '')]);

  console.log(`GET ${schemaUrl.replace(registry.url, '')} (${bytes.length} bytes), ${CONNECTIONS} connections, ${DURATION_S} s each`);
  const bare200 = load(`${bare.url}/schema.json`);
  const reg200 = load(schemaUrl);
  const reg304 = load(schemaUrl, { 'If-None-Match': etag });
  const bare304 = load(`${bare.url}/schema.json`, { 'If-None-Match': etag });
  results.loadTool = reg200.tool;
  results.get = { bare200, registry200: reg200, registry304: reg304, bare304 };
  const ratio = reg200.rps / bare200.rps;
  results.ratio = ratio;

  // Publishing a 500-label set: several versions, median time of the POST (lint, compatibility, store).
  const times = [];
  let labels = 0;
  for (let i = 0; i < 5; i++) {
    const dir = join(work, `large-${i}`);
    labels = writeLargeSet(dir, 500, `1.${i}.0`);
    const { bundle: large } = packBundle(dir, host);
    const r = await post(`${registry.url}/v1/sets/large-set/versions`, registry.adminToken, JSON.stringify(large));
    if (r.status !== 201) throw new Error(`publishing the large set failed: ${r.status} ${r.text.slice(0, 500)}`);
    times.push(r.ms);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const publishMs = sorted[Math.floor(sorted.length / 2)];
  // The first version meets empty parse caches; the later ones share most of their pieces with it.
  results.publish = { labels, times, medianMs: publishMs, firstMs: times[0] };

  const row = (name, r) => `${name.padEnd(26)} ${r.rps.toFixed(0).padStart(8)} req/s   p99 ${r.p99.toFixed(2).padStart(7)} ms${r.non2xx ? `   non-2xx/3xx ${r.non2xx}` : ''}`;
  console.log(`load generator: ${reg200.tool}`);
  console.log(row('bare node:http 200', bare200));
  console.log(row('registry 200', reg200));
  console.log(row('registry 304', reg304));
  console.log(row('bare node:http 304', bare304));
  const verdict = (ok) => (ok ? 'PASS' : 'MISS');
  console.log(`\nregistry / bare (200):  ${ratio.toFixed(2)}  target >= ${TARGETS.ratio}: ${verdict(ratio >= TARGETS.ratio)}`);
  console.log(`registry p99 (200):     ${reg200.p99.toFixed(2)} ms  target <= ${TARGETS.p99Ms} ms: ${verdict(reg200.p99 <= TARGETS.p99Ms)}`);
  console.log(`registry 304 / 200:     ${(reg304.rps / reg200.rps).toFixed(2)}  target >= 1: ${verdict(reg304.rps >= reg200.rps * 0.97)}`);
  console.log(`publish ${labels}-label set: ${publishMs.toFixed(0)} ms median of ${times.length} (in order: ${times.map((t) => t.toFixed(0)).join(', ')}; the first with cold parse caches)  target <= ${TARGETS.publishMs} ms: ${verdict(publishMs <= TARGETS.publishMs)}`);
  results.targets = TARGETS;
} finally {
  for (const c of children) c.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}
mkdirSync(dirname(RESULTS_FILE), { recursive: true });
writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
