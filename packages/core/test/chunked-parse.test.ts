/**
 * The guideline parser reads long documents in pieces cut at top-level
 * headings and caches each piece's outline (src/parse/chunks.ts,
 * src/parse/markdown-outline.ts). These tests hold that to one parse of the
 * whole: every cut is where remark starts a top-level block, and the pieced
 * outline and model equal the whole-document ones, cold and with a cache
 * warmed by an earlier version of the text, on the real guidelines, on
 * generated guidelines with edits, and on random documents built from lines
 * that open and close fences, HTML blocks, containers and definitions
 * around headings.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import type { GuidelineDocument } from '../src/model.js';
import { chunkStarts, chunkStartsAfterEdit, topLevelFences } from '../src/parse/chunks.js';
import { clearParseCache, guidelineFromOutline, parseGuideline } from '../src/parse/guideline.js';
import { clearOutlineCache, outlineMarkdown, outlineMarkdownWhole } from '../src/parse/markdown-outline.js';

const remark = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm);

/** Offsets where remark starts a top-level block. */
function topLevelStarts(text: string): Set<number> {
  return new Set(remark.parse(text).children.map((c) => c.position?.start.offset ?? -1));
}

/** Every cut of chunkStarts is a top-level block start in one parse of the whole. */
function expectCutsAtTopLevel(text: string): void {
  const tops = topLevelStarts(text);
  // remark does not count a byte order mark in offsets.
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (const cut of chunkStarts(text).slice(1)) expect(tops, `cut at ${cut}: ${JSON.stringify(text.slice(cut, cut + 30))}`).toContain(cut - bom);
}

/**
 * Pieced outline (every cut, and the default piece size) equals the whole-document one; also
 * read as the next text of a document, after whatever text the previous call read under that name.
 */
function expectSameOutline(text: string): void {
  const whole = outlineMarkdownWhole(text);
  expect(outlineMarkdown(text, 0)).toEqual(whole);
  expect(outlineMarkdown(text)).toEqual(whole);
  expect(outlineMarkdown(text, 0, 'every cut')).toEqual(whole);
  expect(outlineMarkdown(text, undefined, 'default size')).toEqual(whole);
}

