/**
 * The catalog's labeling-quality pages, where a delivery lead runs the
 * retrospective after a guideline change:
 * - `/sets/{id}/quality`: agreement per question and per label across the
 *   measured versions (server-drawn SVG charts), and every version with its
 *   latest report;
 * - `/sets/{id}/{version}/quality`: one version's report: per question its
 *   agreement and per label bars with intervals and the change since the
 *   compared version, the confusion heat map over the label tree, gold
 *   accuracy and agreement per annotator, the case studies with their texts
 *   (annotated content: hostile by nature, always escaped, never markup),
 *   and the records that could not be used.
 * Pure functions from records to HTML; the router fetches the records.
 */
import type { AnswerValue } from '@rubric/exporters';
import type { CaseStudy, LabelDelta, QualityReport, QuestionQuality } from '@rubric/quality/read';
import type { QualityReportMeta, SetRecord, VersionRecord } from '../domain.js';
import type { LabelSeries, QualityHistory, VersionQuality } from '../quality/history.js';
import { alphaBar, band, barChart, clip, confusionHeatMap, fmt, pct, trendChart, type TreeLabel } from './charts.js';
import { html, pathOf, type Html } from './html.js';
import { catalogPage, shortHash, stateBadge, timeTag } from './layout.js';

/** Case studies shown per page (the report keeps 20). */
const CASES_SHOWN = 20;
/** Confusion pairs listed under a heat map. */
const PAIRS_LISTED = 8;
/** Characters of an annotator's name or an item id shown (the whole is in the title). */
const NAME_CHARS = 64;
/** Invalid records listed. */
const PROBLEMS_LISTED = 50;
/** Characters of a text answer shown in a case study. */
const TEXT_ANSWER_CHARS = 300;

/** The catalog path of a version's quality page. */
export function versionQualityPath(setId: string, version: string): string {
  return `${pathOf('sets', setId, version)}/quality`;
}

/** The catalog path of a set's quality page. */
export function setQualityPath(setId: string): string {
  return `${pathOf('sets', setId)}/quality`;
}

/** An alpha as text with its band's color. */
function alphaText(value: number | null | undefined, digits = 2): Html {
  return html`<span class="alpha band-${band(value)}">${fmt(value, digits)}</span>`;
}

/** A change with its direction: ▲ up, ▼ down. */
function deltaText(delta: number | null | undefined, since?: string): Html {
  if (delta === null || delta === undefined || !Number.isFinite(delta)) return html`<span class="muted">—</span>`;
  const dir = delta > 0.0005 ? 'up' : delta < -0.0005 ? 'down' : 'flat';
  const mark = dir === 'up' ? '▲' : dir === 'down' ? '▼' : '=';
  return html`<span class="delta delta-${dir}">${mark}${fmt(Math.abs(delta))}${since ? html` <span class="muted">since ${since}</span>` : ''}</span>`;
}

/** The legend of the bands. */
const LEGEND = html`<p class="quality-legend"><span class="swatch zone-reliable"></span>reliable (alpha ≥ 0.8) <span class="swatch zone-tentative"></span>tentative (≥ 0.667) <span class="swatch zone-low"></span>not to be relied on · whiskers: 95% bootstrap intervals</p>`;

/** One answer in a case study. */
function answerHtml(value: AnswerValue | undefined): Html {
  if (value === undefined) return html`<span class="muted">no answer</span>`;
  if (typeof value === 'number') return html`${String(value)}`;
  if (typeof value === 'string') return html`<code>${value}</code>`;
  if (value.length === 0) return html`<span class="muted">none</span>`;
  return html`${(value as unknown[]).map((v, i) => {
    const sep = i ? ' ' : '';
    if (typeof v === 'string') return html`${sep}<code>${v}</code>`;
    const span = v as { label?: unknown; start?: unknown; end?: unknown };
    return html`${sep}<code>${String(span.label)}</code> <span class="muted">[${String(span.start)}–${String(span.end)}]</span>`;
  })}`;
}

/** A text answer (question type text) cut for a case study. */
function textAnswer(value: AnswerValue | undefined): Html {
  if (typeof value !== 'string') return answerHtml(value);
  const chars = Array.from(value);
  return html`<span class="text-answer">${chars.length > TEXT_ANSWER_CHARS ? `${chars.slice(0, TEXT_ANSWER_CHARS).join('')}…` : value}</span>`;
}

