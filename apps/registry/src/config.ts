/**
 * Registry configuration: defaults, then a JSON file (--config or
 * RUBRIC_REGISTRY_CONFIG), then RUBRIC_REGISTRY_* environment variables, then
 * explicit overrides. Every value is checked and a bad one is reported with
 * where it came from, what was given and what was expected.
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_MAX_BUNDLE_BYTES } from '@rubric/core';
import { parseTargetKey } from './delivery/secrets.js';
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
  /** The registry's URL as clients reach it (behind a proxy), for the absolute links of deliveries; default: the listening URL. */
  publicUrl?: string;
  /** How often the delivery dispatcher looks for due deliveries, in ms; 0 runs no dispatcher on this instance. */
  deliveryPollMs: number;
  /** Attempts of one delivery before it is failed. */
  deliveryMaxAttempts: number;
  /** Time one delivery request may take, in ms. */
  deliveryTimeoutMs: number;
  /** First retry delay cap, in ms; doubles per attempt (full jitter) up to deliveryBackoffMaxMs. */
  deliveryBackoffMs: number;
  deliveryBackoffMaxMs: number;
  /** How long a dispatcher holds a delivery it is sending; after a crash another one takes it over once this passes. */
  deliveryLeaseMs: number;
  /** Heap limit of one quality computation (a worker thread per upload), in MB: a huge or hostile upload ends in a 413, never in the registry running out of memory. */
  qualityMemoryMb: number;
  /** Quality computations one instance runs at once; further uploads get 503 with Retry-After. */
  qualityJobs: number;
  /** How often the annotations of every enabled Label Studio target are pulled and measured, in ms; 0 (the default) only on request. */
  qualityPullIntervalMs: number;
  /**
   * Key (32 bytes, base64 or hex) that encrypts target secrets with AES-256-GCM,
   * from RUBRIC_REGISTRY_TARGET_KEY only. Without it, targets can only name an
   * environment variable holding their secret.
   */
  targetKey?: string;
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
  deliveryPollMs: 1000,
  deliveryMaxAttempts: 12,
  deliveryTimeoutMs: 10_000,
  deliveryBackoffMs: 2000,
  deliveryBackoffMaxMs: 3_600_000,
  deliveryLeaseMs: 60_000,
  qualityMemoryMb: 1024,
  qualityJobs: 2,
  qualityPullIntervalMs: 0,
};

/** A configuration value that was refused. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid registry configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Key = Exclude<keyof RegistryConfig, 'adminToken' | 'targetKey'>;

/** Environment variable of each setting. */
export const CONFIG_ENV: Record<Key | 'adminToken' | 'targetKey', string> = {
  host: 'RUBRIC_REGISTRY_HOST',
  port: 'RUBRIC_REGISTRY_PORT',
  store: 'RUBRIC_REGISTRY_STORE',
  readsPublic: 'RUBRIC_REGISTRY_READS_PUBLIC',
  defaultQuorum: 'RUBRIC_REGISTRY_QUORUM',
  bodyLimitBytes: 'RUBRIC_REGISTRY_BODY_LIMIT',
  logLevel: 'RUBRIC_REGISTRY_LOG_LEVEL',
  hotCacheBytes: 'RUBRIC_REGISTRY_HOT_CACHE_BYTES',
  shutdownGraceMs: 'RUBRIC_REGISTRY_SHUTDOWN_GRACE_MS',
  publicUrl: 'RUBRIC_REGISTRY_PUBLIC_URL',
  deliveryPollMs: 'RUBRIC_REGISTRY_DELIVERY_POLL_MS',
  deliveryMaxAttempts: 'RUBRIC_REGISTRY_DELIVERY_MAX_ATTEMPTS',
  deliveryTimeoutMs: 'RUBRIC_REGISTRY_DELIVERY_TIMEOUT_MS',
  deliveryBackoffMs: 'RUBRIC_REGISTRY_DELIVERY_BACKOFF_MS',
  deliveryBackoffMaxMs: 'RUBRIC_REGISTRY_DELIVERY_BACKOFF_MAX_MS',
  deliveryLeaseMs: 'RUBRIC_REGISTRY_DELIVERY_LEASE_MS',
  qualityMemoryMb: 'RUBRIC_REGISTRY_QUALITY_MEMORY_MB',
  qualityJobs: 'RUBRIC_REGISTRY_QUALITY_JOBS',
  qualityPullIntervalMs: 'RUBRIC_REGISTRY_QUALITY_PULL_MS',
  adminToken: 'RUBRIC_REGISTRY_ADMIN_TOKEN',
  targetKey: 'RUBRIC_REGISTRY_TARGET_KEY',
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
  publicUrl: text('an http(s) URL without credentials, query or fragment, e.g. https://registry.example.com', (s) => /^https?:\/\/[^\s/?#@]+(\/[^\s?#]*)?$/.test(s)),
  deliveryPollMs: int(0, 10 * 60 * 1000),
  deliveryMaxAttempts: int(1, 100),
  deliveryTimeoutMs: int(10, 5 * 60 * 1000),
  deliveryBackoffMs: int(1, 60 * 60 * 1000),
  deliveryBackoffMaxMs: int(1, 24 * 60 * 60 * 1000),
  deliveryLeaseMs: int(100, 60 * 60 * 1000),
  qualityMemoryMb: int(32, 64 * 1024),
  qualityJobs: int(1, 64),
  qualityPullIntervalMs: int(0, 7 * 24 * 60 * 60 * 1000),
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
      if (key === 'adminToken' || key === 'targetKey') problems.push(`${file}: /${key}: Unexpected secret in a file, expected it in ${CONFIG_ENV[key]}`);
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
  const targetKey = env[CONFIG_ENV.targetKey];
  if (targetKey) config.targetKey = targetKey;
  for (const [key, value] of Object.entries(options.overrides ?? {})) {
    if (value === undefined) continue;
    if (key === 'adminToken' || key === 'targetKey') config[key] = value as string;
    else if (key in CHECKS) set(key as Key, value, `option ${key}`);
  }
  if (config.targetKey !== undefined && !parseTargetKey(config.targetKey)) {
    problems.push(`${CONFIG_ENV.targetKey}: Unexpected value (not shown), expected 32 random bytes as base64 (44 characters) or hex (64 characters), e.g. from \`openssl rand -base64 32\``);
  }
  if (config.deliveryLeaseMs <= config.deliveryTimeoutMs) {
    problems.push(`deliveryLeaseMs: Unexpected ${config.deliveryLeaseMs}, expected more than deliveryTimeoutMs (${config.deliveryTimeoutMs}): a lease must outlive the request it covers`);
  }
  if (config.deliveryBackoffMaxMs < config.deliveryBackoffMs) {
    problems.push(`deliveryBackoffMaxMs: Unexpected ${config.deliveryBackoffMaxMs}, expected at least deliveryBackoffMs (${config.deliveryBackoffMs})`);
  }
  if (problems.length) throw new ConfigError(problems);
  return config;
}
