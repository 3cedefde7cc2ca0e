/**
 * Where a Markdown document can be cut so that each piece parses alone
 * exactly as it parses inside the whole: the guideline parser's chunk cache
 * (./markdown-outline.ts) and @rubric/render's chunked mdast parse both cut
 * here, so an edit re-parses one piece instead of the document.
 *
 * Only a column-0 ATX heading line (`# ...`) is a cut point. Such a line
 * interrupts a paragraph, is never a lazy continuation line, and closes every
 * container open before it (list items and footnote definitions need
 * indentation, block quotes a `>`), so a new top-level block starts there,
 * unless the line is inside something it cannot close: a top-level fenced
 * code block, a top-level HTML block or the frontmatter. The scanner follows
 * those three. A line's meaning can depend on containers the scanner does not
 * track: a fence or an HTML block opened 1-3 spaces in may sit in a list item
 * (and end at the next unindented line) or at the top level (and run to its
 * closing line). The scanner then keeps every reading at once and cuts only
 * where all of them are at the top level with nothing open; when unsure it
 * cuts less, never wrongly.
 *
 * What the cut cannot settle is left to the parsers: link reference and
 * footnote definitions reach across pieces (see markdown-outline.ts).
 */

const ATX_HEADING = /^#{1,6}(?:[ \t]|$)/;
// A fence opener; backtick fences may not have a backtick in their info string.
const FENCE_OPEN = /^( {0,3})(`{3,}|~{3,})(.*)$/;
const BLANK = /^[ \t]*$/;
const FRONTMATTER_FENCE = /^---[ \t]*$/;
// HTML blocks of CommonMark types 1-5 end at a line holding their end marker.
const HTML_MARKED: readonly (readonly [RegExp, RegExp])[] = [
  [/^( {0,3})<(?:script|pre|style|textarea)(?:[ \t>]|$)/i, /<\/(?:script|pre|style|textarea)>/i],
  [/^( {0,3})<!--/, /-->/],
  [/^( {0,3})<\?/, /\?>/],
  [/^( {0,3})<![A-Za-z]/, />/],
  [/^( {0,3})<!\[CDATA\[/, /\]\]>/],
];
// Types 6 and 7 end at a blank line; type 7 cannot interrupt a paragraph, so it may be no block at all.
const HTML_OTHER = /^ {0,3}<\/?[A-Za-z]/;

/**
 * A reading of the text at a line start: at the top level with nothing open
 * (`flow`), inside a fence (`f` + its character and length), inside an HTML
 * block ending at a marker (`h` + the marker's index) or at a blank line (`hb`).
 */
type State = string;
const FLOW: State = 'flow';

function nextStates(state: State, line: string, out: Set<State>): void {
  if (state === FLOW) {
    const fence = FENCE_OPEN.exec(line);
    if (fence && !((fence[2] as string).startsWith('`') && (fence[3] as string).includes('`'))) {
      out.add(`f${fence[2] as string}`);
      // A column-0 fence is at the top level in every reading: it interrupts paragraphs and is never lazy.
      if ((fence[1] as string).length > 0) out.add(FLOW);
      return;
    }
    for (let i = 0; i < HTML_MARKED.length; i++) {
      const [start, end] = HTML_MARKED[i] as readonly [RegExp, RegExp];
      const m = start.exec(line);
      if (!m) continue;
      // The end marker may stand on the opening line itself, after the start.
      const open = !end.test(line.slice(m[0].length));
      if (open) out.add(`h${i}`);
      // Types 1-5 interrupt paragraphs: at column 0 they are top-level blocks in every reading.
      if (!open || (m[1] as string).length > 0) out.add(FLOW);
      return;
    }
    if (HTML_OTHER.test(line)) out.add('hb');
    out.add(FLOW);
    return;
  }
  if (state.startsWith('f')) {
    const fence = state.slice(1);
    const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
    out.add(close?.[1] && close[1][0] === fence[0] && close[1].length >= fence.length ? FLOW : state);
    return;
  }
  if (state === 'hb') {
    out.add(BLANK.test(line) ? FLOW : state);
    return;
  }
  const end = (HTML_MARKED[Number(state.slice(1))] as readonly [RegExp, RegExp])[1];
  out.add(end.test(line) ? FLOW : state);
}

/**
 * Start offsets of the pieces of `text`: 0, then every column-0 ATX heading
 * line that starts a top-level block in every reading of the text. A piece
 * ends before the line break that precedes the next piece's start.
 */
export function chunkStarts(text: string): number[] {
  // Old Mac line breaks: rare, and not worth a second line splitter.
  if (/\r(?!\n)/.test(text)) return [0];
  // micromark skips a byte order mark: the first line is read after it.
  const pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let frontmatterOpen = false;
  if (/^\ufeff?---[ \t]*\r?\n/.test(text)) {
    // An unterminated frontmatter is no frontmatter, but micromark's frontmatter extension reads what
    // follows its `---` differently in one parse than a piece alone reads it (a fence in a list item
    // is lost): such a broken document is read whole.
    if (!FRONTMATTER_CLOSE.test(text)) return [0];
    frontmatterOpen = true;
  }
  const starts = [0];
  scanCuts(text, pos, true, frontmatterOpen, starts);
  return starts;
}

// The frontmatter's closing line (the first one after the opening line).
const FRONTMATTER_CLOSE = /\n---[ \t]*(?:\r?\n|$)/;

/**
 * Scans `text` from `pos`, a line start where every reading is at the top
 * level with nothing open (the text's start, or a cut), pushing the cuts found
 * onto `starts`. `stop` is asked about each cut pushed; when it answers true
 * the scan ends there.
 */
function scanCuts(text: string, pos: number, atFirstLine: boolean, frontmatterOpen: boolean, starts: number[], stop?: (cut: number) => boolean): void {
  let firstLine = atFirstLine;
  let states = new Set<State>([FLOW]);
  let onlyFlow = true;
  let onlyFence = false;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl + 1;
    const isFirst = firstLine;
    firstLine = false;
    const first = text.charCodeAt(pos);
    // Fast path, most lines: at the top level with nothing open, a line that starts with none of
    // space, `#`, backtick, `~` or `<` opens nothing the scanner follows and is no cut point.
    if (onlyFlow && !frontmatterOpen && first !== 32 && first !== 35 && first !== 96 && first !== 126 && first !== 60) {
      pos = end;
      continue;
    }
    // Inside one fence only a line starting with up to 3 spaces and a backtick or `~` can close it.
    if (onlyFence && !mayCloseFence(text, pos)) {
      pos = end;
      continue;
    }
    let lineEnd = nl < 0 ? text.length : nl;
    if (lineEnd > pos && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
    const line = text.slice(pos, lineEnd);
    if (frontmatterOpen) {
      if (!isFirst && FRONTMATTER_FENCE.test(line)) frontmatterOpen = false;
    } else if (onlyFlow && !isFirst && ATX_HEADING.test(line)) {
      starts.push(pos);
      if (stop?.(pos)) return;
    } else {
      const next = new Set<State>();
      for (const s of states) nextStates(s, line, next);
      states = next;
      onlyFlow = states.size === 1 && states.has(FLOW);
      const only = states.size === 1 ? [...states][0] : undefined;
      onlyFence = only !== undefined && only !== FLOW && only.startsWith('f');
    }
    pos = end;
  }
}

