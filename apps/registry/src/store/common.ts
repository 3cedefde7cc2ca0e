/**
 * What both stores share: errors, value checks, version ordering and paging,
 * and the audit entry written when a version is published. Keeping these in
 * one place is what makes the SQLite and PostgreSQL stores behave the same.
 */
import { randomBytes } from 'node:crypto';
import { compareSemver } from '@rubric/core';
import { SCOPES, type Page, type QualityReportRecord, type QualitySource, type Scope, type TargetRecord, type VersionRecord, type VersionSummary } from '../domain.js';
import type { AuditInput } from './types.js';

/** Why a store refused an input (the HTTP layer maps these to 4xx). */
export type StoreErrorCode =
  /** A listVersions cursor that this store did not hand out. */
  | 'invalid-cursor'
  /** submitVersion for a set that ensureSet has not created. */
  | 'unknown-set'
  /** createToken with an id or secret hash that already exists. */
  | 'duplicate'
  /** A value the store cannot keep as given (NUL in a text field, a time that is not a date, a negative quorum). */
  | 'invalid-value';

/** A refusal caused by the caller's input, not by the database. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Checks a value for a text column. PostgreSQL text cannot hold NUL, so both
 * stores refuse it in the same way (file contents are JSON and may hold it).
 */
export function text(field: string, value: string): string {
  if (typeof value !== 'string') throw new StoreError('invalid-value', `Unexpected ${typeof value} for ${field}, expected a string`);
  if (value.includes('\u0000')) throw new StoreError('invalid-value', `Unexpected NUL character in ${field}, expected text without U+0000`);
  return value;
}

/** Whether any of the values holds NUL: such an id cannot exist, so lookups answer "not found" (PostgreSQL would refuse the query). */
export function hasNul(...values: string[]): boolean {
  return values.some((v) => typeof v !== 'string' || v.includes('\u0000'));
}

/** Like text(), for nullable columns. */
export function optionalText(field: string, value: string | null | undefined): string | null {
  return value === null || value === undefined ? null : text(field, value);
}

/** Normalizes a time to the ISO 8601 UTC form `toISOString` gives, so both stores hand back the same string. */
export function isoTime(field: string, at: string): string {
  const date = new Date(at);
  if (typeof at !== 'string' || Number.isNaN(date.getTime())) throw new StoreError('invalid-value', `Unexpected time ${JSON.stringify(at)} for ${field}, expected an ISO 8601 date-time`);
  return date.toISOString();
}

export function optionalIsoTime(field: string, at: string | null | undefined): string | null {
  return at === null || at === undefined ? null : isoTime(field, at);
}

export function checkQuorum(quorum: number): number {
  if (!Number.isInteger(quorum) || quorum < 0 || quorum > 1000) throw new StoreError('invalid-value', `Unexpected quorum ${String(quorum)}, expected an integer from 0 to 1000`);
  return quorum;
}

/**
 * Total order of versions, oldest first: semver precedence, then (for equal
 * precedence, e.g. build metadata, or strings that are not semver, which sort
 * below every semver) plain string order, so a cursor always has one place.
 */
