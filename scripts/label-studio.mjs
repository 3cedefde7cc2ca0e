#!/usr/bin/env node
/**
 * A real Label Studio server (the PyPI package `label-studio`, pinned) for the
 * tests and for people trying Rubric's delivery on their machine.
 *
 *   node scripts/label-studio.mjs install          # the cached virtual environment, once
 *   node scripts/label-studio.mjs start [--port P] # a throwaway server until Ctrl-C
 *   node scripts/label-studio.mjs version          # the pinned version
 *
 * The virtual environment lives in `.cache/label-studio/venv-<version>`
 * (RUBRIC_LABEL_STUDIO_HOME moves the folder, e.g. to a cache CI keeps
 * between runs) and is installed once, by uv, with the exact versions of
 * scripts/label-studio-constraints.txt; a marker file written last says it is
 * complete, so an interrupted install is redone rather than used.
 *
 * A server started here listens on 127.0.0.1 only, keeps its database in a
 * throwaway data folder (a copy of an empty database migrated once and kept
 * next to the virtual environment, so it starts in seconds rather than
 * minutes), creates its admin user and API token at start (no manual step),
 * and runs with a clean environment: Label Studio's
 * settings read bare variable names such as HOST, PORT, USERNAME and DEBUG,
 * and it reports errors to Sentry and checks PyPI for updates unless told not
 * to. Tests import `ensureLabelStudio` and `startLabelStudio` from this file.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Label Studio release Rubric is tested against. */
export const LABEL_STUDIO_VERSION = '1.23.2';
/** The installer of the packages (PyPI `uv`), pinned with them. */
const UV_VERSION = '0.13.9';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CONSTRAINTS = join(ROOT, 'scripts/label-studio-constraints.txt');
/** Migrating a fresh database takes minutes on a loaded 2-core machine (servers then start from a migrated copy). */
const START_TIMEOUT_MS = 300_000;

/** Where the virtual environment is kept. */
export function labelStudioHome() {
  return resolve(process.env.RUBRIC_LABEL_STUDIO_HOME || join(ROOT, '.cache/label-studio'));
}

/** The virtual environment of the pinned version. */
export function venvDir() {
  return join(labelStudioHome(), `venv-${LABEL_STUDIO_VERSION}`);
}

const marker = () => join(venvDir(), '.rubric-complete');

/** What the marker holds: the version and the constraints it was installed with (a changed pin reinstalls). */
function installStamp() {
  return `label-studio ${LABEL_STUDIO_VERSION} uv ${UV_VERSION}\n${readFileSync(CONSTRAINTS, 'utf8')}`;
}

/** True when the cached virtual environment is complete and matches the pins. */
export function isInstalled() {
  return existsSync(marker()) && readFileSync(marker(), 'utf8') === installStamp();
}

/** The python3 to build the virtual environment with (3.10 or later, as label-studio needs). */
function findPython() {
  for (const candidate of [process.env.RUBRIC_PYTHON, 'python3.11', 'python3.12', 'python3.13', 'python3.10', 'python3'].filter(Boolean)) {
    const r = spawnSync(candidate, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' });
    if (r.status !== 0) continue;
    const [major, minor] = r.stdout.trim().split('.').map(Number);
    if (major === 3 && minor >= 10) return candidate;
  }
  throw new Error('No Python 3.10 or later found (tried RUBRIC_PYTHON, python3.11, python3.12, python3.13, python3.10, python3): install one, e.g. `apt-get install python3 python3-venv`');
}

function run(command, args, what) {
  // uv reads the CA bundle from SSL_CERT_FILE; pip's own setting names the one this machine uses.
  const env = { ...process.env, ...(process.env.PIP_CERT && !process.env.SSL_CERT_FILE ? { SSL_CERT_FILE: process.env.PIP_CERT } : {}) };
  const r = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], env });
  if (r.status !== 0) throw new Error(`${what} failed (${command} ${args.join(' ')}: exit ${r.status ?? r.signal})`);
}

/** Waits for `ms` without blocking the event loop. */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Takes the install lock (a folder: mkdir is atomic), waiting while another
 * process installs; a lock whose owner died is taken over.
 */
