/**
 * The editor path in process: after a one-character edit of a ~5,000-line
 * guideline, how long `parseGuideline` + `lintSet` take (what the language
 * server runs on every keystroke). Types 10 characters at each of 20 seeded
 * places of a generated set, measuring every edit; reports p50/p95/max
 * against the target (p95 <= 70 ms), the cold first parse + lint, and checks
 * that the last text's findings equal those of a parse with empty caches.
 * Writes bench/results/parse.json.
 *
 *   node bench/parse-bench.mjs        (after npx turbo run build --filter=@rubric/core)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clearParseCache, createMemoryHost, lintSet, loadSet, parseGuideline, resolveConfig, rules } from '../packages/core/dist/index.js';
import { largeSet } from './lib/large-set.mjs';
import { createRng } from './lib/prng.mjs';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const RESULTS_FILE = join(BENCH_DIR, 'results', 'parse.json');
const TARGET_P95_MS = 70;
const PLACES = Number(process.env.BENCH_PLACES ?? 20);
const KEYS_PER_PLACE = 10;
// 150 labels with prose come to about 4,900 lines (330 KB).
const LABELS = Number(process.env.BENCH_LABELS ?? 150);

const { guideline, schema } = largeSet(LABELS, '1.0.0', { prose: true });
const lines = guideline.split('\n').length;
const host = createMemoryHost({ '/s/guideline.md': guideline, '/s/schema.json': schema });
const { config } = resolveConfig(undefined, rules);

let t0 = performance.now();
const base = loadSet('/s', host);
const first = lintSet(base, rules, config, host);
const coldMs = performance.now() - t0;

/** What the language server does per edit: parse the new text, lint the set with it. */
function check(text) {
  const set = { ...base, guideline: parseGuideline(base.guidelinePath, text) };
  return lintSet(set, rules, config, host);
}

const rng = createRng('parse-bench');
const letters = 'etaoinshrdlu `#-[]:';
let text = guideline;
const times = [];
for (let p = 0; p < PLACES; p++) {
  let at = rng.int(0, text.length);
  for (let k = 0; k < KEYS_PER_PLACE; k++) {
    text = text.slice(0, at) + rng.pick([...letters]) + text.slice(at);
    at++;
    t0 = performance.now();
    check(text);
    times.push(performance.now() - t0);
  }
}

// The caches must not change what is found: the last text again, with nothing cached.
const cachedFindings = check(text);
clearParseCache();
const freshFindings = check(text);
const same = JSON.stringify(cachedFindings) === JSON.stringify(freshFindings);

const sorted = [...times].sort((a, b) => a - b);
const pct = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const result = {
  benchmark: 'parse',
  date: new Date().toISOString(),
  guideline: { lines, chars: guideline.length, labels: LABELS, findingsBeforeEdits: first.length },
  coldMs,
  edits: times.length,
  p50Ms: pct(0.5),
  p95Ms: pct(0.95),
  maxMs: sorted[sorted.length - 1],
  findingsMatchUncached: same,
  targetP95Ms: TARGET_P95_MS,
};
console.log(`guideline: ${lines} lines, ${(guideline.length / 1024).toFixed(0)} KB, ${LABELS} labels, ${first.length} findings before the edits`);
console.log(`cold parse + lint (first, empty caches): ${coldMs.toFixed(0)} ms`);
console.log(`parseGuideline + lintSet after a one-character edit, ${times.length} edits: p50 ${result.p50Ms.toFixed(1)} ms, p95 ${result.p95Ms.toFixed(1)} ms, max ${result.maxMs.toFixed(1)} ms  target p95 <= ${TARGET_P95_MS} ms: ${result.p95Ms <= TARGET_P95_MS ? 'PASS' : 'MISS'}`);
console.log(`findings with caches equal findings without: ${same ? 'yes' : 'NO'}`);
mkdirSync(dirname(RESULTS_FILE), { recursive: true });
writeFileSync(RESULTS_FILE, `${JSON.stringify(result, null, 2)}\n`);
if (!same) process.exitCode = 1;
