/**
 * Webhook signatures. Every webhook request carries
 * `Rubric-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`
 * under the target's shared secret. A receiver recomputes the HMAC over the
 * raw bytes it received (before any JSON parsing), compares in constant time,
 * and refuses a timestamp too far from its clock (replays). This module needs
 * only node:crypto, so receivers can copy it or import
 * `@rubric/registry/webhook`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header names of a webhook delivery. */
export const WEBHOOK_HEADERS = { signature: 'Rubric-Signature', delivery: 'Rubric-Delivery', event: 'Rubric-Event', attempt: 'Rubric-Attempt' } as const;

/** Default tolerance between the signature's timestamp and the receiver's clock, in seconds. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

function hmac(secret: string, timestamp: number, body: string | Uint8Array): string {
  const mac = createHmac('sha256', secret);
  mac.update(`${timestamp}.`);
  mac.update(body);
  return mac.digest('hex');
}

/** The Rubric-Signature header value of `body` signed at `timestamp` (unix seconds). */
export function signWebhook(secret: string, body: string | Uint8Array, timestamp: number): string {
  return `t=${timestamp},v1=${hmac(secret, timestamp, body)}`;
}

/** What verifyWebhookSignature found. */
export type WebhookVerification = { ok: true; timestamp: number } | { ok: false; reason: string };

/**
 * Checks a Rubric-Signature header against the raw body and the shared
 * secret: a well-formed header, a timestamp within `toleranceSeconds` of
 * `now` (unix seconds), and one `v1` HMAC that matches (several are allowed
 * while a secret is rotated).
 */
export function verifyWebhookSignature(options: { secret: string; header: string | null | undefined; body: string | Uint8Array; now?: number; toleranceSeconds?: number }): WebhookVerification {
  const header = options.header ?? '';
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2) as [string, string | undefined];
    if (key === 't' && value !== undefined && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && value !== undefined && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  if (timestamp === undefined || signatures.length === 0) return { ok: false, reason: 'malformed Rubric-Signature header, expected t=<unix>,v1=<hex>' };
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (Math.abs(now - timestamp) > tolerance) return { ok: false, reason: `timestamp ${timestamp} is more than ${tolerance} s away from now (${now})` };
  const expected = Buffer.from(hmac(options.secret, timestamp, options.body), 'hex');
  const match = signatures.some((s) => timingSafeEqual(Buffer.from(s, 'hex'), expected));
  return match ? { ok: true, timestamp } : { ok: false, reason: 'no signature matches the body and the secret' };
}
