/** The browsable catalog: server-rendered pages for labelers and vendors (see routes/catalog.ts for the routes). */
export { indexPage, setPage, versionPage, errorPage, type IndexedSet, type VersionContext } from './pages.js';
export { diffPage, wordDiffHtml } from './diff.js';
export { catalogCsp, catalogPage, withTopBar } from './layout.js';
export { escapeHtml, html, trusted, Html, type HtmlValue } from './html.js';
