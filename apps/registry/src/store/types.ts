/**
 * Storage behind one interface, with two real implementations: SQLite (the
 * embedded default) and PostgreSQL (several stateless instances). Every method
 * that changes state writes its audit entry in the same transaction, so the
 * log and the data never disagree, and a crash leaves nothing half-done.
 */
import type { ApprovalRecord, AuditEntry, DeliveryRecord, DeliveryStatus, Page, QualityReportMeta, QualityReportRecord, SetRecord, TargetRecord, TokenRecord, VersionRecord, VersionSummary } from '../domain.js';

/** An audit entry before the store numbers and stamps it. */
export type AuditInput = Omit<AuditEntry, 'seq' | 'at'>;

/** Result of submitting a version. */
export type SubmitResult =
  /** A new version row was written (pending, or published at once with quorum 0). */
  | { outcome: 'created'; version: VersionRecord }
  /** The same set, version and content hash already exist: nothing written. */
  | { outcome: 'same-content'; version: VersionRecord }
  /** The version exists with other content: refused. */
  | { outcome: 'conflict'; version: VersionRecord };

/** Result of approving a pending version. */
export type ApproveResult =
  | { outcome: 'approved'; version: VersionRecord; approvals: ApprovalRecord[] }
  | { outcome: 'published'; version: VersionRecord; approvals: ApprovalRecord[] }
  | { outcome: 'already-approved'; version: VersionRecord; approvals: ApprovalRecord[] }
  | { outcome: 'not-pending'; version: VersionRecord }
  | { outcome: 'not-found' };

/** The registry's storage. All times are ISO 8601 strings in UTC. */
export interface Store {
  /** Which implementation: for /readyz and logs. */
  readonly kind: 'sqlite' | 'postgres';
  /** Applies pending schema migrations (versioned, idempotent, safe with several instances starting at once). */
  migrate(): Promise<void>;
  /** Cheap check that the store answers (for /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;

  createToken(token: TokenRecord, audit: AuditInput): Promise<void>;
  findTokenById(id: string): Promise<TokenRecord | undefined>;
  listTokens(): Promise<TokenRecord[]>;
  revokeToken(id: string, at: string, audit: AuditInput): Promise<boolean>;

  /** Creates the set if missing (quorum default applies) and returns it. */
  ensureSet(id: string, defaultQuorum: number, at: string): Promise<SetRecord>;
  getSet(id: string): Promise<SetRecord | undefined>;
  setQuorum(id: string, quorum: number, audit: AuditInput): Promise<SetRecord | undefined>;
  /** Sets with at least one published version, by id. */
  listSets(): Promise<(SetRecord & { latest: VersionSummary | null; versions: number })[]>;

  /**
   * Writes a new version atomically: exactly one of several concurrent
   * submissions of the same (set, version) wins; the others get
   * 'same-content' or 'conflict'. With `publishNow` the version is published
   * in the same transaction (quorum 0).
   */
  submitVersion(version: VersionRecord, publishNow: boolean, audit: AuditInput[]): Promise<SubmitResult>;
  getVersion(setId: string, version: string): Promise<VersionRecord | undefined>;
  /** Published or deprecated versions, newest first (by semver). */
  listVersions(setId: string, options: { limit: number; cursor?: string; includePending?: boolean }): Promise<Page<VersionSummary>>;
  /** The newest published (not deprecated) version. */
  latestPublished(setId: string): Promise<VersionRecord | undefined>;
  /** Records an approval; publishes when the quorum is reached; all in one transaction. */
  approve(setId: string, version: string, approvedBy: string, quorum: number, at: string, audit: AuditInput): Promise<ApproveResult>;
  listApprovals(setId: string, version: string): Promise<ApprovalRecord[]>;
  /** published -> deprecated. */
  deprecate(setId: string, version: string, at: string, audit: AuditInput): Promise<VersionRecord | undefined>;

  appendAudit(entry: AuditInput, at: string): Promise<void>;
  listAudit(options: { afterSeq?: number; limit: number }): Promise<AuditEntry[]>;

  /** Creates or replaces a delivery target of an existing set. */
  putTarget(target: TargetRecord, audit: AuditInput): Promise<{ target: TargetRecord; created: boolean }>;
  getTarget(setId: string, id: string): Promise<TargetRecord | undefined>;
  /** The targets of a set, by id. */
  listTargets(setId: string): Promise<TargetRecord[]>;
  /** Deletes a target; its pending deliveries become failed in the same transaction. False when there was none. */
  deleteTarget(setId: string, id: string, at: string, audit: AuditInput): Promise<boolean>;

  /**
   * Deliveries, newest first. The outbox rows are written by the store itself,
   * one per enabled target of the set, in the transaction that publishes a
   * version (submitVersion with publishNow, approve reaching the quorum).
   */
  listDeliveries(options: DeliveryQuery): Promise<Page<DeliveryRecord>>;
  /**
   * Leases up to `limit` due deliveries (pending, next attempt reached, no live
   * lease) to `owner` until now + leaseMs and counts the attempt; several
   * dispatchers never get the same row while its lease lives.
   */
  claimDeliveries(options: { owner: string; now: string; leaseMs: number; limit: number }): Promise<ClaimedDelivery[]>;
  /**
   * Records the outcome of an attempt. `delivered` always sticks while the row
   * is pending (the receiver acknowledged it); the other outcomes only while
   * `owner` still holds the lease. False when nothing changed.
   */
  finishDelivery(id: string, owner: string, outcome: DeliveryOutcome): Promise<boolean>;

  /** Stores a quality report of an existing version with its audit entry, in one transaction; the store numbers it (`seq`). */
  addQualityReport(report: Omit<QualityReportRecord, 'seq'>, audit: AuditInput): Promise<QualityReportRecord>;
  /** The version's latest report (by upload time, then storing order). */
  latestQualityReport(setId: string, version: string): Promise<QualityReportRecord | undefined>;
  /** One report of a version by id. */
  getQualityReport(setId: string, version: string, id: string): Promise<QualityReportRecord | undefined>;
  /** The reports of a version, newest first (at most `limit`), without their JSON text. */
  listQualityReports(setId: string, version: string, limit: number): Promise<QualityReportMeta[]>;
  /** Per version of the set that has a report: its latest report (without the JSON text) and how many it has. */
  latestQualityReports(setId: string): Promise<(QualityReportMeta & { reports: number })[]>;

  /** A consistent copy of the whole store while it serves (SQLite online backup; PostgreSQL: not supported, throws). */
  backup(path: string): Promise<void>;
}

/** Filters and page of listDeliveries. */
export interface DeliveryQuery {
  setId?: string;
  version?: string;
  status?: DeliveryStatus;
  limit: number;
  /** The `next` of a previous page. */
  cursor?: string;
}

/** A leased delivery with its target (undefined when the target was deleted meanwhile). */
export interface ClaimedDelivery {
  delivery: DeliveryRecord;
  target: TargetRecord | undefined;
}

/** What an attempt came to. */
export interface DeliveryOutcome {
  status: DeliveryStatus;
  at: string;
  /** When to try again (status pending). */
  nextAttemptAt?: string;
  lastStatus: number | null;
  lastError: string | null;
  /** What the attempt did on the platform (kept until the next attempt says something else). */
  detail?: Record<string, unknown>;
}
