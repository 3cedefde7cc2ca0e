/**
 * The publishing pipeline: a submitted bundle is parsed as untrusted input,
 * linted with the core rules and the default config, checked for compatibility
 * against the latest published version (the declared bump covers the required
 * one), required to be `approved`, and then stored; approvals publish it once
 * the set's quorum is reached. The routes stay thin around these functions.
 */
import {
  BUNDLE_DIR,
  SEMVER_PATTERN,
  isRecord,
  lintSet,
  loadBundle,
  parseBundle,
  resolveConfig,
  rules,
  setDiffOf,
  type Bundle,
  type Finding,
  type GuidelineSet,
  type Host,
  type Range,
  type ResolvedConfig,
  type SetDiff,
} from '@rubric/core';
import type { ExportFormat } from '@rubric/exporters';
import type { ApprovalRecord, VersionRecord } from './domain.js';
import type { BuiltExport } from './exports.js';
import { HttpProblem, quote, type ProblemCode, type ProblemError } from './errors.js';
import { SYSTEM_ACTOR, type Principal } from './auth.js';
import type { AuditInput } from './store/types.js';
import type { AppContext } from './routes/common.js';

/** A stored version loaded as a guideline set (parsed once, kept while used). */
export interface LoadedVersion {
  set: GuidelineSet;
  host: Host;
  /** Path of the schema file inside the bundle, when there is one. */
  schemaFile: string | undefined;
  /** guideline.html, once rendered. */
  html?: string;
  /** Exports built so far, by format (see exports.ts). */
  exports?: Map<ExportFormat, BuiltExport>;
}

/** Loaded sets of recently read versions, by content hash: parsing Markdown is the expensive part of a read. */
export class LoadedSetCache {
  private readonly map = new Map<string, LoadedVersion>();

  constructor(private readonly max = 64) {}

  /** The loaded set of a stored version. */
  get(version: Pick<VersionRecord, 'setId' | 'version' | 'contentHash' | 'files' | 'manifest'>): LoadedVersion {
    const key = `${version.setId}@${version.version}#${version.contentHash}`;
    const hit = this.map.get(key);
    if (hit) {
      this.map.delete(key);
      this.map.set(key, hit);
      return hit;
    }
    return this.remember(version, loadVersion({ manifest: version.manifest, files: version.files }));
  }

  /** Keeps a set already loaded from a submitted bundle, so publishing it does not parse it twice. */
  remember(version: Pick<VersionRecord, 'setId' | 'version' | 'contentHash'>, loaded: LoadedVersion): LoadedVersion {
    this.map.set(`${version.setId}@${version.version}#${version.contentHash}`, loaded);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string);
    return loaded;
  }
}

function loadVersion(bundle: Bundle): LoadedVersion {
  const { set, host } = loadBundle(bundle);
  const schemaFile = set.schema ? bundleRelative(set.schemaPath) : undefined;
  return { set, host, schemaFile: schemaFile !== undefined && schemaFile in bundle.files ? schemaFile : undefined };
}

/** A path inside the in-memory bundle host, relative to the set folder (`guideline.md`). */
export function bundleRelative(path: string): string {
  return path.startsWith(`${BUNDLE_DIR}/`) ? path.slice(BUNDLE_DIR.length + 1) : path;
}

let defaultConfig: ResolvedConfig | undefined;
/** The lint config the server uses: every core rule at its default level. */
function lintConfig(): ResolvedConfig {
  defaultConfig ??= resolveConfig(undefined, rules).config;
  return defaultConfig;
}

/**
 * The host the server lints through. A bundle holds one set's folder, so a
 * link that leaves it (`../violent-speech/guideline.md`) cannot be followed
 * here: such targets count as present (and unreadable, so no anchor check),
 * and `rubric lint` in the repository remains what checks them.
 */
function bundleLintHost(host: Host): Host {
  const inside = (path: string): boolean => path === BUNDLE_DIR || path.startsWith(`${BUNDLE_DIR}/`);
  return {
    readText: (path) => (inside(path) ? host.readText(path) : { ok: false, kind: 'unreadable', message: `${path} is outside the bundle` }),
    stat: (path) => (inside(path) ? host.stat(path) : 'file'),
  };
}

/** Rules whose findings are the compatibility check against the base version. */
const COMPATIBILITY_RULES = new Set(['version-bump', 'status-transition']);

