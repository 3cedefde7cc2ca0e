/**
 * Versioned schema migrations, one list for both stores. Each migration has a
 * number, a name and its SQL for SQLite and for PostgreSQL; the stores apply
 * the ones missing from `schema_migrations` in order, each with its row in the
 * same transaction, at start (SQLite under BEGIN IMMEDIATE, PostgreSQL under
 * a transaction-level advisory lock, so instances starting at once wait for
 * each other instead of racing).
 *
 * Rules: never edit a migration that has shipped; add a new one. Keep them
 * additive where possible so older instances keep working during a rolling
 * deploy (a store does not refuse a database that has migrations it does not
 * know).
 *
 * Migration 3 adds delivery: per-set targets and the outbox of deliveries,
 * whose rows are written in the same transaction as version.publish (see
 * docs/registry.md#delivery).
 *
 * Migration 5 adds labeling quality: token scopes and the quality reports of
 * versions (see docs/registry.md#labeling-quality).
 */

export interface Migration {
  version: number;
  name: string;
  sqlite: string;
  postgres: string;
}

/** The table that records applied migrations (created before any migration runs). */
export const MIGRATIONS_TABLE = {
  sqlite: `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at TEXT NOT NULL
) STRICT`,
  postgres: `CREATE TABLE IF NOT EXISTS schema_migrations (
  version integer PRIMARY KEY,
  name text NOT NULL,
  applied_at timestamptz NOT NULL
)`,
};

