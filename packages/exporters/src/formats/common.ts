/**
 * Small helpers the platform formats share: the one way an export file is
 * written, the flattened title of a label in a tree, and a stable colour per
 * index (so two runs give byte-identical files).
 */
import type { ExportFile } from '../types.js';
import type { OptionNode } from '../tree.js';

/** An ExportFile holding `value` as pretty JSON with a trailing newline. */
export function jsonFile(name: string, value: unknown): ExportFile {
  return { name, mediaType: 'application/json', content: `${JSON.stringify(value, null, 2)}\n` };
}

/** The title a labeler sees for an option, with the deprecation spelled out (platforms have no deprecated flag). */
export function displayTitle(option: OptionNode): string {
  if (!option.deprecated) return option.title;
  return `${option.title} (deprecated${option.deprecated.replacedBy ? `, use ${option.deprecated.replacedBy}` : ''})`;
}

/** Every option of a tree depth first, each with its titles from the root down (for platforms without hierarchy). */
export function flattenOptions(options: OptionNode[]): { option: OptionNode; path: string[] }[] {
  const out: { option: OptionNode; path: string[] }[] = [];
  const visit = (o: OptionNode, parents: string[]): void => {
    const path = [...parents, displayTitle(o)];
    out.push({ option: o, path });
    for (const c of o.children) visit(c, path);
  };
  for (const o of options) visit(o, []);
  return out;
}

/**
 * Colour `index` of `count`, spread evenly around the hue circle at full
 * saturation and value: the same colours labelbox-python's
 * `OntologyBuilder._update_colors` assigns (colorsys.hsv_to_rgb, truncated to bytes).
 */
export function paletteColor(index: number, count: number): string {
  const h = count > 0 ? index / count : 0;
  const i = Math.floor(h * 6);
  const f = h * 6 - i;
  const [r, g, b] = [
    [1, f, 0],
    [1 - f, 1, 0],
    [0, 1, f],
    [0, 1 - f, 1],
    [f, 0, 1],
    [1, 0, 1 - f],
  ][i % 6]!;
  const hex = (x: number): string => Math.trunc(255 * x).toString(16).padStart(2, '0');
  return `#${hex(r!)}${hex(g!)}${hex(b!)}`;
}
