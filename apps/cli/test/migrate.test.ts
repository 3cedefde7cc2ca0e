/**
 * `rubric migrate` in-process against a real registry on 127.0.0.1 (SQLite
 * store) and against two local set folders: renamed, replaced and removed
 * labels in single, multi and span answers, the record version, the report
 * of what could not be migrated with its exit code, --allow-removed, --out,
 * malformed lines, records of another version, refusals, and a large file
 * streamed through.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeHost, packBundle } from '@rubric/core';
import { generateToken, loadConfig, silentLogger, startRegistry, type RunningRegistry } from '@rubric/registry';
import { migrateCommand } from '../src/commands/migrate.js';
import { UsageError } from '../src/errors.js';
import type { Io } from '../src/io.js';

const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const FIXTURE = join(ROOT, 'tests/fixtures/clean-set');

/** Runs the command with captured output. */
async function run(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = { cwd, color: false, stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) };
  const code = await migrateCommand(args, io);
  return { code, stdout, stderr };
}

/** Writes a set folder from the clean-set fixture with `edit` applied to its schema text. */
function writeSet(parent: string, name: string, id: string, version: string, edit: (schema: string) => string = (s) => s): string {
  const dir = join(parent, name);
  mkdirSync(dir, { recursive: true });
  const guideline = readFileSync(join(FIXTURE, 'guideline.md'), 'utf8')
    .replace('id: clean-set', `id: ${id}`)
    .replace('version: 1.0.0', `version: ${version}`)
    .replace('status: draft', 'status: approved')
    .replace(/## Changelog\n[\s\S]*$/, `## Changelog\n\n${version === '1.0.0' ? '' : `### ${version} - 2026-02-01\n\n- Deprecated abuse.threat.\n\n`}### 1.0.0 - 2026-01-01\n\n- First version.\n`);
  const schema = edit(readFileSync(join(FIXTURE, 'schema.json'), 'utf8').replace('"id": "clean-set"', `"id": "${id}"`).replace('"version": "1.0.0"', `"version": "${version}"`));
  writeFileSync(join(dir, 'guideline.md'), guideline);
  writeFileSync(join(dir, 'schema.json'), schema);
  return dir;
}

const jsonl = (records: unknown[]): string => `${records.map((r) => JSON.stringify(r)).join('\n')}\n`;
const parse = (text: string): Record<string, any>[] => text.trim().split('\n').map((l) => JSON.parse(l));

let tmp: string;
let registry: RunningRegistry;
let admin: string;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'rubric-migrate-'));
  admin = generateToken().token;
  const config = loadConfig({ env: {}, overrides: { host: '127.0.0.1', port: 0, store: `sqlite:${join(tmp, 'registry.db')}`, adminToken: admin, logLevel: 'silent', defaultQuorum: 0, deliveryPollMs: 0 } });
  registry = await startRegistry({ config, logger: silentLogger() });
  // 1.0.0, then 1.1.0 deprecating abuse.threat in favour of abuse.insult (a minor change the registry accepts).
  const v1 = writeSet(tmp, 'v1', 'migrate-set', '1.0.0');
  const v11 = writeSet(tmp, 'v11', 'migrate-set', '1.1.0', (s) =>
    s.replace('{ "id": "abuse.threat", "title": "Threat", "severity": "high" }', '{ "id": "abuse.threat", "title": "Threat", "severity": "high", "deprecated": { "since": "1.1.0", "replacedBy": "abuse.insult" } }'),
  );
  for (const dir of [v1, v11]) {
    const { bundle } = packBundle(dir, createNodeHost());
    const res = await fetch(`${registry.url}/v1/sets/migrate-set/versions`, { method: 'POST', headers: { Authorization: `Bearer ${admin}`, 'Content-Type': 'application/json' }, body: JSON.stringify(bundle) });
    expect(res.status, await res.text()).toBe(201);
  }
}, 60_000);

