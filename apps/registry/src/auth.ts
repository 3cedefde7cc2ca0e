/**
 * API tokens and roles. A token is `rbt_<id>_<secret>`; the store keeps only
 * the sha256 of the whole string, looked up by id and compared in constant
 * time. A principal is the token's name: several tokens of one name (a rotated
 * CI secret) are one principal, so none of them approves its own submission.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { roleAtLeast, type Role, type Scope, type TokenRecord } from './domain.js';
import { HttpProblem, quote } from './errors.js';
import type { AuditInput, Store } from './store/types.js';
import type { Logger } from './logger.js';

/** Shape of a token string. */
export const TOKEN_PATTERN = /^rbt_([a-z0-9]{8,32})_([A-Za-z0-9_-]{20,128})$/;
/** Principal (token) names: letters, digits and `.`, `_`, `@`, `-`. */
export const TOKEN_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
/** Name of the token created from RUBRIC_REGISTRY_ADMIN_TOKEN. */
export const BOOTSTRAP_TOKEN_NAME = 'bootstrap-admin';
/** Actor of audit entries written by the registry itself. */
export const SYSTEM_ACTOR = 'system';

/** Who is calling: the token's principal name, role and grants. */
export interface Principal {
  name: string;
  tokenId: string;
  role: Role;
  /** Granted set ids; null for every set. */
  sets: string[] | null;
  /** Scopes beside the role (admins hold every scope without listing it). */
  scopes: Scope[];
}

/** sha256 hex of a token string (what the store keeps). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A new random token: its id (public) and the full string (shown once). */
export function generateToken(): { id: string; token: string } {
  const id = Array.from(randomBytes(16), (b) => 'abcdefghijklmnopqrstuvwxyz234567'[b & 31]).join('');
  const token = `rbt_${id}_${randomBytes(32).toString('base64url')}`;
  return { id, token };
}

/** The id inside a token string, or undefined when it is not one. */
export function tokenId(token: string): string | undefined {
  return TOKEN_PATTERN.exec(token)?.[1];
}

/** The stored record of a new token. */
export function tokenRecord(token: string, name: string, role: Role, sets: string[] | null, createdAt: string, createdBy: string | null, scopes: Scope[] = []): TokenRecord {
  const id = tokenId(token);
  if (!id) throw new Error('tokenRecord: not a token string');
  return { id, name, role, sets, scopes, secretHash: hashToken(token), createdAt, createdBy, revokedAt: null };
}

const BEARER_HELP = 'expected `Authorization: Bearer rbt_<id>_<secret>`';

/**
 * The principal of a request, from its Authorization header; undefined when
 * there is none. A header that is present but wrong is a 401, even on a read
 * that needs no token: a client should learn its token is bad.
 */
export async function authenticate(store: Store, headers: IncomingHttpHeaders): Promise<Principal | undefined> {
  const header = headers.authorization;
  if (header === undefined) return undefined;
  const m = /^Bearer[ ]+(\S+)[ ]*$/i.exec(header);
  if (!m) throw invalidToken(`Unexpected Authorization header, ${BEARER_HELP}`);
  const token = m[1] as string;
  const id = tokenId(token);
  if (!id) throw invalidToken(`Unexpected token format, ${BEARER_HELP}`);
  const record = await store.findTokenById(id);
  const expected = Buffer.from(record?.secretHash ?? '0'.repeat(64), 'hex');
  const given = Buffer.from(hashToken(token), 'hex');
  const same = expected.length === given.length && timingSafeEqual(expected, given);
  if (!record || !same) throw invalidToken('Unknown token: it was never issued here or its secret is wrong');
  if (record.revokedAt) throw invalidToken(`Token ${record.id} (${record.name}) was revoked at ${record.revokedAt}`);
  return { name: record.name, tokenId: record.id, role: record.role, sets: record.sets, scopes: record.scopes };
}

function invalidToken(detail: string): HttpProblem {
  return new HttpProblem(401, 'invalid-token', 'Invalid token', detail, { headers: { 'WWW-Authenticate': 'Bearer realm="rubric-registry", error="invalid_token"' } });
}

