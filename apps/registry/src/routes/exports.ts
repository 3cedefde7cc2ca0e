/**
 * Exports of a version to labeling platforms (@rubric/exporters):
 *
 * - GET /v1/sets/{id}/versions/{version}/exports/{format}: the files of one
 *   format (name, media type, bytes, URL) with the set id, version and
 *   content hash they were built under;
 * - GET …/exports/{format}/{file}: one file's bytes, with its media type.
 *
 * Built once per version and format from the loaded set (see exports.ts)
 * with the stored content hash, and cached like the other version reads:
 * strong ETags, 304, immutable at concrete versions, revalidated through
 * `latest`, held by the hot cache when reads are public. File URLs always
 * name the concrete version, so a `latest` listing points at bytes that
 * never change under it.
 */
import { Router, type Request, type Response } from 'express';
import { sha256 } from '@rubric/core';
import type { ExportFormat } from '@rubric/exporters';
import type { VersionRecord } from '../domain.js';
import { HttpProblem, invalidParameter, quote } from '../errors.js';
import { buildExport, isExportFormat, SERVED_EXPORT_FORMATS, type BuiltExport, type BuiltFile } from '../exports.js';
import { parseQuery, setIdParam, versionParam, type AppContext } from './common.js';
import { cacheControl, isVisible, sendRepresentation, type Representation } from './representation.js';
import { authorizeRead, resolveVersion } from './versions.js';

/** Route patterns of the exports (also the metrics' route label). */
export const EXPORT_ROUTES = {
  index: '/v1/sets/:id/versions/:version/exports/:format',
  file: '/v1/sets/:id/versions/:version/exports/:format/:file',
} as const;

/** A file name as exports have them: no folder, no leading dot, nothing to escape. */
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

/** The URL path of a format's listing, or of one of its files, at a version. */
export function exportPath(setId: string, version: string, format: ExportFormat, file?: string): string {
  const base = `/v1/sets/${setId}/versions/${version}/exports/${format}`;
  return file === undefined ? base : `${base}/${encodeURIComponent(file)}`;
}

/** The `{format}` path parameter: a served format, else 404 listing them. */
function formatParam(req: Request): ExportFormat {
  const value = req.params.format;
  if (isExportFormat(value)) return value;
  const list = SERVED_EXPORT_FORMATS.join(', ');
  throw new HttpProblem(404, 'not-found', 'Not found', `No export format ${quote(value)}, expected one of ${list}`, {
    errors: [{ path: '/params/format', message: `Unexpected format ${quote(value)}, expected one of ${list}` }],
    extensions: { formats: [...SERVED_EXPORT_FORMATS] },
  });
}

/** The `{file}` path parameter: a plain file name (a path, `..` or an encoded slash is refused before anything is looked up). */
function fileParam(req: Request): string {
  const value = req.params.file;
  if (typeof value === 'string' && FILE_NAME.test(value)) return value;
  throw invalidParameter('/params/file', `Unexpected file name ${quote(value)}, expected the name of a file of the export (letters, digits, '.', '_' and '-', not starting with '.'; no folder)`);
}

/** 422 for a set the format cannot express, with the exporter's words. */
function notExportable(record: VersionRecord, built: Extract<BuiltExport, { error: unknown }>): HttpProblem {
  const { error } = built;
  return new HttpProblem(422, 'not-exportable', 'Not exportable', `Version ${record.version} of ${record.setId} cannot be exported to ${built.format}: ${error.message}`, {
    ...(error.problems.length ? { errors: error.problems.map((p) => ({ path: p.path, message: p.message })) } : {}),
    extensions: { format: built.format },
  });
}

/** Routes of /v1/sets/{id}/versions/{version}/exports. */
export function exportRoutes(ctx: AppContext): Router {
  const router = Router();

  /** Parameters, authorization, the version and its export (or the 422). */
  const readExport = async (req: Request, res: Response): Promise<{ record: VersionRecord; latest: boolean; format: ExportFormat; files: BuiltFile[] }> => {
    const id = setIdParam(req);
    const version = versionParam(req, 'version', true);
    const format = formatParam(req);
    parseQuery(req, {});
    authorizeRead(ctx, res, id);
    const { record, latest } = await resolveVersion(ctx, res, id, version);
    const built = buildExport(ctx.sets.get(record), record, format);
    if ('error' in built) throw notExportable(record, built);
    return { record, latest, format, files: built.files };
  };

  /** Headers every export representation shares; Content-Location names the concrete URL of a `latest` read. */
  const represent = (record: VersionRecord, latest: boolean, route: string, concretePath: string, body: Buffer, etag: string, type: string): Representation => ({
    route,
    body,
    etag,
    headers: { 'Content-Type': type, 'Cache-Control': cacheControl(ctx, record, latest, false), ETag: etag, ...(latest ? { 'Content-Location': concretePath } : {}) },
  });

  /** A concrete, visible version's representation goes into the hot cache under its canonical path. */
  const keep = (record: VersionRecord, latest: boolean, path: string, rep: Representation): void => {
    if (!latest && ctx.hotCache && ctx.config.readsPublic && isVisible(record)) ctx.hotCache.put(path, rep);
  };

  router.get(EXPORT_ROUTES.index, async (req, res) => {
    const { record, latest, format, files } = await readExport(req, res);
    const path = exportPath(record.setId, record.version, format);
    const body = Buffer.from(
      JSON.stringify({
        format,
        setId: record.setId,
        version: record.version,
        contentHash: record.contentHash,
        files: files.map((f) => ({ name: f.name, mediaType: f.mediaType, bytes: f.body.length, url: exportPath(record.setId, record.version, format, f.file) })),
      }),
    );
    const etag = `"sha256-${record.contentHash}-exports-${format}-${sha256(body).slice(0, 16)}"`;
    const rep = represent(record, latest, EXPORT_ROUTES.index, path, body, etag, 'application/json; charset=utf-8');
    keep(record, latest, path, rep);
    sendRepresentation(req, res, rep);
  });

  router.get(EXPORT_ROUTES.file, async (req, res) => {
    const name = fileParam(req);
    const { record, latest, format, files } = await readExport(req, res);
    const file = files.find((f) => f.file === name);
    if (!file) {
      const names = files.map((f) => f.file);
      throw new HttpProblem(404, 'not-found', 'Not found', `No file ${quote(name)} in the ${format} export of ${record.setId} ${record.version}, expected one of ${names.join(', ')}`, {
        errors: [{ path: '/params/file', message: `Unexpected file ${quote(name)}, expected one of ${names.join(', ')}` }],
        extensions: { files: names },
      });
    }
    const path = exportPath(record.setId, record.version, format, file.file);
    const etag = `"sha256-${record.contentHash}-export-${format}-${file.digest}"`;
    const rep = represent(record, latest, EXPORT_ROUTES.file, path, file.body, etag, `${file.mediaType}; charset=utf-8`);
    keep(record, latest, path, rep);
    sendRepresentation(req, res, rep);
  });

  return router;
}
