/**
 * The OpenAPI 3.1 document of the registry, served at /openapi.json. Its
 * schemas are JSON Schema 2020-12; the tests validate every JSON response
 * against them, so the document cannot drift from what the routes answer.
 */
import { AUDIT_ACTIONS, DELIVERY_STATUSES, ROLES, SCOPES, TARGET_KINDS, VERSION_STATES } from './domain.js';
import { PROBLEM_CODES } from './errors.js';
import { MAX_AUDIT_PAGE } from './routes/audit.js';
import { MAX_PAGE } from './routes/versions.js';
import { MAX_DELIVERY_PAGE } from './routes/targets.js';
import { SERVED_EXPORT_FORMATS } from './exports.js';
import { MAX_REPORT_PAGE } from './routes/quality.js';
import { QUALITY_SCHEMAS } from './quality/openapi.js';

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const str: Json = { type: 'string' };
const nullableStr: Json = { type: ['string', 'null'] };
const dateTime: Json = { type: 'string', format: 'date-time' };
const nullableDateTime: Json = { type: ['string', 'null'], format: 'date-time' };
const links: Json = { type: 'object', additionalProperties: { type: 'string' } };

function obj(properties: Record<string, Json>, required: string[] = Object.keys(properties), extra = false): Json {
  return { type: 'object', properties, required, additionalProperties: extra };
}