/** A located finding as a problem error: `file:line:col`, rule, severity. */
export function findingError(f: Finding): ProblemError {
  const file = bundleRelative(f.file);
  return { path: `${file}:${f.range.start.line}:${f.range.start.column}`, message: f.message, rule: f.ruleId, severity: f.severity, file, line: f.range.start.line, column: f.range.start.column };
}

function locatedError(file: string, range: Range | undefined, message: string, rule: string): ProblemError {
  const line = range?.start.line ?? 1;
  const column = range?.start.column ?? 1;
  return { path: `${file}:${line}:${column}`, message, rule, severity: 'error', file, line, column };
}

/** Parses a submitted bundle and checks it belongs to `setId`; 422 with JSON paths otherwise. */
export function parseSubmittedBundle(text: string, setId: string, limit: number): Bundle {
  const parsed = parseBundle(text, limit);
  if (!parsed.bundle) {
    throw new HttpProblem(422, 'invalid-bundle', 'Invalid bundle', `The bundle was refused: ${parsed.problems[0]?.message ?? 'unknown problem'}${parsed.problems.length > 1 ? ` (and ${parsed.problems.length - 1} more)` : ''}`, {
      errors: parsed.problems.map((p) => ({ path: p.path, message: p.message })),
    });
  }
  const { manifest } = parsed.bundle;
  if (manifest.setId !== setId) {
    const message = `Unexpected set id ${quote(manifest.setId)}, expected ${quote(setId)} as in the URL`;
    throw new HttpProblem(422, 'set-mismatch', 'Set mismatch', `The bundle's manifest names set ${quote(manifest.setId)} but was sent to set ${quote(setId)}`, { errors: [{ path: '/manifest/setId', message }] });
  }
  if (manifest.version.length > 64 || !SEMVER_PATTERN.test(manifest.version)) {
    const message = `Unexpected version ${quote(manifest.version)}, expected a semantic version such as "2.1.0"`;
    throw new HttpProblem(422, 'invalid-bundle', 'Invalid bundle', message, { errors: [{ path: '/manifest/version', message }] });
  }
  return parsed.bundle;
}

/** The outcome of the server-side checks of a bundle. */
export interface BundleCheck {
  bundle: Bundle;
  loaded: LoadedVersion;
  title: string;
  /** The latest published version it was compared with. */
  base: VersionRecord | undefined;
  diff: SetDiff | undefined;
  /** Blocking problems: lint errors, compatibility errors, wrong set id or version, status not approved. */
  errors: ProblemError[];
  /** Non-blocking findings (warnings, info). */
  warnings: ProblemError[];
  /** The problem code when there are errors: compatibility first, then lint, then status. */
  code: ProblemCode | undefined;
}

/** Runs the full lint and the compatibility check of a parsed bundle against the latest published version. */
export async function checkBundle(ctx: AppContext, bundle: Bundle): Promise<BundleCheck> {
  const { setId, version } = bundle.manifest;
  const base = await ctx.store.latestPublished(setId);
  const loaded = ctx.sets.remember(bundle.manifest, loadVersion(bundle));
  const baseSet = base ? ctx.sets.get(base).set : null;
  const findings = lintSet(loaded.set, rules, lintConfig(), bundleLintHost(loaded.host), baseSet);
  const errors: ProblemError[] = [];
  const warnings: ProblemError[] = [];
  let incompatible = false;
  let lintFailed = false;
  for (const f of findings) {
    const e = findingError(f);
    if (f.severity !== 'error') warnings.push(e);
    else {
      errors.push(e);
      if (COMPATIBILITY_RULES.has(f.ruleId)) incompatible = true;
      else lintFailed = true;
    }
  }
  const diff = baseSet ? setDiffOf(baseSet, loaded.set) : undefined;
  const guideline = loaded.set.guideline;
  const fm = isRecord(guideline?.frontmatter?.data) ? guideline.frontmatter.data : {};
  const file = 'guideline.md';
  let notApproved = false;
  if (typeof fm.id === 'string' && fm.id !== setId) {
    errors.push(locatedError(file, guideline?.frontmatter?.rangeOf(['id']), `Unexpected id ${quote(fm.id)} in the frontmatter, expected ${quote(setId)} as in the manifest`, 'registry'));
    lintFailed = true;
  }
  if (typeof fm.version === 'string' && fm.version !== version) {
    errors.push(locatedError(file, guideline?.frontmatter?.rangeOf(['version']), `Unexpected version ${quote(fm.version)} in the frontmatter, expected ${quote(version)} as in the manifest`, 'registry'));
    lintFailed = true;
  }
  if (guideline && fm.status !== 'approved') {
    errors.push(
      locatedError(file, guideline.frontmatter?.rangeOf(['status']), `Unexpected status ${quote(fm.status ?? '(none)')}, expected approved: only approved guideline sets are published (set \`status: approved\` once the review is done)`, 'registry'),
    );
    notApproved = true;
  }
  const code: ProblemCode | undefined = incompatible ? 'incompatible' : lintFailed ? 'lint-failed' : notApproved ? 'not-approved' : undefined;
  const title = typeof fm.title === 'string' ? fm.title.slice(0, 200) : setId;
  return { bundle, loaded, title, base, diff, errors, warnings, code };
}

