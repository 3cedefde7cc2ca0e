/**
 * A fast reader for the plain YAML that example blocks and frontmatter are
 * almost always written in: a block mapping of simple keys whose values are
 * one-line plain or quoted scalars, one-line flow sequences of scalars, `|`
 * block scalars, nested block mappings (`answers:`) and block sequences of
 * scalars or of small mappings (span answers, acknowledgements).
 *
 * Why: `yaml` builds a full document (tokens, CST, nodes) for every example
 * block, and a guideline has one per label or two; in a short `rubric lint`
 * run that library was the largest single cost. This reader produces the
 * same values and the same node ranges as `yaml`'s parseDocument + toJS with
 * the options yaml-block.ts uses (YAML 1.2 core schema, unique keys, strict),
 * or gives up: anything outside the subset (comments, anchors, tags, flow
 * mappings, multi-line plain or quoted scalars, folded scalars, indentation
 * indicators, tabs, trailing spaces, CR line ends, duplicate keys, unusual
 * numbers) returns undefined and the caller parses with `yaml`, which also
 * reports every error. test/yaml-fast.test.ts holds the two to the same
 * values and ranges, for every path, on generated blocks and on every block
 * of the repository's and the benchmark's guidelines.
 */

/** [start, value end, node end] offsets in the source, as `yaml` gives a node's `range`. */
export type FastRange = [number, number, number];

/** A node of the subset. */
export type FastNode =
  | { kind: 'map'; range: FastRange; pairs: FastPair[] }
  | { kind: 'seq'; range: FastRange; items: FastNode[] }
  | { kind: 'scalar'; range: FastRange; value: unknown };

/** A key (always a plain string) and its value. */
export interface FastPair {
  key: string;
  keyRange: FastRange;
  value: FastNode;
}

/** Thrown inside the reader when the source leaves the subset; caught at the top. */
class OutsideSubset extends Error {}

