/** Helpers shared by the output formats: paths, counts, terminal-safe text. */
import { isAbsolute, relative, sep } from 'node:path';
import type { Finding } from '@rubric/core';

/** Name of the tool in machine-readable reports. */
export const TOOL_NAME = 'rubric';
/** Home page of the tool (SARIF `informationUri`). */
export const TOOL_URL = 'https://github.com/rubric-guidelines/rubric';

/**
 * Path of `file` relative to `cwd` with forward slashes ("guidelines/x/schema.json");
 * files outside `cwd` get "../" segments, files on another drive stay absolute.
 */
export function relativePath(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  const path = rel === '' ? '.' : rel;
  return sep === '/' ? path : path.split(sep).join('/');
}

/** True when a relative path (from {@link relativePath}) leaves its base folder. */
export function isOutside(rel: string): boolean {
  return rel === '..' || rel.startsWith('../') || isAbsolute(rel) || /^[A-Za-z]:\//.test(rel);
}

/** Number of findings per severity and of findings with a safe fix. */
export interface Counts {
  errors: number;
  warnings: number;
  infos: number;
  fixable: number;
}

/** Counts findings per severity and those with a safe fix. */
export function countFindings(findings: readonly Finding[]): Counts {
  const counts: Counts = { errors: 0, warnings: 0, infos: 0, fixable: 0 };
  for (const f of findings) {
    if (f.severity === 'error') counts.errors++;
    else if (f.severity === 'warning') counts.warnings++;
    else counts.infos++;
    if (f.fix && f.fix.edits.length > 0) counts.fixable++;
  }
  return counts;
}

/** Findings grouped by file, files in order of first appearance. */
export function groupByFile(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const group = groups.get(f.file);
    if (group) group.push(f);
    else groups.set(f.file, [f]);
  }
  return groups;
}

/** Compares strings by UTF-16 code units: stable across locales. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// C0/C1 controls and DEL (minus tab and line breaks, handled apart) and the
// bidirectional overrides/isolates that can reorder what a terminal shows.
const UNSAFE_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * One line of terminal-safe text: line breaks (with the white space around
 * them) and tabs become one space; control characters, including ESC, and
 * bidi overrides are shown as `\uXXXX` instead of acting on the terminal.
 */
export function singleLine(text: string): string {
  return text
    .replace(/[ \t]*(?:\r\n|\r|\n)[ \t]*/g, ' ')
    .replace(/\t/g, ' ')
    .replace(UNSAFE_CHARS, (ch) => `\\u${(ch.codePointAt(0) as number).toString(16).padStart(4, '0')}`);
}

// Made on first use: building the segmenter and the Unicode property patterns costs a few
// milliseconds that a run without findings (the common case in a pre-commit hook) never needs.
let segmenter: Intl.Segmenter | undefined;
let ZERO_WIDTH: RegExp | undefined;
let EMOJI: RegExp | undefined;
// Printable ASCII is one column a character: most messages, file paths and rule ids.
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/**
 * Columns a terminal uses for `text` (no escape codes in it): wide East Asian
 * characters and emoji count two, combining marks and format characters zero.
 */
export function displayWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  ZERO_WIDTH ??= /^[\p{Mn}\p{Me}\p{Cf}]+$/u;
  EMOJI ??= /\p{Emoji_Presentation}|\p{Extended_Pictographic}\uFE0F|\u200D/u;
  let width = 0;
  for (const { segment } of segmenter.segment(text)) {
    if (ZERO_WIDTH.test(segment)) continue;
    if (EMOJI.test(segment)) width += 2;
    else width += isWide(segment.codePointAt(0) as number) ? 2 : 1;
  }
  return width;
}

/** `text` followed by spaces up to `width` terminal columns (`textWidth` when already known). */
export function padEnd(text: string, width: number, textWidth = displayWidth(text)): string {
  return text + ' '.repeat(Math.max(0, width - textWidth));
}

/** "1 error", "2 errors". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
