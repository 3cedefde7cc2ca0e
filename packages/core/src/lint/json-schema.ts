/**
 * JSON Schema validation shared by the meta-schema, frontmatter and config
 * checks: one Ajv instance, validators compiled once per process (compiling per
 * file is the known hot-path trap), and ajv errors turned into messages for
 * people ("Unexpected X, expected Y") with the JSON pointer they concern.
 */
import type { Ajv2020, ErrorObject, Options, ValidateFunction } from 'ajv/dist/2020.js';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { didYouMean, orList } from '../util.js';

let ajv: Ajv2020 | undefined;
const compiled = new Map<object, ValidateFunction>();

/** Options of the shared Ajv instance; the build's precompiled validators use the same. */
// strictTuples off: the config's `[level, options?]` tuple has an optional second item, which strict tuples reject.
export const AJV_OPTIONS: Options = { allErrors: true, verbose: true, strict: true, strictRequired: false, strictTuples: false, allowUnionTypes: true };

/**
 * Ajv itself, loaded on first use: the shipped schemas' validators are precompiled by the build, so
 * a lint run or an editor's start usually never compiles one and need not load the compiler (a literal
 * require, so bundles still carry it).
 */
function ajvClass(): typeof Ajv2020 {
  const esmRequire = typeof require === 'function' ? undefined : createRequire(import.meta.url);
  return ((esmRequire ? esmRequire('ajv/dist/2020.js') : require('ajv/dist/2020.js')) as { Ajv2020: typeof Ajv2020 }).Ajv2020;
}

/** The shared Ajv instance (2020-12, all errors, verbose for messages). */
export function sharedAjv(options: Options = AJV_OPTIONS): Ajv2020 {
  const Ajv = ajvClass();
  if (options !== AJV_OPTIONS) return addFormats(new Ajv(options));
  ajv ??= addFormats(new Ajv(options));
  return ajv;
}

function addFormats(instance: Ajv2020): Ajv2020 {
  instance.addFormat('date', /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/);
  return instance;
}

/** Compiles a schema once; later calls with the same object reuse the validator. */
export function compileSchema(schema: object): ValidateFunction {
  let v = compiled.get(schema);
  if (!v) {
    v = sharedAjv().compile(schema);
    compiled.set(schema, v);
  }
  return v;
}

/** Where the build puts the standalone validator of a shipped schema (scripts/precompile-validators.mjs). */
export function precompiledValidatorPath(name: string): URL {
  return new URL(`./validators/${name.replace(/\.json$/, '')}.cjs`, import.meta.url);
}

/**
 * The validator of a schema shipped in packages/core/schema/: the one the build
 * precompiled when it is there (compiling the meta-schema costs ~110 ms, paid by
 * every language server start), else compiled now. Bundlers that leave the
 * file behind get the compiled one: same verdicts, same errors.
 */
export function shippedValidator(name: string, schema: object): ValidateFunction {
  let v = compiled.get(schema);
  if (v) return v;
  try {
    // Inside a bundle (the VS Code extension's server) import.meta.url may be missing: then compile.
    const file = precompiledValidatorPath(name);
    if (file.protocol === 'file:' && existsSync(file)) {
      const mod = createRequire(file)(fileURLToPath(file)) as { default?: ValidateFunction } & ValidateFunction;
      v = typeof mod.default === 'function' ? mod.default : mod;
    }
  } catch {
    v = undefined;
  }
  v ??= sharedAjv().compile(schema);
  compiled.set(schema, v);
  return v;
}

/** Reads a JSON Schema shipped in packages/core/schema/. */
export function loadShippedSchema(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../../schema/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
}

/** One validation problem for people. */
export interface SchemaProblem {
  /** JSON pointer of the value (or, with `onKey`, of the property) concerned. */
  pointer: string;
  /** True when the problem is the property name itself (an unknown field). */
  onKey: boolean;
  message: string;
}

/** Validates `data` and returns problems for people, most specific first, one per pointer and message. */
export function validateWithSchema(validate: ValidateFunction, data: unknown, describePath: (pointer: string) => string = defaultPath): SchemaProblem[] {
  if (validate(data)) return [];
  const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'if');
  // Drop umbrella errors (oneOf/anyOf/then) when a more specific error stands at or below the same path.
  const specific = errors.filter(
    (e) => !['oneOf', 'anyOf', 'allOf', 'then', 'else', 'not'].includes(e.keyword) || !errors.some((o) => o !== e && o.instancePath.startsWith(e.instancePath) && !['oneOf', 'anyOf', 'allOf', 'then', 'else'].includes(o.keyword)),
  );
  const seen = new Set<string>();
  const out: SchemaProblem[] = [];
  for (const e of specific) {
    const p = describeError(e, describePath, validate.schema);
    const key = `${p.pointer}\u0000${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
  }
  return out;
}

function defaultPath(pointer: string): string {
  return pointer === '' ? 'the top level' : `\`${pointer}\``;
}