/** Whether two answers are the same (lists as sets). */
function sameAnswer(a: AnswerValue | undefined, b: AnswerValue | undefined): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    const keys = (v: unknown[]): string => v.map((x) => JSON.stringify(x)).sort().join('\n');
    return keys(a) === keys(b);
  }
  return a === b;
}

/** A case study: the item, its text shown as text, every annotator's answer and the gold answer. */
function caseCard(c: CaseStudy, question: QuestionQuality | undefined): Html {
  const entries = Object.entries(c.answers);
  const isText = question?.type === 'text';
  return html`<article class="case">
<header><span>item <code title="${c.item}">${clip(c.item, NAME_CHARS)}</code></span><span>question <code>${c.question}</code></span><span>disagreement ${fmt(c.disagreement)}</span>${c.gold !== undefined ? html`<span>gold ${answerHtml(c.gold)}</span>` : ''}</header>
${c.text !== undefined && c.text !== '' ? html`<blockquote class="case-text">${c.text}</blockquote>` : html`<p class="muted">No text was sent with this item.</p>`}
<table class="answers"><thead><tr><th scope="col">Annotator</th><th scope="col">Answer</th></tr></thead><tbody>${entries.map(
    ([annotator, value]) => html`<tr${c.gold !== undefined ? html` class="${sameAnswer(value, c.gold) ? 'agrees' : 'differs'}"` : ''}><td title="${annotator}">${clip(annotator, NAME_CHARS)}</td><td>${isText ? textAnswer(value) : answerHtml(value)}</td></tr>`,
  )}</tbody></table>
</article>`;
}

/** The labels of a question in tree order with their depth and top-level group. */
function treeLabels(q: QuestionQuality): TreeLabel[] {
  const parent = new Map(q.labels.map((l) => [l.id, l.parent]));
  return q.labels.map((l) => {
    let depth = 0;
    let root = l.id;
    for (let p = l.parent; p !== null && p !== undefined && depth < 32; p = parent.get(p) ?? null) {
      depth++;
      root = p;
    }
    return { id: l.id, depth, root, parent: l.parent };
  });
}

/** The labels table of a single or multi question: agreement bar, value, change, prevalence, gold. */
function labelTable(q: QuestionQuality, deltas: Map<string, LabelDelta>, since: string | undefined): Html {
  const depth = new Map(treeLabels(q).map((l) => [l.id, l.depth]));
  const hasGold = q.labels.some((l) => l.gold !== null && (l.gold.precision !== null || l.gold.recall !== null));
  const rows = q.labels.map((l) => {
    const d = deltas.get(l.id);
    const renamed = d && d.previousId !== l.id ? html` <span class="muted">(was <code>${d.previousId}</code>)</span>` : '';
    return html`<tr>
<th scope="row" class="label-cell depth-${Math.min(depth.get(l.id) ?? 0, 4)}"><code>${l.id}</code>${l.deprecated ? html` <span class="badge state state-deprecated">deprecated</span>` : ''}${renamed}</th>
<td>${alphaBar(l.alpha, l.alphaInterval?.low ?? null, l.alphaInterval?.high ?? null, l.id)}</td>
<td class="num">${alphaText(l.alpha)}</td>
${since ? html`<td class="num">${deltaText(d?.alpha.delta)}</td>` : ''}
<td class="num">${pct(l.prevalence)}</td>
${hasGold ? html`<td class="num">${pct(l.gold?.precision)}</td><td class="num">${pct(l.gold?.recall)}</td>` : ''}
</tr>`;
  });
  return html`<div class="table-wrap"><table class="quality-labels">
<thead><tr><th scope="col">Label</th><th scope="col">Agreement (alpha, 95% interval)</th><th scope="col" class="num">Alpha</th>${since ? html`<th scope="col" class="num">Change since ${since}</th>` : ''}<th scope="col" class="num">Prevalence</th>${hasGold ? html`<th scope="col" class="num">Gold precision</th><th scope="col" class="num">Gold recall</th>` : ''}</tr></thead>
<tbody>${rows}</tbody>
</table></div>`;
}

