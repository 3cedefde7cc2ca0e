/**
 * The main job (`npm start` after its build): scripts/start.mjs as a child
 * process on a free port with a temporary data folder. It publishes every
 * approved set of guidelines/, prints the catalog URL and an example curl
 * that both answer, is idempotent on restart, refuses a taken port clearly,
 * and stops with exit 0 on SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../support/cli.js';

const START = join(ROOT, 'scripts/start.mjs');

/** The approved sets of guidelines/ (what the main job publishes). */
const APPROVED = readdirSync(join(ROOT, 'guidelines'))
  .filter((name) => statSync(join(ROOT, 'guidelines', name)).isDirectory())
  .filter((name) => /^status: approved$/m.test(readFileSync(join(ROOT, 'guidelines', name, 'guideline.md'), 'utf8')))
  .sort();

/** A running main job and what it printed. */
interface MainJob {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

function spawnMainJob(args: string[]): MainJob {
  const child = spawn(process.execPath, [START, ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', RUBRIC_REGISTRY_ADMIN_TOKEN: undefined, RUBRIC_REGISTRY_STORE: undefined, RUBRIC_REGISTRY_PORT: undefined, RUBRIC_REGISTRY_CONFIG: undefined },
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exit };
}

/** Waits until the job prints "Press Ctrl-C to stop." (or exits). */
async function ready(job: MainJob, timeoutMs = 60_000): Promise<{ url: string; curl: string }> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void job.exit.then(() => (exited = true));
  while (!job.stdout().includes('Press Ctrl-C to stop.')) {
    if (exited || Date.now() > deadline) throw new Error(`main job not ready:\n${job.stdout()}\n${job.stderr()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const url = /^Catalog: (http:\/\/127\.0\.0\.1:\d+)\/$/m.exec(job.stdout())?.[1];
  const curl = /^Try: +curl (\S+)$/m.exec(job.stdout())?.[1];
  if (!url || !curl) throw new Error(`no catalog URL or curl line in:\n${job.stdout()}`);
  return { url, curl };
}

async function stop(job: MainJob): Promise<number | null> {
  job.child.kill('SIGTERM');
  return job.exit;
}

let tmp: { dir: string; cleanup: () => void };
const running: MainJob[] = [];

beforeAll(() => {
  tmp = tempDir('rubric-main-job-');
});

afterAll(async () => {
  for (const job of running) if (job.child.exitCode === null) await stop(job);
  tmp?.cleanup();
});

describe('the main job', () => {
  it('is what `npm start` runs after the build', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toMatch(/^turbo run build\b.* && node scripts\/start\.mjs$/);
  });

  it('publishes every approved set, prints the catalog URL and a working curl, and stops on SIGTERM', async () => {
    expect(APPROVED.length).toBeGreaterThan(0);
    const job = spawnMainJob(['--port', '0', '--data-dir', tmp.dir]);
    running.push(job);
    const { url, curl } = await ready(job);
    const out = job.stdout();
    expect(out).toMatch(/^Rubric registry listening on http:\/\/127\.0\.0\.1:\d+ \(store sqlite:.*registry\.db\)$/m);
    expect(out).toMatch(/^Admin token: generated a bootstrap admin token and stored it in .*admin-token/m);
    expect(out).toContain('Publishing the approved sets of guidelines/ with the admin token (a set new to this registry gets quorum 0');
    for (const id of APPROVED) expect(out).toMatch(new RegExp(`^ {2}published ${id} \\d+\\.\\d+\\.\\d+ \\(sha256-[0-9a-f]{64}\\)$`, 'm'));
    expect(curl).toBe(`${url}/v1/sets/${APPROVED[0]}/versions/latest/schema.json`);
    expect((statSync(join(tmp.dir, 'admin-token')).mode & 0o777).toString(8)).toBe('600');

    const catalog = await fetch(`${url}/`, { headers: { Accept: 'text/html' } });
    expect(catalog.status).toBe(200);
    expect(catalog.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const page = await catalog.text();
    for (const id of APPROVED) expect(page).toContain(`href="/sets/${id}"`);

    const schema = await fetch(curl);
    expect(schema.status).toBe(200);
    expect(((await schema.json()) as { id: string }).id).toBe(APPROVED[0]);

    // guideline.html is rendered by the catalog's renderer.
    const rendered = await fetch(curl.replace(/schema\.json$/, 'guideline.html'));
    expect(rendered.status).toBe(200);
    expect(rendered.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await rendered.text()).toContain('class="rubric-guideline');

    expect(await stop(job)).toBe(0);
    expect(job.stdout()).toMatch(/SIGTERM: stopping, finishing in-flight requests\.\.\.\nStopped\.\n$/);
    expect(job.stderr()).toBe('');
  });

  it('answers "already published" for every set on restart, with the same admin token', async () => {
    const token = readFileSync(join(tmp.dir, 'admin-token'), 'utf8');
    const job = spawnMainJob(['--port', '0', '--data-dir', tmp.dir]);
    running.push(job);
    const { url } = await ready(job);
    const out = job.stdout();
    expect(out).toMatch(/^Admin token: in .*admin-token \(bootstrap token, created at the first start\)$/m);
    for (const id of APPROVED) expect(out).toMatch(new RegExp(`^ {2}already published with the same content: ${id} \\d+\\.\\d+\\.\\d+ \\(sha256-[0-9a-f]{64}\\)$`, 'm'));
    expect(out).not.toMatch(/^ {2}published /m);
    expect(readFileSync(join(tmp.dir, 'admin-token'), 'utf8')).toBe(token);
    const versions = (await (await fetch(`${url}/v1/sets/${APPROVED[0]}/versions`)).json()) as { versions: unknown[] };
    expect(versions.versions).toHaveLength(1);

    // A second job on the same port: a clear message, exit 1.
    const port = new URL(url).port;
    const second = spawnMainJob(['--port', port, '--data-dir', join(tmp.dir, 'second')]);
    expect(await second.exit).toBe(1);
    expect(second.stderr()).toBe(`rubric: port ${port} on 127.0.0.1 is already in use (another registry, or a second \`npm start\`?); stop that process or choose another port with --port (RUBRIC_REGISTRY_PORT)\n`);

    expect(await stop(job)).toBe(0);
  });
});
