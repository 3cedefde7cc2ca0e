/**
 * guideline.md -> mdast through core's `parseMarkdown`, cut into chunks at
 * top-level ATX headings so a live preview re-parses only the chunks an edit
 * touched. A full remark parse of a 5,000-line guideline costs 300-500 ms on
 * two cores; after one keystroke, one chunk of a few dozen lines is parsed
 * again and the others come from the cache.
 *
 * Chunking must give the same tree as one parse. A column-0 `#` line outside
 * the frontmatter, a fenced code block and an HTML block always starts a new
 * top-level block (ATX headings interrupt paragraphs and are never lazy
 * continuation lines), so only those lines are cut points; where the scanner
 * is unsure it does not cut. Link reference definitions and footnote
 * definitions reach across the whole document: when any chunk has one, the
 * document is parsed in one piece instead.
 *
 * Chunks missing from the cache are parsed with their neighbours, up to
 * BATCH at a time, and the tree is split at the chunk starts: each parse
 * costs about a millisecond before it reads anything, so a cold 500-chunk
 * guideline took 500 of them. A tree split off a run may end differently
 * from one parsed alone (the root's end); the document's last chunk is
 * parsed alone when its tree came from the middle of a run.
 */
import { parseMarkdown } from '@rubric/core';
import type { Root, RootContent } from 'mdast';
import type { Point, Position } from 'unist';

interface CachedChunk {
  /** The chunk's text as the cache holds it: a flat copy, not a slice that would keep the whole guideline alive. */
  key: string;
  tree: Root;
  /** Line and offset the tree's positions are currently shifted by. */
  line: number;
  offset: number;
  /** The chunk has definitions that other chunks may use. */
  global: boolean;
  /** The render that last handed out this tree, so one render never shares it twice. */
  generation: number;
  /** The root's end is where a parse of the chunk alone ends it (a chunk parsed with its neighbours may end differently). */
  exactEnd: boolean;
}

// A cached tree costs about 12 bytes of heap per character of its text: at most about 50 MB.
const MAX_CACHED_CHUNKS = 4_000;
const MAX_CACHED_CHARS = 4 * 1024 * 1024;
const cache = new Map<string, CachedChunk>();
let cachedChars = 0;
let generation = 0;
let evictionDone = -1;

const ATX_HEADING = /^#{1,6}(?:[ \t]|\r?$)/;
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;
// HTML blocks of CommonMark types 1-5 end at a marker, types 6 and 7 at a blank line.
const HTML_MARKED: [RegExp, RegExp][] = [
  [/^ {0,3}<(?:script|pre|style|textarea)(?:[\s>]|$)/i, /<\/(?:script|pre|style|textarea)>/i],
  [/^ {0,3}<!--/, /-->/],
  [/^ {0,3}<\?/, /\?>/],
  [/^ {0,3}<![A-Za-z]/, />/],
  [/^ {0,3}<!\[CDATA\[/, /\]\]>/],
];
const HTML_OTHER = /^ {0,3}<\/?[A-Za-z]/;

/** Start offsets of the chunks of `text`: 0, then every top-level ATX heading line. */
export function chunkStarts(text: string): number[] {
  const starts = [0];
  let pos = 0;
  let lineNo = 0;
  let fence: { char: string; length: number } | undefined;
  let htmlEnd: RegExp | 'blank' | undefined;
  let frontmatter = text.startsWith('---');
  if (frontmatter && !/^---[ \t]*\r?\n/.test(text)) frontmatter = false;
  let frontmatterClosed = !frontmatter;

  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl + 1;
    const line = text.slice(pos, nl < 0 ? text.length : nl).replace(/\r$/, '');
    if (line.includes('\r')) return [0]; // Old Mac line breaks: not worth the risk.
    lineNo++;
    if (frontmatter) {
      if (lineNo > 1 && /^---[ \t]*$/.test(line)) {
        frontmatter = false;
        frontmatterClosed = true;
      }
    } else if (fence) {
      const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
      if (close?.[1] && close[1][0] === fence.char && close[1].length >= fence.length) fence = undefined;
    } else {
      // Where the scanner cannot tell an HTML block from a fence, it assumes both: fewer cuts, never a wrong one.
      if (htmlEnd === undefined || htmlEnd === 'blank') {
        const open = FENCE_OPEN.exec(line);
        if (open?.[1] && !(open[1][0] === '`' && (open[2] ?? '').includes('`'))) fence = { char: open[1][0] as string, length: open[1].length };
      }
      if (htmlEnd !== undefined) {
        if (htmlEnd === 'blank' ? line.trim() === '' : htmlEnd.test(line)) htmlEnd = undefined;
      } else if (!fence) {
        const marked = HTML_MARKED.find(([start]) => start.test(line));
        // The end marker may stand on the opening line itself.
        if (marked) htmlEnd = marked[1].test(line.replace(marked[0], '')) ? undefined : marked[1];
        else if (HTML_OTHER.test(line)) htmlEnd = 'blank';
        else if (ATX_HEADING.test(line) && pos > 0) starts.push(pos);
      }
    }
    pos = end;
  }
  // An unterminated frontmatter is no frontmatter: the parser reads it as Markdown.
  return frontmatterClosed ? starts : [0];
}

