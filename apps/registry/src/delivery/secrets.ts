/**
 * Target secrets (webhook signing keys, Label Studio tokens) are never stored
 * in plain text. A target either names an environment variable of the
 * registry process that holds the secret (`secretEnv`, which must start with
 * RUBRIC_TARGET_ so a target cannot send, say, the database password to its
 * URL), or its secret is encrypted with AES-256-GCM under the registry's
 * target key (RUBRIC_REGISTRY_TARGET_KEY) before it reaches the store. The
 * ciphertext is bound to its set and target id (GCM additional data), so a
 * row copied onto another target does not decrypt.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { TargetRecord, TargetSecret } from '../domain.js';

/** Names a target's `secretEnv` may take. */
export const SECRET_ENV_PATTERN = /^RUBRIC_TARGET_[A-Z0-9_]{1,64}$/;

/** Version prefix of the ciphertext format `v1.<iv>.<tag>.<ciphertext>` (base64url parts). */
const FORMAT = 'v1';

/** The 32-byte key from its base64 (44 characters) or hex (64 characters) form; undefined when it is neither. */
export function parseTargetKey(value: string): Buffer | undefined {
  const text = value.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : /^[A-Za-z0-9+/_-]{43}=?$/.test(text) ? Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64') : undefined;
  return key?.length === 32 ? key : undefined;
}

function additionalData(setId: string, targetId: string): Buffer {
  return Buffer.from(`rubric-target-secret\n${setId}\n${targetId}`, 'utf8');
}

/** Encrypts a target's secret for the store. */
export function encryptSecret(key: Buffer, setId: string, targetId: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(additionalData(setId, targetId));
  const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return [FORMAT, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
}

/** Decrypts what encryptSecret wrote; throws when the key is wrong or the value was tampered with. */
export function decryptSecret(key: Buffer, setId: string, targetId: string, value: string): string {
  const [format, iv, tag, data] = value.split('.');
  if (format !== FORMAT || iv === undefined || tag === undefined || data === undefined) throw new Error('Unexpected secret format, expected v1.<iv>.<tag>.<ciphertext>');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(additionalData(setId, targetId));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}

/** Why a target's secret could not be had on this instance (a configuration problem: retried, it may be fixed). */
export class SecretUnavailable extends Error {
  override readonly name = 'SecretUnavailable';
}

/** The plain secret of a target, from the environment or decrypted; throws SecretUnavailable. */
export function resolveSecret(target: Pick<TargetRecord, 'setId' | 'id'> & { secret: TargetSecret }, env: NodeJS.ProcessEnv, key: Buffer | undefined): string {
  if (target.secret.kind === 'env') {
    const value = env[target.secret.env];
    if (!value) throw new SecretUnavailable(`the environment variable ${target.secret.env} holding the secret of target ${target.id} is not set on this registry instance`);
    return value;
  }
  if (!key) throw new SecretUnavailable(`the secret of target ${target.id} is encrypted, but RUBRIC_REGISTRY_TARGET_KEY is not set on this registry instance`);
  try {
    return decryptSecret(key, target.setId, target.id, target.secret.ciphertext);
  } catch {
    throw new SecretUnavailable(`the secret of target ${target.id} does not decrypt with this instance's RUBRIC_REGISTRY_TARGET_KEY (another key, or a changed row)`);
  }
}
