/**
 * The preview webview's HTML: the language server's sanitized fragment in
 * @rubric/render's page shell (strict CSP, nonce'd style), plus the palette
 * that follows VS Code's theme and the one nonce'd script from media/.
 * No VS Code API here, so the browser test builds exactly this page.
 */
import { renderPageShell } from '@rubric/render';

/** Id of the element whose content the preview script replaces on updates. */
export const PREVIEW_ROOT_ID = 'rubric-preview-root';

/** What the preview page is built from. */
export interface PreviewPageOptions {
  /** Sanitized body fragment (PreviewResult.html). */
  fragment: string;
  title: string;
  /** Fresh per page: the style and the script carry it. */
  nonce: string;
  /** `webview.cspSource`: lets images from the extension's media load (see {@link imageSource}). */
  cspSource: string;
  /** `webview.asWebviewUri(media/preview.js)`. */
  scriptUri: string;
  /** Whether editor and preview scroll each other (setting rubric.preview.scrollSync). */
  scrollSync: boolean;
}

/**
 * RENDER_CSS reads VS Code's colour variables but picks its fixed palette
 * (severity, kind chips) by prefers-color-scheme, which in a webview follows
 * the OS, not the editor theme. VS Code puts vscode-light / vscode-dark /
 * vscode-high-contrast on <body>: pick the palette from those instead.
 */
export const WEBVIEW_CSS = `
body.vscode-light, body.vscode-high-contrast-light {
  color-scheme: light;
  --r-green: #1a7f37; --r-blue: #0969da; --r-amber: #9a6700; --r-orange: #bc4c00;
  --r-red: #cf222e; --r-gray: #59636e; --r-purple: #8250df;
}
body.vscode-dark, body.vscode-high-contrast:not(.vscode-high-contrast-light) {
  color-scheme: dark;
  --r-green: #3fb950; --r-blue: #4493f8; --r-amber: #d29922; --r-orange: #f0883e;
  --r-red: #f85149; --r-gray: #9198a1; --r-purple: #ab7df8; --r-shadow: none;
}
body.rubric-page { padding: 0; }
`;

/**
 * The one host source of `webview.cspSource` the page allows images from.
 * Desktop VS Code gives one (`https://*.vscode-cdn.net`); code-server gives
 * `'self' https://*.vscode-cdn.net`, and the page CSP takes exactly one host
 * source, so keywords are dropped: stricter, and nothing in the preview loads
 * from the webview's own origin (the script is allowed by its nonce).
 */
export function imageSource(cspSource: string): string | undefined {
  return cspSource.split(/\s+/).find((token) => token !== '' && !/['";,]/.test(token));
}

/** Builds the complete webview document for a preview. */
export function buildPreviewPage(options: PreviewPageOptions): string {
  const cspSource = imageSource(options.cspSource);
  const root = `<div id="${PREVIEW_ROOT_ID}" data-scroll-sync="${options.scrollSync ? 'true' : 'false'}">\n${options.fragment}\n</div>`;
  return renderPageShell(root, {
    title: options.title,
    nonce: options.nonce,
    ...(cspSource !== undefined ? { cspSource } : {}),
    // The nonce is checked to be base64 by the shell's CSP, so it is safe in the attribute.
    extraHead: `<style nonce="${options.nonce}">${WEBVIEW_CSS}</style>`,
    script: { src: options.scriptUri },
  });
}
