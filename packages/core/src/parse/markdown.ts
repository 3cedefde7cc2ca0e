/**
 * The one Markdown parser configuration of Rubric: CommonMark + GFM + YAML
 * frontmatter. Built once per process; every consumer parses through here so
 * the linter, preview and diff agree on structure.
 */
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import type { Root } from 'mdast';

const processor = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm);

/** Parses Markdown into an mdast tree with positions. */
export function parseMarkdown(text: string): Root {
  return processor.parse(text);
}
