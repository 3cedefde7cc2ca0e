/**
 * The parts of a Markdown document the guideline model is built from
 * (frontmatter, headings with their plain text, inline code, fenced code info,
 * links), read straight off micromark's event stream.
 *
 * Why not mdast: `rubric lint` parses every guideline.md, and building a full
 * mdast (unified + remark-parse + remark-gfm) and walking it was 90% of lint
 * time. The events already hold everything the model needs; this walk keeps
 * only that, computing each value exactly as mdast-util-from-markdown would
 * (character references decoded, line endings kept, image alt text and link
 * destinations/titles left out of the text, `\|` unescaped in table code), so
 * the outline equals the one read from remark's tree
 * (test/parse-equivalence.test.ts checks that).
 *
 * Syntax: CommonMark + YAML frontmatter + GFM tables, footnotes,
 * strikethrough and task list items, i.e. what `parseMarkdown` (the preview's
 * parser) reads, except GFM autolink literals: bare `https://...`, `www.`
 * and e-mail addresses stay text, not links. The literal extension alone
 * (with tables) more than doubled the parse time, and such links always leave
 * the repository, so link-valid has nothing to check in them. The other
 * consequence is cosmetic: in the rare heading that holds a bare URL with
 * emphasis markers or character references inside it, the heading text reads
 * those as Markdown rather than as part of the URL.
 *
 * A long document is read in pieces cut at top-level headings, each piece's
 * outline cached by its text, so that a re-parse after an edit (the language
 * server's case) or of the next version of a set (the registry's) parses only
 * the changed pieces; the result equals one parse of the whole
 * (outlineMarkdownWhole; test/chunked-parse.test.ts checks that).
 */
import { parse, postprocess, preprocess } from 'micromark';
import { frontmatter } from 'micromark-extension-frontmatter';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import { decodeNamedCharacterReference } from 'decode-named-character-reference';
import { decodeNumericCharacterReference } from 'micromark-util-decode-numeric-character-reference';
import type { Code, Construct, Event, Extension, State, TokenizeContext } from 'micromark-util-types';
import { chunkEnd, chunkStarts, chunkStartsAfterEdit, topLevelFences } from './chunks.js';

/** Offsets (0-based, end exclusive) of a node in the source. */
export interface OutlineSpan {
  start: number;
  end: number;
}

/** Inline code, as mdast's `inlineCode`. */
export interface OutlineCode extends OutlineSpan {
  /** The value: padding stripped as CommonMark says, line endings kept as written. */
  value: string;
  /** Inside a heading. */
  inHeading: boolean;
  /** The first child of its heading. */
  lead: boolean;
}

/** An ATX or setext heading. */
export interface OutlineHeading extends OutlineSpan {
  depth: number;
  /** Plain text (text, inline code and inline HTML values), untrimmed. */
  text: string;
  /** The heading's first child when that is inline code. */
  leadCode?: OutlineCode;
}

/** A fenced code block with an info string. */
export interface OutlineFence extends OutlineSpan {
  /** First word of the info string, escapes and character references decoded. */
  lang: string;
}

/** An inline link, image, autolink or link definition (not reference-style uses). */
export interface OutlineLink extends OutlineSpan {
  url: string;
}

/** Everything of a Markdown document the guideline model reads, in document order. */
export interface MarkdownOutline {
  /** The YAML frontmatter block, fences included. */
  frontmatter?: OutlineSpan;
  headings: OutlineHeading[];
  codes: OutlineCode[];
  fences: OutlineFence[];
  links: OutlineLink[];
}

const FRONTMATTER = frontmatter(['yaml']);
const FOOTNOTE = gfmFootnote();
const STRIKETHROUGH = gfmStrikethrough();
const TASK_LIST_ITEM = gfmTaskListItem();
const TABLE = tableConstruct();

/**
 * Same extensions, in the same order, as remark-frontmatter + remark-gfm give
 * `parseMarkdown`, minus the autolink literals (see the header); the table
 * construct is guarded for `text` (see guardedTable).
 */