/** Key of the PostgreSQL advisory lock held while migrating ("rubric" + 1). */
export const MIGRATION_LOCK_KEY = 0x7275627269630001n;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'tokens, sets, versions, approvals, audit',
    sqlite: `
CREATE TABLE tokens (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('reader', 'submitter', 'approver', 'admin')),
  sets TEXT,
  secret_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  created_by TEXT,
  revoked_at TEXT
) STRICT;

CREATE TABLE sets (
  id TEXT PRIMARY KEY,
  quorum INTEGER NOT NULL CHECK (quorum >= 0),
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE versions (
  set_id TEXT NOT NULL REFERENCES sets (id),
  version TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'published', 'deprecated', 'rejected')),
  content_hash TEXT NOT NULL,
  manifest TEXT NOT NULL,
  files TEXT NOT NULL,
  title TEXT NOT NULL,
  submitted_by TEXT NOT NULL,
  submitted_at TEXT NOT NULL,
  published_at TEXT,
  deprecated_at TEXT,
  PRIMARY KEY (set_id, version)
) STRICT;
CREATE INDEX versions_set_state ON versions (set_id, state);

CREATE TABLE approvals (
  set_id TEXT NOT NULL,
  version TEXT NOT NULL,
  approved_by TEXT NOT NULL,
  approved_at TEXT NOT NULL,
  PRIMARY KEY (set_id, version, approved_by),
  FOREIGN KEY (set_id, version) REFERENCES versions (set_id, version)
) STRICT;

CREATE TABLE audit (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  set_id TEXT,
  version TEXT,
  content_hash TEXT,
  detail TEXT NOT NULL
) STRICT;
CREATE INDEX audit_set_version ON audit (set_id, version);
`,
    postgres: `
CREATE TABLE tokens (
  id text PRIMARY KEY,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('reader', 'submitter', 'approver', 'admin')),
  sets json,
  secret_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL,
  created_by text,
  revoked_at timestamptz
);

CREATE TABLE sets (
  id text PRIMARY KEY,
  quorum integer NOT NULL CHECK (quorum >= 0),
  created_at timestamptz NOT NULL
);

-- json (not jsonb): kept verbatim, so file texts may hold \\u0000 and keys keep their order.
CREATE TABLE versions (
  set_id text NOT NULL REFERENCES sets (id),
  version text NOT NULL,
  state text NOT NULL CHECK (state IN ('pending', 'published', 'deprecated', 'rejected')),
  content_hash text NOT NULL,
  manifest json NOT NULL,
  files json NOT NULL,
  title text NOT NULL,
  submitted_by text NOT NULL,
  submitted_at timestamptz NOT NULL,
  published_at timestamptz,
  deprecated_at timestamptz,
  PRIMARY KEY (set_id, version)
);
CREATE INDEX versions_set_state ON versions (set_id, state);

CREATE TABLE approvals (
  set_id text NOT NULL,
  version text NOT NULL,
  approved_by text NOT NULL,
  approved_at timestamptz NOT NULL,
  PRIMARY KEY (set_id, version, approved_by),
  FOREIGN KEY (set_id, version) REFERENCES versions (set_id, version)
);

CREATE TABLE audit (
  seq bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  actor text NOT NULL,
  action text NOT NULL,
  set_id text,
  version text,
  content_hash text,
  detail json NOT NULL
);
CREATE INDEX audit_set_version ON audit (set_id, version);
`,
  },
  {
    version: 2,
    name: 'append-only audit, immutable version content',
    sqlite: `
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
CREATE TRIGGER versions_content_immutable BEFORE UPDATE OF set_id, version, content_hash, manifest, files, title, submitted_by, submitted_at ON versions
BEGIN SELECT RAISE(ABORT, 'version content is immutable'); END;
CREATE TRIGGER versions_no_delete BEFORE DELETE ON versions
BEGIN SELECT RAISE(ABORT, 'versions are never deleted'); END;
`,
    postgres: `
CREATE FUNCTION rubric_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation';
END
$$;
CREATE TRIGGER audit_no_update_delete BEFORE UPDATE OR DELETE ON audit
  FOR EACH ROW EXECUTE FUNCTION rubric_refuse('audit is append-only');
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
  FOR EACH STATEMENT EXECUTE FUNCTION rubric_refuse('audit is append-only');
CREATE TRIGGER versions_content_immutable BEFORE UPDATE OF set_id, version, content_hash, manifest, files, title, submitted_by, submitted_at ON versions
  FOR EACH ROW EXECUTE FUNCTION rubric_refuse('version content is immutable');
CREATE TRIGGER versions_no_delete BEFORE DELETE ON versions
  FOR EACH ROW EXECUTE FUNCTION rubric_refuse('versions are never deleted');
CREATE TRIGGER versions_no_truncate BEFORE TRUNCATE ON versions
  FOR EACH STATEMENT EXECUTE FUNCTION rubric_refuse('versions are never deleted');
`,
  },
  {
    version: 3,
    name: 'delivery targets and the delivery outbox',
    // A target keeps a reference to its secret, never the secret: the name of an environment
    // variable, or the secret encrypted with AES-256-GCM (exactly one of the two).
    // One delivery per (set, version, target): the unique key is what makes a version
    // reach a target at most once once acknowledged. The lease columns let several
    // dispatchers share the outbox and let a crashed sender's rows be picked up again.
    sqlite: `
CREATE TABLE delivery_targets (
  set_id TEXT NOT NULL REFERENCES sets (id),
  id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('webhook', 'label-studio')),
  url TEXT NOT NULL,
  options TEXT NOT NULL,
  secret_env TEXT,
  secret_ciphertext TEXT,
  enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  CHECK ((secret_env IS NULL) <> (secret_ciphertext IS NULL)),
  PRIMARY KEY (set_id, id)
) STRICT;

CREATE TABLE deliveries (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  set_id TEXT NOT NULL,
  version TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  target_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  lease_owner TEXT,
  lease_until TEXT,
  last_status INTEGER,
  last_error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  delivered_at TEXT,
  UNIQUE (set_id, version, target_id),
  FOREIGN KEY (set_id, version) REFERENCES versions (set_id, version)
) STRICT;
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX deliveries_set ON deliveries (set_id, seq);
`,
    postgres: `
CREATE TABLE delivery_targets (
  set_id text NOT NULL REFERENCES sets (id),
  id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('webhook', 'label-studio')),
  url text NOT NULL,
  options json NOT NULL,
  secret_env text,
  secret_ciphertext text,
  enabled boolean NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  updated_by text NOT NULL,
  CHECK ((secret_env IS NULL) <> (secret_ciphertext IS NULL)),
  PRIMARY KEY (set_id, id)
);

CREATE TABLE deliveries (
  seq bigserial PRIMARY KEY,
  id text NOT NULL UNIQUE,
  set_id text NOT NULL,
  version text NOT NULL,
  content_hash text NOT NULL,
  target_id text NOT NULL,
  kind text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  lease_owner text,
  lease_until timestamptz,
  last_status integer,
  last_error text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  delivered_at timestamptz,
  UNIQUE (set_id, version, target_id),
  FOREIGN KEY (set_id, version) REFERENCES versions (set_id, version)
);
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX deliveries_set ON deliveries (set_id, seq);
`,
  },
  {
    version: 4,
    name: 'what a delivery did on the platform',
    // A JSON object a sender reports with its outcome (the Label Studio project a version went to,
    // whether it was created, the gold tasks imported, notes for the team); null for webhooks.
    sqlite: `ALTER TABLE deliveries ADD COLUMN detail TEXT;`,
    postgres: `ALTER TABLE deliveries ADD COLUMN detail json;`,
  },
  {
    version: 5,
    name: 'token scopes and quality reports',
    // Scopes: a JSON array beside the role (null for tokens made before: none).
    // A quality report is stored as computed, its JSON text served byte for byte, with a small
    // summary beside it for the over-time view; reports are never changed (a new upload is a new
    // row, the latest by upload time is the version's report).
    sqlite: `
ALTER TABLE tokens ADD COLUMN scopes TEXT;

CREATE TABLE quality_reports (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  set_id TEXT NOT NULL,
  version TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  uploaded_at TEXT NOT NULL,
  uploaded_by TEXT NOT NULL,
  source TEXT NOT NULL,
  summary TEXT NOT NULL,
  report TEXT NOT NULL,
  FOREIGN KEY (set_id, version) REFERENCES versions (set_id, version)
) STRICT;
CREATE INDEX quality_reports_version ON quality_reports (set_id, version, uploaded_at);
CREATE TRIGGER quality_reports_no_update BEFORE UPDATE ON quality_reports
BEGIN SELECT RAISE(ABORT, 'quality reports are immutable'); END;
`,
    postgres: `
ALTER TABLE tokens ADD COLUMN scopes json;

CREATE TABLE quality_reports (
  seq bigserial PRIMARY KEY,
  id text NOT NULL UNIQUE,
  set_id text NOT NULL,
  version text NOT NULL,
  content_hash text NOT NULL,
  uploaded_at timestamptz NOT NULL,
  uploaded_by text NOT NULL,
  source json NOT NULL,
  summary json NOT NULL,
  report text NOT NULL,
  FOREIGN KEY (set_id, version) REFERENCES versions (set_id, version)
);
CREATE INDEX quality_reports_version ON quality_reports (set_id, version, uploaded_at);
CREATE TRIGGER quality_reports_no_update BEFORE UPDATE ON quality_reports
  FOR EACH ROW EXECUTE FUNCTION rubric_refuse('quality reports are immutable');
`,
  },
];
