/**
 * renderGuideline: a guideline set -> sanitized HTML. The Markdown goes
 * through core's parser (so the preview shows exactly what the linter
 * parsed), remark-rehype with the guideline handlers, the hardening pass,
 * rehype-sanitize with the strict schema, and rehype-stringify.
 */
import { isRecord, type Example, type GuidelineSet, type Heading } from '@rubric/core';
import type { Root as HastRoot, Element, ElementContent } from 'hast';
import type { Root as MdastRoot, RootContent } from 'mdast';
import remarkRehype from 'remark-rehype';
import rehypeSanitize from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import { unified } from 'unified';
import { createContext, el, labelAnchor, text, type RenderContext } from './context.js';
import { createHandlers } from './handlers.js';
import { finishHtml, harden } from './harden.js';
import { header, sidebar } from './layout.js';
import { clearChunkCache, contextId, getChunk, setChunk, type ChunkEntry } from './chunk-cache.js';
import { clearMarkdownCache, parseGuidelineChunks, type TreeChunk } from './markdown-tree.js';
import { SANITIZE_SCHEMA } from './sanitize-schema.js';
import type { RenderedGuideline, RenderOptions, TocEntry } from './types.js';

/** Renders a guideline set to a sanitized HTML body fragment, with its title and outline. */
export function renderGuideline(set: GuidelineSet, options: RenderOptions = {}): RenderedGuideline {
  const ctx = createContext(set, options);
  const doc = set.guideline;
  const parsed = doc ? parseGuidelineChunks(doc.text) : undefined;
  const html = (parsed?.chunks && renderChunked(ctx, parsed.chunks)) ?? renderWhole(ctx, parsed?.tree ?? { type: 'root', children: [] });
  return { html, title: ctx.title, toc: toc(ctx) };
}

/** Drops every cache of the renderer: parsed chunks and their HTML (for tests and memory pressure). */
export function clearRenderCache(): void {
  clearMarkdownCache();
  clearChunkCache();
  clearFrameCache();
}

/** The whole tree through the pipeline at once: for documents parsed in one piece, and what the chunked render must equal. */
export function renderWhole(ctx: RenderContext, tree: MdastRoot): string {
  const processor = unified()
    .use(remarkRehype, { allowDangerousHtml: false, handlers: createHandlers(ctx) })
    .use(() => (hast: HastRoot) => frame(hast, ctx))
    .use(() => (hast: HastRoot) => harden(hast, ctx))
    .use(rehypeSanitize, SANITIZE_SCHEMA)
    .use(rehypeStringify, STRINGIFY_OPTIONS);
  const hast = processor.runSync(tree);
  return finishHtml(processor.stringify(hast));
}

const STRINGIFY_OPTIONS = { characterReferences: { useNamedReferences: false } };
// Inside a tag: the pass leaves no raw `<` or `>` in attribute values, and the serializer escapes `<` in text.
const DATA_LINE = /<[^<>]*? data-line="(\d+)"/dg;

/**
 * The content chunk by chunk, each from the chunk cache or through the
 * pipeline alone, then the frame with an empty article and the content put
 * into it. The result is the same as renderWhole's: remark-rehype joins
 * top-level nodes with a line break, and every later pass treats the nodes
 * one by one. Undefined when the frame does not come out as expected.
 */
