/**
 * Differential tests of the guideline parser: the outline it reads from
 * micromark's events (src/parse/markdown-outline.ts) must equal the one a
 * small walker reads from remark's mdast, and so must the model built from it
 * (headings, sections, references, examples, links), on the real guidelines,
 * the docs, bench corpus sets and thousands of mutated and random documents.
 *
 * The reference is remark with the same syntax as the parser: CommonMark,
 * YAML frontmatter and GFM without autolink literals (the parser's documented
 * choice). Against `parseMarkdown` (full GFM) the only difference allowed is
 * that bare URLs are not links.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import type { Nodes, Root } from 'mdast';
import { gfmFootnoteFromMarkdown } from 'mdast-util-gfm-footnote';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import { gfmFootnote } from 'micromark-extension-gfm-footnote';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';
import remarkFrontmatter from 'remark-frontmatter';
import remarkParse from 'remark-parse';
import { unified, type Processor } from 'unified';
import { describe, expect, it } from 'vitest';
import type { GuidelineDocument } from '../src/model.js';
import { guidelineFromOutline, parseGuideline } from '../src/parse/guideline.js';
import { outlineMarkdown, type MarkdownOutline, type OutlineCode, type OutlineHeading } from '../src/parse/markdown-outline.js';
import { parseMarkdown } from '../src/parse/markdown.js';
import { baseFiles } from './support/rule-tester.js';

/** remark-gfm minus micromark's and mdast's autolink literal parts. */
function gfmWithoutAutolinkLiterals(this: Processor): void {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(gfmFootnote(), gfmStrikethrough(), gfmTable(), gfmTaskListItem());
  (data.fromMarkdownExtensions ??= []).push([gfmFootnoteFromMarkdown(), gfmStrikethroughFromMarkdown(), gfmTableFromMarkdown(), gfmTaskListItemFromMarkdown()]);
}

const reference = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(gfmWithoutAutolinkLiterals);

function plainText(node: Nodes): string {
  if ('value' in node && typeof node.value === 'string') return node.value;
  if ('children' in node) return (node.children as Nodes[]).map(plainText).join('');
  return '';
}

/** The outline of an mdast tree: what the guideline parser read from mdast before it read micromark events. */
function outlineOfTree(tree: Root): MarkdownOutline {
  const out: MarkdownOutline = { headings: [], codes: [], fences: [], links: [] };
  const visit = (node: Nodes, heading: OutlineHeading | undefined, lead: boolean): void => {
    const start = node.position?.start.offset ?? -1;
    const end = node.position?.end.offset ?? -1;
    switch (node.type) {
      case 'yaml':
        out.frontmatter = { start, end };
        return;
      case 'heading': {
        const h: OutlineHeading = { depth: node.depth, text: plainText(node), start, end };
        out.headings.push(h);
        node.children.forEach((child, i) => visit(child, h, i === 0));
        return;
      }
      case 'inlineCode': {
        const code: OutlineCode = { value: node.value, start, end, inHeading: heading !== undefined, lead };
        if (heading && lead) heading.leadCode = code;
        out.codes.push(code);
        return;
      }
      case 'code':
        if (node.lang !== null && node.lang !== undefined) out.fences.push({ lang: node.lang, start, end });
        return;
      case 'link':
      case 'image':
      case 'definition':
        out.links.push({ url: node.url, start, end });
        break;
      default:
        break;
    }
    if ('children' in node) for (const child of node.children) visit(child as Nodes, heading, false);
  };
  visit(tree, undefined, false);
  return out;
}

/** The parts of the model that come from the Markdown structure (functions left out). */
function modelView(doc: GuidelineDocument): unknown {
  return {
    frontmatter: doc.frontmatter && { range: doc.frontmatter.range, data: doc.frontmatter.data, errors: doc.frontmatter.errors },
    frontmatterProblem: doc.frontmatterProblem,
    headings: doc.headings,
    sections: doc.sections,
    labelCodes: doc.labelCodes,
    examples: doc.examples.map((e) => ({ index: e.index, range: e.range, contentRange: e.contentRange, sectionLabelId: e.sectionLabelId, id: e.id, data: e.data })),
    links: doc.links,
    changelog: doc.changelog,
  };
}

