/**
 * The catalog's routes: `/` (every set), `/sets/{id}` (its versions),
 * `/sets/{id}/{version}` (the rendered guideline; `latest` redirects to the
 * current version) and `/sets/{id}/diff/{a}/{b}`. Only published and
 * deprecated versions are shown, and only when reads are public: a browser
 * sends no token. Every answer is an HTML page with its own CSP nonce, errors
 * included; `/` stays the JSON index for clients that prefer JSON.
 */
import { posix } from 'node:path';
import { Router, type Request, type Response } from 'express';
import { loadBundle, SEMVER_PATTERN, SET_ID_PATTERN, setDiffOf, type GuidelineSet } from '@rubric/core';
import type { VersionRecord, VersionSummary } from '../domain.js';
import type { RegistryConfig } from '../config.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/types.js';
import { diffPage } from '../catalog/diff.js';
import { pathOf } from '../catalog/html.js';
import { catalogCsp, createNonce } from '../catalog/layout.js';
import { errorPage, indexPage, setPage, versionPage } from '../catalog/pages.js';
import { qualityNotice, setQualityPage, versionQualityPage } from '../catalog/quality.js';
import { qualityHistory } from '../quality/history.js';
import { readQualityReport } from '@rubric/quality/read';

/** What the catalog needs; createApp's context satisfies it. */
export interface CatalogDeps {
  store: Store;
  config: Pick<RegistryConfig, 'readsPublic'>;
  logger?: Pick<Logger, 'error'>;
  /** Parsed sets of stored versions, shared with the API routes when given. */
  sets?: { get(version: VersionRecord): { set: GuidelineSet } };
}

/** Versions listed on one page of a set. */
const PAGE = 50;
const MAX_ID = 64;
const CURSOR = /^[A-Za-z0-9._~+=:/-]{1,256}$/;

/** A page answer: the HTML, its status, and the nonce its CSP allows. */
function send(res: Response, status: number, nonce: string, page: string): void {
  res.status(status);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Content-Security-Policy', catalogCsp(nonce));
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.send(page);
}

/** A refusal the catalog shows as an HTML page. */
class CatalogError extends Error {
  constructor(
    readonly status: number,
    readonly heading: string,
    message: string,
  ) {
    super(message);
  }
}

const notFound = (message: string): CatalogError => new CatalogError(404, 'Not found', message);

function setIdOf(value: unknown): string {
  if (typeof value !== 'string' || value.length > MAX_ID || !SET_ID_PATTERN.test(value)) throw notFound('There is no guideline set with that id: set ids are lowercase words joined by "-", such as hate-speech.');
  return value;
}

function versionOf(value: unknown, allowLatest = false): string {
  if (typeof value === 'string' && allowLatest && value === 'latest') return value;
  if (typeof value !== 'string' || value.length > MAX_ID || !SEMVER_PATTERN.test(value)) throw notFound('There is no such version: versions are semantic versions such as 2.1.0.');
  return value;
}

function visible(v: { state: string } | undefined): boolean {
  return v !== undefined && (v.state === 'published' || v.state === 'deprecated');
}

/** A page that takes no query parameters. */
function noQuery(req: Request): void {
  if (Object.keys(req.query as Record<string, unknown>).length) throw new CatalogError(400, 'Bad request', 'This page takes no query parameters.');
}

