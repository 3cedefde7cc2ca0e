/**
 * The lint benchmark: `rubric lint` against markdownlint-cli2 on the same
 * generated corpus of guideline sets, both timed as whole processes.
 *
 *   npm run bench                          # from the repo root: build, then this
 *   BENCH_SETS=50 npm run bench -w @rubric/bench   # small corpus, for development
 *
 * Steps: make sure bench/.corpus holds the seeded corpus (lib/corpus.mjs),
 * then run, in this order and each as its own process:
 *   1. markdownlint-cli2 over every guideline.md (default config);
 *   2. rubric lint, cold: a fresh, empty cache folder;
 *   3. rubric lint, warm: the same command again, nothing changed;
 *   4. rubric lint after one set's guideline.md was edited (restored after).
 * Prints a table and the ratios against the targets, and writes
 * bench/results/lint.json. Exit code 1 when a tool run failed (an exit code
 * other than 0 or 1); with BENCH_STRICT=1 also when a target is missed.
 * See README.md beside this file.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORPUS_DIR, ensureCorpus } from './lib/corpus.mjs';
import { measure, RSS_METHOD } from './lib/measure.mjs';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH_DIR, '..');
const RESULTS_FILE = join(BENCH_DIR, 'results', 'lint.json');
const MARKDOWNLINT = join(ROOT, 'node_modules', '.bin', 'markdownlint-cli2');
const RUBRIC_CLI = join(ROOT, 'apps', 'cli', 'dist', 'main.js');

/** The targets: rubric cold at most this fraction of markdownlint-cli2's time (aim for AIM), and so on. */
const TARGETS = { coldVsMarkdownlint: 1.0, coldVsMarkdownlintAim: 0.5, warmVsCold: 0.1, peakRssMb: 1024 };

const sets = parseSets(process.env.BENCH_SETS);
const strict = process.env.BENCH_STRICT === '1';

console.log(`rubric lint benchmark: ${sets} guideline sets, ${cpus().length} cores, node ${process.version}, memory by ${RSS_METHOD === 'proc' ? '/proc VmHWM polling' : RSS_METHOD === 'time' ? '/usr/bin/time' : 'nothing (not measured)'}\n`);

const loadAtStart = loadavg();
if (loadAtStart[0] > cpus().length / 2) {
  console.log(`warning: load average ${loadAtStart[0].toFixed(1)} on ${cpus().length} cores; other processes will slow both tools and add noise\n`);
}

// ---- Corpus ---------------------------------------------------------------------
const t0 = performance.now();
const corpus = ensureCorpus({ sets, log: (m) => console.log(m) });
console.log(
  `corpus: ${corpus.sets} sets, ${corpus.files} files, ${corpus.markdownLines.toLocaleString('en')} lines of Markdown, ` +
    `${mb(corpus.markdownBytes)} MB Markdown (${mb(corpus.totalBytes)} MB with schemas), ${corpus.labels.toLocaleString('en')} labels, ` +
    `${corpus.examples.toLocaleString('en')} examples (${corpus.generated ? `generated in ${secs(performance.now() - t0)} s` : 'reused'})`,
);
const deliberateCount = Object.values(corpus.deliberate).reduce((n, ids) => n + ids.length, 0);
console.log(`deliberate mistakes: ${Object.entries(corpus.deliberate).map(([k, ids]) => `${k} ${ids.length}`).join(', ')}\n`);

// ---- Runs -----------------------------------------------------------------------
const corpusArg = relative(ROOT, CORPUS_DIR) || '.';
const cacheParent = mkdtempSync(join(tmpdir(), 'rubric-bench-'));
const cacheDir = join(cacheParent, 'cache');
const runs = [];
let failed = false;
// rubric's cache is keyed by its build (file sizes and mtimes of dist/): a rebuild between
// the runs (another terminal, a watcher) silently turns the warm runs cold.
let buildBefore;
let buildAfter;

