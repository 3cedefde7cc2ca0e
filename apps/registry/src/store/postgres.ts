/**
 * The scale-out store: PostgreSQL through a `pg` pool, for several stateless
 * registry instances behind a load balancer. Same semantics as the SQLite store.
 *
 * Concurrency, at READ COMMITTED:
 * - submitVersion: INSERT ... ON CONFLICT (set_id, version) DO NOTHING. A
 *   second inserter waits for the first transaction on the primary key, then
 *   does nothing; the row is read back in a new statement (which sees the
 *   committed winner) and classified 'same-content' or 'conflict'.
 * - approve: the version row is locked (SELECT ... FOR UPDATE) before the
 *   approvals are counted, so racing approvers queue; the one that reaches the
 *   quorum publishes, the ones after it see 'published' and get 'not-pending'.
 * - audit: every writing transaction takes one transaction-level advisory lock
 *   right before it appends its audit entries (always its last step), so audit
 *   sequence numbers are handed out in commit order and a reader paging with
 *   `afterSeq` never skips an entry that commits late.
 * - deliveries: a dispatcher claims due outbox rows with SELECT ... FOR UPDATE
 *   SKIP LOCKED inside the UPDATE that leases them, so several instances
 *   never lease the same row; the lease (lease_until) expires when an
 *   instance dies mid-send, and another picks the row up again.
 * - migrations run under their own advisory lock, so instances starting at
 *   once wait for each other.
 */