/** A fenced code block at the top level of a text, opened at column 0 and closed in the text. */
export interface TopLevelFence {
  /** Offset of the opening line. */
  start: number;
  /** Offset just past the closing fence line (its line break excluded). */
  end: number;
  /** Offset of the line after the closing fence line. */
  next: number;
  /** The opening line's info string, trimmed. */
  info: string;
}

/**
 * The fenced code blocks of `text` that open at column 0 where every reading is at the top level
 * with nothing open, and close in `text`: the text before such a block parses alone as it does
 * in the whole (the fence interrupts a paragraph and closes every container), and so does the
 * text after it (the block closed at the top level). The guideline parser reads them without
 * tokenizing their content (markdown-outline.ts); example blocks are a third of a guideline.
 * `text` must start at a line start where every reading is at the top level (a piece's start).
 */
export function topLevelFences(text: string): TopLevelFence[] {
  const out: TopLevelFence[] = [];
  if (/\r(?!\n)/.test(text)) return out;
  let states = new Set<State>([FLOW]);
  let onlyFlow = true;
  let open: { start: number; char: number; length: number; info: string } | undefined;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  // The frontmatter is YAML, not Markdown: read from the line after its closing `---`.
  if (/^\ufeff?---[ \t]*\r?\n/.test(text)) {
    const close = FRONTMATTER_CLOSE.exec(text);
    // An unterminated frontmatter: read whole (see chunkStarts).
    if (!close) return out;
    pos = close.index + close[0].length;
  }
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl + 1;
    let lineEnd = nl < 0 ? text.length : nl;
    if (lineEnd > pos && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
    const first = text.charCodeAt(pos);
    if (open) {
      // Inside the block only a line starting with up to 3 spaces and its fence character can close it.
      if (mayCloseFence(text, pos)) {
        const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(text.slice(pos, lineEnd));
        if (close?.[1] && close[1].charCodeAt(0) === open.char && close[1].length >= open.length) {
          out.push({ start: open.start, end: lineEnd, next: end, info: open.info });
          open = undefined;
        }
      }
      pos = end;
      continue;
    }
    if (onlyFlow && first !== 32 && first !== 35 && first !== 96 && first !== 126 && first !== 60) {
      pos = end;
      continue;
    }
    const line = text.slice(pos, lineEnd);
    const fence = onlyFlow && (first === 96 || first === 126) ? /^(`{3,}|~{3,})(.*)$/.exec(line) : null;
    if (fence && !((fence[1] as string).startsWith('`') && (fence[2] as string).includes('`'))) {
      open = { start: pos, char: first, length: (fence[1] as string).length, info: (fence[2] as string).trim() };
      pos = end;
      continue;
    }
    const next = new Set<State>();
    for (const s of states) nextStates(s, line, next);
    states = next;
    onlyFlow = states.size === 1 && states.has(FLOW);
    pos = end;
  }
  return out;
}

/** Whether the line at `pos` starts with at most 3 spaces and then a backtick or `~` (what a closing fence needs). */
function mayCloseFence(text: string, pos: number): boolean {
  for (let i = pos; i < pos + 4 && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 96 || c === 126) return true;
    if (c !== 32) return false;
  }
  return false;
}

/**
 * chunkStarts(text), given `oldStarts` = chunkStarts(old) and that `text` and
 * `old` have their first `prefix` and last `suffix` characters in common (not
 * overlapping in either). Only the lines from the last cut before the change
 * on are scanned, and only until a cut in the common end is one of the old
 * cuts: from there on the scanner reads the same lines in the same state, so
 * the rest are the old cuts, moved. Falls back to a full scan when the change
 * may reach the frontmatter or old Mac line breaks are about.
 */
export function chunkStartsAfterEdit(text: string, old: string, oldStarts: readonly number[], prefix: number, suffix: number): number[] {
  // One piece: maybe an old Mac line break somewhere (or simply no cut): scan it all.
  if (oldStarts.length < 2) return chunkStarts(text);
  // The change must leave the first line (frontmatter opening or not) alone, and the frontmatter's end.
  const firstBreak = old.indexOf('\n');
  if (firstBreak < 0 || prefix <= firstBreak) return chunkStarts(text);
  if (/^\ufeff?---[ \t]*\r?\n/.test(old)) {
    const close = FRONTMATTER_CLOSE.exec(old);
    if (!close || close.index + close[0].length > prefix) return chunkStarts(text);
  }
  // No old Mac line break in the changed part (the old text had none: it had cuts).
  const changedEnd = Math.min(text.length, text.length - suffix + 1);
  for (let i = Math.max(0, prefix - 1); i < changedEnd; i++) {
    if (text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) !== 10) return [0];
  }
  // Resume at the last old cut at or before the change: the readings there are known (top level, nothing open).
  let k = upperBound(oldStarts, prefix) - 1;
  if (k < 1) return chunkStarts(text);
  const from = oldStarts[k] as number;
  const starts = oldStarts.slice(0, k);
  const delta = text.length - old.length;
  const sameFrom = text.length - suffix;
  let resumedAt = -1;
  scanCuts(text, from, false, false, starts, (cut) => {
    if (cut < sameFrom) return false;
    k = upperBound(oldStarts, cut - delta) - 1;
    if (k < 0 || oldStarts[k] !== cut - delta) return false;
    resumedAt = k;
    return true;
  });
  if (resumedAt >= 0) for (let i = resumedAt + 1; i < oldStarts.length; i++) starts.push((oldStarts[i] as number) + delta);
  return starts;
}

/** Index of the first element of sorted `xs` greater than `x`. */
function upperBound(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((xs[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Offset where the piece starting at `starts[i]` ends: before the line break preceding the next piece, else the end of `text`. */
export function chunkEnd(text: string, starts: readonly number[], i: number): number {
  if (i + 1 >= starts.length) return text.length;
  const next = starts[i + 1] as number;
  return next - (text.charCodeAt(next - 2) === 13 ? 2 : 1);
}