function extensions(text: string): Extension[] {
  return [FRONTMATTER, FOOTNOTE, STRIKETHROUGH, { flow: { null: guardedTable(text) } }, TASK_LIST_ITEM];
}

/** The one construct of micromark-extension-gfm-table. */
function tableConstruct(): Construct {
  const construct = gfmTable().flow?.null;
  if (!construct || Array.isArray(construct)) throw new Error('micromark-extension-gfm-table: expected one flow construct');
  return construct;
}

/**
 * GFM tables, tried only where one can start. The table construct is tried at
 * the start of every line of flow and reads the whole line as a head row
 * before its delimiter row check on the next line fails: that made the whole
 * parse a third slower. A delimiter row holds a `-` and a `|` or `:`
 * (micromark-extension-gfm-table 2.1.1, `headDelimiter*`), so when the next
 * physical line has no such characters the construct would fail anyway and is
 * refused at once. Rows after a head or a row (body rows) are always tried.
 */
function guardedTable(text: string): Construct {
  // micromark skips a byte order mark without counting it in offsets.
  const shift = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  return {
    ...TABLE,
    tokenize(this: TokenizeContext, effects, ok, nok): State {
      const self = this;
      return (code: Code) => (continuesTable(self) || nextLineCouldDelimit(text, self.now().offset + shift) ? TABLE.tokenize.call(self, effects, ok, nok)(code) : nok(code));
    },
  };
}

/** Whether the construct would read a body row: the same look-back as the table construct's start. */
function continuesTable(self: TokenizeContext): boolean {
  let index = self.events.length - 1;
  while (index > -1) {
    const type = (self.events[index] as Event)[1].type;
    if (type === 'lineEnding' || type === 'linePrefix') index--;
    else break;
  }
  if (index < 0) return false;
  const tail: string = (self.events[index] as Event)[1].type;
  return tail === 'tableHead' || tail === 'tableRow';
}

/** Whether the physical line after the one holding `offset` has a `-` and a `|` or `:`. */
function nextLineCouldDelimit(text: string, offset: number): boolean {
  let i = offset;
  while (i < text.length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
  if (i >= text.length) return false;
  i += text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
  let dash = false;
  let bar = false;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) break;
    if (c === 45) dash = true;
    else if (c === 124 || c === 58) bar = true;
  }
  return dash && bar;
}

/** An open link or image: whether its label was followed by a resource `(...)`. */
interface LinkFrame {
  link: OutlineLink | undefined;
  resource: boolean;
}

/** Identifiers (normalized as micromark does) of link reference and footnote definitions. */
interface Definitions {
  links: readonly string[];
  footnotes: readonly string[];
}

/** A piece's outline and the definitions the parse knew once it had read the piece. */
interface PieceOutline {
  outline: MarkdownOutline;
  definitions: Definitions;
}

/** Reads the outline of `text` in one parse, without the chunk cache: the reference outlineMarkdown must equal. Never throws. */
export function outlineMarkdownWhole(text: string): MarkdownOutline {
  return outlinePiece(text).outline;
}

/**
 * Reads the outline of one piece. `known` are definitions made elsewhere in
 * the document: references to them resolve as they would in one parse.
 */
