/**
 * `rubric serve`: runs a registry in this process until Ctrl-C, with the
 * embedded SQLite store under the data folder and a bootstrap admin token kept
 * there. With --publish-dir it also publishes every approved set of a folder
 * (what `npm start` does), idempotently: a restart answers "already published".
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { RegistryConfig, RenderFunction, RunningRegistry } from '@rubric/registry';
import { discoverSets } from '../discover.js';
import { UsageError } from '../errors.js';
import { singleLine } from '../formatters/shared.js';
import type { Io } from '../io.js';
import { CommandFailure, displayPath, registryRequest, RegistryRefusal, runRegistryCommand, type RegistryTarget } from '../registry-client.js';
import { packSet } from './pack.js';
import { submitBundle } from './publish.js';

export const SERVE_HELP = `Usage: rubric serve [options]

Runs a Rubric registry in this process until Ctrl-C (or SIGTERM), then shuts
down gracefully: in-flight requests finish, the store is closed.

The store defaults to SQLite at <data-dir>/registry.db. Unless
RUBRIC_REGISTRY_ADMIN_TOKEN is set, a bootstrap admin token is generated at
the first start and kept in <data-dir>/admin-token (readable by you only); use
it to create other tokens with \`rubric token create\`.

With --publish-dir, every set of that folder whose status is approved is
published at start with the admin token; a set new to the registry gets
quorum 0 (a local bootstrap: no second approver needed). Publishing is
idempotent: the same content answers "already published".

Options:
  -p, --port <n>           port (default 8787; 0 for any free port)
      --host <host>        address to listen on (default 127.0.0.1)
      --store <url>        sqlite:<file> or postgres://user:pass@host/db
                           (default sqlite:<data-dir>/registry.db)
      --data-dir <dir>     folder of the SQLite store and the admin token (default .data)
      --publish-dir <dir>  publish the approved sets of this folder at start
      --quorum <n>         approvals a new set needs (default 1; 0 publishes on submit)
      --log-level <level>  fatal, error, warn (default), info, debug, trace or silent;
                           JSON log lines go to stderr
  -c, --config <file>      registry config file (JSON; see RUBRIC_REGISTRY_* variables)
  -h, --help               show this help

Exit codes: 0 stopped by a signal, 1 could not start (port in use, store
unreadable), 2 usage or config error.`;

type RegistryModule = typeof import('@rubric/registry');

/** Name of the bootstrap admin token's file in the data folder. */
export const ADMIN_TOKEN_FILE = 'admin-token';

/** Runs `rubric serve`; resolves with the exit code once the registry has stopped. */
export async function serveCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      store: { type: 'string' },
      'data-dir': { type: 'string' },
      'publish-dir': { type: 'string' },
      quorum: { type: 'string' },
      'log-level': { type: 'string' },
      config: { type: 'string', short: 'c' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout(`${SERVE_HELP}\n`);
    return 0;
  }
  if (positionals.length) throw new UsageError(`Unexpected argument "${singleLine(positionals[0] as string)}", expected only options\n\n${SERVE_HELP}`);
  const dataDir = resolve(io.cwd, values['data-dir'] ?? '.data');
  // Loaded on demand: the registry (express, SQLite, pg) would slow every other command's start.
  const registry = await import('@rubric/registry');
  const { ConfigError, DEFAULT_CONFIG, loadConfig } = registry;
  const publishDirs = values['publish-dir'] !== undefined ? discoverSets([values['publish-dir']], io.cwd) : [];

  let config: RegistryConfig;
  try {
    config = loadConfig({
      ...(values.config !== undefined ? { file: resolve(io.cwd, values.config) } : {}),
      overrides: {
        ...(values.host !== undefined ? { host: values.host } : {}),
        ...(values.port !== undefined ? { port: wholeNumber(values.port, '--port') } : {}),
        ...(values.store !== undefined ? { store: values.store } : {}),
        ...(values.quorum !== undefined ? { defaultQuorum: wholeNumber(values.quorum, '--quorum') } : {}),
        ...(values['log-level'] !== undefined ? { logLevel: values['log-level'] as RegistryConfig['logLevel'] } : process.env.RUBRIC_REGISTRY_LOG_LEVEL ? {} : { logLevel: 'warn' as const }),
      },
    });
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
  // Unconfigured, the store lives in the data folder (absolute, whatever the process's working directory).
  if (config.store === DEFAULT_CONFIG.store) config.store = `sqlite:${join(dataDir, 'registry.db')}`;

  return runRegistryCommand(io, async () => {
    const admin = adminToken(config, dataDir, io, registry);
    config.adminToken = admin.token;
    const running = await start(config, registry);
    io.stdout(`Rubric registry listening on ${running.url} (store ${storeLabel(config.store, io, registry)})\n`);
    io.stdout(`${admin.note}\n`);
    const target: RegistryTarget = { url: running.url, token: admin.token };
    const published: string[] = [];
    if (values['publish-dir'] !== undefined) {
      io.stdout(`Publishing the approved sets of ${displayPath(io.cwd, resolve(io.cwd, values['publish-dir']))}/ with the admin token (a set new to this registry gets quorum 0: this local bootstrap needs no second approver):\n`);
      for (const dir of publishDirs) published.push(...(await publishSet(target, dir, io)));
    }
    const example = published[0] ?? 'hate-speech';
    io.stdout(`Catalog: ${running.url}/\n`);
    io.stdout(`Try:     curl ${running.url}/v1/sets/${example}/versions/latest/schema.json\n`);
    io.stdout('Press Ctrl-C to stop.\n');
    return waitForSignal(running, io);
  });
}

