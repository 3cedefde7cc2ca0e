/**
 * Opening a store from one URL (config file or env):
 * - `sqlite:<path>`, `sqlite://<path>` or a plain file path: the embedded SQLite store
 *   (`sqlite:` alone: DEFAULT_SQLITE_PATH; `:memory:`: a private in-memory store);
 * - `postgres://...` or `postgresql://...`: the PostgreSQL store.
 * Both apply pending migrations before they are returned.
 */
import { openPostgresStore, type PostgresStoreOptions } from './postgres.js';
import { openSqliteStore, type SqliteStoreOptions } from './sqlite.js';
import type { Store } from './types.js';

export { openPostgresStore, type PostgresStoreOptions } from './postgres.js';
export { openSqliteStore, type SqliteStoreOptions } from './sqlite.js';
export { StoreError, type StoreErrorCode, compareVersions, MAX_PAGE, MAX_AUDIT_PAGE } from './common.js';
export { MIGRATIONS, type Migration } from './migrations.js';
export type * from './types.js';

/** Where the embedded store lives unless configured otherwise (relative to the working directory). */
export const DEFAULT_SQLITE_PATH = '.data/registry.sqlite';

/** The URL with any password replaced, for messages and logs. */
export function redactStoreUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@:]*):[^/@]*@/i, '$1:***@');
}

/** What kind of store a URL names, and its path or connection string; throws on anything else. */
export function parseStoreUrl(url: string): { kind: 'sqlite'; path: string } | { kind: 'postgres'; connectionString: string } {
  const value = url.trim();
  if (/^postgres(ql)?:\/\//i.test(value)) return { kind: 'postgres', connectionString: value };
  if (/^sqlite:/i.test(value)) {
    let path = value.slice('sqlite:'.length);
    if (path.startsWith('//')) path = path.slice(2);
    return { kind: 'sqlite', path: path === '' ? DEFAULT_SQLITE_PATH : path };
  }
  // Anything with a scheme of two or more letters is a URL we do not know (one letter is a Windows drive).
  if (value !== '' && !/^[a-z][a-z0-9+.-]+:/i.test(value)) return { kind: 'sqlite', path: value };
  throw new Error(`Unexpected store URL ${JSON.stringify(redactStoreUrl(value))}, expected sqlite:<path>, a file path, or postgres://user:password@host:port/database`);
}

/** Opens the store a URL names (see above). */
export async function openStore(url: string, options: SqliteStoreOptions & PostgresStoreOptions = {}): Promise<Store> {
  const target = parseStoreUrl(url);
  return target.kind === 'postgres' ? openPostgresStore(target.connectionString, options) : openSqliteStore(target.path, options);
}
