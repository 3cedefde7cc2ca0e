/**
 * Bidirectional control characters made visible. An override (U+202E) in a
 * policy text or an example would silently reorder what labelers read; the
 * renderer replaces each control with a visible marker such as `⟨U+202E⟩`, so
 * the text reads in its stored order and the trick itself is on the page.
 */
import type { Element, ElementContent } from 'hast';

/** The embedding, override and isolate controls: U+202A-U+202E and U+2066-U+2069. */
export const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
/** Test for one bidi control (no global state). */
export const HAS_BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;

const NAMES: Record<string, string> = {
  '\u202A': 'LEFT-TO-RIGHT EMBEDDING',
  '\u202B': 'RIGHT-TO-LEFT EMBEDDING',
  '\u202C': 'POP DIRECTIONAL FORMATTING',
  '\u202D': 'LEFT-TO-RIGHT OVERRIDE',
  '\u202E': 'RIGHT-TO-LEFT OVERRIDE',
  '\u2066': 'LEFT-TO-RIGHT ISOLATE',
  '\u2067': 'RIGHT-TO-LEFT ISOLATE',
  '\u2068': 'FIRST STRONG ISOLATE',
  '\u2069': 'POP DIRECTIONAL ISOLATE',
};

/** `⟨U+202E⟩` for a control character. */
export function bidiMarker(ch: string): string {
  return `⟨U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

/** Replaces bidi controls in plain text (attribute values, titles) with their markers. */
export function showBidiInText(value: string): string {
  return HAS_BIDI_CONTROL.test(value) ? value.replace(BIDI_CONTROLS, bidiMarker) : value;
}

/** Text with bidi controls as text nodes and marker spans. */
export function splitAtBidiControls(value: string): ElementContent[] {
  const out: ElementContent[] = [];
  let last = 0;
  for (const m of value.matchAll(BIDI_CONTROLS)) {
    const at = m.index ?? 0;
    if (at > last) out.push({ type: 'text', value: value.slice(last, at) });
    out.push(marker(m[0]));
    last = at + m[0].length;
  }
  if (last < value.length) out.push({ type: 'text', value: value.slice(last) });
  return out;
}

function marker(ch: string): Element {
  const code = bidiMarker(ch);
  return {
    type: 'element',
    tagName: 'span',
    properties: { className: ['bidi-control'], title: `Bidirectional control character ${code.slice(1, -1)} ${NAMES[ch] ?? ''}`.trim() },
    children: [{ type: 'text', value: code }],
  };
}
