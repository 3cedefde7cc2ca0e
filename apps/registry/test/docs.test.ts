/**
 * docs/registry.md stays true to the code: every problem code has the
 * `### problem-<code>` heading its problem+json `type` URI points at (and no
 * heading names a code that is gone), every RUBRIC_REGISTRY_* variable of
 * config.ts is documented, and every operation of the OpenAPI document has its
 * row in the API table.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PROBLEM_CODES, PROBLEM_TYPE_BASE } from '../src/errors.js';
import { openApiDocument } from '../src/openapi.js';

const doc = readFileSync(fileURLToPath(new URL('../../../docs/registry.md', import.meta.url)), 'utf8');
const lines = doc.split(/\r?\n/);
const configSource = readFileSync(fileURLToPath(new URL('../src/config.ts', import.meta.url)), 'utf8');

/** GitHub's heading anchor: lowercase, punctuation other than '-' and '_' dropped, spaces to '-'. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

describe('docs/registry.md', () => {
  it('is where problem types point', () => {
    expect(PROBLEM_TYPE_BASE.endsWith('/docs/registry.md#problem-')).toBe(true);
  });

  it.each(PROBLEM_CODES.map((code) => [code]))('has exactly one "### problem-%s" heading, whose anchor is the type URI fragment', (code) => {
    const headings = lines.filter((line) => line === `### problem-${code}`);
    expect(headings, `docs/registry.md needs one line "### problem-${code}"`).toHaveLength(1);
    expect(slug((headings[0] as string).slice(4))).toBe(`problem-${code}`);
  });

  it('documents no problem code that the registry no longer has, and no heading shares an anchor', () => {
    const documented = lines.filter((line) => /^#+\s+problem-/.test(line)).map((line) => line.replace(/^#+\s+problem-/, ''));
    expect(documented.filter((code) => !(PROBLEM_CODES as readonly string[]).includes(code))).toEqual([]);
    const anchors = lines.filter((line) => /^#{1,6}\s/.test(line)).map((line) => slug(line.replace(/^#+\s+/, '')));
    expect(anchors.filter((a, i) => anchors.indexOf(a) !== i)).toEqual([]);
  });

  it('names every RUBRIC_REGISTRY_* variable of config.ts', () => {
    const variables = [...new Set(configSource.match(/RUBRIC_REGISTRY_[A-Z0-9_]+/g) ?? [])];
    expect(variables.length).toBeGreaterThanOrEqual(10);
    expect(variables.filter((v) => !new RegExp(`\\b${v}\\b`).test(doc))).toEqual([]);
  });

  it('has a row in the API table for every operation of the OpenAPI document', () => {
    const paths = (openApiDocument() as { paths: Record<string, Record<string, unknown>> }).paths;
    const missing: string[] = [];
    for (const [path, item] of Object.entries(paths)) {
      for (const method of Object.keys(item)) {
        if (method === 'parameters') continue;
        if (!doc.includes(`| ${method.toUpperCase()} | \`${path}\` |`)) missing.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
