/**
 * The run's Label Studio server (started once by global-setup.ts) as the
 * tests use it: an admin API client, labelers signed up through Label
 * Studio's own sign-up form, projects made the way a team makes them, and a
 * registry in this process whose Label Studio targets read the admin token
 * from its environment.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { generateToken, LabelStudioClient, loadConfig, silentLogger, startRegistry, type LabelStudioProject, type RegistryConfig, type RunningRegistry, type StartOptions } from '@rubric/registry';
import type { LabelStudioInfo } from '../global-setup.js';

/** The running Label Studio. */
export function labelStudio(): LabelStudioInfo {
  return inject('labelStudio');
}

/** An API client with the admin's legacy token (or `token`). */
export function adminClient(token?: string): LabelStudioClient {
  const ls = labelStudio();
  return new LabelStudioClient({ url: ls.url, token: token ?? ls.token, timeoutMs: 60_000 });
}

/** A labeler of the run: an email and a password they log in with. */
export interface Labeler {
  email: string;
  password: string;
}

/** The cookies a response sets, merged into `jar`. */
function keepCookies(jar: Map<string, string>, response: Response): void {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const at = pair!.indexOf('=');
    if (at > 0) jar.set(pair!.slice(0, at).trim(), pair!.slice(at + 1).trim());
  }
}

const cookieHeader = (jar: Map<string, string>): string => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

/**
 * Signs a labeler up through Label Studio's sign-up form (/user/signup/, the
 * page a team's invite link opens): a new user of the server's organization.
 * Signing up an email that exists already is a no-op, so files may share labelers.
 */
export async function signUp(labeler: Labeler): Promise<void> {
  const { url } = labelStudio();
  const jar = new Map<string, string>();
  const form = await fetch(`${url}/user/signup/`, { redirect: 'manual' });
  keepCookies(jar, form);
  const csrf = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(await form.text())?.[1];
  if (!csrf) throw new Error(`No CSRF token in ${url}/user/signup/ (status ${form.status})`);
  const body = new URLSearchParams({ csrfmiddlewaretoken: csrf, email: labeler.email, password: labeler.password, allow_newsletters: 'false' });
  const posted = await fetch(`${url}/user/signup/`, { method: 'POST', body, redirect: 'manual', headers: { Cookie: cookieHeader(jar), Referer: `${url}/user/signup/`, 'Content-Type': 'application/x-www-form-urlencoded' } });
  // A new account is logged in and sent on (302); an existing email gets the form again with an error.
  if (posted.status === 302) return;
  const page = await posted.text();
  if (/already exists|User with this email/i.test(page)) return;
  throw new Error(`Signing up ${labeler.email} at ${url}/user/signup/ answered ${posted.status}: ${page.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 300)}`);
}

/** The labelers of the run (three, as a small team). */
export const LABELERS: Labeler[] = [
  { email: 'ana@labelers.rubric.test', password: 'Ana-labels-2026!' },
  { email: 'ben@labelers.rubric.test', password: 'Ben-labels-2026!' },
  { email: 'chloe@labelers.rubric.test', password: 'Chloe-labels-2026!' },
];

/** Signs every labeler up (once per server). */
export async function signUpLabelers(): Promise<Labeler[]> {
  for (const l of LABELERS) await signUp(l);
  return LABELERS;
}

/** Every project of the server whose title starts with `prefix`. */
export async function projectsTitled(prefix: string): Promise<LabelStudioProject[]> {
  return (await adminClient().listProjects()).filter((p) => p.title.startsWith(prefix));
}

/** A registry in this process (temporary SQLite store) whose targets find the admin token in RUBRIC_TARGET_LS. */
export interface LsRegistry {
  url: string;
  admin: string;
  running: RunningRegistry;
  /** An authenticated JSON request to the registry. */
  request(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; json: any; text: string }>;
  close(): Promise<void>;
}

