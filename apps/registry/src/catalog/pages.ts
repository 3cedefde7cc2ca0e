/**
 * The catalog's pages for labelers and vendors: every set with its latest
 * version, one set's versions, a rendered guideline version (renderPage, the
 * renderer of the VS Code preview) and error pages. Pure functions from
 * records to HTML strings; the router fetches the records.
 */
import type { GuidelineSet } from '@rubric/core';
import { renderPage } from '@rubric/render';
import type { DeliveryRecord, QualitySummary, SetRecord, VersionRecord, VersionSummary } from '../domain.js';
import { SERVED_EXPORT_FORMATS } from '../exports.js';
import { html, pathOf, type Html } from './html.js';
import { catalogPage, catalogStyle, shortHash, stateBadge, timeTag, topBar, withTopBar } from './layout.js';
import { band, fmt } from './charts.js';
import { setQualityPath, versionQualityPath } from './quality.js';

/** A set as the index lists it. */
export type IndexedSet = SetRecord & { latest: VersionSummary | null; versions: number };

/** `/`: every set with its latest published version. */
export function indexPage(sets: IndexedSet[], nonce: string): string {
  const cards = sets.map((s) => {
    const latest = s.latest;
    const title = latest?.title || s.id;
    return html`<article class="card">
<h2><a href="${pathOf('sets', s.id)}">${title}</a></h2>
<div class="facts"><code>${s.id}</code>${latest ? html`<span>latest <a href="${pathOf('sets', s.id, latest.version)}"><code>${latest.version}</code></a></span>${stateBadge(latest.state)}` : html`<span>no current version</span>`}</div>
<div class="facts">${latest?.publishedAt ? html`<span>published ${timeTag(latest.publishedAt)}</span>` : ''}<span>${s.versions} version${s.versions === 1 ? '' : 's'}</span>${latest ? shortHash(latest.contentHash) : ''}</div>
<div class="card-links">${latest ? html`<a href="${pathOf('sets', s.id, latest.version)}">Read the guideline</a><a href="${`${pathOf('v1', 'sets', s.id, 'versions', latest.version)}/schema.json`}">schema.json</a>` : ''}<a href="${pathOf('sets', s.id)}">All versions</a></div>
</article>`;
  });
  const main = html`<h1>Guideline sets</h1>
<p class="lead">The published policies labelers work under, each version immutable and identified by its content hash. Pick a set to read its current guideline, earlier versions, and what changed between them.</p>
${sets.length ? html`<div class="cards">${cards}</div>` : html`<p class="empty">Nothing is published yet. Publish a set with <code>rubric publish &lt;set-dir&gt;</code>.</p>`}`;
  return catalogPage({ title: 'Rubric catalog', nonce, crumbs: [{ text: 'Sets' }], main });
}

/** `/sets/{id}`: the versions of one set, newest first. */
export function setPage(set: SetRecord, versions: VersionSummary[], latest: VersionSummary | undefined, olderCursor: string | null, nonce: string, measured: ReadonlyMap<string, QualitySummary> = new Map()): string {
  const title = latest?.title || versions[0]?.title || set.id;
  const rows = versions.map((v, i) => {
    const previous = versions[i + 1];
    const quality = measured.get(v.version);
    const first = quality?.questions.find((q) => q.alpha !== null);
    return html`<tr>
<td><a href="${pathOf('sets', set.id, v.version)}"><code>${v.version}</code></a>${latest?.version === v.version ? html` <span class="muted">(latest)</span>` : ''}</td>
<td>${stateBadge(v.state)}</td>
<td>${timeTag(v.publishedAt)}${v.deprecatedAt ? html`<br><span class="muted">deprecated ${timeTag(v.deprecatedAt)}</span>` : ''}</td>
<td>${v.submittedBy}</td>
<td class="hash">${shortHash(v.contentHash)}</td>
<td>${previous ? html`<a href="${pathOf('sets', set.id, 'diff', previous.version, v.version)}">changes since ${previous.version}</a>` : html`<span class="muted">first listed</span>`}</td>
<td>${quality ? html`<a href="${versionQualityPath(set.id, v.version)}">${first ? html`<code>${first.id}</code> alpha <span class="alpha band-${band(first.alpha?.value)}">${fmt(first.alpha?.value)}</span>` : 'report'}</a>` : html`<span class="muted">not measured</span>`}</td>
</tr>`;
  });
  const main = html`<h1>${title}</h1>
<p class="lead"><code>${set.id}</code> · ${versions.length} version${versions.length === 1 ? '' : 's'} shown · a version is published after ${set.quorum === 0 ? 'submission (no approval needed)' : `${set.quorum} approval${set.quorum === 1 ? '' : 's'}`}</p>
<p class="set-actions">${latest ? html`<a class="button" href="${pathOf('sets', set.id, latest.version)}">Read the latest guideline (${latest.version})</a>` : html`<span class="muted">Every version of this set is deprecated.</span>`} <a class="button" href="${setQualityPath(set.id)}">Labeling quality across versions</a></p>
<h2>Versions</h2>
<div class="table-wrap"><table class="versions">
<thead><tr><th scope="col">Version</th><th scope="col">State</th><th scope="col">Published</th><th scope="col">Submitted by</th><th scope="col">Content hash</th><th scope="col">Diff</th><th scope="col">Labeling quality</th></tr></thead>
<tbody>${rows}</tbody>
</table></div>
${olderCursor ? html`<p class="pager"><a href="${`${pathOf('sets', set.id)}?cursor=${encodeURIComponent(olderCursor)}`}">Older versions</a></p>` : ''}`;
  return catalogPage({ title: `${title} — Rubric catalog`, nonce, crumbs: [{ text: 'Sets', href: '/' }, { text: html`<code>${set.id}</code>` }], main, right: html`<span class="bar-facts"><a href="${pathOf('v1', 'sets', set.id, 'versions')}">versions JSON</a></span>` });
}