/** One chunk of a chunked parse: its text, where it starts, and its top-level nodes. */
export interface TreeChunk {
  /** The chunk's text (a flat copy the cache holds, without the line break that ends it). */
  text: string;
  /** Offset of its first character in the guideline. */
  offset: number;
  /** Line breaks before it: its first line is `line + 1`. */
  line: number;
  /** Its top-level nodes, in the tree's children. */
  children: RootContent[];
}

/** A parsed guideline: the tree, and its chunks when it was parsed in chunks (undefined for one parse of the whole text). */
export interface ParsedGuideline {
  tree: Root;
  chunks?: TreeChunk[];
}

/** Parses guideline Markdown into one mdast tree, reusing cached chunk trees. Do not mutate the result. */
export function parseGuidelineTree(text: string): Root {
  return parseGuidelineChunks(text).tree;
}

/** Like parseGuidelineTree, with the chunks the tree was put together from. Do not mutate the result. */
export function parseGuidelineChunks(text: string): ParsedGuideline {
  generation++;
  const starts = chunkStarts(text);
  if (starts.length === 1) return { tree: parseMarkdown(text) };

  // Where each chunk is, and the cached ones.
  const spans: Span[] = [];
  let line = 0;
  let lastOffset = 0;
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i] as number;
    let end = i + 1 < starts.length ? (starts[i + 1] as number) : text.length;
    // A chunk ends before its last line break, as the block it closes does in the whole text.
    if (i + 1 < starts.length) end -= text.charCodeAt(end - 2) === 13 ? 2 : 1;
    line += countLineBreaks(text, lastOffset, start);
    lastOffset = start;
    const chunk = text.slice(start, end);
    spans.push({ start, end, line, text: chunk, entry: lookup(chunk) });
  }
  // The others, parsed in runs of neighbours: a parse costs about a millisecond before it reads
  // a character, and a chunk is often parsed in less.
  for (let i = 0; i < spans.length; ) {
    if (spans[i]?.entry) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < spans.length && j + 1 - i < BATCH && !spans[j + 1]?.entry) j++;
    parseRun(text, spans, i, j);
    i = j + 1;
  }
  // The last chunk's tree ends the document's: it must end where a parse of the chunk alone would.
  const lastSpan = spans[spans.length - 1] as Span;
  if (lastSpan.entry && !lastSpan.entry.exactEnd) {
    lastSpan.entry.tree = parseMarkdown(lastSpan.text);
    lastSpan.entry.line = 0;
    lastSpan.entry.offset = 0;
    lastSpan.entry.exactEnd = true;
  }

  const children: RootContent[] = [];
  const chunks: TreeChunk[] = [];
  for (const span of spans) {
    const entry = span.entry as CachedChunk;
    if (entry.global) return { tree: parseMarkdown(text) };
    if (entry.line !== span.line || entry.offset !== span.start) {
      shift(entry.tree, span.line - entry.line, span.start - entry.offset);
      entry.line = span.line;
      entry.offset = span.start;
    }
    children.push(...entry.tree.children);
    chunks.push({ text: entry.key, offset: span.start, line: span.line, children: entry.tree.children });
  }
  return {
    tree: {
      type: 'root',
      children,
      position: { start: { line: 1, column: 1, offset: 0 }, end: { ...((spans[spans.length - 1]?.entry as CachedChunk).tree.position?.end ?? { line: 1, column: 1, offset: 0 }) } },
    },
    chunks,
  };
}

interface Span {
  start: number;
  end: number;
  line: number;
  text: string;
  entry: CachedChunk | undefined;
}

// Chunks parsed in one call at most: more makes the parse itself slower.
const BATCH = 12;