const FILE = '/set/guideline.md';

/** The parser's outline and model equal those read from remark's mdast. */
function expectSameAsRemark(text: string): void {
  const outline = outlineMarkdown(text);
  const expected = outlineOfTree(reference.parse(text));
  expect(outline).toEqual(expected);
  expect(modelView(parseGuideline(FILE, text))).toEqual(modelView(guidelineFromOutline(FILE, text, expected)));
}

/** Against full GFM, only links differ: bare URLs (autolink literals) are links there, text here. */
function expectSameAsFullGfm(text: string): void {
  const full = outlineOfTree(parseMarkdown(text));
  const written = full.links.filter((l) => /^[[!<]/.test(text.slice(l.start, l.end)));
  expect(outlineMarkdown(text)).toEqual({ ...full, links: written });
}

const root = new URL('../../../', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, root), 'utf8');
const realGuidelines = readdirSync(new URL('guidelines/', root))
  .filter((d) => existsSync(new URL(`guidelines/${d}/guideline.md`, root)))
  .map((d) => ({ name: d, text: read(`guidelines/${d}/guideline.md`) }));
const docPages = [
  { name: 'docs/format.md', text: read('docs/format.md') },
  ...readdirSync(new URL('docs/rules/', root))
    .filter((f) => f.endsWith('.md'))
    .map((f) => ({ name: `docs/rules/${f}`, text: read(`docs/rules/${f}`) })),
];
const baseGuideline = baseFiles['guideline.md'] as string;

const CORPUS = new URL('bench/.corpus/', root);
const corpusSets = (() => {
  if (!existsSync(CORPUS)) return [];
  const dirs = readdirSync(CORPUS)
    .filter((d) => existsSync(new URL(`${d}/guideline.md`, CORPUS)))
    .sort();
  const step = Math.max(1, Math.floor(dirs.length / 30));
  return dirs
    .filter((_, i) => i % step === 0)
    .slice(0, 30)
    .map((d) => ({ name: d, text: readFileSync(new URL(`${d}/guideline.md`, CORPUS), 'utf8') }));
})();
if (corpusSets.length === 0) console.warn('parse-equivalence: bench/.corpus is absent (generate it with `npm run corpus -w @rubric/bench`); corpus sets skipped');

// Markdown that moves the outline: code spans and their padding, headings of
// both kinds, links, images, references, entities, escapes, hard breaks,
// HTML, GFM tables, footnotes, strikethrough and task lists, containers, tabs,
// bare URLs, and the characters the linter's property tests use.
const piece = fc.constantFrom(
  '`', '``', '` `', '`a.b`', '`` a.b ``', '` a.b `', '`a.b\n`', '\n`a.b`', '`abuse.insult`', '`schema.json`', '`a\\|b`', '`a.b\\|`',
  '*', '_', '**', '__', '~', '~~', '*a*', '~~a~~',
  '[', ']', '(', ')', '](', '[a](b)', '[`a.b`](#x "t")', '[a](<b c>)', '[a](\\(b\\))', '[a](&amp;)', '![', '![`a.b`](y.png)', '[![i](j)](k)', '![a [b](c)](d)',
  '[x]: ./other.md#h\n', '[x]: <>\n', '[x]', '[x][]', '[a][x]', '[^1]', '[^1]: note `a.b`\n', '[^1]:', '^',
  '<', '>', '<https://a.b/c>', '<a@b.co>', '<span>', '</span>', '<!-- c -->', '<a\nhref="x">',
  '&amp;', '&#65;', '&#x41;', '&nbsp;', '&bogus;', '&#0;', '&', ';', '\\', '\\`', '\\|', '\\*', '\\\n',
  '|', '| a | b |\n|---|---|\n', '| `a.b` | `c\\|d` |\n', '|-|\n', '\n| a | b |\n| :- | -: |\n| `c.d` | e |\n', 'a\n:-\n', ':', '\n> | a |\n> |---|\n',
  '\n- | a |\n  |---|\n', '| a |\r\n|---|\r\n', '\r| a |\r|---|\r', '| `a|b` |\n|-|\n', '\n| a |\n|---|\nb\n---\n',
  '#', '# ', '## ', '\n### `a.b` T\n', '\n## `a.b`\n', '\n#### `a.b.c` Child\n', ' #', '\n===\n', '\n---\n', '=', '-',
  '\n- ', '\n> ', '\n1. ', '\n    ', '- [ ] ', '- [x] ', '  \n', '\n\n', '\t', '\r\n', '\r', '    ', ' ', '\u00a0',
  '```example\n', '```\n', '``` example x\n', '```ex\\ample\n', '```ex&#97;mple\n', '~~~', '~~~example\n',
  'https://x.y/z*a*', 'www.a.b', 'a@b.co', 'http://x.y/`a.b`',
  '---\n', ': ', '"', "'", 'é', '😀', '\ud83d', '\ufeff', '\u0000', '\u200b',
);