export function compareVersions(a: string, b: string): number {
  const bySemver = compareSemver(a, b);
  if (bySemver !== undefined && bySemver !== 0) return bySemver;
  if (bySemver === undefined) {
    const aValid = compareSemver(a, a) !== undefined;
    const bValid = compareSemver(b, b) !== undefined;
    if (aValid !== bValid) return aValid ? 1 : -1;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The newest of some versions, or undefined. */
export function newest<T extends { version: string }>(items: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const item of items) if (!best || compareVersions(item.version, best.version) > 0) best = item;
  return best;
}

const CURSOR_PREFIX = 'v1:';

/** An opaque cursor: base64url of the last version on the page. */
export function encodeCursor(version: string): string {
  return Buffer.from(CURSOR_PREFIX + version, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  const decoded = /^[A-Za-z0-9_-]{1,400}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  if (!decoded.startsWith(CURSOR_PREFIX) || decoded.length === CURSOR_PREFIX.length || encodeCursor(decoded.slice(CURSOR_PREFIX.length)) !== cursor) {
    throw new StoreError('invalid-cursor', `Unexpected cursor ${JSON.stringify(cursor.slice(0, 60))}, expected the "next" value of a previous page`);
  }
  return decoded.slice(CURSOR_PREFIX.length);
}

export const MAX_PAGE = 100;
export const MAX_AUDIT_PAGE = 1000;

/** Clamps a page size to 1..max (anything not a number gives max). */
export function clampLimit(limit: number, max = MAX_PAGE): number {
  if (typeof limit !== 'number' || !Number.isFinite(limit)) return max;
  return Math.min(max, Math.max(1, Math.floor(limit)));
}

/** Sorts newest first and cuts one page after the cursor. */
export function pageVersions(items: VersionSummary[], options: { limit: number; cursor?: string }): Page<VersionSummary> {
  const limit = clampLimit(options.limit);
  const sorted = [...items].sort((a, b) => compareVersions(b.version, a.version));
  const after = options.cursor === undefined ? undefined : decodeCursor(options.cursor);
  const rest = after === undefined ? sorted : sorted.filter((v) => compareVersions(v.version, after) < 0);
  const page = rest.slice(0, limit);
  const last = page[page.length - 1];
  return { items: page, next: rest.length > limit && last ? encodeCursor(last.version) : null };
}

/** States listVersions shows. */
export function listedStates(includePending: boolean | undefined): string[] {
  return includePending ? ['published', 'deprecated', 'pending'] : ['published', 'deprecated'];
}

/** Checks an audit entry's text fields before it is written. */
export function checkAudit(entry: AuditInput): AuditInput {
  text('audit.actor', entry.actor);
  text('audit.action', entry.action);
  optionalText('audit.setId', entry.setId);
  optionalText('audit.version', entry.version);
  optionalText('audit.contentHash', entry.contentHash);
  return entry;
}

/** The version.publish entry the store writes itself when a version gets published. */
export function publishAudit(version: Pick<VersionRecord, 'setId' | 'version' | 'contentHash'>, actor: string, detail: Record<string, unknown>): AuditInput {
  return { actor, action: 'version.publish', setId: version.setId, version: version.version, contentHash: version.contentHash, detail };
}

/** The row fields of a version to write, checked and normalized. */
export function versionValues(version: VersionRecord, publishNow: boolean) {
  const submittedAt = isoTime('submittedAt', version.submittedAt);
  return {
    setId: text('setId', version.setId),
    version: text('version', version.version),
    state: publishNow ? ('published' as const) : ('pending' as const),
    contentHash: text('contentHash', version.contentHash),
    manifest: JSON.stringify(version.manifest),
    files: JSON.stringify(version.files),
    title: text('title', version.title),
    submittedBy: text('submittedBy', version.submittedBy),
    submittedAt,
    publishedAt: publishNow ? submittedAt : null,
  };
}

/** The audit entries of a new version: the caller's, plus version.publish when it is published at once and the caller gave none. */
export function submitAudits(record: VersionRecord, publishNow: boolean, audit: AuditInput[]): AuditInput[] {
  const entries = audit.map(checkAudit);
  if (publishNow && !entries.some((e) => e.action === 'version.publish')) entries.push(publishAudit(record, record.submittedBy, { quorum: 0 }));
  return entries;
}

const DELIVERY_CURSOR_PREFIX = 'd1:';

/** An opaque cursor of the delivery listing: base64url of the last sequence number on the page. */
export function encodeDeliveryCursor(seq: number): string {
  return Buffer.from(`${DELIVERY_CURSOR_PREFIX}${seq}`, 'utf8').toString('base64url');
}

/** The sequence number in a delivery cursor; StoreError invalid-cursor when it is not one this store handed out. */
export function decodeDeliveryCursor(cursor: string): number {
  const decoded = /^[A-Za-z0-9_-]{1,40}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const m = /^d1:([1-9]\d{0,15})$/.exec(decoded);
  if (!m || encodeDeliveryCursor(Number(m[1])) !== cursor) throw new StoreError('invalid-cursor', `Unexpected cursor ${JSON.stringify(cursor.slice(0, 60))}, expected the "next" value of a previous page`);
  return Number(m[1]);
}

/** A new delivery id (the receivers' idempotency key). */
export function newDeliveryId(): string {
  return `dlv_${randomBytes(16).toString('hex')}`;
}

/** The row fields of a target to write, checked and normalized. */
export function targetValues(target: TargetRecord) {
  return {
    setId: text('target.setId', target.setId),
    id: text('target.id', target.id),
    kind: text('target.kind', target.kind),
    url: text('target.url', target.url),
    options: JSON.stringify(target.options),
    secretEnv: target.secret.kind === 'env' ? text('target.secret.env', target.secret.env) : null,
    secretCiphertext: target.secret.kind === 'encrypted' ? text('target.secret.ciphertext', target.secret.ciphertext) : null,
    enabled: target.enabled,
    createdAt: isoTime('target.createdAt', target.createdAt),
    updatedAt: isoTime('target.updatedAt', target.updatedAt),
    updatedBy: text('target.updatedBy', target.updatedBy),
  };
}

/** The secret reference of a target row (exactly one column is set; the schema checks it). */
export function targetSecret(env: string | null, ciphertext: string | null): TargetRecord['secret'] {
  return env !== null ? { kind: 'env', env } : { kind: 'encrypted', ciphertext: ciphertext ?? '' };
}

/** Error texts of a delivery are cut so a chatty receiver cannot fill the store. */
export function deliveryError(message: string | null): string | null {
  return message === null ? null : text('lastError', message.replace(/\u0000/g, '')).slice(0, 1000);
}

/** The scopes column of a token: a JSON array of known scopes, or null for none. */
export function scopesValue(scopes: readonly Scope[] | undefined): string | null {
  if (!scopes || scopes.length === 0) return null;
  for (const s of scopes) if (!(SCOPES as readonly string[]).includes(s)) throw new StoreError('invalid-value', `Unexpected scope ${JSON.stringify(s)}, expected one of ${SCOPES.join(', ')}`);
  return JSON.stringify([...new Set(scopes)].sort());
}

/** The scopes of a token row (unknown names, from a newer registry, are left out). */
export function scopesOf(value: unknown): Scope[] {
  const list = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
  return Array.isArray(list) ? (list.filter((s) => (SCOPES as readonly string[]).includes(s as string)) as Scope[]) : [];
}

/** A new quality report id. */
export function newQualityReportId(): string {
  return `qr_${randomBytes(16).toString('hex')}`;
}

/** The row fields of a quality report to write, checked and normalized. */
export function qualityValues(report: Omit<QualityReportRecord, 'seq'>) {
  const source: QualitySource = report.source.kind === 'upload' ? { kind: 'upload' } : { kind: 'label-studio', targetId: text('source.targetId', report.source.targetId) };
  return {
    id: text('id', report.id),
    setId: text('setId', report.setId),
    version: text('version', report.version),
    contentHash: text('contentHash', report.contentHash),
    uploadedAt: isoTime('uploadedAt', report.uploadedAt),
    uploadedBy: text('uploadedBy', report.uploadedBy),
    source: JSON.stringify(source),
    summary: JSON.stringify(report.summary),
    // The report is JSON text: NUL can only appear escaped (\u0000), which PostgreSQL text holds.
    report: text('report', report.report),
  };
}

/** Largest delivery detail kept (JSON text). */
export const MAX_DELIVERY_DETAIL = 16 * 1024;

/** A delivery's detail as stored: JSON text without NUL characters, at most MAX_DELIVERY_DETAIL (else a note that it was cut); null when absent. */
export function deliveryDetail(detail: Record<string, unknown> | undefined): string | null {
  if (detail === undefined) return null;
  const json = JSON.stringify(detail, (_key, value: unknown) => (typeof value === 'string' ? value.replace(/\u0000/g, '') : value));
  return json.length <= MAX_DELIVERY_DETAIL ? json : JSON.stringify({ truncated: true, bytes: json.length });
}
