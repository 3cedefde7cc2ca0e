/**
 * What a delivery sends, one builder per target kind. The dispatcher is
 * generic: it asks the kind's builder for a request (method, URL, headers,
 * body), sends it, and judges the answer the same way for every kind.
 *
 * - webhook: POST of a JSON event signed with HMAC-SHA256 (see signature.ts);
 *   the body is the same on every attempt, the signature's timestamp is fresh.
 * - label-studio: PATCH {url}/api/projects/{projectId} with
 *   `Authorization: Token <token>` and `{"label_config": "<xml>",
 *   "expert_instruction": "<html>", "show_instruction": true}`, Label
 *   Studio's documented project update (legacy API token): the version's
 *   `label-studio` export (config and the guideline as the labelers'
 *   instructions), built with the stored content hash.
 */
import type { GuidelineSet } from '@rubric/core';
import type { DeliveryRecord, TargetKind, TargetRecord, VersionRecord } from '../domain.js';
import { buildExport, exportLinks } from '../exports.js';
import type { LoadedVersion } from '../publish.js';
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
}

/** One HTTP request to send. */
export interface DeliveryRequest {
  method: 'POST' | 'PATCH' | 'PUT';
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Builds the request of one delivery; a thrown PermanentDeliveryError fails the delivery without sending. */
export type PayloadBuilder = (ctx: PayloadContext) => DeliveryRequest;

/** A delivery that can never succeed as configured (no payload can be built). */
export class PermanentDeliveryError extends Error {
  override readonly name = 'PermanentDeliveryError';
}

const USER_AGENT = 'rubric-registry';

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
export const webhookPayload: PayloadBuilder = (ctx) => {
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

/** What the PATCH sends: the project fields the version sets. */
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

/** The Label Studio request: PATCH the project's label_config and instructions. */
export function labelStudioPayload(labelConfig?: LabelConfigFunction): PayloadBuilder {
  return (ctx) => ({
    method: 'PATCH',
    url: `${ctx.target.url}/api/projects/${String(ctx.target.options.projectId)}`,
    headers: { 'Content-Type': 'application/json', 'User-Agent': USER_AGENT, Authorization: `Token ${ctx.secret}`, [WEBHOOK_HEADERS.delivery]: ctx.delivery.id },
    body: JSON.stringify(labelStudioProjectUpdate(ctx, labelConfig)),
  });
}

/** The builder of every kind. */
export function payloadBuilders(labelConfig?: LabelConfigFunction): Record<TargetKind, PayloadBuilder> {
  return { webhook: webhookPayload, 'label-studio': labelStudioPayload(labelConfig) };
}
