/**
 * Label Studio's REST API, the part Rubric uses: projects (read, create,
 * update, validate a labeling config against the annotations already made),
 * task import and listing, the JSON export of annotated tasks, and the users
 * who made them. Shared by the registry's delivery target and the `rubric
 * label-studio` command.
 *
 * Two kinds of token work without a person at the keyboard:
 * - a legacy token (`Authorization: Token <40 hex>`), which Label Studio
 *   refuses with 401 unless legacy tokens are enabled for the organization;
 * - a personal access token (a JWT refresh token), exchanged at
 *   `/api/token/refresh/` for a short-lived access token sent as
 *   `Authorization: Bearer`; the client refreshes it before it expires and
 *   once more when Label Studio answers 401.
 *
 * Every failure is a LabelStudioError whose `kind` says whether trying again
 * can help (Label Studio down, a timeout, a 5xx) or not (a wrong token, a
 * deleted project, a config Label Studio refuses), with Label Studio's own
 * words in the message.
 */

/** Which token a string is. */
export type LabelStudioTokenKind = 'legacy' | 'personal';

/** A personal access token is a JWT (three base64url parts, the first an encoded JSON header). */
export function tokenKind(token: string): LabelStudioTokenKind {
  return /^eyJ[\w-]*\.[\w-]+\.[\w-]+$/.test(token.trim()) ? 'personal' : 'legacy';
}

/** Why a call to Label Studio failed. */
export type LabelStudioErrorKind = 'unreachable' | 'timeout' | 'server' | 'busy' | 'unauthorized' | 'forbidden' | 'not-found' | 'refused' | 'unexpected';

/** A call to Label Studio that failed; `transient` when the same call may work later. */
export class LabelStudioError extends Error {
  override readonly name = 'LabelStudioError';
  constructor(
    message: string,
    readonly kind: LabelStudioErrorKind,
    /** The HTTP status Label Studio answered, null when it did not answer. */
    readonly status: number | null,
  ) {
    super(message);
  }

  /** Trying again later may help: Label Studio was down, slow, overloaded or failed internally. */
  get transient(): boolean {
    return this.kind === 'unreachable' || this.kind === 'timeout' || this.kind === 'server' || this.kind === 'busy';
  }
}

/** A Label Studio project, the fields Rubric reads. */
export interface LabelStudioProject {
  id: number;
  title: string;
  description: string | null;
  label_config: string;
  expert_instruction?: string | null;
  show_instruction?: boolean;
  task_number?: number;
  [field: string]: unknown;
}

/** A task as `/api/tasks/` lists it. */
export interface LabelStudioTask {
  id: number;
  data: Record<string, unknown>;
  meta?: Record<string, unknown> | null;
  [field: string]: unknown;
}

/** One annotation as the JSON export has it. */
export interface LabelStudioAnnotation {
  id: number;
  completed_by: number | { id?: number; email?: string } | null;
  result: unknown[];
  was_cancelled?: boolean;
  ground_truth?: boolean;
  created_at?: string;
  updated_at?: string;
  lead_time?: number | null;
  [field: string]: unknown;
}

/** A task of the JSON export, with its annotations. */
export interface LabelStudioExportedTask {
  id: number;
  data: Record<string, unknown>;
  meta?: Record<string, unknown> | null;
  annotations?: LabelStudioAnnotation[];
  [field: string]: unknown;
}

/** A user of the organization. */
export interface LabelStudioUser {
  id: number;
  email?: string;
  username?: string;
}

/** What a task import reports. */
export interface LabelStudioImportReport {
  task_count: number;
  annotation_count: number;
  task_ids?: number[];
  [field: string]: unknown;
}

/** Options of a client. */
export interface LabelStudioClientOptions {
  /** Base URL of Label Studio (a path prefix is fine), without a trailing slash. */
  url: string;
  /** A legacy token or a personal access token. */
  token: string;
  /** Time one request may take (default 30 s). */
  timeoutMs?: number;
  userAgent?: string;
  /** For tests: the clock that decides when an access token is refreshed. */
  now?: () => number;
}

/** Bytes of an error answer kept in messages. */
const ANSWER_BYTES = 600;
/** Refresh an access token this long before it expires. */
const REFRESH_MARGIN_MS = 30_000;
/** Tasks per page when listing (Label Studio's default page size). */
const PAGE_SIZE = 100;
/** The import in flight per Label Studio URL (imports into one server are made one at a time). */
const importQueue = new Map<string, Promise<unknown>>();