function outlinePiece(text: string, known?: Definitions): PieceOutline {
  const parser = parse({ extensions: extensions(text) });
  if (known) {
    parser.defined.push(...known.links);
    parser.gfmFootnotes = [...known.footnotes];
  }
  const events: Event[] = postprocess(parser.document().write(preprocess()(text, undefined, true)));
  const out: MarkdownOutline = { headings: [], codes: [], fences: [], links: [] };

  let heading: OutlineHeading | undefined;
  let inHeadingText = false;
  // No child of the heading seen yet: the next one decides `leadCode`.
  let atHeadingStart = false;
  // > 0 inside what mdast keeps out of the tree's text: an image (its alt),
  // a link's resource or reference, a footnote call.
  let skip = 0;
  let code: OutlineCode | undefined;
  let codeValue = '';
  let codeSkipped = false;
  let inTable = false;
  // A destination or info string being collected, and where it goes.
  let stringValue = '';
  let stringTarget: OutlineLink | OutlineFence | undefined;
  let fence: OutlineFence | undefined;
  let definition: OutlineLink | undefined;
  let autolink: OutlineLink | undefined;
  const frames: LinkFrame[] = [];
  const dropped = new Set<OutlineLink>();
  // mdast drops the line ending right after a hard break.
  let atHardBreak = false;
  let numericReferenceBase = 0;

  const slice = (event: Event): string => event[2].sliceSerialize(event[1]);
  // Text content, routed as mdast routes it: into the string being read, the
  // inline code value, or the heading's text.
  const append = (value: string): void => {
    if (stringTarget) stringValue += value;
    else if (code) codeValue += value;
    else if (heading && inHeadingText && skip === 0) heading.text += value;
  };

  for (let i = 0; i < events.length; i++) {
    const event = events[i] as Event;
    const token = event[1];
    // Extension token types are not all in micromark's type map.
    const type: string = token.type;
    if (event[0] === 'enter') {
      if (atHeadingStart && heading) {
        atHeadingStart = false;
        if (type === 'codeText') {
          code = { value: '', start: token.start.offset, end: token.end.offset, inHeading: true, lead: true };
          heading.leadCode = code;
          codeValue = '';
          codeSkipped = false;
          continue;
        }
      }
      switch (type) {
        case 'yaml':
          out.frontmatter = { start: token.start.offset, end: token.end.offset };
          break;
        case 'atxHeading':
        case 'setextHeading':
          heading = { depth: 0, text: '', start: token.start.offset, end: token.end.offset };
          break;
        case 'atxHeadingText':
        case 'setextHeadingText':
          inHeadingText = true;
          atHeadingStart = true;
          break;
        case 'codeText':
          code = { value: '', start: token.start.offset, end: token.end.offset, inHeading: heading !== undefined && inHeadingText, lead: false };
          codeValue = '';
          codeSkipped = skip > 0;
          break;
        case 'link':
        case 'image': {
          const link = skip === 0 ? { url: '', start: token.start.offset, end: token.end.offset } : undefined;
          if (link) out.links.push(link);
          frames.push({ link, resource: false });
          if (type === 'image') skip++;
          break;
        }
        case 'resource': {
          const frame = frames[frames.length - 1];
          if (frame) frame.resource = true;
          skip++;
          break;
        }
        case 'reference':
        case 'gfmFootnoteCall':
          skip++;
          break;
        case 'resourceDestinationString': {
          const link = frames[frames.length - 1]?.link;
          if (link) {
            stringTarget = link;
            stringValue = '';
          }
          break;
        }
        case 'definition':
          definition = { url: '', start: token.start.offset, end: token.end.offset };
          out.links.push(definition);
          break;
        case 'definitionDestinationString':
          if (definition) {
            stringTarget = definition;
            stringValue = '';
          }
          break;
        case 'autolink':
          autolink = skip === 0 ? { url: '', start: token.start.offset, end: token.end.offset } : undefined;
          if (autolink) out.links.push(autolink);
          break;
        case 'codeFenced':
          fence = { lang: '', start: token.start.offset, end: token.end.offset };
          break;
        case 'codeFencedFenceInfo':
          if (fence) {
            stringTarget = fence;
            stringValue = '';
          }
          break;
        case 'table':
          inTable = true;
          break;
        default:
          break;
      }
      continue;
    }

    switch (type) {
      case 'data':
      case 'codeTextData':
      case 'htmlTextData':
      case 'characterEscapeValue':
        append(slice(event));
        break;
      case 'lineEnding':
        if (atHardBreak) atHardBreak = false;
        else append(slice(event));
        break;
      case 'hardBreakEscape':
      case 'hardBreakTrailing':
        atHardBreak = true;
        break;
      case 'characterReferenceMarkerNumeric':
        numericReferenceBase = 10;
        break;
      case 'characterReferenceMarkerHexadecimal':
        numericReferenceBase = 16;
        break;
      case 'characterReferenceValue': {
        const raw = slice(event);
        // A name micromark accepted as a reference always decodes.
        append(numericReferenceBase ? decodeNumericCharacterReference(raw, numericReferenceBase) : decodeNamedCharacterReference(raw) || raw);
        numericReferenceBase = 0;
        break;
      }
      case 'autolinkProtocol':
      case 'autolinkEmail': {
        const value = slice(event);
        append(value);
        if (autolink) autolink.url = type === 'autolinkEmail' ? `mailto:${value}` : value;
        break;
      }
      case 'codeText':
        if (code) {
          // As mdast-util-gfm-table: in a table cell `\|` is a pipe (and `\\` stays).
          code.value = inTable ? codeValue.replace(/\\([\\|])/g, (all: string, ch: string) => (ch === '|' ? ch : all)) : codeValue;
          if (!codeSkipped) out.codes.push(code);
          if (!codeSkipped && heading && inHeadingText && skip === 0) heading.text += code.value;
          code = undefined;
        }
        break;
      case 'resourceDestinationString':
      case 'definitionDestinationString':
        if (stringTarget && 'url' in stringTarget) stringTarget.url = stringValue;
        stringTarget = undefined;
        break;
      case 'codeFencedFenceInfo':
        if (stringTarget && 'lang' in stringTarget) {
          stringTarget.lang = stringValue;
          // Only fences with an info string have a `lang` in mdast.
          out.fences.push(stringTarget);
        }
        stringTarget = undefined;
        break;
      case 'atxHeadingSequence':
        if (heading && heading.depth === 0) heading.depth = token.end.offset - token.start.offset;
        break;
      case 'setextHeadingLineSequence':
        if (heading) heading.depth = slice(event).charCodeAt(0) === 61 /* = */ ? 1 : 2;
        break;
      case 'atxHeadingText':
      case 'setextHeadingText':
        inHeadingText = false;
        atHeadingStart = false;
        break;
      case 'atxHeading':
      case 'setextHeading':
        if (heading) out.headings.push(heading);
        heading = undefined;
        inHeadingText = false;
        atHeadingStart = false;
        break;
      case 'link':
      case 'image': {
        const frame = frames.pop();
        // Without a resource it is a linkReference / imageReference in mdast.
        if (frame?.link && !frame.resource) dropped.add(frame.link);
        if (type === 'image') skip--;
        break;
      }
      case 'resource':
      case 'reference':
      case 'gfmFootnoteCall':
        skip--;
        break;
      case 'definition':
        definition = undefined;
        break;
      case 'autolink':
        autolink = undefined;
        break;
      case 'codeFenced':
        fence = undefined;
        break;
      case 'table':
        inTable = false;
        break;
      default:
        break;
    }
  }
  if (dropped.size) out.links = out.links.filter((l) => !dropped.has(l));
  return { outline: out, definitions: { links: parser.defined, footnotes: parser.gfmFootnotes ?? [] } };
}

