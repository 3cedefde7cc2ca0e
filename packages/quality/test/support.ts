/** Sets for the quality tests: the repository's hate-speech set, and small sets written in memory. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMemoryHost, createNodeHost, loadSet, type GuidelineSet } from '@rubric/core';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A set of guidelines/, failing loudly if it does not load. */
export function realSet(name: string): GuidelineSet {
  const set = loadSet(join(ROOT, 'guidelines', name), createNodeHost());
  if (!set.schema || !set.guideline || set.problems.length) throw new Error(`Cannot load ${name}: ${JSON.stringify(set.problems)}`);
  return set;
}

/** A set from a schema value and optional guideline body, in memory. */
export function memorySet(schema: Record<string, unknown>, body = ''): GuidelineSet {
  const guideline = `---\nid: ${String(schema.id)}\ntitle: Test\nversion: ${String(schema.version)}\nstatus: draft\nschema: schema.json\nowners: [a@example.org]\n---\n\n# Test\n\n${body}\n`;
  const host = createMemoryHost({ '/set/guideline.md': guideline, '/set/schema.json': JSON.stringify(schema, null, 2) });
  return loadSet('/set', host);
}

/** A small set with every question type: a two-level single, a multi, a rating, spans and a text. */
export const TOY_SCHEMA = {
  id: 'toy',
  version: '1.0.0',
  questions: [
    {
      id: 'verdict',
      type: 'single',
      prompt: 'Verdict?',
      required: true,
      options: [
        { id: 'none', title: 'None' },
        { id: 'abuse', title: 'Abuse', options: [{ id: 'abuse.insult', title: 'Insult' }, { id: 'abuse.threat', title: 'Threat' }] },
        { id: 'spam', title: 'Spam' },
        { id: 'old', title: 'Old', deprecated: { since: '1.0.0', replacedBy: 'spam' } },
      ],
    },
    { id: 'topics', type: 'multi', prompt: 'Topics?', required: false, options: [{ id: 'topic.a', title: 'A' }, { id: 'topic.b', title: 'B' }, { id: 'topic.c', title: 'C' }] },
    { id: 'severity', type: 'rating', prompt: 'Severity?', required: false, min: 1, max: 5 },
    { id: 'spans', type: 'span', prompt: 'Spans?', required: false, options: [{ id: 'span.x', title: 'X' }, { id: 'span.y', title: 'Y' }] },
    { id: 'note', type: 'text', prompt: 'Note?', required: false },
  ],
};

/** The toy set. */
export function toySet(): GuidelineSet {
  return memorySet(TOY_SCHEMA);
}

/** A neutral record of the toy set. */
export function rec(item: string, annotator: string | undefined, answers: Record<string, unknown>, text?: string): Record<string, unknown> {
  return { item: { id: item, ...(text !== undefined ? { text } : {}) }, ...(annotator !== undefined ? { annotator } : {}), answers };
}
