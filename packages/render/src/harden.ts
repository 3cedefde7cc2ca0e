/**
 * The pass between the handlers and the sanitizer: source lines on block
 * elements for scroll sync, links checked and marked `noopener noreferrer`,
 * images limited to inline data or host-resolved URLs, and bidi controls made
 * visible. The sanitizer after it is the last word on what survives.
 */
import type { Element, ElementContent, Root, RootContent } from 'hast';
import { HAS_BIDI_CONTROL, showBidiInText, splitAtBidiControls } from './bidi.js';
import { el, text, type RenderContext } from './context.js';

/** Elements that take a `data-line` from their source position. */
const BLOCK_TAGS = new Set([
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'pre', 'table', 'thead', 'tbody', 'tr', 'hr', 'section', 'div', 'dl', 'dt', 'dd',
]);
const SAFE_SCHEMES = new Set(['http', 'https', 'mailto']);
const DATA_IMAGE = /^data:image\/(?:png|gif|jpeg|webp|avif);base64,[A-Za-z0-9+/=\s]*$/i;
// Browsers ignore leading C0 controls and spaces, and tabs and newlines anywhere, before reading a scheme.
const IGNORED_URL_CHARS = /^[\u0000-\u0020]+|[\t\n\r]/g;

/**
 * A URL's scheme, lower case, or undefined for a relative URL. Anything before
 * the first colon counts unless a `/`, `?` or `#` comes first (as the
 * sanitizer reads it), so `java%09script:` is a scheme too, and not allowed.
 */
export function urlScheme(url: string): string | undefined {
  const cleaned = url.replace(IGNORED_URL_CHARS, '');
  const colon = cleaned.indexOf(':');
  if (colon < 0) return undefined;
  const before = cleaned.slice(0, colon);
  return /[/?#]/.test(before) ? undefined : before.toLowerCase();
}

// The serializer leaves `<` and `>` raw inside quoted attribute values (valid HTML). So that no
// output ever contains `<script`, even inside a tooltip, they travel as two noncharacters and
// become `&lt;` and `&gt;` after serializing (see `finishHtml`); noncharacters in the input,
// which have no business in text, become U+FFFD first.
const LT = '\uFDD0';
const GT = '\uFDD1';
const NONCHARACTERS = /[\uFDD0\uFDD1]/g;
const ANGLE = /[<>]/g;
const NEEDS_WORK_TEXT = /[\u202A-\u202E\u2066-\u2069\uFDD0\uFDD1]/;
const NEEDS_WORK_ATTRIBUTE = /[\u202A-\u202E\u2066-\u2069\uFDD0\uFDD1<>]/;

/** Replaces the attribute placeholders left by the pass with character references. */
export function finishHtml(html: string): string {
  return html.indexOf(LT) < 0 && html.indexOf(GT) < 0 ? html : html.replace(/\uFDD0/g, '&lt;').replace(/\uFDD1/g, '&gt;');
}

function attributeValue(value: string): string {
  return showBidiInText(value).replace(NONCHARACTERS, '\uFFFD').replace(ANGLE, (c) => (c === '<' ? LT : GT));
}

function cleanProperties(node: Element): void {
  const props = node.properties;
  for (const key in props) {
    const value = props[key];
    if (typeof value === 'string') {
      if (NEEDS_WORK_ATTRIBUTE.test(value)) props[key] = attributeValue(value);
    } else if (Array.isArray(value) && value.some((v) => typeof v === 'string' && NEEDS_WORK_ATTRIBUTE.test(v))) {
      props[key] = value.map((v) => (typeof v === 'string' ? attributeValue(v) : v));
    }
  }
}

/** Applies the pass to a tree in place, in one walk. */
export function harden(tree: Root, ctx: RenderContext): void {
  const visit = (parent: Root | Element): void => {
    const children = parent.children as (RootContent | ElementContent)[];
    for (let i = 0; i < children.length; i++) {
      let node = children[i] as RootContent | ElementContent;
      if (node.type === 'text') {
        if (!NEEDS_WORK_TEXT.test(node.value)) continue;
        const value = node.value.replace(NONCHARACTERS, '\uFFFD');
        const parts = HAS_BIDI_CONTROL.test(value) ? splitAtBidiControls(value) : [{ type: 'text' as const, value }];
        for (const part of parts) if (part.type === 'element') cleanProperties(part);
        children.splice(i, 1, ...parts);
        i += parts.length - 1;
        continue;
      }
      if (node.type !== 'element') continue;
      if (node.tagName === 'img') {
        node = image(node, ctx);
        children[i] = node;
      } else if (node.tagName === 'a') {
        link(node, ctx);
      }
      if (node.properties.dataLine === undefined && node.position && BLOCK_TAGS.has(node.tagName)) {
        node.properties.dataLine = node.position.start.line;
      }
      cleanProperties(node);
      visit(node);
    }
  };
  visit(tree);
}

function link(node: Element, ctx: RenderContext): void {
  const href = node.properties.href;
  if (typeof href !== 'string') return;
  if (href.startsWith('#')) return;
  let url = href;
  const resolved = ctx.options.resolveLink?.(url);
  if (typeof resolved === 'string') url = resolved;
  const scheme = urlScheme(url);
  if (scheme !== undefined && !SAFE_SCHEMES.has(scheme)) {
    delete node.properties.href;
    node.properties.className = ['blocked-link'];
    node.properties.title = `Link not followed: ${scheme} links are not allowed`;
    return;
  }
  node.properties.href = url;
  node.properties.rel = ['noopener', 'noreferrer'];
}

function image(node: Element, ctx: RenderContext): Element {
  const src = typeof node.properties.src === 'string' ? node.properties.src : '';
  const alt = typeof node.properties.alt === 'string' ? node.properties.alt : '';
  if (DATA_IMAGE.test(src)) return node;
  const resolved = src && !src.toLowerCase().startsWith('data:') ? ctx.options.resolveImage?.(src) : undefined;
  if (typeof resolved === 'string' && (urlScheme(resolved) === 'https' || urlScheme(resolved) === 'http' || DATA_IMAGE.test(resolved))) {
    node.properties.src = resolved;
    return node;
  }
  // No remote loads: say what is missing instead.
  const scheme = urlScheme(src);
  const title = scheme === undefined || SAFE_SCHEMES.has(scheme) ? `Image not shown: ${src}` : `Image not shown: ${scheme} URLs are not allowed`;
  return el('span', { className: ['image-placeholder'], title }, [text(`[image${alt ? `: ${alt}` : ''}]`)]);
}