// The chunk cache. A guideline is read in pieces cut at top-level headings
// (./chunks.ts) and each piece's outline is kept, keyed by the piece's text:
// after an edit only the edited piece is parsed again (the language server
// re-parses on every keystroke), and a registry publishing version 1.1 of a
// set it checked as 1.0 parses only what changed. Pieces also parse faster
// than the whole: micromark's event splicing grows faster than linearly with
// the document, so a 10,000-line guideline reads in about half the time in pieces.

/**
 * Pieces are at least this long (a few label sections): each parse pays a
 * fixed set-up (combining the syntax extensions, about 0.1 ms), and one piece
 * of this size still re-parses in a few milliseconds.
 */
const MIN_PIECE_CHARS = 2048;
/** Each of the two caches holds pieces of at most this many characters in all (UTF-16: twice as many bytes, plus the outlines, a fraction of that). */
const MAX_CACHED_CHARS = 2 * 1024 * 1024;

/** Outlines by piece text, least recently used first. */
class PieceCache<T> {
  /** Off in a batch of documents each read once (`rubric lint`): nothing repeats, and entries only cost memory. */
  enabled = true;

  // Each entry holds its own key: a hit moves the entry to the end under that key, not under the
  // caller's string, a slice of a document that the cache would otherwise keep alive.
  private readonly map = new Map<string, { key: string; value: T }>();
  private chars = 0;

