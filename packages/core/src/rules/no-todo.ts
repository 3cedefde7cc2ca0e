/**
 * no-todo: guideline.md and schema.json hold no `TODO` markers. Generated
 * skeletons (`rubric import label-studio`) mark what a person still has to
 * write with `TODO`; a set with such gaps must not reach review or approval.
 */
import { visit, type JSONPath } from 'jsonc-parser';
import { defineRule } from '../lint/define-rule.js';
import type { GuidelineDocument, SchemaDocument } from '../model.js';
import { isRecord, pointerSegment } from '../util.js';

/** Options of no-todo. */
export interface NoTodoOptions {
  /** Words that mark unfinished text, matched case-sensitively as whole words. */
  markers: string[];
}

// A marker is a whole word: no letter, digit, mark or underscore right before or after it.
const WORD = '[\\p{L}\\p{N}\\p{M}_]';
const WORD_CHAR = new RegExp(`^${WORD}$`, 'u');
// Addresses are not text to finish: `https://tracker.example.org/TODO-12` stays as it is.
const URL = /(?:\b[a-zA-Z][a-zA-Z0-9+.-]*:\/\/|\bwww\.)[^\s<>"'`]*/g;

export default defineRule<NoTodoOptions>({
  meta: {
    id: 'no-todo',
    description: 'guideline.md and schema.json contain no `TODO` markers (unfinished text, as left by `rubric import`).',
    defaultLevel: 'warning',
    messages: {
      marker: 'Unexpected {{marker}} marker {{context}}, expected finished text',
    },
    optionsSchema: {
      properties: {
        markers: {
          type: 'array',
          items: { type: 'string', minLength: 1, pattern: '\\S', description: 'a marker word such as "TODO" or "FIXME", matched case-sensitively' },
          uniqueItems: true,
          description: 'an array of marker words, such as ["TODO", "FIXME"]',
        },
      },
    },
    defaultOptions: { markers: ['TODO'] },
  },
  check({ set, options, report }) {
    const markers = [...new Set((options.markers ?? []).map((m) => m.trim()).filter((m) => m !== ''))];
    if (!markers.length) return;
    const pattern = markerPattern(markers);
    const doc = set.guideline;
    // Unfinished text may stand in a draft; once the set is up for review or approved it blocks.
    const status = isRecord(doc?.frontmatter?.data) ? doc.frontmatter.data.status : undefined;
    const asError = status === 'review' || status === 'approved';
    if (doc && markers.some((m) => doc.text.includes(m))) {
      for (const { start, end } of findMarkers(doc.text, pattern)) {
        report({ messageId: 'marker', data: { marker: doc.text.slice(start, end), context: guidelineContext(doc, start) }, file: doc.file, range: doc.lines.range(start, end), asError });
      }
    }
    const schema = set.schema;
    if (schema && markers.some((m) => schema.text.includes(m) || schema.text.includes('\\u'))) {
      for (const s of jsonStrings(schema.text)) {
        for (const { start, end } of findMarkers(s.value, pattern)) {
          const from = s.offsets[start] as number;
          const to = s.offsets[end] as number;
          report({ messageId: 'marker', data: { marker: s.value.slice(start, end), context: schemaContext(schema, s.path) }, file: schema.file, range: schema.lines.range(from, to), asError });
        }
      }
    }
  },
});

/** One regular expression for all markers, longest first, each a whole word where it starts or ends with a word character. */
function markerPattern(markers: readonly string[]): RegExp {
  const parts = [...markers]
    .sort((a, b) => b.length - a.length)
    .map((m) => {
      const escaped = m.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      const before = WORD_CHAR.test(m.slice(0, 1)) ? `(?<!${WORD})` : '';
      const after = WORD_CHAR.test(m.slice(-1)) ? `(?!${WORD})` : '';
      return `${before}${escaped}${after}`;
    });
  return new RegExp(parts.join('|'), 'gu');
}

/** Offsets of the markers in `text`, outside addresses. */
function findMarkers(text: string, pattern: RegExp): { start: number; end: number }[] {
  const urls = [...text.matchAll(URL)].map((m) => [m.index, m.index + m[0].length] as const);
  const out: { start: number; end: number }[] = [];
  for (const m of text.matchAll(pattern)) {
    const start = m.index;
    const end = start + m[0].length;
    if (!urls.some(([a, b]) => start < b && end > a)) out.push({ start, end });
  }
  return out;
}

/** A string value of a JSON file, decoded, with the file offset of each of its UTF-16 units (and one past the last). */
interface JsonString {
  value: string;
  offsets: number[];
  path: JSONPath;
}

/** Every string value (not property names) of a JSON text, tolerating syntax errors. */
function jsonStrings(text: string): JsonString[] {
  const out: JsonString[] = [];
  visit(text, {
    onLiteralValue(value: unknown, offset: number, length: number, _line: number, _column: number, pathSupplier: () => JSONPath) {
      if (typeof value !== 'string' || text[offset] !== '"') return;
      out.push({ ...decodeJsonString(text, offset, offset + length), path: pathSupplier() });
    },
  });
  return out;
}

/** Decodes the string token at `start`..`end` (quotes included), mapping each decoded unit to its offset. */
function decodeJsonString(text: string, start: number, end: number): { value: string; offsets: number[] } {
  let value = '';
  const offsets: number[] = [];
  const stop = text[end - 1] === '"' && end - 1 > start ? end - 1 : end;
  let i = start + 1;
  while (i < stop) {
    offsets.push(i);
    if (text[i] !== '\\') {
      value += text[i];
      i++;
      continue;
    }
    const esc = text[i + 1];
    if (esc === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
      value += String.fromCharCode(Number.parseInt(text.slice(i + 2, i + 6), 16));
      i += 6;
    } else {
      value += esc === 'n' ? '\n' : esc === 't' ? '\t' : esc === 'r' ? '\r' : esc === 'b' ? '\b' : esc === 'f' ? '\f' : (esc ?? '');
      i += 2;
    }
  }
  offsets.push(Math.min(i, stop));
  return { value, offsets };
}

/** Where in guideline.md an offset is: "in the frontmatter field `title`", "in the `why` of an example under label `x`", "in the definition of label `x`". */
function guidelineContext(doc: GuidelineDocument, offset: number): string {
  const inside = (r: { start: { offset: number }; end: { offset: number } } | undefined): boolean => r !== undefined && r.start.offset <= offset && offset < r.end.offset;
  const fm = doc.frontmatter;
  if (fm && inside(fm.range)) {
    const key = isRecord(fm.data) ? Object.keys(fm.data).find((k) => inside(fm.rangeOf([k])) || inside(fm.keyRangeOf([k]))) : undefined;
    return key === undefined ? 'in the frontmatter' : `in the frontmatter field \`${key}\``;
  }
  const example = doc.examples.find((e) => inside(e.range));
  if (example) {
    const key = isRecord(example.data) ? Object.keys(example.data).find((k) => inside(example.rangeOf([k])) || inside(example.keyRangeOf([k]))) : undefined;
    const which = example.id !== undefined ? `example \`${example.id}\`` : example.sectionLabelId !== undefined ? `an example under label \`${example.sectionLabelId}\`` : 'an example';
    return key === undefined ? `in ${which}` : `in the \`${key}\` of ${which}`;
  }
  const sections = doc.sections.filter((s) => inside(s.range));
  // The innermost section holding the offset: the one that starts last.
  const section = sections.reduce<(typeof sections)[number] | undefined>((best, s) => (best === undefined || s.range.start.offset >= best.range.start.offset ? s : best), undefined);
  if (doc.headings.some((h) => inside(h.range))) {
    return section && inside(section.heading.range) ? `in the heading of label \`${section.labelId}\`` : 'in a heading';
  }
  return section ? `in the definition of label \`${section.labelId}\`` : 'in the guideline text';
}

/** Where in schema.json a string is: "in the `title` of label `x`", "in the `prompt` of question `q`", else its JSON pointer. */
function schemaContext(schema: SchemaDocument, path: JSONPath): string {
  const key = path[path.length - 1];
  const parent = path.slice(0, -1).map((s) => `/${pointerSegment(s)}`).join('');
  if (typeof key === 'string') {
    const label = schema.labels.find((l) => l.pointer === parent);
    if (label) return `in the \`${key}\` of label \`${label.id}\``;
    const question = schema.questions.find((q) => q.pointer === parent);
    if (question) return `in the \`${key}\` of question \`${question.id}\``;
  }
  const pointer = path.map((s) => `/${pointerSegment(s)}`).join('');
  return pointer === '' ? 'in the schema' : `at \`${pointer}\` in the schema`;
}
