/**
 * link-valid: relative links and link definitions in guideline.md point at files
 * that exist and at headings that exist. A labeler who follows a dead link to a
 * decision rule mid-task falls back on guesswork. Files are read through the
 * host, so the CLI's cache records them as dependencies of the set.
 */
import { posix } from 'node:path';
import GithubSlugger from 'github-slugger';
import type { Nodes } from 'mdast';
import { defineRule } from '../lint/define-rule.js';
import type { Fix } from '../lint/types.js';
import type { Host } from '../host.js';
import { decodeLinkPart as decode, linkAnchorRange, linkUrlRange } from '../links.js';
import { parseMarkdown } from '../parse/markdown.js';
import { didYouMean } from '../util.js';

// `http:`, `mailto:`, `vscode:`... and protocol-relative `//host/...` leave the repository.
const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;
const MARKDOWN_FILE = /\.(?:md|markdown)$/i;

export default defineRule({
  meta: {
    id: 'link-valid',
    description: 'Relative links and link definitions in guideline.md point at files and headings that exist.',
    defaultLevel: 'error',
    messages: {
      missingFile: 'Unexpected link to `{{target}}`, expected a file or folder that exists relative to guideline.md',
      missingAnchor: 'Unexpected anchor `#{{anchor}}`, expected a heading of {{document}}.{{hint}}',
    },
    defaultOptions: {},
  },
  check({ set, host, report }) {
    const doc = set.guideline;
    if (!doc) return;
    const dir = posix.dirname(doc.file.replace(/\\/g, '/'));
    const slugCache = new Map<string, string[] | undefined>();
    for (const link of doc.links) {
      const url = link.url.trim();
      if (url === '' || EXTERNAL.test(url)) continue;
      const hash = url.indexOf('#');
      const pathPart = (hash < 0 ? url : url.slice(0, hash)).replace(/\?.*$/, '');
      const anchor = hash < 0 ? undefined : decode(url.slice(hash + 1));
      const urlRange = linkUrlRange(doc, link);

      let slugs: string[] | undefined;
      let document = 'this document';
      if (pathPart === '') slugs = doc.headings.map((h) => h.slug);
      else {
        // Root-relative paths depend on where the repository is served from.
        if (pathPart.startsWith('/')) continue;
        const target = posix.join(dir, decode(pathPart));
        if (host.stat(target) === undefined) {
          report({ messageId: 'missingFile', data: { target: decode(pathPart) }, file: doc.file, range: urlRange });
          continue;
        }
        if (anchor === undefined || !MARKDOWN_FILE.test(target)) continue;
        document = `\`${decode(pathPart)}\``;
        if (!slugCache.has(target)) slugCache.set(target, target === doc.file ? doc.headings.map((h) => h.slug) : headingSlugs(host, target));
        slugs = slugCache.get(target);
      }
      // An unreadable target (too large, binary) is file-readable's business, not an anchor problem.
      if (anchor === undefined || anchor === '' || slugs === undefined || slugs.includes(anchor)) continue;
      const near = nearAnchors(anchor, slugs);
      const anchorRange = url === link.url ? linkAnchorRange(doc, link) : undefined;
      // Without the fragment's exact place (escapes in the destination) there is nothing safe to replace.
      const suggestions: Fix[] = anchorRange ? near.map((n) => ({ description: `Link to \`#${n}\``, edits: [{ file: doc.file, range: anchorRange, text: n }] })) : [];
      report({
        messageId: 'missingAnchor',
        data: { anchor, document, hint: near.length ? ` Did you mean ${near.map((n) => `\`#${n}\``).join(', ')}?` : '' },
        file: doc.file,
        range: anchorRange ?? urlRange,
        ...(suggestions.length ? { suggestions } : {}),
      });
    }
  },
});

/** Slugs an anchor probably meant: those it is the start of (a label section's slug without its title), then close spellings. */
function nearAnchors(anchor: string, slugs: readonly string[]): string[] {
  const extended = slugs.filter((s) => s.startsWith(`${anchor}-`));
  return [...new Set([...extended, ...didYouMean(anchor, slugs)])].slice(0, 3);
}

/** GitHub heading slugs of a Markdown file, or undefined when it cannot be read. */
function headingSlugs(host: Host, path: string): string[] | undefined {
  const read = host.readText(path);
  if (!read.ok) return undefined;
  const slugger = new GithubSlugger();
  const out: string[] = [];
  const visit = (node: Nodes): void => {
    if (node.type === 'heading') {
      out.push(slugger.slug(plainText(node).trim()));
      return;
    }
    if ('children' in node) for (const child of node.children) visit(child as Nodes);
  };
  visit(parseMarkdown(read.text));
  return out;
}

// The same plain text the guideline parser slugs, so anchors agree across files.
function plainText(node: Nodes): string {
  if ('value' in node && typeof node.value === 'string') return node.value;
  if ('children' in node) return (node.children as Nodes[]).map(plainText).join('');
  return '';
}
