/**
 * POST /v1/sets/{id}/versions/{version}/annotations:validate: checks
 * annotation records against a version and answers in a stream. The body is
 * read as it arrives (JSON Lines or one JSON array; see annotations.ts) and
 * every record gets one JSON line as soon as it is checked, then a summary
 * line; reading waits while the client does not read the answer, so memory
 * stays bounded whatever the body's length. A malformed record is that
 * record's error, never a 400 for the whole request. Problems found before
 * the answer starts (content type, parameters, an unknown version, a body
 * that is not records at all) are problem+json; the record limit, reached
 * mid-stream, ends the stream with a summary that carries the problem.
 */
import { Router } from 'express';
import { performance } from 'node:perf_hooks';
import { BodyShapeError, checkRecord, MAX_RECORD_BYTES, MAX_RECORDS, parseRawRecord, RecordSplitter, type AnnotationError, type AnnotationValidator, type RawRecord } from '../annotations.js';
import { HttpProblem, notFound, PROBLEM_TYPE_BASE, quote } from '../errors.js';
import { enumParam, parseQuery, setIdParam, versionParam, type AppContext } from './common.js';
import { authorizeRead } from './versions.js';
import { isVisible } from './representation.js';
import { finishUnreadBody } from '../connection.js';

export { MAX_RECORD_BYTES, MAX_RECORDS };
/** The record limit of this process (tests lower it). */
export const limits = { maxRecords: MAX_RECORDS };
/** Route pattern (the colon of `:validate` is escaped for path-to-regexp). */
export const VALIDATE_ROUTE = '/v1/sets/:id/versions/:version/annotations\\:validate';

const JSONL_TYPES = new Set(['application/x-ndjson', 'application/jsonl', 'application/x-jsonlines', 'application/json-seq']);

/** How a request body holds its records, from its content type: JSON Lines, one JSON array, or 415 naming the types accepted. */
export function recordsMode(req: { headers: { 'content-type'?: string | undefined } }): 'jsonl' | 'array' {
  const media = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const mode = JSONL_TYPES.has(media) ? 'jsonl' : media === 'application/json' ? 'array' : undefined;
  if (mode) return mode;
  throw new HttpProblem(415, 'unsupported-media-type', 'Unsupported media type', `Unexpected content type ${quote(req.headers['content-type'] ?? '(none)')}, expected application/x-ndjson or application/jsonl (one record per line) or application/json (an array of records)`, {
    headers: { 'Accept-Post': 'application/x-ndjson, application/jsonl, application/json' },
  });
}

/** Routes of annotation validation. */
export function annotationRoutes(ctx: AppContext, validator: AnnotationValidator | undefined): Router {
  const router = Router();

  router.post(VALIDATE_ROUTE, async (req, res) => {
    const id = setIdParam(req);
    const version = versionParam(req, 'version', true);
    const q = parseQuery(req, { form: enumParam(['auto', 'neutral', 'label-studio'] as const) });
    authorizeRead(ctx, res, id);
    const mode = recordsMode(req);
    if (!validator) {
      throw new HttpProblem(501, 'not-implemented', 'Not implemented', 'This registry has no annotation validator (@rubric/exporters validateAnnotation)');
    }
    const record = version === 'latest' ? await ctx.store.latestPublished(id) : await ctx.store.getVersion(id, version);
    if (!record || !isVisible(record)) {
      throw notFound(version === 'latest' ? `Set ${id} has no published version` : `No published version ${version} of set ${id}`);
    }
    const set = ctx.sets.get(record).set;
    const form = q.form ?? 'auto';
    const splitter = new RecordSplitter(mode, MAX_RECORD_BYTES);
    const started = performance.now();
    let records = 0;
    let valid = 0;
    let problem: HttpProblem | undefined;

    const write = async (value: unknown): Promise<void> => {
      if (!res.headersSent) {
        res.status(200);
        res.setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
        res.setHeader('Cache-Control', 'no-store');
        res.setHeader('X-Content-Type-Options', 'nosniff');
      }
      if (!res.write(`${JSON.stringify(value)}\n`)) await new Promise<void>((resolve) => res.once('drain', resolve));
    };

    const answer = async (raw: RawRecord): Promise<void> => {
      records++;
      let errors: AnnotationError[];
      const parsed = parseRawRecord(raw);
      if ('error' in parsed) errors = [{ path: '', message: parsed.error }];
      else {
        try {
          errors = checkRecord(validator, set, parsed.value, form);
        } catch (error) {
          ctx.logger.error({ err: error, setId: id, version: record.version }, 'annotation validator failed');
          errors = [{ path: '', message: 'The validator failed on this record; the error is logged' }];
        }
      }
      if (errors.length === 0) valid++;
      await write(errors.length === 0 ? { index: raw.index, valid: true } : { index: raw.index, line: raw.line, valid: false, errors });
    };

    // Leaving early must not destroy the request, and with it the socket the answer still has to go out on;
    // return() (in finally) hands the rest of the body back to be discarded.
    const chunks = req.iterator({ destroyOnReturn: false }) as AsyncIterator<Buffer>;
    try {
      read: for (;;) {
        const next = await chunks.next();
        if (next.done) break;
        for (const raw of splitter.push(next.value)) {
          if (records >= limits.maxRecords) {
            problem = new HttpProblem(413, 'payload-too-large', 'Too many records', `Unexpected more than ${limits.maxRecords} records in one request, expected at most ${limits.maxRecords}: split the file; the records after ${limits.maxRecords} were not checked`, { extensions: { limit: limits.maxRecords } });
            break read;
          }
          await answer(raw);
        }
      }
      if (!problem) for (const raw of splitter.end()) await answer(raw);
    } catch (error) {
      if (!(error instanceof BodyShapeError)) throw error;
      const shape = new HttpProblem(400, 'malformed-json', 'Malformed JSON', error.message, { errors: [{ path: '', message: error.message }] });
      if (!res.headersSent) throw shape;
      problem = shape;
    } finally {
      await chunks.return?.();
    }
    const summary = { records, valid, invalid: records - valid, complete: !problem, ms: Math.round(performance.now() - started) };
    if (problem) {
      await write({ summary, problem: { type: `${PROBLEM_TYPE_BASE}${problem.code}`, title: problem.title, status: problem.status, detail: problem.detail, code: problem.code, ...problem.extensions } });
      res.end();
      // The rest of the body is discarded, not checked: read (bounded) so the client, still sending, reads the summary.
      finishUnreadBody(req);
      return;
    }
    await write({ summary });
    res.end();
  });

  return router;
}