/** Label Studio's words from an error answer: `detail`, `validation_errors` or a field -> messages object. */
export function answerMessage(text: string): string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return text.replace(/\s+/g, ' ').trim().slice(0, ANSWER_BYTES);
  }
  const parts: string[] = [];
  const collect = (value: unknown, path: string): void => {
    if (typeof value === 'string') parts.push(path ? `${path}: ${value}` : value);
    else if (Array.isArray(value)) value.forEach((v) => collect(v, path));
    else if (typeof value === 'object' && value !== null) {
      for (const [key, v] of Object.entries(value)) collect(v, key === 'non_field_errors' ? path : key);
    }
  };
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const { detail, validation_errors: validation, ...rest } = body as Record<string, unknown>;
    if (validation !== undefined && validation !== null) collect(validation, '');
    else if (typeof detail === 'string') parts.push(detail);
    for (const key of ['id', 'status_code', 'version', 'exc_info']) delete rest[key];
    if (!parts.length) collect(rest, '');
  } else collect(body, '');
  const joined = parts.join('; ').replace(/\s+/g, ' ').trim();
  return (joined || text.replace(/\s+/g, ' ').trim()).slice(0, ANSWER_BYTES);
}

/** The kind of error an HTTP status is. */
function kindOf(status: number): LabelStudioErrorKind {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 408 || status === 429) return 'busy';
  if (status >= 500) return 'server';
  if (status >= 400) return 'refused';
  return 'unexpected';
}

/** A client of one Label Studio server with one token. */
export class LabelStudioClient {
  readonly url: string;
  readonly tokenKind: LabelStudioTokenKind;
  private readonly timeoutMs: number;
  private readonly now: () => number;
  private access: { token: string; expires: number } | undefined;

