/**
 * @rubric/render: a guideline set -> sanitized HTML. One renderer for the
 * VS Code preview and the registry's web catalog.
 */
export { renderGuideline } from './render.js';
export { renderSetDiff, DIFF_CSS, type SetDiffRenderOptions } from './diff.js';
export { renderPage, renderPageShell, contentSecurityPolicy, createNonce } from './page.js';
export { RENDER_CSS } from './styles.js';
export { BIDI_CONTROLS, bidiMarker } from './bidi.js';
export { clearMarkdownCache } from './markdown-tree.js';
export { clearRenderCache } from './render.js';
export type { RenderOptions, RenderedGuideline, TocEntry, PageOptions, PageScript, PageShellOptions } from './types.js';
