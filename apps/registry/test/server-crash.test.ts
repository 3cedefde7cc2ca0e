/**
 * kill -9 of the registry server while versions are being published: after a
 * restart on the same SQLite store nothing partial is visible (every version is
 * whole: manifest, files matching its content hash, its audit entries) and
 * nothing that was acknowledged as published is lost.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { contentHash, createNodeHost, packBundle, type Bundle } from '@rubric/core';
import { generateToken } from '../src/index.js';

const main = join(import.meta.dirname, '../dist/main.js');
const repoSet = join(import.meta.dirname, '../../../guidelines/violent-speech');
const dir = mkdtempSync(join(tmpdir(), 'rubric-server-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Bundles of successive patch versions of a real set, each with its changelog entry. */
function bundles(count: number): Bundle[] {
  const work = join(dir, 'set');
  cpSync(repoSet, work, { recursive: true });
  const g0 = readFileSync(join(work, 'guideline.md'), 'utf8');
  const s0 = readFileSync(join(work, 'schema.json'), 'utf8');
  const base = /^version: (\d+)\.(\d+)\.(\d+)$/m.exec(g0);
  if (!base) throw new Error('no version in the fixture');
  const out: Bundle[] = [];
  for (let i = 1; i <= count; i++) {
    const v = `${base[1]}.${base[2]}.${Number(base[3]) + i}`;
    const g = g0.replace(/^version: .*$/m, `version: ${v}`).replace(/^## Changelog\n/m, `## Changelog\n\n### ${v} - 2026-02-${String(i).padStart(2, '0')}\n\n- Wording for the crash test, round ${i}.\n`);
    writeFileSync(join(work, 'guideline.md'), g);
    writeFileSync(join(work, 'schema.json'), s0.replace(/"version": "[^"]*"/, `"version": "${v}"`));
    const { bundle } = packBundle(work, createNodeHost());
    if (!bundle) throw new Error('pack failed');
    out.push(bundle);
  }
  return out;
}

function start(db: string, admin: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, RUBRIC_REGISTRY_PORT: '0', RUBRIC_REGISTRY_STORE: `sqlite:${db}`, RUBRIC_REGISTRY_ADMIN_TOKEN: admin, RUBRIC_REGISTRY_QUORUM: '0', RUBRIC_REGISTRY_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start: ${out}`)), 30_000);
    const check = setInterval(() => {
      const m = /"url":"(http:\/\/[^"]+)"/.exec(out);
      if (m) {
        clearInterval(check);
        clearTimeout(timer);
        resolve({ child, url: m[1] as string });
      }
    }, 25);
  });
}

describe('kill -9 while publishing', () => {
  it('loses nothing acknowledged and shows nothing partial after a restart', async () => {
    expect(readFileSync(main).length, 'apps/registry/dist/main.js is built').toBeGreaterThan(0);
    const admin = generateToken().token;
    const db = join(dir, 'registry.db');
    const all = bundles(12);
    const first = await start(db, admin);
    const acknowledged: string[] = [];
    // Publish one after another (each bump needs the previous version), kill -9 after the fourth acknowledgement.
    const publishing = (async () => {
      for (const b of all) {
        try {
          const res = await fetch(`${first.url}/v1/sets/${b.manifest.setId}/versions`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify(b) });
          if (res.status === 201) acknowledged.push(b.manifest.version);
          else throw new Error(`unexpected ${res.status}: ${await res.text()}`);
          if (acknowledged.length === 4) setTimeout(() => first.child.kill('SIGKILL'), Math.random() * 15);
        } catch (error) {
          if (acknowledged.length >= 4) return; // the server is gone
          throw error;
        }
      }
    })();
    await publishing;
    await new Promise((r) => (first.child.exitCode !== null || first.child.signalCode !== null ? r(null) : first.child.once('exit', r)));
    expect(first.child.signalCode).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThanOrEqual(4);

    const second = await start(db, admin);
    try {
      const list = (await (await fetch(`${second.url}/v1/sets/violent-speech/versions?limit=100`)).json()) as { versions: { version: string; state: string }[] };
      const present = list.versions.map((i) => i.version);
      for (const v of acknowledged) expect(present, `acknowledged ${v} survives`).toContain(v);
      const byVersion = new Map(all.map((b) => [b.manifest.version, b]));
      for (const v of present) {
        const manifest = (await (await fetch(`${second.url}/v1/sets/violent-speech/versions/${v}`)).json()) as { state: string; contentHash: string };
        expect(manifest.state).toBe('published');
        const expected = byVersion.get(v) as Bundle;
        expect(manifest.contentHash).toBe(contentHash(expected.files));
        const schema = await (await fetch(`${second.url}/v1/sets/violent-speech/versions/${v}/schema.json`)).text();
        expect(schema).toBe(expected.files['schema.json']);
        const md = await (await fetch(`${second.url}/v1/sets/violent-speech/versions/${v}/guideline.md`)).text();
        expect(md).toBe(expected.files['guideline.md']);
      }
      const { entries } = (await (await fetch(`${second.url}/v1/audit?limit=1000`, { headers: { authorization: `Bearer ${admin}` } })).json()) as { entries: { action: string; version: string | null }[] };
      for (const v of present) expect(entries.some((e) => e.action === 'version.publish' && e.version === v), `audit of ${v}`).toBe(true);
      // The next version after what survived publishes normally.
      const next = all[present.length];
      if (next) {
        const res = await fetch(`${second.url}/v1/sets/violent-speech/versions`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: JSON.stringify(next) });
        expect(res.status).toBe(201);
      }
    } finally {
      second.child.kill('SIGTERM');
    }
  });
});
