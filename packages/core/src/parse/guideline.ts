/**
 * guideline.md -> GuidelineDocument: frontmatter, headings, label sections,
 * label-like inline code, example blocks, links and the changelog, each with ranges.
 *
 * The Markdown is read into an outline straight from micromark's events
 * (./markdown-outline.ts), not into an mdast tree: that parse is most of lint
 * time. The syntax is `parseMarkdown`'s (CommonMark, YAML frontmatter, GFM
 * tables, footnotes, strikethrough, task lists) without GFM autolink literals:
 * a bare URL is text, not a link of the model (see markdown-outline.ts).
 */
import GithubSlugger from 'github-slugger';
import { LineIndex, type Range } from '../position.js';
import {
  EXAMPLE_KINDS,
  LABEL_ID_PATTERN,
  type AnswerValue,
  type Changelog,
  type Example,
  type ExampleAnswer,
  type ExampleKind,
  type Frontmatter,
  type GuidelineDocument,
  type Heading,
  type LabelCode,
  type LabelCodeContext,
  type LabelSection,
  type Link,
  type SyntaxProblem,
} from '../model.js';
import { clearOutlineCache, outlineMarkdown, setOutlineCaching, type MarkdownOutline } from './markdown-outline.js';
import { clearYamlCache, parseYamlBlock, setYamlCaching } from './yaml-block.js';
import { isRecord } from '../util.js';

/** Info string of example blocks. */
export const EXAMPLE_LANG = 'example';
/** Heading text of the changelog section (case-insensitive). */
export const CHANGELOG_HEADING = 'Changelog';