  get(text: string): T | undefined {
    if (!this.enabled) return undefined;
    const hit = this.map.get(text);
    if (hit === undefined) return undefined;
    this.map.delete(hit.key);
    this.map.set(hit.key, hit);
    return hit.value;
  }

  set(text: string, value: T): void {
    if (!this.enabled) return;
    const old = this.map.get(text);
    if (old !== undefined) {
      this.map.delete(old.key);
      this.chars -= old.key.length;
    }
    // `text` is a slice of the document and would keep the whole document alive as long as the entry: keep a flat copy.
    const key = JSON.parse(JSON.stringify(text)) as string;
    this.map.set(key, { key, value });
    this.chars += key.length;
    for (const [oldKey] of this.map) {
      if (this.chars <= MAX_CACHED_CHARS) break;
      this.map.delete(oldKey);
      this.chars -= oldKey.length;
    }
  }

  clear(): void {
    this.map.clear();
    this.chars = 0;
  }
}

// Pieces read knowing no definitions elsewhere, and pieces read knowing some (rare: only
// documents with reference-style links or footnotes), with the definitions they were read with.
const plainPieces = new PieceCache<PieceOutline>();
const seededPieces = new PieceCache<{ signature: string; piece: PieceOutline }>();

/** What outlineMarkdown keeps of one piece of the last text read under a document key. */
interface ReadPiece {
  /** Where the piece ends in that text. */
  end: number;
  /** Its outline read knowing no definitions elsewhere. */
  plain: PieceOutline;
  /** It holds `]:` (may define something) / `[` (may use a definition). */
  defines: boolean;
  brackets: boolean;
}

/** The last text read under a document key, with its cuts and pieces, so that the next text is read by what changed. */
interface LastRead {
  text: string;
  minPieceChars: number;
  /** chunkStarts(text), or [0] when the text was too short to cut. */
  cuts: number[];
  /** Its pieces by start offset. */
  pieces: Map<number, ReadPiece>;
}

/** Documents remembered (the files open in an editor, a registry's bundle): each holds its last text and piece list. */
const MAX_DOCUMENTS = 8;
const lastReads = new Map<string, LastRead>();

/**
 * Reads the outline of `text`, reusing the outlines of pieces of earlier
 * documents. Equals outlineMarkdownWhole(text) (test/chunked-parse.test.ts
 * checks it); the result is the caller's own. Never throws on any input.
 * `minPieceChars` is for tests, which cut small documents into many pieces.
 * `document` names the document (a file path): the text read last under the
 * same name is compared with this one, and only the lines between their
 * common start and common end are scanned for cuts again; pieces within the
 * common start and end are taken as they were, without slicing or looking
 * them up. Any name gives the same result; a wrong one only saves less.
 */
