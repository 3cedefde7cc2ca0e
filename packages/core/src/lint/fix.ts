/** Applies fixes to file texts: non-overlapping edits, last first so offsets stay true. */
import type { Finding, TextEdit } from './types.js';

/** Applies edits to one text; an edit overlapping an earlier-accepted one is skipped. Returns the new text and how many edits applied. */
export function applyEdits(text: string, edits: readonly TextEdit[]): { text: string; applied: number } {
  const sorted = [...edits].sort((a, b) => a.range.start.offset - b.range.start.offset || a.range.end.offset - b.range.end.offset);
  const accepted: TextEdit[] = [];
  let lastEnd = -1;
  for (const e of sorted) {
    // Two insertions at one point may both apply; anything else overlapping is left for the next pass.
    if (e.range.start.offset < lastEnd) continue;
    accepted.push(e);
    lastEnd = Math.max(lastEnd, e.range.end.offset);
  }
  let out = text;
  for (let i = accepted.length - 1; i >= 0; i--) {
    const e = accepted[i] as TextEdit;
    out = out.slice(0, e.range.start.offset) + e.text + out.slice(e.range.end.offset);
  }
  return { text: out, applied: accepted.length };
}

/** The edits of the findings' safe fixes, grouped per file. */
export function fixEditsByFile(findings: readonly Finding[]): Map<string, TextEdit[]> {
  const byFile = new Map<string, TextEdit[]>();
  for (const f of findings) {
    if (!f.fix) continue;
    for (const e of f.fix.edits) {
      const list = byFile.get(e.file) ?? [];
      list.push(e);
      byFile.set(e.file, list);
    }
  }
  return byFile;
}