/** Follows a local `$ref` ("#/$defs/x") so a referenced schema's description can be shown. */
function resolveLocal(root: unknown, schema: unknown): { description?: string } | undefined {
  let cur = schema as { $ref?: string; description?: string } | undefined;
  for (let hops = 0; cur?.$ref?.startsWith('#/') && hops < 8; hops++) {
    let node: unknown = root;
    for (const seg of cur.$ref.slice(2).split('/')) node = (node as Record<string, unknown> | undefined)?.[seg.replace(/~1/g, '/').replace(/~0/g, '~')];
    cur = node as typeof cur;
  }
  return cur;
}

function describeError(e: ErrorObject, path: (pointer: string) => string, root: unknown): SchemaProblem {
  const at = path(e.instancePath);
  const expected = typeof e.parentSchema?.description === 'string' ? e.parentSchema.description : undefined;
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': {
      const field = String(params.missingProperty);
      const sub = resolveLocal(root, (e.parentSchema?.properties as Record<string, unknown> | undefined)?.[field]);
      return { pointer: e.instancePath, onKey: false, message: `Missing field \`${field}\` in ${at}, expected ${sub?.description ?? 'it to be present'}` };
    }
    case 'additionalProperties': {
      const field = String(params.additionalProperty);
      const allowed = Object.keys((e.parentSchema?.properties as object | undefined) ?? {});
      const near = didYouMean(field, allowed, 1);
      const hint = near.length ? ` Did you mean \`${near[0]}\`?` : '';
      return {
        pointer: `${e.instancePath}/${field.replace(/~/g, '~0').replace(/\//g, '~1')}`,
        onKey: true,
        message: `Unexpected field \`${field}\` in ${at}, expected one of ${orList(allowed)}${hint ? `.${hint}` : ''}`,
      };
    }
    case 'type':
      return { pointer: e.instancePath, onKey: false, message: `Unexpected ${describeValue(e.data)} at ${at}, expected ${expected ?? `a value of type ${String(params.type).replace(',', ' or ')}`}` };
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const near = typeof e.data === 'string' ? didYouMean(e.data, allowed, 1) : [];
      return {
        pointer: e.instancePath,
        onKey: false,
        message: `Unexpected ${describeValue(e.data)} at ${at}, expected ${orList(allowed)}.${near.length ? ` Did you mean \`${near[0]}\`?` : ''}`.replace(/\.$/, ''),
      };
    }
    case 'const':
      return { pointer: e.instancePath, onKey: false, message: `Unexpected ${describeValue(e.data)} at ${at}, expected ${JSON.stringify(params.allowedValue)}` };
    case 'pattern':
    case 'format':
      return { pointer: e.instancePath, onKey: false, message: `Unexpected ${describeValue(e.data)} at ${at}, expected ${expected ?? (e.keyword === 'format' ? `a ${String(params.format)}` : `a string matching ${String(params.pattern)}`)}` };
    case 'minItems':
      return { pointer: e.instancePath, onKey: false, message: `Unexpected ${describeValue(e.data)} at ${at}, expected at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}` };
    case 'maxItems':
      return { pointer: e.instancePath, onKey: false, message: `Unexpected ${describeValue(e.data)} at ${at}, expected at most ${String(params.limit)} items` };
    case 'minLength':
      return { pointer: e.instancePath, onKey: false, message: `Unexpected ${describeValue(e.data)} at ${at}, expected ${expected ?? `at least ${String(params.limit)} character${params.limit === 1 ? '' : 's'}`}` };
    case 'maxLength':
      return { pointer: e.instancePath, onKey: false, message: `Unexpected string of ${String(e.data).length} characters at ${at}, expected at most ${String(params.limit)}` };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { pointer: e.instancePath, onKey: false, message: `Unexpected ${describeValue(e.data)} at ${at}, expected a number ${String(params.comparison)} ${String(params.limit)}` };
    case 'uniqueItems':
      return { pointer: e.instancePath, onKey: false, message: `Unexpected duplicate items ${String(params.j)} and ${String(params.i)} at ${at}, expected unique items` };
    default:
      return { pointer: e.instancePath, onKey: false, message: `Unexpected ${describeValue(e.data)} at ${at}, expected ${expected ?? `a value that ${e.message ?? 'matches the schema'}`}` };
  }
}

/** Short description of a value for messages: `"abc"`, number 3, an array of 2 items. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length} item${value.length === 1 ? '' : 's'}`;
  switch (typeof value) {
    case 'string': {
      const s = value.length > 40 ? `${value.slice(0, 40)}…` : value;
      return `value ${JSON.stringify(s)}`;
    }
    case 'number':
      return `number ${value}`;
    case 'boolean':
      return `boolean ${value}`;
    case 'object':
      return 'object';
    default:
      return 'value';
  }
}
