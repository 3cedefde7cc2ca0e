/**
 * The embedded store: one SQLite file (better-sqlite3), zero set-up.
 *
 * Durability: WAL journal with synchronous=FULL. Every commit appends to the
 * WAL and fsyncs it before the call returns, so a transaction the store
 * reported as done survives kill -9 of the process (WAL at NORMAL already
 * gives that) and also a power cut or OS crash (NORMAL may lose the last
 * commits then). Registry writes are rare and small, so one fsync per commit
 * costs little, and a version that a labeling tool already fetched can never
 * come back unpublished. `synchronous: 'NORMAL'` is available for throwaway
 * stores.
 *
 * Concurrency: better-sqlite3 is synchronous, so inside one process every
 * method's transaction runs to completion before the next starts. Writes use
 * BEGIN IMMEDIATE and busy_timeout, so several processes on one file queue
 * instead of failing with SQLITE_BUSY on a lock upgrade. submitVersion inserts
 * with ON CONFLICT DO NOTHING on the (set_id, version) primary key and reads
 * the row back to tell 'same-content' from 'conflict'.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { ApprovalRecord, AuditEntry, DeliveryRecord, DeliveryStatus, Page, QualityReportMeta, QualityReportRecord, QualitySource, QualitySummary, Role, SetRecord, TargetKind, TargetRecord, TokenRecord, VersionRecord, VersionState, VersionSummary } from '../domain.js';
import {
  checkAudit,
  checkQuorum,
  clampLimit,
  decodeDeliveryCursor,
  deliveryDetail,
  deliveryError,
  encodeDeliveryCursor,
  isoTime,
  newDeliveryId,
  listedStates,
  MAX_AUDIT_PAGE,
  newest,
  optionalIsoTime,
  optionalText,
  pageVersions,
  publishAudit,
  qualityValues,
  scopesOf,
  scopesValue,
  StoreError,
  submitAudits,
  targetSecret,
  targetValues,
  text,
  versionValues,
} from './common.js';
import { MIGRATIONS, MIGRATIONS_TABLE } from './migrations.js';
import type { ApproveResult, AuditInput, ClaimedDelivery, DeliveryOutcome, DeliveryQuery, Store, SubmitResult } from './types.js';

export interface SqliteStoreOptions {
  /** FULL (default): commits survive power loss too. NORMAL: survive a process kill only. */
  synchronous?: 'FULL' | 'NORMAL';
  /** How long a write waits for another process's lock, in ms (default 5000). */
  busyTimeoutMs?: number;
}

type Db = Database.Database;

interface TokenRow {
  id: string;
  name: string;
  role: string;
  sets: string | null;
  scopes: string | null;
  secret_hash: string;
  created_at: string;
  created_by: string | null;
  revoked_at: string | null;
}
interface SetRow {
  id: string;
  quorum: number;
  created_at: string;
}
interface SummaryRow {
  set_id: string;
  version: string;
  state: string;
  content_hash: string;
  title: string;
  submitted_by: string;
  submitted_at: string;
  published_at: string | null;
  deprecated_at: string | null;
}
interface VersionRow extends SummaryRow {
  manifest: string;
  files: string;
}
interface ApprovalRow {
  set_id: string;
  version: string;
  approved_by: string;
  approved_at: string;
}
interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  set_id: string | null;
  version: string | null;
  content_hash: string | null;
  detail: string;
}

interface QualityRow {
  seq: number;
  id: string;
  set_id: string;
  version: string;
  content_hash: string;
  uploaded_at: string;
  uploaded_by: string;
  source: string;
  summary: string;
  report?: string;
  reports?: number;
}

/** Columns of a quality report without its JSON text. */
const QUALITY_META = 'seq, id, set_id, version, content_hash, uploaded_at, uploaded_by, source, summary';