const CHANGELOG_VERSION = /^\[?v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)\]?/;
const CLOSING_FENCE = /^[ \t]*(`{3,}|~{3,})[ \t]*$/;

interface PendingHeading {
  heading: Heading;
  start: number;
  label?: { id: string; idRange: Range; title: string };
}

/**
 * Parses guideline Markdown. Never throws: problems become SyntaxProblems in
 * the result. Pieces of the Markdown and example YAML blocks seen before
 * (an earlier version of the text) come from bounded caches, so re-parsing
 * after an edit costs about the edited piece.
 */
export function parseGuideline(file: string, text: string): GuidelineDocument {
  return guidelineFromOutline(file, text, outlineMarkdown(text, undefined, file));
}

/**
 * Turns parseGuideline's caches of earlier texts on (the default: an editor or a registry reads the
 * next version of the same text) or off (a batch such as `rubric lint` reads each text once, where
 * caching only costs memory and copying). Results never depend on it.
 */
export function setParseCaching(enabled: boolean): void {
  setOutlineCaching(enabled);
  setYamlCaching(enabled);
}

/** Drops what parseGuideline keeps of earlier texts (tests, memory pressure); results never depend on it. */
export function clearParseCache(): void {
  clearOutlineCache();
  clearYamlCache();
}

/**
 * The model of a guideline whose Markdown outline is known. parseGuideline's
 * second half; exported so the equivalence test can feed it an outline read
 * from remark's mdast.
 */
export function guidelineFromOutline(file: string, text: string, outline: MarkdownOutline): GuidelineDocument {
  const lines = new LineIndex(text);
  const slugger = new GithubSlugger();
  const headings: PendingHeading[] = [];
  const codeSpans: { value: string; range: Range; offset: number; context: LabelCodeContext }[] = [];
  let frontmatter: Frontmatter | undefined;
  let frontmatterProblem: SyntaxProblem | undefined;

  // Range of an inline code's value inside its backticks.
  const codeValueRange = (start: number, end: number, value: string): { range: Range; offset: number } => {
    const raw = text.slice(start, end);
    const at = raw.indexOf(value);
    const s = at >= 0 ? start + at : start;
    return { range: lines.range(s, at >= 0 ? s + value.length : end), offset: s };
  };

  if (outline.frontmatter) frontmatter = parseFrontmatter(text, outline.frontmatter.start, outline.frontmatter.end, lines);

  // Lead codes that are a heading's label id, not references.
  const leadCodes = new Set<number>();
  for (const h of outline.headings) {
    const plain = h.text.trim();
    const heading: Heading = { depth: h.depth, text: plain, slug: slugger.slug(plain), range: lines.range(h.start, h.end) };
    const pending: PendingHeading = { heading, start: h.start };
    const lead = h.leadCode;
    if (lead && LABEL_ID_PATTERN.test(lead.value.trim())) {
      const id = lead.value.trim();
      const { range } = codeValueRange(lead.start, lead.end, id);
      // The heading's text is the lead code's value followed by the rest.
      pending.label = { id, idRange: range, title: h.text.slice(lead.value.length).trim() };
      leadCodes.add(lead.start);
    }
    headings.push(pending);
  }

  for (const c of outline.codes) {
    if (c.lead && leadCodes.has(c.start)) continue;
    const value = c.value.trim();
    if (!isLabelLike(value)) continue;
    const { range, offset } = codeValueRange(c.start, c.end, value);
    codeSpans.push({ value, range, offset, context: c.inHeading ? 'heading' : 'prose' });
  }

  const exampleNodes = outline.fences.filter((f) => f.lang === EXAMPLE_LANG);
  const links: Link[] = outline.links.map((l) => ({ url: l.url, range: lines.range(l.start, l.end) }));

  if (!frontmatter) {
    frontmatterProblem = /^---[ \t]*\r?\n/.test(text)
      ? { message: 'Unexpected unterminated frontmatter, expected a closing `---` line', range: lines.lineRange(1) }
      : { message: 'Missing frontmatter, expected a `---` block with id, title, version, status, schema and owners', range: lines.range(0, 0) };
  }

  // Sections run to the next heading of the same or a higher level.
  const sections: LabelSection[] = [];
  const sectionEnds: number[] = [];
  const stack: { section: LabelSection; depth: number; end: number }[] = [];
  headings.forEach((h, i) => {
    let end = text.length;
    for (let j = i + 1; j < headings.length; j++) {
      if ((headings[j] as PendingHeading).heading.depth <= h.heading.depth) {
        end = (headings[j] as PendingHeading).start;
        break;
      }
    }
    sectionEnds.push(end);
    if (!h.label) return;
    while (stack.length && (stack[stack.length - 1] as { end: number }).end <= h.start) stack.pop();
    const parent = stack[stack.length - 1];
    const section: LabelSection = {
      labelId: h.label.id,
      idRange: h.label.idRange,
      title: h.label.title,
      heading: h.heading,
      range: lines.range(h.start, end),
      ...(parent ? { parentLabelId: parent.section.labelId } : {}),
    };
    sections.push(section);
    stack.push({ section, depth: h.heading.depth, end });
  });

  // The innermost section holding an offset: the last one starting at or before it that has not ended.
  // Sections are in document order; a binary search finds the last start, then back to one still open.
  const sectionAt = (offset: number): string | undefined => {
    let lo = 0;
    let hi = sections.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((sections[mid] as LabelSection).range.start.offset <= offset) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo - 1; i >= 0; i--) {
      const s = sections[i] as LabelSection;
      if (offset < s.range.end.offset) return s.labelId;
    }
    return undefined;
  };

  const labelCodes: LabelCode[] = codeSpans.map((c) => {
    const sectionLabelId = sectionAt(c.offset);
    return { value: c.value, range: c.range, context: c.context, ...(sectionLabelId ? { sectionLabelId } : {}) };
  });

  const examples = exampleNodes.map((n, index) => parseExample(text, lines, n.start, n.end, index, sectionAt(n.start)));

  let changelog: Changelog | undefined;
  const clIndex = headings.findIndex((h) => h.heading.text.toLowerCase() === CHANGELOG_HEADING.toLowerCase());
  if (clIndex >= 0) {
    const cl = headings[clIndex] as PendingHeading;
    const entries = [];
    for (let j = clIndex + 1; j < headings.length; j++) {
      const h = headings[j] as PendingHeading;
      if (h.heading.depth <= cl.heading.depth) break;
      const m = CHANGELOG_VERSION.exec(h.heading.text);
      if (m?.[1]) entries.push({ version: m[1], heading: h.heading });
    }
    changelog = { heading: cl.heading, range: lines.range(cl.start, sectionEnds[clIndex] as number), entries };
  }

  return {
    file,
    text,
    lines,
    ...(frontmatter ? { frontmatter } : {}),
    ...(frontmatterProblem ? { frontmatterProblem } : {}),
    headings: headings.map((h) => h.heading),
    sections,
    labelCodes,
    examples,
    links,
    ...(changelog ? { changelog } : {}),
  };
}

// Inline code such as `schema.json` is a file name, not a label.
const FILE_EXTENSION = /\.(?:json|jsonl|md|markdown|ya?ml|txt|csv|tsv|xml|html?|js|mjs|ts|py|sh|png|jpe?g|gif|svg|pdf)$/;

/** True when inline code reads as a label id (dotted lowercase, not a file name). */
export function isLabelLike(value: string): boolean {
  return LABEL_ID_PATTERN.test(value) && !FILE_EXTENSION.test(value);
}

/** GitHub's anchor slugs of headings with these plain texts, in document order (repeated texts get `-1`, `-2`, ...). */
export function headingSlugs(texts: readonly string[]): string[] {
  const slugger = new GithubSlugger();
  return texts.map((t) => slugger.slug(t.trim()));
}

/** Offsets of the text between a fenced block's opening line and its closing fence. */
function fenceContent(text: string, start: number, end: number): [number, number] {
  const firstBreak = text.indexOf('\n', start);
  const contentStart = firstBreak < 0 || firstBreak >= end ? end : firstBreak + 1;
  let contentEnd = end;
  const lastLineStart = text.lastIndexOf('\n', end - 1) + 1;
  if (lastLineStart >= contentStart && CLOSING_FENCE.test(text.slice(lastLineStart, end))) contentEnd = lastLineStart;
  return [contentStart, Math.max(contentStart, contentEnd)];
}

function parseFrontmatter(text: string, start: number, end: number, lines: LineIndex): Frontmatter {
  const firstBreak = text.indexOf('\n', start);
  const contentStart = firstBreak < 0 || firstBreak >= end ? end : firstBreak + 1;
  const lastLineStart = text.lastIndexOf('\n', end - 1) + 1;
  const contentEnd = lastLineStart > contentStart ? lastLineStart : contentStart;
  const block = parseYamlBlock(text.slice(contentStart, contentEnd), contentStart, lines);
  return { range: lines.range(start, end), data: block.data, errors: block.errors, rangeOf: block.rangeOf, keyRangeOf: block.keyRangeOf };
}

function parseExample(text: string, lines: LineIndex, start: number, end: number, index: number, sectionLabelId: string | undefined): Example {
  const [cs, ce] = fenceContent(text, start, end);
  const block = parseYamlBlock(text.slice(cs, ce), cs, lines);
  const example: Example = {
    index,
    range: lines.range(start, end),
    contentRange: lines.range(cs, ce),
    data: block.data,
    errors: block.errors,
    answers: [],
    rangeOf: block.rangeOf,
    keyRangeOf: block.keyRangeOf,
    ...(sectionLabelId ? { sectionLabelId } : {}),
  };
  const data = block.data;
  if (!isRecord(data)) return example;
  if (typeof data.id === 'string' || typeof data.id === 'number') example.id = String(data.id);
  if (data.kind !== undefined) {
    example.kindRaw = data.kind;
    if (typeof data.kind === 'string' && (EXAMPLE_KINDS as readonly string[]).includes(data.kind)) example.kind = data.kind as ExampleKind;
  }
  if (typeof data.text === 'string') example.text = data.text;
  if (typeof data.why === 'string') example.why = data.why;
  if (isRecord(data.answers)) {
    for (const [questionId, raw] of Object.entries(data.answers)) {
      const keyRange = block.keyRangeOf(['answers', questionId]);
      const valueRange = block.rangeOf(['answers', questionId]) ?? keyRange;
      if (!keyRange || !valueRange) continue;
      const answer: ExampleAnswer = { questionId, keyRange, valueRange, raw, isList: Array.isArray(raw), values: [] };
      const items = Array.isArray(raw) ? raw : [raw];
      items.forEach((item, i) => {
        const path = Array.isArray(raw) ? ['answers', questionId, i] : ['answers', questionId];
        const range = block.rangeOf(path) ?? valueRange;
        const value = answerValue(item, range, (p) => block.rangeOf([...path, p]));
        if (value) answer.values.push(value);
      });
      example.answers.push(answer);
    }
  }
  return example;
}

function answerValue(item: unknown, range: Range, rangeOf: (key: string) => Range | undefined): AnswerValue | undefined {
  if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') return { value: String(item), range };
  if (isRecord(item) && typeof item.label === 'string') {
    const value: AnswerValue = { value: item.label, range: rangeOf('label') ?? range };
    if (typeof item.text === 'string') {
      value.quote = item.text;
      const quoteRange = rangeOf('text');
      if (quoteRange) value.quoteRange = quoteRange;
    }
    return value;
  }
  return undefined;
}