import pg from 'pg';
import type { ApprovalRecord, AuditEntry, DeliveryRecord, DeliveryStatus, Page, QualityReportMeta, QualityReportRecord, QualitySource, QualitySummary, Role, SetRecord, TargetKind, TargetRecord, TokenRecord, VersionRecord, VersionState, VersionSummary } from '../domain.js';
import {
  checkAudit,
  checkQuorum,
  clampLimit,
  decodeDeliveryCursor,
  deliveryDetail,
  deliveryError,
  encodeDeliveryCursor,
  hasNul,
  newDeliveryId,
  isoTime,
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
import { MIGRATION_LOCK_KEY, MIGRATIONS, MIGRATIONS_TABLE } from './migrations.js';
import type { ApproveResult, AuditInput, ClaimedDelivery, DeliveryOutcome, DeliveryQuery, Store, SubmitResult } from './types.js';

export interface PostgresStoreOptions {
  /** Most connections this instance opens (default 10). */
  pool?: number;
  /** How long to wait for a connection before failing, in ms (default 10000), so ping() cannot hang /readyz. */
  connectionTimeoutMs?: number;
}

/** Key of the advisory lock that orders audit appends ("rubric" + 2). */
const AUDIT_LOCK_KEY = 0x7275627269630002n;

type Client = pg.PoolClient;

interface TokenRow {
  id: string;
  name: string;
  role: string;
  sets: string[] | null;
  scopes: unknown;
  secret_hash: string;
  created_at: Date;
  created_by: string | null;
  revoked_at: Date | null;
}
interface SetRow {
  id: string;
  quorum: number;
  created_at: Date;
}
interface SummaryRow {
  set_id: string;
  version: string;
  state: string;
  content_hash: string;
  title: string;
  submitted_by: string;
  submitted_at: Date;
  published_at: Date | null;
  deprecated_at: Date | null;
}
interface VersionRow extends SummaryRow {
  manifest: VersionRecord['manifest'];
  files: Record<string, string>;
}
interface ApprovalRow {
  set_id: string;
  version: string;
  approved_by: string;
  approved_at: Date;
}
interface AuditRow {
  seq: string;
  at: Date;
  actor: string;
  action: string;
  set_id: string | null;
  version: string | null;
  content_hash: string | null;
  detail: Record<string, unknown>;
}

interface QualityRow {
  seq: string;
  id: string;
  set_id: string;
  version: string;
  content_hash: string;
  uploaded_at: Date;
  uploaded_by: string;
  source: QualitySource;
  summary: QualitySummary;
  report?: string;
  reports?: string;
}

/** Columns of a quality report without its JSON text. */
const QUALITY_META = 'seq, id, set_id, version, content_hash, uploaded_at, uploaded_by, source, summary';

interface TargetRow {
  set_id: string;
  id: string;
  kind: string;
  url: string;
  options: Record<string, unknown>;
  secret_env: string | null;
  secret_ciphertext: string | null;
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
  updated_by: string;
}
interface DeliveryRow {
  seq: string;
  id: string;
  set_id: string;
  version: string;
  content_hash: string;
  target_id: string;
  kind: string;
  status: string;
  attempts: number;
  next_attempt_at: Date;
  lease_owner: string | null;
  lease_until: Date | null;
  last_status: number | null;
  last_error: string | null;
  /** A json column: pg parses it. */
  detail: Record<string, unknown> | null;
  created_at: Date;
  updated_at: Date;
  delivered_at: Date | null;
}

const SUMMARY_COLUMNS = 'set_id, version, state, content_hash, title, submitted_by, submitted_at, published_at, deprecated_at';

const iso = (date: Date): string => date.toISOString();
const isoOrNull = (date: Date | null): string | null => (date === null ? null : date.toISOString());

function toToken(row: TokenRow): TokenRecord {
  return {
    id: row.id,
    name: row.name,
    role: row.role as Role,
    sets: row.sets,
    scopes: scopesOf(row.scopes),
    secretHash: row.secret_hash,
    createdAt: iso(row.created_at),
    createdBy: row.created_by,
    revokedAt: isoOrNull(row.revoked_at),
  };
}
function toSet(row: SetRow): SetRecord {
  return { id: row.id, quorum: row.quorum, createdAt: iso(row.created_at) };
}
function toSummary(row: SummaryRow): VersionSummary {
  return {
    setId: row.set_id,
    version: row.version,
    state: row.state as VersionState,
    contentHash: row.content_hash,
    title: row.title,
    submittedBy: row.submitted_by,
    submittedAt: iso(row.submitted_at),
    publishedAt: isoOrNull(row.published_at),
    deprecatedAt: isoOrNull(row.deprecated_at),
  };
}
function toVersion(row: VersionRow): VersionRecord {
  return { ...toSummary(row), manifest: row.manifest, files: row.files };
}
function toApproval(row: ApprovalRow): ApprovalRecord {
  return { setId: row.set_id, version: row.version, approvedBy: row.approved_by, approvedAt: iso(row.approved_at) };
}
function toAudit(row: AuditRow): AuditEntry {
  return {
    seq: Number(row.seq),
    at: iso(row.at),
    actor: row.actor,
    action: row.action as AuditEntry['action'],
    setId: row.set_id,
    version: row.version,
    contentHash: row.content_hash,
    detail: row.detail,
  };
}

function toQualityMeta(row: QualityRow): QualityReportMeta {
  return {
    id: row.id,
    seq: Number(row.seq),
    setId: row.set_id,
    version: row.version,
    contentHash: row.content_hash,
    uploadedAt: iso(row.uploaded_at),
    uploadedBy: row.uploaded_by,
    source: row.source,
    summary: row.summary,
  };
}
function toQuality(row: QualityRow): QualityReportRecord {
  return { ...toQualityMeta(row), report: row.report ?? '' };
}

function toTarget(row: TargetRow): TargetRecord {
  return {
    setId: row.set_id,
    id: row.id,
    kind: row.kind as TargetKind,
    url: row.url,
    options: row.options,
    secret: targetSecret(row.secret_env, row.secret_ciphertext),
    enabled: row.enabled,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    updatedBy: row.updated_by,
  };
}
function toDelivery(row: DeliveryRow): DeliveryRecord {
  return {
    id: row.id,
    seq: Number(row.seq),
    setId: row.set_id,
    version: row.version,
    contentHash: row.content_hash,
    targetId: row.target_id,
    kind: row.kind as TargetKind,
    status: row.status as DeliveryStatus,
    attempts: row.attempts,
    nextAttemptAt: iso(row.next_attempt_at),
    leaseOwner: row.lease_owner,
    leaseUntil: isoOrNull(row.lease_until),
    lastStatus: row.last_status,
    lastError: row.last_error,
    detail: row.detail ?? null,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    deliveredAt: isoOrNull(row.delivered_at),
  };
}

const pgCode = (error: unknown): unknown => (error as { code?: unknown } | null)?.code;
/** Deadlock or serialization failure: the transaction may simply be run again. */
const RETRYABLE = new Set(['40P01', '40001']);

class PostgresStore implements Store {
  readonly kind = 'postgres' as const;

  constructor(private readonly pool: pg.Pool) {}

  /** Runs fn in one transaction (BEGIN ... COMMIT, ROLLBACK on error), retried on deadlock. */
  private async tx<T>(fn: (client: Client) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await this.pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await fn(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackError) {
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        }
        if (attempt < 3 && RETRYABLE.has(pgCode(error) as string)) continue;
        throw error;
      } finally {
        client.release(broken);
      }
    }
  }

  /** Appends audit entries: the last step of a transaction (see the advisory lock above). */
  private async insertAudit(client: Client, entries: AuditInput[], at: string): Promise<void> {
    if (entries.length === 0) return;
    entries.forEach(checkAudit);
    await client.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK_KEY.toString()]);
    for (const entry of entries) {
      await client.query('INSERT INTO audit (at, actor, action, set_id, version, content_hash, detail) VALUES ($1, $2, $3, $4, $5, $6, $7::json)', [
        at,
        entry.actor,
        entry.action,
        entry.setId,
        entry.version,
        entry.contentHash,
        JSON.stringify(entry.detail ?? {}),
      ]);
    }
  }

  private async versionRow(client: Client | pg.Pool, setId: string, version: string, lock = false): Promise<VersionRecord | undefined> {
    const { rows } = await client.query<VersionRow>(`SELECT * FROM versions WHERE set_id = $1 AND version = $2${lock ? ' FOR UPDATE' : ''}`, [setId, version]);
    return rows[0] && toVersion(rows[0]);
  }

  private async approvalRows(client: Client | pg.Pool, setId: string, version: string): Promise<ApprovalRecord[]> {
    const { rows } = await client.query<ApprovalRow>('SELECT * FROM approvals WHERE set_id = $1 AND version = $2 ORDER BY approved_at, approved_by', [setId, version]);
    return rows.map(toApproval);
  }

  /** The outbox rows of a version being published: one per enabled target of its set (inside the publishing transaction). */
  private async enqueueDeliveries(client: Client, version: Pick<VersionRecord, 'setId' | 'version' | 'contentHash'>, at: string): Promise<void> {
    const { rows } = await client.query<{ id: string; kind: string }>('SELECT id, kind FROM delivery_targets WHERE set_id = $1 AND enabled ORDER BY id', [version.setId]);
    for (const t of rows) {
      await client.query(
        `INSERT INTO deliveries (id, set_id, version, content_hash, target_id, kind, status, attempts, next_attempt_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'pending', 0, $7, $7, $7) ON CONFLICT (set_id, version, target_id) DO NOTHING`,
        [newDeliveryId(), version.setId, version.version, version.contentHash, t.id, t.kind, at],
      );
    }
  }

  async migrate(): Promise<void> {
    await this.tx(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
      await client.query(MIGRATIONS_TABLE.postgres);
      const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
      const applied = new Set(rows.map((r) => r.version));
      for (const migration of MIGRATIONS) {
        if (applied.has(migration.version)) continue;
        await client.query(migration.postgres);
        await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, now())', [migration.version, migration.name]);
      }
    });
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
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
      await this.tx(async (client) => {
        await client.query('INSERT INTO tokens (id, name, role, sets, scopes, secret_hash, created_at, created_by, revoked_at) VALUES ($1, $2, $3, $4::json, $5::json, $6, $7, $8, $9)', values);
        await this.insertAudit(client, [audit], createdAt);
      });
    } catch (error) {
      if (pgCode(error) === '23505') throw new StoreError('duplicate', `A token with id ${JSON.stringify(token.id)} or the same secret already exists`);
      throw error;
    }
  }

  async findTokenById(id: string): Promise<TokenRecord | undefined> {
    if (hasNul(id)) return undefined;
    const { rows } = await this.pool.query<TokenRow>('SELECT * FROM tokens WHERE id = $1', [id]);
    return rows[0] && toToken(rows[0]);
  }

  async listTokens(): Promise<TokenRecord[]> {
    const { rows } = await this.pool.query<TokenRow>('SELECT * FROM tokens ORDER BY created_at, id');
    return rows.map(toToken);
  }

  async revokeToken(id: string, at: string, audit: AuditInput): Promise<boolean> {
    const when = isoTime('at', at);
    if (hasNul(id)) return false;
    return this.tx(async (client) => {
      const { rowCount } = await client.query('UPDATE tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [when, id]);
      if (!rowCount) return false;
      await this.insertAudit(client, [audit], when);
      return true;
    });
  }

  async ensureSet(id: string, defaultQuorum: number, at: string): Promise<SetRecord> {
    const values = [text('setId', id), checkQuorum(defaultQuorum), isoTime('at', at)];
    await this.pool.query('INSERT INTO sets (id, quorum, created_at) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING', values);
    const { rows } = await this.pool.query<SetRow>('SELECT * FROM sets WHERE id = $1', [id]);
    return toSet(rows[0] as SetRow);
  }

  async getSet(id: string): Promise<SetRecord | undefined> {
    if (hasNul(id)) return undefined;
    const { rows } = await this.pool.query<SetRow>('SELECT * FROM sets WHERE id = $1', [id]);
    return rows[0] && toSet(rows[0]);
  }

  async setQuorum(id: string, quorum: number, audit: AuditInput): Promise<SetRecord | undefined> {
    checkQuorum(quorum);
    if (hasNul(id)) return undefined;
    const at = new Date().toISOString();
    return this.tx(async (client) => {
      const { rows } = await client.query<SetRow>('UPDATE sets SET quorum = $1 WHERE id = $2 RETURNING *', [quorum, id]);
      if (!rows[0]) return undefined;
      await this.insertAudit(client, [audit], at);
      return toSet(rows[0]);
    });
  }

  async listSets(): Promise<(SetRecord & { latest: VersionSummary | null; versions: number })[]> {
    const sets = await this.pool.query<SetRow>(`SELECT * FROM sets WHERE EXISTS (SELECT 1 FROM versions v WHERE v.set_id = sets.id AND v.state IN ('published', 'deprecated')) ORDER BY id`);
    const versions = (await this.pool.query<SummaryRow>(`SELECT ${SUMMARY_COLUMNS} FROM versions WHERE state IN ('published', 'deprecated')`)).rows.map(toSummary);
    return sets.rows.map((row) => {
      const mine = versions.filter((v) => v.setId === row.id);
      return { ...toSet(row), latest: newest(mine.filter((v) => v.state === 'published')) ?? null, versions: mine.length };
    });
  }

  async submitVersion(version: VersionRecord, publishNow: boolean, audit: AuditInput[]): Promise<SubmitResult> {
    const v = versionValues(version, publishNow);
    const record: VersionRecord = { ...version, ...v, manifest: version.manifest, files: version.files, deprecatedAt: null };
    const entries = submitAudits(record, publishNow, audit);
    return this.tx(async (client): Promise<SubmitResult> => {
      const set = await client.query('SELECT 1 FROM sets WHERE id = $1', [v.setId]);
      if (!set.rowCount) throw new StoreError('unknown-set', `Unknown set ${JSON.stringify(v.setId)}: ensureSet must create it first`);
      const { rowCount } = await client.query(
        `INSERT INTO versions (set_id, version, state, content_hash, manifest, files, title, submitted_by, submitted_at, published_at, deprecated_at)
         VALUES ($1, $2, $3, $4, $5::json, $6::json, $7, $8, $9, $10, NULL) ON CONFLICT (set_id, version) DO NOTHING`,
        [v.setId, v.version, v.state, v.contentHash, v.manifest, v.files, v.title, v.submittedBy, v.submittedAt, v.publishedAt],
      );
      if (rowCount === 1) {
        if (publishNow) await this.enqueueDeliveries(client, record, v.submittedAt);
        await this.insertAudit(client, entries, v.submittedAt);
        return { outcome: 'created', version: record };
      }
      const existing = await this.versionRow(client, v.setId, v.version);
      if (!existing) throw new Error(`Version ${v.setId}@${v.version} conflicted on insert but cannot be read back`);
      return { outcome: existing.contentHash === v.contentHash ? 'same-content' : 'conflict', version: existing };
    });
  }

  async getVersion(setId: string, version: string): Promise<VersionRecord | undefined> {
    if (hasNul(setId, version)) return undefined;
    return this.versionRow(this.pool, setId, version);
  }

  async listVersions(setId: string, options: { limit: number; cursor?: string; includePending?: boolean }): Promise<Page<VersionSummary>> {
    if (hasNul(setId)) return pageVersions([], options);
    const { rows } = await this.pool.query<SummaryRow>(`SELECT ${SUMMARY_COLUMNS} FROM versions WHERE set_id = $1 AND state = ANY($2::text[])`, [setId, listedStates(options.includePending)]);
    return pageVersions(rows.map(toSummary), options);
  }

  async latestPublished(setId: string): Promise<VersionRecord | undefined> {
    if (hasNul(setId)) return undefined;
    const { rows } = await this.pool.query<{ version: string }>(`SELECT version FROM versions WHERE set_id = $1 AND state = 'published'`, [setId]);
    const best = newest(rows);
    return best && this.versionRow(this.pool, setId, best.version);
  }

  async approve(setId: string, version: string, approvedBy: string, quorum: number, at: string, audit: AuditInput): Promise<ApproveResult> {
    const when = isoTime('at', at);
    text('approvedBy', approvedBy);
    checkQuorum(quorum);
    checkAudit(audit);
    if (hasNul(setId, version)) return { outcome: 'not-found' };
    return this.tx(async (client): Promise<ApproveResult> => {
      const current = await this.versionRow(client, setId, version, true);
      if (!current) return { outcome: 'not-found' };
      if (current.state !== 'pending') return { outcome: 'not-pending', version: current };
      const { rowCount } = await client.query('INSERT INTO approvals (set_id, version, approved_by, approved_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [setId, version, approvedBy, when]);
      const approvals = await this.approvalRows(client, setId, version);
      if (!rowCount) return { outcome: 'already-approved', version: current, approvals };
      if (approvals.length < quorum) {
        await this.insertAudit(client, [audit], when);
        return { outcome: 'approved', version: current, approvals };
      }
      await client.query(`UPDATE versions SET state = 'published', published_at = $1 WHERE set_id = $2 AND version = $3 AND state = 'pending'`, [when, setId, version]);
      await this.enqueueDeliveries(client, current, when);
      await this.insertAudit(client, [audit, publishAudit(current, approvedBy, { quorum, approvedBy: approvals.map((a) => a.approvedBy) })], when);
      return { outcome: 'published', version: { ...current, state: 'published', publishedAt: when }, approvals };
    });
  }

  async listApprovals(setId: string, version: string): Promise<ApprovalRecord[]> {
    if (hasNul(setId, version)) return [];
    return this.approvalRows(this.pool, setId, version);
  }

  async deprecate(setId: string, version: string, at: string, audit: AuditInput): Promise<VersionRecord | undefined> {
    const when = isoTime('at', at);
    checkAudit(audit);
    if (hasNul(setId, version)) return undefined;
    return this.tx(async (client) => {
      const current = await this.versionRow(client, setId, version, true);
      if (!current || current.state !== 'published') return current;
      await client.query(`UPDATE versions SET state = 'deprecated', deprecated_at = $1 WHERE set_id = $2 AND version = $3`, [when, setId, version]);
      await this.insertAudit(client, [audit], when);
      return { ...current, state: 'deprecated', deprecatedAt: when };
    });
  }

  async appendAudit(entry: AuditInput, at: string): Promise<void> {
    const when = isoTime('at', at);
    checkAudit(entry);
    await this.tx((client) => this.insertAudit(client, [entry], when));
  }

  async listAudit(options: { afterSeq?: number; limit: number }): Promise<AuditEntry[]> {
    const after = Math.max(0, Math.floor(options.afterSeq ?? 0)) || 0;
    const { rows } = await this.pool.query<AuditRow>('SELECT * FROM audit WHERE seq > $1 ORDER BY seq LIMIT $2', [after, clampLimit(options.limit, MAX_AUDIT_PAGE)]);
    return rows.map(toAudit);
  }

  async putTarget(target: TargetRecord, audit: AuditInput): Promise<{ target: TargetRecord; created: boolean }> {
    const t = targetValues(target);
    checkAudit(audit);
    return this.tx(async (client) => {
      const set = await client.query('SELECT 1 FROM sets WHERE id = $1', [t.setId]);
      if (!set.rowCount) throw new StoreError('unknown-set', `Unknown set ${JSON.stringify(t.setId)}: ensureSet must create it first`);
      // xmax = 0 tells an inserted row from an updated one.
      const { rows } = await client.query<{ created_at: Date; inserted: boolean }>(
        `INSERT INTO delivery_targets (set_id, id, kind, url, options, secret_env, secret_ciphertext, enabled, created_at, updated_at, updated_by)
         VALUES ($1, $2, $3, $4, $5::json, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (set_id, id) DO UPDATE SET kind = excluded.kind, url = excluded.url, options = excluded.options, secret_env = excluded.secret_env,
           secret_ciphertext = excluded.secret_ciphertext, enabled = excluded.enabled, updated_at = excluded.updated_at, updated_by = excluded.updated_by
         RETURNING created_at, (xmax = 0) AS inserted`,
        [t.setId, t.id, t.kind, t.url, t.options, t.secretEnv, t.secretCiphertext, t.enabled, t.createdAt, t.updatedAt, t.updatedBy],
      );
      await this.insertAudit(client, [audit], t.updatedAt);
      const row = rows[0] as { created_at: Date; inserted: boolean };
      return { target: { ...target, createdAt: iso(row.created_at) }, created: row.inserted };
    });
  }

  async getTarget(setId: string, id: string): Promise<TargetRecord | undefined> {
    if (hasNul(setId, id)) return undefined;
    const { rows } = await this.pool.query<TargetRow>('SELECT * FROM delivery_targets WHERE set_id = $1 AND id = $2', [setId, id]);
    return rows[0] && toTarget(rows[0]);
  }

  async listTargets(setId: string): Promise<TargetRecord[]> {
    if (hasNul(setId)) return [];
    const { rows } = await this.pool.query<TargetRow>('SELECT * FROM delivery_targets WHERE set_id = $1 ORDER BY id', [setId]);
    return rows.map(toTarget);
  }

  async deleteTarget(setId: string, id: string, at: string, audit: AuditInput): Promise<boolean> {
    const when = isoTime('at', at);
    checkAudit(audit);
    if (hasNul(setId, id)) return false;
    return this.tx(async (client) => {
      const { rowCount } = await client.query('DELETE FROM delivery_targets WHERE set_id = $1 AND id = $2', [setId, id]);
      if (!rowCount) return false;
      await client.query(
        `UPDATE deliveries SET status = 'failed', last_error = 'the target was deleted', updated_at = $1, lease_owner = NULL, lease_until = NULL WHERE set_id = $2 AND target_id = $3 AND status = 'pending'`,
        [when, setId, id],
      );
      await this.insertAudit(client, [audit], when);
      return true;
    });
  }

  async listDeliveries(options: DeliveryQuery): Promise<Page<DeliveryRecord>> {
    const limit = clampLimit(options.limit);
    const before = options.cursor === undefined ? Number.MAX_SAFE_INTEGER : decodeDeliveryCursor(options.cursor);
    if (hasNul(options.setId ?? '', options.version ?? '')) return { items: [], next: null };
    const { rows } = await this.pool.query<DeliveryRow>(
      `SELECT * FROM deliveries WHERE seq < $1 AND ($2::text IS NULL OR set_id = $2) AND ($3::text IS NULL OR version = $3) AND ($4::text IS NULL OR status = $4)
       ORDER BY seq DESC LIMIT $5`,
      [before, options.setId ?? null, options.version ?? null, options.status ?? null, limit + 1],
    );
    const items = rows.slice(0, limit).map(toDelivery);
    const last = items[items.length - 1];
    return { items, next: rows.length > limit && last ? encodeDeliveryCursor(last.seq) : null };
  }

  async claimDeliveries(options: { owner: string; now: string; leaseMs: number; limit: number }): Promise<ClaimedDelivery[]> {
    const now = isoTime('now', options.now);
    const until = new Date(Date.parse(now) + Math.max(1, options.leaseMs)).toISOString();
    text('owner', options.owner);
    // SKIP LOCKED: a row another instance is leasing right now is passed over, not waited for;
    // the lease columns keep it from being claimed again after that transaction commits.
    const { rows } = await this.pool.query<DeliveryRow>(
      `WITH due AS (
         SELECT seq FROM deliveries
         WHERE status = 'pending' AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until <= $1)
         ORDER BY next_attempt_at, seq LIMIT $2
         FOR UPDATE SKIP LOCKED
       )
       UPDATE deliveries d SET lease_owner = $3, lease_until = $4, attempts = d.attempts + 1, updated_at = $1
       FROM due WHERE d.seq = due.seq
       RETURNING d.*`,
      [now, Math.max(1, Math.floor(options.limit)), options.owner, until],
    );
    if (rows.length === 0) return [];
    const targets = await this.pool.query<TargetRow>(
      'SELECT t.* FROM delivery_targets t JOIN unnest($1::text[], $2::text[]) AS k(set_id, id) ON t.set_id = k.set_id AND t.id = k.id',
      [rows.map((r) => r.set_id), rows.map((r) => r.target_id)],
    );
    const byKey = new Map(targets.rows.map((t) => [`${t.set_id}\u0000${t.id}`, toTarget(t)]));
    return rows
      .sort((a, b) => Number(a.seq) - Number(b.seq))
      .map((row) => ({ delivery: toDelivery(row), target: byKey.get(`${row.set_id}\u0000${row.target_id}`) }));
  }

  async finishDelivery(id: string, owner: string, outcome: DeliveryOutcome): Promise<boolean> {
    const at = isoTime('at', outcome.at);
    const next = outcome.nextAttemptAt === undefined ? null : isoTime('nextAttemptAt', outcome.nextAttemptAt);
    const error = deliveryError(outcome.lastError);
    const detail = deliveryDetail(outcome.detail);
    if (hasNul(id, owner)) return false;
    const result =
      outcome.status === 'delivered'
        ? await this.pool.query(
            `UPDATE deliveries SET status = 'delivered', delivered_at = $1, updated_at = $1, last_status = $2, last_error = NULL, detail = COALESCE($4::json, detail), lease_owner = NULL, lease_until = NULL WHERE id = $3 AND status = 'pending'`,
            [at, outcome.lastStatus, id, detail],
          )
        : await this.pool.query(
            `UPDATE deliveries SET status = $1, next_attempt_at = COALESCE($2, next_attempt_at), updated_at = $3, last_status = $4, last_error = $5, detail = COALESCE($8::json, detail), lease_owner = NULL, lease_until = NULL
             WHERE id = $6 AND status = 'pending' AND lease_owner = $7`,
            [outcome.status, next, at, outcome.lastStatus, error, id, owner, detail],
          );
    return result.rowCount === 1;
  }

  async addQualityReport(report: Omit<QualityReportRecord, 'seq'>, audit: AuditInput): Promise<QualityReportRecord> {
    const q = qualityValues(report);
    checkAudit(audit);
    return this.tx(async (client) => {
      const version = await client.query('SELECT 1 FROM versions WHERE set_id = $1 AND version = $2', [q.setId, q.version]);
      if (!version.rowCount) throw new StoreError('invalid-value', `Unknown version ${q.version} of set ${q.setId}: a quality report needs a stored version`);
      const { rows } = await client.query<{ seq: string }>(
        `INSERT INTO quality_reports (id, set_id, version, content_hash, uploaded_at, uploaded_by, source, summary, report) VALUES ($1, $2, $3, $4, $5, $6, $7::json, $8::json, $9) RETURNING seq`,
        [q.id, q.setId, q.version, q.contentHash, q.uploadedAt, q.uploadedBy, q.source, q.summary, q.report],
      );
      await this.insertAudit(client, [audit], q.uploadedAt);
      return { ...report, uploadedAt: q.uploadedAt, seq: Number((rows[0] as { seq: string }).seq) };
    });
  }

  async latestQualityReport(setId: string, version: string): Promise<QualityReportRecord | undefined> {
    if (hasNul(setId, version)) return undefined;
    const { rows } = await this.pool.query<QualityRow>('SELECT * FROM quality_reports WHERE set_id = $1 AND version = $2 ORDER BY uploaded_at DESC, seq DESC LIMIT 1', [setId, version]);
    return rows[0] && toQuality(rows[0]);
  }

  async getQualityReport(setId: string, version: string, id: string): Promise<QualityReportRecord | undefined> {
    if (hasNul(setId, version, id)) return undefined;
    const { rows } = await this.pool.query<QualityRow>('SELECT * FROM quality_reports WHERE set_id = $1 AND version = $2 AND id = $3', [setId, version, id]);
    return rows[0] && toQuality(rows[0]);
  }

  async listQualityReports(setId: string, version: string, limit: number): Promise<QualityReportMeta[]> {
    if (hasNul(setId, version)) return [];
    const { rows } = await this.pool.query<QualityRow>(`SELECT ${QUALITY_META} FROM quality_reports WHERE set_id = $1 AND version = $2 ORDER BY uploaded_at DESC, seq DESC LIMIT $3`, [setId, version, clampLimit(limit)]);
    return rows.map(toQualityMeta);
  }

  async latestQualityReports(setId: string): Promise<(QualityReportMeta & { reports: number })[]> {
    if (hasNul(setId)) return [];
    const { rows } = await this.pool.query<QualityRow>(
      `SELECT * FROM (
         SELECT ${QUALITY_META}, ROW_NUMBER() OVER (PARTITION BY version ORDER BY uploaded_at DESC, seq DESC) AS rank, COUNT(*) OVER (PARTITION BY version) AS reports
         FROM quality_reports WHERE set_id = $1
       ) latest WHERE rank = 1`,
      [setId],
    );
    return rows.map((row) => ({ ...toQualityMeta(row), reports: Number(row.reports) }));
  }

  async backup(_path: string): Promise<void> {
    throw new Error('Online backup is not supported by the PostgreSQL store: use pg_dump (e.g. pg_dump --format=custom --file=registry.dump "$DATABASE_URL")');
  }
}

/** Opens a pool on `connectionString` (postgres://...) and applies pending migrations. */
export async function openPostgresStore(connectionString: string, options: PostgresStoreOptions = {}): Promise<Store> {
  const pool = new pg.Pool({
    connectionString,
    max: Math.max(1, Math.floor(options.pool ?? 10)),
    connectionTimeoutMillis: Math.max(0, Math.floor(options.connectionTimeoutMs ?? 10_000)),
    application_name: 'rubric-registry',
  });
  // An idle client whose connection drops emits 'error' on the pool; without a listener that kills the process.
  // The pool discards the client; the next query opens a new connection.
  pool.on('error', () => {});
  const store = new PostgresStore(pool);
  try {
    await store.migrate();
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }
  return store;
}
