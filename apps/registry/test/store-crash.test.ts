/**
 * kill -9 durability of the SQLite store, and several processes racing on one
 * file. Child node processes run the real store code (this package's src,
 * transpiled with TypeScript into a temp folder inside the package so that
 * @rubric/core resolves), print a line after each commit, and get SIGKILLed
 * in the middle of their loop. After reopening: everything a child reported
 * is there, whole, and nothing is half-written.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentHash } from '@rubric/core';
import Database from 'better-sqlite3';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../src/domain.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import type { Store } from '../src/store/types.js';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Transpiles src/domain.ts and src/store/*.ts (keeping the layout) into `out`. */
function transpileStore(out: string): void {
  const sources = ['domain.ts', ...readdirSync(join(pkg, 'src/store')).filter((f) => f.endsWith('.ts')).map((f) => `store/${f}`)];
  for (const rel of sources) {
    const { outputText } = ts.transpileModule(readFileSync(join(pkg, 'src', rel), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
      fileName: rel,
    });
    mkdirSync(dirname(join(out, rel)), { recursive: true });
    writeFileSync(join(out, rel.replace(/\.ts$/, '.js')), outputText);
  }
}

/**
 * The child: opens the store on argv[2] and loops forever over versions
 * 1.<i>.0 from argv[3]; every version is submitted (a third published at
 * once, a third approved right after), and a line is printed after each commit.
 */
const CHILD = `
import { manifestOf } from '@rubric/core';
import { openSqliteStore } from './store/sqlite.js';

export function filesOf(i) {
  return { 'guideline.md': '# v' + i + '\\n' + 'policy text '.repeat(2000 + (i % 7) * 500), 'schema.json': JSON.stringify({ i }) };
}

const [path, startArg] = process.argv.slice(2);
const store = await openSqliteStore(path);
const now = () => new Date().toISOString();
await store.ensureSet('crash', 1, now());
const say = (line) => process.stdout.write(JSON.stringify(line) + '\\n');
say({ ready: true });
for (let i = Number(startArg); ; i++) {
  const version = '1.' + i + '.0';
  const files = filesOf(i);
  const manifest = manifestOf(files, 'crash', version);
  const record = { setId: 'crash', version, state: 'pending', contentHash: manifest.contentHash, manifest, files, title: 'Crash ' + i, submittedBy: 'tok_child', submittedAt: now(), publishedAt: null, deprecatedAt: null };
  const publishNow = i % 3 === 0;
  const result = await store.submitVersion(record, publishNow, [{ actor: 'tok_child', action: 'version.submit', setId: 'crash', version, contentHash: record.contentHash, detail: { i } }]);
  if (result.outcome !== 'created') throw new Error('unexpected ' + result.outcome);
  say({ committed: publishNow ? 'published' : 'pending', version, i });
  if (i % 3 === 1) {
    const approved = await store.approve('crash', version, 'tok_approver', 1, now(), { actor: 'tok_approver', action: 'version.approve', setId: 'crash', version, contentHash: record.contentHash, detail: {} });
    if (approved.outcome !== 'published') throw new Error('unexpected ' + approved.outcome);
    say({ committed: 'published', version, i });
  }
}
`;

/**
 * The racer: opens the store, waits for "go" on stdin, submits the same
 * version with its own content (even and odd racers share content), prints
 * the outcome.
 */
const RACER = `
import { manifestOf } from '@rubric/core';
import { openSqliteStore } from './store/sqlite.js';

const [path, n] = process.argv.slice(2);
const store = await openSqliteStore(path);
await store.ensureSet('race', 1, new Date().toISOString());
const files = { 'guideline.md': '# race ' + (Number(n) % 2) };
const manifest = manifestOf(files, 'race', '5.0.0');
const record = { setId: 'race', version: '5.0.0', state: 'pending', contentHash: manifest.contentHash, manifest, files, title: 'Race', submittedBy: 'tok_' + n, submittedAt: new Date().toISOString(), publishedAt: null, deprecatedAt: null };
process.stdout.write('ready\\n');
process.stdin.once('data', async () => {
  const results = [];
  for (let k = 0; k < 5; k++) results.push((await store.submitVersion(record, false, [{ actor: 'tok_' + n, action: 'version.submit', setId: 'race', version: '5.0.0', contentHash: record.contentHash, detail: {} }])).outcome);
  process.stdout.write(JSON.stringify({ n: Number(n), hash: record.contentHash, results }) + '\\n');
  await store.close();
  process.exit(0);
});
`;

interface Line {
  ready?: boolean;
  committed?: 'pending' | 'published';
  version?: string;
  i?: number;
}

let work: string;
let dataDir: string;

beforeAll(() => {
  mkdirSync(join(pkg, '.data'), { recursive: true });
  work = mkdtempSync(join(pkg, '.data', 'crash-test-'));
  transpileStore(work);
  writeFileSync(join(work, 'child.mjs'), CHILD);
  writeFileSync(join(work, 'racer.mjs'), RACER);
  dataDir = mkdtempSync(join(tmpdir(), 'rubric-crash-'));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

function lines(child: ChildProcess, onLine: (line: string) => void): void {
  let buffer = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let at: number;
    while ((at = buffer.indexOf('\n')) >= 0) {
      onLine(buffer.slice(0, at));
      buffer = buffer.slice(at + 1);
    }
  });
}

