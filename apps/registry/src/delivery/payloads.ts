/**
 * What a delivery sends, one builder per target kind. A kind that is one
 * HTTP request has a request builder: the dispatcher sends the request and
 * judges the answer the same way for every such kind. A kind that takes a
 * conversation with the platform has a sender, which talks to it and says how
 * the attempt ended (delivered, retry, failed) with the platform's words.
 *
 * - webhook: POST of a JSON event signed with HMAC-SHA256 (see signature.ts);
 *   the body is the same on every attempt, the signature's timestamp is fresh.
 * - label-studio: a sender (label-studio-delivery.ts) that finds or creates
 *   the Label Studio project, checks the version's labeling config against
 *   the annotations there, updates the project (title, config, the guideline
 *   as instructions) and imports the gold tasks it lacks: the version's
 *   `label-studio` and `gold` exports, built with the stored content hash.
 */
import type { GuidelineSet } from '@rubric/core';
import type { DeliveryRecord, TargetKind, TargetRecord, VersionRecord } from '../domain.js';
import { buildExport, exportLinks } from '../exports.js';
import type { LoadedVersion } from '../publish.js';
import { labelStudioSender } from './label-studio-target.js';
import { signWebhook, WEBHOOK_HEADERS } from './signature.js';

/** Everything a builder may use. */
export interface PayloadContext {
  delivery: DeliveryRecord;
  target: TargetRecord;
  version: VersionRecord;
  set: GuidelineSet;
  /** The loaded version `set` belongs to (its exports are built and kept there). */
  loaded: LoadedVersion;
  /** The target's secret, resolved on this instance. */
  secret: string;
  /** Base of absolute links, without a trailing slash. */
  publicUrl: string;
  now: Date;
  /** Another stored version of the set, loaded (a sender compares with what it delivered before). */
  otherVersion?: (version: string) => Promise<{ version: VersionRecord; loaded: LoadedVersion } | undefined>;
}

/** One HTTP request to send. */
export interface DeliveryRequest {
  method: 'POST' | 'PATCH' | 'PUT';
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Builds the request of one delivery; a thrown PermanentDeliveryError fails the delivery without sending. */
export type RequestBuilder = (ctx: PayloadContext) => DeliveryRequest;

/** How an attempt of a sender ended; `detail` is kept with the delivery (what the platform did). */
export type SendOutcome =
  | { outcome: 'delivered'; status: number | null; detail?: Record<string, unknown> }
  | { outcome: 'retry'; reason: string; status: number | null; retryAfterMs?: number; detail?: Record<string, unknown> }
  | { outcome: 'failed'; reason: string; status: number | null; detail?: Record<string, unknown> };

/** Limits of one attempt of a sender. */
export interface SendLimits {
  /** Time one request may take. */
  timeoutMs: number;
  /** The attempt must not start a new step after this time (ms since the epoch): the lease ends. */
  deadline: number;
}

/** Delivers by talking to the platform itself; a thrown PermanentDeliveryError fails the delivery. */
export interface DeliverySender {
  send(ctx: PayloadContext, limits: SendLimits): Promise<SendOutcome>;
}

/** What the dispatcher is given per kind: a request builder or a sender. */
export type PayloadBuilder = RequestBuilder | DeliverySender;

/** A delivery that can never succeed as configured (no payload can be built). */
export class PermanentDeliveryError extends Error {
  override readonly name = 'PermanentDeliveryError';
}

/** The User-Agent of every delivery request. */
export const USER_AGENT = 'rubric-registry';

/** The webhook event body (also what receivers parse). */
export function webhookEvent(ctx: Omit<PayloadContext, 'secret' | 'now' | 'target' | 'set' | 'loaded'>): Record<string, unknown> {
  const { version, delivery } = ctx;
  const base = `${ctx.publicUrl}/v1/sets/${version.setId}/versions/${version.version}`;
  return {
    event: 'version.published',
    set: version.setId,
    version: version.version,
    contentHash: version.contentHash,
    hashes: Object.fromEntries(version.manifest.files.map((f) => [f.path, f.sha256])),
    links: { manifest: base, schema: `${base}/schema.json`, guideline: `${base}/guideline.md`, html: `${base}/guideline.html`, exports: exportLinks(base) },
    deliveryId: delivery.id,
  };
}

/** The webhook request: the event, signed. */
export const webhookPayload: RequestBuilder = (ctx) => {
  const body = JSON.stringify(webhookEvent(ctx));
  const timestamp = Math.floor(ctx.now.getTime() / 1000);
  return {
    method: 'POST',
    url: ctx.target.url,
    headers: {
      'Content-Type': 'application/json',
      'User-Agent': USER_AGENT,
      [WEBHOOK_HEADERS.event]: 'version.published',
      [WEBHOOK_HEADERS.delivery]: ctx.delivery.id,
      [WEBHOOK_HEADERS.attempt]: String(ctx.delivery.attempts),
      [WEBHOOK_HEADERS.signature]: signWebhook(ctx.secret, body, timestamp),
    },
    body,
  };
};

/** Label Studio's label config of a version (replaces the `label-studio` export's config.xml; tests use stand-ins). */
export type LabelConfigFunction = (set: GuidelineSet, version: VersionRecord) => string;

/** The project fields a version sets in Label Studio: the labeling config and the guideline as instructions. */
export interface LabelStudioProjectUpdate {
  label_config: string;
  expert_instruction: string;
  show_instruction: true;
}

/** The project update of a version: its `label-studio` export's config (or `labelConfig`'s) and instructions. */
export function labelStudioProjectUpdate(ctx: Pick<PayloadContext, 'set' | 'loaded' | 'version'>, labelConfig?: LabelConfigFunction): LabelStudioProjectUpdate {
  const where = `${ctx.version.setId}@${ctx.version.version}`;
  const built = buildExport(ctx.loaded, ctx.version, 'label-studio');
  if ('error' in built) throw new PermanentDeliveryError(`the Label Studio export of ${where} could not be built: ${built.error.message}`);
  const file = (name: string): string => {
    const found = built.files.find((f) => f.file === name);
    if (!found) throw new PermanentDeliveryError(`the Label Studio export of ${where} has no ${name}`);
    return found.body.toString('utf8');
  };
  const project = JSON.parse(file('project.json')) as { label_config?: unknown; expert_instruction?: unknown };
  let config: string;
  try {
    config = labelConfig ? labelConfig(ctx.set, ctx.version) : file('config.xml');
  } catch (error) {
    throw new PermanentDeliveryError(`the Label Studio config of ${where} could not be built: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof project.expert_instruction !== 'string') throw new PermanentDeliveryError(`the Label Studio export of ${where} has no instructions`);
  return { label_config: config, expert_instruction: project.expert_instruction, show_instruction: true };
}

/** The builder of every kind. */
export function payloadBuilders(labelConfig?: LabelConfigFunction): Record<TargetKind, PayloadBuilder> {
  return { webhook: webhookPayload, 'label-studio': labelStudioSender(labelConfig) };
}