/** A span question's labels: F1 between annotators, exact and overlap. */
function spanTable(q: QuestionQuality): Html {
  return html`<div class="table-wrap"><table class="quality-labels">
<thead><tr><th scope="col">Span label</th><th scope="col" class="num">F1 exact</th><th scope="col" class="num">F1 overlap</th><th scope="col" class="num">Prevalence</th></tr></thead>
<tbody>${q.labels.map((l) => html`<tr><th scope="row"><code>${l.id}</code></th><td class="num">${fmt(l.f1?.exact)}</td><td class="num">${fmt(l.f1?.overlap)}</td><td class="num">${pct(l.prevalence)}</td></tr>`)}</tbody>
</table></div>`;
}

/** The confusions of a question: the heat map over its tree and the most confused pairs. */
function confusionSection(q: QuestionQuality): Html {
  if (q.confusions.length === 0) return html`<p class="muted">No two labels of <code>${q.id}</code> were given against each other.</p>`;
  // Big trees: only the labels in a confusion, with their ancestors, so the matrix stays readable.
  let labels = treeLabels(q);
  if (labels.length > 40) {
    const keep = new Set(q.confusions.flatMap((c) => c.labels));
    const parent = new Map(labels.map((l) => [l.id, l.parent]));
    for (const id of [...keep]) for (let p = parent.get(id); p; p = parent.get(p)) keep.add(p);
    labels = labels.filter((l) => keep.has(l.id));
  }
  const top = q.confusions.slice(0, PAIRS_LISTED);
  return html`<div class="heat-wrap">${confusionHeatMap(labels, q.confusions, q.id)}</div>
<ol class="pairs">${top.map((c) => html`<li><code>${c.labels[0]}</code> and <code>${c.labels[1]}</code>: ${String(c.count)} pair${c.count === 1 ? '' : 's'}, ${pct(c.share)} of the disagreements${c.sibling ? html` <span class="badge sibling-badge">siblings</span>` : ''}</li>`)}</ol>`;
}

