/**
 * Run one suite against both stores.
 *
 *   forEachStore('submissions', (open, target) => {
 *     let store: Store;
 *     beforeAll(async () => { store = await open(); });
 *     it('...', async () => { ... });
 *   });
 *
 * defines `describe('submissions [sqlite]')` and `describe('submissions [postgres]')`.
 * Each block gets its own empty database (a temp SQLite file; a new database on
 * the test PostgreSQL server, see ./postgres.ts). `open()` opens one more Store
 * instance on that database, migrated; call it several times to get several
 * instances (separate connections: what several processes or registry
 * instances would be). Every instance opened is closed after the block.
 * Tests in one block share the database: use distinct set ids per test.
 *
 * `target` says which store and where (filled in before the block's first
 * test runs, so read it inside hooks and tests, not while defining them).
 *
 * env RUBRIC_TEST_STORES=sqlite (or postgres) limits the run to one store;
 * by default both run, and a missing PostgreSQL is an error, never a skip.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import { openPostgresStore } from '../../src/store/postgres.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/types.js';
import { startPostgres, type TestPostgres } from './postgres.js';

export type StoreKind = 'sqlite' | 'postgres';

export interface StoreTarget {
  kind: StoreKind;
  /** The store URL openStore() accepts: `sqlite:<file>` or `postgres://...`. */
  url: string;
  /** The SQLite file, or the PostgreSQL connection string. */
  location: string;
}

/** The stores to run: both unless RUBRIC_TEST_STORES narrows it. */
export function storeKinds(): StoreKind[] {
  const wanted = process.env.RUBRIC_TEST_STORES;
  if (!wanted) return ['sqlite', 'postgres'];
  const kinds = wanted.split(',').map((s) => s.trim());
  for (const kind of kinds) if (kind !== 'sqlite' && kind !== 'postgres') throw new Error(`Unexpected RUBRIC_TEST_STORES entry ${JSON.stringify(kind)}, expected sqlite or postgres`);
  return kinds as StoreKind[];
}

/** Defines the same describe block once per store (see the top of this file). */
export function forEachStore(name: string, body: (open: () => Promise<Store>, target: StoreTarget) => void): void {
  for (const kind of storeKinds()) {
    describe(`${name} [${kind}]`, () => {
      const target: StoreTarget = { kind, url: '', location: '' };
      const opened: Store[] = [];
      let postgres: TestPostgres | undefined;
      let dir: string | undefined;

      beforeAll(async () => {
        if (kind === 'sqlite') {
          dir = mkdtempSync(join(tmpdir(), 'rubric-store-'));
          target.location = join(dir, 'registry.sqlite');
          target.url = `sqlite:${target.location}`;
        } else {
          postgres = await startPostgres();
          target.location = postgres.url;
          target.url = postgres.url;
        }
      });

      afterAll(async () => {
        await Promise.allSettled(opened.map((store) => store.close()));
        await postgres?.stop();
        if (dir) rmSync(dir, { recursive: true, force: true });
      });

      const open = async (): Promise<Store> => {
        if (!target.location) throw new Error('open() was called before the block started: call it in beforeAll or in a test');
        const store = kind === 'sqlite' ? await openSqliteStore(target.location) : await openPostgresStore(target.location, { pool: 4 });
        opened.push(store);
        return store;
      };

      body(open, target);
    });
  }
}

/**
 * Runs raw SQL on a store's database, around the Store API (to check what is
 * really stored, or that the database itself refuses something). Parameters
 * are `?` for SQLite and `$1` for PostgreSQL.
 */
export async function queryRaw<T = Record<string, unknown>>(target: StoreTarget, sql: string, params: unknown[] = []): Promise<T[]> {
  if (target.kind === 'sqlite') {
    const db = new Database(target.location);
    try {
      const statement = db.prepare(sql);
      if (statement.reader) return statement.all(...params) as T[];
      statement.run(...params);
      return [];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: target.location });
  client.on('error', () => {});
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end().catch(() => {});
  }
}
