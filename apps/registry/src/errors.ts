/**
 * The registry's one error type and its RFC 9457 problem+json form. Every
 * refusal (bad input, missing role, unknown version) is an HttpProblem with a
 * stable `code`, a sentence for people and, where it helps, the field paths.
 */

/** Media type of every error response. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** Where the problem codes are documented; `type` is this plus `#<code>`. */
export const PROBLEM_TYPE_BASE = 'https://github.com/rubric-guidelines/rubric/blob/main/docs/registry.md#problem-';

/** Stable problem codes, one per kind of refusal (clients switch on these). */
export const PROBLEM_CODES = [
  'bad-request',
  'malformed-json',
  'invalid-body',
  'invalid-parameter',
  'unknown-parameter',
  'unsupported-media-type',
  'payload-too-large',
  'headers-too-large',
  'unauthenticated',
  'invalid-token',
  'forbidden',
  'self-approval',
  'not-found',
  'method-not-allowed',
  'version-conflict',
  'not-pending',
  'not-published',
  'invalid-bundle',
  'set-mismatch',
  'not-approved',
  'lint-failed',
  'incompatible',
  'target-key-missing',
  'not-exportable',
  'no-annotations',
  'label-studio-failed',
  'not-implemented',
  'not-ready',
  'internal',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

/** One located error inside a request: a JSON pointer, a `file:line:col`, or `/query/<name>`. */
export interface ProblemError {
  path: string;
  message: string;
  [extra: string]: unknown;
}

/** Options of an HttpProblem. */
export interface ProblemOptions {
  errors?: ProblemError[];
  /** Extra response headers (WWW-Authenticate, Allow, ...). */
  headers?: Record<string, string>;
  /** Extension members added to the body (RFC 9457 section 3.2). */
  extensions?: Record<string, unknown>;
}

/** An error answered as application/problem+json with `status`. */
export class HttpProblem extends Error {
  readonly errors: ProblemError[] | undefined;
  readonly headers: Record<string, string>;
  readonly extensions: Record<string, unknown>;

  constructor(
    readonly status: number,
    readonly code: ProblemCode,
    readonly title: string,
    readonly detail: string,
    options: ProblemOptions = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
    this.errors = options.errors;
    this.headers = options.headers ?? {};
    this.extensions = options.extensions ?? {};
  }
}

/** The problem+json body of a problem for a request to `instance`. */
export function problemBody(problem: HttpProblem, instance: string): Record<string, unknown> {
  return {
    ...problem.extensions,
    type: `${PROBLEM_TYPE_BASE}${problem.code}`,
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    instance,
    code: problem.code,
    ...(problem.errors ? { errors: problem.errors } : {}),
  };
}

/** 404 for a thing that is not there. */
export function notFound(detail: string): HttpProblem {
  return new HttpProblem(404, 'not-found', 'Not found', detail);
}

/** 400 for a bad path or query parameter, naming it. */
export function invalidParameter(path: string, message: string): HttpProblem {
  return new HttpProblem(400, 'invalid-parameter', 'Invalid parameter', message, { errors: [{ path, message }] });
}

/**
 * A client value quoted for a message: JSON with everything outside printable
 * ASCII escaped (so bidi overrides and homoglyphs show as what they are), cut
 * to stay readable.
 */
export function quote(value: unknown, max = 80): string {
  const json = JSON.stringify(value) ?? String(value);
  const s = json.replace(/[^\x20-\x7e]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return s.length > max ? `${s.slice(0, max - 3)}...` : s;
}
