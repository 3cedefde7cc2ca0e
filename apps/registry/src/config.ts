/**
 * Registry configuration: defaults, then a JSON file (--config or
 * RUBRIC_REGISTRY_CONFIG), then RUBRIC_REGISTRY_* environment variables, then
 * explicit overrides. Every value is checked and a bad one is reported with
 * where it came from, what was given and what was expected.
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_MAX_BUNDLE_BYTES } from '@rubric/core';
import { quote } from './errors.js';

/** Log levels the registry accepts (pino's). */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The registry's settings. */
export interface RegistryConfig {
  host: string;
  port: number;
  /** Store URL: `sqlite:<file>` or `postgres://...`. */
  store: string;
  /** When false, every read needs a token (role reader or above). */
  readsPublic: boolean;
  /** Approvals a new set needs before a version is published (0 publishes on submit). */
  defaultQuorum: number;
  /** Largest request body, in bytes (bundles are the largest bodies). */
  bodyLimitBytes: number;
  logLevel: LogLevel;
  /** Memory for the hot cache of immutable reads, in bytes (0 turns it off). */
  hotCacheBytes: number;
  /** How long a graceful shutdown waits for in-flight requests before closing connections. */
  shutdownGraceMs: number;
  /** Bootstrap admin token (`rbt_<id>_<secret>`), from RUBRIC_REGISTRY_ADMIN_TOKEN only: secrets stay out of files. */
  adminToken?: string;
}

/** Settings used when nothing else is given. */
export const DEFAULT_CONFIG: RegistryConfig = {
  host: '127.0.0.1',
  port: 8787,
  store: 'sqlite:.data/registry.db',
  readsPublic: true,
  defaultQuorum: 1,
  bodyLimitBytes: DEFAULT_MAX_BUNDLE_BYTES,
  logLevel: 'info',
  hotCacheBytes: 64 * 1024 * 1024,
  shutdownGraceMs: 10_000,
};

/** A configuration value that was refused. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid registry configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Key = Exclude<keyof RegistryConfig, 'adminToken'>;

/** Environment variable of each setting. */
export const CONFIG_ENV: Record<Key | 'adminToken', string> = {
  host: 'RUBRIC_REGISTRY_HOST',
  port: 'RUBRIC_REGISTRY_PORT',
  store: 'RUBRIC_REGISTRY_STORE',
  readsPublic: 'RUBRIC_REGISTRY_READS_PUBLIC',
  defaultQuorum: 'RUBRIC_REGISTRY_QUORUM',
  bodyLimitBytes: 'RUBRIC_REGISTRY_BODY_LIMIT',
  logLevel: 'RUBRIC_REGISTRY_LOG_LEVEL',
  hotCacheBytes: 'RUBRIC_REGISTRY_HOT_CACHE_BYTES',
  shutdownGraceMs: 'RUBRIC_REGISTRY_SHUTDOWN_GRACE_MS',
  adminToken: 'RUBRIC_REGISTRY_ADMIN_TOKEN',
};

/** Env variable naming the config file when --config is not given. */
export const CONFIG_FILE_ENV = 'RUBRIC_REGISTRY_CONFIG';

interface Check {
  expected: string;
  /** Value from a JSON file (already typed) or an env string; undefined when invalid. */
  parse(value: unknown): unknown;
}

const int = (min: number, max: number): Check => ({
  expected: `an integer from ${min} to ${max}`,
  parse: (v) => {
    const n = typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v;
    return typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max ? n : undefined;
  },
});
const bool: Check = {
  expected: 'true or false',
  parse: (v) => (typeof v === 'boolean' ? v : v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : undefined),
};
const text = (expected: string, ok: (s: string) => boolean): Check => ({ expected, parse: (v) => (typeof v === 'string' && ok(v) ? v : undefined) });

const CHECKS: Record<Key, Check> = {
  host: text('a host name or IP address', (s) => s.trim() !== '' && !/\s/.test(s)),
  port: int(0, 65535),
  store: text('a store URL: sqlite:<file> or postgres://user@host/db', (s) => /^(sqlite:.+|postgres(ql)?:\/\/.+)$/.test(s)),
  readsPublic: bool,
  defaultQuorum: int(0, 10),
  bodyLimitBytes: int(1024, 1024 * 1024 * 1024),
  logLevel: text(`one of ${LOG_LEVELS.join(', ')}`, (s) => (LOG_LEVELS as readonly string[]).includes(s)),
  hotCacheBytes: int(0, 16 * 1024 * 1024 * 1024),
  shutdownGraceMs: int(0, 10 * 60 * 1000),
};

/** Where loadConfig reads from. */
export interface LoadConfigOptions {
  /** Path of a JSON config file (from --config); else RUBRIC_REGISTRY_CONFIG. */
  file?: string;
  env?: NodeJS.ProcessEnv;
  /** Values that win over file and env (from the caller, e.g. `rubric serve --port`). */
  overrides?: Partial<RegistryConfig>;
}

/** Builds the configuration; throws ConfigError listing every refused value. */
export function loadConfig(options: LoadConfigOptions = {}): RegistryConfig {
  const env = options.env ?? process.env;
  const problems: string[] = [];
  const config: RegistryConfig = { ...DEFAULT_CONFIG };
  const set = (key: Key, value: unknown, where: string): void => {
    const parsed = CHECKS[key].parse(value);
    if (parsed === undefined) problems.push(`${where}: Unexpected ${quote(value)}, expected ${CHECKS[key].expected}`);
    else (config as unknown as Record<string, unknown>)[key] = parsed;
  };

  const file = options.file ?? (env[CONFIG_FILE_ENV] || undefined);
  if (file !== undefined) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new ConfigError([`${file}: ${error instanceof SyntaxError ? `Unexpected JSON syntax: ${error.message}` : `Could not read the config file (${(error as { code?: string }).code ?? String(error)})`}`]);
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ConfigError([`${file}: Unexpected ${quote(raw)}, expected a JSON object of settings`]);
    for (const [key, value] of Object.entries(raw)) {
      if (key === '$schema') continue;
      if (key === 'adminToken') problems.push(`${file}: /adminToken: Unexpected secret in a file, expected it in ${CONFIG_ENV.adminToken}`);
      else if (key in CHECKS) set(key as Key, value, `${file}: /${key}`);
      else problems.push(`${file}: /${key}: Unexpected setting, expected one of ${Object.keys(CHECKS).join(', ')}`);
    }
  }
  for (const key of Object.keys(CHECKS) as Key[]) {
    const value = env[CONFIG_ENV[key]];
    if (value !== undefined && value !== '') set(key, value, CONFIG_ENV[key]);
  }
  const adminToken = env[CONFIG_ENV.adminToken];
  if (adminToken) config.adminToken = adminToken;
  for (const [key, value] of Object.entries(options.overrides ?? {})) {
    if (value === undefined) continue;
    if (key === 'adminToken') config.adminToken = value as string;
    else if (key in CHECKS) set(key as Key, value, `option ${key}`);
  }
  if (problems.length) throw new ConfigError(problems);
  return config;
}
