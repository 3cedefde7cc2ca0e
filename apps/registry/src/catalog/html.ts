/**
 * HTML built by one tagged template that escapes every interpolated value,
 * so set ids, titles, principal names and diff text (all hostile by nature)
 * can only ever be text. Only values that are already `Html` (made here, or
 * by the sanitizing renderer) go in as markup. Bidi controls in text are
 * shown as visible markers, as the renderer does, so no text can reorder
 * what a labeler reads.
 */
import { BIDI_CONTROLS, bidiMarker } from '@rubric/render';

/** A piece of markup that is safe to place in a page. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** What may be interpolated: text (escaped), markup, lists of either, or nothing. */
export type HtmlValue = Html | string | number | null | undefined | false | readonly HtmlValue[];

/** Escapes text for element content and quoted attribute values; bidi controls become visible markers. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(BIDI_CONTROLS, bidiMarker);
}

function render(value: HtmlValue): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(String(value));
}

/** Tagged template: `html\`<a href="${url}">${text}</a>\`` with every value escaped unless it is Html. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): Html {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

/** Markup from a trusted source (our own constants, the sanitizing renderer). Never pass user content. */
export function trusted(markup: string): Html {
  return new Html(markup);
}

/** A URL path from segments, each percent-encoded. */
export function pathOf(...segments: string[]): string {
  return `/${segments.map((s) => encodeURIComponent(s)).join('/')}`;
}