function renderChunked(ctx: RenderContext, chunks: TreeChunk[]): string | undefined {
  const doc = ctx.set.guideline;
  if (!doc) return undefined;
  let processor: ChunkProcessor | undefined;
  const getProcessor = (): ChunkProcessor => (processor ??= chunkProcessor(ctx));

  const context = contextId(ctx.set, ctx.schemaKnown, ctx.sectionLabelIds);
  const headings = [...doc.headings].sort((a, b) => a.range.start.offset - b.range.start.offset);
  const sectionOf = (offset: number): string => ctx.sectionsByOffset.get(offset)?.labelId ?? '';
  const examples = [...doc.examples].sort((a, b) => a.range.start.offset - b.range.start.offset);
  let h = 0;
  let e = 0;
  // The frame as `frame` builds it: wrappers without positions, so without data-line, around the header, the sidebar and the content.
  const side = ctx.options.sidebar !== false;
  const parts: string[] = [
    `<div class="rubric-guideline${side ? '' : ' no-sidebar'}">`,
    renderPart(header(ctx), ctx, getProcessor),
    '<div class="rubric-body">',
    side ? renderPart(sidebar(ctx), ctx, getProcessor) : '',
    '<article class="rubric-content">',
  ];
  let first = true;
  for (let i = 0; i < chunks.length; i++) {
    const chunk = chunks[i] as TreeChunk;
    const end = i + 1 < chunks.length ? (chunks[i + 1] as TreeChunk).offset : Infinity;
    // What the outline says about the chunk's headings and examples, by offset in the chunk.
    let local = '';
    let fixed = false;
    while (h < headings.length && (headings[h] as Heading).range.start.offset < end) {
      const offset = (headings[h] as Heading).range.start.offset;
      local += `h${offset - chunk.offset}:${offset === ctx.titleHeadingOffset ? 't' : ''}:${sectionOf(offset)}:${(headings[h] as Heading).slug}\n`;
      h++;
    }
    while (e < examples.length && (examples[e] as Example).range.start.offset < end) {
      const example = examples[e] as Example;
      if (example.errors.length > 0 || !isRecord(example.data)) fixed = true;
      local += `e${example.range.start.offset - chunk.offset}:${example.sectionLabelId ?? ''}\n`;
      e++;
    }
    // The label index's reading of the chunk's inline code and `why` spans (reference, answer or history), by offset in the chunk.
    for (const o of ctx.index.within(doc.file, chunk.offset, end)) local += `o${o.range.start.offset - chunk.offset}:${o.context}\n`;
    const key = `${context}\u0000${local}\u0000${chunk.text}`;
    let entry = getChunk(key);
    if (entry && !entryHolds(entry, ctx.options, chunk.line)) entry = undefined;
    if (!entry) {
      processor ??= chunkProcessor(ctx);
      entry = renderChunk(processor, chunk, fixed);
      setChunk(key, entry);
    }
    if (!entry.nonEmpty) continue;
    if (!first) parts.push('\n');
    first = false;
    parts.push(chunkHtml(entry, chunk.line));
  }
  parts.push('</article></div></div>');
  return parts.join('');
}

/** A cached chunk's HTML at a line shift; the last one is kept, as the next render most likely asks for it again. */
function chunkHtml(entry: ChunkEntry, line: number): string {
  if (entry.lines.length === 0) return entry.pieces[0] as string;
  if (entry.joinedLine === line && entry.joined !== undefined) return entry.joined;
  const out: string[] = [entry.pieces[0] as string];
  for (let j = 0; j < entry.lines.length; j++) out.push(String((entry.lines[j] as number) + line), entry.pieces[j + 1] as string);
  entry.joined = out.join('');
  entry.joinedLine = line;
  return entry.joined;
}

interface PartEntry {
  html: string;
  links: [string, string | undefined][];
  images: [string, string | undefined][];
}
const partCache = new Map<string, PartEntry>();

/**
 * The header or the sidebar as HTML. Its hast tree is the whole input of the
 * passes after it, so the tree as JSON is the cache key (with the resolver
 * calls checked as for chunks): the sidebar of a large taxonomy costs much
 * more to sanitize and serialize than to build.
 */
function renderPart(element: Element, ctx: RenderContext, getProcessor: () => ChunkProcessor): string {
  const key = JSON.stringify(element);
  const cached = partCache.get(key);
  if (cached && entryHolds(cached, ctx.options, 0)) return cached.html;
  const processor = getProcessor();
  processor.record.links = [];
  processor.record.images = [];
  const html = finishHtml(processor.stringify(processor.runHast({ type: 'root', children: [element] })));
  if (partCache.size >= 32) partCache.delete(partCache.keys().next().value as string);
  partCache.set(key, { html, links: processor.record.links, images: processor.record.images });
  return html;
}

/** Drops the cached headers and sidebars. */
export function clearFrameCache(): void {
  partCache.clear();
}

interface ChunkProcessor {
  run(nodes: RootContent[]): HastRoot;
  /** The passes after remark-rehype, for a hast tree. */
  runHast(tree: HastRoot): HastRoot;
  stringify(tree: HastRoot): string;
  /** What the hardening pass saw of the chunk under way: resolver calls, and how many top-level nodes remark-rehype made. */
  record: { links: [string, string | undefined][]; images: [string, string | undefined][]; nodes: number };
}