/** Runs the child from version index `start`, SIGKILLs it after `commits` reported commits (plus a random delay), returns what it reported. */
function runAndKill(path: string, start: number, commits: number): Promise<Line[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(work, 'child.mjs'), path, String(start)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const reported: Line[] = [];
    let stderr = '';
    let killing = false;
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    lines(child, (text) => {
      const line = JSON.parse(text) as Line;
      if (line.committed) reported.push(line);
      if (!killing && reported.length >= commits) {
        killing = true;
        // Land the kill at a random point of the next transactions, not right after a commit.
        setTimeout(() => child.kill('SIGKILL'), Math.random() * 8);
      }
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(reported);
      else reject(new Error(`child exited with ${code ?? signal} before it was killed:\n${stderr}`));
    });
  });
}

/** Everything stored must be whole: content matching its hash, and its audit trail. */
async function checkWhole(store: Store, path: string): Promise<Map<string, { state: string }>> {
  const raw = new Database(path, { readonly: true });
  try {
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(raw.pragma('foreign_key_check')).toEqual([]);
  } finally {
    raw.close();
  }
  const audit: AuditEntry[] = [];
  for (;;) {
    const page = await store.listAudit({ afterSeq: audit[audit.length - 1]?.seq ?? 0, limit: 1000 });
    audit.push(...page);
    if (page.length < 1000) break;
  }
  const page = await store.listVersions('crash', { limit: 100, includePending: true });
  let items = page.items;
  let next = page.next;
  while (next) {
    const more = await store.listVersions('crash', { limit: 100, includePending: true, cursor: next });
    items = items.concat(more.items);
    next = more.next;
  }
  const states = new Map<string, { state: string }>();
  for (const summary of items) {
    const full = await store.getVersion('crash', summary.version);
    expect(full, summary.version).toBeDefined();
    const i = Number(summary.version.split('.')[1]);
    expect(full!.files['schema.json']).toBe(JSON.stringify({ i }));
    expect(contentHash(full!.files)).toBe(summary.contentHash);
    expect(full!.manifest.contentHash).toBe(summary.contentHash);
    const actions = audit.filter((a) => a.setId === 'crash' && a.version === summary.version).map((a) => a.action);
    if (summary.state === 'pending') expect(actions, summary.version).toEqual(['version.submit']);
    else if (i % 3 === 0) expect(actions, summary.version).toEqual(['version.submit', 'version.publish']);
    else expect(actions, summary.version).toEqual(['version.submit', 'version.approve', 'version.publish']);
    if (i % 3 === 1 && summary.state === 'published') expect(await store.listApprovals('crash', summary.version)).toHaveLength(1);
    states.set(summary.version, { state: summary.state });
  }
  // No audit entry for a version that is not there.
  for (const entry of audit.filter((a) => a.setId === 'crash')) expect(states.has(entry.version as string), `audit for ${entry.version}`).toBe(true);
  return states;
}

describe('SQLite store under kill -9', () => {
  it('keeps every reported commit, whole, and nothing half-written, across several kills', async () => {
    const path = join(dataDir, 'crash.sqlite');
    let start = 0;
    let reportedTotal = 0;
    for (let round = 0; round < 4; round++) {
      const reported = await runAndKill(path, start, 12 + round * 5);
      reportedTotal += reported.length;
      expect(reported.length).toBeGreaterThan(0);
      const store = await openSqliteStore(path);
      try {
        const states = await checkWhole(store, path);
        for (const line of reported) {
          const stored = states.get(line.version as string);
          expect(stored, `${line.version} was reported committed`).toBeDefined();
          if (line.committed === 'published') expect(stored!.state).toBe('published');
        }
        // The next round goes on after the last version that made it (reported or not).
        start = Math.max(...[...states.keys()].map((v) => Number(v.split('.')[1]))) + 1;
      } finally {
        await store.close();
      }
    }
    expect(reportedTotal).toBeGreaterThanOrEqual(12 + 17 + 22 + 27);
  });
});

describe('SQLite store with several processes on one file', () => {
  it('lets exactly one of several processes create a version; the others get same-content or conflict', async () => {
    const path = join(dataDir, 'race.sqlite');
    // Create the schema first so the racers do not all migrate at once (that is covered in store.test.ts).
    await (await openSqliteStore(path)).close();
    const racers = Array.from({ length: 4 }, (_, n) => spawn(process.execPath, [join(work, 'racer.mjs'), path, String(n)], { stdio: ['pipe', 'pipe', 'inherit'] }));
    const outputs = racers.map(
      (child) =>
        new Promise<{ n: number; hash: string; results: string[] }>((resolve, reject) => {
          const got: string[] = [];
          lines(child, (line) => got.push(line));
          child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(got[got.length - 1] as string)) : reject(new Error(`racer exited with ${code}`))));
        }),
    );
    await Promise.all(racers.map((child) => new Promise<void>((resolve) => lines(child, (line) => line === 'ready' && resolve()))));
    for (const child of racers) child.stdin?.write('go\n');
    const results = await Promise.all(outputs);
    const all = results.flatMap((r) => r.results);
    expect(all.filter((o) => o === 'created')).toHaveLength(1);
    const winner = results.find((r) => r.results.includes('created'))!;
    for (const r of results) for (const o of r.results) if (o !== 'created') expect(o).toBe(r.hash === winner.hash ? 'same-content' : 'conflict');
    const store = await openSqliteStore(path);
    try {
      expect((await store.getVersion('race', '5.0.0'))?.submittedBy).toBe(`tok_${winner.n}`);
      expect((await store.listAudit({ limit: 100 })).filter((a) => a.setId === 'race')).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});