try {
  if (!existsSync(MARKDOWNLINT)) throw new Error(`missing ${MARKDOWNLINT}: run npm install at the repository root`);
  await run({
    key: 'markdownlint',
    tool: 'markdownlint-cli2 0.22.0',
    cmd: MARKDOWNLINT,
    args: ['**/*.md'],
    cwd: CORPUS_DIR,
    keepStdout: true,
    findings: markdownlintFindings,
  });

  if (!existsSync(RUBRIC_CLI)) {
    console.log(`\nrubric lint skipped: ${relative(ROOT, RUBRIC_CLI)} does not exist; build it with \`npx turbo run build\` (npm run bench does).`);
    failed = true;
  } else {
    const rubricArgs = [RUBRIC_CLI, 'lint', corpusArg, '--format', 'json', '--cache-location', cacheDir];
    const rubric = { cmd: process.execPath, args: rubricArgs, cwd: ROOT, keepStdout: true, findings: rubricFindings };
    rmSync(cacheDir, { recursive: true, force: true });
    buildBefore = buildFingerprint();
    await run({ key: 'rubricCold', tool: 'rubric lint (cold)', ...rubric });
    await run({ key: 'rubricWarm', tool: 'rubric lint (warm)', ...rubric });

    // Edit one set (an HTML comment at the end changes the bytes, not the findings), then restore it.
    const touched = join(CORPUS_DIR, firstCleanSet(corpus), 'guideline.md');
    const original = readFileSync(touched);
    try {
      writeFileSync(touched, Buffer.concat([original, Buffer.from(`\n<!-- bench edit ${Date.now()} -->\n`)]));
      await run({ key: 'rubricTouched', tool: 'rubric lint (1 set edited)', ...rubric });
    } finally {
      writeFileSync(touched, original);
    }
    buildAfter = buildFingerprint();
  }
} catch (error) {
  console.error(`\nbench failed: ${error instanceof Error ? error.message : String(error)}`);
  failed = true;
} finally {
  rmSync(cacheParent, { recursive: true, force: true });
}

// ---- Report ---------------------------------------------------------------------
const byKey = Object.fromEntries(runs.map((r) => [r.key, r]));
const ok = (r) => r && r.ok;
const ratio = (a, b) => (ok(a) && ok(b) && b.wallSeconds > 0 ? a.wallSeconds / b.wallSeconds : undefined);
const rubricRuns = runs.filter((r) => r.key.startsWith('rubric') && r.ok && r.peakRssMb !== undefined);
const rubricPeak = rubricRuns.length ? Math.max(...rubricRuns.map((r) => r.peakRssMb)) : undefined;
const checks = [
  {
    name: 'rubric cold / markdownlint-cli2',
    value: ratio(byKey.rubricCold, byKey.markdownlint),
    target: TARGETS.coldVsMarkdownlint,
    note: (v) => `aim ${TARGETS.coldVsMarkdownlintAim}: ${v <= TARGETS.coldVsMarkdownlintAim ? 'met' : 'not yet'}`,
  },
  { name: 'rubric warm / rubric cold', value: ratio(byKey.rubricWarm, byKey.rubricCold), target: TARGETS.warmVsCold },
  { name: 'rubric peak RSS (MB)', value: rubricPeak, target: TARGETS.peakRssMb, digits: 0 },
].map((c) => ({ ...c, status: c.value === undefined ? 'n/a' : c.value <= c.target ? 'PASS' : 'MISS' }));
const info = { name: 'rubric 1 set edited / rubric cold', value: ratio(byKey.rubricTouched, byKey.rubricCold) };

console.log('');
printTable(
  ['tool', 'wall s', 'cpu s', 'peak RSS MB', 'findings', 'exit'],
  runs.map((r) => [r.tool, r.wallSeconds.toFixed(2), r.cpuSeconds === undefined ? '-' : r.cpuSeconds.toFixed(2), r.peakRssMb === undefined ? '-' : r.peakRssMb.toFixed(0), r.findings === undefined ? '-' : r.findings.toLocaleString('en'), r.ok ? String(r.exitCode) : `${r.exitCode ?? r.signal ?? r.error} FAILED`]),
);
console.log('');
printTable(
  ['ratio', 'value', 'target', 'result'],
  [
    ...checks.map((c) => [c.name, c.value === undefined ? '-' : c.value.toFixed(c.digits ?? 2), `<= ${c.target}`, c.value !== undefined && c.note ? `${c.status} (${c.note(c.value)})` : c.status]),
    [info.name, info.value === undefined ? '-' : info.value.toFixed(2), '', 'info'],
  ],
);
const buildChanged = buildBefore !== undefined && buildAfter !== undefined && buildBefore !== buildAfter;
if (buildChanged) {
  console.log('\nwarning: apps/cli/dist or packages/core/dist changed during the runs (a rebuild); rubric\'s cache key changed with it, so the warm runs were not cache hits. Run the bench again with no build running.');
}
const cold = byKey.rubricCold;
if (cold?.byRule) {
  console.log(`\nrubric findings by rule: ${Object.entries(cold.byRule).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'} (the corpus has ${deliberateCount} deliberate mistakes)`);
}

