/**
 * renderPage: a complete HTML document around renderGuideline's fragment,
 * locked down by a Content-Security-Policy meta tag: nothing loads but the
 * nonce'd style, data: images (plus the host's own source, e.g. VS Code's
 * webview origin) and, only when the host asks for one, a nonce'd script.
 */
import { randomBytes } from 'node:crypto';
import type { GuidelineSet } from '@rubric/core';
import { showBidiInText } from './bidi.js';
import { renderGuideline } from './render.js';
import { RENDER_CSS } from './styles.js';
import type { PageOptions, PageScript, PageShellOptions } from './types.js';

const NONCE = /^[A-Za-z0-9+/_-]{16,}={0,2}$/;
const CSP_SOURCE = /^[^\s;,'"]+$/;
const LOCALE = /^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$/;

/** A fresh random nonce (128 bits, base64). */
export function createNonce(): string {
  return randomBytes(16).toString('base64');
}

/** The Content-Security-Policy of a rendered page. */
export function contentSecurityPolicy(options: { nonce: string; cspSource?: string; scriptNonce?: string }): string {
  checkNonce(options.nonce);
  const img = ['data:'];
  if (options.cspSource) {
    if (!CSP_SOURCE.test(options.cspSource)) throw new Error(`Unexpected cspSource ${JSON.stringify(options.cspSource)}, expected one CSP source expression without spaces, quotes, commas or semicolons`);
    img.push(options.cspSource);
  }
  const directives = [`default-src 'none'`, `style-src 'nonce-${options.nonce}'`, `img-src ${img.join(' ')}`];
  if (options.scriptNonce !== undefined) {
    checkNonce(options.scriptNonce);
    directives.push(`script-src 'nonce-${options.scriptNonce}'`);
  }
  directives.push(`base-uri 'none'`, `form-action 'none'`);
  return directives.join('; ');
}

/** Renders a guideline set as a complete, self-contained HTML document. */
export function renderPage(set: GuidelineSet, options: PageOptions = {}): string {
  const { nonce, cspSource, extraHead, script, ...renderOptions } = options;
  const rendered = renderGuideline(set, renderOptions);
  const fm = set.guideline?.frontmatter?.data as Record<string, unknown> | undefined;
  const locale = typeof fm?.locale === 'string' ? fm.locale : undefined;
  const version = typeof fm?.version === 'string' ? ` ${fm.version}` : '';
  return renderPageShell(rendered.html, {
    title: rendered.title + version,
    ...(locale !== undefined ? { lang: locale } : {}),
    ...(nonce !== undefined ? { nonce } : {}),
    ...(cspSource !== undefined ? { cspSource } : {}),
    ...(extraHead !== undefined ? { extraHead } : {}),
    ...(script !== undefined ? { script } : {}),
  });
}

/**
 * Wraps an already rendered (sanitized) body fragment in the page template:
 * the one document shell and CSP shared by renderPage and hosts that get the
 * fragment from elsewhere (the VS Code preview gets it from the language server).
 */
export function renderPageShell(fragment: string, options: PageShellOptions): string {
  const { nonce = createNonce(), cspSource, extraHead, script } = options;
  const scriptNonce = script ? (script.nonce ?? nonce) : undefined;
  const csp = contentSecurityPolicy({ nonce, ...(cspSource ? { cspSource } : {}), ...(scriptNonce !== undefined ? { scriptNonce } : {}) });
  const locale = options.lang !== undefined && LOCALE.test(options.lang) ? options.lang : 'en';

  return [
    '<!doctype html>',
    `<html lang="${escapeAttribute(locale)}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    '<meta name="color-scheme" content="light dark">',
    `<title>${escapeText(showBidiInText(options.title))}</title>`,
    // Without an icon link the browser asks the server for /favicon.ico.
    '<link rel="icon" href="data:,">',
    `<style nonce="${escapeAttribute(nonce)}">${RENDER_CSS}</style>`,
    ...(extraHead ? [extraHead] : []),
    '</head>',
    '<body class="rubric-page">',
    fragment,
    ...(script && scriptNonce !== undefined ? [scriptTag(script, scriptNonce)] : []),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function scriptTag(script: PageScript, nonce: string): string {
  if ('src' in script) return `<script nonce="${escapeAttribute(nonce)}" src="${escapeAttribute(script.src)}"></script>`;
  // Inline code cannot be escaped without changing it: refuse what would end the element early.
  if (/<\/script|<!--/i.test(script.inline)) throw new Error('Unexpected `</script` or `<!--` in the inline script, expected script text that cannot close its element');
  return `<script nonce="${escapeAttribute(nonce)}">${script.inline}</script>`;
}

function checkNonce(nonce: string): void {
  if (!NONCE.test(nonce)) throw new Error(`Unexpected nonce ${JSON.stringify(nonce)}, expected at least 16 base64 characters`);
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
