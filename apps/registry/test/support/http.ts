/**
 * Test support for the HTTP application: a registry listening on 127.0.0.1
 * over a real store, a small client that validates every response against
 * the service's own /openapi.json (ajv, JSON Schema 2020-12), and bundles
 * built from the repository's guidelines with core's packBundle.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { createNodeHost, manifestOf, packBundle, type Bundle } from '@rubric/core';
import { DEFAULT_CONFIG, type RegistryConfig } from '../../src/config.js';
import { generateToken } from '../../src/auth.js';
import { silentLogger, type Logger } from '../../src/logger.js';
import { openApiDocument } from '../../src/openapi.js';
import { startRegistry, type RunningRegistry, type StartOptions } from '../../src/server.js';
import type { Role } from '../../src/domain.js';
import type { Store } from '../../src/store/types.js';
import type { RenderFunction } from '../../src/routes/common.js';

/** Root of the repository. */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
/** The real guideline sets. */
export const GUIDELINES = join(REPO_ROOT, 'guidelines');

/** A registry for one test file. */
export interface TestRegistry {
  running: RunningRegistry;
  url: string;
  /** The bootstrap admin token. */
  admin: string;
  client: Client;
  close(): Promise<void>;
}

/** Starts a registry on 127.0.0.1 (a free port) over `store`, with a bootstrap admin token. */
export async function startTestRegistry(
  store: Store,
  options: { config?: Partial<RegistryConfig>; render?: RenderFunction; logger?: Logger; admin?: string; start?: Pick<StartOptions, 'env' | 'labelConfig' | 'now' | 'validator'> } = {},
): Promise<TestRegistry> {
  const admin = options.admin ?? generateToken().token;
  const config: RegistryConfig = { ...DEFAULT_CONFIG, port: 0, host: '127.0.0.1', logLevel: 'silent', adminToken: admin, ...options.config };
  const running = await startRegistry({ config, store, logger: options.logger ?? silentLogger(), ...(options.render ? { render: options.render } : {}), ...options.start });
  const client = new Client(running.url, { readsPublic: config.readsPublic, bodyLimitBytes: config.bodyLimitBytes });
  return { running, url: running.url, admin, client, close: () => running.close() };
}

/** A response as the tests look at it. */
export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed body when it is JSON (application/json or problem+json). */
  json: any;
}

/** Request options. */
export interface RequestOptions {
  token?: string;
  /** A value sent as JSON (with content-type application/json unless headers say otherwise). */
  body?: unknown;
  /** A raw body, sent as is. */
  raw?: string | Buffer;
  headers?: Record<string, string>;
}

/** Compiles the OpenAPI document's response schemas once and checks responses against them. */
export class OpenApiValidator {
  private readonly ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
  private readonly cache = new Map<string, ValidateFunction>();
  private readonly templates: { template: string; regex: RegExp; params: number }[];

  constructor(readonly doc: Record<string, any>) {
    this.ajv.addSchema({ ...doc, $id: 'openapi.json' });
    this.templates = Object.keys(doc.paths as object)
      .map((template) => ({
        template,
        regex: new RegExp(`^${template.replace(/[.]/g, '\\.').replace(/\{[^}]+\}/g, '[^/]+')}$`),
        params: (template.match(/\{/g) ?? []).length,
      }))
      .sort((a, b) => a.params - b.params);
  }

  /** The path template a concrete path matches, if any. */
  templateOf(path: string): string | undefined {
    return this.templates.find((t) => t.regex.test(path))?.template;
  }

  /** Throws when a JSON response does not fit the document (the operation, the status or its schema). */
  check(method: string, path: string, status: number, contentType: string, body: unknown): void {
    const media = contentType.split(';')[0]?.trim() ?? '';
    if (media !== 'application/json' && media !== 'application/problem+json') return;
    const template = this.templateOf(path);
    let pointer: string;
    if (!template || media === 'application/problem+json') {
      if (media !== 'application/problem+json') throw new Error(`${method} ${path}: JSON response ${status} on a path the OpenAPI document does not describe`);
      pointer = '#/components/schemas/Problem';
    } else {
      const op = this.doc.paths[template][method.toLowerCase()];
      if (!op) throw new Error(`${method} ${template}: no such operation in the OpenAPI document`);
      const key = String(status) in op.responses ? String(status) : 'default';
      const response = op.responses[key];
      if (!response) throw new Error(`${method} ${template}: status ${status} is not in the OpenAPI document`);
      if (!response.content?.[media]) throw new Error(`${method} ${template} ${status}: content type ${media} is not in the OpenAPI document`);
      pointer = `#/paths/${template.replace(/~/g, '~0').replace(/\//g, '~1')}/${method.toLowerCase()}/responses/${key}/content/${media.replace(/\//g, '~1')}/schema`;
    }
    let validate = this.cache.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `openapi.json${pointer}` });
      this.cache.set(pointer, validate);
    }
    if (!validate(body)) {
      throw new Error(`${method} ${path} ${status}: response does not match the OpenAPI document (${pointer}):\n${JSON.stringify(validate.errors, null, 2)}\n${JSON.stringify(body).slice(0, 2000)}`);
    }
  }
}

