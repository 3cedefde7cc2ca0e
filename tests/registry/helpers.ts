/**
 * Helpers of the registry end-to-end tests: a registry started in this
 * process on 127.0.0.1 with a temporary SQLite store, the built CLI run as a
 * child process without blocking that registry, and small guideline sets
 * written from the clean-set fixture with the changes each test needs.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateToken, loadConfig, silentLogger, startRegistry, type RunningRegistry } from '@rubric/registry';
import { ROOT, type CliResult } from '../support/cli.js';

// Shared with the other end-to-end tests; kept importable from here.
export { closedPort, rubricAsync } from '../support/cli.js';

/** A registry running in this process. */
export interface TestRegistry {
  url: string;
  adminToken: string;
  running: RunningRegistry;
  dir: string;
  storeFile: string;
  close(): Promise<void>;
}

/** Starts a registry on 127.0.0.1 (a free port) with a fresh SQLite store. */
export async function startTestRegistry(options: { defaultQuorum?: number; readsPublic?: boolean } = {}): Promise<TestRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'rubric-registry-e2e-'));
  const storeFile = join(dir, 'registry.db');
  const adminToken = generateToken().token;
  const config = loadConfig({
    env: {},
    overrides: { host: '127.0.0.1', port: 0, store: `sqlite:${storeFile}`, adminToken, logLevel: 'silent', defaultQuorum: options.defaultQuorum ?? 1, readsPublic: options.readsPublic ?? true },
  });
  const running = await startRegistry({ config, logger: silentLogger() });
  return {
    url: running.url,
    adminToken,
    running,
    dir,
    storeFile,
    async close() {
      await running.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** How a sample set differs from the clean-set fixture. */
export interface SampleSet {
  id: string;
  version: string;
  status?: 'draft' | 'review' | 'approved' | 'deprecated';
  /** Replaces the Scope paragraph. */
  scope?: string;
  /** Replaces the definition of the `none` label. */
  noneDefinition?: string;
  /** Makes the optional `rationale` question required (a major change). */
  rationaleRequired?: boolean;
  /** Deprecates `abuse.threat` since this version (a minor change). */
  deprecateThreat?: string;
  /** Versions of the changelog, newest first (default: just `version`). */
  changelog?: string[];
}

const FIXTURE = join(ROOT, 'tests/fixtures/clean-set');

/** Writes a set folder `<parent>/<id>` from the clean-set fixture; returns its path. */
export function writeSampleSet(parent: string, s: SampleSet): string {
  let guideline = readFileSync(join(FIXTURE, 'guideline.md'), 'utf8');
  let schema = readFileSync(join(FIXTURE, 'schema.json'), 'utf8');
  guideline = guideline
    .replace('id: clean-set', `id: ${s.id}`)
    .replace('version: 1.0.0', `version: ${s.version}`)
    .replace('status: draft', `status: ${s.status ?? 'approved'}`)
    .replace('A small set used by the CLI tests.', s.scope ?? 'A small set used by the CLI tests.')
    .replace('Anything that is not `abuse`.', s.noneDefinition ?? 'Anything that is not `abuse`.');
  const versions = s.changelog ?? [s.version];
  const entries = versions.map((v) => (v === '1.0.0' ? '### 1.0.0 - 2026-01-01\n\n- First version.\n' : `### ${v} - 2026-02-01\n\n- Changes of ${v}.\n`)).join('\n');
  guideline = guideline.replace(/## Changelog\n[\s\S]*$/, `## Changelog\n\n${entries}`);
  schema = schema.replace('"id": "clean-set"', `"id": "${s.id}"`).replace('"version": "1.0.0"', `"version": "${s.version}"`);
  if (s.deprecateThreat) schema = schema.replace('{ "id": "abuse.threat", "title": "Threat", "severity": "high" }', `{ "id": "abuse.threat", "title": "Threat", "severity": "high", "deprecated": { "since": "${s.deprecateThreat}", "reason": "Folded into a new violent-speech set." } }`);
  if (s.rationaleRequired) schema = schema.replace('"prompt": "Why?", "required": false', '"prompt": "Why?", "required": true');
  const dir = join(parent, s.id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'guideline.md'), guideline);
  writeFileSync(join(dir, 'schema.json'), schema);
  return dir;
}

/** GET a URL as JSON (status and body). */
export async function getJson(url: string, token?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** The token `rubric token create` printed (its only stdout line). */
export function tokenFrom(result: CliResult): string {
  const token = result.stdout.trim();
  if (!/^rbt_[a-z0-9]+_[A-Za-z0-9_-]+$/.test(token)) throw new Error(`token create printed no token: ${result.stdout} ${result.stderr}`);
  return token;
}
