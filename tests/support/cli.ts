/** Runs the built `rubric` binary as a child process, as users and CI do. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The `rubric` binary as installed: it runs the bundle the build makes (apps/cli/dist/bundle). */
export const CLI = join(ROOT, 'apps/cli/bin/rubric.js');
/** The CLI as tsc built it, unbundled (what the bundle must agree with). */
export const CLI_UNBUNDLED = join(ROOT, 'apps/cli/dist/main.js');

/** Result of one CLI run. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `rubric <args>` in `cwd` with colours off. */
export function rubric(args: string[], cwd: string = ROOT, env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the built `rubric` as a child process without blocking the event loop (for tests whose servers run in this process). */
export function rubricAsync(args: string[], cwd: string = ROOT, env: Record<string, string | undefined> = {}): Promise<CliResult> {
  return outputOf(spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, RUBRIC_TOKEN: undefined, RUBRIC_REGISTRY_URL: undefined, ...env } }));
}

/** The exit code and the whole output of a child process, once it has closed. */
export function outputOf(child: ChildProcess): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A fresh temporary folder (with a .git marker so config search stops there); removed by the returned function. */
export function tempDir(prefix = 'rubric-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Copies a fixture folder of tests/fixtures into `dest`. */
export function copyFixture(name: string, dest: string): string {
  const target = join(dest, name);
  cpSync(join(ROOT, 'tests/fixtures', name), target, { recursive: true });
  return target;
}

/** True when text looks like a Node stack trace, which users must never see. */
export function hasStackTrace(text: string): boolean {
  return /\n\s+at .+\(.+:\d+:\d+\)/.test(text) || /node:internal/.test(text);
}
