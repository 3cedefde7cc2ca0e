/**
 * YAML embedded in a larger file (frontmatter, example blocks): parse it once
 * and map value and key paths back to ranges of the enclosing file.
 *
 * Parsed documents are cached by their source text: re-parsing a guideline
 * after an edit (the language server) or the next version of a set (the
 * registry) meets the same example blocks again, and parsing them was a fifth
 * of parsing a guideline. Only yaml's document is shared; `data` is built
 * afresh from it for every caller, so nobody sees another caller's changes.
 */
import { createRequire } from 'node:module';
import type { Document, Node } from 'yaml';
import type { LineIndex, Range } from '../position.js';
import type { SyntaxProblem } from '../model.js';
import { fastToJs, readFastYaml, type FastNode } from './yaml-fast.js';

/** Parsed YAML with path lookups in the enclosing file's coordinates. */
export interface YamlBlock {
  data: unknown;
  errors: SyntaxProblem[];
  rangeOf(path: readonly (string | number)[]): Range | undefined;
  keyRangeOf(path: readonly (string | number)[]): Range | undefined;
}

/**
 * The `yaml` library, loaded on first use: the fast reader (yaml-fast.ts) reads nearly every block,
 * so a short lint run or an editor's start usually never needs it (a literal require, so bundles
 * still carry it).
 */
export function yamlLib(): typeof import('yaml') {
  const esmRequire = typeof require === 'function' ? undefined : createRequire(import.meta.url);
  return (esmRequire ? esmRequire('yaml') : require('yaml')) as typeof import('yaml');
}

/** How `yaml` reads embedded blocks (the fast reader gives the same results in its subset). */
export const YAML_OPTIONS = { prettyErrors: false, uniqueKeys: true, strict: true } as const;

// Bounds hostile input: aliases that expand exponentially ("billion laughs").
const MAX_ALIAS_COUNT = 50;

/**
 * A parsed source, independent of where it stands: offsets relative to the source. Read by the
 * fast reader (yaml-fast.ts) when the source is in its subset, else by `yaml`.
 */
interface ParsedYaml {
  fast?: FastNode;
  doc: Document | undefined;
  problems: { message: string; start: number; end: number }[];
}

/** Sources of at most this many characters in all stay cached (a parsed document takes some tens of bytes a character). */
const MAX_CACHED_CHARS = 1024 * 1024;
// Each entry holds its own key (a flat copy): a hit moves the entry under that key, never under the
// caller's string, which is usually a slice of a whole guideline the cache would then keep alive.
const cache = new Map<string, { key: string; parsed: ParsedYaml }>();
let cachedChars = 0;
let caching = true;

/** Turns the cache on or off (off: for batches that read each block once). */
export function setYamlCaching(enabled: boolean): void {
  caching = enabled;
  if (!enabled) clearYamlCache();
}

function parseSource(source: string): ParsedYaml {
  const hit = caching ? cache.get(source) : undefined;
  if (hit) {
    // Most recently used last: eviction takes from the front.
    cache.delete(hit.key);
    cache.set(hit.key, hit);
    return hit.parsed;
  }
  const fast = readFastYaml(source);
  const parsed: ParsedYaml = fast ? { fast, doc: undefined, problems: [] } : { doc: undefined, problems: [] };
  if (!fast) {
    try {
      parsed.doc = yamlLib().parseDocument(source, YAML_OPTIONS);
      for (const e of parsed.doc.errors) parsed.problems.push({ message: cleanYamlMessage(e.message), start: e.pos[0], end: Math.max(e.pos[1], e.pos[0]) });
    } catch (error) {
      parsed.problems.push({ message: `YAML could not be parsed: ${String(error)}`, start: 0, end: source.length });
    }
  }
  if (!caching) return parsed;
  // `source` is usually a slice of the whole guideline, which a key would keep alive: keep a flat copy.
  const key = JSON.parse(JSON.stringify(source)) as string;
  cache.set(key, { key, parsed });
  cachedChars += key.length;
  for (const [oldKey] of cache) {
    if (cachedChars <= MAX_CACHED_CHARS) break;
    cache.delete(oldKey);
    cachedChars -= oldKey.length;
  }
  return parsed;
}

/** Drops every cached YAML document (tests, memory pressure). */
export function clearYamlCache(): void {
  cache.clear();
  cachedChars = 0;
}

/** Parses `source`, which starts at `baseOffset` of the text indexed by `lines`. */
export function parseYamlBlock(source: string, baseOffset: number, lines: LineIndex): YamlBlock {
  const { fast, doc, problems } = parseSource(source);
  const toRange = (start: number, end: number): Range => lines.range(baseOffset + start, baseOffset + end);
  if (fast) return fastBlock(fast, toRange);
  const errors: SyntaxProblem[] = problems.map((p) => ({ message: p.message, range: toRange(p.start, p.end) }));
  let data: unknown;
  if (doc) {
    if (errors.length === 0) {
      try {
        data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      } catch (error) {
        errors.push({ message: cleanYamlMessage(error instanceof Error ? error.message : String(error)), range: toRange(0, source.length) });
      }
    }
  }
  const { isMap, isPair, isScalar, isSeq } = yamlLib();
  const find = (path: readonly (string | number)[]): { node?: Node; key?: Node } | undefined => {
    if (!doc) return undefined;
    let node: unknown = doc.contents;
    let key: Node | undefined;
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
        if (!pair) return undefined;
        key = pair.key as Node;
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        node = node.items[segment];
        key = undefined;
        if (node === undefined) return undefined;
      } else return undefined;
    }
    return { node: (node ?? undefined) as Node | undefined, key };
  };
  const nodeRange = (node: Node | undefined): Range | undefined =>
    node?.range ? toRange(node.range[0], node.range[1]) : undefined;
  return {
    data,
    errors,
    rangeOf(path) {
      const found = find(path);
      if (!found) return undefined;
      // A key with an empty value: point at the key.
      return nodeRange(found.node) ?? nodeRange(found.key);
    },
    keyRangeOf(path) {
      const found = find(path);
      return found ? nodeRange(found.key) : undefined;
    },
  };
}

/** A block the fast reader read: the same data and ranges `yaml` would give. */
function fastBlock(root: FastNode, toRange: (start: number, end: number) => Range): YamlBlock {
  const find = (path: readonly (string | number)[]): { node?: FastNode; key?: [number, number] } | undefined => {
    let node: FastNode = root;
    let key: [number, number] | undefined;
    for (const segment of path) {
      if (node.kind === 'map') {
        const pair = node.pairs.find((p) => p.key === String(segment));
        if (!pair) return undefined;
        key = [pair.keyRange[0], pair.keyRange[1]];
        node = pair.value;
      } else if (node.kind === 'seq' && typeof segment === 'number') {
        const item = node.items[segment];
        if (item === undefined) return undefined;
        key = undefined;
        node = item;
      } else return undefined;
    }
    return { node, ...(key ? { key } : {}) };
  };
  return {
    data: fastToJs(root),
    errors: [],
    rangeOf(path) {
      const found = find(path);
      return found?.node ? toRange(found.node.range[0], found.node.range[1]) : undefined;
    },
    keyRangeOf(path) {
      const key = find(path)?.key;
      return key ? toRange(key[0], key[1]) : undefined;
    },
  };
}

/** yaml's messages end with "at line X, column Y" of the block; the range says where. */
function cleanYamlMessage(message: string): string {
  return message.replace(/\s+at line \d+, column \d+:?[\s\S]*$/, '').trim();
}
