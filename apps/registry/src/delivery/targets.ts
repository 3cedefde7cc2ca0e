/**
 * Delivery targets as the API takes and shows them: the PUT body checked
 * field by field (kind, URL, Label Studio project, the secret or the name of
 * the variable holding it), and the JSON form, which never carries a secret.
 */
import { SET_ID_PATTERN } from '@rubric/core';
import { TARGET_KINDS, type DeliveryRecord, type TargetKind, type TargetRecord, type TargetSecret } from '../domain.js';
import { HttpProblem, quote } from '../errors.js';
import { bodyObject, invalidField } from '../routes/common.js';
import { BREAKING_POLICIES } from './label-studio-delivery.js';
import { encryptSecret, resolveSecret, SECRET_ENV_PATTERN } from './secrets.js';

/** Longest target URL. */
export const MAX_TARGET_URL = 2000;
/** Longest secret accepted in a PUT body. */
export const MAX_SECRET = 4096;

/** Checks a target URL: absolute http(s), no credentials, no fragment; returns it normalized by the URL parser. */
export function checkTargetUrl(value: unknown, path = '/url'): string {
  const expected = `an absolute http:// or https:// URL of at most ${MAX_TARGET_URL} characters, without user:password@ or #fragment`;
  if (typeof value !== 'string' || value.length > MAX_TARGET_URL) throw invalidField(path, value, expected);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalidField(path, value, expected);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalidField(path, value, `${expected} (got scheme ${url.protocol})`);
  // Credentials in a URL end up in logs and listings; secrets go in `secret` or `secretEnv`.
  if (url.username !== '' || url.password !== '') throw invalidField(path, '(URL with credentials, not shown)', `${expected}: put the credential in secret or secretEnv`);
  if (url.hash !== '' || value.includes('#')) throw invalidField(path, value, expected);
  return url.toString();
}

/** What a PUT body describes, before the secret is sealed. */
export interface TargetInput {
  kind: TargetKind;
  url: string;
  options: Record<string, unknown>;
  secret: { plain: string } | { env: string };
  enabled: boolean;
}

/** Reads and checks the body of PUT /v1/sets/{id}/targets/{targetId}. */
export function parseTargetBody(value: unknown): TargetInput {
  const body = bodyObject(value, ['kind', 'url', 'projectId', 'breaking', 'secret', 'secretEnv', 'enabled']);
  const kind = body.kind;
  if (typeof kind !== 'string' || !(TARGET_KINDS as readonly string[]).includes(kind)) throw invalidField('/kind', kind, `one of ${TARGET_KINDS.join(', ')}`);
  let url = checkTargetUrl(body.url);
  const options: Record<string, unknown> = {};
  if (kind === 'label-studio') {
    const projectId = body.projectId;
    if (projectId !== 'create' && (typeof projectId !== 'number' || !Number.isSafeInteger(projectId) || projectId < 1)) throw invalidField('/projectId', projectId, 'the Label Studio project id (a positive integer), or "create" for a project per major version');
    options.projectId = projectId;
    const breaking = body.breaking ?? 'new-project';
    if (typeof breaking !== 'string' || !(BREAKING_POLICIES as readonly string[]).includes(breaking)) throw invalidField('/breaking', breaking, `one of ${BREAKING_POLICIES.join(', ')}: what a major version whose config the project cannot take does`);
    options.breaking = breaking;
    // The base URL of Label Studio: the API paths are appended to it.
    if (new URL(url).search !== '') throw invalidField('/url', body.url, 'the Label Studio base URL without a query, e.g. https://labelstudio.example.com');
    url = url.replace(/\/+$/, '');
  } else {
    for (const field of ['projectId', 'breaking'] as const) if (body[field] !== undefined) throw invalidField(`/${field}`, body[field], `no ${field} for kind ${kind} (only label-studio targets have one)`);
  }
  const { secret, secretEnv } = body;
  if ((secret === undefined) === (secretEnv === undefined)) {
    const message = 'Unexpected body with ' + (secret === undefined ? 'neither secret nor secretEnv' : 'both secret and secretEnv') + ', expected exactly one of them';
    throw new HttpProblem(400, 'invalid-body', 'Invalid body', message, { errors: [{ path: secret === undefined ? '/secretEnv' : '/secret', message }] });
  }
  let source: TargetInput['secret'];
  if (secretEnv !== undefined) {
    if (typeof secretEnv !== 'string' || !SECRET_ENV_PATTERN.test(secretEnv)) throw invalidField('/secretEnv', secretEnv, 'the name of an environment variable of the registry starting with RUBRIC_TARGET_ (A-Z, 0-9, _), e.g. RUBRIC_TARGET_LABEL_STUDIO');
    source = { env: secretEnv };
  } else {
    if (typeof secret !== 'string' || secret.length === 0 || secret.length > MAX_SECRET || secret.includes('\u0000')) {
      throw new HttpProblem(400, 'invalid-body', 'Invalid body', `/secret: Unexpected value (not shown), expected a string of 1 to ${MAX_SECRET} characters`, {
        errors: [{ path: '/secret', message: `Unexpected value (not shown), expected a string of 1 to ${MAX_SECRET} characters` }],
      });
    }
    source = { plain: secret };
  }
  const enabled = body.enabled ?? true;
  if (typeof enabled !== 'boolean') throw invalidField('/enabled', enabled, 'true or false');
  return { kind: kind as TargetKind, url, options, secret: source, enabled };
}

