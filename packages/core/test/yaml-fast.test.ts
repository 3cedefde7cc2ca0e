/**
 * The fast YAML reader (src/parse/yaml-fast.ts) must give exactly what `yaml`
 * gives, or give up: the same value, and the same range for every node and
 * key at every path, on every example block and frontmatter of the
 * repository's guidelines, the rule docs' base set and the benchmark corpus
 * (when generated), and on thousands of generated blocks, mutated too. When
 * `yaml` reports any error, the fast reader must have given up.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMap, isPair, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { fastToJs, readFastYaml, type FastNode } from '../src/parse/yaml-fast.js';
import { YAML_OPTIONS } from '../src/parse/yaml-block.js';
import { parseGuideline } from '../src/index.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Every node of `yaml`'s document: path, node range [start, valueEnd] and key range. */
function yamlNodes(node: unknown, path: (string | number)[] = [], key?: Node): { path: string; range?: [number, number]; key?: [number, number] }[] {
  const here = { path: JSON.stringify(path), ...(isNodeWithRange(node) ? { range: [node.range[0], node.range[1]] as [number, number] } : {}), ...(key?.range ? { key: [key.range[0], key.range[1]] as [number, number] } : {}) };
  const out = [here];
  if (isMap(node)) for (const p of node.items) if (isPair(p) && isScalar(p.key)) out.push(...yamlNodes(p.value, [...path, String(p.key.value)], p.key as Node));
  if (isSeq(node)) node.items.forEach((item, i) => out.push(...yamlNodes(item, [...path, i])));
  return out;
}

function isNodeWithRange(node: unknown): node is { range: [number, number, number] } {
  return typeof node === 'object' && node !== null && Array.isArray((node as { range?: unknown }).range);
}

/** The same list from the fast reader's tree. */
function fastNodes(node: FastNode, path: (string | number)[] = [], key?: [number, number]): { path: string; range?: [number, number]; key?: [number, number] }[] {
  const out: { path: string; range?: [number, number]; key?: [number, number] }[] = [{ path: JSON.stringify(path), range: [node.range[0], node.range[1]] as [number, number], ...(key ? { key } : {}) }];
  if (node.kind === 'map') for (const p of node.pairs) out.push(...fastNodes(p.value, [...path, p.key], [p.keyRange[0], p.keyRange[1]]));
  if (node.kind === 'seq') node.items.forEach((item, i) => out.push(...fastNodes(item, [...path, i])));
  return out;
}

/** Checks one source; returns whether the fast reader took it. */
function agree(source: string): boolean {
  const fast = readFastYaml(source);
  const doc = parseDocument(source, YAML_OPTIONS);
  if (doc.errors.length > 0 || doc.warnings.length > 0) {
    expect(fast, `fast reader took a block yaml rejects: ${JSON.stringify(source)}`).toBeUndefined();
    return false;
  }
  if (!fast) return false;
  expect(fastToJs(fast), JSON.stringify(source)).toEqual(doc.toJS());
  expect(fastNodes(fast), JSON.stringify(source)).toEqual(yamlNodes(doc.contents));
  return true;
}

/** The YAML blocks (frontmatter and examples) of every guideline.md under a folder. */
function blocksUnder(dir: string, limit = Infinity): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      if (out.length >= limit) return;
      const p = join(d, name);
      if (name === 'node_modules' || name.startsWith('.git')) continue;
      if (statSync(p).isDirectory()) walk(p);
      else if (name === 'guideline.md') {
        const text = readFileSync(p, 'utf8');
        const doc = parseGuideline(p, text);
        const slice = (r: { start: { offset: number }; end: { offset: number } }): string => text.slice(r.start.offset, r.end.offset);
        for (const e of doc.examples) out.push(slice(e.contentRange));
        const fm = doc.frontmatter?.range;
        if (fm) out.push(text.slice(text.indexOf('\n', fm.start.offset) + 1, text.lastIndexOf('\n', fm.end.offset - 2) + 1));
      }
    }
  };
  walk(dir);
  return out;
}

