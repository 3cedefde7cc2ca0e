/**
 * The export formats the registry serves for a version and links to in
 * deliveries and the catalog: @rubric/exporters' EXPORT_FORMATS, built with
 * the stored version's content hash (never recomputed) from the parsed set
 * the loaded-set cache keeps, once per version and format (a version is
 * immutable, so its exports are too). A set a format cannot express (an
 * ExportError) is remembered the same way.
 */
import { sha256 } from '@rubric/core';
import { EXPORT_FORMATS, ExportError, exportSet, type ExportFile, type ExportFormat, type ExportMeta } from '@rubric/exporters';
import type { VersionRecord } from './domain.js';
import type { LoadedVersion } from './publish.js';

/** Names of the export formats served at /v1/sets/{id}/versions/{v}/exports/{format}. */
export const SERVED_EXPORT_FORMATS: readonly ExportFormat[] = EXPORT_FORMATS;

/** Whether `value` names a served format. */
export function isExportFormat(value: unknown): value is ExportFormat {
  return typeof value === 'string' && (SERVED_EXPORT_FORMATS as readonly string[]).includes(value);
}

/** The export links of a version under `base` (the version's URL). */
export function exportLinks(base: string): Record<string, string> {
  return Object.fromEntries(SERVED_EXPORT_FORMATS.map((f) => [f, `${base}/exports/${f}`]));
}

/** One file of a built export, ready to send. */
export interface BuiltFile {
  /** The exporter's name, `<format>/<file>` (as `rubric export` writes it). */
  name: string;
  /** The name inside the format's folder: the last segment of the file's URL. */
  file: string;
  mediaType: string;
  body: Buffer;
  /** First 16 hex digits of the body's sha256 (part of its ETag). */
  digest: string;
}

/** A format of a version: its files, or why the format cannot express the set. */
export type BuiltExport = { format: ExportFormat; files: BuiltFile[] } | { format: ExportFormat; error: ExportError };

/** The identity every export of a stored version embeds: its set id, version and stored content hash. */
export function exportMetaOfVersion(version: Pick<VersionRecord, 'setId' | 'version' | 'contentHash'>): ExportMeta {
  return { setId: version.setId, version: version.version, contentHash: version.contentHash };
}

function builtFile(format: ExportFormat, file: ExportFile): BuiltFile {
  const body = Buffer.from(file.content, 'utf8');
  const prefix = `${format}/`;
  return { name: file.name, file: file.name.startsWith(prefix) ? file.name.slice(prefix.length) : file.name, mediaType: file.mediaType, body, digest: sha256(body).slice(0, 16) };
}

/**
 * The export of a loaded version in `format`, built on first use and kept
 * with the loaded set. Errors other than ExportError (a bug) are thrown and
 * not kept.
 */
export function buildExport(loaded: LoadedVersion, version: Pick<VersionRecord, 'setId' | 'version' | 'contentHash'>, format: ExportFormat): BuiltExport {
  loaded.exports ??= new Map();
  const hit = loaded.exports.get(format);
  if (hit) return hit;
  let built: BuiltExport;
  try {
    built = { format, files: exportSet(loaded.set, format, exportMetaOfVersion(version)).map((f) => builtFile(format, f)) };
  } catch (error) {
    if (!(error instanceof ExportError)) throw error;
    built = { format, error };
  }
  loaded.exports.set(format, built);
  return built;
}