/** The secret reference to store: the env name as given, or the secret encrypted (422 target-key-missing without a key). */
export function sealSecret(input: TargetInput['secret'], key: Buffer | undefined, setId: string, targetId: string): TargetSecret {
  if ('env' in input) return { kind: 'env', env: input.env };
  if (!key) {
    throw new HttpProblem(422, 'target-key-missing', 'No key for target secrets', 'This registry has no RUBRIC_REGISTRY_TARGET_KEY, so it cannot keep a secret: send secretEnv with the name of an environment variable holding it instead, or have an operator set the key', {
      errors: [{ path: '/secret', message: 'Unexpected secret without a target key on the server, expected secretEnv' }],
    });
  }
  return { kind: 'encrypted', ciphertext: encryptSecret(key, setId, targetId, input.plain) };
}

/** Checks a target id (the `{targetId}` path parameter): like a set id. */
export function isTargetId(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 64 && SET_ID_PATTERN.test(value);
}

/** A target as the API shows it: where the secret comes from and whether this instance has it, never the secret. */
export function targetJson(target: TargetRecord, env: NodeJS.ProcessEnv, key: Buffer | undefined): Record<string, unknown> {
  let available = true;
  try {
    resolveSecret(target, env, key);
  } catch {
    available = false;
  }
  return {
    setId: target.setId,
    id: target.id,
    kind: target.kind,
    url: target.url,
    ...(target.kind === 'label-studio' ? { projectId: target.options.projectId, breaking: target.options.breaking ?? 'new-project' } : {}),
    secret: target.secret.kind === 'env' ? { source: 'env', env: target.secret.env, available } : { source: 'encrypted', available },
    enabled: target.enabled,
    createdAt: target.createdAt,
    updatedAt: target.updatedAt,
    updatedBy: target.updatedBy,
    links: { self: `/v1/sets/${target.setId}/targets/${target.id}`, deliveries: `/v1/sets/${target.setId}/deliveries` },
  };
}

/** A delivery as the API shows it. */
export function deliveryJson(d: DeliveryRecord): Record<string, unknown> {
  return {
    id: d.id,
    setId: d.setId,
    version: d.version,
    contentHash: d.contentHash,
    targetId: d.targetId,
    kind: d.kind,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt : null,
    lastStatus: d.lastStatus,
    lastError: d.lastError,
    detail: d.detail,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    deliveredAt: d.deliveredAt,
    links: { version: `/v1/sets/${d.setId}/versions/${d.version}`, target: `/v1/sets/${d.setId}/targets/${d.targetId}` },
  };
}

/** Quoted target id for messages. */
export function targetName(setId: string, id: string): string {
  return `${quote(id)} of set ${setId}`;
}