// A simple key: what example blocks and frontmatter use (question ids, `text`, `why`, `owners`...).
const KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
// Plain scalars that `yaml`'s core schema reads as something other than a string (or that need care).
const NULLS = new Set(['~', 'null', 'Null', 'NULL']);
const TRUES = new Set(['true', 'True', 'TRUE']);
const FALSES = new Set(['false', 'False', 'FALSE']);
const DECIMAL_INT = /^(?:0|-?[1-9][0-9]*)$/;
const DECIMAL_FLOAT = /^-?(?:0|[1-9][0-9]*)\.[0-9]+$/;
// The other plain scalars the core schema reads as numbers (yaml 2: intOct, int, intHex, floatNaN,
// floatExp, float): left to `yaml`. Anything else is a string (a date, a version like 2.0.0).
const CORE_NUMBER = [/^0o[0-7]+$/, /^[-+]?[0-9]+$/, /^0x[0-9a-fA-F]+$/, /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/, /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/];
// A plain scalar may not start with an indicator character (YAML 1.2, 7.3.3).
const INDICATOR = /^[-?:,[\]{}#&*!|>'"%@`]/;

/** Reads `source` when it lies in the subset; undefined otherwise. Never throws. */
export function readFastYaml(source: string): FastNode | undefined {
  if (source.includes('\r') || source.includes('\t') || source.includes('#') || source.length === 0) return undefined;
  try {
    const lines = splitLines(source);
    const reader = new Reader(source, lines);
    const root = reader.mapping(0, 0);
    if (reader.line < lines.length) return undefined;
    return root;
  } catch (error) {
    if (error instanceof OutsideSubset) return undefined;
    // A bug in the reader must never break parsing: `yaml` reads the block instead.
    return undefined;
  }
}

/** The value of a node as `yaml`'s toJS gives it. */
export function fastToJs(node: FastNode): unknown {
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map(fastToJs);
  const out: Record<string, unknown> = {};
  for (const p of node.pairs) out[p.key] = fastToJs(p.value);
  return out;
}

interface Line {
  /** Offset of the line's first character. */
  start: number;
  /** Offset just past its last character (before the line break). */
  end: number;
  indent: number;
  /** True when the line holds only spaces. */
  blank: boolean;
}

function splitLines(source: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  while (start < source.length) {
    let end = source.indexOf('\n', start);
    if (end < 0) end = source.length;
    let indent = 0;
    while (start + indent < end && source.charCodeAt(start + indent) === 32) indent++;
    const blank = start + indent === end;
    // Trailing spaces change ranges in ways the reader does not follow.
    if (!blank && source.charCodeAt(end - 1) === 32) throw new OutsideSubset();
    out.push({ start, end, indent, blank });
    start = end + 1;
  }
  return out;
}

const outside = (): never => {
  throw new OutsideSubset();
};

class Reader {
  line = 0;

  constructor(
    private readonly source: string,
    private readonly lines: Line[],
  ) {}

  /** Skips blank lines. */
  private skipBlank(): void {
    while (this.line < this.lines.length && (this.lines[this.line] as Line).blank) this.line++;
  }

  /** The offset just past a value ending at `end`: its line break included when one follows. */
  private nodeEnd(end: number): number {
    return this.source.charCodeAt(end) === 10 ? end + 1 : end;
  }

  /** A block mapping whose keys stand at `indent`; `first` is the offset of its first key when it starts mid-line (`- key: v`). */
  mapping(indent: number, inlineStart: number | undefined): FastNode {
    const pairs: FastPair[] = [];
    const seen = new Set<string>();
    let start: number | undefined;
    let inline = inlineStart !== undefined && inlineStart > 0 ? inlineStart : undefined;
    for (;;) {
      let keyStart: number;
      let lineEnd: number;
      if (inline !== undefined) {
        keyStart = inline;
        lineEnd = (this.lines[this.line] as Line).end;
        inline = undefined;
      } else {
        this.skipBlank();
        if (this.line >= this.lines.length) break;
        const l = this.lines[this.line] as Line;
        if (l.indent < indent) break;
        if (l.indent > indent) outside();
        keyStart = l.start + l.indent;
        lineEnd = l.end;
      }
      const colon = this.source.indexOf(':', keyStart);
      if (colon < 0 || colon >= lineEnd) outside();
      const key = this.source.slice(keyStart, colon);
      if (!KEY.test(key) || key === '__proto__' || seen.has(key)) outside();
      seen.add(key);
      start ??= keyStart;
      const keyRange: FastRange = [keyStart, colon, colon];
      const after = colon + 1;
      let value: FastNode;
      if (after === lineEnd) {
        // `key:` and a nested block, or nothing (null).
        this.line++;
        value = this.nested(indent, after);
      } else {
        if (this.source.charCodeAt(after) !== 32) outside();
        const valueStart = after + 1;
        if (this.source.charCodeAt(valueStart) === 32) outside();
        value = this.inlineValue(valueStart, lineEnd, indent);
      }
      pairs.push({ key, keyRange, value });
    }
    if (start === undefined) outside();
    const end = (pairs[pairs.length - 1] as FastPair).value.range[2];
    return { kind: 'map', range: [start as number, end, end], pairs };
  }

  /** What follows `key:` at the end of a line: a more indented mapping or sequence, or null. */
  private nested(indent: number, after: number): FastNode {
    let probe = this.line;
    while (probe < this.lines.length && (this.lines[probe] as Line).blank) probe++;
    const next = this.lines[probe];
    if (!next || next.indent <= indent) {
      // Nothing below: an empty value, null, where the line ends.
      return { kind: 'scalar', range: [after, after, after], value: null };
    }
    this.line = probe;
    if (this.source.startsWith('- ', next.start + next.indent) || (this.source.charCodeAt(next.start + next.indent) === 45 && next.start + next.indent + 1 === next.end)) return this.sequence(next.indent);
    return this.mapping(next.indent, undefined);
  }

  /** A block sequence whose dashes stand at `indent`. */
  private sequence(indent: number): FastNode {
    const items: FastNode[] = [];
    let start: number | undefined;
    for (;;) {
      this.skipBlank();
      if (this.line >= this.lines.length) break;
      const l = this.lines[this.line] as Line;
      if (l.indent < indent) break;
      if (l.indent > indent) outside();
      const dash = l.start + l.indent;
      if (this.source.charCodeAt(dash) !== 45 || this.source.charCodeAt(dash + 1) !== 32) outside();
      start ??= dash;
      const itemStart = dash + 2;
      if (this.source.charCodeAt(itemStart) === 32 || itemStart >= l.end) outside();
      // `- key: value` starts a mapping whose further keys line up with its first.
      const colon = this.source.indexOf(': ', itemStart);
      const isMap = colon > 0 && colon < l.end && KEY.test(this.source.slice(itemStart, colon)) && !/^["'[]/.test(this.source.slice(itemStart, itemStart + 1));
      if (isMap) items.push(this.mapping(indent + 2, itemStart));
      else items.push(this.inlineValue(itemStart, l.end, indent));
    }
    if (start === undefined) outside();
    const end = (items[items.length - 1] as FastNode).range[2];
    return { kind: 'seq', range: [start as number, end, end], items };
  }

  /** A value that starts on the current line at `from` (the line ends at `to`); moves past what it reads. */
  private inlineValue(from: number, to: number, parentIndent: number): FastNode {
    const c = this.source.charCodeAt(from);
    if (c === 124 /* | */) return this.blockScalar(from, to, parentIndent);
    this.line++;
    if (c === 34 /* " */) return this.doubleQuoted(from, to);
    if (c === 39 /* ' */) return this.singleQuoted(from, to);
    if (c === 91 /* [ */) return this.flowSequence(from, to);
    return this.plain(from, to);
  }

  private plain(from: number, to: number): FastNode {
    const text = this.source.slice(from, to);
    return { kind: 'scalar', range: [from, to, this.nodeEnd(to)], value: plainValue(text) };
  }

  private doubleQuoted(from: number, to: number): FastNode {
    if (to - from < 2 || this.source.charCodeAt(to - 1) !== 34) outside();
    return { kind: 'scalar', range: [from, to, this.nodeEnd(to)], value: unescapeDouble(this.source.slice(from + 1, to - 1)) };
  }

  private singleQuoted(from: number, to: number): FastNode {
    if (to - from < 2 || this.source.charCodeAt(to - 1) !== 39) outside();
    const inner = this.source.slice(from + 1, to - 1);
    // Inside, a quote is written twice; a lone one would end the scalar early.
    if (inner.replace(/''/g, '').includes("'")) outside();
    return { kind: 'scalar', range: [from, to, this.nodeEnd(to)], value: inner.replace(/''/g, "'") };
  }

  /** `[a, "b", c]` on one line: plain or quoted scalars only. */
  private flowSequence(from: number, to: number): FastNode {
    if (this.source.charCodeAt(to - 1) !== 93 /* ] */) outside();
    const items: FastNode[] = [];
    let i = from + 1;
    const skipSpaces = (): void => {
      while (i < to - 1 && this.source.charCodeAt(i) === 32) i++;
    };
    skipSpaces();
    if (i === to - 1) return { kind: 'seq', range: [from, to, this.nodeEnd(to)], items };
    for (;;) {
      skipSpaces();
      const c = this.source.charCodeAt(i);
      let end: number;
      let value: unknown;
      if (c === 34 || c === 39) {
        const close = this.source.indexOf(String.fromCharCode(c), i + 1);
        if (close < 0 || close >= to - 1) outside();
        end = close + 1;
        const inner = this.source.slice(i + 1, close);
        // Escapes and doubled quotes inside flow items: left to `yaml`.
        if (inner.includes('\\') || (c === 39 && this.source.charCodeAt(end) === 39)) outside();
        value = inner;
      } else {
        end = i;
        while (end < to - 1 && this.source.charCodeAt(end) !== 44 /* , */) end++;
        // A plain item ends before the spaces that precede `,` or `]`.
        while (end > i && this.source.charCodeAt(end - 1) === 32) end--;
        const text = this.source.slice(i, end);
        if (text === '' || /[[\]{}]|: /.test(text) || text.endsWith(':')) outside();
        value = plainValue(text);
      }
      const itemStart = i;
      i = end;
      skipSpaces();
      // A flow item's node end reaches over the spaces after it, up to the `,` or `]`.
      items.push({ kind: 'scalar', range: [itemStart, end, i], value });
      const sep = this.source.charCodeAt(i);
      if (i === to - 1) break;
      if (sep !== 44) outside();
      i++;
      skipSpaces();
      // A trailing comma: `yaml` reads it its own way.
      if (i === to - 1) outside();
    }
    return { kind: 'seq', range: [from, to, this.nodeEnd(to)], items };
  }

  /** `|` or `|-`: the more indented lines below, as written, with clip or strip chomping. */
  private blockScalar(from: number, to: number, parentIndent: number): FastNode {
    const header = this.source.slice(from, to);
    if (header !== '|' && header !== '|-') outside();
    const strip = header === '|-';
    this.line++;
    const content: string[] = [];
    let contentIndent: number | undefined;
    let lastEnd: number | undefined;
    let pendingBlank = 0;
    while (this.line < this.lines.length) {
      const l = this.lines[this.line] as Line;
      if (l.blank) {
        // A blank line more indented than the content keeps spaces in the value: not followed here.
        if (l.end - l.start > (contentIndent ?? parentIndent + 1)) outside();
        pendingBlank++;
        this.line++;
        continue;
      }
      if (l.indent <= parentIndent) break;
      contentIndent ??= l.indent;
      if (l.indent < contentIndent) outside();
      for (; pendingBlank > 0; pendingBlank--) content.push('');
      content.push(this.source.slice(l.start + contentIndent, l.end));
      lastEnd = l.end;
      this.line++;
    }
    if (lastEnd === undefined) outside();
    // Blank lines after the content belong to what follows.
    if (pendingBlank > 0) {
      this.line -= pendingBlank;
      while (this.line < this.lines.length && (this.lines[this.line] as Line).blank) this.line++;
    }
    const end = this.nodeEnd(lastEnd as number);
    const text = content.join('\n');
    return { kind: 'scalar', range: [from, end, end], value: strip ? text : `${text}\n` };
  }
}

/** A one-line plain scalar's value under the YAML 1.2 core schema; outside the subset when it needs more care. */
function plainValue(text: string): unknown {
  if (INDICATOR.test(text) || text.includes(': ') || text.endsWith(':') || text.includes(' #')) outside();
  if (NULLS.has(text)) return null;
  if (TRUES.has(text)) return true;
  if (FALSES.has(text)) return false;
  if (DECIMAL_INT.test(text)) {
    const n = Number(text);
    // Beyond safe integers `yaml` may round differently: let it.
    if (!Number.isSafeInteger(n)) outside();
    return n;
  }
  if (DECIMAL_FLOAT.test(text) && text.length < 16) return Number(text);
  if (CORE_NUMBER.some((re) => re.test(text))) outside();
  return text;
}

const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t', r: '\r', '0': '\0' };

/** The content of a one-line double-quoted scalar with the common escapes; outside the subset for any other. */
function unescapeDouble(inner: string): string {
  if (!inner.includes('\\')) {
    if (inner.includes('"')) outside();
    return inner;
  }
  let out = '';
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i] as string;
    if (ch === '"') outside();
    if (ch !== '\\') {
      out += ch;
      continue;
    }
    const next = inner[i + 1];
    if (next === undefined) outside();
    const simple = SIMPLE_ESCAPES[next as string];
    if (simple !== undefined) {
      out += simple;
      i++;
      continue;
    }
    if (next === 'u' && /^[0-9A-Fa-f]{4}$/.test(inner.slice(i + 2, i + 6))) {
      const code = Number.parseInt(inner.slice(i + 2, i + 6), 16);
      // Surrogates: left to `yaml`.
      if (code >= 0xd800 && code <= 0xdfff) outside();
      out += String.fromCharCode(code);
      i += 5;
      continue;
    }
    outside();
  }
  return out;
}