/** The store for people: a SQLite file relative to the working directory, a PostgreSQL URL without its password. */
function storeLabel(url: string, io: Io, { parseStoreUrl, redactStoreUrl }: RegistryModule): string {
  const target = parseStoreUrl(url);
  return target.kind === 'sqlite' ? `sqlite:${displayPath(io.cwd, resolve(io.cwd, target.path))}` : redactStoreUrl(url);
}

function wholeNumber(text: string, flag: string): number {
  if (!/^\d{1,6}$/.test(text)) throw new UsageError(`Unexpected value "${singleLine(text)}" for ${flag}, expected a whole number`);
  return Number(text);
}

/** The bootstrap admin token: from RUBRIC_REGISTRY_ADMIN_TOKEN, else <data-dir>/admin-token, created at the first start. */
function adminToken(config: RegistryConfig, dataDir: string, io: Io, { generateToken, TOKEN_PATTERN }: RegistryModule): { token: string; note: string } {
  if (config.adminToken) return { token: config.adminToken, note: 'Admin token: from RUBRIC_REGISTRY_ADMIN_TOKEN' };
  const file = join(dataDir, ADMIN_TOKEN_FILE);
  const shown = displayPath(io.cwd, file);
  if (existsSync(file)) {
    const token = readFileSync(file, 'utf8').trim();
    if (!TOKEN_PATTERN.test(token)) throw new CommandFailure(`${shown} does not hold a token (rbt_<id>_<secret>); delete it to have a new one generated`);
    return { token, note: `Admin token: in ${shown} (bootstrap token, created at the first start)` };
  }
  mkdirSync(dataDir, { recursive: true });
  const { token } = generateToken();
  writeFileSync(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return { token, note: `Admin token: generated a bootstrap admin token and stored it in ${shown} (keep it secret; \`rubric token create --token "$(cat ${shown})" ...\` makes more)` };
}

/** Starts the registry; a port in use or an unwritable store becomes a clear failure. */
async function start(config: RegistryConfig, { createLogger, startRegistry }: RegistryModule): Promise<RunningRegistry> {
  // JSON log lines go to stderr so stdout stays for people.
  const logger = createLogger(config.logLevel, 2);
  try {
    // guideline.html is the same page the catalog and the VS Code preview show, with the
    // nonce the registry derives from the content hash: every instance renders the same
    // bytes, so the strong ETag holds across instances and the CSP header can pin the style.
    const { renderPage } = await import('@rubric/render');
    const render: RenderFunction = (set, ctx) => renderPage(set, { nonce: ctx.nonce });
    return await startRegistry({ config, logger, render });
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'EADDRINUSE') {
      throw new CommandFailure(`port ${config.port} on ${config.host} is already in use (another registry, or a second \`npm start\`?); stop that process or choose another port with --port (RUBRIC_REGISTRY_PORT)`);
    }
    if (code === 'EACCES') throw new CommandFailure(`not allowed to listen on ${config.host}:${config.port}; choose a port above 1023 with --port`);
    if (code === 'EADDRNOTAVAIL') throw new CommandFailure(`cannot listen on ${config.host}: no such address on this machine; use --host 127.0.0.1`);
    throw new CommandFailure(`could not start the registry: ${singleLine(error instanceof Error ? error.message : String(error))}`);
  }
}

/** Publishes one set folder if its status is approved; returns the set id when it is (now or already) published. */
async function publishSet(target: RegistryTarget, dir: string, io: Io): Promise<string[]> {
  const shown = displayPath(io.cwd, dir);
  let packed;
  try {
    packed = packSet(dir, io);
  } catch (error) {
    if (!(error instanceof CommandFailure || error instanceof UsageError)) throw error;
    io.stdout(`  skipped ${shown}: ${error.message}\n`);
    return [];
  }
  const { setId, version } = packed.bundle.manifest;
  if (packed.status !== 'approved') {
    io.stdout(`  skipped ${setId} ${version}: status ${packed.status ?? '(none)'}, only approved sets are published\n`);
    return [];
  }
  await bootstrapQuorum(target, setId);
  const result = await submitBundle(target, packed.bundle, { cwd: io.cwd, setDir: dir });
  io.stdout(`${result.lines.map((l) => `  ${l}`).join('\n')}\n`);
  return result.outcome === 'published' || (result.outcome === 'same-content' && result.lines[0]?.startsWith('already published')) ? [setId] : [];
}

/** A set new to this registry gets quorum 0, so the local bootstrap publishes without a second approver. */
async function bootstrapQuorum(target: RegistryTarget, setId: string): Promise<void> {
  try {
    await registryRequest(target, 'GET', `/v1/sets/${setId}`);
    return;
  } catch (error) {
    if (!(error instanceof RegistryRefusal) || error.problem.status !== 404) throw error;
  }
  await registryRequest(target, 'PUT', `/v1/sets/${setId}/settings`, JSON.stringify({ quorum: 0 }));
}

/** Resolves once SIGINT or SIGTERM has shut the registry down; a second signal exits at once. */
function waitForSignal(running: RunningRegistry, io: Io): Promise<number> {
  return new Promise((resolveExit) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (stopping) {
        io.stderr(`rubric: ${signal} again, exiting without waiting\n`);
        process.exit(130);
      }
      stopping = true;
      io.stdout(`\n${signal}: stopping, finishing in-flight requests...\n`);
      running.close().then(
        () => {
          io.stdout('Stopped.\n');
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
          resolveExit(0);
        },
        (error: unknown) => {
          io.stderr(`rubric: shutdown failed: ${singleLine(error instanceof Error ? error.message : String(error))}\n`);
          resolveExit(1);
        },
      );
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
