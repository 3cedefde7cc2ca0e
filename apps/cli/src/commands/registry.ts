/** `rubric registry backup <file>`: a consistent copy of the registry's SQLite store, taken while it serves. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import { singleLine } from '../formatters/shared.js';
import type { Io } from '../io.js';
import { CommandFailure, displayPath, runRegistryCommand } from '../registry-client.js';

export const REGISTRY_HELP = `Usage: rubric registry backup [options] <file>

Writes a consistent copy of the registry's SQLite store to <file> with
SQLite's online backup, so the registry may keep serving (and writing) while
it runs. The copy is a complete SQLite database: point --store (or
RUBRIC_REGISTRY_STORE) at it to serve from it. A PostgreSQL store is backed
up with pg_dump instead.

Options:
      --store <url>        the store (default: $RUBRIC_REGISTRY_STORE, else
                           sqlite:<data-dir>/registry.db)
      --data-dir <dir>     folder of the default store (default .data)
  -h, --help               show this help

Exit codes: 0 written, 1 the store cannot be read or backed up, 2 usage error.`;

/** Runs `rubric registry <action>`; returns the exit code. */
export async function registryCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      store: { type: 'string' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout(`${REGISTRY_HELP}\n`);
    return 0;
  }
  const [action, file, ...rest] = positionals;
  if (action !== 'backup') throw new UsageError(`${action === undefined ? 'Missing action' : `Unknown action "${singleLine(action)}"`}, expected \`rubric registry backup <file>\`\n\n${REGISTRY_HELP}`);
  if (!file || rest.length) throw new UsageError(`Expected one backup file, e.g. \`rubric registry backup backups/registry-$(date +%F).db\``);
  // Loaded on demand: the registry (express, SQLite, pg) would slow every other command's start.
  const { openStore, parseStoreUrl, redactStoreUrl } = await import('@rubric/registry');
  const url = values.store ?? (process.env.RUBRIC_REGISTRY_STORE || `sqlite:${join(resolve(io.cwd, values['data-dir'] ?? '.data'), 'registry.db')}`);
  let target;
  try {
    target = parseStoreUrl(url);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const out = resolve(io.cwd, file);
  return runRegistryCommand(io, async () => {
    if (target.kind === 'postgres') throw new CommandFailure(`${redactStoreUrl(url)} is a PostgreSQL store; back it up with pg_dump`);
    const path = resolve(io.cwd, target.path);
    // Opening a missing file would create an empty store; a backup of nothing is a mistake.
    if (!existsSync(path)) throw new CommandFailure(`no store at ${displayPath(io.cwd, path)}; pass --store sqlite:<file> or --data-dir`);
    if (existsSync(out)) throw new CommandFailure(`${displayPath(io.cwd, out)} already exists; choose a new file (a backup never overwrites)`);
    const store = await openStore(`sqlite:${path}`);
    try {
      await store.backup(out);
    } catch (error) {
      throw new CommandFailure(`backup of ${displayPath(io.cwd, path)} failed: ${singleLine(error instanceof Error ? error.message : String(error))}`);
    } finally {
      await store.close();
    }
    io.stdout(`backed up ${displayPath(io.cwd, path)} to ${displayPath(io.cwd, out)}\n`);
    return 0;
  });
}
