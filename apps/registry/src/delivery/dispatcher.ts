/**
 * The delivery dispatcher: runs in every registry process (unless its poll
 * interval is 0), leases due rows of the outbox from the store, sends them
 * and records each outcome. The store does the coordination: a lease per row
 * (FOR UPDATE SKIP LOCKED on PostgreSQL, one UPDATE under BEGIN IMMEDIATE on
 * SQLite), so several instances share the outbox without sending a row
 * twice at once, and a row whose sender died is taken over when its lease
 * expires. Delivery is at least once: a crash between the receiver's 2xx
 * and the store's write sends that row again, with the same Rubric-Delivery
 * id for the receiver to deduplicate; once the 2xx is recorded the row is
 * never sent again.
 *
 * Outcomes: 2xx acknowledged; 4xx other than 408 and 429 failed at once (the
 * receiver refuses this request, sending it again will not help); anything
 * else (3xx, 408, 429, 5xx, timeout, connection error, secret not available
 * on this instance) retried after an exponential backoff with full jitter
 * (a random delay up to base * 2^(attempt-1), capped; at least Retry-After),
 * until the maximum of attempts. A kind with a sender (Label Studio) judges
 * its own conversation the same way and says so (delivered, retry, failed,
 * with a detail the store keeps); it starts no new step after most of its
 * lease, so no other dispatcher takes the row over while it still works.
 */
import { randomBytes } from 'node:crypto';
import type { RegistryConfig } from '../config.js';
import type { DeliveryRecord, TargetKind, VersionRecord } from '../domain.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { LoadedSetCache, LoadedVersion } from '../publish.js';
import type { ClaimedDelivery, DeliveryOutcome, Store } from '../store/types.js';
import { PermanentDeliveryError, type DeliveryRequest, type PayloadBuilder, type PayloadContext, type SendOutcome } from './payloads.js';
import { resolveSecret, SecretUnavailable } from './secrets.js';

/** Deliveries leased and sent at once per round. */
const BATCH = 8;
/** Bytes of a refusing receiver's answer kept in lastError. */
const ERROR_BODY_BYTES = 300;
/** A sender stops starting new steps after this share of its lease, so another dispatcher never takes over a live attempt. */
const SENDER_SHARE_OF_LEASE = 0.8;

/** The settings the dispatcher reads. */
export type DispatcherConfig = Pick<RegistryConfig, 'deliveryPollMs' | 'deliveryMaxAttempts' | 'deliveryTimeoutMs' | 'deliveryBackoffMs' | 'deliveryBackoffMaxMs' | 'deliveryLeaseMs'>;

/** What a dispatcher needs. */
export interface DispatcherDeps {
  store: Store;
  config: DispatcherConfig;
  logger: Logger;
  metrics: Metrics;
  sets: LoadedSetCache;
  builders: Record<TargetKind, PayloadBuilder>;
  /** Base of absolute links in payloads, without a trailing slash. */
  publicUrl: string;
  /** Where `secretEnv` names are looked up (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Key of encrypted target secrets. */
  targetKey?: Buffer | undefined;
  now?: () => Date;
  /** In [0, 1): the jitter (tests pin it). */
  random?: () => number;
  /** Lease owner name (default: a random one per dispatcher). */
  owner?: string;
}

/** The delay before attempt `attempts + 1`: full jitter over an exponential cap. */
export function backoffDelay(attempts: number, baseMs: number, maxMs: number, random: () => number): number {
  const cap = Math.min(maxMs, baseMs * 2 ** Math.min(30, Math.max(0, attempts - 1)));
  return Math.floor(random() * cap);
}

/** The delay a Retry-After header asks for, in ms (seconds or an HTTP date); undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: Date): number | undefined {
  if (!header) return undefined;
  if (/^\d{1,9}$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/** Sends due deliveries until stopped. */
export class Dispatcher {
  readonly owner: string;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private stopped = true;
  private again = false;
  private round: Promise<void> | undefined;
  private readonly now: () => Date;
  private readonly random: () => number;
  private readonly env: NodeJS.ProcessEnv;