/** Builds the catalog's router. */
export function catalogRouter(deps: CatalogDeps): Router {
  const router = Router();

  const loaded = (record: VersionRecord): GuidelineSet => deps.sets?.get(record).set ?? loadBundle({ manifest: record.manifest, files: record.files }).set;

  const page = (handler: (req: Request, res: Response, nonce: string) => Promise<void>) => async (req: Request, res: Response): Promise<void> => {
    const nonce = createNonce();
    try {
      if (!deps.config.readsPublic) throw new CatalogError(403, 'Catalog not available', 'This registry keeps its guidelines private: reads need an API token, which a browser does not send. Use the API with a token instead.');
      await handler(req, res, nonce);
    } catch (error) {
      if (error instanceof CatalogError) {
        send(res, error.status, nonce, errorPage(error.status, error.heading, error.message, nonce));
        return;
      }
      deps.logger?.error({ err: error, path: req.originalUrl }, 'catalog page failed');
      send(res, 500, nonce, errorPage(500, 'Something went wrong', 'The catalog failed to show this page; the error is logged. Please retry, and report it if it persists.', nonce));
    }
  };

  /** A visible version, or the newest one for `latest`. */
  const version = async (setId: string, v: string): Promise<VersionRecord> => {
    const record = v === 'latest' ? await deps.store.latestPublished(setId) : await deps.store.getVersion(setId, v);
    if (!record || !visible(record)) throw notFound(v === 'latest' ? `Set ${setId} has no published version.` : `Set ${setId} has no published version ${v}.`);
    return record;
  };

  /** The newest visible versions of a set (enough to find a version's neighbours). */
  const recent = async (setId: string): Promise<VersionSummary[]> => (await deps.store.listVersions(setId, { limit: 100 })).items.filter(visible);

  // `/` is the catalog for browsers and the JSON index (in app.ts) for everyone else.
  router.get('/', (req, res, next) => {
    if (req.accepts(['json', 'html']) !== 'html') {
      next();
      return;
    }
    void page(async (_req, res2, nonce) => {
      const sets = await deps.store.listSets();
      send(res2, 200, nonce, indexPage(sets, nonce));
    })(req, res);
  });

  router.get(
    '/sets/:id',
    page(async (req, res, nonce) => {
      const id = setIdOf(req.params.id);
      const query = req.query as Record<string, unknown>;
      const extra = Object.keys(query).filter((k) => k !== 'cursor');
      const cursor = query.cursor;
      if (extra.length || (cursor !== undefined && (typeof cursor !== 'string' || !CURSOR.test(cursor)))) throw new CatalogError(400, 'Bad request', 'This page takes only a cursor parameter, from its "Older versions" link.');
      const set = await deps.store.getSet(id);
      if (!set) throw notFound(`There is no guideline set ${id} in this registry.`);
      const listed = await deps.store.listVersions(id, { limit: PAGE, ...(typeof cursor === 'string' ? { cursor } : {}) });
      const versions = listed.items.filter(visible);
      if (versions.length === 0 && cursor === undefined) throw notFound(`Set ${id} has no published version yet.`);
      const latest = await deps.store.latestPublished(id);
      const measured = new Map((await deps.store.latestQualityReports(id)).map((r) => [r.version, r.summary]));
      send(res, 200, nonce, setPage(set, versions, latest, listed.next, nonce, measured));
    }),
  );

  router.get(
    '/sets/:id/quality',
    page(async (req, res, nonce) => {
      const id = setIdOf(req.params.id);
      noQuery(req);
      const set = await deps.store.getSet(id);
      if (!set) throw notFound(`There is no guideline set ${id} in this registry.`);
      const history = await qualityHistory(deps.store, loaded, id);
      if (history.versions.length === 0) throw notFound(`Set ${id} has no published version yet.`);
      const latest = await deps.store.latestPublished(id);
      const newest = history.versions[history.versions.length - 1];
      const title = latest?.title || (newest ? (await deps.store.getVersion(id, newest.version))?.title : undefined) || id;
      send(res, 200, nonce, setQualityPage(set, title, history, nonce));
    }),
  );

  router.get(
    '/sets/:id/:version',
    page(async (req, res, nonce) => {
      const id = setIdOf(req.params.id);
      const v = versionOf(req.params.version, true);
      const record = await version(id, v);
      if (v === 'latest') {
        res.setHeader('Cache-Control', 'no-cache');
        res.redirect(302, pathOf('sets', id, record.version));
        return;
      }
      const list = await recent(id);
      const at = list.findIndex((x) => x.version === record.version);
      const latest = await deps.store.latestPublished(id);
      const deliveries = (await deps.store.listDeliveries({ setId: id, version: record.version, limit: 20 })).items;
      const measured = (await deps.store.latestQualityReports(id)).find((r) => r.version === record.version);
      const context = { latest: latest ?? undefined, previous: at >= 0 ? list[at + 1] : undefined, deliveries, ...(measured ? { quality: qualityNotice(id, record.version, measured.summary) } : {}) };
      send(res, 200, nonce, versionPage(record, loaded(record), context, nonce, linkResolver(record)));
    }),
  );

  router.get(
    '/sets/:id/:version/quality',
    page(async (req, res, nonce) => {
      const id = setIdOf(req.params.id);
      const v = versionOf(req.params.version, true);
      noQuery(req);
      const record = await version(id, v);
      if (v === 'latest') {
        res.setHeader('Cache-Control', 'no-cache');
        res.redirect(302, `${pathOf('sets', id, record.version)}/quality`);
        return;
      }
      const stored = await deps.store.latestQualityReport(id, record.version);
      if (!stored) throw notFound(`Version ${record.version} of ${id} has no labeling quality report yet: its annotations have not been measured.`);
      const { report } = readQualityReport(JSON.parse(stored.report));
      if (!report) throw new Error(`The stored quality report ${stored.id} does not read as a report`);
      const meta = (await deps.store.latestQualityReports(id)).find((r) => r.version === record.version);
      send(res, 200, nonce, versionQualityPage(record, report, { ...stored, reports: meta?.reports ?? 1 }, nonce));
    }),
  );

  router.get(
    '/sets/:id/diff/:from/:to',
    page(async (req, res, nonce) => {
      const id = setIdOf(req.params.id);
      const from = await version(id, versionOf(req.params.from));
      const to = await version(id, versionOf(req.params.to));
      send(res, 200, nonce, diffPage(from, to, setDiffOf(loaded(from), loaded(to)), nonce));
    }),
  );

  // Anything else under /sets is a catalog page that does not exist.
  router.get(
    '/sets{/*rest}',
    page(async () => {
      throw notFound('There is no catalog page at this address.');
    }),
  );

  return router;
}

/**
 * Where links inside a rendered guideline go: the set's own schema to its
 * download, a sibling set's guideline (`../violent-speech/guideline.md#x`) to
 * that set's current catalog page. Anything else is left to the renderer,
 * which sanitizes every URL.
 */
function linkResolver(record: VersionRecord): (url: string) => string | undefined {
  return (url) => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('#') || url.startsWith('/')) return undefined;
    const hash = url.indexOf('#');
    const path = hash >= 0 ? url.slice(0, hash) : url;
    const fragment = hash >= 0 ? url.slice(hash) : '';
    const normal = posix.normalize(path.split('?')[0] ?? '');
    if (normal === 'guideline.md' || normal === './guideline.md') return fragment || '#';
    // A bundle holds guideline.md and its schema: a JSON file of the set is the schema.
    if (Object.hasOwn(record.files, normal) && normal.endsWith('.json')) return `${pathOf('v1', 'sets', record.setId, 'versions', record.version)}/schema.json`;
    const sibling = /^\.\.\/([a-z][a-z0-9]*(?:-[a-z0-9]+)*)\/(?:guideline\.md)?$/.exec(normal);
    if (sibling && (sibling[1] as string).length <= MAX_ID) return `${pathOf('sets', sibling[1] as string, 'latest')}${fragment}`;
    return undefined;
  };
}
