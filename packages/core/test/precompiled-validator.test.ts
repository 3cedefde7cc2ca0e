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
import { sharedAjv } from '../src/lint/json-schema.js';
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
