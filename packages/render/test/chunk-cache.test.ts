/**
 * The chunk cache changes nothing in the output: a render from cached chunks
 * equals, byte for byte, one run of the whole tree through the pipeline (what
 * renderGuideline did before the cache) and a render with empty caches. On the
 * real guidelines, the hostile fixture, with and without resolvers and the
 * sidebar, and on a generated set through a run of random edits to the
 * guideline and the schema.
 */
import { readFileSync } from 'node:fs';
import { parseMarkdown, type GuidelineSet } from '@rubric/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createContext } from '../src/context.js';
import { clearRenderCache, renderGuideline } from '../src/index.js';
import { renderWhole } from '../src/render.js';
import type { RenderOptions } from '../src/types.js';
import { HOSTILE_DIR, loadDir, memorySet, realSetDirs } from './support.js';
// @ts-expect-error: the bench's generator is plain JavaScript.
import { largeSet } from '../../../bench/lib/large-set.mjs';

const OPTIONS: [string, RenderOptions][] = [
  ['default', {}],
  ['no sidebar, resolvers', { sidebar: false, resolveLink: (u) => (u.endsWith('.md') ? `/catalog/${u}` : undefined), resolveImage: (u) => `https://img.example/${u}` }],
  ['other resolvers', { resolveLink: (u) => `/other/${u}`, resolveImage: () => undefined }],
];

/** What renderGuideline gave before the chunk cache: one parse, the whole tree through the pipeline. */
function reference(set: GuidelineSet, options: RenderOptions): string {
  const tree = set.guideline ? parseMarkdown(set.guideline.text) : { type: 'root' as const, children: [] };
  return renderWhole(createContext(set, options), tree);
}

/** Cached renders, with each set of options, equal the reference. */
function expectCachedSame(set: GuidelineSet): void {
  for (const [, options] of OPTIONS.slice(0, 2)) expect(renderGuideline(set, options).html).toBe(reference(set, options));
}

function expectSameAsReference(set: GuidelineSet): void {
  for (const [, options] of OPTIONS) {
    const expected = reference(set, options);
    expect(renderGuideline(set, options).html).toBe(expected);
    clearRenderCache();
    expect(renderGuideline(set, options).html).toBe(expected);
    expect(renderGuideline(set, options).html).toBe(expected);
  }
  // Cached with one set of options, rendered with another.
  for (const [, options] of OPTIONS) expect(renderGuideline(set, options).html).toBe(reference(set, options));
}

describe('chunk cache', () => {
  it.each([...realSetDirs(), HOSTILE_DIR].map((d) => [d.split('/').pop(), d]))('renders %s as the whole-tree pipeline does', (_name, dir) => {
    clearRenderCache();
    expectSameAsReference(loadDir(dir));
  });

  it('renders the hostile fixture and the real sets edited, with cached chunks', () => {
    for (const dir of [...realSetDirs(), HOSTILE_DIR]) {
      const text = readFileSync(`${dir}/guideline.md`, 'utf8');
      const schema = JSON.parse(readFileSync(`${dir}/schema.json`, 'utf8')) as unknown;
      clearRenderCache();
      expectSameAsReference(memorySet(text, schema));
      // Lines inserted near the top shift every cached chunk below.
      expectSameAsReference(memorySet(text.replace('\n\n', '\n\nA new paragraph.\n\nAnd another.\n\n'), schema));
      // Without a schema: label references link to sections, not to the taxonomy.
      expectSameAsReference(memorySet(text, undefined));
    }
  });

  it('renders a generated set through random edits as the whole-tree pipeline does', () => {
    const base = largeSet(24, '1.0.0', { prose: true }) as { guideline: string; schema: string };
    const edits: ((g: string, s: Record<string, any>) => string)[] = [
      // Lines added inside a section.
      (g) => g.replace('Definition of Item 1.2,', 'Definition of Item 1.2, now\nover two lines,'),
      // A heading whose slug collides with a later one's, which then gets `-1`.
      (g) => g.replace('## Labels', '## Labels\n\n### Scope'),
      // A label title, severity and deprecation in the schema.
      (g, s) => {
        const o = s.questions[0].options[1];
        o.title = 'Renamed category';
        o.options[0].severity = 'high';
        o.options[1].deprecated = { since: '1.1.0', replacedBy: 'cat1.item2' };
        return g;
      },
      // A label removed from the schema: its references and section become unknown.
      (g, s) => {
        s.questions[0].options[2].options.pop();
        return g;
      },
      // An example made invalid (its problems name lines), then lines added above it.
      (g) => g.replace('kind: positive\ntext: "A clear case of cat2.item0."', 'kind: positive\ntext: [unclosed'),
      (g) => g.replace('## Scope\n', '## Scope\n\nOne more line.\n'),
      // The same section twice, and the title heading changed.
      (g) => g.replace(/(### `cat1`[^]*?)(### `cat2`)/, '$1$1$2'),
      (g) => g.replace('# Large set', '# Large set, edited'),
      // A link and an image for the resolvers, and a bidi control.
      (g) => g.replace('Definition of Item 0.1,', 'Definition of Item 0.1 [see](../other/guideline.md) ![img](pic.png) \u202Eoverride\u202C,'),
      // A label renamed: the old id in the guideline is now an unknown label, "renamed to".
      (g, s) => {
        const o = s.questions[0].options[1].options[3];
        o.renamedFrom = [o.id];
        o.id = `${o.id}x`;
        return g;
      },
    ];
    const run = (steps: number[]): void => {
      let guideline = base.guideline;
      const schema = JSON.parse(base.schema) as Record<string, any>;
      clearRenderCache();
      expectCachedSame(memorySet(guideline, schema));
      for (const step of steps) {
        guideline = (edits[step] as (g: string, s: Record<string, any>) => string)(guideline, schema);
        expectCachedSame(memorySet(guideline, schema));
      }
      // And the last one from empty caches.
      clearRenderCache();
      expectCachedSame(memorySet(guideline, schema));
    };
    // Every edit once, in order, then random runs.
    run(edits.map((_, i) => i));
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: edits.length - 1 }), { minLength: 1, maxLength: 5 }), run),
      { numRuns: 8, seed: 5 },
    );
    // About 30 s alone on 2 cores; CI runs two suites at once, and a loaded machine doubles it.
  }, 240_000);

  it('renders the 500-label bench set and its next version as the whole-tree pipeline does', () => {
    const v1 = largeSet(500, '1.0.0') as { guideline: string; schema: string };
    const v2 = largeSet(500, '1.1.0') as { guideline: string; schema: string };
    clearRenderCache();
    for (const v of [v1, v2]) {
      const set = memorySet(v.guideline, JSON.parse(v.schema));
      const expected = reference(set, {});
      expect(renderGuideline(set).html).toBe(expected);
      expect(renderGuideline(set).html).toBe(expected);
    }
  });
});
