/**
 * The frame of every catalog page: a document with a strict Content-Security
 * Policy (one nonce for the one stylesheet; no scripts, no remote resources),
 * the top bar with breadcrumbs, and a footer. Guideline pages are renderPage's
 * own document (the renderer the VS Code preview uses) with the bar added.
 */
import { contentSecurityPolicy, createNonce, RENDER_CSS } from '@rubric/render';
import { html, trusted, type Html, type HtmlValue } from './html.js';
import { CATALOG_CSS } from './styles.js';

/** A fresh nonce for one response. */
export { createNonce };

/** The CSP header of a catalog page: the renderer's policy plus no framing (which a meta tag cannot say, so it is header-only). */
export function catalogCsp(nonce: string): string {
  return `${contentSecurityPolicy({ nonce })}; frame-ancestors 'none'`;
}

/** One breadcrumb: text and, except for the current page, a link. */
export interface Crumb {
  text: HtmlValue;
  href?: string;
}

/** The top bar: brand, breadcrumbs, then anything page-specific on the right. */
export function topBar(crumbs: Crumb[], right: HtmlValue = null): Html {
  const items = crumbs.map((c) => html`<span class="sep" aria-hidden="true">/</span>${c.href ? html`<a href="${c.href}">${c.text}</a>` : html`<span aria-current="page">${c.text}</span>`}`);
  return html`<header class="catalog-bar" role="banner">
<a class="brand" href="/"><span class="brand-mark" aria-hidden="true"></span>Rubric catalog</a>
<nav class="crumbs" aria-label="Breadcrumbs">${items}</nav>
<span class="bar-spacer"></span>
${right}
</header>`;
}

const FOOTER = html`<footer class="catalog-footer">Published guideline versions are immutable and content-addressed (sha256). Machine-readable: <a href="/v1/sets">/v1/sets</a> · <a href="/openapi.json">OpenAPI</a></footer>`;

/** A complete catalog page. */
export function catalogPage(options: { title: string; nonce: string; crumbs: Crumb[]; main: Html; right?: HtmlValue }): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy({ nonce: options.nonce })}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="color-scheme" content="light dark">
<title>${options.title}</title>
<link rel="icon" href="data:,">
<style nonce="${options.nonce}">${trusted(RENDER_CSS)}${trusted(CATALOG_CSS)}</style>
</head>
<body class="rubric-page catalog">
${topBar(options.crumbs, options.right ?? null)}
<main class="catalog-main" id="main">
${options.main}
</main>
${FOOTER}
</body>
</html>
`.value;
}

/** The `<style>` the guideline page adds to renderPage's head (the bar and badges). */
export function catalogStyle(nonce: string): string {
  return html`<style nonce="${nonce}">${trusted(CATALOG_CSS)}</style>`.value;
}

const BODY_OPEN = '<body class="rubric-page">';

/**
 * Puts the catalog's bar (and notices) at the top of renderPage's body. The
 * renderer writes its body tag on a line of its own; if that ever changes the
 * bar is put right after whatever body tag there is, and never inside content.
 */
export function withTopBar(page: string, bar: Html): string {
  const at = page.indexOf(BODY_OPEN);
  if (at >= 0) return `${page.slice(0, at)}<body class="rubric-page catalog-guideline">\n${bar.value}${page.slice(at + BODY_OPEN.length)}`;
  const m = /<body[^>]*>/i.exec(page);
  if (!m) throw new Error('renderPage returned a document without a body tag');
  return `${page.slice(0, m.index + m[0].length)}\n${bar.value}${page.slice(m.index + m[0].length)}`;
}

/** "2026-03-02 14:05 UTC" from an ISO time. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

/** `<time>` for an ISO time, empty for none. */
export function timeTag(iso: string | null | undefined): Html {
  return iso ? html`<time datetime="${iso}">${formatTime(iso)}</time>` : html``;
}

/** The first 12 hex digits of a content hash, with the whole hash on hover. */
export function shortHash(contentHash: string): Html {
  return html`<code title="sha256-${contentHash}">sha256-${contentHash.slice(0, 12)}</code>`;
}

/** A state badge (published, deprecated, pending). */
export function stateBadge(state: string): Html {
  return html`<span class="badge state state-${state.replace(/[^a-z-]/g, '')}">${state}</span>`;
}