function toQualityMeta(row: QualityRow): QualityReportMeta {
  return {
    id: row.id,
    seq: row.seq,
    setId: row.set_id,
    version: row.version,
    contentHash: row.content_hash,
    uploadedAt: row.uploaded_at,
    uploadedBy: row.uploaded_by,
    source: JSON.parse(row.source) as QualitySource,
    summary: JSON.parse(row.summary) as QualitySummary,
  };
}
function toQuality(row: QualityRow): QualityReportRecord {
  return { ...toQualityMeta(row), report: row.report ?? '' };
}

interface TargetRow {
  set_id: string;
  id: string;
  kind: string;
  url: string;
  options: string;
  secret_env: string | null;
  secret_ciphertext: string | null;
  enabled: number;
  created_at: string;
  updated_at: string;
  updated_by: string;
}
interface DeliveryRow {
  seq: number;
  id: string;
  set_id: string;
  version: string;
  content_hash: string;
  target_id: string;
  kind: string;
  status: string;
  attempts: number;
  next_attempt_at: string;
  lease_owner: string | null;
  lease_until: string | null;
  last_status: number | null;
  last_error: string | null;
  detail: string | null;
  created_at: string;
  updated_at: string;
  delivered_at: string | null;
}

function toTarget(row: TargetRow): TargetRecord {
  return {
    setId: row.set_id,
    id: row.id,
    kind: row.kind as TargetKind,
    url: row.url,
    options: JSON.parse(row.options) as Record<string, unknown>,
    secret: targetSecret(row.secret_env, row.secret_ciphertext),
    enabled: row.enabled === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}
function toDelivery(row: DeliveryRow): DeliveryRecord {
  return {
    id: row.id,
    seq: row.seq,
    setId: row.set_id,
    version: row.version,
    contentHash: row.content_hash,
    targetId: row.target_id,
    kind: row.kind as TargetKind,
    status: row.status as DeliveryStatus,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    leaseOwner: row.lease_owner,
    leaseUntil: row.lease_until,
    lastStatus: row.last_status,
    lastError: row.last_error,
    detail: row.detail === null ? null : (JSON.parse(row.detail) as Record<string, unknown>),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deliveredAt: row.delivered_at,
  };
}

const SUMMARY_COLUMNS = 'set_id, version, state, content_hash, title, submitted_by, submitted_at, published_at, deprecated_at';

function toToken(row: TokenRow): TokenRecord {
  return {
    id: row.id,
    name: row.name,
    role: row.role as Role,
    sets: row.sets === null ? null : (JSON.parse(row.sets) as string[]),
    scopes: scopesOf(row.scopes),
    secretHash: row.secret_hash,
    createdAt: row.created_at,
    createdBy: row.created_by,
    revokedAt: row.revoked_at,
  };
}
function toSet(row: SetRow): SetRecord {
  return { id: row.id, quorum: row.quorum, createdAt: row.created_at };
}
function toSummary(row: SummaryRow): VersionSummary {
  return {
    setId: row.set_id,
    version: row.version,
    state: row.state as VersionState,
    contentHash: row.content_hash,
    title: row.title,
    submittedBy: row.submitted_by,
    submittedAt: row.submitted_at,
    publishedAt: row.published_at,
    deprecatedAt: row.deprecated_at,
  };
}
function toVersion(row: VersionRow): VersionRecord {
  return { ...toSummary(row), manifest: JSON.parse(row.manifest) as VersionRecord['manifest'], files: JSON.parse(row.files) as Record<string, string> };
}
function toApproval(row: ApprovalRow): ApprovalRecord {
  return { setId: row.set_id, version: row.version, approvedBy: row.approved_by, approvedAt: row.approved_at };
}
function toAudit(row: AuditRow): AuditEntry {
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action as AuditEntry['action'],
    setId: row.set_id,
    version: row.version,
    contentHash: row.content_hash,
    detail: JSON.parse(row.detail) as Record<string, unknown>,
  };
}

