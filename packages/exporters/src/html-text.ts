/**
 * The rendered text of an HTML item, as Label Studio's `<HyperText>` counts
 * it: every text node of the document in order, each with the XPath Label
 * Studio uses to place a span (`/p[1]/b[1]/text()[1]`, from the body). Span
 * offsets of an HTML item (`globalOffsets`) count this text, not the markup.
 *
 * The HTML is read with xmldom's HTML mode, which is not a browser's parser:
 * it needs well-formed markup (void elements such as `<br>` may stay open).
 * What it cannot read comes back as an error, never as offsets that would
 * place a span somewhere else.
 */
import { DOMParser, type Node as XmlNode } from '@xmldom/xmldom';

/** One text node: its XPath and where its characters stand in the rendered text. */
export interface HtmlTextNode {
  xpath: string;
  /** Offsets in the rendered text (UTF-16 code units, end exclusive). */
  start: number;
  end: number;
}

/** The rendered text of an HTML item and its text nodes, or why it could not be read. */
export type HtmlText = { text: string; nodes: HtmlTextNode[] } | { error: string };

/** Reads the text nodes of `html` (a fragment or a whole document). */
export function htmlText(html: string): HtmlText {
  const errors: string[] = [];
  let body: XmlNode | null = null;
  try {
    const doc = new DOMParser({ onError: (level, message) => void (level !== 'warning' && errors.push(message.split('\n')[0]!.trim())) }).parseFromString(/<body[\s>]/i.test(html) ? html : `<body>${html}</body>`, 'text/html');
    body = doc.getElementsByTagName('body')[0] ?? null;
  } catch (error) {
    errors.push(error instanceof Error ? error.message.split('\n')[0]!.trim() : String(error));
  }
  if (errors.length || !body) return { error: `Unexpected HTML: ${errors[0] ?? 'no body'}; expected well-formed markup` };
  const nodes: HtmlTextNode[] = [];
  let text = '';
  const visit = (parent: XmlNode, path: string): void => {
    const seen = new Map<string, number>();
    for (let n = parent.firstChild; n; n = n.nextSibling) {
      const key = n.nodeType === 3 ? 'text()' : n.nodeType === 1 ? n.nodeName.toLowerCase() : undefined;
      if (key === undefined) continue;
      const index = (seen.get(key) ?? 0) + 1;
      seen.set(key, index);
      const xpath = `${path}/${key}[${index}]`;
      if (n.nodeType === 1) visit(n, xpath);
      else {
        const data = (n as XmlNode & { data: string }).data;
        nodes.push({ xpath, start: text.length, end: text.length + data.length });
        text += data;
      }
    }
  };
  visit(body, '');
  return { text, nodes };
}

/** Label Studio's placement of a span of the rendered text: XPaths and offsets in those text nodes. */
export interface HtmlSpanPlace {
  start: string;
  end: string;
  startOffset: number;
  endOffset: number;
}

/** Where the span [start, end) of the rendered text stands, or undefined when it is empty or out of the text. */
export function placeSpan(read: { nodes: HtmlTextNode[] }, start: number, end: number): HtmlSpanPlace | undefined {
  const first = read.nodes.find((n) => start >= n.start && start < n.end);
  const last = read.nodes.find((n) => end > n.start && end <= n.end);
  if (!first || !last || end <= start) return undefined;
  return { start: first.xpath, end: last.xpath, startOffset: start - first.start, endOffset: end - last.start };
}
