/**
 * Hostile content stays inert: raw HTML, event handlers, script URLs, SVG,
 * comments and bidi overrides, in the Markdown, the frontmatter, the schema
 * and inside example YAML. Checked on the output tree, not by string search
 * alone, because escaped text may legitimately say "javascript:".
 */
import type { Element, Nodes, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import { BIDI_CONTROLS, renderGuideline, renderPage } from '../src/index.js';
import { all, classes, elements, HOSTILE_DIR, loadDir, memorySet, one, parse, textOf } from './support.js';

const ALLOWED_SCHEMES = new Set(['http', 'https', 'mailto']);
const URL_ATTRIBUTES = ['href', 'src', 'action', 'formAction', 'data', 'poster', 'srcSet', 'xLinkHref', 'background', 'cite'];

/** The tree without its text and tooltips: what remains is markup and working attributes only. */
function markupOnly(tree: Root): string {
  const strip = (node: Nodes): void => {
    if (node.type === 'element') for (const key of ['title', 'alt', 'ariaLabel']) delete node.properties[key];
    if ('children' in node) node.children = node.children.filter((c) => c.type !== 'text') as typeof node.children;
    if ('children' in node) for (const c of node.children) strip(c);
  };
  const copy = structuredClone(tree);
  strip(copy);
  return toHtml(copy);
}

function expectInert(html: string): void {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<(?:iframe|style|svg|math|object|embed|form|meta|base|link|noscript|template|button|textarea)[\s>/]/i);
  // Attribute names of every tag, quoted values taken out (the renderer escapes `<` and `>` inside them).
  for (const tag of html.match(/<[a-z][^>]*>/gi) ?? []) expect(tag.replace(/"[^"]*"/g, '""'), tag).not.toMatch(/\son[a-z]+\s*=/i);
  expect(html).not.toMatch(/<!--/);
  const tree = parse(html);
  for (const node of elements(tree)) {
    for (const key of Object.keys(node.properties)) expect(key.toLowerCase().startsWith('on'), `${node.tagName}[${key}]`).toBe(false);
    expect(node.properties.style, `${node.tagName} style`).toBeUndefined();
    for (const key of URL_ATTRIBUTES) {
      const value = node.properties[key];
      if (value === undefined) continue;
      const url = String(value);
      const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url.replace(/[\u0000-\u0020]/g, ''))?.[1]?.toLowerCase();
      if (node.tagName === 'img' && key === 'src') expect(url, 'img src').toMatch(/^data:image\/(?:png|gif|jpeg|webp|avif);base64,/);
      else expect(scheme === undefined || ALLOWED_SCHEMES.has(scheme), `${node.tagName}[${key}]=${url}`).toBe(true);
    }
  }
  expect(markupOnly(tree)).not.toMatch(/javascript:|vbscript:|data:text/i);
  BIDI_CONTROLS.lastIndex = 0;
  expect(BIDI_CONTROLS.test(html), 'raw bidi control in the output').toBe(false);
}

