// Render time of a 5,000-line guideline: cold, with empty caches (parse and chunk HTML), and
// after a one-line edit (the live-preview case). Run after `npm run build`:
//   node scripts/bench.mjs [lines]
// A measurement, not a test: numbers vary with the machine and its load.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createMemoryHost, loadSet } from '@rubric/core';
import { clearRenderCache, renderGuideline } from '../dist/index.js';

const root = fileURLToPath(new URL('../../../guidelines/hate-speech/', import.meta.url));
const source = readFileSync(root + 'guideline.md', 'utf8');
const schema = readFileSync(root + 'schema.json', 'utf8');
const target = Number(process.argv[2] ?? 5000);

// Frontmatter once, then the body repeated; headings get a part number so no two chunks are equal.
const end = source.indexOf('\n---', 3) + 5;
const frontmatter = source.slice(0, end);
const body = source.slice(end).replace(/^## Changelog[\s\S]*/m, '');
let text = frontmatter;
for (let part = 1; text.split('\n').length < target; part++) text += body.replace(/^(#{2,6} .*)$/gm, `$1 (part ${part})`);
text = text.split('\n').slice(0, target).join('\n') + '\n';

const load = (t) => loadSet('g', createMemoryHost({ 'g/guideline.md': t, 'g/schema.json': schema }));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (fn) => {
  const t = performance.now();
  fn();
  return performance.now() - t;
};

let set = load(text);
const lines = text.split('\n').length - 1;
console.log(`guideline: ${lines} lines, ${(text.length / 1024).toFixed(0)} KB, ${set.guideline.examples.length} examples, ${set.guideline.sections.length} label sections`);
console.log(`cold render (first call in the process): ${time(() => renderGuideline(set)).toFixed(0)} ms`);

const full = [];
for (let i = 0; i < 5; i++) {
  clearRenderCache();
  full.push(time(() => renderGuideline(set)));
}
console.log(`full render, empty caches (median of 5): ${median(full).toFixed(0)} ms`);

const edits = [];
const parses = [];
const at = text.indexOf('\n', Math.floor(text.length / 2));
for (let i = 0; i < 10; i++) {
  const edited = text.slice(0, at) + ` edit ${i}` + text.slice(at);
  parses.push(time(() => (set = load(edited))));
  edits.push(time(() => renderGuideline(set)));
}
console.log(`render after a one-line edit (median of 10): ${median(edits).toFixed(0)} ms  [core's loadSet of the edited text: ${median(parses).toFixed(0)} ms, not included]`);
