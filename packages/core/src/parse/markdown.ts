/**
 * The one Markdown parser configuration of Rubric: CommonMark + GFM + YAML
 * frontmatter. Built once per process; every consumer parses through here so
 * the linter, preview and diff agree on structure.
 *
 * remark (unified, remark-parse, remark-gfm, remark-frontmatter and all they
 * pull in) takes about 100 ms to load, and only the preview, the renderer and
 * link-valid's linked Markdown files need an mdast tree (the guideline parser
 * reads micromark's events, see markdown-outline.ts): it is loaded on the
 * first parse, so that the language server, the CLI's workers and the
 * registry start without it. Node loads ES modules synchronously through
 * require() (20.19 and later, the engines floor); in a CommonJS bundle (the
 * VS Code extension's server) `require` is the bundle's own and the bundler
 * follows these literal calls.
 */
import { createRequire } from 'node:module';
import type { Root } from 'mdast';

let parser: ((text: string) => Root) | undefined;

function markdownParser(): (text: string) => Root {
  if (!parser) {
    const esmRequire = typeof require === 'function' ? undefined : createRequire(import.meta.url);
    const { unified } = (esmRequire ? esmRequire('unified') : require('unified')) as typeof import('unified');
    const remarkParse = ((esmRequire ? esmRequire('remark-parse') : require('remark-parse')) as typeof import('remark-parse')).default;
    const remarkFrontmatter = ((esmRequire ? esmRequire('remark-frontmatter') : require('remark-frontmatter')) as typeof import('remark-frontmatter')).default;
    const remarkGfm = ((esmRequire ? esmRequire('remark-gfm') : require('remark-gfm')) as typeof import('remark-gfm')).default;
    const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm);
    parser = (text) => processor.parse(text);
  }
  return parser;
}

/** Parses Markdown into an mdast tree with positions. */
export function parseMarkdown(text: string): Root {
  return markdownParser()(text);
}