export function outlineMarkdown(text: string, minPieceChars = MIN_PIECE_CHARS, document?: string): MarkdownOutline {
  const last = document === undefined ? undefined : lastReads.get(document);
  const before = last && last.minPieceChars === minPieceChars ? last : undefined;
  let prefix = 0;
  let suffix = 0;
  let cuts: number[] = [0];
  if (before) {
    [prefix, suffix] = commonEnds(before.text, text);
    if (text.length >= 2 * minPieceChars) cuts = prefix === text.length && before.text.length === text.length ? before.cuts : chunkStartsAfterEdit(text, before.text, before.cuts, prefix, suffix);
  } else if (text.length >= 2 * minPieceChars) {
    cuts = chunkStarts(text);
  }
  const starts = pieceStarts(cuts, pieceSize(text, minPieceChars));
  const delta = before ? text.length - before.text.length : 0;
  const sameFrom = text.length - suffix;
  const pieces: ReadPiece[] = starts.map((start, i) => {
    const end = chunkEnd(text, starts, i);
    if (before) {
      // Inside the common start, or the common end, the piece's text is the old piece's.
      const old = end <= prefix ? before.pieces.get(start) : start >= sameFrom ? before.pieces.get(start - delta) : undefined;
      if (old && old.end === (end <= prefix ? end : end - delta)) return { ...old, end };
    }
    const piece = text.slice(start, end);
    return { end, plain: cachedPiece(piece, undefined), defines: piece.includes(']:'), brackets: piece.includes('[') };
  });
  if (document !== undefined && plainPieces.enabled) {
    lastReads.delete(document);
    lastReads.set(document, { text, minPieceChars, cuts, pieces: new Map(starts.map((start, i) => [start, pieces[i] as ReadPiece])) });
    for (const [key] of lastReads) {
      if (lastReads.size <= MAX_DOCUMENTS) break;
      lastReads.delete(key);
    }
  }
  // Definitions reach across pieces: a reference in one resolves to a definition in another.
  // Only a piece with `]:` can define something; its own definitions do not depend on the others'.
  let known: Definitions | undefined;
  if (pieces.length > 1) {
    const links = new Set<string>();
    const footnotes = new Set<string>();
    for (const piece of pieces) {
      if (!piece.defines) continue;
      for (const id of piece.plain.definitions.links) links.add(id);
      for (const id of piece.plain.definitions.footnotes) footnotes.add(id);
    }
    if (links.size || footnotes.size) known = { links: [...links].sort(), footnotes: [...footnotes].sort() };
  }
  const signature = known ? JSON.stringify(known) : '';
  const out: MarkdownOutline = { headings: [], codes: [], fences: [], links: [] };
  // micromark does not count a byte order mark in offsets.
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  pieces.forEach((piece, i) => {
    const start = starts[i] as number;
    // Without a `[` a piece holds no reference: the definitions elsewhere cannot change it.
    const { outline } = known && piece.brackets ? cachedPiece(text.slice(start, piece.end), known, signature) : piece.plain;
    appendShifted(out, outline, i === 0 ? 0 : start - bom);
  });
  return out;
}

/** The piece size to aim for: none (one piece) when the text is shorter than two pieces. */
function pieceSize(text: string, min: number): number {
  return text.length < 2 * min ? Infinity : min;
}

/** Turns the piece caches and the remembered documents on or off (off: for batches that read each document once). */
export function setOutlineCaching(enabled: boolean): void {
  plainPieces.enabled = enabled;
  seededPieces.enabled = enabled;
  if (!enabled) clearOutlineCache();
}

/** Drops every cached piece and remembered document (tests, memory pressure). */
export function clearOutlineCache(): void {
  plainPieces.clear();
  seededPieces.clear();
  lastReads.clear();
}

/** Lengths of the common start and the common end of `a` and `b`, not overlapping in either. */
function commonEnds(a: string, b: string): [number, number] {
  const max = Math.min(a.length, b.length);
  // Blocks first: comparing substrings runs in native code.
  const block = 512;
  let prefix = 0;
  while (prefix + block <= max && a.substring(prefix, prefix + block) === b.substring(prefix, prefix + block)) prefix += block;
  while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  const maxSuffix = max - prefix;
  let suffix = 0;
  while (suffix + block <= maxSuffix && a.substring(a.length - suffix - block, a.length - suffix) === b.substring(b.length - suffix - block, b.length - suffix)) suffix += block;
  while (suffix < maxSuffix && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) suffix++;
  return [prefix, suffix];
}

/** Cut points at least `min` characters apart (the first one after each such stretch). */
function pieceStarts(cuts: readonly number[], min: number): number[] {
  const starts = [0];
  if (min === Infinity) return starts;
  let last = 0;
  for (const start of cuts) {
    if (start === 0 || start - last < min) continue;
    starts.push(start);
    last = start;
  }
  return starts;
}