  constructor(private readonly options: LabelStudioClientOptions) {
    this.url = options.url.replace(/\/+$/, '');
    this.tokenKind = tokenKind(options.token);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  /** The browser address of a project. */
  projectUrl(id: number): string {
    return `${this.url}/projects/${id}/`;
  }

  private async fetchOnce(method: string, path: string, headers: Record<string, string>, body: string | undefined): Promise<Response> {
    try {
      return await fetch(`${this.url}${path}`, { method, headers: { 'User-Agent': this.options.userAgent ?? 'rubric', Accept: 'application/json', ...headers }, ...(body !== undefined ? { body } : {}), redirect: 'manual', signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      if (error instanceof Error && error.name === 'TimeoutError') throw new LabelStudioError(`Label Studio at ${this.url} did not answer ${method} ${path} within ${this.timeoutMs} ms`, 'timeout', null);
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new LabelStudioError(`Label Studio at ${this.url} cannot be reached (${cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error))})`, 'unreachable', null);
    }
  }

  /** The Authorization header; a personal access token is exchanged for an access token first. */
  private async authorization(force = false): Promise<string> {
    if (this.tokenKind === 'legacy') return `Token ${this.options.token.trim()}`;
    if (!force && this.access && this.access.expires - REFRESH_MARGIN_MS > this.now()) return `Bearer ${this.access.token}`;
    const response = await this.fetchOnce('POST', '/api/token/refresh/', { 'Content-Type': 'application/json' }, JSON.stringify({ refresh: this.options.token.trim() }));
    const text = await response.text();
    if (!response.ok) {
      const kind = response.status === 401 || response.status === 400 ? 'unauthorized' : kindOf(response.status);
      throw new LabelStudioError(`Label Studio at ${this.url} refused the personal access token (HTTP ${response.status} from /api/token/refresh/: ${answerMessage(text)})`, kind, response.status);
    }
    let access: unknown;
    try {
      access = (JSON.parse(text) as { access?: unknown }).access;
    } catch {
      access = undefined;
    }
    if (typeof access !== 'string') throw new LabelStudioError(`Label Studio at ${this.url} answered /api/token/refresh/ without an access token: ${text.slice(0, 200)}`, 'unexpected', response.status);
    this.access = { token: access, expires: jwtExpiry(access) ?? this.now() + 60_000 };
    return `Bearer ${access}`;
  }

  /** One API call; JSON in and out. Throws LabelStudioError. */
  async call<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers = (auth: string): Record<string, string> => ({ Authorization: auth, ...(payload !== undefined ? { 'Content-Type': 'application/json' } : {}) });
    let response = await this.fetchOnce(method, path, headers(await this.authorization()), payload);
    // An access token that expired early (clock skew, a restarted server): refresh once.
    if (response.status === 401 && this.tokenKind === 'personal') {
      await response.body?.cancel();
      response = await this.fetchOnce(method, path, headers(await this.authorization(true)), payload);
    }
    const text = await response.text();
    if (response.status >= 200 && response.status < 300) {
      if (text.trim() === '') return undefined as T;
      try {
        return JSON.parse(text) as T;
      } catch {
        throw new LabelStudioError(`Label Studio at ${this.url} answered ${method} ${path} with something other than JSON: ${text.slice(0, 200)}`, 'unexpected', response.status);
      }
    }
    const kind = kindOf(response.status);
    const said = answerMessage(text);
    const hint =
      kind === 'unauthorized'
        ? this.tokenKind === 'legacy'
          ? ' (a legacy token: check it, and that legacy tokens are enabled for the organization; or use a personal access token)'
          : ' (a personal access token: check it was not revoked)'
        : '';
    throw new LabelStudioError(`Label Studio answered ${method} ${path} with HTTP ${response.status}: ${said}${hint}`, kind, response.status);
  }

  /** The user the token belongs to. */
  whoAmI(): Promise<LabelStudioUser> {
    return this.call<LabelStudioUser>('GET', '/api/current-user/whoami');
  }

  /** One project; LabelStudioError not-found when it does not exist. */
  getProject(id: number): Promise<LabelStudioProject> {
    return this.call<LabelStudioProject>('GET', `/api/projects/${id}/`);
  }

  /** Every project the token can see (paged through). */
  async listProjects(): Promise<LabelStudioProject[]> {
    const out: LabelStudioProject[] = [];
    for (let page = 1; ; page++) {
      const body = await this.call<{ results?: LabelStudioProject[]; next?: string | null }>('GET', `/api/projects/?page=${page}&page_size=${PAGE_SIZE}`);
      out.push(...(body.results ?? []));
      if (!body.next || !body.results?.length) return out;
    }
  }

  /** Creates a project. */
  createProject(fields: Record<string, unknown>): Promise<LabelStudioProject> {
    return this.call<LabelStudioProject>('POST', '/api/projects/', fields);
  }

  /** Changes fields of a project. Label Studio refuses a config whose controls annotations still use. */
  updateProject(id: number, fields: Record<string, unknown>): Promise<LabelStudioProject> {
    return this.call<LabelStudioProject>('PATCH', `/api/projects/${id}/`, fields);
  }

  /**
   * Checks a labeling config against a project the way Label Studio's own
   * settings page does before saving (strict: labels that annotations or
   * drafts use must stay). Throws LabelStudioError refused with Label
   * Studio's reason.
   */
  async validateConfig(id: number, labelConfig: string): Promise<void> {
    await this.call<unknown>('POST', `/api/projects/${id}/validate/`, { label_config: labelConfig });
  }

  /**
   * Imports tasks (with their annotations) into a project; the report lists
   * the new task ids. Imports into one server are made one at a time from
   * this process: on SQLite, Label Studio numbers imported tasks itself (the
   * last id + 1), and two imports at once into different projects collide.
   */
  async importTasks(id: number, tasks: unknown[]): Promise<LabelStudioImportReport> {
    const previous = importQueue.get(this.url) ?? Promise.resolve();
    const mine = previous.catch(() => undefined).then(() => this.call<LabelStudioImportReport>('POST', `/api/projects/${id}/import?return_task_ids=true`, tasks));
    importQueue.set(this.url, mine);
    try {
      return await mine;
    } finally {
      if (importQueue.get(this.url) === mine) importQueue.delete(this.url);
    }
  }

  /** Every task of a project with its data and meta (paged through). */
  async listTasks(id: number): Promise<LabelStudioTask[]> {
    const out: LabelStudioTask[] = [];
    for (let page = 1; ; page++) {
      let body: { tasks?: LabelStudioTask[]; total?: number };
      try {
        body = await this.call<{ tasks?: LabelStudioTask[]; total?: number }>('GET', `/api/tasks/?project=${id}&page=${page}&page_size=${PAGE_SIZE}`);
      } catch (error) {
        // Label Studio answers 404 "Invalid page." past the last page.
        if (error instanceof LabelStudioError && error.kind === 'not-found' && page > 1) return out;
        throw error;
      }
      const tasks = body.tasks ?? [];
      out.push(...tasks);
      if (tasks.length < PAGE_SIZE || (body.total !== undefined && out.length >= body.total)) return out;
    }
  }

  /**
   * Every task of a project with its annotations (the JSON export with
   * download_all_tasks: without it Label Studio exports only the tasks it
   * counts as finished, and leaves out annotations of tasks that still wait
   * for more annotators).
   */
  async exportTasks(id: number, taskIds?: number[]): Promise<LabelStudioExportedTask[]> {
    const path = `/api/projects/${id}/export?exportType=JSON&download_all_tasks=true`;
    if (!taskIds) return this.call<LabelStudioExportedTask[]>('GET', path);
    const out: LabelStudioExportedTask[] = [];
    // A page of ids per request keeps the URL short.
    for (let i = 0; i < taskIds.length; i += PAGE_SIZE) out.push(...(await this.call<LabelStudioExportedTask[]>('GET', `${path}${taskIds.slice(i, i + PAGE_SIZE).map((t) => `&ids[]=${t}`).join('')}`)));
    return out;
  }

  /** Adds an annotation to a task. */
  createAnnotation(taskId: number, annotation: Record<string, unknown>): Promise<LabelStudioAnnotation> {
    return this.call<LabelStudioAnnotation>('POST', `/api/tasks/${taskId}/annotations/`, annotation);
  }

  /** The organization's users; empty when the token may not list them (annotators are then named by id). */
  async listUsers(): Promise<LabelStudioUser[]> {
    try {
      const body = await this.call<LabelStudioUser[] | { results?: LabelStudioUser[] }>('GET', '/api/users/');
      return Array.isArray(body) ? body : (body?.results ?? []);
    } catch (error) {
      if (error instanceof LabelStudioError && (error.kind === 'forbidden' || error.kind === 'not-found')) return [];
      throw error;
    }
  }
}

/** The `exp` of a JWT in ms, when readable. */
function jwtExpiry(token: string): number | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
