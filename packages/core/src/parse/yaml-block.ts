/**
 * YAML embedded in a larger file (frontmatter, example blocks): parse it once
 * and map value and key paths back to ranges of the enclosing file.
 */
import { isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import type { LineIndex, Range } from '../position.js';
import type { SyntaxProblem } from '../model.js';

/** Parsed YAML with path lookups in the enclosing file's coordinates. */
export interface YamlBlock {
  data: unknown;
  errors: SyntaxProblem[];
  rangeOf(path: readonly (string | number)[]): Range | undefined;
  keyRangeOf(path: readonly (string | number)[]): Range | undefined;
}

// Bounds hostile input: aliases that expand exponentially ("billion laughs").
const MAX_ALIAS_COUNT = 50;

/** Parses `source`, which starts at `baseOffset` of the text indexed by `lines`. */
export function parseYamlBlock(source: string, baseOffset: number, lines: LineIndex): YamlBlock {
  const errors: SyntaxProblem[] = [];
  let doc: Document | undefined;
  try {
    doc = parseDocument(source, { prettyErrors: false, uniqueKeys: true, strict: true });
  } catch (error) {
    errors.push({ message: `YAML could not be parsed: ${String(error)}`, range: lines.range(baseOffset, baseOffset + source.length) });
  }
  const toRange = (start: number, end: number): Range => lines.range(baseOffset + start, baseOffset + end);
  let data: unknown;
  if (doc) {
    for (const e of doc.errors) {
      const [start, end] = e.pos;
      errors.push({ message: cleanYamlMessage(e.message), range: toRange(start, Math.max(end, start)) });
    }
    if (errors.length === 0) {
      try {
        data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      } catch (error) {
        errors.push({ message: cleanYamlMessage(error instanceof Error ? error.message : String(error)), range: toRange(0, source.length) });
      }
    }
  }
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

/** yaml's messages end with "at line X, column Y" of the block; the range says where. */
function cleanYamlMessage(message: string): string {
  return message.replace(/\s+at line \d+, column \d+:?[\s\S]*$/, '').trim();
}
