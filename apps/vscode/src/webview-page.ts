/**
 * The preview webview's HTML: the language server's sanitized fragment in
 * @rubric/render's page shell (strict CSP, nonce'd style), plus the palette
 * that follows VS Code's theme and the one nonce'd script from media/.
 * No VS Code API here, so the browser test builds exactly this page.
 */
import { DIFF_CSS, renderPageShell } from '@rubric/render';

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
 * RENDER_CSS reads VS Code's colour variables, but its fallbacks (for themes
 * that leave one out) and its fixed palette (severity, kind chips) follow
 * prefers-color-scheme, which in a webview is the OS's, not the editor
 * theme's. VS Code puts vscode-light / vscode-dark / vscode-high-contrast on
 * <body>: pick both from that instead.
 */
export const WEBVIEW_CSS = `
body.vscode-light, body.vscode-high-contrast-light {
  color-scheme: light;
  --r-fg: var(--vscode-editor-foreground, #1f2328); --r-bg: var(--vscode-editor-background, #ffffff);
  --r-muted: var(--vscode-descriptionForeground, #59636e); --r-border: var(--vscode-panel-border, #d1d9e0);
  --r-subtle: var(--vscode-textBlockQuote-background, #f6f8fa); --r-code-bg: var(--vscode-textCodeBlock-background, #eff2f5);
  --r-card: var(--vscode-editorWidget-background, #ffffff); --r-link: var(--vscode-textLink-foreground, #0969da);
  --r-focus: var(--vscode-focusBorder, #0969da);
  --r-green: #1a7f37; --r-blue: #0969da; --r-amber: #9a6700; --r-orange: #bc4c00;
  --r-red: #cf222e; --r-gray: #59636e; --r-purple: #8250df;
}
body.vscode-dark, body.vscode-high-contrast:not(.vscode-high-contrast-light) {
  color-scheme: dark;
  --r-fg: var(--vscode-editor-foreground, #e6edf3); --r-bg: var(--vscode-editor-background, #0d1117);
  --r-muted: var(--vscode-descriptionForeground, #9198a1); --r-border: var(--vscode-panel-border, #3d444d);
  --r-subtle: var(--vscode-textBlockQuote-background, #151b23); --r-code-bg: var(--vscode-textCodeBlock-background, #262c36);
  --r-card: var(--vscode-editorWidget-background, #151b23); --r-link: var(--vscode-textLink-foreground, #4493f8);
  --r-focus: var(--vscode-focusBorder, #4493f8);
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

/** Id of the element whose content the compare script replaces on updates. */
export const COMPARE_ROOT_ID = 'rubric-compare-root';

/** What the compare page is built from. */
export interface ComparePageOptions {
  /** Sanitized body fragment (CompareResult.html). */
  fragment: string;
  title: string;
  nonce: string;
  cspSource: string;
  /** `webview.asWebviewUri(media/compare.js)`. */
  scriptUri: string;
}

/** Builds the complete webview document for the compare panel: the preview's page shell, CSP and palette, plus the diff's styles. */
export function buildComparePage(options: ComparePageOptions): string {
  const cspSource = imageSource(options.cspSource);
  // The guideline page's container class: the same margins, type, links and code as the preview beside it.
  const root = `<main id="${COMPARE_ROOT_ID}" class="rubric-guideline rubric-compare">\n${options.fragment}\n</main>`;
  return renderPageShell(root, {
    title: options.title,
    nonce: options.nonce,
    ...(cspSource !== undefined ? { cspSource } : {}),
    extraHead: `<style nonce="${options.nonce}">${WEBVIEW_CSS}${DIFF_CSS}</style>`,
    script: { src: options.scriptUri },
  });
}
