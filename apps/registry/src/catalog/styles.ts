/**
 * The catalog's own stylesheet, on top of the renderer's (RENDER_CSS): the
 * top bar, tables of sets and versions, state and level badges, the diff.
 * It uses the renderer's color variables, so light and dark follow the same
 * palette as the guideline pages.
 */
export const CATALOG_CSS = `
body.catalog { font-family: var(--r-font); font-size: 15px; line-height: 1.55; }
.catalog-bar {
  position: sticky; top: 0; z-index: 10; display: flex; flex-wrap: wrap; align-items: center; gap: 6px 18px;
  padding: 10px 24px; background: var(--r-subtle); border-bottom: 1px solid var(--r-border);
  font-family: var(--r-font); font-size: 14px; line-height: 1.5; color: var(--r-fg);
}
.catalog-bar a { color: var(--r-link); text-decoration: none; }
.catalog-bar a:hover { text-decoration: underline; }
.catalog-bar .brand { font-weight: 700; color: var(--r-fg); letter-spacing: -0.01em; display: inline-flex; align-items: center; gap: 8px; }
.catalog-bar .brand-mark { display: inline-block; width: 18px; height: 18px; border-radius: 5px; background: linear-gradient(135deg, var(--r-blue), var(--r-purple)); }
.crumbs { display: flex; flex-wrap: wrap; align-items: center; gap: 4px; color: var(--r-muted); min-width: 0; }
.crumbs .sep { opacity: 0.6; }
.crumbs code { font-family: var(--r-mono); font-size: 0.92em; color: var(--r-fg); overflow-wrap: anywhere; }
.bar-spacer { flex: 1 1 auto; }
.bar-facts { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 14px; color: var(--r-muted); }
.bar-facts code { font-family: var(--r-mono); font-size: 0.86em; }
.downloads { display: flex; flex-wrap: wrap; gap: 6px; }
.downloads a, .button {
  display: inline-flex; align-items: center; gap: 4px; padding: 2px 10px; border-radius: 6px; border: 1px solid var(--r-border);
  background: var(--r-bg); color: var(--r-fg); font-size: 13px; white-space: nowrap;
}
.downloads a:hover, .button:hover { border-color: var(--r-link); text-decoration: none; }
.catalog-notice { margin: 0; padding: 8px 24px; border-bottom: 1px solid var(--r-border); font-family: var(--r-font); font-size: 14px; line-height: 1.5; color: var(--r-fg); }
.catalog-notice a { color: var(--r-link); }
.catalog-notice.deprecated { background: color-mix(in srgb, var(--r-red) 10%, transparent); }
.catalog-notice.older { background: color-mix(in srgb, var(--r-amber) 10%, transparent); }
.catalog-main { box-sizing: border-box; max-width: 1120px; margin: 0 auto; padding: 28px 24px 64px; overflow-wrap: anywhere; }
.catalog-main h1 { font-size: 1.9em; line-height: 1.2; margin: 0 0 6px; font-weight: 650; letter-spacing: -0.01em; }
.catalog-main h2 { font-size: 1.25em; margin: 32px 0 10px; }
.catalog-main a { color: var(--r-link); text-decoration: none; }
.catalog-main a:hover { text-decoration: underline; }
.catalog-main code { font-family: var(--r-mono); font-size: 0.88em; background: var(--r-code-bg); padding: 0.1em 0.35em; border-radius: 5px; }
.lead { color: var(--r-muted); margin: 0 0 22px; max-width: 72ch; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 16px; }
.card {
  display: flex; flex-direction: column; gap: 8px; padding: 16px 18px; border: 1px solid var(--r-border); border-radius: 10px;
  background: var(--r-card); box-shadow: var(--r-shadow);
}
.card h2 { margin: 0; font-size: 1.15em; line-height: 1.3; }
.card .facts { display: flex; flex-wrap: wrap; gap: 6px 14px; color: var(--r-muted); font-size: 0.9em; }
.card .card-links { display: flex; flex-wrap: wrap; gap: 12px; font-size: 0.9em; margin-top: auto; }
table.versions { width: 100%; border-collapse: collapse; font-size: 0.94em; }
table.versions th, table.versions td { text-align: left; padding: 8px 10px; border-bottom: 1px solid var(--r-border); vertical-align: top; }
table.versions th { color: var(--r-muted); font-weight: 600; font-size: 0.86em; text-transform: uppercase; letter-spacing: 0.05em; }
table.versions td.hash code { font-size: 0.82em; white-space: nowrap; }
.table-wrap { overflow-x: auto; }
.badge.state { text-transform: uppercase; letter-spacing: 0.06em; font-size: 0.72em; }
.badge.state-published { background: var(--r-green); color: #ffffff; }
.badge.state-deprecated { background: var(--r-red); color: #ffffff; }
.badge.state-pending { background: color-mix(in srgb, var(--r-amber) 16%, transparent); color: var(--r-amber); border-color: var(--r-amber); }
.badge.level { text-transform: uppercase; letter-spacing: 0.06em; font-size: 0.72em; min-width: 4.6em; justify-content: center; }
.badge.level-major { background: var(--r-red); color: #ffffff; }
.badge.level-minor { background: color-mix(in srgb, var(--r-amber) 18%, transparent); color: var(--r-amber); border-color: var(--r-amber); }
.badge.level-patch { background: var(--r-subtle); color: var(--r-muted); border-color: var(--r-border); }
.badge.level-none { background: var(--r-subtle); color: var(--r-muted); border-color: var(--r-border); }
.muted { color: var(--r-muted); }
.empty { padding: 24px; border: 1px dashed var(--r-border); border-radius: 10px; color: var(--r-muted); text-align: center; }
.pager { margin-top: 16px; }
.summary { display: flex; flex-wrap: wrap; gap: 10px 22px; align-items: center; margin: 10px 0 18px; color: var(--r-muted); }
.problems { list-style: none; padding: 0; margin: 0 0 18px; }
.problems li { padding: 8px 12px; border-radius: 8px; margin-bottom: 6px; border: 1px solid var(--r-border); }
.problems li.error { border-color: var(--r-red); background: color-mix(in srgb, var(--r-red) 8%, transparent); }
.problems li.warning { border-color: var(--r-amber); background: color-mix(in srgb, var(--r-amber) 8%, transparent); }
.change-group { border: 1px solid var(--r-border); border-radius: 10px; margin: 0 0 14px; background: var(--r-card); box-shadow: var(--r-shadow); }
.change-group > h3 { margin: 0; padding: 10px 14px; font-size: 1em; border-bottom: 1px solid var(--r-border); background: var(--r-subtle); border-radius: 10px 10px 0 0; display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
.change-group > h3 .group-kind { color: var(--r-muted); font-weight: 500; font-size: 0.88em; }
.changes { list-style: none; margin: 0; padding: 0; }
.changes > li { padding: 10px 14px; border-top: 1px solid var(--r-border); display: grid; grid-template-columns: auto 1fr; gap: 4px 12px; }
.changes > li:first-child { border-top: none; }
.change-body { min-width: 0; }
.change-reason { margin: 0; }
.change-meta { margin: 2px 0 0; font-size: 0.86em; color: var(--r-muted); display: flex; flex-wrap: wrap; gap: 4px 12px; }
.change-meta code { font-size: 0.92em; }
.before-after { margin: 6px 0 0; font-size: 0.92em; }
.ack { margin: 6px 0 0; font-size: 0.9em; font-style: italic; }
.words { margin: 8px 0 0; padding: 10px 12px; background: var(--r-subtle); border-radius: 8px; line-height: 1.7; white-space: pre-wrap; }
.words del { background: color-mix(in srgb, var(--r-red) 16%, transparent); color: inherit; text-decoration: line-through; text-decoration-color: var(--r-red); border-radius: 3px; padding: 0 1px; }
.words ins { background: color-mix(in srgb, var(--r-green) 18%, transparent); color: inherit; text-decoration: none; border-radius: 3px; padding: 0 1px; }
.words .elided { color: var(--r-muted); }
.catalog-footer { box-sizing: border-box; max-width: 1120px; margin: 0 auto; padding: 0 24px 32px; color: var(--r-muted); font-size: 13px; }
.catalog-footer a { color: var(--r-muted); }

/* Labeling quality: bands of alpha, charts (inline SVG, styled here: the CSP allows no style attribute), tables, case studies. */
.set-actions { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
.catalog-notice.quality { background: color-mix(in srgb, var(--r-blue) 8%, transparent); }
.quality-legend { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 10px; color: var(--r-muted); font-size: 0.88em; margin: 0 0 12px; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 3px; border: 1px solid var(--r-border); vertical-align: -1px; }
.swatch.zone-low { background: color-mix(in srgb, var(--r-red) 16%, var(--r-bg)); }
.swatch.zone-tentative { background: color-mix(in srgb, var(--r-amber) 18%, var(--r-bg)); }
.swatch.zone-reliable { background: color-mix(in srgb, var(--r-green) 16%, var(--r-bg)); }
.quality-links { display: flex; flex-wrap: wrap; gap: 4px 10px; align-items: center; margin: -10px 0 14px; font-size: 0.92em; }
.quality-facts { display: flex; flex-wrap: wrap; gap: 6px 18px; margin: 4px 0 14px; }
.quality-question, .quality-annotators, .quality-cases, .quality-problems { border-top: 1px solid var(--r-border); margin-top: 28px; }
.quality-card { border: 1px solid var(--r-border); border-radius: 10px; padding: 8px 14px 4px; margin: 0 0 14px; background: var(--r-card); box-shadow: var(--r-shadow); }
.quality-card h3 { margin: 4px 0 6px; font-size: 1em; display: flex; flex-wrap: wrap; gap: 8px; align-items: baseline; }
.quality-latest { margin-left: auto; font-weight: 500; }
.alpha { font-variant-numeric: tabular-nums; font-weight: 600; }
.alpha.band-reliable { color: var(--r-green); } .alpha.band-tentative { color: var(--r-amber); } .alpha.band-low { color: var(--r-red); } .alpha.band-none { color: var(--r-muted); font-weight: 400; }
.delta { font-variant-numeric: tabular-nums; white-space: nowrap; }
.delta-up { color: var(--r-green); } .delta-down { color: var(--r-red); } .delta-flat { color: var(--r-muted); }
.chart-wrap, .heat-wrap { overflow-x: auto; }
svg.chart { display: block; max-width: 100%; height: auto; font-family: var(--r-font); font-size: 11px; }
svg.chart.alpha-bar { display: inline-block; vertical-align: middle; }
svg.chart.trend-chart { width: 100%; }
svg.chart text { fill: var(--r-fg); }
svg.chart .tick, svg.chart .axis-label, svg.chart .missing { fill: var(--r-muted); }
svg.chart .zone { stroke: none; }
svg.chart .zone-low { fill: color-mix(in srgb, var(--r-red) 9%, transparent); }
svg.chart .zone-tentative { fill: color-mix(in srgb, var(--r-amber) 12%, transparent); }
svg.chart .zone-reliable { fill: color-mix(in srgb, var(--r-green) 10%, transparent); }
svg.chart .grid { stroke: var(--r-border); stroke-width: 1; }
svg.chart .rule { stroke: var(--r-muted); stroke-width: 1; stroke-dasharray: 4 3; }
svg.chart .trend { fill: none; stroke: var(--r-blue); stroke-width: 2; }
svg.chart .whisker { stroke: var(--r-fg); stroke-width: 1.5; stroke-opacity: 0.55; }
svg.chart circle { stroke: var(--r-bg); stroke-width: 1.5; }
svg.chart .band-reliable circle, svg.chart circle.band-reliable { fill: var(--r-green); }
svg.chart .band-tentative circle, svg.chart circle.band-tentative { fill: var(--r-amber); }
svg.chart .band-low circle, svg.chart circle.band-low { fill: var(--r-red); }
svg.chart .heat-frame { fill: none; stroke: var(--r-border); }
svg.chart .heat-empty { fill: var(--r-subtle); }
svg.chart .heat-cell rect { fill: var(--r-purple); }
svg.chart .heat-cell.sibling rect { stroke: var(--r-amber); stroke-width: 2; }
svg.chart .heat-cell text { font-size: 10px; font-variant-numeric: tabular-nums; }
svg.chart .heat-cell text.on-dark { fill: #ffffff; }
svg.chart .heat-group { stroke: var(--r-fg); stroke-opacity: 0.45; stroke-width: 1; }
svg.chart .heat-label { font-family: var(--r-mono); font-size: 10.5px; }
svg.chart .heat-label.root { font-weight: 700; }
svg.chart .bar-track { fill: var(--r-subtle); stroke: var(--r-border); }
svg.chart .bar.gold { fill: var(--r-blue); }
svg.chart .bar.agreement { fill: var(--r-purple); }
svg.chart .bar-label { font-family: var(--r-mono); font-size: 11px; }
svg.chart .bar-value { font-variant-numeric: tabular-nums; }
table.quality-labels, table.answers { width: 100%; border-collapse: collapse; font-size: 0.92em; }
table.quality-labels th, table.quality-labels td, table.answers th, table.answers td { text-align: left; padding: 5px 10px; border-bottom: 1px solid var(--r-border); vertical-align: middle; }
table.quality-labels thead th, table.answers thead th { color: var(--r-muted); font-weight: 600; font-size: 0.84em; text-transform: uppercase; letter-spacing: 0.04em; }
table.quality-labels th[scope="row"] { font-weight: 400; }
.num { text-align: right !important; font-variant-numeric: tabular-nums; white-space: nowrap; }
.label-cell.depth-1 { padding-left: 28px !important; } .label-cell.depth-2 { padding-left: 46px !important; } .label-cell.depth-3, .label-cell.depth-4 { padding-left: 64px !important; }
.pairs { margin: 8px 0 0; padding-left: 22px; }
.pairs li { margin: 2px 0; }
.badge.sibling-badge { font-size: 0.72em; color: var(--r-amber); border-color: var(--r-amber); background: color-mix(in srgb, var(--r-amber) 10%, transparent); }
.label-trends { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 12px; margin-bottom: 8px; }
.label-trend { border: 1px solid var(--r-border); border-radius: 8px; padding: 8px 10px 4px; background: var(--r-card); min-width: 0; }
.label-trend.gone { opacity: 0.75; }
.label-trend header { font-size: 0.95em; overflow-wrap: anywhere; }
.label-trend-facts { font-size: 0.86em; margin: 2px 0 2px; }
.case { border: 1px solid var(--r-border); border-radius: 10px; margin: 0 0 14px; background: var(--r-card); box-shadow: var(--r-shadow); overflow: hidden; }
.case > header { display: flex; flex-wrap: wrap; gap: 4px 16px; padding: 8px 14px; background: var(--r-subtle); border-bottom: 1px solid var(--r-border); font-size: 0.9em; color: var(--r-muted); }
.case-text { margin: 0; padding: 10px 14px; white-space: pre-wrap; overflow-wrap: anywhere; word-break: break-word; unicode-bidi: isolate; border-left: 3px solid var(--r-border); max-height: 24em; overflow-y: auto; }
.case table.answers { margin: 0; }
.case table.answers td:first-child { overflow-wrap: anywhere; width: 30%; }
.case tr.differs td:last-child { background: color-mix(in srgb, var(--r-red) 7%, transparent); }
.case tr.agrees td:last-child { background: color-mix(in srgb, var(--r-green) 7%, transparent); }
.text-answer { white-space: pre-wrap; overflow-wrap: anywhere; }
details.label-cases { margin: 10px 0 0; }
details.label-cases summary { cursor: pointer; color: var(--r-link); }
details.label-cases h4 { margin: 14px 0 6px; }
`;