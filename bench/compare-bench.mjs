/**
 * The compare panel's update time, through the real language server over
 * stdio (as editor-bench.mjs measures diagnostics): a 5,000-line guideline
 * (lib/large-set.mjs with prose, 150 labels) committed on `main` of a git
 * repository, the tests on a branch; after a one-character edit to the open
 * guideline.md (didChange), the time until `rubric/compare` answers for that
 * document version, as the panel asks after its 100 ms debounce. p50 / p95
 * over EDITS edits; the panel's update is this plus the 100 ms debounce and
 * the webview's re-render (measured in code-server by the extension tests).
 * Target: debounce + p95 <= 300 ms.
 *
 *   node bench/compare-bench.mjs        (after npx turbo run build --filter=@rubric/language-server...)
 *
 * Writes bench/results/compare.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { largeSet } from './lib/large-set.mjs';
import { initialize, percentile, startServer, stopServer } from './lib/lsp.mjs';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const RESULTS_FILE = join(BENCH_DIR, 'results', 'compare.json');
const EDITS = Number(process.env.BENCH_EDITS ?? 40);
const WARMUP = 5;
const LABELS = Number(process.env.BENCH_LABELS ?? 150);
const DEBOUNCE_MS = 100;
const TARGET_MS = 300;

const work = mkdtempSync(join(tmpdir(), 'rubric-compare-bench-'));
const git = (...args) => execFileSync('git', ['-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', '-c', 'user.name=bench', '-c', 'user.email=bench@example.org', ...args], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });

let child;
try {
  const setDir = join(work, 'guidelines', 'large-set');
  mkdirSync(setDir, { recursive: true });
  const base = largeSet(LABELS, '1.0.0', { prose: true });
  writeFileSync(join(setDir, 'guideline.md'), base.guideline);
  writeFileSync(join(setDir, 'schema.json'), base.schema);
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'large set');
  git('checkout', '-q', '-b', 'feature');
  // The branch already changes the set (a label removed from the schema), so every compare has a real diff to show.
  const schemaText = base.schema.replace(/,\s*\{\s*"id": "cat0\.item1",[^}]*\}/, '');
  writeFileSync(join(setDir, 'schema.json'), schemaText);
  const text = base.guideline;
  const lines = text.split('\n').length;

  const server = startServer();
  child = server.child;
  const { connection } = server;
  await initialize(connection, pathToFileURL(work).href);
  const uri = pathToFileURL(join(setDir, 'guideline.md')).href;
  let version = 1;
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version, text } });
  const first = performance.now();
  const opened = await connection.sendRequest('rubric/compare', { uri });
  const firstMs = performance.now() - first;
  if (!opened || opened.required !== 'major') throw new Error(`Unexpected first comparison ${JSON.stringify(opened && { required: opened.required, changes: opened.changes })}, expected a major change`);

  const definitionLines = text.split('\n').flatMap((l, i) => (l.startsWith('Definition of') ? [i] : []));
  const times = [];
  for (let i = 0; i < WARMUP + EDITS; i++) {
    const line = definitionLines[(i * 7919) % definitionLines.length];
    version++;
    const t0 = performance.now();
    await connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: { line, character: 14 }, end: { line, character: 14 } }, text: i % 2 === 0 ? 'x' : 'y' }] });
    let result;
    // The server handles messages in order, so the answer is for this version; checked all the same.
    do result = await connection.sendRequest('rubric/compare', { uri });
    while (result.documentVersion < version);
    if (i >= WARMUP) times.push(performance.now() - t0);
  }
  await stopServer(server);

  const sorted = [...times].sort((a, b) => a - b);
  const p50 = percentile(sorted, 50);
  const p95 = percentile(sorted, 95);
  const panelP95 = DEBOUNCE_MS + p95;
  const status = panelP95 <= TARGET_MS ? 'PASS' : 'MISS';
  console.log(`compare panel in a ${lines}-line guideline.md (${Buffer.byteLength(text)} bytes, ${LABELS} labels), ${times.length} one-character edits (after ${WARMUP} warm-up), through the language server:`);
  console.log(`  first comparison (base read from git, parsed): ${firstMs.toFixed(0)} ms`);
  console.log(`  edit -> rubric/compare answered  p50 ${p50.toFixed(1)} ms  p95 ${p95.toFixed(1)} ms`);
  console.log(`  panel update (${DEBOUNCE_MS} ms debounce + p95): ${panelP95.toFixed(1)} ms  target <= ${TARGET_MS} ms: ${status}`);
  mkdirSync(dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify({ benchmark: 'compare', date: new Date().toISOString(), lines, bytes: Buffer.byteLength(text), labels: LABELS, edits: times.length, firstMs, timesMs: times, p50Ms: p50, p95Ms: p95, debounceMs: DEBOUNCE_MS, panelP95Ms: panelP95, targetMs: TARGET_MS, status }, null, 2)}\n`);
} finally {
  if (child && child.exitCode === null) child.kill();
  rmSync(work, { recursive: true, force: true });
}