/** Where a version stands among its set's versions. */
export interface VersionContext {
  latest: VersionSummary | undefined;
  previous: VersionSummary | undefined;
  /** Where this version was delivered (target id, kind, status, time: never URLs or receivers' errors, the catalog is public). */
  deliveries?: DeliveryRecord[];
  /** The notice of the version's labeling quality, when it was measured. */
  quality?: Html;
}

/** One line naming each delivery of a version and how it stands. */
function deliveryNotice(deliveries: DeliveryRecord[]): Html {
  const items = deliveries.map((d) => {
    const when = d.status === 'delivered' ? html` ${timeTag(d.deliveredAt)}` : d.status === 'pending' ? html` <span class="muted">(attempt ${String(d.attempts)})</span>` : '';
    return html`<span class="delivery ${d.status}"><code>${d.targetId}</code> <span class="muted">${d.kind}</span>: ${d.status}${when}</span>`;
  });
  return html`<p class="catalog-notice deliveries" role="note">Delivered to platforms: ${items.map((item, i) => (i === 0 ? item : html`; ${item}`))}</p>`;
}

/** One line linking to the version's export in every platform format (each a JSON listing of its files). */
function exportsNotice(version: VersionRecord): Html {
  const links = SERVED_EXPORT_FORMATS.map((format) => html`<a href="${`${pathOf('v1', 'sets', version.setId, 'versions', version.version, 'exports', format)}`}"><code>${format}</code></a>`);
  return html`<p class="catalog-notice exports" role="note">Exports for labeling platforms: ${links.map((link, i) => (i === 0 ? link : html` · ${link}`))}</p>`;
}

/** `/sets/{id}/{version}`: the rendered guideline with the catalog bar, downloads and notices. */
export function versionPage(version: VersionRecord, set: GuidelineSet, context: VersionContext, nonce: string, resolveLink: (url: string) => string | undefined): string {
  const api = pathOf('v1', 'sets', version.setId, 'versions', version.version);
  const downloads = html`<span class="downloads" aria-label="Downloads">
<a href="${`${api}/schema.json`}" download="${`${version.setId}-${version.version}.schema.json`}">schema.json</a>
<a href="${`${api}/guideline.md`}" download="${`${version.setId}-${version.version}.guideline.md`}">guideline.md</a>
<a href="${api}">manifest</a>
</span>`;
  const right = html`<span class="bar-facts">${stateBadge(version.state)}${shortHash(version.contentHash)}${context.previous ? html`<a href="${pathOf('sets', version.setId, 'diff', context.previous.version, version.version)}">changes since ${context.previous.version}</a>` : ''}</span>${downloads}`;
  const bar = topBar([{ text: 'Sets', href: '/' }, { text: html`<code>${version.setId}</code>`, href: pathOf('sets', version.setId) }, { text: html`<code>${version.version}</code>` }], right);
  const notices: Html[] = [];
  if (version.state === 'deprecated') {
    notices.push(html`<p class="catalog-notice deprecated" role="note">This version was deprecated ${timeTag(version.deprecatedAt)}. Do not use it for new labeling${context.latest ? html`; the current version is <a href="${pathOf('sets', version.setId, context.latest.version)}">${context.latest.version}</a>` : ''}.</p>`);
  } else if (context.latest && context.latest.version !== version.version) {
    notices.push(html`<p class="catalog-notice older" role="note">A newer version is published: <a href="${pathOf('sets', version.setId, context.latest.version)}">${context.latest.version}</a> (<a href="${pathOf('sets', version.setId, 'diff', version.version, context.latest.version)}">what changed</a>).</p>`);
  }
  if (context.deliveries?.length) notices.push(deliveryNotice(context.deliveries));
  if (context.quality) notices.push(context.quality);
  notices.push(exportsNotice(version));
  const page = renderPage(set, { nonce, extraHead: catalogStyle(nonce), resolveLink });
  return withTopBar(page, html`${bar}${notices}`);
}

/** An error page (404, 400, 500) in the catalog's frame. */
export function errorPage(status: number, heading: string, message: string, nonce: string): string {
  const main = html`<h1>${heading}</h1>
<p class="lead">${message}</p>
<p><a href="/">Back to all guideline sets</a></p>`;
  return catalogPage({ title: `${heading} — Rubric catalog`, nonce, crumbs: [{ text: 'Sets', href: '/' }, { text: String(status) }], main });
}