/** One question's section of a version's quality page. */
function questionSection(q: QuestionQuality, report: QualityReport): Html {
  const since = report.compare?.previous.version;
  const qDelta = report.compare?.questions.find((x) => x.id === q.id)?.alpha;
  const deltas = new Map((report.compare?.labels ?? []).filter((d) => d.question === q.id).map((d) => [d.id, d]));
  const facts = html`<div class="quality-facts">
<span>alpha ${alphaText(q.alpha?.value, 3)}${q.alpha && q.alpha.low !== null && q.alpha.high !== null ? html` <span class="muted">(95% ${fmt(q.alpha.low)} to ${fmt(q.alpha.high)})</span>` : ''}</span>
${since && qDelta ? html`<span>${deltaText(qDelta.delta, since)}</span>` : ''}
<span>agreement ${pct(q.percentAgreement)}</span>
${q.type === 'single' ? html`<span>Fleiss' kappa ${fmt(q.fleissKappa, 3)}</span>` : ''}
<span>${String(q.pairable)} of ${String(q.items)} items with two answers or more</span>
<span>${String(q.annotators)} annotator${q.annotators === 1 ? '' : 's'}</span>
${q.gold ? (q.gold.items > 0 ? html`<span>gold accuracy ${pct(q.gold.accuracy)} <span class="muted">on ${String(q.gold.items)} gold item${q.gold.items === 1 ? '' : 's'}</span></span>` : html`<span class="muted">no gold item annotated</span>`) : ''}
${q.f1 ? html`<span>span F1 ${fmt(q.f1.exact)} exact, ${fmt(q.f1.overlap)} overlap</span>` : ''}
</div>`;
  let body: Html | string = '';
  if (q.type === 'single' || q.type === 'multi') body = html`${labelTable(q, deltas, since)}<h3>Confused labels</h3>${confusionSection(q)}`;
  else if (q.type === 'span') body = spanTable(q);
  else if (q.type === 'text') body = html`<p class="muted">Free text has no agreement measure; its answers show in the case studies.</p>`;
  const labelCases = q.labels.filter((l) => l.cases.length > 0);
  const cases = labelCases.length
    ? html`<details class="label-cases"><summary>Case studies by label (${String(labelCases.length)} label${labelCases.length === 1 ? '' : 's'})</summary>${labelCases.map((l) => html`<h4><code>${l.id}</code></h4>${l.cases.map((c) => caseCard(c, q))}`)}</details>`
    : '';
  return html`<section class="quality-question" id="${`question-${q.id}`}">
<h2>Question <code>${q.id}</code> <span class="muted">${q.type}${q.metric ? html` · ${q.metric}` : ''}</span></h2>
${facts}
${body}
${cases}
</section>`;
}

/** Where a report's annotations came from, for people. */
function sourceText(source: QualityReportMeta['source']): Html {
  return source.kind === 'upload' ? html`an upload` : html`Label Studio target <code>${source.targetId}</code>`;
}

/** `/sets/{id}/{version}/quality`: one version's latest report. */
export function versionQualityPage(version: VersionRecord, report: QualityReport, meta: QualityReportMeta & { reports: number }, nonce: string): string {
  const setId = version.setId;
  const r = report.records;
  const api = `${pathOf('v1', 'sets', setId, 'versions', version.version)}/quality`;
  const since = report.compare?.previous.version;
  const questionsById = new Map(report.questions.map((q) => [q.id, q]));
  const annotators = [...report.annotators].sort((a, b) => (a.goldAccuracy ?? 2) - (b.goldAccuracy ?? 2) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const withGold = annotators.filter((a) => a.goldAccuracy !== null);
  const byAgreement = [...report.annotators].sort((a, b) => (a.agreement ?? 2) - (b.agreement ?? 2) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const shown = 100;
  const main = html`<h1>Labeling quality of <code>${setId}</code> <code>${version.version}</code></h1>
<p class="lead">Measured ${timeTag(meta.uploadedAt)} from ${sourceText(meta.source)} by ${meta.uploadedBy}: ${String(r.used)} record${r.used === 1 ? '' : 's'} used of ${String(r.read)} read (${String(r.invalid)} invalid, ${String(r.duplicates)} replaced by a later answer${r.skipped ? `, ${r.skipped} skipped` : ''}), ${String(report.annotators.length)} annotator${report.annotators.length === 1 ? '' : 's'}, ${String(report.gold.items)} gold item${report.gold.items === 1 ? '' : 's'} (the guideline's examples). ${since ? html`Compared with <a href="${versionQualityPath(setId, since)}">${since}</a>.` : 'No earlier version was measured to compare with.'}</p>
<p class="quality-links"><a href="${pathOf('sets', setId, version.version)}">The guideline ${version.version}</a> · <a href="${setQualityPath(setId)}">Quality across versions</a> · <a href="${api}">JSON report</a> · <a href="${`${api}/reports`}">${String(meta.reports)} report${meta.reports === 1 ? '' : 's'} of this version</a> ${shortHash(version.contentHash)}</p>
${LEGEND}
${report.gold.examplesError ? html`<p class="catalog-notice older" role="note">The guideline's examples could not be used as gold items: ${report.gold.examplesError}</p>` : ''}
${report.questions.map((q) => questionSection(q, report))}
<section class="quality-annotators" id="annotators">
<h2>Annotators</h2>
${report.annotators.length === 0 ? html`<p class="muted">No record named its annotator: the figures above come from gold items only.</p>` : ''}
${withGold.length ? html`<h3>Gold accuracy</h3><p class="muted">Share of the gold items' answers (the guideline's examples) each annotator got right; an unanswered gold question counts as wrong. Lowest first.</p><div class="chart-wrap">${barChart(withGold.slice(0, shown).map((a) => ({ label: a.id, value: a.goldAccuracy, note: `${a.goldAnswers} gold answers, ${a.annotations} records` })), { label: 'gold accuracy', cls: 'gold' })}</div>` : report.annotators.length ? html`<p class="muted">No annotator answered a gold item.</p>` : ''}
${byAgreement.length ? html`<h3>Agreement with the others</h3><p class="muted">Share of each annotator's answers that agree with another annotator's on the same item. Lowest first.</p><div class="chart-wrap">${barChart(byAgreement.slice(0, shown).map((a) => ({ label: a.id, value: a.agreement, note: `${a.annotations} records` })), { label: 'agreement', cls: 'agreement' })}</div>` : ''}
${report.annotators.length > shown ? html`<p class="muted">The ${String(shown)} lowest of ${String(report.annotators.length)} annotators are shown; the JSON report lists all.</p>` : ''}
</section>
<section class="quality-cases" id="case-studies">
<h2>Case studies</h2>
<p class="muted">The items labelers disagreed on most, with every answer: the material of a retrospective, and candidates for new examples in the guideline.</p>
${report.disagreements.length ? report.disagreements.slice(0, CASES_SHOWN).map((c) => caseCard(c, questionsById.get(c.question))) : html`<p class="empty">No item had disagreeing answers.</p>`}
</section>
${report.problems.length || r.invalid ? html`<section class="quality-problems" id="records-not-used">
<h2>Records not used</h2>
<p class="muted">${String(r.invalid)} record${r.invalid === 1 ? '' : 's'} could not be used${report.problems.length < r.invalid ? `; the first ${report.problems.length} are listed in the report` : ''}.</p>
<ul class="problems">${report.problems.slice(0, PROBLEMS_LISTED).map((p) => html`<li class="warning">${p.line !== undefined ? html`line ${String(p.line)}: ` : ''}${p.errors.map((e, i) => html`${i ? '; ' : ''}${e.path ? html`<code>${e.path}</code> ` : ''}${e.message}`)}</li>`)}</ul>
</section>` : ''}`;
  return catalogPage({
    title: `Labeling quality of ${setId} ${version.version} — Rubric catalog`,
    nonce,
    crumbs: [{ text: 'Sets', href: '/' }, { text: html`<code>${setId}</code>`, href: pathOf('sets', setId) }, { text: html`<code>${version.version}</code>`, href: pathOf('sets', setId, version.version) }, { text: 'Quality' }],
    main,
    right: html`<span class="bar-facts">${stateBadge(version.state)}<a href="${api}">JSON report</a></span>`,
  });
}

/** A label's card in the small multiples: its latest alpha, the change since the point before, and the sparkline. */
function labelCard(s: LabelSeries): Html {
  const last = s.history[s.history.length - 1];
  const before = s.history.length > 1 ? s.history[s.history.length - 2] : undefined;
  const delta = last && before && last.alpha !== null && before.alpha !== null ? last.alpha - before.alpha : null;
  const names = [...new Set(s.history.map((p) => p.id))].filter((id) => id !== s.id);
  return html`<article class="label-trend${s.current ? '' : ' gone'}">
<header><code>${s.id}</code>${s.current ? '' : html` <span class="muted">(not in the newest measured version)</span>`}</header>
<div class="label-trend-facts">alpha ${alphaText(last?.alpha)} ${before ? deltaText(delta, before.version) : ''}${names.length ? html` <span class="muted">was ${names.map((id, i) => html`${i ? ', ' : ''}<code>${id}</code>`)}</span>` : ''}</div>
${trendChart(
  s.history.map((p) => ({ version: p.version, value: p.alpha, low: p.low, high: p.high, ...(p.id !== s.id ? { note: `named ${p.id} then` } : {}) })),
  { label: s.id, compact: true },
)}
</article>`;
}

/** The table of versions with their latest report. */
function versionsTable(setId: string, versions: VersionQuality[], questions: string[]): Html {
  const rows = [...versions].reverse().map((v) => {
    const alpha = new Map(v.questions.map((q) => [q.id, q.alpha]));
    return html`<tr>
<td>${v.report ? html`<a href="${versionQualityPath(setId, v.version)}"><code>${v.version}</code></a>` : html`<code>${v.version}</code>`}</td>
<td>${stateBadge(v.state)}</td>
<td>${v.report ? html`${timeTag(v.report.uploadedAt)}<br><span class="muted">by ${v.report.uploadedBy}${v.report.reports > 1 ? ` · ${v.report.reports} reports` : ''}</span>` : html`<span class="muted">not measured</span>`}</td>
<td class="num">${v.report ? html`${String(v.report.records.used)}${v.report.records.invalid ? html`<br><span class="muted">${String(v.report.records.invalid)} invalid</span>` : ''}` : ''}</td>
<td class="num">${v.report ? String(v.report.annotators) : ''}</td>
${questions.map((id) => {
  const a = alpha.get(id);
  return html`<td class="num">${v.report ? alphaText(a?.value ?? null) : ''}</td>`;
})}
</tr>`;
  });
  return html`<div class="table-wrap"><table class="versions">
<thead><tr><th scope="col">Version</th><th scope="col">State</th><th scope="col">Measured</th><th scope="col" class="num">Records used</th><th scope="col" class="num">Annotators</th>${questions.map((id) => html`<th scope="col" class="num">alpha <code>${id}</code></th>`)}</tr></thead>
<tbody>${rows}</tbody>
</table></div>`;
}

/** `/sets/{id}/quality`: agreement across versions, per question and per label. */
export function setQualityPage(set: SetRecord, title: string, history: QualityHistory, nonce: string): string {
  const measured = history.versions.filter((v) => v.report !== null);
  // Questions with an agreement measure, in the newest measured version's order, then older ones'.
  const questions: { id: string; type: string }[] = [];
  for (const v of [...measured].reverse()) for (const q of v.questions) if (q.type !== 'text' && q.type !== 'span' && !questions.some((x) => x.id === q.id)) questions.push({ id: q.id, type: q.type });
  const trends = questions.map((q) => {
    const points = measured.map((v) => {
      const found = v.questions.find((x) => x.id === q.id);
      return { version: v.version, value: found?.alpha?.value ?? null, low: found?.alpha?.low ?? null, high: found?.alpha?.high ?? null, note: found ? `${found.pairable} items with two answers or more` : 'not asked' };
    });
    const last = [...points].reverse().find((p) => p.value !== null);
    return html`<section class="quality-card">
<h3>Question <code>${q.id}</code> <span class="muted">${q.type}</span> <span class="quality-latest">latest alpha ${alphaText(last?.value ?? null, 3)}</span></h3>
<div class="chart-wrap">${trendChart(points, { label: q.id })}</div>
</section>`;
  });
  const byQuestion = new Map<string, LabelSeries[]>();
  for (const s of history.labels) {
    const list = byQuestion.get(s.question) ?? [];
    list.push(s);
    byQuestion.set(s.question, list);
  }
  const labelSections = [...byQuestion].map(([question, series]) => {
    const charted = series.filter((s) => s.history.some((p) => p.alpha !== null));
    const without = series.filter((s) => !charted.includes(s));
    if (charted.length === 0 && without.length === 0) return '';
    return html`<h3>Labels of <code>${question}</code></h3>
${charted.length ? html`<div class="label-trends">${charted.map(labelCard)}</div>` : ''}
${without.length ? html`<p class="muted">Not enough answers for an agreement yet: ${without.map((s, i) => html`${i ? ', ' : ''}<code>${s.id}</code>`)}.</p>` : ''}`;
  });
  const main = html`<h1>Labeling quality: ${title}</h1>
<p class="lead"><code>${set.id}</code> · how well labelers agree under each version of the guideline, measured from their annotations (Krippendorff's alpha per question and per label; a label keeps its history across renames). ${String(measured.length)} of ${String(history.versions.length)} version${history.versions.length === 1 ? '' : 's'} measured.</p>
${measured.length === 0
  ? html`<p class="empty">No version of this set has been measured yet. Post a version's annotations to <code>POST /v1/sets/${set.id}/versions/{version}/quality</code> (a token with the quality scope), or pull them from its Label Studio target.</p>`
  : html`${LEGEND}
<h2>Agreement per question</h2>
${trends}
<h2>Agreement per label</h2>
${labelSections}`}
<h2>Versions</h2>
${versionsTable(set.id, history.versions, questions.map((q) => q.id))}`;
  return catalogPage({
    title: `Labeling quality: ${title} — Rubric catalog`,
    nonce,
    crumbs: [{ text: 'Sets', href: '/' }, { text: html`<code>${set.id}</code>`, href: pathOf('sets', set.id) }, { text: 'Quality' }],
    main,
    right: html`<span class="bar-facts"><a href="${`${pathOf('v1', 'sets', set.id)}/quality`}">quality JSON</a></span>`,
  });
}

/** The notice on a version's guideline page: its agreement per question, linking to its quality page. */
export function qualityNotice(setId: string, version: string, summary: QualityReportMeta['summary']): Html {
  const figures = summary.questions.filter((q) => q.alpha !== null);
  return html`<p class="catalog-notice quality" role="note">Labeling quality of this version: ${figures.length ? figures.map((q, i) => html`${i ? ' · ' : ''}<code>${q.id}</code> alpha ${alphaText(q.alpha?.value ?? null)}`) : 'no agreement measurable yet'} <span class="muted">(${String(summary.annotators)} annotators, ${String(summary.records.used)} records)</span> — <a href="${versionQualityPath(setId, version)}">the report</a></p>`;
}
