/**
 * no-invisible-characters: guideline.md and schema.json hold no invisible or
 * bidirectional control characters. Such characters make a label id or an
 * example text differ from what reviewers see ("Trojan Source"): an example
 * that reads as harmless can carry different text to labelers and gold tasks.
 */
import { defineRule } from '../lint/define-rule.js';

/** Options of no-invisible-characters. */
export interface NoInvisibleCharactersOptions {
  /** Code points allowed anyway, written `U+XXXX`. */
  allow: string[];
}

const BIDI: Record<number, string> = {
  0x061c: 'ARABIC LETTER MARK',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
};

const INVISIBLE: Record<number, string> = {
  0x00ad: 'SOFT HYPHEN',
  0x180e: 'MONGOLIAN VOWEL SEPARATOR',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x2060: 'WORD JOINER',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
};

const ZWJ = 0x200d;
const BLACK_FLAG = 0x1f3f4;
const CANCEL_TAG = 0xe007f;
const PICTOGRAPHIC = /^\p{Extended_Pictographic}$/u;
// Characters that may sit between an emoji and the joiner that follows it.
const EMOJI_TRAILERS = /^[\u{FE0F}\u{1F3FB}-\u{1F3FF}]$/u;

// Names of the tag characters' ASCII counterparts that are not letters or digits.
const TAG_PUNCTUATION: Record<string, string> = {
  ' ': 'SPACE', '!': 'EXCLAMATION MARK', '"': 'QUOTATION MARK', '#': 'NUMBER SIGN', $: 'DOLLAR SIGN', '%': 'PERCENT SIGN',
  '&': 'AMPERSAND', "'": 'APOSTROPHE', '(': 'LEFT PARENTHESIS', ')': 'RIGHT PARENTHESIS', '*': 'ASTERISK', '+': 'PLUS SIGN',
  ',': 'COMMA', '-': 'HYPHEN-MINUS', '.': 'FULL STOP', '/': 'SOLIDUS', ':': 'COLON', ';': 'SEMICOLON', '<': 'LESS-THAN SIGN',
  '=': 'EQUALS SIGN', '>': 'GREATER-THAN SIGN', '?': 'QUESTION MARK', '@': 'COMMERCIAL AT', '[': 'LEFT SQUARE BRACKET',
  '\\': 'REVERSE SOLIDUS', ']': 'RIGHT SQUARE BRACKET', '^': 'CIRCUMFLEX ACCENT', _: 'LOW LINE', '`': 'GRAVE ACCENT',
  '{': 'LEFT CURLY BRACKET', '|': 'VERTICAL LINE', '}': 'RIGHT CURLY BRACKET', '~': 'TILDE',
};
const DIGITS = ['ZERO', 'ONE', 'TWO', 'THREE', 'FOUR', 'FIVE', 'SIX', 'SEVEN', 'EIGHT', 'NINE'];
// Most names a finding spells out; a long run of tag characters is summarised.
const MAX_NAMED = 4;

export default defineRule<NoInvisibleCharactersOptions>({
  meta: {
    id: 'no-invisible-characters',
    description: 'guideline.md and schema.json contain no invisible or bidirectional control characters.',
    defaultLevel: 'error',
    messages: {
      bidi: 'Unexpected bidirectional control character{{plural}} {{names}}, expected none: they change the order text is shown in',
      invisible: 'Unexpected invisible character{{plural}} {{names}}, expected visible text',
    },
    optionsSchema: {
      properties: {
        allow: {
          type: 'array',
          items: { type: 'string', pattern: '^U\\+[0-9A-Fa-f]{4,6}$', description: 'a code point written U+XXXX, such as "U+200C"' },
          uniqueItems: true,
          description: 'an array of code points to allow, such as ["U+200C"]',
        },
      },
    },
    defaultOptions: { allow: [] },
    fixable: true,
  },
  check({ set, options, report }) {
    const allowed = new Set((options.allow ?? []).map((a) => Number.parseInt(a.slice(2), 16)));
    for (const file of [set.guideline, set.schema]) {
      if (!file) continue;
      for (const run of findRuns(file.text, allowed)) {
        const range = file.lines.range(run.start, run.end);
        const description = run.codePoints.length === 1 ? `Delete ${label(run.codePoints[0] as number)}` : `Delete ${run.codePoints.length} invisible characters`;
        const fix = { description, edits: [{ file: file.file, range, text: '' }] };
        report({
          messageId: run.codePoints.some((cp) => BIDI[cp] !== undefined) ? 'bidi' : 'invisible',
          data: { names: describeRun(run.codePoints), plural: run.codePoints.length === 1 ? '' : 's' },
          file: file.file,
          range,
          fix,
          suggestions: [fix],
        });
      }
    }
  },
});

