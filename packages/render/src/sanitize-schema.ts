/**
 * The sanitize schema: only the elements and attributes the renderer itself
 * produces. Raw HTML never reaches the tree (the handlers turn it into text),
 * so this is the second wall: whatever slips past the handlers still cannot
 * carry a script, an event handler, a style or a remote frame.
 */
import type { Options as Schema } from 'rehype-sanitize';

type PropertyDefinition = NonNullable<Schema['attributes']>[string][number];

const GLOBAL_ATTRIBUTES: PropertyDefinition[] = ['className', 'id', 'title', 'dir', 'lang', 'role', 'ariaLabel', 'ariaHidden', 'ariaDescribedBy', ['dataLine', /^\d+$/]];

/** Every key is set: a key left out would fall back to GitHub's more permissive default. */
export const SANITIZE_SCHEMA: Schema = {
  allowComments: false,
  allowDoctypes: false,
  tagNames: [
    'a', 'article', 'aside', 'b', 'bdi', 'blockquote', 'br', 'code', 'dd', 'del', 'details', 'div', 'dl', 'dt', 'em',
    'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'i', 'img', 'input', 'kbd', 'li', 'main', 'mark', 'nav',
    'ol', 'p', 'pre', 'q', 's', 'section', 'span', 'strong', 'sub', 'summary', 'sup', 'table', 'tbody', 'td', 'tfoot', 'th',
    'thead', 'tr', 'ul',
  ],
  attributes: {
    '*': [...GLOBAL_ATTRIBUTES],
    a: ['href', ['rel', 'noopener', 'noreferrer'], 'dataFootnoteRef', 'dataFootnoteBackref'],
    img: ['src', 'alt', ['loading', 'lazy'], ['decoding', 'async']],
    input: [['type', 'checkbox'], ['disabled', true], 'checked'],
    ol: [['start', /^\d{1,9}$/]],
    td: [['align', 'left', 'center', 'right']],
    th: [['align', 'left', 'center', 'right']],
    details: ['open'],
    section: ['dataFootnotes'],
  },
  required: {
    input: { type: 'checkbox', disabled: true },
  },
  // Relative and fragment URLs always pass; a URL with a scheme only with one of these.
  protocols: {
    href: ['http', 'https', 'mailto'],
    src: ['http', 'https', 'data'],
  },
  ancestors: {
    tbody: ['table'],
    td: ['table'],
    th: ['table'],
    thead: ['table'],
    tfoot: ['table'],
    tr: ['table'],
    li: ['ul', 'ol'],
    summary: ['details'],
  },
  // Ids are made by the renderer (heading slugs, `label-<id>`, footnotes), never copied from raw HTML.
  clobber: [],
  clobberPrefix: '',
  strip: ['script', 'style', 'template', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math', 'textarea', 'title', 'xmp', 'noembed', 'noframes'],
};
