/**
 * What one render knows about the set: the schema's labels, the guideline's
 * headings, sections and examples keyed by source offset, and small builders
 * for the elements every part shares (chips, label links).
 */
import { isRecord, labelIndex, type Example, type GuidelineSet, type Heading, type Label, type LabelIndex, type LabelOccurrence, type LabelSection, type SchemaDocument } from '@rubric/core';
import type { Element, ElementContent, Properties } from 'hast';
import type { RenderOptions } from './types.js';

/** Lookups for one render. */
export interface RenderContext {
  set: GuidelineSet;
  options: RenderOptions;
  schema?: SchemaDocument;
  /** False when there is no parsed schema: then no label can be called unknown. */
  schemaKnown: boolean;
  frontmatter: Record<string, unknown>;
  headingsByOffset: Map<number, Heading>;
  sectionsByOffset: Map<number, LabelSection>;
  sectionLabelIds: Set<string>;
  examplesByOffset: Map<number, Example>;
  /** Where label ids are written (core's label index): what is a reference, an answer or history is its decision, not the renderer's. */
  index: LabelIndex;
  /** Offset of the `# Title` heading the page header replaces, if any. */
  titleHeadingOffset?: number;
  title: string;
  /** Depth of links being rendered: a label reference inside a link must not become a nested link. */
  linkDepth: number;
}

/** Builds the lookups for a set. */
export function createContext(set: GuidelineSet, options: RenderOptions): RenderContext {
  const doc = set.guideline;
  const schema = set.schema;
  const frontmatter = isRecord(doc?.frontmatter?.data) ? doc.frontmatter.data : {};
  const headingsByOffset = new Map<number, Heading>();
  const sectionsByOffset = new Map<number, LabelSection>();
  const examplesByOffset = new Map<number, Example>();
  for (const h of doc?.headings ?? []) headingsByOffset.set(h.range.start.offset, h);
  for (const s of doc?.sections ?? []) sectionsByOffset.set(s.heading.range.start.offset, s);
  for (const e of doc?.examples ?? []) examplesByOffset.set(e.range.start.offset, e);

  const fmTitle = typeof frontmatter.title === 'string' && frontmatter.title.trim() ? frontmatter.title.trim() : undefined;
  // The first heading, when it is a `#` heading, is the page title: the header shows it once.
  const first = doc?.headings[0];
  const titleHeading = first && first.depth === 1 && !sectionsByOffset.has(first.range.start.offset) && (!fmTitle || first.text === fmTitle) ? first : undefined;
  const title = fmTitle ?? titleHeading?.text ?? (typeof frontmatter.id === 'string' ? frontmatter.id : undefined) ?? baseName(set.dir);

  return {
    set,
    options,
    ...(schema ? { schema } : {}),
    schemaKnown: schema !== undefined && schema.json !== undefined,
    frontmatter,
    headingsByOffset,
    sectionsByOffset,
    sectionLabelIds: new Set((doc?.sections ?? []).map((s) => s.labelId)),
    examplesByOffset,
    index: labelIndex(set),
    ...(titleHeading ? { titleHeadingOffset: titleHeading.range.start.offset } : {}),
    title,
    linkDepth: 0,
  };
}

/** Anchor id of a label's section. */
export function labelAnchor(labelId: string): string {
  return `label-${labelId}`;
}

/** A hast element. */
export function el(tagName: string, properties: Properties, children: ElementContent[] = []): Element {
  return { type: 'element', tagName, properties, children };
}

/** A hast text node. */
export function text(value: string): ElementContent {
  return { type: 'text', value };
}

/** A chip: `key value`, or just a value. */
export function chip(className: string, key: string | undefined, value: ElementContent[], title?: string): Element {
  const children: ElementContent[] = [];
  if (key !== undefined) children.push(el('span', { className: ['chip-key'] }, [text(key)]));
  children.push(el('span', { className: ['chip-value'] }, value));
  return el('span', { className: ['chip', ...className.split(' ').filter(Boolean)], ...(title ? { title } : {}) }, children);
}

