/**
 * The render benchmark: renderGuideline (@rubric/render) of the registry
 * benchmark's generated 500-label set (lib/large-set.mjs, a 10,000-line
 * guideline), in one process, the way the registry renders guideline.html
 * after a publish and the VS Code preview after a keystroke:
 *   - first render in the process (module loading and JIT warm-up included);
 *   - cold: renderer caches emptied (clearRenderCache) before each run;
 *   - warm: the same set again;
 *   - next version: the set as the next version (`version` changed in the
 *     frontmatter and the changelog), after rendering the previous one;
 *   - one-section edit: a sentence and a line added in one label section in
 *     the middle (every later chunk moves down a line).
 * Sets are loaded (core's loadSet) outside the timed part. Wall time
 * (performance.now) and the process's CPU time (process.cpuUsage, with V8's
 * GC and compiler threads) are both reported, with the load average.
 * Writes bench/results/render.json.
 *
 *   node bench/render-bench.mjs        (after npx turbo run build --filter=@rubric/render...)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMemoryHost, loadSet } from '../packages/core/dist/index.js';
import { clearRenderCache, renderGuideline } from '../packages/render/dist/index.js';
import { largeSet } from './lib/large-set.mjs';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const RESULTS_FILE = join(BENCH_DIR, 'results', 'render.json');
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const LABELS = 500;

const load = ({ guideline, schema }) => loadSet('large-set', createMemoryHost({ 'large-set/guideline.md': guideline, 'large-set/schema.json': schema }));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function time(fn) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const out = fn();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { ms, cpuMs: (c.user + c.system) / 1000, out };
}
/** Median wall and CPU time of `runs` calls of `fn`, each after `before()` (untimed). */
function measure(before, fn, runs = RUNS) {
  const walls = [];
  const cpus = [];
  for (let i = 0; i < runs; i++) {
    before(i);
    const r = time(() => fn(i));
    walls.push(r.ms);
    cpus.push(r.cpuMs);
  }
  return { medianMs: median(walls), medianCpuMs: median(cpus), runs: walls.map((t) => Math.round(t * 10) / 10) };
}

const loadStart = loadavg();
const v0 = largeSet(LABELS, '1.0.0');
const set0 = load(v0);
const versions = Array.from({ length: RUNS }, (_, i) => load(largeSet(LABELS, `1.${i + 1}.0`)));
// One edit per run, each in a different section in the middle of the guideline.
const edited = Array.from({ length: RUNS }, (_, i) => {
  const item = `Item ${20 + i}.3`;
  const g = v0.guideline.replace(`Definition of ${item},`, `Definition of ${item} (edit ${i}): read the whole thread first,\nthen decide,`);
  if (g === v0.guideline) throw new Error(`no section "${item}" to edit`);
  return load({ guideline: g, schema: v0.schema });
});
const html = renderGuideline(set0).html;
clearRenderCache();

const results = { benchmark: 'render', date: new Date().toISOString(), node: process.version, labels: LABELS, lines: v0.guideline.split('\n').length - 1, guidelineKB: Math.round(v0.guideline.length / 1024), htmlKB: Math.round(html.length / 1024) };
results.first = (({ ms, cpuMs }) => ({ ms, cpuMs }))(time(() => renderGuideline(set0)));
results.cold = measure(() => clearRenderCache(), () => renderGuideline(set0));
results.warm = measure(() => {}, () => renderGuideline(set0));
results.nextVersion = measure((i) => renderGuideline(i === 0 ? set0 : versions[i - 1]), (i) => renderGuideline(versions[i]));
results.oneSectionEdit = measure(() => renderGuideline(set0), (i) => renderGuideline(edited[i]));
results.loadAverage = { start: loadStart, end: loadavg() };
results.runs = RUNS;

const row = (name, r) => `${name.padEnd(34)} ${r.medianMs.toFixed(1).padStart(8)} ms   cpu ${r.medianCpuMs.toFixed(1).padStart(8)} ms   (runs: ${r.runs.join(', ')})`;
console.log(`renderGuideline, ${LABELS}-label set: ${results.lines} lines, ${results.guidelineKB} KB of Markdown, ${results.htmlKB} KB of HTML; medians of ${RUNS}`);
console.log(`${'first render in the process'.padEnd(34)} ${results.first.ms.toFixed(1).padStart(8)} ms   cpu ${results.first.cpuMs.toFixed(1).padStart(8)} ms`);
console.log(row('cold (caches emptied)', results.cold));
console.log(row('warm (same set again)', results.warm));
console.log(row('next version', results.nextVersion));
console.log(row('after a one-section edit', results.oneSectionEdit));
console.log(`load average: ${loadStart.map((l) => l.toFixed(2)).join(' ')} at the start, ${results.loadAverage.end.map((l) => l.toFixed(2)).join(' ')} at the end`);
mkdirSync(dirname(RESULTS_FILE), { recursive: true });
writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
