/**
 * The shape of a document for the editor: an outline (headings with label
 * sections nested under their parents; questions and label trees of
 * schema.json), folding ranges (sections, examples, frontmatter), and a code
 * lens on each label section counting its examples by kind and its references.
 */
import type { GuidelineDocument, LabelOccurrence, Range as CoreRange, SchemaDocument } from '@rubric/core';
import { FoldingRangeKind, SymbolKind, type CodeLens, type DocumentSymbol, type FoldingRange } from 'vscode-languageserver-types';
import { toLspRange } from '../convert.js';
import type { SetState } from '../sets.js';
import { exampleCounts, formatExampleCounts } from './hover.js';
import { documentOf } from './navigation.js';

/** Outline of guideline.md or schema.json; empty for other documents. */
export function documentSymbols(state: SetState, uri: string): DocumentSymbol[] {
  const doc = documentOf(state, uri);
  if (!doc) return [];
  if (doc === state.set.guideline) return guidelineSymbols(state.set.guideline);
  if (doc === state.set.schema) return schemaSymbols(state.set.schema);
  return [];
}

/** Line just before a core range's end when the range stops at a line start (sections end where the next heading begins). */
function lastLine(doc: { text: string }, end: CoreRange['end']): number {
  return end.column === 1 && end.line > 1 ? end.line - 2 : end.line - 1;
}

function guidelineSymbols(doc: GuidelineDocument): DocumentSymbol[] {
  const roots: DocumentSymbol[] = [];
  const stack: { depth: number; symbol: DocumentSymbol }[] = [];
  const sectionsByLine = new Map(doc.sections.map((s) => [s.heading.range.start.line, s]));
  doc.headings.forEach((heading, i) => {
    const next = doc.headings.slice(i + 1).find((h) => h.depth <= heading.depth);
    const endLine = next ? next.range.start.line - 2 : doc.lines.lineCount - 1;
    const endRange = doc.lines.lineRange(Math.max(endLine + 1, heading.range.start.line));
    const section = sectionsByLine.get(heading.range.start.line);
    const symbol: DocumentSymbol = {
      name: section ? section.labelId : heading.text,
      kind: section ? SymbolKind.EnumMember : SymbolKind.String,
      range: { start: toLspRange(heading.range).start, end: toLspRange(endRange).end },
      selectionRange: toLspRange(section ? section.idRange : heading.range),
      children: [],
    };
    if (section?.title) symbol.detail = section.title;
    while (stack.length && (stack[stack.length - 1]?.depth ?? 0) >= heading.depth) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) parent.symbol.children?.push(symbol);
    else roots.push(symbol);
    stack.push({ depth: heading.depth, symbol });
  });
  return roots;
}

function schemaSymbols(schema: SchemaDocument): DocumentSymbol[] {
  const labelSymbol = (id: string, seen: Set<string>): DocumentSymbol | undefined => {
    const label = schema.labelsById.get(id);
    if (!label || seen.has(id)) return undefined;
    seen.add(id);
    const symbol: DocumentSymbol = {
      name: label.id,
      kind: SymbolKind.EnumMember,
      range: toLspRange(label.range),
      selectionRange: toLspRange(label.idRange),
      children: label.childIds.map((c) => labelSymbol(c, seen)).filter((s): s is DocumentSymbol => s !== undefined),
    };
    if (label.title) symbol.detail = label.title;
    return symbol;
  };
  return schema.questions.map((q) => {
    const seen = new Set<string>();
    const symbol: DocumentSymbol = {
      name: q.id,
      detail: q.type,
      kind: SymbolKind.Field,
      range: toLspRange(q.range),
      selectionRange: toLspRange(q.idRange),
      children: q.rootLabelIds.map((id) => labelSymbol(id, seen)).filter((s): s is DocumentSymbol => s !== undefined),
    };
    return symbol;
  });
}

/** Folding ranges of guideline.md: frontmatter, every heading's section, every example. */
export function foldingRanges(state: SetState, uri: string): FoldingRange[] {
  const doc = state.set.guideline;
  if (!doc || documentOf(state, uri) !== doc) return [];
  const out: FoldingRange[] = [];
  const add = (startLine: number, endLine: number, kind?: string): void => {
    if (endLine > startLine) out.push({ startLine, endLine, ...(kind ? { kind } : {}) });
  };
  if (doc.frontmatter) add(doc.frontmatter.range.start.line - 1, lastLine(doc, doc.frontmatter.range.end), FoldingRangeKind.Region);
  doc.headings.forEach((heading, i) => {
    const next = doc.headings.slice(i + 1).find((h) => h.depth <= heading.depth);
    let end = next ? next.range.start.line - 2 : doc.lines.lineCount - 1;
    // Trailing blank lines stay visible between folded sections.
    while (end > heading.range.start.line - 1) {
      const r = doc.lines.lineRange(end + 1);
      if (doc.text.slice(r.start.offset, r.end.offset).trim() !== '') break;
      end--;
    }
    add(heading.range.start.line - 1, end);
  });
  for (const example of doc.examples) add(example.range.start.line - 1, lastLine(doc, example.range.end), FoldingRangeKind.Region);
  return out.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}

/** A code lens on each label section heading: "2 positive · 1 negative · 0 borderline · 5 references". */
export function codeLenses(state: SetState, uri: string): CodeLens[] {
  const doc = state.set.guideline;
  if (!doc || documentOf(state, uri) !== doc) return [];
  const index = state.index();
  return doc.sections.map((section) => ({
    range: toLspRange(section.heading.range),
    // No command id: the lens is information, not a button.
    command: { title: `${formatExampleCounts(exampleCounts(state, section.labelId))} · ${formatReferenceCount(index.of(section.labelId))}`, command: '' },
  }));
}

/** "1 reference", "5 references": live places that point at a label (references and answers, in both files). */
function formatReferenceCount(occurrences: readonly LabelOccurrence[]): string {
  const n = occurrences.filter((o) => o.role === 'reference' || o.role === 'answer').length;
  return `${n} reference${n === 1 ? '' : 's'}`;
}