/** Lengths of the common start and end of two texts, not overlapping. */
function commonEnds(a: string, b: string): [number, number] {
  const max = Math.min(a.length, b.length);
  let prefix = 0;
  while (prefix < max && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  return [prefix, suffix];
}

function modelView(doc: GuidelineDocument): unknown {
  return {
    frontmatter: doc.frontmatter && { range: doc.frontmatter.range, data: doc.frontmatter.data, errors: doc.frontmatter.errors },
    frontmatterProblem: doc.frontmatterProblem,
    headings: doc.headings,
    sections: doc.sections,
    labelCodes: doc.labelCodes,
    examples: doc.examples.map((e) => ({ ...e, rangeOf: undefined, keyRangeOf: undefined })),
    links: doc.links,
    changelog: doc.changelog,
  };
}

/** A generated guideline of `labels` leaf sections, with the syntax that reaches across pieces. */
function generatedGuideline(labels: number): string {
  const out = ['---\nid: gen\ntitle: Generated\nversion: 1.0.0\nstatus: draft\nschema: schema.json\nowners: [a@example.org]\n# a YAML comment\n---\n', '# Generated\n', '## Scope\n\nSee [the policy][policy] and the note[^n].\n'];
  for (let i = 0; i < labels; i++) {
    const id = `cat${Math.floor(i / 8)}.item${i % 8}`;
    if (i % 8 === 0) out.push(`### \`cat${Math.floor(i / 8)}\` Category ${i / 8}\n\nParent of ${'`'}${id}${'`'}.\n`);
    out.push(`#### \`${id}\` Item ${i}\n`, `Definition of ${id}: see [scope](#scope) and [policy].\n`);
    if (i % 5 === 0) out.push('- a list item\n  continued lazily\n- ```\n# not a heading inside\n```\n');
    if (i % 7 === 0) out.push('| a | b |\n|---|---|\n| `x.y` | z |\n');
    if (i % 11 === 0) out.push('<!--\n# commented out heading\n-->\n');
    if (i % 13 === 0) out.push('Setext title\n------------\n');
    out.push(`\`\`\`example\nid: ${id}-pos\nkind: positive\ntext: "A case of ${id}."\nanswers:\n  verdict: ${id}\n# a YAML comment, not a heading\n\`\`\`\n`);
  }
  out.push('[policy]: https://example.org/policy\n\n[^n]: A footnote with `a.b`.\n', '## Changelog\n\n### 1.0.0 - 2026-01-01\n\n- First.\n');
  return out.join('\n');
}

const root = new URL('../../../', import.meta.url);
const realGuidelines = readdirSync(new URL('guidelines/', root))
  .filter((d) => existsSync(new URL(`guidelines/${d}/guideline.md`, root)))
  .map((d) => ({ name: d, text: readFileSync(new URL(`guidelines/${d}/guideline.md`, root), 'utf8') }));

describe('chunkStarts cuts only where a top-level block starts', () => {
  const cases: [string, string, number][] = [
    ['headings', '# a\n\ntext\n\n## b\n\n### c\n', 3],
    ['frontmatter with a YAML comment', '---\nid: x\n# a comment\n---\n\n# Title\n', 2],
    ['frontmatter after a byte order mark', '\ufeff---\nid: x\n# a comment\n---\n\n# Title\n', 2],
    ['fence opened at column 0 after a byte order mark', '\ufeff```\n# no\n```\n# yes\n', 2],
    // Its `---` is Markdown, but micromark's frontmatter extension reads the rest differently in one parse: read whole.
    ['unterminated frontmatter: read whole', '---\nid: x\n# heading\n', 1],
    ['heading in a fence', '# a\n\n```\n# no\n```\n\n# b\n', 2],
    ['heading in a longer tilde fence', '# a\n\n~~~~\n# no\n~~~\n# still no\n~~~~\n# b\n', 2],
    ['unclosed fence', '# a\n\n```\n# no\n\n# no\n', 1],
    ['heading in an HTML comment', '# a\n\n<!--\n# no\n-->\n# b\n', 2],
    ['HTML comment closed on its line', '# a\n\n<!-- c -->\n# b\n', 2],
    ['heading in a div block', '# a\n\n<div>\n# no\n\n# yes\n', 2],
    // A line of no-break spaces is not blank: the HTML block goes on.
    ['no-break spaces do not end an HTML block', '# a\n\n<div>\n\u00a0\n# no\n\n# yes\n', 2],
    // The fence is in the list item and ends at `# heading`; the next fence is top-level.
    ['fence in a list item, then a top-level fence', '- item\n\n  ```\n  code\n# heading\n```\n# inside a fence\n```\n', 1],
    // It might be in a list item: the scanner keeps both readings, and the second reads the closing fence as an opening one.
    ['fence opened 3 spaces in: no cut after it (unsure)', '# a\n   ```\n# no\n   ```\n# b\n', 1],
    ['setext heading and lazy continuation', '# a\n\ntitle\n=====\n> quote\nlazy\n# b\n', 2],
  ];
  it.each(cases)('%s', (_name, text, pieces) => {
    expect(chunkStarts(text)).toHaveLength(pieces);
    expectCutsAtTopLevel(text);
    expectSameOutline(text);
  });

  it('holds on random documents', () => {
    const line = fc.constantFrom(
      '# h', '## h2', '### `a.b` Label', '#### `a.b.c` Child', 'text', '`a.b` in prose', '', '', '', '- item', '  indented', '    code', '> quote', '```', '```example', '  ```', '   ~~~', '~~~',
      '````', '- ```', '<!--', '  <!--', '-->', '<div>', '  <div>', '</div>', '<span>', '<script>', '</script>', '<?', '?>', '<![CDATA[', ']]>', '<!X', '>', '| a | b |', '|---|---|',
      '[x]', '[x]: /url', '[`a.b`][x]', 'x[^1]', '[^1]: note', '    continued note', '***', 'title', '===', '---', '1. one', '   # almost', '#notheading', '\u00a0', '\t```', 'id: a # comment',
    );
    const doc = fc.tuple(fc.array(line, { maxLength: 60 }), fc.constantFrom('', '---\nid: x\n# c\n---\n', '\ufeff', '\ufeff---\nid: x\n---\n'), fc.constantFrom('\n', '\r\n'));
    fc.assert(
      fc.property(doc, ([lines, head, eol]) => {
        const text = head + lines.join(eol) + eol;
        expectCutsAtTopLevel(text);
        expectSameOutline(text);
      }),
      { numRuns: 1500, seed: 20261204 },
    );
  });

  it('reads top-level fenced blocks without tokenizing them, as one parse of the whole reads them (random documents without definitions)', () => {
    // Pieces without `]:` skip the content of column-0 fences (markdown-outline.ts): fences in every context.
    const fenceLine = fc.constantFrom('```example', '```', '```', '~~~example', '~~~', '````example', '````');
    const otherLine = fc.constantFrom(
      '```example', '```example  ', '``` example', '```example extra', '~~~example', '````example', '```', '````', '~~~', '```   ', '~~~~', '```a`b', '``` `x`',
      'id: a', 'text: "`a.b` in code"', '---', '# h', '### `a.b` Label', 'text', '`a.b` in prose', '', '', '- item', '- ```example', '  ```', '   ```', '    ```', '> quote', '> ```example',
      '<!--', '-->', '<div>', '</div>', '<script>', '</script>', '| a | b |', '|---|---|', '===', '***', '1. one', '\u00a0', '&amp;', '```exa\\mple', '```&amp;',
    );
    const line = fc.oneof({ weight: 1, arbitrary: fenceLine }, { weight: 3, arbitrary: otherLine });
    const doc = fc.tuple(fc.array(line, { maxLength: 60 }), fc.constantFrom('', '---\nid: x\n```\n---\n', '\ufeff', '\ufeff---\nid: x\n---\n'), fc.constantFrom('\n', '\r\n'));
    let skipped = 0;
    fc.assert(
      fc.property(doc, ([lines, head, eol]) => {
        const text = head + lines.join(eol) + eol;
        if (topLevelFences(text).length > 0) skipped++;
        expectSameOutline(text);
      }),
      { numRuns: 1500, seed: 20261207 },
    );
    // Hundreds of documents must take the skipping path, or the test proves little (367 of 1,500 with this seed).
    expect(skipped).toBeGreaterThan(300);
  });
});

describe('chunkStartsAfterEdit equals a full scan', () => {
  // Many cuts, and edits mostly after the first one, so that the scan resumes at a cut and meets the old cuts again.
  const line = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom('# h', '## h2', '### `a.b` Label') },
    { weight: 6, arbitrary: fc.constantFrom('text', '', '', '- item', '  indented', '  verdict: a.b', 'id: x') },
    { weight: 2, arbitrary: fc.constantFrom('```', '```example', '  ```', '   ~~~', '~~~', '<!--', '-->', '<div>', '</div>', '---', '\r', 'x\ry') },
  );
  const doc = fc.tuple(fc.array(line, { minLength: 10, maxLength: 80 }), fc.constantFrom('', '', '---\nid: x\n# c\n---\n', '---\nid: x\n', '\ufeff'), fc.constantFrom('\n', '\n', '\r\n'));
  const edit = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), remove: fc.nat(6), insert: fc.array(fc.constantFrom('#', ' ', '`', '~', '\n', '\r', '-', '<', 'x', '# h\n', '```\n', '---\n'), { maxLength: 4 }) });

  it('after random edits of random documents', () => {
    let resumed = 0;
    fc.assert(
      fc.property(doc, fc.array(edit, { minLength: 1, maxLength: 5 }), ([lines, head, eol], edits) => {
        let old = head + lines.join(eol) + eol;
        let oldStarts = chunkStarts(old);
        for (const { at, remove, insert } of edits) {
          const i = Math.floor(at * old.length);
          const text = old.slice(0, i) + insert.join('') + old.slice(i + remove);
          const [prefix, suffix] = commonEnds(old, text);
          const starts = chunkStartsAfterEdit(text, old, oldStarts, prefix, suffix);
          expect(starts, JSON.stringify({ old, text })).toEqual(chunkStarts(text));
          const delta = text.length - old.length;
          if (starts.some((c) => c >= text.length - suffix && c - delta > prefix && oldStarts.includes(c - delta))) resumed++;
          old = text;
          oldStarts = starts;
        }
      }),
      { numRuns: 1500, seed: 11 },
    );
    // The property met the interesting case often: cuts taken over from the old text past the change.
    expect(resumed).toBeGreaterThan(500);
  });
});

