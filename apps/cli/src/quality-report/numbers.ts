/** How the quality formats write figures: fixed decimals, percentages, counts with separators, and the threshold colours use. */

/** Alpha below this is unreliable for most uses (Krippendorff's tentative-conclusions bound); the label-agreement rule's default. */
export const LOW_ALPHA = 0.667;
/** Alpha from here on is reliable (Krippendorff's customary bound). */
export const GOOD_ALPHA = 0.8;

/** A figure with `digits` decimals, or an em dash for null. */
export function fixed(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  const text = value.toFixed(digits);
  // A small negative rounds to "-0.00": show it as the zero it reads as.
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
}

/** A share as a percentage with one decimal, or an em dash. */
export function percent(value: number | null | undefined): string {
  return value === null || value === undefined || Number.isNaN(value) ? '—' : `${(value * 100).toFixed(1)}%`;
}

/** 1234567 -> "1,234,567". */
export function count(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** "[0.66, 0.76]" or "" when the interval is unknown. */
export function interval(low: number | null | undefined, high: number | null | undefined): string {
  return low === null || low === undefined || high === null || high === undefined ? '' : `[${fixed(low)}, ${fixed(high)}]`;
}

/** A signed change ("+0.05", "-0.08"), or an em dash. */
export function signed(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(2)}`;
}

/** Sorts labels (or anything with an alpha) lowest alpha first, undefined alphas last, then by id. */
export function lowFirst<T extends { alpha: number | null; id: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => {
    if (a.alpha === null || b.alpha === null) return a.alpha === null && b.alpha === null ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.alpha === null ? 1 : -1;
    return a.alpha - b.alpha || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  });
}
