/**
 * The editor benchmark, through the real language server over stdio (the way
 * VS Code, Neovim or Helix run it):
 *   1. typing: after a one-character edit in a generated 5,000-line
 *      guideline.md, the time until publishDiagnostics for that document
 *      version arrives; p50 / p95 over EDITS edits (target p95 <= 150 ms);
 *   2. start: from spawning the server to the first diagnostics of every
 *      guideline.md of the repository's guidelines/ (target <= 1 s);
 *   3. start in a large workspace: the bench corpus (BENCH_SETS, default 300
 *      realistic sets) as the workspace, one guideline opened: spawn to its
 *      first diagnostics (target <= 300 ms), median of 5.
 * The typing time is split in-process into core's parse, the lint, and the
 * rest (server, JSON-RPC, diagnostics conversion), to show where it goes.
 * Writes bench/results/editor.json.
 *
 *   node bench/editor-bench.mjs        (after npx turbo run build --filter=@rubric/language-server...)
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createNodeHost, lintSet, loadSet, parseGuideline, resolveConfig, rules } from '../packages/core/dist/index.js';
import { CORPUS_DIR, ensureCorpus } from './lib/corpus.mjs';
import { initialize, median, percentile, startServer, stopServer as stop } from './lib/lsp.mjs';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH_DIR, '..');
const RESULTS_FILE = join(BENCH_DIR, 'results', 'editor.json');
const EDITS = Number(process.env.BENCH_EDITS ?? 40);
const WARMUP = 5;
const STARTS = 3;
const TARGET_LINES = 5000;
const TARGETS = { p95Ms: 150, startMs: 1000, startLargeWorkspaceMs: 300 };
const work = mkdtempSync(join(tmpdir(), 'rubric-editor-bench-'));
// The server's V8 code cache (scripts/code-cache.cjs) starts empty in every run of the bench: the typing
// session writes it, the starts after read it, and no figure depends on what other runs left in ~/.cache.
process.env.RUBRIC_CODE_CACHE ??= join(work, 'code-cache');

/** A deterministic set of about `lines` lines of guideline.md: a verdict tree, a section and two examples per leaf. */
function writeSet(dir, lines) {
  mkdirSync(dir, { recursive: true });
  const options = [{ id: 'none', title: 'None', severity: 'none' }];
  const sections = ['### `none` None\n\nNothing to label here.\n'];
  const ex = (id, kind, text, answer) => `\`\`\`example\nid: ${id}\nkind: ${kind}\ntext: "${text}"\nanswers:\n  verdict: ${answer}\nwhy: Because the definition of \`${answer}\` says so.\n\`\`\`\n`;
  let count = 0;
  for (let p = 0; count < lines; p++) {
    const children = [];
    sections.push(`### \`cat${p}\` Category ${p}\n\nText in category ${p}. Pick a child label such as \`cat${p}.item0\`.\n`);
    for (let c = 0; c < 8; c++) {
      const id = `cat${p}.item${c}`;
      children.push({ id, title: `Item ${p}.${c}`, severity: 'low' });
      sections.push(
        `#### \`${id}\` Item ${p}.${c}\n\nDefinition of item ${p}.${c}, with decision rules for labelers. It is close to \`cat${p}\` and unlike \`none\`.\n`,
        ex(`${id}-pos`, 'positive', `A clear case of ${id}.`, id),
        ex(`${id}-neg`, 'negative', `Not quite ${id}.`, 'none'),
      );
    }
    options.push({ id: `cat${p}`, title: `Category ${p}`, severity: 'medium', options: children });
    count = sections.join('\n').split('\n').length;
  }
  const schema = { id: 'large-set', version: '1.0.0', questions: [{ id: 'verdict', type: 'single', prompt: 'Which label applies?', required: true, options }] };
  const guideline = `---\nid: large-set\ntitle: Large set\nversion: 1.0.0\nstatus: draft\nschema: schema.json\nowners: [bench@example.org]\n---\n\n# Large set\n\n## Scope\n\nA generated set.\n\n## Labels\n\n${sections.join('\n')}\n## Changelog\n\n### 1.0.0\n\n- Generated.\n`;
  writeFileSync(join(dir, 'schema.json'), `${JSON.stringify(schema, null, 2)}\n`);
  writeFileSync(join(dir, 'guideline.md'), guideline);
  return guideline;
}