/** Every response seen by any client, counted (a test asserts that validation ran). */
export const validated = { count: 0 };

/** An HTTP client for the registry that validates every JSON response against the OpenAPI document. */
export class Client {
  readonly validator: OpenApiValidator;

  constructor(
    readonly url: string,
    options: { readsPublic: boolean; bodyLimitBytes: number },
  ) {
    this.validator = new OpenApiValidator(openApiDocument(options));
  }

  /** Sends a request and validates the answer. */
  async request(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | Buffer | undefined = options.raw;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(`${this.url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    const contentType = res.headers.get('content-type') ?? '';
    let json: unknown;
    if (/json/.test(contentType) && text !== '') {
      json = JSON.parse(text);
      const pathOnly = new URL(`${this.url}${path}`).pathname;
      this.validator.check(method, safeDecode(pathOnly), res.status, contentType, json);
      validated.count++;
    }
    if (res.status >= 400 && !/^application\/problem\+json/.test(contentType)) throw new Error(`${method} ${path}: ${res.status} answered ${contentType || 'no content type'}, expected application/problem+json`);
    return { status: res.status, headers: res.headers, text, json };
  }

  get(path: string, options?: RequestOptions): Promise<ApiResponse> {
    return this.request('GET', path, options);
  }

  post(path: string, options?: RequestOptions): Promise<ApiResponse> {
    return this.request('POST', path, options);
  }

  /** Creates a token as `admin`; returns the token string. */
  async token(admin: string, name: string, role: Role, sets?: string[] | null): Promise<string> {
    const res = await this.post('/v1/tokens', { token: admin, body: { name, role, ...(sets !== undefined ? { sets } : {}) } });
    if (res.status !== 201) throw new Error(`token ${name}: ${res.status} ${res.text}`);
    return res.json.token as string;
  }
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** The bundle of a real guideline set (guidelines/<id>). */
export function guidelineBundle(id: string): Bundle {
  const { bundle } = packBundle(join(GUIDELINES, id), createNodeHost());
  if (!bundle) throw new Error(`could not pack guidelines/${id}`);
  return bundle;
}

/**
 * A copy of `bundle` under another set id and version, with `edit` applied
 * to its files (frontmatter and schema ids and versions follow), and the
 * manifest recomputed as `rubric pack` would.
 */
export function variant(bundle: Bundle, setId: string, version: string, edit: (files: Record<string, string>) => void = () => {}): Bundle {
  const files = { ...bundle.files };
  const from = bundle.manifest;
  files['guideline.md'] = (files['guideline.md'] as string).replace(/^id: .*$/m, `id: ${setId}`).replace(/^version: .*$/m, `version: ${version}`);
  if (files['schema.json']) {
    const schema = JSON.parse(files['schema.json']) as Record<string, unknown>;
    schema.id = setId;
    schema.version = version;
    files['schema.json'] = `${JSON.stringify(schema, null, 2)}\n`;
  }
  // A changelog entry for the new version keeps changelog-entry quiet.
  if (version !== from.version) files['guideline.md'] = (files['guideline.md'] as string).replace(/^## Changelog\s*\n/m, `## Changelog\n\n### ${version}\n\n- Test variant.\n`);
  edit(files);
  return { manifest: manifestOf(files, setId, version), files };
}

/** Reads a file of the repository. */
export function repoFile(path: string): string {
  return readFileSync(join(REPO_ROOT, path), 'utf8');
}