describe('the pieced, cached outline equals one parse', () => {
  it.each(realGuidelines)('guidelines/$name, cold and after edits', ({ text }) => {
    clearOutlineCache();
    expectSameOutline(text);
    expect(modelView(parseGuideline('/s/guideline.md', text))).toEqual(modelView(guidelineFromOutline('/s/guideline.md', text, outlineMarkdownWhole(text))));
    // Warm cache: lines inserted near the top shift every cached piece below.
    const edited = text.replace('\n\n', '\n\nA new paragraph with `a.b` and [a link](#scope).\n\n');
    expectSameOutline(edited);
  });

  it('a generated 200-label guideline, and one-character edits of it against a warm cache', () => {
    const text = generatedGuideline(200);
    expect(chunkStarts(text).length).toBeGreaterThan(200);
    clearOutlineCache();
    expectSameOutline(text);
    const whole = outlineMarkdownWhole(text);
    // The footnote and the reference definition are at the end: pieces above must see them.
    expect(whole.links.some((l) => l.url === 'https://example.org/policy')).toBe(true);
    const doc = parseGuideline('/s/guideline.md', text);
    expect(doc.sections.length).toBeGreaterThan(200);
    expect(modelView(doc)).toEqual(modelView(guidelineFromOutline('/s/guideline.md', text, whole)));
    const edit = fc.record({ at: fc.nat(text.length - 1), piece: fc.constantFrom('x', '`', '#', '\n', '[', ']', ':', '<', '-', '|', '```\n', '\n# ', '\n[^n]: moved\n', '[policy]: /elsewhere\n') });
    fc.assert(
      fc.property(edit, ({ at, piece }) => {
        const edited = text.slice(0, at) + piece + text.slice(at);
        expectSameOutline(edited);
      }),
      { numRuns: 40, seed: 7 },
    );
  });

  it('a definition added or removed in one piece changes references in the others', () => {
    const body = Array.from({ length: 40 }, (_, i) => `## Section ${i}\n\nSee [the policy] in section ${i}, and a note[^n].\n`).join('\n');
    clearOutlineCache();
    const without = outlineMarkdown(body, 0);
    expect(without.links).toEqual([]);
    const withDefs = `${body}\n[the policy]: https://example.org\n\n[^n]: note\n`;
    const pieced = outlineMarkdown(withDefs, 0);
    expect(pieced).toEqual(outlineMarkdownWhole(withDefs));
    // A reference link is not a link of the outline, but its text leaves the heading... here, prose: the definition itself is the one link.
    expect(pieced.links.map((l) => l.url)).toEqual(['https://example.org']);
    const inHeading = `${Array.from({ length: 10 }, (_, i) => `## See [the policy] ${i}\n\ntext\n`).join('\n')}\n[the policy]: https://example.org\n`;
    const headings = outlineMarkdown(inHeading, 0).headings.map((h) => h.text);
    expect(headings[0]).toBe('See the policy 0');
    expect(outlineMarkdown(inHeading.replace('[the policy]: https://example.org\n', ''), 0).headings[0]?.text).toBe('See [the policy] 0');
  });

  it('typing: after every keystroke the model from warm caches equals a cold parse of the same text', () => {
    // The editor's case: edits pile up on one text, each parse meeting the pieces and example
    // YAML of the previous one; the whole model (example data and ranges included) must be what
    // a parse with empty caches gives.
    const base = generatedGuideline(60);
    const keys = ['x', ' ', '`', '\n', '#', ':', '-', '[', ']', '"', '```\n', '\n## '];
    const keystroke = fc.record({ at: fc.nat(), key: fc.constantFrom(...keys), remove: fc.boolean() });
    fc.assert(
      fc.property(fc.array(keystroke, { minLength: 25, maxLength: 25 }), (strokes) => {
        let text = base;
        clearParseCache();
        parseGuideline('/s/guideline.md', text);
        for (const { at, key, remove } of strokes) {
          const i = at % text.length;
          // Half of the keystrokes land inside an example block's YAML, where the YAML cache matters.
          const inExample = text.indexOf('answers:', i);
          const j = remove || inExample < 0 ? i : inExample + (at % 12);
          text = remove ? text.slice(0, j) + text.slice(j + 1) : text.slice(0, j) + key + text.slice(j);
          const warm = modelView(parseGuideline('/s/guideline.md', text));
          clearParseCache();
          // The cold parse refills the caches: the next keystroke starts warm from this text.
          expect(warm).toEqual(modelView(parseGuideline('/s/guideline.md', text)));
        }
      }),
      { numRuns: 3, seed: 3 },
    );
  });

  it('returns fresh objects: a caller changing the outline does not change the cache', () => {
    const text = generatedGuideline(40);
    clearOutlineCache();
    const first = outlineMarkdown(text, 0);
    (first.headings[3] as { text: string }).text = 'changed';
    (first.codes[0] as { start: number }).start = -1;
    expect(outlineMarkdown(text, 0)).toEqual(outlineMarkdownWhole(text));
  });
});