function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Db) {}

  /** A cached prepared statement (prepared on first use, after migrations made the tables). */
  private sql(source: string): Database.Statement {
    let statement = this.statements.get(source);
    if (!statement) {
      statement = this.db.prepare(source);
      this.statements.set(source, statement);
    }
    return statement;
  }

  /** Runs fn in one write transaction (BEGIN IMMEDIATE): all of it commits or none. */
  private write<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  private insertAudit(entry: AuditInput, at: string): void {
    checkAudit(entry);
    this.sql('INSERT INTO audit (at, actor, action, set_id, version, content_hash, detail) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      at,
      entry.actor,
      entry.action,
      entry.setId,
      entry.version,
      entry.contentHash,
      JSON.stringify(entry.detail ?? {}),
    );
  }

  private versionRow(setId: string, version: string): VersionRecord | undefined {
    const row = this.sql('SELECT * FROM versions WHERE set_id = ? AND version = ?').get(setId, version) as VersionRow | undefined;
    return row && toVersion(row);
  }

  private approvalRows(setId: string, version: string): ApprovalRecord[] {
    return (this.sql('SELECT * FROM approvals WHERE set_id = ? AND version = ? ORDER BY approved_at, approved_by').all(setId, version) as ApprovalRow[]).map(toApproval);
  }

  /** The outbox rows of a version being published: one per enabled target of its set (inside the publishing transaction). */
  private enqueueDeliveries(version: Pick<VersionRecord, 'setId' | 'version' | 'contentHash'>, at: string): void {
    const targets = this.sql('SELECT id, kind FROM delivery_targets WHERE set_id = ? AND enabled = 1 ORDER BY id').all(version.setId) as { id: string; kind: string }[];
    const insert = this.sql(
      `INSERT INTO deliveries (id, set_id, version, content_hash, target_id, kind, status, attempts, next_attempt_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?) ON CONFLICT (set_id, version, target_id) DO NOTHING`,
    );
    for (const t of targets) insert.run(newDeliveryId(), version.setId, version.version, version.contentHash, t.id, t.kind, at, at, at);
  }

  async migrate(): Promise<void> {
    this.write(() => {
      this.db.exec(MIGRATIONS_TABLE.sqlite);
      const applied = new Set((this.db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
      for (const migration of MIGRATIONS) {
        if (applied.has(migration.version)) continue;
        this.db.exec(migration.sqlite);
        this.db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(migration.version, migration.name, new Date().toISOString());
      }
    });
  }

  async ping(): Promise<void> {
    this.sql('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  async createToken(token: TokenRecord, audit: AuditInput): Promise<void> {
    const createdAt = isoTime('createdAt', token.createdAt);
    const values = [
      text('id', token.id),
      text('name', token.name),
      text('role', token.role),
      token.sets === null ? null : JSON.stringify(token.sets.map((s) => text('sets', s))),
      scopesValue(token.scopes),
      text('secretHash', token.secretHash),
      createdAt,
      optionalText('createdBy', token.createdBy),
      optionalIsoTime('revokedAt', token.revokedAt),
    ];
    try {
      this.write(() => {
        this.sql('INSERT INTO tokens (id, name, role, sets, scopes, secret_hash, created_at, created_by, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(...values);
        this.insertAudit(audit, createdAt);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new StoreError('duplicate', `A token with id ${JSON.stringify(token.id)} or the same secret already exists`);
      throw error;
    }
  }

  async findTokenById(id: string): Promise<TokenRecord | undefined> {
    const row = this.sql('SELECT * FROM tokens WHERE id = ?').get(id) as TokenRow | undefined;
    return row && toToken(row);
  }

  async listTokens(): Promise<TokenRecord[]> {
    return (this.sql('SELECT * FROM tokens ORDER BY created_at, id').all() as TokenRow[]).map(toToken);
  }

  async revokeToken(id: string, at: string, audit: AuditInput): Promise<boolean> {
    const when = isoTime('at', at);
    return this.write(() => {
      const changed = this.sql('UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(when, id).changes;
      if (changed === 0) return false;
      this.insertAudit(audit, when);
      return true;
    });
  }

  async ensureSet(id: string, defaultQuorum: number, at: string): Promise<SetRecord> {
    const values = [text('setId', id), checkQuorum(defaultQuorum), isoTime('at', at)];
    return this.write(() => {
      this.sql('INSERT INTO sets (id, quorum, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING').run(...values);
      return toSet(this.sql('SELECT * FROM sets WHERE id = ?').get(id) as SetRow);
    });
  }

  async getSet(id: string): Promise<SetRecord | undefined> {
    const row = this.sql('SELECT * FROM sets WHERE id = ?').get(id) as SetRow | undefined;
    return row && toSet(row);
  }

  async setQuorum(id: string, quorum: number, audit: AuditInput): Promise<SetRecord | undefined> {
    checkQuorum(quorum);
    const at = new Date().toISOString();
    return this.write(() => {
      const row = this.sql('UPDATE sets SET quorum = ? WHERE id = ? RETURNING *').get(quorum, id) as SetRow | undefined;
      if (!row) return undefined;
      this.insertAudit(audit, at);
      return toSet(row);
    });
  }

  async listSets(): Promise<(SetRecord & { latest: VersionSummary | null; versions: number })[]> {
    const sets = this.sql(`SELECT * FROM sets WHERE EXISTS (SELECT 1 FROM versions v WHERE v.set_id = sets.id AND v.state IN ('published', 'deprecated')) ORDER BY id`).all() as SetRow[];
    const versions = (this.sql(`SELECT ${SUMMARY_COLUMNS} FROM versions WHERE state IN ('published', 'deprecated')`).all() as SummaryRow[]).map(toSummary);
    return sets.map((row) => {
      const mine = versions.filter((v) => v.setId === row.id);
      return { ...toSet(row), latest: newest(mine.filter((v) => v.state === 'published')) ?? null, versions: mine.length };
    });
  }

  async submitVersion(version: VersionRecord, publishNow: boolean, audit: AuditInput[]): Promise<SubmitResult> {
    const v = versionValues(version, publishNow);
    const record: VersionRecord = { ...version, ...v, manifest: version.manifest, files: version.files, deprecatedAt: null };
    const entries = submitAudits(record, publishNow, audit);
    return this.write((): SubmitResult => {
      if (!this.sql('SELECT 1 FROM sets WHERE id = ?').get(v.setId)) throw new StoreError('unknown-set', `Unknown set ${JSON.stringify(v.setId)}: ensureSet must create it first`);
      const inserted = this.sql(
        `INSERT INTO versions (set_id, version, state, content_hash, manifest, files, title, submitted_by, submitted_at, published_at, deprecated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL) ON CONFLICT (set_id, version) DO NOTHING`,
      ).run(v.setId, v.version, v.state, v.contentHash, v.manifest, v.files, v.title, v.submittedBy, v.submittedAt, v.publishedAt).changes;
      if (inserted === 1) {
        for (const entry of entries) this.insertAudit(entry, v.submittedAt);
        if (publishNow) this.enqueueDeliveries(record, v.submittedAt);
        return { outcome: 'created', version: record };
      }
      const existing = this.versionRow(v.setId, v.version) as VersionRecord;
      return { outcome: existing.contentHash === v.contentHash ? 'same-content' : 'conflict', version: existing };
    });
  }

  async getVersion(setId: string, version: string): Promise<VersionRecord | undefined> {
    return this.versionRow(setId, version);
  }

  async listVersions(setId: string, options: { limit: number; cursor?: string; includePending?: boolean }): Promise<Page<VersionSummary>> {
    const states = listedStates(options.includePending);
    const rows = this.sql(`SELECT ${SUMMARY_COLUMNS} FROM versions WHERE set_id = ? AND state IN (SELECT value FROM json_each(?))`).all(setId, JSON.stringify(states)) as SummaryRow[];
    return pageVersions(rows.map(toSummary), options);
  }

  async latestPublished(setId: string): Promise<VersionRecord | undefined> {
    const rows = this.sql(`SELECT version FROM versions WHERE set_id = ? AND state = 'published'`).all(setId) as { version: string }[];
    const best = newest(rows);
    return best && this.versionRow(setId, best.version);
  }

  async approve(setId: string, version: string, approvedBy: string, quorum: number, at: string, audit: AuditInput): Promise<ApproveResult> {
    const when = isoTime('at', at);
    text('approvedBy', approvedBy);
    checkQuorum(quorum);
    checkAudit(audit);
    return this.write((): ApproveResult => {
      const current = this.versionRow(setId, version);
      if (!current) return { outcome: 'not-found' };
      if (current.state !== 'pending') return { outcome: 'not-pending', version: current };
      const added = this.sql('INSERT INTO approvals (set_id, version, approved_by, approved_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING').run(setId, version, approvedBy, when).changes;
      const approvals = this.approvalRows(setId, version);
      if (added === 0) return { outcome: 'already-approved', version: current, approvals };
      this.insertAudit(audit, when);
      if (approvals.length < quorum) return { outcome: 'approved', version: current, approvals };
      this.sql(`UPDATE versions SET state = 'published', published_at = ? WHERE set_id = ? AND version = ? AND state = 'pending'`).run(when, setId, version);
      this.insertAudit(publishAudit(current, approvedBy, { quorum, approvedBy: approvals.map((a) => a.approvedBy) }), when);
      this.enqueueDeliveries(current, when);
      return { outcome: 'published', version: { ...current, state: 'published', publishedAt: when }, approvals };
    });
  }

  async listApprovals(setId: string, version: string): Promise<ApprovalRecord[]> {
    return this.approvalRows(setId, version);
  }

  async deprecate(setId: string, version: string, at: string, audit: AuditInput): Promise<VersionRecord | undefined> {
    const when = isoTime('at', at);
    checkAudit(audit);
    return this.write(() => {
      const current = this.versionRow(setId, version);
      if (!current || current.state !== 'published') return current;
      this.sql(`UPDATE versions SET state = 'deprecated', deprecated_at = ? WHERE set_id = ? AND version = ?`).run(when, setId, version);
      this.insertAudit(audit, when);
      return { ...current, state: 'deprecated', deprecatedAt: when };
    });
  }

  async appendAudit(entry: AuditInput, at: string): Promise<void> {
    const when = isoTime('at', at);
    this.write(() => this.insertAudit(entry, when));
  }

  async listAudit(options: { afterSeq?: number; limit: number }): Promise<AuditEntry[]> {
    const rows = this.sql('SELECT * FROM audit WHERE seq > ? ORDER BY seq LIMIT ?').all(Math.max(0, Math.floor(options.afterSeq ?? 0)) || 0, clampLimit(options.limit, MAX_AUDIT_PAGE)) as AuditRow[];
    return rows.map(toAudit);
  }

  async putTarget(target: TargetRecord, audit: AuditInput): Promise<{ target: TargetRecord; created: boolean }> {
    const t = targetValues(target);
    checkAudit(audit);
    return this.write(() => {
      if (!this.sql('SELECT 1 FROM sets WHERE id = ?').get(t.setId)) throw new StoreError('unknown-set', `Unknown set ${JSON.stringify(t.setId)}: ensureSet must create it first`);
      const existing = this.sql('SELECT created_at FROM delivery_targets WHERE set_id = ? AND id = ?').get(t.setId, t.id) as { created_at: string } | undefined;
      const createdAt = existing?.created_at ?? t.createdAt;
      this.sql(
        `INSERT INTO delivery_targets (set_id, id, kind, url, options, secret_env, secret_ciphertext, enabled, created_at, updated_at, updated_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (set_id, id) DO UPDATE SET kind = excluded.kind, url = excluded.url, options = excluded.options, secret_env = excluded.secret_env,
           secret_ciphertext = excluded.secret_ciphertext, enabled = excluded.enabled, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      ).run(t.setId, t.id, t.kind, t.url, t.options, t.secretEnv, t.secretCiphertext, t.enabled ? 1 : 0, createdAt, t.updatedAt, t.updatedBy);
      this.insertAudit(audit, t.updatedAt);
      return { target: { ...target, createdAt }, created: !existing };
    });
  }

  async getTarget(setId: string, id: string): Promise<TargetRecord | undefined> {
    const row = this.sql('SELECT * FROM delivery_targets WHERE set_id = ? AND id = ?').get(setId, id) as TargetRow | undefined;
    return row && toTarget(row);
  }

  async listTargets(setId: string): Promise<TargetRecord[]> {
    return (this.sql('SELECT * FROM delivery_targets WHERE set_id = ? ORDER BY id').all(setId) as TargetRow[]).map(toTarget);
  }

  async deleteTarget(setId: string, id: string, at: string, audit: AuditInput): Promise<boolean> {
    const when = isoTime('at', at);
    checkAudit(audit);
    return this.write(() => {
      const deleted = this.sql('DELETE FROM delivery_targets WHERE set_id = ? AND id = ?').run(setId, id).changes;
      if (deleted === 0) return false;
      this.sql(`UPDATE deliveries SET status = 'failed', last_error = 'the target was deleted', updated_at = ?, lease_owner = NULL, lease_until = NULL WHERE set_id = ? AND target_id = ? AND status = 'pending'`).run(when, setId, id);
      this.insertAudit(audit, when);
      return true;
    });
  }

  async listDeliveries(options: DeliveryQuery): Promise<Page<DeliveryRecord>> {
    const limit = clampLimit(options.limit);
    const before = options.cursor === undefined ? Number.MAX_SAFE_INTEGER : decodeDeliveryCursor(options.cursor);
    const rows = this.sql(
      `SELECT * FROM deliveries WHERE seq < @before AND (@setId IS NULL OR set_id = @setId) AND (@version IS NULL OR version = @version) AND (@status IS NULL OR status = @status)
       ORDER BY seq DESC LIMIT @limit`,
    ).all({ before, setId: options.setId ?? null, version: options.version ?? null, status: options.status ?? null, limit: limit + 1 }) as DeliveryRow[];
    const items = rows.slice(0, limit).map(toDelivery);
    const last = items[items.length - 1];
    return { items, next: rows.length > limit && last ? encodeDeliveryCursor(last.seq) : null };
  }

  async claimDeliveries(options: { owner: string; now: string; leaseMs: number; limit: number }): Promise<ClaimedDelivery[]> {
    const now = isoTime('now', options.now);
    const until = new Date(Date.parse(now) + Math.max(1, options.leaseMs)).toISOString();
    text('owner', options.owner);
    // One UPDATE under BEGIN IMMEDIATE: no other process can claim the same rows in between.
    return this.write(() => {
      const rows = this.sql(
        `UPDATE deliveries SET lease_owner = ?, lease_until = ?, attempts = attempts + 1, updated_at = ?
         WHERE seq IN (SELECT seq FROM deliveries WHERE status = 'pending' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?) ORDER BY next_attempt_at, seq LIMIT ?)
         RETURNING *`,
      ).all(options.owner, until, now, now, now, Math.max(1, Math.floor(options.limit))) as DeliveryRow[];
      return rows
        .sort((a, b) => a.seq - b.seq)
        .map((row) => {
          const target = this.sql('SELECT * FROM delivery_targets WHERE set_id = ? AND id = ?').get(row.set_id, row.target_id) as TargetRow | undefined;
          return { delivery: toDelivery(row), target: target && toTarget(target) };
        });
    });
  }

  async finishDelivery(id: string, owner: string, outcome: DeliveryOutcome): Promise<boolean> {
    const at = isoTime('at', outcome.at);
    const next = outcome.nextAttemptAt === undefined ? null : isoTime('nextAttemptAt', outcome.nextAttemptAt);
    const error = deliveryError(outcome.lastError);
    const detail = deliveryDetail(outcome.detail);
    return this.write(() => {
      const changed =
        outcome.status === 'delivered'
          ? this.sql(`UPDATE deliveries SET status = 'delivered', delivered_at = ?, updated_at = ?, last_status = ?, last_error = NULL, detail = COALESCE(?, detail), lease_owner = NULL, lease_until = NULL WHERE id = ? AND status = 'pending'`).run(at, at, outcome.lastStatus, detail, id).changes
          : this.sql(
              `UPDATE deliveries SET status = ?, next_attempt_at = COALESCE(?, next_attempt_at), updated_at = ?, last_status = ?, last_error = ?, detail = COALESCE(?, detail), lease_owner = NULL, lease_until = NULL WHERE id = ? AND status = 'pending' AND lease_owner = ?`,
            ).run(outcome.status, next, at, outcome.lastStatus, error, detail, id, owner).changes;
      return changed === 1;
    });
  }

  async addQualityReport(report: Omit<QualityReportRecord, 'seq'>, audit: AuditInput): Promise<QualityReportRecord> {
    const q = qualityValues(report);
    checkAudit(audit);
    return this.write(() => {
      if (!this.sql('SELECT 1 FROM versions WHERE set_id = ? AND version = ?').get(q.setId, q.version)) throw new StoreError('invalid-value', `Unknown version ${q.version} of set ${q.setId}: a quality report needs a stored version`);
      const { seq } = this.sql(
        `INSERT INTO quality_reports (id, set_id, version, content_hash, uploaded_at, uploaded_by, source, summary, report) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq`,
      ).get(q.id, q.setId, q.version, q.contentHash, q.uploadedAt, q.uploadedBy, q.source, q.summary, q.report) as { seq: number };
      this.insertAudit(audit, q.uploadedAt);
      return { ...report, uploadedAt: q.uploadedAt, seq };
    });
  }

  async latestQualityReport(setId: string, version: string): Promise<QualityReportRecord | undefined> {
    const row = this.sql('SELECT * FROM quality_reports WHERE set_id = ? AND version = ? ORDER BY uploaded_at DESC, seq DESC LIMIT 1').get(setId, version) as QualityRow | undefined;
    return row && toQuality(row);
  }

  async getQualityReport(setId: string, version: string, id: string): Promise<QualityReportRecord | undefined> {
    const row = this.sql('SELECT * FROM quality_reports WHERE set_id = ? AND version = ? AND id = ?').get(setId, version, id) as QualityRow | undefined;
    return row && toQuality(row);
  }

  async listQualityReports(setId: string, version: string, limit: number): Promise<QualityReportMeta[]> {
    const rows = this.sql(`SELECT ${QUALITY_META} FROM quality_reports WHERE set_id = ? AND version = ? ORDER BY uploaded_at DESC, seq DESC LIMIT ?`).all(setId, version, clampLimit(limit)) as QualityRow[];
    return rows.map(toQualityMeta);
  }

  async latestQualityReports(setId: string): Promise<(QualityReportMeta & { reports: number })[]> {
    const rows = this.sql(
      `SELECT * FROM (
         SELECT ${QUALITY_META}, ROW_NUMBER() OVER (PARTITION BY version ORDER BY uploaded_at DESC, seq DESC) AS rank, COUNT(*) OVER (PARTITION BY version) AS reports
         FROM quality_reports WHERE set_id = ?
       ) WHERE rank = 1`,
    ).all(setId) as QualityRow[];
    return rows.map((row) => ({ ...toQualityMeta(row), reports: Number(row.reports) }));
  }

  async backup(path: string): Promise<void> {
    mkdirSync(dirname(resolve(path)), { recursive: true });
    await this.db.backup(path);
  }
}

/**
 * Opens (creating it and its folder if needed) the SQLite store at `path`
 * and applies pending migrations. `:memory:` gives a private in-memory store.
 */
export async function openSqliteStore(path: string, options: SqliteStoreOptions = {}): Promise<Store> {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const db = new Database(path);
  try {
    const mode = db.pragma('journal_mode = WAL', { simple: true }) as string;
    if (path !== ':memory:' && mode !== 'wal') throw new Error(`Could not switch ${path} to WAL journal mode (got ${mode})`);
    db.pragma(`synchronous = ${options.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    const store = new SqliteStore(db);
    await store.migrate();
    return store;
  } catch (error) {
    db.close();
    throw error;
  }
}
