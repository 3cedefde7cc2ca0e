/**
 * The build precompiles the meta-schema validator (scripts/precompile-validators.mjs)
 * so a language server start does not spend ~110 ms compiling it. The
 * precompiled one must give exactly what compiling at run time gives: same
 * verdicts, same errors, on the repo's schemas and on mutated ones.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import { loadShippedSchema, sharedAjv } from '../src/lint/json-schema.js';
import { configSchema } from '../src/lint/config.js';
import { rules } from '../src/rules/index.js';
import { guidelineMetaSchema } from '../src/rules/schema-valid.js';

const FILE = fileURLToPath(new URL('../dist/lint/validators/guideline-schema.schema.cjs', import.meta.url));
const GUIDELINES = fileURLToPath(new URL('../../../guidelines/', import.meta.url));

describe('the precompiled meta-schema validator', () => {
  // Tests run after the build (turbo: test depends on build), so the file is there.
  const precompiled = createRequire(import.meta.url)(FILE) as ValidateFunction;
  const compiled = sharedAjv().compile(guidelineMetaSchema);
  const same = (data: unknown): void => {
    const a = precompiled(data);
    const b = compiled(data);
    expect(a).toBe(b);
    // Errors carry the schema objects (verbose): compare what people see of them.
    const shown = (errors: typeof compiled.errors) => (errors ?? []).map((e) => ({ ...e, schema: JSON.stringify(e.schema), parentSchema: undefined }));
    expect(shown(precompiled.errors)).toEqual(shown(compiled.errors));
  };

  it('is built', () => {
    expect(existsSync(FILE)).toBe(true);
  });

  it('agrees on the repository schemas', () => {
    for (const name of readdirSync(GUIDELINES)) same(JSON.parse(readFileSync(`${GUIDELINES}${name}/schema.json`, 'utf8')));
  });

  it('agrees on mutated schemas (property test)', () => {
    const base = JSON.parse(readFileSync(`${GUIDELINES}hate-speech/schema.json`, 'utf8')) as Record<string, unknown>;
    const value = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }), fc.constant({}));
    const mutated = fc.tuple(fc.constantFrom('id', 'version', 'title', 'questions', 'extra'), fc.nat(3), fc.constantFrom('id', 'type', 'prompt', 'required', 'when', 'options', 'min', 'maxLength', 'bogus'), value).map(([top, qi, key, v]) => {
      const copy = JSON.parse(JSON.stringify(base)) as Record<string, unknown> & { questions: Record<string, unknown>[] };
      if (top === 'questions') copy.questions[qi % copy.questions.length]![key] = v;
      else copy[top] = v;
      return copy;
    });
    fc.assert(fc.property(mutated, (s) => same(s)), { numRuns: 300, seed: 4 });
  });
});

describe('the precompiled frontmatter and config validators', () => {
  const load = (name: string): ValidateFunction => {
    const mod = createRequire(import.meta.url)(fileURLToPath(new URL(`../dist/lint/validators/${name}.cjs`, import.meta.url))) as { default?: ValidateFunction } & ValidateFunction;
    return typeof mod.default === 'function' ? mod.default : mod;
  };
  const agree = (name: string, schema: object, data: unknown): void => {
    const precompiled = load(name);
    const compiled = sharedAjv().compile(schema);
    expect(precompiled(data)).toBe(compiled(data));
    const shown = (errors: typeof compiled.errors) => (errors ?? []).map((e) => ({ ...e, schema: JSON.stringify(e.schema), parentSchema: undefined }));
    expect(shown(precompiled.errors)).toEqual(shown(compiled.errors));
  };

  it('frontmatter: same verdicts and errors, the date format included (property test)', () => {
    const schema = loadShippedSchema('guideline-frontmatter.schema.json');
    const value = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('2026-02-30', '2026-13-01', '2026-01-01', 'x'), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }), fc.constant({}));
    const fm = fc.dictionary(fc.constantFrom('id', 'title', 'version', 'status', 'schema', 'owners', 'effective', 'locale', 'acknowledgements', 'onwers'), value);
    fc.assert(fc.property(fm, (data) => agree('guideline-frontmatter.schema', schema, data)), { numRuns: 400, seed: 11 });
  });

  it('config: the shipped schema is the rules\' schema, and the validators agree (property test)', () => {
    const schema = loadShippedSchema('rubric.config.schema.json');
    expect(schema).toEqual(configSchema(rules));
    const level = fc.constantFrom('error', 'warn', 'off', 'bogus', 1);
    const setting = fc.oneof(level, fc.tuple(level, fc.dictionary(fc.constantFrom('sections', 'minPositive', 'nope'), fc.oneof(fc.integer(), fc.array(fc.string({ maxLength: 5 }), { maxLength: 2 })))));
    const config = fc.record({ rules: fc.dictionary(fc.constantFrom(...rules.map((r) => r.meta.id), 'no-such-rule'), setting), maxFileBytes: fc.oneof(fc.integer(), fc.constant('1M')) }, { requiredKeys: [] });
    fc.assert(fc.property(config, (data) => agree('rubric.config.schema', schema, data)), { numRuns: 400, seed: 12 });
  });
});
