/**
 * Where the parts of a link stand in guideline.md: its destination and the
 * fragment after `#`. link-valid reports and fixes at these ranges, and the
 * editor's rename rewrites a label section's anchor there.
 */
import type { GuidelineDocument, Link } from './model.js';
import type { Range } from './position.js';

/** Range of the destination inside a link or definition, or the whole node when it cannot be found as written. */
export function linkUrlRange(doc: GuidelineDocument, link: Link): Range {
  const start = link.range.start.offset;
  const raw = doc.text.slice(start, link.range.end.offset);
  // The destination follows `](` in an inline link and `]:` in a definition.
  const opener = raw.startsWith('[') && /^\[[^\]]*\]:/.test(raw) ? raw.indexOf(']:') : raw.lastIndexOf('](');
  const at = opener < 0 ? -1 : raw.indexOf(link.url, opener);
  return at < 0 || link.url === '' ? link.range : doc.lines.range(start + at, start + at + link.url.length);
}

/** Range of the fragment (after `#`, as written) of a link's destination; undefined without one or when it is not written as parsed (escapes). */
export function linkAnchorRange(doc: GuidelineDocument, link: Link): Range | undefined {
  const hash = link.url.indexOf('#');
  if (hash < 0) return undefined;
  const fragment = link.url.slice(hash + 1);
  const urlRange = linkUrlRange(doc, link);
  const raw = doc.text.slice(urlRange.start.offset, urlRange.end.offset);
  const at = raw.lastIndexOf(`#${fragment}`);
  if (at < 0 || at + 1 + fragment.length !== raw.length) return undefined;
  const start = urlRange.start.offset + at + 1;
  return doc.lines.range(start, start + fragment.length);
}

/** Percent-decodes a part of a link (path or fragment); a malformed escape stays as written. */
export function decodeLinkPart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