describe('the hostile fixture set', () => {
  const set = loadDir(HOSTILE_DIR);
  const { html } = renderGuideline(set);
  const tree = parse(html);

  it('loads as a guideline with examples', () => {
    expect(set.guideline?.examples).toHaveLength(3);
  });

  it('renders nothing executable', () => {
    expectInert(html);
    const page = renderPage(set, { nonce: 'AAAAAAAAAAAAAAAAAAAAAA==' });
    const head = page.slice(0, page.indexOf('<body'));
    expect(head.match(/<[a-z]+/g)).toEqual(['<html', '<head', '<meta', '<meta', '<meta', '<meta', '<meta', '<title', '<link', '<style']);
    expect(head).not.toMatch(/<script|window\.__pwned = 'fm-title'<\/script>/);
    expectInert(page.slice(page.indexOf('<body'), page.lastIndexOf('</body>')).replace(/^<body[^>]*>/, ''));
  });

  it('drops raw HTML but keeps the Markdown around it', () => {
    expect(textOf(one(tree, 'article'))).toContain('Every trick below');
    expect(textOf(one(tree, 'article'))).toContain('bold');
  });

  it('keeps script-looking text of examples as visible, escaped text', () => {
    const card = all(tree, '.example-card')[0]!;
    expect(textOf(one(card, '.example-text'))).toContain("<script>window.__pwned = 'example-text'</script>");
    expect(textOf(one(card, '.example-why'))).toContain('<img src=x onerror=');
    expect(all(card, '.example-text *').filter((e) => !classes(e).includes('bidi-control'))).toEqual([]);
  });

  it('removes script URLs from links and blocks remote images', () => {
    for (const a of all(tree, 'a')) {
      const href = a.properties.href;
      if (href !== undefined) expect(String(href)).not.toMatch(/script:|^data:/i);
      else expect(classes(a), textOf(a)).toContain('blocked-link');
    }
    expect(all(tree, 'a.blocked-link').map(textOf)).toEqual(expect.arrayContaining(['markdown', 'entity', 'case', 'tab', 'data', 'vbscript', 'reference']));
    expect(all(tree, 'img').map((i) => String(i.properties.src))).toEqual([expect.stringMatching(/^data:image\/png;base64,/)]);
    expect(all(tree, '.image-placeholder').length).toBe(3);
  });

  it('makes bidi controls visible and isolates example text', () => {
    const markers = all(tree, '.bidi-control').map(textOf);
    expect(markers).toContain('⟨U+202E⟩');
    expect(markers).toContain('⟨U+202C⟩');
    expect(markers).toContain('⟨U+2066⟩');
    expect(markers).toContain('⟨U+2069⟩');
    for (const text of all(tree, '.example-text')) expect(text.properties.dir).toBe('auto');
    expect(textOf(one(tree, 'h1'))).toContain('⟨U+202E⟩elif⟨U+202C⟩');
  });

  it('shows an invalid kind and an unparsable example for what they are', () => {
    const cards = all(tree, '.example-card');
    expect(textOf(one(cards[1]!, '.kind-unknown'))).toContain('<b onmouseover=');
    expect(classes(cards[2]!)).toContain('example-invalid');
  });

  it('keeps hostile ids out of attributes as anything but text', () => {
    for (const e of elements(tree)) if (e.properties.id !== undefined) expect(String(e.properties.id)).not.toMatch(/["<>\s]/);
  });
});

describe('small hostile inputs', () => {
  const schema = { id: 's', version: '1.0.0', questions: [{ id: 'verdict', type: 'single', prompt: 'Q', options: [{ id: 'a.b', title: 'A' }] }] };
  const render = (body: string): string => renderGuideline(memorySet(`---\nid: s\ntitle: T\nversion: 1.0.0\nstatus: approved\nschema: schema.json\nowners: [o]\n---\n\n${body}\n`, schema)).html;
  const cases: [string, string][] = [
    ['script element', '<script>alert(1)</script>'],
    ['inline handler', 'x <img src=x onerror=alert(1)> y'],
    ['svg with script', '<svg><script>alert(1)</script></svg>'],
    ['comment', '<!-- <script>alert(1)</script> -->'],
    ['javascript link', '[x](javascript:alert(1))'],
    ['javascript link with entities', '[x](&#x6A;avascript&colon;alert(1))'],
    ['javascript link with newline', '[x](<java\nscript:alert(1)>)'],
    ['javascript reference', '[x][y]\n\n[y]: javascript:alert(1)'],
    ['data link', '[x](data:text/html,<script>alert(1)</script>)'],
    ['javascript image', '![x](javascript:alert(1))'],
    ['html in a heading', '## <img src=x onerror=alert(1)> Heading'],
    ['html in a table', '| a |\n|---|\n| <script>alert(1)</script> |'],
    ['html in a list', '- <iframe src="javascript:alert(1)">'],
    ['example text', '```example\ntext: "<img src=x onerror=alert(1)>"\nanswers:\n  verdict: a.b\nwhy: "<script>alert(1)</script>"\n```'],
    ['example answer', '```example\ntext: t\nanswers:\n  verdict: "<svg onload=alert(1)>"\nwhy: w\n```'],
    ['footnote', 'x[^1]\n\n[^1]: <script>alert(1)</script> [y](javascript:alert(1))'],
    ['autolink', '<javascript:alert(1)>'],
  ];
  it.each(cases)('%s', (_name, body) => {
    expectInert(render(body));
  });
});

describe('a 100 KB line', () => {
  it('renders in one piece with wrapping allowed', () => {
    const long = 'x'.repeat(100_000);
    const set = memorySet(
      `---\nid: s\ntitle: T\nversion: 1.0.0\nstatus: approved\nschema: schema.json\nowners: [o]\n---\n\n${long}\n\n\`\`\`example\ntext: ${long}\nanswers: {}\nwhy: w\n\`\`\`\n`,
      { id: 's', version: '1.0.0', questions: [] },
    );
    const tree = parse(renderGuideline(set).html);
    expect(textOf(one(tree, 'article p')).length).toBe(100_000);
    expect(textOf(one(tree, '.example-text')).length).toBe(100_000);
  });
});

// Keep the helper types in use for readers of this file.
export type { Element };
