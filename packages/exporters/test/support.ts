/** Loading the repository's guideline sets, and small sets written in memory, for the exporter tests. */
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMemoryHost, createNodeHost, loadSet, type GuidelineSet } from '@rubric/core';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const GUIDELINES = join(ROOT, 'guidelines');

/** Names of the sets in guidelines/. */
export const REAL_SETS = readdirSync(GUIDELINES).filter((n) => statSync(join(GUIDELINES, n)).isDirectory()).sort();

/** A set of guidelines/, failing loudly if it does not load. */
export function realSet(name: string): GuidelineSet {
  const set = loadSet(join(GUIDELINES, name), createNodeHost());
  if (!set.schema || !set.guideline || set.problems.length) throw new Error(`Cannot load ${name}: ${JSON.stringify(set.problems)}`);
  return set;
}

/** A set from a schema value and a guideline text, in memory. */
export function memorySet(schema: unknown, guideline: string): GuidelineSet {
  const host = createMemoryHost({ '/set/guideline.md': guideline, '/set/schema.json': typeof schema === 'string' ? schema : JSON.stringify(schema, null, 2) });
  return loadSet('/set', host);
}

/** A minimal guideline.md for a memory set. */
export function guidelineFor(id: string, version: string, body = ''): string {
  return `---\nid: ${id}\ntitle: Test\nversion: ${version}\nstatus: draft\nschema: schema.json\nowners: [a@example.org]\n---\n\n# Test\n\n${body}\n`;
}
