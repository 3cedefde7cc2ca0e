/**
 * The catalog's charts, drawn on the server as inline SVG: agreement across
 * versions (a line with interval whiskers), agreement bars with intervals,
 * the confusion heat map over a question's label tree, and horizontal bars
 * (gold accuracy per annotator). No script and no remote asset: every text
 * goes through the escaping `html` template, colors come from classes the
 * catalog stylesheet defines (the page's CSP allows no style attribute; SVG
 * presentation attributes such as `fill-opacity` are not styles), and each
 * mark has a `<title>` the browser shows on hover.
 *
 * The bands behind agreement are Krippendorff's rule of thumb: alpha of 0.8
 * or more is reliable, from 0.667 tentative, below that not to be relied on.
 */
import { BIDI_CONTROLS, bidiMarker } from '@rubric/render';
import { html, type Html } from './html.js';

/** Alpha from which data is reliable, and from which tentative conclusions are allowed (Krippendorff 2004). */
export const ALPHA_RELIABLE = 0.8;
export const ALPHA_TENTATIVE = 0.667;

/** A number for people: fixed digits, a real minus sign, `—` for none. */
export function fmt(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const s = value.toFixed(digits);
  return s.startsWith('-') ? `−${s.slice(1)}` : s;
}

/** A share as a percentage: `23%`, `—` for none. */
export function pct(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : `${Math.round(value * 100)}%`;
}

