/**
 * Positions in source text. Core positions are 1-based (line and column, the
 * column counted in UTF-16 code units like JavaScript strings and LSP) and also
 * carry the 0-based offset, so fixes can be applied without re-counting lines.
 */

/** A point in a file: 1-based line and column, 0-based offset. */
export interface Position {
  line: number;
  column: number;
  offset: number;
}

/** A half-open span of a file: `start` is inside, `end` is just past the last character. */
export interface Range {
  start: Position;
  end: Position;
}

/** Maps offsets to line/column and back for one text; built once per file. */
export class LineIndex {
  private readonly lineStarts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 10 /* \n */) starts.push(i + 1);
      else if (ch === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
  }

  /** Number of lines (a text without newline has one). */
  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** Position of a 0-based offset, clamped to the text. */
  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(Math.trunc(offset), this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] as number) <= clamped) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: clamped - (this.lineStarts[lo] as number) + 1, offset: clamped };
  }

  /** Offset of a 1-based line and column, clamped to the line's end. */
  offset(line: number, column: number): number {
    const l = Math.max(1, Math.min(line, this.lineStarts.length));
    const start = this.lineStarts[l - 1] as number;
    const next = l < this.lineStarts.length ? (this.lineStarts[l] as number) : this.text.length;
    return Math.min(start + Math.max(1, column) - 1, next);
  }

  /** Range between two offsets. */
  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(Math.max(start, end)) };
  }

  /** Range of a whole 1-based line, without its line break. */
  lineRange(line: number): Range {
    const l = Math.max(1, Math.min(line, this.lineStarts.length));
    const start = this.lineStarts[l - 1] as number;
    let end = l < this.lineStarts.length ? (this.lineStarts[l] as number) : this.text.length;
    while (end > start && (this.text[end - 1] === '\n' || this.text[end - 1] === '\r')) end--;
    return this.range(start, end);
  }
}

/** The empty range at the start of a file, for findings about a whole file. */
export const START_RANGE: Range = {
  start: { line: 1, column: 1, offset: 0 },
  end: { line: 1, column: 1, offset: 0 },
};

/** True when a range is well-formed: 1-based, ordered, offsets consistent. */
export function isValidRange(range: Range): boolean {
  const { start, end } = range;
  return (
    start.line >= 1 &&
    start.column >= 1 &&
    end.line >= start.line &&
    (end.line > start.line || end.column >= start.column) &&
    start.offset >= 0 &&
    end.offset >= start.offset
  );
}

/** "line:column" for messages. */
export function formatPosition(p: Position): string {
  return `${p.line}:${p.column}`;
}