afterAll(async () => {
  await registry?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('rubric migrate with a registry', () => {
  it('rewrites replaced labels, updates the version, keeps everything else, and reads the token from RUBRIC_TOKEN', async () => {
    const file = join(tmp, 'a.jsonl');
    writeFileSync(
      file,
      jsonl([
        { id: 't1', set: 'migrate-set', version: '1.0.0', text: 'x', answers: { verdict: 'abuse.threat', target: ['target.group'], rationale: 'free text' } },
        { id: 't2', version: '1.0.0', answers: { verdict: 'none' } },
      ]),
    );
    const previous = process.env.RUBRIC_TOKEN;
    process.env.RUBRIC_TOKEN = admin;
    try {
      const res = await run([file, '--from', '1.0.0', '--to', '1.1.0', '--set', 'migrate-set', '--registry', registry.url], tmp);
      expect(res.stderr).toBe('migrated 2 records from 1.0.0 to 1.1.0: 0 renamed labels, 1 replaced label, 0 removed labels dropped\n');
      expect(res.code).toBe(0);
      expect(parse(res.stdout)).toEqual([
        { id: 't1', set: 'migrate-set', version: '1.1.0', text: 'x', answers: { verdict: 'abuse.insult', target: ['target.group'], rationale: 'free text' } },
        { id: 't2', version: '1.1.0', answers: { verdict: 'none' } },
      ]);
    } finally {
      if (previous === undefined) delete process.env.RUBRIC_TOKEN;
      else process.env.RUBRIC_TOKEN = previous;
    }
  });

  it('reports the registry refusing an unknown version, and usage errors', async () => {
    const file = join(tmp, 'b.jsonl');
    writeFileSync(file, jsonl([{ answers: { verdict: 'none' } }]));
    const res = await run([file, '--from', '1.0.0', '--to', '9.9.9', '--set', 'migrate-set', '--registry', registry.url], tmp);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/refused \(404 not-found\)/);
    await expect(run([file, '--from', '1.0.0', '--to', '1.1.0', '--registry', registry.url], tmp)).rejects.toThrow(UsageError);
    await expect(run([file, '--from', 'one', '--to', '1.1.0', '--set', 'migrate-set', '--registry', registry.url], tmp)).rejects.toThrow(/--from/);
    await expect(run([file, '--to', '1.1.0'], tmp)).rejects.toThrow(/--from and --to/);
  });
});

describe('rubric migrate between set folders', () => {
  let from: string;
  let to: string;
  beforeAll(() => {
    from = writeSet(tmp, 'local-1', 'local-set', '1.0.0');
    // 2.0.0: abuse.insult renamed to abuse.insulting, abuse.threat replaced by abuse.insulting, target.group removed.
    to = writeSet(tmp, 'local-2', 'local-set', '2.0.0', (s) =>
      s
        .replace('{ "id": "abuse.insult", "title": "Insult", "severity": "medium" }', '{ "id": "abuse.insulting", "title": "Insult", "severity": "medium", "renamedFrom": "abuse.insult" }')
        .replace('{ "id": "abuse.threat", "title": "Threat", "severity": "high" }', '{ "id": "abuse.threat", "title": "Threat", "severity": "high", "deprecated": { "since": "2.0.0", "replacedBy": "abuse.insulting" } }')
        .replace(',\n        { "id": "target.group", "title": "A group" }', ''),
    );
  });

  it('renames, replaces and drops labels in single, multi and span answers; reports each removed label and exits 1', async () => {
    const file = join(tmp, 'c.jsonl');
    writeFileSync(
      file,
      `${JSON.stringify({ version: '1.0.0', answers: { verdict: 'abuse.insult', target: ['target.person', 'target.group'] } })}\n\n` +
        `${JSON.stringify({ answers: { verdict: 'abuse.threat', target: ['target.group'], spans: [{ start: 0, end: 4, label: 'abuse.insult' }, { start: 5, end: 9, label: 'target.group' }, { start: 1, end: 2, labels: ['abuse.threat', 'target.group'] }] } })}\n`,
    );
    const res = await run(['c.jsonl', '--from', 'local-1', '--to', 'local-2', '--out', 'out.jsonl'], tmp);
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr.split('\n')).toEqual([
      'c.jsonl:1: record 0: question "target": label "target.group" was removed in 2.0.0; dropped',
      'c.jsonl:3: record 1: question "target": label "target.group" was removed in 2.0.0; dropped',
      'c.jsonl:3: record 1: question "spans": label "target.group" was removed in 2.0.0; dropped',
      'c.jsonl:3: record 1: question "spans": label "target.group" was removed in 2.0.0; dropped',
      'migrated 2 records from 1.0.0 to 2.0.0: 2 renamed labels, 2 replaced labels, 4 removed labels dropped (in 2 records)',
      '',
    ]);
    expect(parse(readFileSync(join(tmp, 'out.jsonl'), 'utf8'))).toEqual([
      { version: '2.0.0', answers: { verdict: 'abuse.insulting', target: ['target.person'] } },
      { version: '2.0.0', answers: { verdict: 'abuse.insulting', target: [], spans: [{ start: 0, end: 4, label: 'abuse.insulting' }, { start: 1, end: 2, labels: ['abuse.insulting'] }] } },
    ]);
    const allowed = await run([file, '--from', 'local-1', '--to', 'local-2', '--allow-removed'], tmp);
    expect(allowed.code).toBe(0);
    expect(parse(allowed.stdout)).toHaveLength(2);
  });

  it('leaves out lines that are not JSON objects and keeps records of another version unchanged, with line numbers and exit 1', async () => {
    const file = join(tmp, 'd.jsonl');
    writeFileSync(file, `{"answers":{"verdict":"none"}}\nnot json\n[1,2]\n{"version":"0.9.0","answers":{"verdict":"abuse.insult"}}\n`);
    const res = await run([file, '--from', 'local-1', '--to', 'local-2'], tmp);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('d.jsonl:2: record 1: not JSON (');
    expect(res.stderr).toContain('d.jsonl:3: record 2: not a JSON object; the line is left out');
    expect(res.stderr).toContain('d.jsonl:4: record 3: made under version 0.9.0, not 1.0.0; written unchanged');
    expect(res.stderr).toContain('3 records not migrated');
    expect(res.stdout).toBe('{"answers":{"verdict":"none"},"version":"2.0.0"}\n{"version":"0.9.0","answers":{"verdict":"abuse.insult"}}\n');
  });

  it('streams a large file (200k records) to --out', async () => {
    const file = join(tmp, 'big.jsonl');
    const record = JSON.stringify({ version: '1.0.0', answers: { verdict: 'abuse.insult', target: ['target.person'] } });
    writeFileSync(file, `${record}\n`.repeat(200_000));
    const started = performance.now();
    const res = await run([file, '--from', 'local-1', '--to', 'local-2', '--out', 'big-out.jsonl'], tmp);
    const ms = performance.now() - started;
    expect(res.code).toBe(0);
    expect(res.stderr).toBe('migrated 200000 records from 1.0.0 to 2.0.0: 200000 renamed labels, 0 replaced labels, 0 removed labels dropped\n');
    const out = readFileSync(join(tmp, 'big-out.jsonl'), 'utf8');
    expect(out.length).toBeGreaterThan(0);
    expect(out.split('\n')).toHaveLength(200_001);
    expect(ms).toBeLessThan(20_000);
  }, 60_000);
});
