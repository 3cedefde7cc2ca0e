/**
 * The chunked parse gives the same tree as one parse of the whole text:
 * on the real guidelines, on tricky hand-written cases, and on random
 * documents built from lines that open and close fences, HTML blocks,
 * lists, quotes and definitions around headings.
 */
import { readFileSync } from 'node:fs';
import { parseMarkdown } from '@rubric/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkStarts, clearMarkdownCache, parseGuidelineTree } from '../src/markdown-tree.js';
import { realSetDirs } from './support.js';

function expectSameTree(text: string): void {
  expect(parseGuidelineTree(text)).toEqual(parseMarkdown(text));
}

describe('parseGuidelineTree', () => {
  it.each(realSetDirs().map((d) => [d.split('/').pop(), d]))('matches one parse of %s, cold and cached', (_name, dir) => {
    const text = readFileSync(`${dir}/guideline.md`, 'utf8');
    expect(chunkStarts(text).length).toBeGreaterThan(10);
    clearMarkdownCache();
    expectSameTree(text);
    expectSameTree(text);
    // Lines inserted above shift every cached chunk below.
    expectSameTree(text.replace('\n\n', '\n\nA new paragraph.\n\nAnd another.\n\n'));
    expectSameTree(text);
  });

  const cases: [string, string][] = [
    ['frontmatter with a YAML comment', '---\nid: x\n# a comment\n---\n\n# Title\n\ntext\n'],
    ['unterminated frontmatter', '---\nid: x\n# heading\n\n## two\n'],
    ['heading in a fence', '# a\n\n```\n# not a heading\n```\n\n# b\n'],
    ['heading in a tilde fence', '# a\n\n~~~~\n# no\n~~~\n# still no\n~~~~\n# b\n'],
    ['unclosed fence', '# a\n\n```\n# no\n\n# no\n'],
    ['heading in an HTML comment', '# a\n\n<!--\n# no\n-->\n# b\n'],
    ['heading in a div block', '# a\n\n<div>\n# no\n\n# yes\n'],
    ['heading after a list', '# a\n\n- item\n  continued\n# b\n- item\n'],
    ['heading after a quote', '> quote\n# b\n> quote\n'],
    ['fence in a list', '# a\n\n- ```\n# b\n```\n'],
    ['definition used across headings', '# a\n\n[x]\n\n# b\n\n[x]: https://example.org\n'],
    ['footnote across headings', '# a\n\nx[^1]\n\n# b\n\n[^1]: note\n'],
    ['setext heading', '# a\n\ntitle\n=====\n# b\n'],
    ['empty headings', '#\n#\n# a\n##\n'],
    ['CRLF line endings', '---\r\nid: x\r\n---\r\n\r\n# a\r\n\r\ntext\r\n## b\r\n'],
    ['the same section twice', '# a\n\n## s\n\ntext\n\n## s\n\ntext\n'],
    ['no final newline', '# a\n\ntext\n# b'],
  ];
  it.each(cases)('matches one parse: %s', (_name, text) => {
    clearMarkdownCache();
    expectSameTree(text);
    expectSameTree(text);
  });

  it('matches one parse when chunks parsed together with their neighbours come back alone, first or last', () => {
    const sections = Array.from({ length: 30 }, (_, i) => `## Section ${i}\n\nText ${i}, a [link](#x) and \`code\`.\n\n- item\n- item\n\n\`\`\`example\nid: e${i}\n\`\`\`\n`);
    const doc = (from: number, to: number): string => `# Title\n\n${sections.slice(from, to).join('\n')}`;
    clearMarkdownCache();
    expectSameTree(doc(0, 30));
    // Chunks from the middle of a run: the last one ends the document now, then the first one starts it.
    expectSameTree(doc(0, 7));
    expectSameTree(doc(5, 17));
    expectSameTree(`${sections.slice(3, 9).join('\n')}\n\n\n`);
    expectSameTree(doc(0, 30).replace('Text 20', 'Text\n\ntwenty'));
  });

  it('matches one parse on random documents', () => {
    const line = fc.constantFrom(
      '# h', '## h2', '### `a.b` Label', 'text', '', '', '', '- item', '  indented', '    code', '> quote', '```', '```js', '~~~', '````',
      '<!--', '-->', '<div>', '</div>', '<script>', '</script>', '<?', '?>', '<![CDATA[', ']]>', '<!X', '>', '| a | b |', '|---|---|',
      '[x]', '[x]: /url', 'x[^1]', '[^1]: note', '***', 'title', '===', '1. one', '   # almost', '#notheading', '---',
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), fc.boolean(), (lines, frontmatter) => {
        const text = (frontmatter ? '---\nid: x\n# c\n---\n' : '') + lines.join('\n') + '\n';
        expect(parseGuidelineTree(text)).toEqual(parseMarkdown(text));
      }),
      { numRuns: 300, seed: 20260301 },
    );
  });
});
