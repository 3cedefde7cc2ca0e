/**
 * Example YAML blocks are parsed once per source text and cached
 * (src/parse/yaml-block.ts). The same block at another place of another
 * file must give that place's ranges, and each caller its own data.
 */
import { describe, expect, it } from 'vitest';
import { LineIndex } from '../src/position.js';
import { clearYamlCache, parseYamlBlock } from '../src/parse/yaml-block.js';

const BLOCK = 'id: a-1\nkind: positive\nanswers:\n  verdict: [a.b, c.d]\n';

describe('parseYamlBlock with its cache', () => {
  it('gives ranges where the block stands, cold and cached', () => {
    clearYamlCache();
    const first = `x\n${BLOCK}`;
    const second = `longer prefix\n\n\n${BLOCK}`;
    const a = parseYamlBlock(BLOCK, 2, new LineIndex(first));
    const b = parseYamlBlock(BLOCK, 16, new LineIndex(second));
    expect(a.rangeOf(['answers', 'verdict', 1])?.start).toEqual({ line: 5, column: 18, offset: 2 + BLOCK.indexOf('c.d') });
    expect(b.rangeOf(['answers', 'verdict', 1])?.start).toEqual({ line: 7, column: 18, offset: 16 + BLOCK.indexOf('c.d') });
    expect(b.keyRangeOf(['kind'])?.start.line).toBe(5);
    expect(b.data).toEqual(a.data);
  });

  it('hands every caller its own data', () => {
    const lines = new LineIndex(BLOCK);
    const a = parseYamlBlock(BLOCK, 0, lines);
    (a.data as { id: string }).id = 'changed';
    expect((parseYamlBlock(BLOCK, 0, lines).data as { id: string }).id).toBe('a-1');
  });

  it('reports the same errors, at the right place, from the cache', () => {
    const bad = 'id: a\nid: b\n';
    const text = `---\n${bad}`;
    const lines = new LineIndex(text);
    const cold = parseYamlBlock(bad, 4, lines);
    const cached = parseYamlBlock(bad, 4, lines);
    expect(cold.errors.length).toBeGreaterThan(0);
    expect(cached.errors).toEqual(cold.errors);
    expect(cached.errors[0]?.range.start.line).toBe(3);
    expect(cached.data).toBeUndefined();
  });
});