const MANIFEST: Record<string, Json> = {
  setId: str,
  version: str,
  state: { enum: [...VERSION_STATES] },
  title: str,
  contentHash: { type: 'string', pattern: '^[0-9a-f]{64}$', description: 'sha256 over the sorted file entries' },
  files: { type: 'array', items: obj({ path: str, sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' }, bytes: { type: 'integer', minimum: 0 } }) },
  git: { oneOf: [{ type: 'null' }, obj({ commit: str, dirty: { type: 'boolean' } })] },
  submittedBy: str,
  submittedAt: dateTime,
  publishedAt: nullableDateTime,
  deprecatedAt: nullableDateTime,
  approvals: { type: 'array', items: ref('Approval') },
  links: ref('VersionLinks'),
};

const TOKEN: Record<string, Json> = {
  id: str,
  name: str,
  role: { enum: [...ROLES] },
  sets: { oneOf: [{ type: 'null' }, { type: 'array', items: str }] },
  scopes: { type: 'array', items: { enum: [...SCOPES] }, description: 'rights beside the role: `quality` posts annotations to be measured' },
  createdAt: dateTime,
  createdBy: nullableStr,
  revokedAt: nullableDateTime,
};

const schemas: Record<string, Json> = {
  Problem: {
    description: 'RFC 9457 problem details. `code` is stable; `errors` locates each problem (a JSON pointer, `/query/<name>`, `/params/<name>` or `file:line:col`).',
    type: 'object',
    properties: {
      type: { type: 'string', format: 'uri' },
      title: str,
      status: { type: 'integer', minimum: 400, maximum: 599 },
      detail: str,
      instance: str,
      code: { enum: [...PROBLEM_CODES] },
      errors: { type: 'array', items: ref('ProblemError') },
    },
    required: ['type', 'title', 'status', 'detail', 'instance', 'code'],
    additionalProperties: true,
  },
  ProblemError: {
    type: 'object',
    properties: {
      path: str,
      message: str,
      rule: str,
      severity: { enum: ['error', 'warning', 'info'] },
      file: str,
      line: { type: 'integer' },
      column: { type: 'integer' },
    },
    required: ['path', 'message'],
    additionalProperties: true,
  },
  VersionLinks: obj({ self: str, set: str, versions: str, schema: str, guideline: str, html: str }),
  LatestVersion: {
    type: ['object', 'null'],
    properties: { version: str, title: str, state: { enum: [...VERSION_STATES] }, contentHash: str, publishedAt: nullableDateTime, links: ref('VersionLinks') },
    required: ['version', 'title', 'state', 'contentHash', 'publishedAt', 'links'],
    additionalProperties: false,
  },
  Set: obj(
    {
      id: str,
      quorum: { type: 'integer', minimum: 0 },
      createdAt: dateTime,
      versions: { type: 'integer', minimum: 0, description: 'published and deprecated versions (listing only)' },
      latest: ref('LatestVersion'),
      links: obj({ self: str, versions: str, latest: str }),
    },
    ['id', 'quorum', 'createdAt', 'latest', 'links'],
  ),
  SetList: obj({ sets: { type: 'array', items: ref('Set') } }),
  SetSettings: obj({ quorum: { type: 'integer', minimum: 0, maximum: 10, description: 'approvals needed before a version is published; 0 publishes on submit' } }),
  VersionSummary: obj({
    version: str,
    state: { enum: [...VERSION_STATES] },
    title: str,
    contentHash: str,
    submittedBy: str,
    submittedAt: dateTime,
    publishedAt: nullableDateTime,
    deprecatedAt: nullableDateTime,
    links: ref('VersionLinks'),
  }),
  VersionList: obj({ setId: str, versions: { type: 'array', items: ref('VersionSummary') }, next: nullableStr, links }),
  Approval: obj({ approvedBy: str, approvedAt: dateTime }),
  Manifest: obj(MANIFEST),
  SubmittedVersion: { description: 'The manifest of the version, with the non-blocking findings of the checks.', ...obj({ ...MANIFEST, warnings: { type: 'array', items: ref('ProblemError') } }) },
  ApprovalState: obj({
    setId: str,
    version: str,
    state: { enum: [...VERSION_STATES] },
    quorum: { type: 'integer', minimum: 0 },
    approvals: { type: 'array', items: ref('Approval') },
    publishedAt: nullableDateTime,
    links: ref('VersionLinks'),
  }),
  Deprecation: { type: 'object', properties: { reason: { type: 'string', maxLength: 1000 } }, additionalProperties: false },
  Compatibility: obj({
    base: { oneOf: [{ type: 'null' }, obj({ version: str, contentHash: str })] },
    required: { enum: ['none', 'patch', 'minor', 'major', null] },
    declared: { enum: ['none', 'patch', 'minor', 'major', 'backwards', 'invalid', null] },
    changes: { type: 'array', items: obj({ kind: str, level: { enum: ['patch', 'minor', 'major'] }, path: str, reason: str, acknowledged: str }, ['kind', 'level', 'path', 'reason']) },
  }),
  CompatibilityReport: obj({
    setId: str,
    version: str,
    contentHash: str,
    ok: { type: 'boolean', description: 'true when the bundle would be accepted' },
    code: { enum: ['incompatible', 'lint-failed', 'not-approved', null] },
    existing: { oneOf: [{ type: 'null' }, obj({ state: { enum: [...VERSION_STATES] }, contentHash: str, sameContent: { type: 'boolean' } })] },
    compatibility: ref('Compatibility'),
    errors: { type: 'array', items: ref('ProblemError') },
    warnings: { type: 'array', items: ref('ProblemError') },
  }),
  Bundle: {
    description: 'A bundle as written by `rubric pack`: the manifest and the files (path -> text). The server recomputes every hash.',
    type: 'object',
    properties: {
      manifest: { type: 'object', properties: { format: { const: 'rubric-bundle/1' }, setId: str, version: str, files: { type: 'array' }, contentHash: str, git: { type: 'object' } }, required: ['format', 'setId', 'version'] },
      files: { type: 'object', additionalProperties: { type: 'string' } },
    },
    required: ['manifest', 'files'],
  },
  SetDiff: {
    description: 'The semantic diff of core `diffSets` from {version} to {other}: classified changes with field paths, the required and declared bumps.',
    type: 'object',
    properties: {
      id: str,
      state: { enum: ['added', 'removed', 'changed', 'unchanged'] },
      base: { type: 'object' },
      head: { type: 'object' },
      changes: { type: 'array', items: { type: 'object', properties: { kind: str, level: { enum: ['patch', 'minor', 'major'] }, path: str, reason: str }, required: ['kind', 'level', 'path', 'reason'] } },
      required: { enum: ['none', 'patch', 'minor', 'major'] },
      declared: { enum: ['none', 'patch', 'minor', 'major', 'backwards', 'invalid'] },
      acknowledgements: { type: 'array' },
      problems: { type: 'array', items: { type: 'object', properties: { code: str, severity: { enum: ['error', 'warning'] }, message: str }, required: ['code', 'severity', 'message'] } },
      ok: { type: 'boolean' },
    },
    required: ['state', 'changes', 'required', 'declared', 'problems', 'ok'],
  },
  MigrationMap: obj({
    from: obj({ id: str, version: str }, []),
    to: obj({ id: str, version: str }, []),
    labels: {
      type: 'array',
      items: obj({ from: str, to: nullableStr, questionId: str, via: { enum: ['same', 'renamed', 'replaced', 'removed'] }, chain: { type: 'array', items: str } }),
    },
  }),
  Token: obj(TOKEN),
  CreatedToken: obj({ ...TOKEN, token: { type: 'string', pattern: '^rbt_[a-z0-9]+_[A-Za-z0-9_-]+$', description: 'the secret, shown only in this response' } }),
  TokenRequest: obj(
    {
      name: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$', description: 'the principal: tokens with one name are one principal' },
      role: { enum: [...ROLES] },
      sets: { oneOf: [{ type: 'null' }, { type: 'array', items: str, maxItems: 100 }], description: 'granted set ids; null or absent for every set' },
      scopes: { oneOf: [{ type: 'null' }, { type: 'array', items: { enum: [...SCOPES] } }], description: 'rights beside the role; absent for none' },
    },
    ['name', 'role'],
  ),
  TokenList: obj({ tokens: { type: 'array', items: ref('Token') } }),
  AuditEntry: obj({
    seq: { type: 'integer' },
    at: dateTime,
    actor: str,
    action: { enum: [...AUDIT_ACTIONS] },
    setId: nullableStr,
    version: nullableStr,
    contentHash: nullableStr,
    detail: { type: 'object' },
  }),
  AuditPage: obj({ entries: { type: 'array', items: ref('AuditEntry') }, next: nullableStr, links }),
  TargetRequest: {
    description: 'A delivery target. Exactly one of `secret` (stored encrypted with AES-256-GCM; needs RUBRIC_REGISTRY_TARGET_KEY) and `secretEnv` (the name of an environment variable of the registry holding it).',
    type: 'object',
    properties: {
      kind: { enum: [...TARGET_KINDS] },
      url: { type: 'string', maxLength: 2000, description: 'http(s), no credentials, no fragment: the webhook endpoint, or the Label Studio base URL' },
      projectId: { oneOf: [{ type: 'integer', minimum: 1 }, { const: 'create' }], description: 'label-studio only: the project versions are delivered to, or "create": a project per major version, made by the registry' },
      breaking: { enum: ['new-project', 'fail'], description: 'label-studio only (default new-project): a major version the project cannot take (its annotations use labels the version removes) goes to a new project, or fails the delivery with Label Studio\'s reason' },
      secret: { type: 'string', minLength: 1, maxLength: 4096, description: 'webhook: the HMAC signing key; label-studio: the API token. Never shown again.' },
      secretEnv: { type: 'string', pattern: '^RUBRIC_TARGET_[A-Z0-9_]{1,64}$' },
      enabled: { type: 'boolean', description: 'default true; disabled targets get no new deliveries' },
    },
    required: ['kind', 'url'],
    additionalProperties: false,
  },
  Target: obj(
    {
      setId: str,
      id: str,
      kind: { enum: [...TARGET_KINDS] },
      url: str,
      projectId: { oneOf: [{ type: 'integer' }, { const: 'create' }] },
      breaking: { enum: ['new-project', 'fail'] },
      secret: {
        oneOf: [obj({ source: { const: 'env' }, env: str, available: { type: 'boolean' } }), obj({ source: { const: 'encrypted' }, available: { type: 'boolean' } })],
        description: 'where the secret comes from and whether this instance can read it; never the secret',
      },
      enabled: { type: 'boolean' },
      createdAt: dateTime,
      updatedAt: dateTime,
      updatedBy: str,
      links: obj({ self: str, deliveries: str }),
    },
    ['setId', 'id', 'kind', 'url', 'secret', 'enabled', 'createdAt', 'updatedAt', 'updatedBy', 'links'],
  ),
  TargetList: obj({ setId: str, targets: { type: 'array', items: ref('Target') } }),
  Delivery: obj({
    id: { type: 'string', description: 'the idempotency key sent as Rubric-Delivery, stable across retries' },
    setId: str,
    version: str,
    contentHash: str,
    targetId: str,
    kind: { enum: [...TARGET_KINDS] },
    status: { enum: [...DELIVERY_STATUSES] },
    attempts: { type: 'integer', minimum: 0 },
    nextAttemptAt: nullableDateTime,
    lastStatus: { type: ['integer', 'null'], description: 'HTTP status of the last answer' },
    lastError: nullableStr,
    detail: { type: ['object', 'null'], description: 'what the last attempt did on the platform; label-studio: projectId, projectUrl, created, configChanged, previousVersion, gold {imported, present, outdated}, notes' },
    createdAt: dateTime,
    updatedAt: dateTime,
    deliveredAt: nullableDateTime,
    links: obj({ version: str, target: str }),
  }),
  DeliveryPage: obj({ deliveries: { type: 'array', items: ref('Delivery') }, next: nullableStr, links }),
  ExportListing: {
    description: 'The files of one export format of a version, built by @rubric/exporters with the version\'s stored content hash (every file names the set id, version and content hash).',
    ...obj({
      format: { enum: [...SERVED_EXPORT_FORMATS] },
      setId: str,
      version: { type: 'string', description: 'the concrete version (also when read through `latest`)' },
      contentHash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
      files: {
        type: 'array',
        items: obj({
          name: { type: 'string', description: '`<format>/<file>`, as `rubric export` writes it' },
          mediaType: str,
          bytes: { type: 'integer', minimum: 0 },
          url: { type: 'string', description: 'the file at the concrete version: `/v1/sets/{id}/versions/{version}/exports/{format}/{file}`' },
        }),
      },
    }),
  },
  ...QUALITY_SCHEMAS,
  Health: obj({ status: { const: 'ok' } }),
  Ready: obj({ status: { const: 'ready' }, store: { enum: ['sqlite', 'postgres'] } }),
  Index: obj({ service: str, links }),
};

const PROBLEM = 'application/problem+json';
const problem = (description: string): Json => ({ description, content: { [PROBLEM]: { schema: ref('Problem') } } });
const json = (description: string, schema: Json, headers?: Json): Json => ({ description, content: { 'application/json': { schema } }, ...(headers ? { headers } : {}) });
const etagHeaders: Json = {
  ETag: { description: 'strong ETag from the content hash plus a suffix per representation', schema: str },
  'Cache-Control': { description: '`immutable` for content at a versioned URL; `no-cache` for `latest`, manifests and listings', schema: str },
};

const param = (name: string, description: string, schema: Json = str): Json => ({ name, in: 'path', required: true, description, schema });
const query = (name: string, description: string, schema: Json): Json => ({ name, in: 'query', required: false, description, schema });
const setId = param('id', 'set id (lowercase kebab case)', { type: 'string', pattern: '^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$', maxLength: 64 });
const versionOrLatest = param('version', 'a semantic version, or `latest` (the newest published one)');
const concreteVersion = param('version', 'a semantic version');
const otherVersion = param('other', 'the other version (or `latest`)');
const exportFormat = param('format', `an export format: ${SERVED_EXPORT_FORMATS.join(', ')}`, { type: 'string' });
const exportFile = param('file', 'a file of the export: its `name` without the `<format>/` folder, e.g. `config.xml`', { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$' });
const targetId = param('targetId', 'target id (lowercase kebab case)', { type: 'string', pattern: '^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$', maxLength: 64 });

const common = { 400: problem('invalid path or query parameter'), 401: problem('missing or invalid token'), 403: problem('the token lacks the role or the set grant'), default: problem('any other error') };
const readErrors = { 400: common[400], 401: common[401], 403: common[403], 404: problem('no such set or version (pending versions are hidden below role submitter)'), default: common.default };
const notModified = { description: 'not modified (If-None-Match matched the ETag)', headers: etagHeaders };
const bodyErrors = { 413: problem('body larger than the limit'), 415: problem('content type other than application/json') };

function operation(summary: string, role: string, responses: Json, extra: Json = {}): Json {
  // `none` needs no token; a public read takes one optionally (then it must be valid).
  const security = role === 'none' ? { security: [] } : role.startsWith('none') ? { security: [{}, { bearer: [] }] } : {};
  return { summary, description: `Role: ${role}.`, ...extra, responses, ...security };
}

/** Options that show in the document. */
export interface OpenApiOptions {
  readsPublic: boolean;
  bodyLimitBytes: number;
}

/** The OpenAPI 3.1 document. */
export function openApiDocument(options: OpenApiOptions = { readsPublic: true, bodyLimitBytes: 8 * 1024 * 1024 }): Json {
  const read = options.readsPublic ? 'none (reads are public here; a token, when sent, must be valid)' : 'reader with a grant for the set';
  const bundleBody = { required: true, description: `a bundle (at most ${options.bodyLimitBytes} bytes)`, content: { 'application/json': { schema: ref('Bundle') } } };
  const file = (summary: string, type: string): Json => ({
    get: operation(summary, read, {
      200: { description: summary, headers: etagHeaders, content: { [type]: { schema: type === 'application/json' ? { description: 'the file as published (any JSON)' } : { type: 'string' } } } },
      304: notModified,
      ...readErrors,
      ...(type === 'text/html' ? { 501: problem('no renderer configured') } : {}),
    }),
  });
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Rubric registry',
      version: '1.0.0',
      description:
        'Approve, publish and serve immutable guideline versions. Errors are RFC 9457 application/problem+json with a stable `code`. Roles: reader < submitter < approver < admin, with per-set grants. Every GET also answers HEAD. OPTIONS on a path answers 204 with an Allow header listing its methods; a path asked with a method it does not list answers 405 (components/responses/MethodNotAllowed) with the same Allow; a path matching no route answers 404.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    tags: [{ name: 'sets' }, { name: 'versions' }, { name: 'lifecycle' }, { name: 'quality' }, { name: 'admin' }, { name: 'delivery' }, { name: 'operations' }],
    paths: {
      '/': { get: operation('Service index', 'none', { 200: json('links', ref('Index')) }) },
      '/v1': { get: operation('API index', 'none', { 200: json('links', ref('Index')) }) },
      '/v1/sets': { get: operation('List sets with a published version', read, { 200: json('the sets', ref('SetList')), ...common }, { tags: ['sets'] }) },
      '/v1/sets/{id}': {
        parameters: [setId],
        get: operation('A set and its latest published version', read, { 200: json('the set', ref('Set')), ...readErrors }, { tags: ['sets'] }),
      },
      '/v1/sets/{id}/settings': {
        parameters: [setId],
        put: operation('Change the set settings (quorum)', 'admin with a grant for the set', { 200: json('the set', ref('Set')), ...common, ...bodyErrors }, {
          tags: ['admin'],
          requestBody: { required: true, content: { 'application/json': { schema: ref('SetSettings') } } },
        }),
      },
      '/v1/sets/{id}/versions': {
        parameters: [setId],
        get: operation('List versions, newest first', `${read}; submitter for state=pending or all`, { 200: json('one page', ref('VersionList')), ...readErrors }, {
          tags: ['versions'],
          parameters: [
            query('limit', `page size (default 20)`, { type: 'integer', minimum: 1, maximum: MAX_PAGE }),
            query('cursor', 'the `next` value of the previous page', str),
            query('state', 'published (default: published and deprecated), pending (pending only), all', { enum: ['published', 'pending', 'all'] }),
          ],
        }),
        post: operation(
          'Submit a bundle',
          'submitter with a grant for the set',
          {
            200: json('the same version with the same content exists (idempotent)', ref('SubmittedVersion')),
            201: json('created: pending, or published when the quorum is 0', ref('SubmittedVersion'), { Location: { schema: str } }),
            400: problem('malformed JSON'),
            401: common[401],
            403: common[403],
            409: problem('the version exists with other content'),
            ...bodyErrors,
            422: problem('invalid bundle, set mismatch, lint errors, incompatible with the latest published version, or status not approved; `errors` lists each'),
            default: common.default,
          },
          { tags: ['lifecycle'], requestBody: bundleBody },
        ),
      },
      '/v1/sets/{id}/versions/{version}': {
        parameters: [setId, versionOrLatest],
        get: operation('A version\'s manifest: files with sha256, state, approvals, links', read, { 200: json('the manifest', ref('Manifest'), etagHeaders), 304: notModified, ...readErrors }, { tags: ['versions'] }),
      },
      '/v1/sets/{id}/versions/{version}/schema.json': { parameters: [setId, versionOrLatest], ...file('The schema file, bytes as published', 'application/json') },
      '/v1/sets/{id}/versions/{version}/guideline.md': { parameters: [setId, versionOrLatest], ...file('The guideline Markdown, bytes as published', 'text/markdown') },
      '/v1/sets/{id}/versions/{version}/guideline.html': { parameters: [setId, versionOrLatest], ...file('The guideline rendered to sanitized HTML', 'text/html') },
      '/v1/sets/{id}/versions/{version}/diff/{other}': {
        parameters: [setId, versionOrLatest, otherVersion],
        get: operation('Semantic diff from {version} to {other}', read, { 200: json('the diff', ref('SetDiff'), etagHeaders), 304: notModified, ...readErrors }, { tags: ['versions'] }),
      },
      '/v1/sets/{id}/versions/{version}/migration/{other}': {
        parameters: [setId, versionOrLatest, otherVersion],
        get: operation('Migration map of labels from {version} to {other}', read, { 200: json('the map', ref('MigrationMap'), etagHeaders), 304: notModified, ...readErrors }, { tags: ['versions'] }),
      },
      '/v1/sets/{id}/versions/{version}/exports/{format}': {
        parameters: [setId, versionOrLatest, exportFormat],
        get: operation(
          'The files of a version exported to a labeling platform format',
          read,
          {
            200: json('the listing', ref('ExportListing'), etagHeaders),
            304: notModified,
            ...readErrors,
            404: problem('no such set, version or format (a `formats` member lists the formats)'),
            422: problem('the set uses something this format cannot express (code not-exportable, with the exporter\'s message)'),
          },
          { tags: ['versions'] },
        ),
      },
      '/v1/sets/{id}/versions/{version}/exports/{format}/{file}': {
        parameters: [setId, versionOrLatest, exportFormat, exportFile],
        get: operation(
          'One file of an export, as @rubric/exporters builds it',
          read,
          {
            200: {
              description: 'the file\'s bytes with its media type (charset utf-8): application/xml, text/html, application/json, application/schema+json or application/jsonl',
              headers: etagHeaders,
              content: { 'application/json': { schema: { description: 'a JSON export file (any JSON)' } }, '*/*': { schema: { type: 'string' } } },
            },
            304: notModified,
            ...readErrors,
            400: problem('invalid parameter, including a file name with a folder, an encoded slash or a leading dot'),
            404: problem('no such set, version, format or file (a `formats` or `files` member lists what exists)'),
            422: problem('the set uses something this format cannot express (code not-exportable)'),
          },
          { tags: ['versions'] },
        ),
      },
      '/v1/sets/{id}/versions/{version}/annotations:validate': {
        parameters: [setId, versionOrLatest],
        post: operation(
          'Validate annotation records against a version, answered as a stream',
          read,
          {
            200: {
              description:
                'JSON Lines, one per record in order: {"index":n,"valid":true} or {"index":n,"line":l,"valid":false,"errors":[{"path","message"}]}; then {"summary":{"records","valid","invalid","complete","ms"}}, with a "problem" member (code payload-too-large or malformed-json) when the stream was cut short',
              content: { 'application/x-ndjson': { schema: { type: 'string' } } },
            },
            ...readErrors,
            400: problem('invalid parameter, or a body that is not records at all (code malformed-json)'),
            415: problem('content type other than application/x-ndjson, application/jsonl or application/json'),
            501: problem('no annotation validator'),
          },
          {
            tags: ['versions'],
            parameters: [query('form', 'auto (default: detected per record), neutral, or label-studio (task or annotation with a result array)', { enum: ['auto', 'neutral', 'label-studio'] })],
            requestBody: {
              required: true,
              description: 'records in Rubric\'s neutral form or Label Studio form: one per line, or one JSON array; at most 1 MiB per record and 1,000,000 records',
              content: { 'application/x-ndjson': { schema: { type: 'string' } }, 'application/jsonl': { schema: { type: 'string' } }, 'application/json': { schema: { type: 'array' } } },
            },
          },
        ),
      },
      '/v1/sets/{id}/versions/{version}/quality': {
        parameters: [setId, versionOrLatest],
        get: operation('The latest quality report of a version: the JSON contract of docs/quality.md', read, {
          200: json('the report, as computed when it was posted', ref('QualityReport'), { ...etagHeaders, 'Content-Location': { description: 'the report at its own URL', schema: str }, 'Last-Modified': { description: 'when it was posted', schema: str } }),
          304: notModified,
          ...readErrors,
          404: problem('no such set or version, or the version has no quality report yet'),
        }, { tags: ['quality'] }),
        post: operation(
          'Measure annotations of a version and store the report (compared with the latest report of the nearest earlier measured version)',
          'a token with the quality scope and a grant for the set, or admin',
          {
            201: json('stored: the report\'s record, with the records that could not be used (located)', ref('QualityUpload'), { Location: { schema: str } }),
            400: problem('invalid parameter, or a body that is not records at all (code malformed-json)'),
            401: common[401],
            403: problem('the token lacks the quality scope or the set grant'),
            404: problem('no such version'),
            409: problem('the version is pending (code not-published)'),
            413: problem('more records than the limit, or more memory than the registry gives one computation (code payload-too-large); nothing stored'),
            415: problem('content type other than application/x-ndjson, application/jsonl or application/json'),
            422: problem('no record could be used (code no-annotations; `errors` locates the first problems); nothing stored'),
            503: problem('the instance runs its limit of computations (code not-ready, Retry-After)'),
            default: common.default,
          },
          {
            tags: ['quality'],
            requestBody: {
              required: true,
              description: 'the annotations of this version, as annotations:validate takes them: Rubric\'s neutral records with an `annotator`, Label Studio tasks (its JSON export) or annotations; one per line, or one JSON array; at most 1 MiB per record and 1,000,000 records',
              content: { 'application/x-ndjson': { schema: { type: 'string' } }, 'application/jsonl': { schema: { type: 'string' } }, 'application/json': { schema: { type: 'array' } } },
            },
          },
        ),
      },
      '/v1/sets/{id}/versions/{version}/quality/reports': {
        parameters: [setId, versionOrLatest],
        get: operation('Every quality report stored for a version, newest first', read, { 200: json('the reports (no figures)', ref('QualityReportList')), ...readErrors }, {
          tags: ['quality'],
          parameters: [query('limit', `reports listed (default and most ${MAX_REPORT_PAGE})`, { type: 'integer', minimum: 1, maximum: MAX_REPORT_PAGE })],
        }),
      },
      '/v1/sets/{id}/versions/{version}/quality/reports/{reportId}': {
        parameters: [setId, concreteVersion, param('reportId', 'the id a quality upload answered', { type: 'string', pattern: '^qr_[0-9a-f]{32}$' })],
        get: operation('One stored quality report (immutable)', read, { 200: json('the report', ref('QualityReport'), etagHeaders), 304: notModified, ...readErrors, 404: problem('no such set, version or report') }, { tags: ['quality'] }),
      },
      '/v1/sets/{id}/quality': {
        parameters: [setId],
        get: operation('Labeling quality over time: per version its latest report\'s figures, per label its figures across versions (renamed labels keep their history)', read, {
          200: json('the history', ref('QualityHistory'), { ETag: { description: 'from the bytes', schema: str } }),
          304: notModified,
          ...readErrors,
        }, { tags: ['quality'] }),
      },
      '/v1/sets/{id}/versions/{version}/approvals': {
        parameters: [setId, concreteVersion],
        post: operation(
          'Approve a pending version; publishes it when the quorum is reached',
          'approver with a grant for the set, not the submitter',
          {
            200: json('the approval state', ref('ApprovalState')),
            ...common,
            403: problem('the token lacks the role or grant, or submitted this version itself (code self-approval)'),
            404: problem('no such version'),
            409: problem('the version is not pending'),
            ...bodyErrors,
          },
          { tags: ['lifecycle'], requestBody: { required: false, content: { 'application/json': { schema: { type: 'object', additionalProperties: false } } } } },
        ),
      },
      '/v1/sets/{id}/versions/{version}/deprecate': {
        parameters: [setId, concreteVersion],
        post: operation(
          'Deprecate a published version (still readable, no longer latest)',
          'approver with a grant for the set',
          { 200: json('the manifest', ref('SubmittedVersion')), ...common, 404: problem('no such version'), 409: problem('the version is not published'), ...bodyErrors },
          { tags: ['lifecycle'], requestBody: { required: false, content: { 'application/json': { schema: ref('Deprecation') } } } },
        ),
      },
      '/v1/sets/{id}/compatibility': {
        parameters: [setId],
        post: operation(
          'Dry run: lint and compatibility of a bundle against the latest published version; nothing is stored',
          'submitter with a grant for the set',
          { 200: json('the report', ref('CompatibilityReport')), ...common, ...bodyErrors, 422: problem('the bundle cannot be read (invalid bundle, set mismatch)') },
          { tags: ['lifecycle'], requestBody: bundleBody },
        ),
      },
      '/v1/sets/{id}/targets': {
        parameters: [setId],
        get: operation('The delivery targets of a set (never their secrets)', 'approver with a grant for the set', { 200: json('the targets', ref('TargetList')), ...common }, { tags: ['delivery'] }),
      },
      '/v1/sets/{id}/targets/{targetId}': {
        parameters: [setId, targetId],
        get: operation('A delivery target', 'approver with a grant for the set', { 200: json('the target', ref('Target')), ...common, 404: problem('no such target') }, { tags: ['delivery'] }),
        put: operation(
          'Create or replace a delivery target; versions published from now on are delivered to it',
          'approver with a grant for the set',
          {
            200: json('replaced', ref('Target')),
            201: json('created', ref('Target'), { Location: { schema: str } }),
            ...common,
            ...bodyErrors,
            422: problem('a `secret` was sent but the registry has no RUBRIC_REGISTRY_TARGET_KEY (code target-key-missing)'),
          },
          { tags: ['delivery'], requestBody: { required: true, content: { 'application/json': { schema: ref('TargetRequest') } } } },
        ),
        delete: operation('Delete a delivery target; its pending deliveries fail', 'approver with a grant for the set', { 200: json('the deleted target', ref('Target')), ...common, 404: problem('no such target') }, { tags: ['delivery'] }),
      },
      '/v1/sets/{id}/targets/{targetId}/annotations': {
        parameters: [setId, targetId],
        get: operation(
          'Pull the annotations of a label-studio target\'s projects as neutral records of the version each was made under, validated',
          'approver with a grant for the set',
          {
            200: {
              description:
                'JSON Lines, one per annotation: {"index":n,"record":{set,version,contentHash,item,answers,annotator,labelStudio},"valid":true} or with "valid":false and "errors":[{"path","message"}]; then {"summary":{"projects":[...],"records","invalid"}}',
              content: { 'application/x-ndjson': { schema: { type: 'string' } } },
            },
            ...common,
            404: problem('no such target, or not a label-studio target'),
            422: problem('a project that holds no Rubric guideline, or another set\'s (code set-mismatch)'),
            502: problem('Label Studio refused or could not be reached (code label-studio-failed)'),
            503: problem('the target\'s secret is not available on this instance (code not-ready)'),
          },
          {
            tags: ['delivery'],
            parameters: [
              query('project', 'only this Label Studio project (default: every project of the target)', { type: 'integer', minimum: 1 }),
              query('groundTruth', 'true: also the ground-truth annotations (the gold tasks\' answers)', { enum: ['true', 'false'] }),
            ],
          },
        ),
      },
      '/v1/sets/{id}/targets/{targetId}/quality:pull': {
        parameters: [setId, targetId],
        post: operation(
          'Pull a label-studio target\'s annotations and measure them: a quality report per version they were made under, stored as an upload\'s would be',
          'a token with the quality scope and a grant for the set, or admin',
          {
            200: json('what was stored, left as it was, refused and not placed', ref('QualityPull')),
            ...common,
            ...bodyErrors,
            403: problem('the token lacks the quality scope or the set grant'),
            404: problem('no such target, or not a label-studio target'),
            413: problem('more records than the limit, or more memory than a computation has (code payload-too-large)'),
            422: problem('a project that holds no Rubric guideline, or another set\'s (code set-mismatch)'),
            502: problem('Label Studio refused or could not be reached (code label-studio-failed)'),
            503: problem('the target\'s secret is not available on this instance, or the instance runs its limit of computations (code not-ready)'),
          },
          {
            tags: ['quality'],
            parameters: [
              query('project', 'only this Label Studio project (default: every project of the target)', { type: 'integer', minimum: 1 }),
              query('force', 'true: measure and store even the versions whose annotations did not change since their latest report from this target', { enum: ['true', 'false'] }),
            ],
            requestBody: { required: false, content: { 'application/json': { schema: { type: 'object', additionalProperties: false } } } },
          },
        ),
      },
      '/v1/sets/{id}/deliveries': {
        parameters: [setId],
        get: operation('Deliveries of a set, newest first', 'approver with a grant for the set', { 200: json('one page', ref('DeliveryPage')), ...common, 404: problem('no such set') }, {
          tags: ['delivery'],
          parameters: [
            query('status', 'only deliveries in this status', { enum: [...DELIVERY_STATUSES] }),
            query('version', 'only deliveries of this version', str),
            query('limit', 'page size (default 50)', { type: 'integer', minimum: 1, maximum: MAX_DELIVERY_PAGE }),
            query('cursor', 'the `next` value of the previous page', str),
          ],
        }),
      },
      '/v1/deliveries': {
        get: operation('Deliveries of every set, newest first', 'approver for every set, or for the set named by ?set=', { 200: json('one page', ref('DeliveryPage')), ...common }, {
          tags: ['delivery'],
          parameters: [
            query('set', 'only deliveries of this set', str),
            query('status', 'only deliveries in this status', { enum: [...DELIVERY_STATUSES] }),
            query('limit', 'page size (default 50)', { type: 'integer', minimum: 1, maximum: MAX_DELIVERY_PAGE }),
            query('cursor', 'the `next` value of the previous page', str),
          ],
        }),
      },
      '/v1/tokens': {
        get: operation('List tokens (never their secrets)', 'admin for every set', { 200: json('the tokens', ref('TokenList')), ...common }, { tags: ['admin'] }),
        post: operation('Create a token; the secret is in this response only', 'admin for every set', { 201: json('the token', ref('CreatedToken'), { Location: { schema: str } }), ...common, ...bodyErrors }, {
          tags: ['admin'],
          requestBody: { required: true, content: { 'application/json': { schema: ref('TokenRequest') } } },
        }),
      },
      '/v1/tokens/{tokenId}': {
        parameters: [param('tokenId', 'the id in rbt_<id>_<secret>', { type: 'string', pattern: '^[a-z0-9]{8,32}$' })],
        delete: operation('Revoke a token', 'admin for every set', { 200: json('the revoked token', ref('Token')), ...common, 404: problem('no such token') }, { tags: ['admin'] }),
      },
      '/v1/audit': {
        get: operation('The audit log, oldest first', 'admin for every set', { 200: json('one page', ref('AuditPage')), ...common }, {
          tags: ['admin'],
          parameters: [query('after', 'sequence number to start after (the `next` of the previous page)', { type: 'integer', minimum: 0 }), query('limit', 'page size (default 100)', { type: 'integer', minimum: 1, maximum: MAX_AUDIT_PAGE })],
        }),
      },
      '/healthz': { get: operation('The process answers', 'none', { 200: json('ok', ref('Health')) }, { tags: ['operations'] }) },
      '/readyz': { get: operation('The store answers', 'none', { 200: json('ready', ref('Ready')), 503: problem('the store does not answer') }, { tags: ['operations'] }) },
      '/metrics': {
        get: operation('Prometheus metrics (text format 0.0.4)', 'none', { 200: { description: 'metrics', content: { 'text/plain': { schema: { type: 'string' } } } } }, { tags: ['operations'] }),
      },
      '/openapi.json': { get: operation('This document', 'none', { 200: json('OpenAPI 3.1', { type: 'object' }) }, { tags: ['operations'] }) },
    },
    components: {
      schemas,
      headers: {
        Allow: { description: 'the methods the path has (RFC 9110 section 10.2.1): its operations here, HEAD wherever GET is, and OPTIONS', schema: str, example: 'GET, HEAD, OPTIONS' },
      },
      responses: {
        MethodNotAllowed: {
          description: 'the path exists but not for this method (code method-not-allowed); the answer to any method a path of this document does not list',
          headers: { Allow: { $ref: '#/components/headers/Allow' } },
          content: { [PROBLEM]: { schema: ref('Problem') } },
        },
        Options: { description: 'the answer to OPTIONS on any path of this document', headers: { Allow: { $ref: '#/components/headers/Allow' } } },
      },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'rbt_<id>_<secret>' } },
    },
  };
}
