/** Writing XML by hand, safely: every text that goes into an attribute or a comment passes through here. */

// Characters XML 1.0 does not allow at all (C0 controls but tab, LF, CR; lone surrogates; U+FFFE/U+FFFF).
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `value` as an XML attribute value (without the quotes): markup escaped, line breaks kept as character references. */
export function xmlAttr(value: string): string {
  return value
    .replace(NOT_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

/** `value` as the text of an XML comment (which may not contain `--` or end in `-`). */
export function xmlComment(value: string): string {
  return value.replace(NOT_XML, '\uFFFD').replace(/-(?=-)/g, '- ').replace(/-$/, '- ');
}

/** An element to write: attributes whose value is undefined are left out. */
export interface XmlNode {
  tag: string;
  attrs: Record<string, string | undefined>;
  children: XmlNode[];
}

/** Shorthand for an XmlNode. */
export function el(tag: string, attrs: Record<string, string | undefined>, children: XmlNode[] = []): XmlNode {
  return { tag, attrs, children };
}

/** The node as indented XML (two spaces per level). */
export function serializeXml(node: XmlNode, depth = 0): string {
  const indent = '  '.repeat(depth);
  const attrs = Object.entries(node.attrs)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => ` ${k}="${xmlAttr(v)}"`)
    .join('');
  if (!node.children.length) return `${indent}<${node.tag}${attrs}/>`;
  return `${indent}<${node.tag}${attrs}>\n${node.children.map((c) => serializeXml(c, depth + 1)).join('\n')}\n${indent}</${node.tag}>`;
}