const mutation = (text: string) =>
  fc.oneof(
    fc.record({ at: fc.nat(text.length), len: fc.nat(40) }).map(({ at, len }) => text.slice(0, at) + text.slice(at + len)),
    fc.record({ at: fc.nat(text.length), piece: fc.oneof(piece, fc.string({ maxLength: 12 })) }).map(({ at, piece: p }) => text.slice(0, at) + p + text.slice(at)),
    fc.record({ at: fc.nat(text.length), len: fc.nat(200) }).map(({ at, len }) => text.slice(0, at) + text.slice(at, at + len) + text.slice(at)),
  );

const mutated = (text: string, maxMutations: number) =>
  fc.array(fc.nat(), { minLength: 1, maxLength: maxMutations }).chain((seeds) => {
    let arb: fc.Arbitrary<string> = fc.constant(text);
    for (const _ of seeds) arb = arb.chain((t) => mutation(t));
    return arb;
  });

const randomMarkdown = fc.array(fc.oneof({ weight: 4, arbitrary: piece }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) }), { maxLength: 40 }).map((a) => a.join(''));

describe('the guideline parser reads what remark reads', () => {
  it.each(realGuidelines)('guidelines/$name', ({ text }) => {
    expectSameAsRemark(text);
    expectSameAsFullGfm(text);
  });

  it('the docs base set and the docs pages', () => {
    expectSameAsRemark(baseGuideline);
    expectSameAsFullGfm(baseGuideline);
    for (const page of docPages) {
      expectSameAsRemark(page.text);
      expectSameAsFullGfm(page.text);
    }
  });

  it.skipIf(corpusSets.length === 0)('30 bench corpus sets', () => {
    expect(corpusSets.length).toBe(30);
    for (const set of corpusSets) {
      expectSameAsRemark(set.text);
      expectSameAsFullGfm(set.text);
    }
  });

  it('mutated docs base sets', () => {
    fc.assert(fc.property(mutated(baseGuideline, 6), expectSameAsRemark), { numRuns: 600, seed: 20261126 });
  });

  it('mutated real guidelines', () => {
    const real = realGuidelines[0]?.text ?? baseGuideline;
    fc.assert(fc.property(mutated(real, 4), expectSameAsRemark), { numRuns: 80, seed: 11 });
  });

  it('random Markdown', () => {
    fc.assert(fc.property(randomMarkdown, expectSameAsRemark), { numRuns: 6000, seed: 5 });
  });

  it('random Markdown inside a label heading, a setext heading, a table, a list, after a byte order mark', () => {
    const wrapped = fc.tuple(fc.constantFrom('## `a.b` ', '# ', '`a.b` x\n', '| ', '- ', '> ', '[', '![', '[^1]: ', '\ufeff', '\ufeff| a |\n|-|\n', '\ufeffa\n\n'), randomMarkdown, fc.constantFrom('\n', '\n===\n', '\n---\n', ' |\n|---|\n', '](u)\n', '\n\n[^1]\n'));
    fc.assert(fc.property(wrapped.map((t) => t.join('')), expectSameAsRemark), { numRuns: 4000, seed: 9 });
  });
});
