/**
 * Labeling quality of published versions (docs/registry.md#labeling-quality):
 * - POST /v1/sets/{id}/versions/{version}/quality: annotations of the version
 *   (streamed, as annotations:validate takes them) are measured with
 *   @rubric/quality against the previous measured version and the report is
 *   stored; tokens with the `quality` scope (and admins) may post;
 * - GET …/versions/{version}/quality: the version's latest report, exactly
 *   the JSON contract of docs/quality.md, with an ETag;
 * - GET …/versions/{version}/quality/reports[/{reportId}]: every report kept;
 * - GET /v1/sets/{id}/quality: per version and per label over time;
 * - POST /v1/sets/{id}/targets/{targetId}/quality:pull: a Label Studio
 *   target's annotations pulled through Label Studio's export API instead of
 *   an upload, measured per version they were made under, and stored.
 */
import { Router, type Request, type Response } from 'express';
import { sha256 } from '@rubric/core';
import { authorizeScope } from '../auth.js';
import type { QualityReportMeta, QualityReportRecord, VersionRecord } from '../domain.js';
import { HttpProblem, invalidParameter, notFound, quote } from '../errors.js';
import { bodyObject, enumParam, intParam, parseQuery, principalOf, readJsonBody, setIdParam, versionParam, type AppContext } from './common.js';
import { labelStudioTarget, targetIdParam } from './targets.js';
import { pullTarget } from '../delivery/label-studio-pull.js';
import { recordsMode } from './annotations.js';
import { authorizeRead, resolveVersion } from './versions.js';
import { IMMUTABLE, sendRepresentation, type Representation } from './representation.js';
import { qualityHistory } from '../quality/history.js';
import { QualityStopped } from '../quality/job.js';
import { measurable, noAnnotations, stoppedProblem } from '../quality/service.js';

/** Route patterns (also the metrics' route labels). */
export const QUALITY_ROUTES = {
  version: '/v1/sets/:id/versions/:version/quality',
  reports: '/v1/sets/:id/versions/:version/quality/reports',
  report: '/v1/sets/:id/versions/:version/quality/reports/:reportId',
  set: '/v1/sets/:id/quality',
  /** The colon of `:pull` is escaped for path-to-regexp. */
  pull: '/v1/sets/:id/targets/:targetId/quality\\:pull',
} as const;

/** Reports listed per version, at most. */
export const MAX_REPORT_PAGE = 100;

const REPORT_ID = /^qr_[0-9a-f]{32}$/;

/** The URLs of a version's quality. */
export function qualityLinks(setId: string, version: string, reportId?: string): Record<string, string> {
  const base = `/v1/sets/${setId}/versions/${version}/quality`;
  return { latest: base, reports: `${base}/reports`, ...(reportId ? { self: `${base}/reports/${reportId}` } : {}), version: `/v1/sets/${setId}/versions/${version}`, history: `/v1/sets/${setId}/quality` };
}

/** A stored report as listings show it (no figures beyond the summary's counts). */
export function reportMetaJson(r: QualityReportMeta): Record<string, unknown> {
  return {
    id: r.id,
    setId: r.setId,
    version: r.version,
    contentHash: r.contentHash,
    uploadedAt: r.uploadedAt,
    uploadedBy: r.uploadedBy,
    source: r.source,
    records: r.summary.records,
    annotators: r.summary.annotators,
    comparedWith: r.summary.comparedWith,
    links: qualityLinks(r.setId, r.version, r.id),
  };
}

/** The bytes of a stored report with their headers; `latest` ones are revalidated, a report at its own URL never changes. */
function reportRepresentation(ctx: AppContext, record: QualityReportRecord, route: string, latest: boolean): Representation {
  const scope = ctx.config.readsPublic ? 'public' : 'private';
  const etag = `"quality-${record.id}"`;
  const headers: Record<string, string> = {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': latest ? `${scope}, no-cache` : `${scope}, ${IMMUTABLE}`,
    ETag: etag,
    'Last-Modified': new Date(record.uploadedAt).toUTCString(),
  };
  if (latest) headers['Content-Location'] = qualityLinks(record.setId, record.version, record.id).self as string;
  return { route, body: Buffer.from(record.report), etag, headers };
}