/** A cached tree to hand out in this render, if there is one. */
function lookup(chunk: string): CachedChunk | undefined {
  const entry = cache.get(chunk);
  if (!entry || entry.generation === generation) return undefined; // None, or the same text twice in one document.
  // Refresh its place in the LRU order, under its own key.
  cache.delete(entry.key);
  cache.set(entry.key, entry);
  entry.generation = generation;
  return entry;
}

/**
 * Parses spans i..j (neighbours) in one call and splits the tree by chunk:
 * the same nodes as parsing each alone, since chunks start where any parse
 * starts a new top-level block. When a node does not fit in one chunk after
 * all, each chunk is parsed alone.
 */
function parseRun(text: string, spans: Span[], i: number, j: number): void {
  const first = spans[i] as Span;
  const trees: Root[] = [];
  let exactLast = true;
  if (i < j) {
    const tree = parseMarkdown(text.slice(first.start, (spans[j] as Span).end));
    let k = i;
    let parts: RootContent[] = [];
    let fits = true;
    for (const node of tree.children) {
      const start = node.position?.start.offset;
      const end = node.position?.end.offset;
      if (start === undefined || end === undefined) {
        fits = false;
        break;
      }
      while (k < j && start + first.start >= (spans[k + 1] as Span).start) {
        trees.push({ type: 'root', children: parts });
        parts = [];
        k++;
      }
      if (start + first.start < (spans[k] as Span).start || end + first.start > (spans[k] as Span).end) {
        fits = false;
        break;
      }
      parts.push(node);
    }
    if (fits) {
      trees.push({ type: 'root', children: parts, ...(tree.position ? { position: tree.position } : {}) });
      while (trees.length < j - i + 1) trees.push({ type: 'root', children: [], ...(tree.position ? { position: tree.position } : {}) });
      // Only the last chunk's tree may end where the run's does; the others are marked and only used inside documents.
      exactLast = trees.length === j - i + 1 && (trees[trees.length - 1] as Root).children.length > 0;
    } else {
      trees.length = 0;
    }
  }
  for (let k = i; k <= j; k++) {
    const span = spans[k] as Span;
    const batched = trees[k - i];
    const tree = batched ?? parseMarkdown(span.text);
    const cached = cache.has(span.text);
    // `span.text` is a slice of the guideline: the cache keeps a flat copy, so it holds no whole guideline alive.
    const entry: CachedChunk = {
      key: cached ? span.text : (JSON.parse(JSON.stringify(span.text)) as string),
      tree,
      line: batched ? span.line - first.line : 0,
      offset: batched ? span.start - first.start : 0,
      global: hasGlobalDefinitions(tree),
      generation,
      exactEnd: !batched || (k === j && exactLast),
    };
    if (!cached) {
      cache.set(entry.key, entry);
      cachedChars += span.text.length;
      evict();
    }
    span.entry = entry;
  }
}

/** Drops every cached chunk (for tests and memory pressure). */
export function clearMarkdownCache(): void {
  cache.clear();
  cachedChars = 0;
  evictionDone = -1;
}

function evict(): void {
  // Everything left belongs to the render under way: nothing to drop until the next one.
  if (evictionDone === generation) return;
  for (const [key, value] of cache) {
    if (cache.size <= MAX_CACHED_CHUNKS && cachedChars <= MAX_CACHED_CHARS) return;
    if (value.generation === generation) continue;
    cache.delete(key);
    cachedChars -= key.length;
  }
  if (cache.size > MAX_CACHED_CHUNKS || cachedChars > MAX_CACHED_CHARS) evictionDone = generation;
}

function countLineBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function hasGlobalDefinitions(tree: Root): boolean {
  let found = false;
  const visit = (node: { type: string; children?: unknown[] }): void => {
    if (found) return;
    if (node.type === 'definition' || node.type === 'footnoteDefinition') {
      found = true;
      return;
    }
    if (node.children) for (const child of node.children) visit(child as { type: string; children?: unknown[] });
  };
  visit(tree);
  return found;
}

function shift(tree: Root, lines: number, offset: number): void {
  const movePoint = (p: Point): void => {
    p.line += lines;
    if (p.offset !== undefined) p.offset += offset;
  };
  const visit = (node: { position?: Position; children?: unknown[] }): void => {
    if (node.position) {
      movePoint(node.position.start);
      movePoint(node.position.end);
    }
    if (node.children) for (const child of node.children) visit(child as { position?: Position; children?: unknown[] });
  };
  visit(tree);
}