/** The pipeline for single chunks; the hardening pass records the resolver calls of the chunk under way. */
function chunkProcessor(ctx: RenderContext): ChunkProcessor {
  const record: ChunkProcessor['record'] = { links: [], images: [], nodes: 0 };
  const { resolveLink, resolveImage } = ctx.options;
  // Calls are recorded with or without a resolver: a chunk rendered without one must not be reused with one.
  const options: RenderOptions = {
    ...ctx.options,
    resolveLink: (url: string) => {
      const r = resolveLink?.(url);
      record.links.push([url, typeof r === 'string' ? r : undefined]);
      return r;
    },
    resolveImage: (url: string) => {
      const r = resolveImage?.(url);
      record.images.push([url, typeof r === 'string' ? r : undefined]);
      return r;
    },
  };
  const hardenCtx: RenderContext = { ...ctx, options };
  const processor = unified()
    .use(remarkRehype, { allowDangerousHtml: false, handlers: createHandlers(ctx) })
    .use(() => (hast: HastRoot) => {
      record.nodes = hast.children.length;
      harden(hast, hardenCtx);
    })
    .use(rehypeSanitize, SANITIZE_SCHEMA)
    .use(rehypeStringify, STRINGIFY_OPTIONS)
    .freeze();
  const hastProcessor = unified()
    .use(() => (hast: HastRoot) => harden(hast, hardenCtx))
    .use(rehypeSanitize, SANITIZE_SCHEMA)
    .use(rehypeStringify, STRINGIFY_OPTIONS)
    .freeze();
  return {
    run: (nodes) => processor.runSync({ type: 'root', children: nodes }) as HastRoot,
    runHast: (tree) => hastProcessor.runSync(tree),
    stringify: (tree) => processor.stringify(tree),
    record,
  };
}

function renderChunk(processor: ChunkProcessor, chunk: TreeChunk, fixed: boolean): ChunkEntry {
  processor.record.links = [];
  processor.record.images = [];
  processor.record.nodes = 0;
  const hast = processor.run(chunk.children);
  const html = finishHtml(processor.stringify(hast));
  const entry: ChunkEntry = {
    pieces: [html],
    lines: [],
    nonEmpty: processor.record.nodes > 0,
    links: processor.record.links,
    images: processor.record.images,
    size: 2 * html.length,
  };
  // remark-rehype gives no nodes for a chunk of only a title heading or raw HTML.
  if (!entry.nonEmpty) return entry;
  if (fixed) {
    entry.fixedLine = chunk.line;
    return entry;
  }
  // Cut at the data-line values, and check that they are the tree's, in order.
  const expected: number[] = [];
  const walk = (node: HastRoot | ElementContent): void => {
    if (node.type === 'element' && typeof node.properties.dataLine === 'number') expected.push(node.properties.dataLine);
    if ('children' in node) for (const child of node.children) walk(child as ElementContent);
  };
  walk(hast);
  const pieces: string[] = [];
  const lines: number[] = [];
  let last = 0;
  for (const m of html.matchAll(DATA_LINE)) {
    const [from, to] = (m.indices as [number, number][])[1] as [number, number];
    pieces.push(html.slice(last, from));
    lines.push(Number(m[1]) - chunk.line);
    last = to;
  }
  pieces.push(html.slice(last));
  if (lines.length !== expected.length || lines.some((l, i) => l + chunk.line !== expected[i])) {
    entry.fixedLine = chunk.line;
    return entry;
  }
  entry.pieces = pieces;
  entry.lines = lines;
  return entry;
}

/** A cached chunk still fits: the same line shift where it needs one, the same resolver answers. */
function entryHolds(entry: Pick<ChunkEntry, 'links' | 'images' | 'fixedLine'>, options: RenderOptions, line: number): boolean {
  if (entry.fixedLine !== undefined && entry.fixedLine !== line) return false;
  for (const [url, answer] of entry.links) {
    const r = options.resolveLink?.(url);
    if ((typeof r === 'string' ? r : undefined) !== answer) return false;
  }
  for (const [url, answer] of entry.images) {
    const r = options.resolveImage?.(url);
    if ((typeof r === 'string' ? r : undefined) !== answer) return false;
  }
  return true;
}

/** Wraps the content in the page frame: header, sidebar, article. */
function frame(hast: HastRoot, ctx: RenderContext): HastRoot {
  const content = hast.children as ElementContent[];
  if (!ctx.set.guideline) {
    content.push(el('p', { className: ['load-problem'] }, [text('The guideline could not be read.')]));
  }
  const body: ElementContent[] = [];
  if (ctx.options.sidebar !== false) body.push(sidebar(ctx));
  body.push(el('article', { className: ['rubric-content'] }, content));
  hast.children = [
    el('div', { className: ['rubric-guideline', ...(ctx.options.sidebar === false ? ['no-sidebar'] : [])] }, [
      header(ctx),
      el('div', { className: ['rubric-body'] }, body),
    ]),
  ];
  return hast;
}

function toc(ctx: RenderContext): TocEntry[] {
  return (ctx.set.guideline?.headings ?? []).map((h) => {
    const section = ctx.sectionsByOffset.get(h.range.start.offset);
    return {
      depth: h.depth,
      text: h.text,
      id: section ? labelAnchor(section.labelId) : h.slug,
      line: h.range.start.line,
      ...(section ? { labelId: section.labelId } : {}),
    };
  });
}