/**
 * A label id named by the schema or an example's answer: a link to the
 * label's section when the schema has it, marked `unknown-label` when it does not.
 */
export function labelRef(ctx: RenderContext, labelId: string): ElementContent {
  const code = (className: string[], title?: string): Element =>
    el('code', { ...(className.length ? { className } : {}), ...(title ? { title } : {}) }, [text(labelId)]);
  const label = ctx.schema?.labelsById.get(labelId);
  if (!label) {
    if (ctx.schemaKnown) {
      const now = ctx.index.renamed.get(labelId);
      return code(['label-ref', 'unknown-label'], now ? `Unknown label (renamed to ${now.id})` : 'Unknown label');
    }
    // Without a schema, a section of that name is still a good target; nothing can be called unknown.
    if (ctx.sectionLabelIds.has(labelId) && ctx.linkDepth === 0) return el('a', { href: `#${labelAnchor(labelId)}`, className: ['label-ref'] }, [code([])]);
    return code(['label-ref']);
  }
  const classes = ['label-ref'];
  let title = label.title ?? label.id;
  if (label.deprecated) {
    classes.push('deprecated-label');
    title = `Deprecated${label.deprecated.replacedBy ? `: use ${label.deprecated.replacedBy}` : ''}`;
  }
  if (ctx.linkDepth > 0) return code(classes, title);
  return el('a', { href: `#${labelAnchor(labelId)}`, className: classes, title }, [code([])]);
}

/**
 * Inline code in the guideline's text (prose, headings, an example's `why`), as the label index
 * reads it: a reference becomes a label link (or an unknown-label mark), history (the changelog)
 * is marked as such and links to the label when it still exists, anything else is plain code.
 */
export function codeMention(ctx: RenderContext, occurrence: LabelOccurrence | undefined, raw: string): ElementContent {
  if (!occurrence) return el('code', {}, [text(raw)]);
  if (occurrence.role !== 'history') return labelRef(ctx, occurrence.labelId);
  const now = ctx.index.resolve(occurrence.labelId);
  const title = !now ? 'A label of an earlier version' : now.id === occurrence.labelId ? (now.title ?? now.id) : `Renamed to ${now.id} since`;
  const code = el('code', { className: ['label-history'], title }, [text(occurrence.labelId)]);
  if (!now || ctx.linkDepth > 0 || !ctx.sectionLabelIds.has(now.id)) return code;
  return el('a', { href: `#${labelAnchor(now.id)}`, className: ['label-history-link'] }, [code]);
}

/** The occurrence of the index that inline code at [start, end) of the guideline holds, if any. */
export function occurrenceInCode(ctx: RenderContext, start: number | undefined, end: number | undefined): LabelOccurrence | undefined {
  const doc = ctx.set.guideline;
  if (!doc || start === undefined || end === undefined) return undefined;
  return ctx.index.within(doc.file, start, end).find((o) => o.context === 'prose' || o.context === 'heading' || o.context === 'changelog');
}

/** A value safe inside a class name. */
export function cssToken(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
}

/** The parent path of a label, root first (without the label itself). */
export function ancestors(schema: SchemaDocument, label: Label): Label[] {
  const out: Label[] = [];
  const seen = new Set<string>([label.id]);
  let cur = label.parentId ? schema.labelsById.get(label.parentId) : undefined;
  while (cur && !seen.has(cur.id)) {
    seen.add(cur.id);
    out.unshift(cur);
    cur = cur.parentId ? schema.labelsById.get(cur.parentId) : undefined;
  }
  return out;
}

function baseName(dir: string): string {
  const parts = dir.replace(/\\/g, '/').split('/').filter((p) => p && p !== '.');
  return parts[parts.length - 1] ?? 'Guideline';
}