/** Starts a registry that delivers quickly (polls every 50 ms, retries after at most 200 ms). */
export async function startLsRegistry(options: { env?: Record<string, string>; config?: Partial<RegistryConfig>; labelConfig?: StartOptions['labelConfig'] } = {}): Promise<LsRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'rubric-ls-registry-'));
  const admin = generateToken().token;
  const config = {
    ...loadConfig({ env: {}, overrides: { host: '127.0.0.1', port: 0, store: `sqlite:${join(dir, 'registry.db')}`, adminToken: admin, logLevel: 'silent', defaultQuorum: 0, readsPublic: true } }),
    deliveryPollMs: 50,
    deliveryBackoffMs: 100,
    deliveryBackoffMaxMs: 200,
    deliveryTimeoutMs: 30_000,
    deliveryLeaseMs: 120_000,
    deliveryMaxAttempts: 5,
    ...options.config,
  };
  const running = await startRegistry({ config, logger: silentLogger(), env: { RUBRIC_TARGET_LS: labelStudio().token, ...options.env }, ...(options.labelConfig ? { labelConfig: options.labelConfig } : {}) });
  const request = async (method: string, path: string, body?: unknown, token: string = admin): Promise<{ status: number; json: any; text: string }> => {
    const res = await fetch(`${running.url}${path}`, { method, headers: { Authorization: `Bearer ${token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text };
  };
  return {
    url: running.url,
    admin,
    running,
    request,
    async close() {
      await running.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls `check` until it returns a truthy value (returned) or `timeoutMs` passes (throws, naming `what`). */
export async function waitFor<T>(what: string, check: () => T | Promise<T>, timeoutMs = 60_000): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      last = error;
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A browser-like session of a user (Django session and CSRF cookies), logged in through /user/login/. */
async function session(email: string, password: string): Promise<Map<string, string>> {
  const { url } = labelStudio();
  const jar = new Map<string, string>();
  const form = await fetch(`${url}/user/login/`, { redirect: 'manual' });
  keepCookies(jar, form);
  const csrf = /name="csrfmiddlewaretoken" value="([^"]+)"/.exec(await form.text())?.[1];
  if (!csrf) throw new Error(`No CSRF token in ${url}/user/login/`);
  const login = await fetch(`${url}/user/login/`, { method: 'POST', redirect: 'manual', body: new URLSearchParams({ csrfmiddlewaretoken: csrf, email, password }), headers: { Cookie: cookieHeader(jar), Referer: `${url}/user/login/`, 'Content-Type': 'application/x-www-form-urlencoded' } });
  keepCookies(jar, login);
  if (login.status !== 302 || !jar.has('sessionid')) throw new Error(`Logging in ${email} at ${url}/user/login/ answered ${login.status} without a session`);
  return jar;
}

/**
 * A personal access token made without a person at the keyboard: log in
 * through the login form, then POST /api/token/ with the session (what
 * Account & Settings > Personal Access Token does).
 */
export async function personalAccessToken(email: string, password: string): Promise<string> {
  const { url } = labelStudio();
  const jar = await session(email, password);
  const res = await fetch(`${url}/api/token/`, { method: 'POST', body: '{}', headers: { Cookie: cookieHeader(jar), 'X-CSRFToken': jar.get('csrftoken') ?? '', Referer: `${url}/`, 'Content-Type': 'application/json' } });
  const body = (await res.json()) as { token?: string };
  if (res.status !== 201 || !body.token) throw new Error(`POST /api/token/ answered ${res.status}: ${JSON.stringify(body)}`);
  return body.token;
}

/** A TCP proxy on 127.0.0.1 to Label Studio that can be stopped and started again on the same port: a server that goes down and comes back. */
export interface FlakyProxy {
  url: string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
}

/** Starts a proxy to the run's Label Studio. */
export async function flakyProxy(): Promise<FlakyProxy> {
  const target = new URL(labelStudio().url);
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  let port = 0;
  const start = async (): Promise<void> => {
    server = createServer((client) => {
      const upstream = connect(Number(target.port), target.hostname);
      sockets.add(client).add(upstream);
      client.pipe(upstream).pipe(client);
      const drop = (): void => {
        client.destroy();
        upstream.destroy();
        sockets.delete(client);
        sockets.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
    });
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(port, '127.0.0.1', () => resolve());
    });
    port = (server.address() as AddressInfo).port;
  };
  await start();
  return {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    async stop() {
      for (const s of sockets) s.destroy();
      sockets.clear();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      server = undefined;
    },
    start,
  };
}