function cachedPiece(text: string, known: Definitions | undefined, signature = ''): PieceOutline {
  if (!known) {
    let piece = plainPieces.get(text);
    if (!piece) {
      piece = outlinePieceSkippingFences(text);
      plainPieces.set(text, piece);
    }
    return piece;
  }
  const hit = seededPieces.get(text);
  if (hit?.signature === signature) return hit.piece;
  const piece = outlinePieceSkippingFences(text, known);
  seededPieces.set(text, { signature, piece });
  return piece;
}

/**
 * outlinePiece(text, known), without tokenizing the content of top-level fenced code blocks
 * (chunks.ts topLevelFences): the text around them is read in parts, and each block becomes its
 * outline entry directly. Its content is opaque to the outline, and example blocks are a third of
 * a guideline. Equals outlinePiece (test/chunked-parse.test.ts holds it to a parse of the whole).
 * A piece that may define link references or footnotes (`]:`) is read whole: its parts would not
 * see each other's definitions.
 */
function outlinePieceSkippingFences(text: string, known?: Definitions): PieceOutline {
  if (text.includes(']:')) return outlinePiece(text, known);
  const fences = topLevelFences(text).filter((f) => {
    // The part after a block must not start like a frontmatter (read only at a document's start),
    // and an info string with escapes or references is left to micromark to decode.
    const after = text.slice(f.next, f.next + 4);
    return !/^---(?:[ \t]|\r?\n|$)/.test(after) && !/[\\&]/.test(f.info);
  });
  if (fences.length === 0) return outlinePiece(text, known);
  // micromark does not count a byte order mark in offsets.
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const out: MarkdownOutline = { headings: [], codes: [], fences: [], links: [] };
  let from = 0;
  const readPart = (start: number, end: number): void => {
    if (end <= start) return;
    const part = outlinePiece(text.slice(start, end), known);
    appendShifted(out, part.outline, start === 0 ? 0 : start - bom);
  };
  for (const f of fences) {
    // The part before ends before the line break that precedes the block's opening line.
    readPart(from, f.start - (text.charCodeAt(f.start - 2) === 13 ? 2 : 1));
    const lang = f.info.split(/[ \t]/)[0] ?? '';
    // Only blocks with an info string are outline entries (mdast gives the others no `lang`).
    if (lang !== '') out.fences.push({ lang, start: f.start - bom, end: f.end - bom });
    from = f.next;
  }
  readPart(from, text.length);
  // Without `]:` the piece defines nothing: it knows what it was given.
  return { outline: out, definitions: { links: [...(known?.links ?? [])], footnotes: [...(known?.footnotes ?? [])] } };
}

/** Appends copies of a piece's outline entries, moved `delta` characters on; the cached ones stay untouched. */
function appendShifted(out: MarkdownOutline, piece: MarkdownOutline, delta: number): void {
  if (piece.frontmatter) out.frontmatter = { start: piece.frontmatter.start + delta, end: piece.frontmatter.end + delta };
  const copies = new Map<OutlineCode, OutlineCode>();
  for (const c of piece.codes) {
    const copy: OutlineCode = { value: c.value, start: c.start + delta, end: c.end + delta, inHeading: c.inHeading, lead: c.lead };
    if (c.lead) copies.set(c, copy);
    out.codes.push(copy);
  }
  for (const h of piece.headings) {
    const copy: OutlineHeading = { depth: h.depth, text: h.text, start: h.start + delta, end: h.end + delta };
    // The lead code is the same object in `codes` and on its heading, as in one parse.
    if (h.leadCode) copy.leadCode = copies.get(h.leadCode) ?? { ...h.leadCode, start: h.leadCode.start + delta, end: h.leadCode.end + delta };
    out.headings.push(copy);
  }
  for (const f of piece.fences) out.fences.push({ lang: f.lang, start: f.start + delta, end: f.end + delta });
  for (const l of piece.links) out.links.push({ url: l.url, start: l.start + delta, end: l.end + delta });
}