/** Coordinates in SVG: two decimals are plenty and keep pages small. */
function n(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/**
 * Text cut to `max` characters (whole code points) with an ellipsis; the
 * chart's title carries the whole. Bidi controls become their visible
 * markers first (as escaping would make them), so the cut is of what shows.
 */
export function clip(text: string, max: number): string {
  const chars = Array.from(text.replace(BIDI_CONTROLS, bidiMarker));
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** The band an alpha falls in (a class name). */
export function band(value: number | null | undefined): 'none' | 'low' | 'tentative' | 'reliable' {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'none';
  return value >= ALPHA_RELIABLE ? 'reliable' : value >= ALPHA_TENTATIVE ? 'tentative' : 'low';
}

/** One point of a trend: a version and its alpha with interval (null: not measured, or not defined). */
export interface TrendPoint {
  version: string;
  value: number | null;
  low: number | null;
  high: number | null;
  /** What the point's tooltip adds (the label's name in that version, the items). */
  note?: string;
}

/** The y range of alpha charts: up to 1, down to 0 or below the lowest bound shown (never below −1). */
function alphaDomain(points: readonly { value: number | null; low: number | null }[]): [number, number] {
  let min = 0;
  for (const p of points) for (const v of [p.value, p.low]) if (v !== null && Number.isFinite(v)) min = Math.min(min, v);
  return [Math.max(-1, Math.floor(min * 5) / 5), 1];
}

/**
 * Agreement across versions: the band backgrounds, a line through the
 * measured points, a whisker for each 95% interval. `compact` draws a
 * sparkline for the small multiples (no y labels, first and last version only).
 */
export function trendChart(points: readonly TrendPoint[], options: { label: string; compact?: boolean }): Html {
  const compact = options.compact === true;
  const width = compact ? 260 : 960;
  const height = compact ? 96 : 250;
  const m = compact ? { left: 8, right: 8, top: 8, bottom: 20 } : { left: 48, right: 18, top: 14, bottom: 44 };
  // Points sit this far inside the plot, so a whisker or dot at the first or last version is not cut.
  const inset = compact ? 10 : 28;
  const [lo, hi] = alphaDomain(points);
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const y = (v: number): number => m.top + ((hi - Math.min(hi, Math.max(lo, v))) / (hi - lo)) * plotH;
  const x = (i: number): number => (points.length === 1 ? m.left + plotW / 2 : m.left + inset + (i / (points.length - 1)) * (plotW - 2 * inset));
  const bands = [
    { cls: 'low', from: lo, to: ALPHA_TENTATIVE },
    { cls: 'tentative', from: ALPHA_TENTATIVE, to: ALPHA_RELIABLE },
    { cls: 'reliable', from: ALPHA_RELIABLE, to: hi },
  ].map((b) => html`<rect class="zone zone-${b.cls}" x="${n(m.left)}" y="${n(y(b.to))}" width="${n(plotW)}" height="${n(Math.max(0, y(b.from) - y(b.to)))}"></rect>`);
  // 0.6 would sit on 0.667's label.
  const ticks = compact ? [0, ALPHA_TENTATIVE] : [...new Set([lo, lo / 2, 0, 0.2, 0.4, ALPHA_TENTATIVE, ALPHA_RELIABLE, 1].filter((t) => t >= lo && t <= hi))];
  const grid = ticks.map(
    (t) => html`<line class="${t === ALPHA_TENTATIVE || t === ALPHA_RELIABLE ? 'rule' : 'grid'}" x1="${n(m.left)}" x2="${n(width - m.right)}" y1="${n(y(t))}" y2="${n(y(t))}"></line>${compact ? '' : html`<text class="tick" x="${n(m.left - 6)}" y="${n(y(t) + 4)}" text-anchor="end">${fmt(t, t === ALPHA_TENTATIVE ? 3 : 1)}</text>`}`,
  );
  // The line joins consecutive measured points; a version without a value breaks it.
  const segments: string[] = [];
  let run: string[] = [];
  points.forEach((p, i) => {
    if (p.value === null) {
      if (run.length > 1) segments.push(run.join(' '));
      run = [];
      return;
    }
    run.push(`${n(x(i))},${n(y(p.value))}`);
  });
  if (run.length > 1) segments.push(run.join(' '));
  const lines = segments.map((s) => html`<polyline class="trend" points="${s}"></polyline>`);
  const every = compact ? Math.max(1, points.length - 1) : Math.max(1, Math.ceil(points.length / 10));
  const marks = points.map((p, i) => {
    const tip = `${options.label} ${p.version}: alpha ${fmt(p.value, 3)}${p.low !== null && p.high !== null ? ` (95% ${fmt(p.low, 3)} to ${fmt(p.high, 3)})` : ''}${p.note ? ` · ${p.note}` : ''}`;
    const labelled = i % every === 0 || i === points.length - 1;
    const xLabel = labelled ? html`<text class="tick" x="${n(x(i))}" y="${n(height - m.bottom + (compact ? 14 : 18))}" text-anchor="${compact ? (i === 0 && points.length > 1 ? 'start' : i === points.length - 1 && points.length > 1 ? 'end' : 'middle') : 'middle'}">${clip(p.version, compact ? 12 : 14)}</text>` : '';
    if (p.value === null) return html`<g><title>${tip}</title><text class="missing" x="${n(x(i))}" y="${n(y(lo) - 4)}" text-anchor="middle">·</text>${xLabel}</g>`;
    const whisker = p.low !== null && p.high !== null ? html`<line class="whisker" x1="${n(x(i))}" x2="${n(x(i))}" y1="${n(y(p.low))}" y2="${n(y(p.high))}"></line>` : '';
    return html`<g class="point band-${band(p.value)}"><title>${tip}</title>${whisker}<circle cx="${n(x(i))}" cy="${n(y(p.value))}" r="${compact ? 3 : 4.5}"></circle>${xLabel}</g>`;
  });
  const axis = compact ? '' : html`<text class="axis-label" x="${n(m.left + plotW / 2)}" y="${n(height - 6)}" text-anchor="middle">version</text>`;
  return html`<svg class="chart trend-chart${compact ? ' compact' : ''}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${`Agreement of ${options.label} across versions`}">${bands}${grid}${lines}${marks}${axis}</svg>`;
}

/** A small bar for a table cell: the bands, the interval and the value of one alpha (drawn on 0..1; below 0 sits at the left edge). */
export function alphaBar(value: number | null, low: number | null, high: number | null, label: string): Html {
  const width = 180;
  const height = 18;
  // The dot's radius stays inside the bar at 0 and 1.
  const pad = 6;
  const x = (v: number): number => pad + Math.min(1, Math.max(0, v)) * (width - 2 * pad);
  const tip = `${label}: alpha ${fmt(value, 3)}${low !== null && high !== null ? `, 95% interval ${fmt(low, 3)} to ${fmt(high, 3)}` : ''}`;
  const zones = html`<rect class="zone zone-low" x="${pad}" y="3" width="${n(x(ALPHA_TENTATIVE) - pad)}" height="12"></rect><rect class="zone zone-tentative" x="${n(x(ALPHA_TENTATIVE))}" y="3" width="${n(x(ALPHA_RELIABLE) - x(ALPHA_TENTATIVE))}" height="12"></rect><rect class="zone zone-reliable" x="${n(x(ALPHA_RELIABLE))}" y="3" width="${n(x(1) - x(ALPHA_RELIABLE))}" height="12"></rect>`;
  const interval = value !== null && low !== null && high !== null ? html`<line class="whisker" x1="${n(x(low))}" x2="${n(x(high))}" y1="9" y2="9"></line>` : '';
  const dot = value !== null ? html`<circle class="band-${band(value)}${value < 0 ? ' negative' : ''}" cx="${n(x(value))}" cy="9" r="4.5"></circle>` : '';
  return html`<svg class="chart alpha-bar" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${tip}"><title>${tip}</title>${zones}${interval}${dot}</svg>`;
}

/** A label of a question's tree as the heat map lists it. */
export interface TreeLabel {
  id: string;
  depth: number;
  /** The id of its top-level ancestor (itself at the top): groups are drawn apart. */
  root: string;
  parent: string | null;
}

/** A confused pair with its count and share. */
export interface ConfusedPair {
  labels: readonly [string, string];
  count: number;
  share: number;
  sibling: boolean;
}

/**
 * The confusion pairs of a question as a symmetric matrix over its label
 * tree (tree order: parents before their children, so siblings sit next to
 * each other and a subtree is a block). Darker cells are more often
 * confused; lines separate the top-level groups; sibling pairs are outlined.
 */
export function confusionHeatMap(labels: readonly TreeLabel[], pairs: readonly ConfusedPair[], question: string): Html {
  const cell = 26;
  const longest = Math.max(4, ...labels.map((l) => Math.min(28, Array.from(l.id).length)));
  const deepest = Math.max(0, ...labels.map((l) => l.depth));
  const left = 16 + deepest * 12 + longest * 7;
  const top = 20 + longest * 5.6;
  const size = labels.length * cell;
  // Column labels are rotated up and to the right: the last one needs room beyond the matrix.
  const width = left + size + 12 + longest * 4;
  const height = top + size + 8;
  const index = new Map(labels.map((l, i) => [l.id, i]));
  const max = Math.max(1, ...pairs.map((p) => p.count));
  const rows = labels.map(
    (l, i) => html`<text class="heat-label${l.depth === 0 ? ' root' : ''}" x="${n(6 + l.depth * 12)}" y="${n(top + i * cell + cell / 2 + 4)}"><title>${l.id}</title>${clip(l.id, 28)}</text>`,
  );
  const cols = labels.map((l, i) => {
    const cx = left + i * cell + cell / 2;
    return html`<text class="heat-label${l.depth === 0 ? ' root' : ''}" x="${n(cx)}" y="${n(top - 8)}" transform="${`rotate(-55 ${n(cx)} ${n(top - 8)})`}"><title>${l.id}</title>${clip(l.id, 28)}</text>`;
  });
  const grid = labels.map((_, i) => html`<rect class="heat-empty" x="${n(left + i * cell)}" y="${n(top + i * cell)}" width="${cell}" height="${cell}"></rect>`);
  const cells: Html[] = [];
  for (const p of pairs) {
    const a = index.get(p.labels[0]);
    const b = index.get(p.labels[1]);
    if (a === undefined || b === undefined || p.count <= 0) continue;
    const tip = `${p.labels[0]} and ${p.labels[1]}: confused by ${p.count} annotator pair${p.count === 1 ? '' : 's'}, ${pct(p.share)} of the disagreements on ${question}${p.sibling ? ' (siblings: same parent)' : ''}`;
    for (const [r, c] of [
      [a, b],
      [b, a],
    ] as const) {
      const opacity = 0.15 + 0.85 * (p.count / max);
      cells.push(
        html`<g class="heat-cell${p.sibling ? ' sibling' : ''}"><title>${tip}</title><rect x="${n(left + c * cell + 1)}" y="${n(top + r * cell + 1)}" width="${cell - 2}" height="${cell - 2}" rx="3" fill-opacity="${n(opacity)}"></rect><text class="${opacity > 0.55 ? 'on-dark' : ''}" x="${n(left + c * cell + cell / 2)}" y="${n(top + r * cell + cell / 2 + 4)}" text-anchor="middle">${p.count > 999 ? '999+' : String(p.count)}</text></g>`,
      );
    }
  }
  // A line before each top-level group but the first, across and down.
  const groups = labels.flatMap((l, i) => (i > 0 && l.depth === 0 ? [i] : []));
  const separators = groups.map(
    (i) => html`<line class="heat-group" x1="${n(left)}" x2="${n(left + size)}" y1="${n(top + i * cell)}" y2="${n(top + i * cell)}"></line><line class="heat-group" x1="${n(left + i * cell)}" x2="${n(left + i * cell)}" y1="${n(top)}" y2="${n(top + size)}"></line>`,
  );
  const frame = html`<rect class="heat-frame" x="${n(left)}" y="${n(top)}" width="${size}" height="${size}"></rect>`;
  return html`<svg class="chart heat-map" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${`Confusions between the labels of ${question}`}">${frame}${grid}${cells}${separators}${rows}${cols}</svg>`;
}

/** One row of a horizontal bar chart. */
export interface BarRow {
  label: string;
  value: number | null;
  /** What the tooltip adds (counts). */
  note?: string;
}

/** Horizontal bars on 0..1 (gold accuracy per annotator): one row each, the value written beside its bar. */
export function barChart(rows: readonly BarRow[], options: { label: string; cls: string }): Html {
  const row = 22;
  const left = 200;
  const barW = 320;
  const width = left + barW + 60;
  const height = rows.length * row + 8;
  const bars = rows.map((r, i) => {
    const yTop = 4 + i * row;
    const tip = `${r.label}: ${options.label} ${pct(r.value)}${r.note ? ` (${r.note})` : ''}`;
    const w = r.value === null ? 0 : Math.max(0, Math.min(1, r.value)) * barW;
    return html`<g class="bar-row"><title>${tip}</title><text class="bar-label" x="${left - 8}" y="${n(yTop + 15)}" text-anchor="end">${clip(r.label, 26)}</text><rect class="bar-track" x="${left}" y="${n(yTop + 3)}" width="${barW}" height="14" rx="3"></rect>${r.value === null ? '' : html`<rect class="bar ${options.cls}" x="${left}" y="${n(yTop + 3)}" width="${n(w)}" height="14" rx="3"></rect>`}<text class="bar-value" x="${n(left + barW + 8)}" y="${n(yTop + 15)}">${pct(r.value)}</text></g>`;
  });
  return html`<svg class="chart bar-chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${options.label}">${bars}</svg>`;
}
