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

  const children: RootContent[] = [];
  const chunks: TreeChunk[] = [];
  let line = 0;
  let lastOffset = 0;
  let last: Root | undefined;
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i] as number;
    let end = i + 1 < starts.length ? (starts[i + 1] as number) : text.length;
    // A chunk ends before its last line break, as the block it closes does in the whole text.
    if (i + 1 < starts.length) end -= text.charCodeAt(end - 2) === 13 ? 2 : 1;
    line += countLineBreaks(text, lastOffset, start);
    lastOffset = start;
    const chunk = chunkTree(text.slice(start, end), line, start);
    if (chunk.global) return { tree: parseMarkdown(text) };
    children.push(...chunk.tree.children);
    chunks.push({ text: chunk.key, offset: start, line, children: chunk.tree.children });
    last = chunk.tree;
  }
  return {
    tree: {
      type: 'root',
      children,
      position: { start: { line: 1, column: 1, offset: 0 }, end: { ...(last?.position?.end ?? { line: 1, column: 1, offset: 0 }) } },
    },
    chunks,
  };
}

/** Drops every cached chunk (for tests and memory pressure). */
export function clearMarkdownCache(): void {
  cache.clear();
  cachedChars = 0;
  evictionDone = -1;
}

function chunkTree(chunk: string, line: number, offset: number): CachedChunk {
  let entry = cache.get(chunk);
  if (entry && entry.generation === generation) entry = undefined; // The same text twice in one document.
  if (entry) {
    // Refresh its place in the LRU order, under its own key.
    cache.delete(entry.key);
    cache.set(entry.key, entry);
  } else {
    const tree = parseMarkdown(chunk);
    const cached = cache.has(chunk);
    // `chunk` is a slice of the guideline: the cache keeps a flat copy, so it holds no whole guideline alive.
    entry = { key: cached ? chunk : (JSON.parse(JSON.stringify(chunk)) as string), tree, line: 0, offset: 0, global: hasGlobalDefinitions(tree), generation };
    if (!cached) {
      cache.set(entry.key, entry);
      cachedChars += chunk.length;
      evict();
    }
  }
  if (entry.line !== line || entry.offset !== offset) {
    shift(entry.tree, line - entry.line, offset - entry.offset);
    entry.line = line;
    entry.offset = offset;
  }
  entry.generation = generation;
  return entry;
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