/** JSON with an ETag from its bytes, revalidated (`no-cache`). */
function jsonRepresentation(ctx: AppContext, route: string, value: unknown): Representation {
  const body = Buffer.from(JSON.stringify(value));
  const etag = `"sha256-${sha256(body).slice(0, 32)}"`;
  return { route, body, etag, headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': `${ctx.config.readsPublic ? 'public' : 'private'}, no-cache`, ETag: etag } };
}

/** Routes of labeling quality. */
export function qualityRoutes(ctx: AppContext): Router {
  const router = Router();

  /** A published or deprecated version named in the URL (`latest` when allowed), for the reads. */
  const readable = async (req: Request, res: Response, allowLatest: boolean): Promise<{ id: string; record: VersionRecord }> => {
    const id = setIdParam(req);
    const version = versionParam(req, 'version', allowLatest);
    authorizeRead(ctx, res, id);
    return { id, record: (await resolveVersion(ctx, res, id, version)).record };
  };

  router.post(QUALITY_ROUTES.version, async (req, res) => {
    const id = setIdParam(req);
    const version = versionParam(req, 'version', false);
    parseQuery(req, {});
    const principal = authorizeScope(principalOf(res), 'quality', id);
    const mode = recordsMode(req);
    const record = await ctx.store.getVersion(id, version);
    if (!record) throw notFound(`No version ${version} of set ${id}`);
    if (!measurable(record)) throw new HttpProblem(409, 'not-published', 'Not published', `Version ${version} of ${id} is ${record.state}: annotations are measured against published versions`);
    let result;
    try {
      // The body is handed to the worker as it arrives; leaving early keeps the socket for the answer.
      result = await ctx.quality.measure(record, mode, req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>);
    } catch (error) {
      if (error instanceof QualityStopped) throw stoppedProblem(error);
      throw error;
    }
    if (result.summary.records.used === 0) throw noAnnotations(record, result);
    const stored = await ctx.quality.store(record, result, principal.name, { kind: 'upload' });
    res.status(201);
    res.setHeader('Location', qualityLinks(id, version, stored.id).self as string);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ ...reportMetaJson(stored), problems: result.problems });
  });

  router.post(QUALITY_ROUTES.pull, async (req, res) => {
    const id = setIdParam(req);
    const targetId = targetIdParam(req);
    const q = parseQuery(req, { project: intParam(1, Number.MAX_SAFE_INTEGER), force: enumParam(['true', 'false'] as const) });
    const principal = authorizeScope(principalOf(res), 'quality', id);
    // No body is needed; an empty JSON object is fine too.
    const body = await readJsonBody(req, 1024, { optional: true });
    if (body) bodyObject(body.value, []);
    const target = await labelStudioTarget(ctx, id, targetId);
    const pulled = await pullTarget(ctx, target, q.project !== undefined ? { project: q.project } : {});
    let result;
    try {
      // PulledRecord is a neutral record with its origin; the service reads it as a plain object.
      const items = pulled.annotations.map((a) => ({ record: a.record as unknown as Record<string, unknown>, errors: a.errors }));
      result = await ctx.quality.measureRecords(id, items, principal.name, { kind: 'label-studio', targetId }, { force: q.force === 'true' });
    } catch (error) {
      if (error instanceof QualityStopped) throw stoppedProblem(error);
      throw error;
    }
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      setId: id,
      targetId,
      pulled: { projects: pulled.summaries.map((s) => s.projectId), records: pulled.annotations.length, invalid: pulled.annotations.filter((a) => a.errors.length > 0).length },
      reports: result.reports.map(reportMetaJson),
      unchanged: result.unchanged.map((u) => ({ ...u, links: qualityLinks(id, u.version, u.reportId) })),
      refused: result.refused,
      unknownVersions: result.unknownVersions,
    });
  });

  router.get(QUALITY_ROUTES.version, async (req, res) => {
    parseQuery(req, {});
    const { id, record } = await readable(req, res, true);
    const report = await ctx.store.latestQualityReport(id, record.version);
    if (!report) throw notFound(`No quality report for version ${record.version} of set ${id}: post the version's annotations to ${qualityLinks(id, record.version).latest}`);
    sendRepresentation(req, res, reportRepresentation(ctx, report, QUALITY_ROUTES.version, true));
  });

  router.get(QUALITY_ROUTES.reports, async (req, res) => {
    const q = parseQuery(req, { limit: intParam(1, MAX_REPORT_PAGE) });
    const { id, record } = await readable(req, res, true);
    const reports = await ctx.store.listQualityReports(id, record.version, q.limit ?? MAX_REPORT_PAGE);
    res.setHeader('Cache-Control', `${ctx.config.readsPublic ? 'public' : 'private'}, no-cache`);
    res.json({ setId: id, version: record.version, reports: reports.map(reportMetaJson), links: qualityLinks(id, record.version) });
  });

  router.get(QUALITY_ROUTES.report, async (req, res) => {
    parseQuery(req, {});
    const reportId = req.params.reportId;
    if (typeof reportId !== 'string' || !REPORT_ID.test(reportId)) throw invalidParameter('/params/reportId', `Unexpected report id ${quote(reportId)}, expected qr_ and 32 hex digits (the id a quality upload answered)`);
    const { id, record } = await readable(req, res, false);
    const report = await ctx.store.getQualityReport(id, record.version, reportId);
    if (!report) throw notFound(`No quality report ${reportId} of version ${record.version} of set ${id}`);
    sendRepresentation(req, res, reportRepresentation(ctx, report, QUALITY_ROUTES.report, false));
  });

  router.get(QUALITY_ROUTES.set, async (req, res) => {
    const id = setIdParam(req);
    parseQuery(req, {});
    authorizeRead(ctx, res, id);
    if (!(await ctx.store.getSet(id))) throw notFound(`No set ${id} in this registry`);
    const history = await qualityHistory(ctx.store, (record) => ctx.sets.get(record).set, id);
    const body = {
      ...history,
      // The versions that have a report (what a client of the figures asks for; /versions lists them all).
      versions: history.versions.flatMap((v) => (v.report ? [{ ...v, links: qualityLinks(id, v.version, v.report.id) }] : [])),
      links: { self: `/v1/sets/${id}/quality`, set: `/v1/sets/${id}`, versions: `/v1/sets/${id}/versions` },
    };
    sendRepresentation(req, res, jsonRepresentation(ctx, QUALITY_ROUTES.set, body));
  });

  return router;
}