/** The compatibility part of a check, for responses: base version, bumps and changes. */
export function compatibilitySummary(check: BundleCheck): Record<string, unknown> {
  const d = check.diff;
  return {
    base: check.base ? { version: check.base.version, contentHash: check.base.contentHash } : null,
    required: d?.required ?? null,
    declared: d?.declared ?? null,
    changes: (d?.changes ?? []).map((c) => ({ kind: c.kind, level: c.level, path: c.path, reason: c.reason, ...(c.acknowledged !== undefined ? { acknowledged: c.acknowledged } : {}) })),
  };
}

/** The 422 for a bundle that failed its checks. */
export function rejection(check: BundleCheck): HttpProblem {
  const { setId, version } = check.bundle.manifest;
  const first = check.errors[0];
  const count = check.errors.length;
  const titles: Record<string, string> = { incompatible: 'Incompatible version', 'lint-failed': 'Lint failed', 'not-approved': 'Not approved' };
  const code = check.code ?? 'lint-failed';
  let detail: string;
  if (code === 'incompatible') {
    const compat = check.errors.find((e) => COMPATIBILITY_RULES.has(String(e.rule)));
    detail = `Version ${version} of ${setId} is not compatible with the latest published version ${check.base?.version ?? ''}: ${compat?.message ?? ''}`;
  } else if (code === 'not-approved') {
    detail = `Version ${version} of ${setId} cannot be published: ${first?.message ?? ''}`;
  } else {
    detail = `Version ${version} of ${setId} has ${count} lint error${count === 1 ? '' : 's'}; the first: ${first?.path ?? ''} ${first?.rule ?? ''} ${first?.message ?? ''}`;
  }
  return new HttpProblem(422, code, titles[code] ?? 'Unprocessable bundle', detail, { errors: check.errors, extensions: { compatibility: compatibilitySummary(check), warnings: check.warnings } });
}

/** What a submission did. */
export interface SubmitOutcome {
  status: 200 | 201;
  version: VersionRecord;
  warnings: ProblemError[];
}

/**
 * Submits a bundle: the same version with the same content answers the
 * existing one (idempotent), with other content 409; else the checks run and
 * the version is stored pending, or published at once when the quorum is 0.
 */
export async function submitBundle(ctx: AppContext, principal: Principal, setId: string, text: string): Promise<SubmitOutcome> {
  const bundle = parseSubmittedBundle(text, setId, ctx.config.bodyLimitBytes);
  const { version, contentHash } = bundle.manifest;
  const existing = await ctx.store.getVersion(setId, version);
  if (existing) return sameOrConflict(existing, contentHash, []);
  const check = await checkBundle(ctx, bundle);
  if (check.errors.length) throw rejection(check);
  const set = await ctx.store.ensureSet(setId, ctx.config.defaultQuorum, ctx.now().toISOString());
  const at = ctx.now().toISOString();
  const publishNow = set.quorum === 0;
  const record: VersionRecord = {
    setId,
    version,
    state: publishNow ? 'published' : 'pending',
    contentHash,
    manifest: bundle.manifest,
    files: bundle.files,
    title: check.title,
    submittedBy: principal.name,
    submittedAt: at,
    publishedAt: publishNow ? at : null,
    deprecatedAt: null,
  };
  const audit: AuditInput[] = [{ actor: principal.name, action: 'version.submit', setId, version, contentHash, detail: { tokenId: principal.tokenId, quorum: set.quorum, warnings: check.warnings.length } }];
  if (publishNow) audit.push({ actor: SYSTEM_ACTOR, action: 'version.publish', setId, version, contentHash, detail: { quorum: 0, submittedBy: principal.name } });
  const result = await ctx.store.submitVersion(record, publishNow, audit);
  if (result.outcome === 'created') {
    if (result.version.state === 'published') ctx.metrics.versionPublished();
    return { status: 201, version: result.version, warnings: check.warnings };
  }
  return sameOrConflict(result.version, contentHash, check.warnings);
}