/** 401: the request needs a token. */
export function unauthenticated(needed: Role): HttpProblem {
  return new HttpProblem(401, 'unauthenticated', 'Authentication required', `This request needs a token with role ${needed} or above, ${BEARER_HELP}`, {
    headers: { 'WWW-Authenticate': 'Bearer realm="rubric-registry"' },
  });
}

/**
 * Checks that the principal has at least `needed`, for `setId` when given,
 * or for every set when `setId` is null (tokens, audit). Throws 401 without a
 * principal and 403 when the role or the grant is missing.
 */
export function authorize(principal: Principal | undefined, needed: Role, setId: string | null | undefined): Principal {
  if (!principal) throw unauthenticated(needed);
  if (!roleAtLeast(principal.role, needed)) {
    throw new HttpProblem(403, 'forbidden', 'Forbidden', `Role ${needed} needed, token ${quote(principal.name)} has ${principal.role}`);
  }
  if (principal.sets !== null) {
    if (setId === null) {
      throw new HttpProblem(403, 'forbidden', 'Forbidden', `Role ${needed} for every set needed, token ${quote(principal.name)} is granted only ${principal.sets.join(', ') || 'no set'}`);
    }
    if (setId !== undefined && !principal.sets.includes(setId)) {
      throw new HttpProblem(403, 'forbidden', 'Forbidden', `Token ${quote(principal.name)} is not granted set ${setId}; it is granted ${principal.sets.join(', ') || 'no set'}`);
    }
  }
  return principal;
}

/**
 * Checks that the principal holds `scope` for `setId` (admins hold every
 * scope): reading the set is implied, a role above reader is not needed and
 * does not suffice. Throws 401 without a principal, 403 otherwise.
 */
export function authorizeScope(principal: Principal | undefined, scope: Scope, setId: string): Principal {
  const p = authorize(principal, 'reader', setId);
  if (p.role !== 'admin' && !p.scopes.includes(scope)) {
    throw new HttpProblem(403, 'forbidden', 'Forbidden', `Scope ${scope} needed, token ${quote(p.name)} (role ${p.role}) has ${p.scopes.length ? `only ${p.scopes.join(', ')}` : 'no scope'}: create a token with \`rubric token create --scope ${scope}\` (role admin holds every scope)`);
  }
  return p;
}

/** True when the principal may act with `needed` on `setId` (no throw: for filtering listings). */
export function allowed(principal: Principal | undefined, needed: Role, setId: string): boolean {
  return !!principal && roleAtLeast(principal.role, needed) && (principal.sets === null || principal.sets.includes(setId));
}

/**
 * Ensures the bootstrap admin token from RUBRIC_REGISTRY_ADMIN_TOKEN exists
 * (stored hashed), so a fresh registry can be administered. A revoked one
 * stays revoked; an id that exists with another secret is refused.
 */
export async function ensureAdminToken(store: Store, token: string, at: string, logger: Logger): Promise<void> {
  const id = tokenId(token);
  if (!id) {
    throw new Error(`RUBRIC_REGISTRY_ADMIN_TOKEN: Unexpected value, expected rbt_<id>_<secret> (8-32 lowercase letters or digits, then 20-128 of A-Z a-z 0-9 _ -), for example ${generateToken().token}`);
  }
  const existing = await store.findTokenById(id);
  if (existing) {
    if (existing.secretHash !== hashToken(token)) throw new Error(`RUBRIC_REGISTRY_ADMIN_TOKEN: token id ${id} already exists with another secret; choose another token`);
    if (existing.revokedAt) logger.warn({ tokenId: id }, 'the bootstrap admin token was revoked; it stays revoked');
    return;
  }
  const audit: AuditInput = { actor: SYSTEM_ACTOR, action: 'token.create', setId: null, version: null, contentHash: null, detail: { tokenId: id, name: BOOTSTRAP_TOKEN_NAME, role: 'admin', sets: null, bootstrap: true } };
  try {
    await store.createToken(tokenRecord(token, BOOTSTRAP_TOKEN_NAME, 'admin', null, at, null), audit);
  } catch (error) {
    // Several instances starting at once: another one created it first.
    const now = await store.findTokenById(id);
    if (now?.secretHash === hashToken(token)) return;
    throw error;
  }
  logger.info({ tokenId: id }, 'created the bootstrap admin token');
}