  constructor(private readonly deps: DispatcherDeps) {
    this.owner = deps.owner ?? `dispatcher-${randomBytes(6).toString('hex')}`;
    this.now = deps.now ?? (() => new Date());
    this.random = deps.random ?? Math.random;
    this.env = deps.env ?? process.env;
  }

  /** Starts polling (no-op when the poll interval is 0). */
  start(): void {
    if (this.deps.config.deliveryPollMs <= 0 || !this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Looks for due deliveries now instead of at the next poll (after a publish on this instance). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  /** Stops polling and waits for the sends in flight (each bounded by the request timeout). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.round;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.round = this.loop();
    }, ms);
    this.timer.unref();
  }

  private async loop(): Promise<void> {
    if (this.running) return;
    this.running = true;
    let full = false;
    try {
      this.again = false;
      full = (await this.runOnce()) >= BATCH;
    } catch (error) {
      // The store is down or refused: try again at the next poll.
      this.deps.logger.error({ err: error }, 'delivery dispatcher could not lease deliveries');
    } finally {
      this.running = false;
    }
    this.schedule(full || this.again ? 0 : this.deps.config.deliveryPollMs);
  }

  /** Leases one batch of due deliveries and sends them; returns how many were leased. */
  async runOnce(): Promise<number> {
    const claimed = await this.deps.store.claimDeliveries({ owner: this.owner, now: this.now().toISOString(), leaseMs: this.deps.config.deliveryLeaseMs, limit: BATCH });
    await Promise.all(claimed.map((c) => this.attempt(c)));
    return claimed.length;
  }

  private async attempt(claimed: ClaimedDelivery): Promise<void> {
    const { delivery, target } = claimed;
    const { config } = this.deps;
    let outcome: DeliveryOutcome;
    try {
      if (!target) outcome = this.failed('the target was deleted', null);
      else if (delivery.attempts > config.deliveryMaxAttempts) outcome = this.failed(`gave up after ${config.deliveryMaxAttempts} attempts`, delivery.lastStatus);
      else outcome = await this.send(delivery, claimed);
    } catch (error) {
      outcome = this.retryOrFail(delivery, `unexpected error: ${error instanceof Error ? error.message : String(error)}`, null, undefined);
      this.deps.logger.error({ err: error, deliveryId: delivery.id }, 'delivery attempt failed unexpectedly');
    }
    try {
      const recorded = await this.deps.store.finishDelivery(delivery.id, this.owner, outcome);
      if (!recorded) this.deps.logger.warn({ deliveryId: delivery.id, status: outcome.status }, 'delivery outcome not recorded: the lease passed to another dispatcher');
    } catch (error) {
      // The lease expires and another round (here or elsewhere) sends it again, under the same delivery id.
      this.deps.logger.error({ err: error, deliveryId: delivery.id }, 'could not record a delivery outcome');
      return;
    }
    this.deps.metrics.deliveryAttempt(delivery.kind, outcome.status === 'pending' ? 'retry' : outcome.status);
    const log = { deliveryId: delivery.id, setId: delivery.setId, version: delivery.version, targetId: delivery.targetId, attempt: delivery.attempts, status: outcome.status, httpStatus: outcome.lastStatus };
    if (outcome.status === 'failed') this.deps.logger.warn({ ...log, error: outcome.lastError }, 'delivery failed');
    else this.deps.logger.info(outcome.status === 'pending' ? { ...log, error: outcome.lastError, nextAttemptAt: outcome.nextAttemptAt } : log, outcome.status === 'pending' ? 'delivery will be retried' : 'delivered');
  }

  private async send(delivery: DeliveryRecord, claimed: ClaimedDelivery): Promise<DeliveryOutcome> {
    const target = claimed.target as NonNullable<ClaimedDelivery['target']>;
    const version = await this.deps.store.getVersion(delivery.setId, delivery.version);
    if (!version) return this.failed('the version is gone', null);
    let request: DeliveryRequest;
    try {
      const secret = resolveSecret(target, this.env, this.deps.targetKey);
      const builder = this.deps.builders[delivery.kind];
      const loaded = this.deps.sets.get(version);
      const ctx: PayloadContext = { delivery, target, version, set: loaded.set, loaded, secret, publicUrl: this.deps.publicUrl, now: this.now(), otherVersion: (v) => this.otherVersion(delivery.setId, v) };
      if (typeof builder !== 'function') return this.judge(delivery, await builder.send(ctx, { timeoutMs: this.deps.config.deliveryTimeoutMs, deadline: Date.now() + SENDER_SHARE_OF_LEASE * this.deps.config.deliveryLeaseMs }));
      request = builder(ctx);
    } catch (error) {
      if (error instanceof SecretUnavailable) return this.retryOrFail(delivery, error.message, null, undefined);
      if (error instanceof PermanentDeliveryError) return this.failed(error.message, null);
      throw error;
    }
    let response: Response;
    try {
      // No redirects: a signed request goes where the target says, nowhere else.
      response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body, redirect: 'manual', signal: AbortSignal.timeout(this.deps.config.deliveryTimeoutMs) });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${this.deps.config.deliveryTimeoutMs} ms` : `request failed: ${cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error))}`;
      return this.retryOrFail(delivery, reason, null, undefined);
    }
    const text = await readSome(response, ERROR_BODY_BYTES);
    const status = response.status;
    if (status >= 200 && status < 300) return { status: 'delivered', at: this.now().toISOString(), lastStatus: status, lastError: null };
    const reason = `HTTP ${status}${text ? `: ${text.replace(/\s+/g, ' ').trim()}` : ''}`;
    if (status >= 400 && status < 500 && status !== 408 && status !== 429) return this.failed(reason, status);
    return this.retryOrFail(delivery, reason, status, retryAfterMs(response.headers.get('retry-after'), this.now()));
  }

  private failed(reason: string, status: number | null, detail?: Record<string, unknown>): DeliveryOutcome {
    return { status: 'failed', at: this.now().toISOString(), lastStatus: status, lastError: reason, ...(detail ? { detail } : {}) };
  }

  private retryOrFail(delivery: DeliveryRecord, reason: string, status: number | null, retryAfter: number | undefined, detail?: Record<string, unknown>): DeliveryOutcome {
    const { config } = this.deps;
    if (delivery.attempts >= config.deliveryMaxAttempts) return this.failed(`${reason} (gave up after ${delivery.attempts} attempts)`, status, detail);
    const jitter = backoffDelay(delivery.attempts, config.deliveryBackoffMs, config.deliveryBackoffMaxMs, this.random);
    const delay = Math.min(config.deliveryBackoffMaxMs, Math.max(jitter, retryAfter ?? 0));
    const now = this.now();
    return { status: 'pending', at: now.toISOString(), nextAttemptAt: new Date(now.getTime() + delay).toISOString(), lastStatus: status, lastError: reason, ...(detail ? { detail } : {}) };
  }

  /** A sender's outcome as the store records it. */
  private judge(delivery: DeliveryRecord, sent: SendOutcome): DeliveryOutcome {
    if (sent.outcome === 'delivered') return { status: 'delivered', at: this.now().toISOString(), lastStatus: sent.status, lastError: null, ...(sent.detail ? { detail: sent.detail } : {}) };
    if (sent.outcome === 'failed') return this.failed(sent.reason, sent.status, sent.detail);
    return this.retryOrFail(delivery, sent.reason, sent.status, sent.retryAfterMs, sent.detail);
  }

  /** Another version of a set, loaded, for a sender that compares with what it delivered before. */
  private async otherVersion(setId: string, version: string): Promise<{ version: VersionRecord; loaded: LoadedVersion } | undefined> {
    const other = await this.deps.store.getVersion(setId, version);
    return other ? { version: other, loaded: this.deps.sets.get(other) } : undefined;
  }
}

/** Up to `max` bytes of a response body as text, then the rest is dropped (the connection is freed either way). */
async function readSome(response: Response, max: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < max) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } catch {
    // A receiver that hangs up mid-answer: what was read is enough.
  } finally {
    await reader.cancel().catch(() => {});
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, max);
}