function sameOrConflict(existing: VersionRecord, contentHash: string, warnings: ProblemError[]): SubmitOutcome {
  if (existing.contentHash === contentHash) return { status: 200, version: existing, warnings };
  throw new HttpProblem(
    409,
    'version-conflict',
    'Version conflict',
    `Version ${existing.version} of ${existing.setId} already exists (${existing.state}) with other content (content hash ${existing.contentHash}, this bundle ${contentHash}); versions are immutable: bump the version`,
    { extensions: { existing: { version: existing.version, state: existing.state, contentHash: existing.contentHash } } },
  );
}

/** An approval's result: the version, its approvals, the quorum. */
export interface ApprovalOutcome {
  version: VersionRecord;
  approvals: ApprovalRecord[];
  quorum: number;
  published: boolean;
}

/** Approves a pending version on behalf of `principal` (never its submitter); publishes it when the quorum is reached. */
export async function approveVersion(ctx: AppContext, principal: Principal, setId: string, versionId: string): Promise<ApprovalOutcome> {
  const version = await ctx.store.getVersion(setId, versionId);
  if (!version) throw new HttpProblem(404, 'not-found', 'Not found', `No version ${versionId} of set ${setId}`);
  if (version.submittedBy === principal.name) {
    throw new HttpProblem(403, 'self-approval', 'Self-approval refused', `Unexpected approval by ${quote(principal.name)}, who submitted version ${versionId} of ${setId}: a version needs approvals from principals other than its submitter`);
  }
  if (version.state !== 'pending') throw notPending(version);
  const set = await ctx.store.getSet(setId);
  const quorum = set?.quorum ?? ctx.config.defaultQuorum;
  const at = ctx.now().toISOString();
  const audit: AuditInput = { actor: principal.name, action: 'version.approve', setId, version: versionId, contentHash: version.contentHash, detail: { tokenId: principal.tokenId, quorum } };
  const result = await ctx.store.approve(setId, versionId, principal.name, quorum, at, audit);
  switch (result.outcome) {
    case 'not-found':
      throw new HttpProblem(404, 'not-found', 'Not found', `No version ${versionId} of set ${setId}`);
    case 'not-pending':
      throw notPending(result.version);
    case 'published':
      ctx.metrics.versionPublished();
      return { version: result.version, approvals: result.approvals, quorum, published: true };
    default:
      return { version: result.version, approvals: result.approvals, quorum, published: result.version.state === 'published' };
  }
}

function notPending(version: VersionRecord): HttpProblem {
  return new HttpProblem(409, 'not-pending', 'Not pending', `Unexpected approval of version ${version.version} of ${version.setId}, which is ${version.state}: only pending versions are approved`, { extensions: { state: version.state } });
}

/** Deprecates a published version (still readable, no longer `latest`). */
export async function deprecateVersion(ctx: AppContext, principal: Principal, setId: string, versionId: string, reason: string | undefined): Promise<VersionRecord> {
  const version = await ctx.store.getVersion(setId, versionId);
  if (!version) throw new HttpProblem(404, 'not-found', 'Not found', `No version ${versionId} of set ${setId}`);
  if (version.state === 'deprecated') return version;
  if (version.state !== 'published') {
    throw new HttpProblem(409, 'not-published', 'Not published', `Unexpected deprecation of version ${versionId} of ${setId}, which is ${version.state}: only published versions are deprecated`, { extensions: { state: version.state } });
  }
  const at = ctx.now().toISOString();
  const audit: AuditInput = { actor: principal.name, action: 'version.deprecate', setId, version: versionId, contentHash: version.contentHash, detail: { tokenId: principal.tokenId, ...(reason ? { reason } : {}) } };
  const updated = await ctx.store.deprecate(setId, versionId, at, audit);
  if (!updated) {
    const now = await ctx.store.getVersion(setId, versionId);
    if (now?.state === 'deprecated') return now;
    throw new HttpProblem(409, 'not-published', 'Not published', `Unexpected deprecation of version ${versionId} of ${setId}, which is ${now?.state ?? 'gone'}: only published versions are deprecated`);
  }
  return updated;
}