const results = { benchmark: 'editor', date: new Date().toISOString(), edits: EDITS };
try {
  // ---- 2. start: spawn -> first diagnostics of every guideline of guidelines/ ----
  const guidelineFiles = readdirSync(join(ROOT, 'guidelines'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => join(ROOT, 'guidelines', d.name, 'guideline.md'));
  const starts = [];
  for (let run = 0; run < STARTS; run++) {
    const waiting = new Set(guidelineFiles.map((f) => pathToFileURL(f).href));
    let done;
    const allIn = new Promise((r) => (done = r));
    const server = startServer((p) => {
      waiting.delete(p.uri);
      if (waiting.size === 0) done(performance.now());
    });
    await initialize(server.connection, pathToFileURL(ROOT).href);
    for (const file of guidelineFiles) {
      await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: pathToFileURL(file).href, languageId: 'markdown', version: 1, text: readFileSync(file, 'utf8') } });
    }
    starts.push((await allIn) - server.t0);
    await stop(server);
  }
  const startMs = median(starts);
  results.start = { sets: guidelineFiles.length, runsMs: starts, medianMs: startMs };

  // ---- 3. start in a large workspace: one guideline of the bench corpus opened ----
  const corpus = ensureCorpus({ sets: Number(process.env.BENCH_SETS ?? 300), log: (m) => console.log(m) });
  const openedFile = join(CORPUS_DIR, corpus.setIds[Math.floor(corpus.setIds.length / 2)], 'guideline.md');
  const largeStarts = [];
  for (let run = 0; run < 5; run++) {
    let done;
    const first = new Promise((r) => (done = r));
    const server = startServer((p) => {
      if (p.uri === pathToFileURL(openedFile).href) done(performance.now());
    });
    await initialize(server.connection, pathToFileURL(CORPUS_DIR).href);
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: pathToFileURL(openedFile).href, languageId: "markdown", version: 1, text: readFileSync(openedFile, "utf8") } });
    largeStarts.push((await first) - server.t0);
    await stop(server);
  }
  const startLargeMs = median(largeStarts);
  results.startLargeWorkspace = { sets: corpus.sets, opened: openedFile.slice(ROOT.length + 1), runsMs: largeStarts, medianMs: startLargeMs };

  // ---- 1. typing in a 5,000-line guideline ----
  const setDir = join(work, 'guidelines', 'large-set');
  const text = writeSet(setDir, TARGET_LINES);
  const lineCount = text.split('\n').length;
  const uri = pathToFileURL(join(setDir, 'guideline.md')).href;
  const waiters = new Map();
  const server = startServer((p) => {
    if (p.uri !== uri) return;
    waiters.get(p.version)?.(performance.now());
    waiters.delete(p.version);
  });
  const arrival = (version) => new Promise((r) => waiters.set(version, r));
  await initialize(server.connection, pathToFileURL(work).href);
  let version = 1;
  const opened = arrival(1);
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version, text } });
  await opened;
  // One-character edits spread over the document: insert a letter into a definition, then delete it again.
  const definitionLines = text.split('\n').flatMap((l, i) => (l.startsWith('Definition of item') ? [i] : []));
  const times = [];
  for (let i = 0; i < WARMUP + EDITS; i++) {
    const line = definitionLines[(i * 7919) % definitionLines.length];
    const insert = i % 2 === 0;
    const change = insert
      ? { range: { start: { line, character: 14 }, end: { line, character: 14 } }, text: 'x' }
      : { range: { start: { line: definitionLines[((i - 1) * 7919) % definitionLines.length], character: 14 }, end: { line: definitionLines[((i - 1) * 7919) % definitionLines.length], character: 15 } }, text: '' };
    version++;
    const arrived = arrival(version);
    const t0 = performance.now();
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
    const t1 = await arrived;
    if (i >= WARMUP) times.push(t1 - t0);
  }
  await stop(server);
  const sorted = [...times].sort((a, b) => a - b);
  const p50 = percentile(sorted, 50);
  const p95 = percentile(sorted, 95);

  // In-process split of one edit: parse (core), lint (rules), the rest is the server.
  const host = createNodeHost();
  const { config } = resolveConfig(undefined, rules);
  const parseMs = [];
  const lintMs = [];
  for (let i = 0; i < 10; i++) {
    const edited = text.replace(`Definition of item ${i}.0`, `Definition of itemx ${i}.0`);
    const a = performance.now();
    parseGuideline(join(setDir, 'guideline.md'), edited);
    const b = performance.now();
    const set = loadSet(setDir, host);
    const c = performance.now();
    lintSet(set, rules, config, host);
    lintMs.push(performance.now() - c);
    parseMs.push(b - a);
  }
  const split = { parseMs: median(parseMs), lintMs: median(lintMs) };
  split.serverMs = Math.max(0, p50 - split.parseMs - split.lintMs);
  results.typing = { lines: lineCount, bytes: Buffer.byteLength(text), timesMs: times, p50Ms: p50, p95Ms: p95, split };

  const verdict = (ok) => (ok ? 'PASS' : 'MISS');
  console.log(`typing in a ${lineCount}-line guideline.md, ${times.length} one-character edits (after ${WARMUP} warm-up):`);
  console.log(`  edit -> publishDiagnostics  p50 ${p50.toFixed(1)} ms  p95 ${p95.toFixed(1)} ms  target p95 <= ${TARGETS.p95Ms} ms: ${verdict(p95 <= TARGETS.p95Ms)}`);
  console.log(`  split (in-process, median): parse ${split.parseMs.toFixed(1)} ms, lint ${split.lintMs.toFixed(1)} ms, server/protocol ~${split.serverMs.toFixed(1)} ms`);
  console.log(`start -> first diagnostics of ${guidelineFiles.length} guidelines: ${startMs.toFixed(0)} ms median of ${STARTS} (${starts.map((t) => t.toFixed(0)).join(', ')})  target <= ${TARGETS.startMs} ms: ${verdict(startMs <= TARGETS.startMs)}`);
  console.log(`start in a ${results.startLargeWorkspace.sets}-set workspace -> first diagnostics of one guideline: ${results.startLargeWorkspace.medianMs.toFixed(0)} ms median of 5 (${results.startLargeWorkspace.runsMs.map((t) => t.toFixed(0)).join(', ')})  target <= ${TARGETS.startLargeWorkspaceMs} ms: ${verdict(results.startLargeWorkspace.medianMs <= TARGETS.startLargeWorkspaceMs)}`);
  results.targets = TARGETS;
} finally {
  rmSync(work, { recursive: true, force: true });
}
mkdirSync(dirname(RESULTS_FILE), { recursive: true });
writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
