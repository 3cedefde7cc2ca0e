/**
 * The registry's domain: principals (API tokens with roles), sets, versions
 * and their lifecycle, approvals, the audit log. Shared by the stores, the
 * HTTP routes and the CLI, so every layer uses the same words.
 */
import type { BundleManifest } from '@rubric/core';

/** What a token may do; each role includes the ones before it except where noted. */
export const ROLES = ['reader', 'submitter', 'approver', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * reader: read (when reads are not public); submitter: + submit bundles;
 * approver: + approve others' submissions and deprecate versions; admin: all,
 * plus tokens, set settings and the audit log.
 */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/**
 * Rights a token holds beside its role, for operations that do not fit the
 * role ladder. `quality`: post annotations of a version to be measured
 * (POST /v1/sets/{id}/versions/{v}/quality) and pull them from the set's
 * Label Studio targets. A labeling-operations pipeline gets a reader token
 * with this scope: it uploads annotations and reads, but cannot submit,
 * approve or deprecate guideline versions, and a submitter or approver
 * cannot change the figures a guideline is judged by unless granted it.
 * Admins hold every scope.
 */
export const SCOPES = ['quality'] as const;
export type Scope = (typeof SCOPES)[number];

/** An API token as stored: only the sha256 of its secret is kept. */
export interface TokenRecord {
  /** Public id, also the token's prefix: `rbt_<id>_<secret>`. */
  id: string;
  name: string;
  role: Role;
  /** Set ids this token is granted; null for every set. */
  sets: string[] | null;
  /** Scopes beside the role (see SCOPES); empty for none. */
  scopes: Scope[];
  /** sha256 hex of the whole token string. */
  secretHash: string;
  createdAt: string;
  createdBy: string | null;
  revokedAt: string | null;
}

/** A guideline set known to the registry. */
export interface SetRecord {
  id: string;
  /** Approvals (by principals other than the submitter) needed to publish; 0 publishes on submit. */
  quorum: number;
  createdAt: string;
}

/** Lifecycle of a version. */
export const VERSION_STATES = ['pending', 'published', 'deprecated', 'rejected'] as const;
export type VersionState = (typeof VERSION_STATES)[number];

/** One version of a set: immutable content plus its lifecycle. */
export interface VersionRecord {
  setId: string;
  version: string;
  state: VersionState;
  /** sha256 content hash of the files (see core's contentHash). */
  contentHash: string;
  manifest: BundleManifest;
  /** The files, path -> text. */
  files: Record<string, string>;
  /** Title from the frontmatter, for listings. */
  title: string;
  submittedBy: string;
  submittedAt: string;
  publishedAt: string | null;
  deprecatedAt: string | null;
}

/** Version fields for listings (no file contents). */
export type VersionSummary = Omit<VersionRecord, 'files' | 'manifest'>;

/** An approval of a pending version. */
export interface ApprovalRecord {
  setId: string;
  version: string;
  approvedBy: string;
  approvedAt: string;
}

/** What an audit entry records. */
export const AUDIT_ACTIONS = [
  'token.create',
  'token.revoke',
  'set.configure',
  'version.submit',
  'version.approve',
  'version.publish',
  'version.deprecate',
  'version.reject',
  'target.configure',
  'target.delete',
  'quality.report',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One append-only audit entry: who did what, when, to which content. */
export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: AuditAction;
  setId: string | null;
  version: string | null;
  contentHash: string | null;
  detail: Record<string, unknown>;
}

/** A page of results and the cursor of the next page. */
export interface Page<T> {
  items: T[];
  next: string | null;
}

/** Platforms a version can be delivered to when it is published. */
export const TARGET_KINDS = ['webhook', 'label-studio'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

/**
 * Where a target's secret (webhook signing key, Label Studio token) comes
 * from. Never the secret itself in plain text: the name of an environment
 * variable of the registry process, or the secret encrypted with AES-256-GCM
 * under the registry's target key (see delivery/secrets.ts).
 */
export type TargetSecret = { kind: 'env'; env: string } | { kind: 'encrypted'; ciphertext: string };

/** A delivery target of a set: where and how a newly published version is sent. */
export interface TargetRecord {
  setId: string;
  id: string;
  kind: TargetKind;
  /** http(s) URL: the webhook endpoint, or the Label Studio base URL. */
  url: string;
  /** Kind-specific settings (Label Studio: `projectId`). */
  options: Record<string, unknown>;
  secret: TargetSecret;
  /** Disabled targets get no new deliveries. */
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
}

/** Lifecycle of a delivery: pending (queued or being retried), delivered (acknowledged with 2xx), failed (gave up). */
export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One version sent to one target (the outbox row): at most one per (set, version, target). */
export interface DeliveryRecord {
  /** Stable across retries: the receiver's idempotency key (`Rubric-Delivery`). */
  id: string;
  /** Order of creation (for paging). */
  seq: number;
  setId: string;
  version: string;
  contentHash: string;
  targetId: string;
  kind: TargetKind;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string;
  /** Who holds the lease while sending, and until when (a crashed sender's lease expires). */
  leaseOwner: string | null;
  leaseUntil: string | null;
  lastStatus: number | null;
  lastError: string | null;
  /** What the last attempt did on the platform (Label Studio: the project, gold tasks, notes); null when nothing was said. */
  detail: Record<string, unknown> | null;
  createdAt: string;
  updatedAt: string;
  deliveredAt: string | null;
}

/** Where the annotations of a quality report came from. */
export type QualitySource = { kind: 'upload' } | { kind: 'label-studio'; targetId: string };

/** A stored quality report of a version: who measured what, when, and the report itself (docs/quality.md). */
export interface QualityReportRecord {
  /** `qr_` and 32 hex digits. */
  id: string;
  /** Order of storing (a tie-break of equal upload times). */
  seq: number;
  setId: string;
  version: string;
  /** The content hash of the version the annotations were measured against. */
  contentHash: string;
  uploadedAt: string;
  uploadedBy: string;
  source: QualitySource;
  /** The report as JSON text, byte for byte what GET answers. */
  report: string;
  /** The figures the over-time view needs (see quality/summary.ts), so it does not parse whole reports. */
  summary: QualitySummary;
}

/** A report's record without its JSON text. */
export type QualityReportMeta = Omit<QualityReportRecord, 'report'>;

/** The figures of a report kept beside it: records, and per question and label the agreement (the over-time view and the catalog's charts). */
export interface QualitySummary {
  records: { read: number; used: number; invalid: number; duplicates: number; skipped: number; withoutAnnotator: number };
  annotators: number;
  /** Gold items annotated in the report. */
  goldItems: number;
  /** The version the report was compared with, if any. */
  comparedWith: string | null;
  /** Of a pull: sha256 of the records measured, so a scheduled pull of unchanged annotations stores nothing new. */
  fingerprint?: string;
  questions: {
    id: string;
    type: string;
    items: number;
    pairable: number;
    alpha: { value: number; low: number | null; high: number | null } | null;
    percentAgreement: number | null;
    goldAccuracy: number | null;
    labels: { id: string; parent: string | null; alpha: number | null; low: number | null; high: number | null; prevalence: number | null; precision: number | null; recall: number | null }[];
  }[];
}