async function withInstallLock(fn, log) {
  const lock = join(labelStudioHome(), '.install-lock');
  mkdirSync(labelStudioHome(), { recursive: true });
  for (let waited = 0; ; waited += 1000) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch {
      let owner = NaN;
      try {
        owner = Number(readFileSync(join(lock, 'pid'), 'utf8'));
      } catch {
        // Being created right now: wait.
      }
      let alive = true;
      if (Number.isInteger(owner)) {
        try {
          process.kill(owner, 0);
        } catch {
          alive = false;
        }
      } else if (Date.now() - statSync(lock).mtimeMs > 60_000) alive = false;
      if (!alive) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (waited % 30_000 === 0) log(`waiting for another install of Label Studio (process ${owner}) to finish`);
      await sleep(1000);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Installs label-studio into the cached virtual environment unless it is
 * there already; returns the path of its `label-studio` executable.
 */
export async function ensureLabelStudio({ log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  const bin = join(venvDir(), 'bin', 'label-studio');
  if (isInstalled()) return bin;
  return withInstallLock(async () => {
    if (isInstalled()) return bin;
    const started = Date.now();
    // A venv cannot be moved once made (its scripts name their interpreter by path): build it in place, marker last.
    rmSync(venvDir(), { recursive: true, force: true });
    const python = findPython();
    log(`installing label-studio ${LABEL_STUDIO_VERSION} into ${venvDir()} (once; later runs reuse it)`);
    run(python, ['-m', 'venv', venvDir()], 'Creating the virtual environment');
    const pip = join(venvDir(), 'bin', 'pip');
    // uv (from PyPI, pinned) downloads and unpacks in parallel: about 25 s instead of pip's 2 to 3 minutes.
    run(pip, ['install', '--quiet', '--disable-pip-version-check', '--no-input', `uv==${UV_VERSION}`], `Installing uv ${UV_VERSION}`);
    run(join(venvDir(), 'bin', 'uv'), ['pip', 'install', '--quiet', '--python', join(venvDir(), 'bin', 'python'), `label-studio==${LABEL_STUDIO_VERSION}`, '-c', CONSTRAINTS], `Installing label-studio ${LABEL_STUDIO_VERSION}`);
    writeFileSync(marker(), installStamp());
    log(`label-studio ${LABEL_STUDIO_VERSION} installed in ${Math.round((Date.now() - started) / 1000)} s`);
    return bin;
  }, log);
}

/** The migrated empty database new servers start from (a fresh one runs every migration: minutes). */
export function templateDir() {
  return join(labelStudioHome(), `template-${LABEL_STUDIO_VERSION}`);
}

/**
 * Makes the migrated empty database once (`label-studio version` migrates
 * its data folder and exits, without users), so a server starts in seconds
 * from a copy of it. Returns the database file.
 */
export async function ensureTemplate({ log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  const bin = await ensureLabelStudio({ log });
  const db = join(templateDir(), 'label_studio.sqlite3');
  const stamp = join(templateDir(), '.rubric-complete');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === installStamp()) return db;
  return withInstallLock(async () => {
    if (existsSync(stamp) && readFileSync(stamp, 'utf8') === installStamp()) return db;
    const started = Date.now();
    const work = mkdtempSync(join(labelStudioHome(), 'template-staging-'));
    mkdirSync(join(work, 'home'));
    const r = spawnSync(bin, ['version', '--data-dir', join(work, 'data')], { env: serverEnv(join(work, 'home')), encoding: 'utf8', timeout: START_TIMEOUT_MS });
    if (r.status !== 0 || !existsSync(join(work, 'data', 'label_studio.sqlite3'))) {
      rmSync(work, { recursive: true, force: true });
      throw new Error(`Migrating a new Label Studio database failed (label-studio version: exit ${r.status ?? r.signal}): ${`${r.stdout}\n${r.stderr}`.trim().split('\n').slice(-15).join('\n')}`);
    }
    rmSync(templateDir(), { recursive: true, force: true });
    mkdirSync(templateDir(), { recursive: true });
    copyFileSync(join(work, 'data', 'label_studio.sqlite3'), db);
    writeFileSync(stamp, installStamp());
    rmSync(work, { recursive: true, force: true });
    log(`migrated an empty Label Studio database in ${Math.round((Date.now() - started) / 1000)} s (once; servers start from copies of it)`);
    return db;
  }, log);
}

/** A free TCP port on 127.0.0.1 (taken and released). */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** A random secret of `bytes` bytes as lowercase hex. */
const secret = (bytes) => randomBytes(bytes).toString('hex');

/**
 * The environment Label Studio runs with: nothing inherited but PATH (its
 * settings read bare names such as HOST, PORT and USERNAME), a private HOME,
 * and no reports to Sentry, analytics or update checks.
 */
function serverEnv(home) {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    LANG: 'C.UTF-8',
    SENTRY_DSN: '',
    FRONTEND_SENTRY_DSN: '',
    COLLECT_ANALYTICS: 'false',
    LATEST_VERSION_CHECK: 'false',
  };
}

/**
 * Starts Label Studio on 127.0.0.1 with a fresh data folder, an admin user and
 * a legacy API token; resolves once `/health/` answers and the token works.
 * `stop()` ends the server (and removes the data folder unless `keep`).
 */
export async function startLabelStudio(options = {}) {
  const log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  const bin = await ensureLabelStudio({ log });
  const template = await ensureTemplate({ log });
  const port = options.port ?? (await freePort());
  const base = options.dataDir ? resolve(options.dataDir) : mkdtempSync(join(tmpdir(), 'rubric-label-studio-'));
  const dataDir = join(base, 'data');
  const home = join(base, 'home');
  mkdirSync(home, { recursive: true });
  if (existsSync(join(dataDir, 'label_studio.sqlite3'))) throw new Error(`${dataDir} already holds a Label Studio database: the admin user and token are only created in a fresh one; use an empty folder`);
  mkdirSync(dataDir, { recursive: true });
  copyFileSync(template, join(dataDir, 'label_studio.sqlite3'));
  const username = options.username ?? 'admin@rubric.test';
  const password = options.password ?? secret(12);
  // Label Studio keeps a legacy token of 6 to 40 characters as given.
  const token = options.token ?? secret(20);
  const url = `http://127.0.0.1:${port}`;
  const logFile = join(base, 'label-studio.log');
  const out = openSync(logFile, 'a');
  const args = ['start', '--no-browser', '--internal-host', '127.0.0.1', '--port', String(port), '--data-dir', dataDir, '--username', username, '--password', password, '--user-token', token, '--enable-legacy-api-token', '--log-level', 'WARNING'];
  const child = spawn(bin, args, { env: serverEnv(home), stdio: ['ignore', out, out], detached: true });
  closeSync(out);
  let exited = null;
  // A test run that ends without its teardown (an uncaught error) must not leave the server behind.
  const orphan = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  };
  process.once('exit', orphan);
  child.once('exit', (code, signal) => {
    exited = { code, signal };
    process.off('exit', orphan);
  });
  const tail = () => {
    try {
      return readFileSync(logFile, 'utf8').split('\n').slice(-25).join('\n');
    } catch {
      return '(no log)';
    }
  };
  const stop = async ({ keep = false } = {}) => {
    if (!exited) {
      const gone = new Promise((r) => child.once('exit', r));
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // Already gone.
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // Gone meanwhile.
        }
      }, 10_000);
      await gone;
      clearTimeout(timer);
    }
    if (!keep && !options.dataDir) rmSync(base, { recursive: true, force: true });
  };
  const started = Date.now();
  try {
    for (;;) {
      if (exited) throw new Error(`Label Studio exited (${exited.code ?? exited.signal}) before it answered on ${url}; its log (${logFile}) ends with:\n${tail()}`);
      if (Date.now() - started > START_TIMEOUT_MS) throw new Error(`Label Studio did not answer on ${url}/health/ within ${START_TIMEOUT_MS / 1000} s; its log (${logFile}) ends with:\n${tail()}`);
      try {
        const health = await fetch(`${url}/health/`, { signal: AbortSignal.timeout(2000) });
        if (health.ok) break;
      } catch {
        // Not listening yet.
      }
      await sleep(500);
    }
    // The server that answers is ours (Label Studio moves to the next port when its port is taken) and the token works.
    const version = await fetch(`${url}/api/version`, { headers: { Authorization: `Token ${token}` } });
    const body = await version.json().catch(() => ({}));
    if (!version.ok || body.release !== LABEL_STUDIO_VERSION) throw new Error(`The server on ${url} is not the Label Studio ${LABEL_STUDIO_VERSION} just started (HTTP ${version.status}, release ${JSON.stringify(body.release)}); its log (${logFile}) ends with:\n${tail()}`);
  } catch (error) {
    await stop({ keep: true });
    throw error;
  }
  return { url, port, token, username, password, dataDir, logFile, version: LABEL_STUDIO_VERSION, startedInMs: Date.now() - started, pid: child.pid, stop };
}

