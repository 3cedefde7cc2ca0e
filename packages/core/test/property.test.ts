/**
 * Property tests: thousands of random and mutated guideline sets. The linter
 * must never throw, never report an internal error, and every finding (and
 * fix edit, and related location) must have a range that lies inside its file
 * with line/column agreeing with the offset.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineIndex, createMemoryHost, lintSet, loadSet, resolveConfig, rules, type Range } from '../src/index.js';
import { baseFiles } from './support/rule-tester.js';

const { config } = resolveConfig(undefined, rules);

function checkRange(files: Record<string, string>, file: string, range: Range): void {
  const text = files[file];
  if (text === undefined) return; // a file that could not be read: findings point at 1:1
  expect(range.start.offset).toBeGreaterThanOrEqual(0);
  expect(range.end.offset).toBeGreaterThanOrEqual(range.start.offset);
  expect(range.end.offset).toBeLessThanOrEqual(text.length);
  const lines = new LineIndex(text);
  expect(lines.position(range.start.offset)).toEqual(range.start);
  expect(lines.position(range.end.offset)).toEqual(range.end);
}

function lintFiles(guideline: string, schema: string): void {
  const files = { '/s/guideline.md': guideline, '/s/schema.json': schema };
  const host = createMemoryHost(files);
  const findings = lintSet(loadSet('/s', host), rules, config, host);
  for (const f of findings) {
    expect(f.ruleId, f.message).not.toBe('internal-error');
    checkRange(files, f.file, f.range);
    for (const r of f.related ?? []) checkRange(files, r.file, r.range);
    for (const fix of [...(f.fix ? [f.fix] : []), ...(f.suggestions ?? [])]) for (const e of fix.edits) checkRange(files, e.file, e.range);
  }
}

const realGuideline = (() => {
  try {
    return readFileSync(new URL('../../../guidelines/hate-speech/guideline.md', import.meta.url), 'utf8');
  } catch {
    return baseFiles['guideline.md'] as string;
  }
})();

// Pieces that stress the parsers: fences, frontmatter fences, YAML and JSON syntax, bidi and zero-width characters.
const nasty = fc.constantFrom('```', '```example\n', '---\n', '`', '`hate.x`', ': ', '- ', '{', '}', '[', ']', '"', '\n', '\r\n', '\t', '\u202e', '\u200b', '\ufeff', '&', '*a', '!!js/function', '#', '### `abuse.insult` X\n', 'answers:\n  verdict: ', '\ud83d', 'é', '\u0000');

const mutation = (text: string) =>
  fc.oneof(
    fc.record({ at: fc.nat(text.length), len: fc.nat(40) }).map(({ at, len }) => text.slice(0, at) + text.slice(at + len)),
    fc.record({ at: fc.nat(text.length), piece: fc.oneof(nasty, fc.string({ maxLength: 20 })) }).map(({ at, piece }) => text.slice(0, at) + piece + text.slice(at)),
    fc.record({ at: fc.nat(text.length), len: fc.nat(200) }).map(({ at, len }) => text.slice(0, at) + text.slice(at, at + len) + text.slice(at)),
  );

const mutated = (text: string) =>
  fc.array(fc.nat(), { minLength: 1, maxLength: 4 }).chain((seeds) => {
    let arb: fc.Arbitrary<string> = fc.constant(text);
    for (const _ of seeds) arb = arb.chain((t) => mutation(t));
    return arb;
  });

describe('the linter on random input', () => {
  it('never throws on mutated guidelines and schemas; every range is inside its file', () => {
    fc.assert(
      fc.property(mutated(baseFiles['guideline.md'] as string), mutated(baseFiles['schema.json'] as string), (g, s) => lintFiles(g, s)),
      { numRuns: 1500, seed: 20261125 },
    );
  });
  it('never throws on a mutated real guideline', () => {
    fc.assert(fc.property(mutated(realGuideline), (g) => lintFiles(g, baseFiles['schema.json'] as string)), { numRuns: 200, seed: 7 });
  });
  it('never throws on random text', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(nasty, fc.string({ maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 10 })), { maxLength: 60 }).map((a) => a.join('')), fc.json(), (g, s) => lintFiles(g, s)),
      { numRuns: 1500, seed: 42 },
    );
  });
});