const results = {
  benchmark: 'lint',
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryMb: Math.round(totalmem() / 2 ** 20), platform: `${process.platform} ${process.arch}`, node: process.version, loadAverageAtStart: loadAtStart, loadAverageAtEnd: loadavg() },
  memoryMethod: RSS_METHOD,
  buildChangedDuringRuns: buildChanged,
  corpus: {
    dir: relative(ROOT, CORPUS_DIR),
    generatorVersion: corpus.generatorVersion,
    generatorHash: corpus.generatorHash,
    seed: corpus.seed,
    sets: corpus.sets,
    files: corpus.files,
    markdownLines: corpus.markdownLines,
    markdownMb: round(corpus.markdownBytes / 1e6, 2),
    totalMb: round(corpus.totalBytes / 1e6, 2),
    labels: corpus.labels,
    examples: corpus.examples,
    deliberate: Object.fromEntries(Object.entries(corpus.deliberate).map(([k, ids]) => [k, ids.length])),
  },
  runs: runs.map(({ stdout, stderrTail, stderrLines, ...r }) => r),
  ratios: Object.fromEntries([...checks, info].map((c) => [c.name, { value: c.value === undefined ? null : round(c.value, 3), target: c.target ?? null, status: c.status ?? 'info' }])),
  targets: TARGETS,
};
mkdirSync(dirname(RESULTS_FILE), { recursive: true });
writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nwrote ${relative(process.cwd(), RESULTS_FILE) || RESULTS_FILE}`);

const missed = checks.some((c) => c.status === 'MISS');
process.exitCode = failed || (strict && missed) ? 1 : 0;

// ---- Helpers ---------------------------------------------------------------------

/** Runs and records one measured command; exit codes 0 and 1 are success (1 = findings). */
async function run({ key, tool, findings, ...spec }) {
  process.stdout.write(`running ${tool} ... `);
  const r = await measure(spec);
  const okRun = !r.error && (r.exitCode === 0 || r.exitCode === 1);
  const parsed = okRun ? findings(r) : {};
  const record = {
    key,
    tool,
    command: r.command.replace(process.execPath, 'node').replaceAll(`${ROOT}/`, ''),
    cwd: relative(ROOT, spec.cwd) || '.',
    ok: okRun,
    exitCode: r.exitCode,
    signal: r.signal ?? undefined,
    error: r.error,
    wallSeconds: round(r.wallSeconds, 3),
    cpuSeconds: r.cpuSeconds === undefined ? undefined : round(r.cpuSeconds, 2),
    peakRssMb: r.peakRssBytes === undefined ? undefined : round(r.peakRssBytes / 2 ** 20, 1),
    findings: parsed.count,
    byRule: parsed.byRule,
  };
  runs.push(record);
  console.log(`${record.wallSeconds.toFixed(2)} s`);
  if (!okRun) {
    failed = true;
    console.error(`${tool} failed (exit ${r.exitCode ?? r.signal ?? r.error}); stderr ends with:\n${r.stderrTail}`);
  }
  return record;
}

/** markdownlint-cli2 prints "Summary: N error(s)" on stdout and one line per finding on stderr. */
function markdownlintFindings(r) {
  const m = /Summary: (\d+) error/.exec(r.stdout ?? '');
  return { count: m ? Number(m[1]) : r.stderrLines };
}

/** rubric's JSON format: { files: [{ path, findings: [...] }], summary }. */
function rubricFindings(r) {
  try {
    const doc = JSON.parse(r.stdout);
    const all = Array.isArray(doc.files) ? doc.files.flatMap((f) => f.findings ?? []) : [];
    const byRule = {};
    for (const f of all) byRule[f.ruleId] = (byRule[f.ruleId] ?? 0) + 1;
    return { count: all.length, byRule };
  } catch {
    return {};
  }
}

/** Sizes and mtimes of the built CLI and core: what rubric's cache key is made of. */
function buildFingerprint() {
  const hash = createHash('sha256');
  const walk = (dir) => {
    let entries = [];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const st = statSync(p, { throwIfNoEntry: false });
        if (st) hash.update(`${p}:${st.size}:${st.mtimeMs}\n`);
      }
    }
  };
  walk(join(ROOT, 'apps', 'cli', 'dist'));
  walk(join(ROOT, 'packages', 'core', 'dist'));
  return hash.digest('hex');
}

/** The first set without a deliberate mistake: the one the "1 set edited" run edits. */
function firstCleanSet(stamp) {
  const flawed = new Set(Object.values(stamp.deliberate).flat());
  return stamp.setIds.find((id) => !flawed.has(id)) ?? stamp.setIds[0];
}

function parseSets(raw) {
  if (raw === undefined || raw === '') return 1000;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`BENCH_SETS must be a positive integer, got ${JSON.stringify(raw)}`);
    process.exit(2);
  }
  return n;
}

function printTable(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('   ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('   '));
  for (const r of rows) console.log(line(r));
}

function mb(bytes) {
  return (bytes / 1e6).toFixed(1);
}
function secs(ms) {
  return (ms / 1000).toFixed(1);
}
function round(x, digits) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
