/**
 * renderGuideline: a guideline set -> sanitized HTML. The Markdown goes
 * through core's parser (so the preview shows exactly what the linter
 * parsed), remark-rehype with the guideline handlers, the hardening pass,
 * rehype-sanitize with the strict schema, and rehype-stringify.
 */
import type { GuidelineSet } from '@rubric/core';
import type { Root as HastRoot, ElementContent } from 'hast';
import type { Root as MdastRoot } from 'mdast';
import remarkRehype from 'remark-rehype';
import rehypeSanitize from 'rehype-sanitize';
import rehypeStringify from 'rehype-stringify';
import { unified } from 'unified';
import { createContext, el, labelAnchor, text, type RenderContext } from './context.js';
import { createHandlers } from './handlers.js';
import { finishHtml, harden } from './harden.js';
import { header, sidebar } from './layout.js';
import { parseGuidelineTree } from './markdown-tree.js';
import { SANITIZE_SCHEMA } from './sanitize-schema.js';
import type { RenderedGuideline, RenderOptions, TocEntry } from './types.js';

/** Renders a guideline set to a sanitized HTML body fragment, with its title and outline. */
export function renderGuideline(set: GuidelineSet, options: RenderOptions = {}): RenderedGuideline {
  const ctx = createContext(set, options);
  const doc = set.guideline;
  const tree: MdastRoot = doc ? parseGuidelineTree(doc.text) : { type: 'root', children: [] };

  const processor = unified()
    .use(remarkRehype, { allowDangerousHtml: false, handlers: createHandlers(ctx) })
    .use(() => (hast: HastRoot) => frame(hast, ctx))
    .use(() => (hast: HastRoot) => harden(hast, ctx))
    .use(rehypeSanitize, SANITIZE_SCHEMA)
    .use(rehypeStringify, { characterReferences: { useNamedReferences: false } });
  const hast = processor.runSync(tree);
  const html = finishHtml(processor.stringify(hast));
  return { html, title: ctx.title, toc: toc(ctx) };
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