async function main(argv) {
  const [command, ...rest] = argv;
  const log = (line) => process.stderr.write(`label-studio: ${line}\n`);
  if (command === 'version') {
    process.stdout.write(`${LABEL_STUDIO_VERSION}\n`);
    return 0;
  }
  if (command === 'install') {
    await ensureTemplate({ log });
    process.stdout.write(`${join(venvDir(), 'bin', 'label-studio')}\n`);
    return 0;
  }
  if (command === 'start') {
    let port;
    let dataDir;
    for (let i = 0; i < rest.length; i++) {
      if (rest[i] === '--port') port = Number(rest[++i]);
      else if (rest[i] === '--data-dir') dataDir = rest[++i];
      else throw new Error(`Unexpected argument ${JSON.stringify(rest[i])}, expected --port <n> or --data-dir <empty folder>`);
    }
    if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) throw new Error('Unexpected --port, expected a port number from 1 to 65535');
    const server = await startLabelStudio({ port, dataDir, log });
    process.stdout.write(
      [
        `Label Studio ${server.version} on ${server.url} (started in ${Math.round(server.startedInMs / 1000)} s; data in ${dirname(server.dataDir)})`,
        `  log in:        ${server.username} / ${server.password}`,
        `  legacy token:  ${server.token}   (Authorization: Token …)`,
        '  a delivery target for it:',
        `    export RUBRIC_TARGET_LABEL_STUDIO=${server.token}`,
        `    {"kind": "label-studio", "url": "${server.url}", "projectId": "create", "secretEnv": "RUBRIC_TARGET_LABEL_STUDIO"}`,
        'Ctrl-C stops it and removes the data folder.',
        '',
      ].join('\n'),
    );
    await new Promise((r) => {
      process.once('SIGINT', r);
      process.once('SIGTERM', r);
    });
    await server.stop();
    return 0;
  }
  process.stderr.write('Usage: node scripts/label-studio.mjs install | start [--port <n>] [--data-dir <empty folder>] | version\n');
  return 2;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`label-studio: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