describe('the fast YAML reader agrees with yaml', () => {
  it('on every block of guidelines/ and the rule docs, and reads nearly all of them', () => {
    const blocks = [...blocksUnder(join(ROOT, 'guidelines')), ...blocksUnder(join(ROOT, 'docs', 'rules'))];
    const taken = blocks.filter(agree).length;
    expect(blocks.length).toBeGreaterThan(100);
    // The point of the reader: the common case takes the fast path.
    expect(taken / blocks.length).toBeGreaterThan(0.9);
  });

  it('on the benchmark corpus, when generated', () => {
    const corpus = join(ROOT, 'bench', '.corpus');
    if (!existsSync(corpus)) {
      console.warn('yaml-fast: bench/.corpus is absent (generate it with `npm run corpus -w @rubric/bench`); corpus blocks skipped');
      return;
    }
    const blocks = blocksUnder(corpus, 3_000);
    const taken = blocks.filter(agree).length;
    expect(taken / blocks.length).toBeGreaterThan(0.95);
  });

  // Blocks built from the subset's pieces, and pieces just outside it.
  const word = fc.constantFrom('none', 'hate.slur', 'a:b', 'x y z', 'He said "hi"', "it's", '2026-03-01', '2.0.0', '3', '-3', '007', '1.5', '1e3', '.5', '0x1F', 'true', 'False', 'null', '~', 'yes', '-', '- x', '@me', '`code`', 'é', '👍', 'a: b', 'c:', '[x]', '{y}', '*ref', '!tag');
  const plainish = word.map((w) => w);
  const quoted = fc.oneof(
    word.map((w) => JSON.stringify(w)),
    word.map((w) => `'${w.replace(/'/g, "''")}'`),
    fc.constantFrom('"a\\tb"', '"\\u00e9\\n"', '"\\x41"', '"\\ud83d"', '"tab\\\\"', "'it''s'", '"open', "'open", '""', "''"),
  );
  const flow = fc.array(fc.oneof(plainish, quoted), { maxLength: 4 }).chain((items) => fc.constantFrom(`[${items.join(', ')}]`, `[ ${items.join(' , ')} ]`, `[${items.join(',')}]`, `[${items.join(', ')},]`));
  const scalar = fc.oneof(plainish, quoted, flow);
  const key = fc.constantFrom('id', 'kind', 'text', 'why', 'answers', 'verdict', 'target', 'note', 'a_b', 'x-y', 'Key', '__proto__', 'bad key', '"q"');
  const blockScalar = (indent: string) =>
    fc.tuple(fc.constantFrom('|', '|-', '|+', '>', '|2'), fc.array(fc.oneof(word, fc.constant(''), fc.constant('  deeper')), { minLength: 1, maxLength: 4 }), fc.boolean()).map(([head, lines, trailingBlank]) => `${head}\n${lines.map((l) => (l === '' ? '' : `${indent}  ${l}`)).join('\n')}${trailingBlank ? '\n' : ''}`);
  const entry = (indent: string, depth: number): fc.Arbitrary<string> =>
    fc.tuple(key, depth > 0 ? fc.oneof({ weight: 4, arbitrary: scalar.map((v) => ` ${v}`) }, { weight: 1, arbitrary: blockScalar(indent).map((b) => ` ${b}`) }, { weight: 1, arbitrary: nested(indent, depth - 1) }, { weight: 1, arbitrary: fc.constant('') }) : scalar.map((v) => ` ${v}`)).map(([k, v]) => `${indent}${k}:${v}`);
  const nested = (indent: string, depth: number): fc.Arbitrary<string> =>
    fc.oneof(
      fc.array(entry(`${indent}  `, depth), { minLength: 1, maxLength: 3 }).map((es) => `\n${es.join('\n')}`),
      fc.array(fc.oneof(scalar.map((v) => `${indent}  - ${v}`), fc.tuple(key, scalar, key, scalar).map(([k1, v1, k2, v2]) => `${indent}  - ${k1}: ${v1}\n${indent}    ${k2}: ${v2}`)), { minLength: 1, maxLength: 3 }).map((items) => `\n${items.join('\n')}`),
    );
  const block = fc.tuple(fc.array(entry('', 2), { minLength: 1, maxLength: 6 }), fc.boolean()).map(([es, nl]) => `${es.join('\n')}${nl ? '\n' : ''}`);

  it('on generated blocks (property test)', () => {
    let taken = 0;
    fc.assert(
      fc.property(block, (source) => {
        if (agree(source)) taken++;
      }),
      { numRuns: 4000, seed: 20261207 },
    );
    // The generator must reach the fast path often, or the test proves little.
    expect(taken).toBeGreaterThan(400);
  });

  it('on mutated blocks (property test)', () => {
    const nasty = fc.constantFrom(' ', '  ', '\t', '#', ' #c', ':', '- ', '"', "'", '\n', '\r\n', '[', ']', ',', '|', '&a ', '*a', '!!str ', '\\', '\u00a0');
    const mutated = fc.tuple(block, fc.nat(), fc.oneof(nasty, fc.string({ maxLength: 3 })), fc.nat(3)).map(([src, at, piece, cut]) => {
      const i = at % (src.length + 1);
      return src.slice(0, i) + piece + src.slice(i + cut);
    });
    fc.assert(fc.property(mutated, (source) => void agree(source)), { numRuns: 4000, seed: 7 });
  });
});