/** A run of consecutive reported characters, by UTF-16 offsets. */
interface Run {
  start: number;
  end: number;
  codePoints: number[];
}

// Every character the rule looks for; a fast scan, refined per character below.
const SUSPICIOUS = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF\u{E0000}-\u{E007F}]+/gu;

/** Runs of invisible characters in `text`, skipping allowed ones and those that are part of emoji. */
function findRuns(text: string, allowed: ReadonlySet<number>): Run[] {
  const runs: Run[] = [];
  for (const m of text.matchAll(SUSPICIOUS)) {
    let at = m.index;
    // Tags right after 🏴 may spell a subdivision flag (the flag of Scotland), which is no hidden text.
    const flagEnd = codePointBefore(text, at)?.cp === BLACK_FLAG ? subdivisionFlagEnd(m[0]) : 0;
    let current: Run | undefined;
    for (const ch of m[0]) {
      const cp = ch.codePointAt(0) as number;
      const end = at + ch.length;
      if (end - m.index <= flagEnd || allowed.has(cp) || (cp === ZWJ && joinsEmoji(text, at, end))) current = undefined;
      else if (current) {
        current.end = end;
        current.codePoints.push(cp);
      } else {
        current = { start: at, end, codePoints: [cp] };
        runs.push(current);
      }
      at = end;
    }
  }
  return runs;
}

function codePointBefore(text: string, offset: number): { cp: number; at: number } | undefined {
  if (offset <= 0) return undefined;
  const low = text.charCodeAt(offset - 1);
  const high = offset >= 2 ? text.charCodeAt(offset - 2) : 0;
  if (low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff) return { cp: text.codePointAt(offset - 2) as number, at: offset - 2 };
  return { cp: low, at: offset - 1 };
}

/** True when the ZWJ at `start`..`end` joins two emoji (👩‍💻), allowing a variation selector or skin tone before it. */
function joinsEmoji(text: string, start: number, end: number): boolean {
  let before = codePointBefore(text, start);
  while (before && EMOJI_TRAILERS.test(String.fromCodePoint(before.cp))) before = codePointBefore(text, before.at);
  const after = text.codePointAt(end);
  return before !== undefined && after !== undefined && PICTOGRAPHIC.test(String.fromCodePoint(before.cp)) && PICTOGRAPHIC.test(String.fromCodePoint(after));
}

/**
 * Length in UTF-16 units of a subdivision flag's tags at the start of `run`
 * (lowercase letters and digits as tags, then CANCEL TAG), or 0. Other tag text
 * is still reported: tags can smuggle whole hidden sentences.
 */
function subdivisionFlagEnd(run: string): number {
  let length = 0;
  let tags = 0;
  for (const ch of run) {
    const cp = ch.codePointAt(0) as number;
    length += ch.length;
    if (cp === CANCEL_TAG) return tags >= 2 && tags <= 6 ? length : 0;
    const ascii = cp - 0xe0000;
    if (!((ascii >= 0x30 && ascii <= 0x39) || (ascii >= 0x61 && ascii <= 0x7a)) || ++tags > 6) return 0;
  }
  return 0;
}

/** `U+202E RIGHT-TO-LEFT OVERRIDE` */
function label(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')} ${nameOf(cp)}`;
}

function nameOf(cp: number): string {
  const known = BIDI[cp] ?? INVISIBLE[cp];
  if (known) return known;
  if (cp === 0xe0001) return 'LANGUAGE TAG';
  if (cp === CANCEL_TAG) return 'CANCEL TAG';
  const ascii = String.fromCharCode(cp - 0xe0000);
  if (/[A-Z]/.test(ascii)) return `TAG LATIN CAPITAL LETTER ${ascii}`;
  if (/[a-z]/.test(ascii)) return `TAG LATIN SMALL LETTER ${ascii.toUpperCase()}`;
  if (/[0-9]/.test(ascii)) return `TAG DIGIT ${DIGITS[Number(ascii)] ?? ascii}`;
  const punct = TAG_PUNCTUATION[ascii];
  return punct ? `TAG ${punct}` : 'TAG CHARACTER (unassigned)';
}

/** Names the characters of a run: each distinct one once, with a count when repeated. */
function describeRun(codePoints: readonly number[]): string {
  const counts = new Map<number, number>();
  for (const cp of codePoints) counts.set(cp, (counts.get(cp) ?? 0) + 1);
  const parts = [...counts].map(([cp, n]) => (n > 1 ? `${label(cp)} (${n}×)` : label(cp)));
  if (parts.length <= MAX_NAMED) return parts.join(', ');
  return `${parts.slice(0, MAX_NAMED).join(', ')} and ${parts.length - MAX_NAMED} more`;
}
