/**
 * The lint benchmark: `rubric lint` (the `rubric` binary, as users run it)
 * against markdownlint-cli2 on the same files, both timed as whole processes,
 * in the places teams feel it:
 *
 *   startup   `rubric --version` against `node -e 0` (median of many runs);
 *   small     a team's repository: the three sets of guidelines/, cold
 *             (`--no-cache`), against markdownlint-cli2 on the same Markdown,
 *             interleaved runs, medians: what a pre-commit hook or a CI step pays;
 *   corpus    BENCH_SETS (default 300) generated sets shaped like real ones
 *             (40-80 labels in 2-3 levels, two examples per leaf, about 1,100
 *             lines): markdownlint-cli2, rubric cold, warm (nothing changed),
 *             after one set was edited; peak memory of the process tree;
 *   report    the same corpus with a config that makes every leaf a finding
 *             (about 11,000 findings): the extra time of the stylish report
 *             over `-f json` (warm runs, so the lint itself is a cache hit);
 *   curves    how time and memory grow with labels per set (100 sets of about
 *             22, 53 and 190 labels) and with sets (3, 300, 1,000 of the real
 *             shape), both tools at every point.
 *
 *   npm run bench                                   # from the repo root: build, then every bench
 *   node lint-bench.mjs                             # this one (needs a build)
 *   BENCH_LINT_CASES=small,startup node lint-bench.mjs
 *
 * Writes bench/results/lint.json. Exit code 1 when a tool run failed (an exit
 * code other than 0 or 1); with BENCH_STRICT=1 also when a target is missed.
 * See README.md beside this file.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORPUS_DIR, corpusDir, ensureCorpus } from './lib/corpus.mjs';
import { DEFAULT_SHAPE } from './lib/generate-set.mjs';
import { measure, RSS_METHOD } from './lib/measure.mjs';

const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH_DIR, '..');
const RESULTS_FILE = join(BENCH_DIR, 'results', 'lint.json');
const MARKDOWNLINT = join(ROOT, 'node_modules', '.bin', 'markdownlint-cli2');
const RUBRIC = join(ROOT, 'apps', 'cli', 'bin', 'rubric.js');
const GUIDELINES = join(ROOT, 'guidelines');

/** Targets (issue 15): ratios and figures in one run. */
const TARGETS = {
  versionSeconds: 0.1,
  smallVsMarkdownlint: 0.5,
  coldVsMarkdownlint: 0.5,
  warmVsCold: 0.05,
  peakRssMb: 400,
  stylishExtraSeconds: 0.2,
};

const ALL_CASES = ['startup', 'small', 'corpus', 'report', 'curves'];
const cases = new Set((process.env.BENCH_LINT_CASES ?? ALL_CASES.join(',')).split(',').map((c) => c.trim()).filter(Boolean));
for (const c of cases) if (!ALL_CASES.includes(c)) fail(`unknown case ${c} in BENCH_LINT_CASES, expected some of ${ALL_CASES.join(', ')}`, 2);
const sets = parseSets(process.env.BENCH_SETS);
const strict = process.env.BENCH_STRICT === '1';

console.log(`rubric lint benchmark: cases ${[...cases].join(', ')}; ${cpus().length} cores, node ${process.version}, memory by ${RSS_METHOD === 'proc' ? '/proc VmHWM polling' : RSS_METHOD}\n`);
const loadAtStart = loadavg();
if (loadAtStart[0] > cpus().length / 2) console.log(`warning: load average ${loadAtStart[0].toFixed(1)} on ${cpus().length} cores; other processes add noise to every figure\n`);
if (!existsSync(MARKDOWNLINT)) fail(`missing ${MARKDOWNLINT}: run npm install at the repository root`);
if (!existsSync(join(ROOT, 'apps', 'cli', 'dist', 'bundle', 'cli.cjs'))) fail('missing apps/cli/dist/bundle/cli.cjs: build first (`npx turbo run build`; npm run bench does)');

const results = { benchmark: 'lint', date: new Date().toISOString(), machine: machine(), targets: TARGETS, cases: {} };
const checks = [];
let failed = false;
const scratch = mkdtempSync(join(tmpdir(), 'rubric-lint-bench-'));
// Every rubric run of the bench shares one V8 code cache folder (apps/cli's binary keeps one per command,
// scripts/code-cache.cjs) that starts empty, so no figure depends on what other runs left in ~/.cache.
process.env.RUBRIC_CODE_CACHE ??= join(scratch, 'code-cache');

try {
  if (cases.has('startup')) await startupCase();
  if (cases.has('small')) await smallCase();
  if (cases.has('corpus') || cases.has('report')) {
    const corpus = ensureCorpus({ sets, log: (m) => console.log(m) });
    console.log(`corpus: ${describeCorpus(corpus)}\n`);
    if (cases.has('corpus')) await corpusCase(corpus);
    if (cases.has('report')) await reportCase(corpus);
  }
  if (cases.has('curves')) await curvesCase();
} catch (error) {
  console.error(`\nbench failed: ${error instanceof Error ? error.stack : String(error)}`);
  failed = true;
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

console.log('');
printTable(['check', 'value', 'target', 'result'], checks.map((c) => [c.name, c.value === undefined ? '-' : c.value.toFixed(c.digits ?? 2), `<= ${c.target}`, c.value === undefined ? 'n/a' : c.value <= c.target ? 'PASS' : 'MISS']));
results.machine.loadAverageAtEnd = loadavg();
results.checks = Object.fromEntries(checks.map((c) => [c.name, { value: c.value === undefined ? null : round(c.value, 3), target: c.target, status: c.value === undefined ? 'n/a' : c.value <= c.target ? 'PASS' : 'MISS' }]));
mkdirSync(dirname(RESULTS_FILE), { recursive: true });
writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nwrote ${relative(process.cwd(), RESULTS_FILE) || RESULTS_FILE}`);
const missed = checks.some((c) => c.value !== undefined && c.value > c.target);
process.exitCode = failed || (strict && missed) ? 1 : 0;

// ---- Cases ------------------------------------------------------------------------

async function startupCase() {
  console.log('startup: `rubric --version` and `node -e 0`, 15 interleaved runs each');
  const firstRunSeconds = await firstRun(['--version']);
  const node = [];
  const version = [];
  for (let i = 0; i < 15; i++) {
    node.push((await timed({ cmd: process.execPath, args: ['-e', '0'], cwd: ROOT })).wallSeconds);
    version.push((await timed({ cmd: process.execPath, args: [RUBRIC, '--version'], cwd: ROOT })).wallSeconds);
  }
  const s = { nodeSeconds: median(node), versionSeconds: median(version), firstRunSeconds };
  results.cases.startup = { ...s, runs: { node: node.map((x) => round(x, 4)), version: version.map((x) => round(x, 4)) } };
  console.log(`  node -e 0        ${s.nodeSeconds.toFixed(3)} s\n  rubric --version ${s.versionSeconds.toFixed(3)} s  (first run, empty code cache: ${s.firstRunSeconds.toFixed(3)} s)\n`);
  checks.push({ name: 'rubric --version (s)', value: s.versionSeconds, target: TARGETS.versionSeconds, digits: 3 });
}

async function smallCase() {
  console.log('small repository: guidelines/ (3 sets), cold, 10 interleaved runs each');
  const rubricFirstRunSeconds = await firstRun(['lint', 'guidelines', '--no-cache']);
  const md = [];
  const rubric = [];
  for (let i = 0; i < 10; i++) {
    md.push((await timed({ cmd: MARKDOWNLINT, args: ['**/*.md'], cwd: GUIDELINES })).wallSeconds);
    rubric.push((await timed({ cmd: process.execPath, args: [RUBRIC, 'lint', 'guidelines', '--no-cache'], cwd: ROOT })).wallSeconds);
  }
  const s = { markdownlintSeconds: median(md), rubricSeconds: median(rubric), rubricFirstRunSeconds };
  s.ratio = s.rubricSeconds / s.markdownlintSeconds;
  results.cases.small = { ...s, runs: { markdownlint: md.map((x) => round(x, 4)), rubric: rubric.map((x) => round(x, 4)) } };
  console.log(`  markdownlint-cli2 ${s.markdownlintSeconds.toFixed(3)} s\n  rubric lint       ${s.rubricSeconds.toFixed(3)} s  (${s.ratio.toFixed(2)}x; first run, empty code cache: ${s.rubricFirstRunSeconds.toFixed(3)} s)\n`);
  checks.push({ name: 'guidelines/ cold: rubric / markdownlint-cli2', value: s.ratio, target: TARGETS.smallVsMarkdownlint });
}

async function corpusCase(corpus) {
  console.log(`corpus: ${corpus.sets} sets`);
  const cache = join(scratch, 'corpus-cache');
  const rubricArgs = [RUBRIC, 'lint', relative(ROOT, CORPUS_DIR), '--format', 'json', '--cache-location', cache];
  const runs = {};
  runs.markdownlint = await run('markdownlint-cli2', { cmd: MARKDOWNLINT, args: ['**/*.md'], cwd: CORPUS_DIR });
  runs.cold = await run('rubric lint (cold)', { cmd: process.execPath, args: rubricArgs, cwd: ROOT, keepStdout: true });
  runs.warm = await run('rubric lint (warm)', { cmd: process.execPath, args: rubricArgs, cwd: ROOT, keepStdout: true });
  const touched = join(CORPUS_DIR, firstCleanSet(corpus), 'guideline.md');
  const original = readFileSync(touched);
  try {
    writeFileSync(touched, Buffer.concat([original, Buffer.from(`\n<!-- bench edit ${Date.now()} -->\n`)]));
    runs.edited = await run('rubric lint (1 set edited)', { cmd: process.execPath, args: rubricArgs, cwd: ROOT, keepStdout: true });
  } finally {
    writeFileSync(touched, original);
  }
  const same = runs.cold.stdout !== undefined && runs.cold.stdout === runs.warm.stdout;
  if (!same) console.log('  warning: the warm run\'s report differs from the cold run\'s');
  for (const r of Object.values(runs)) delete r.stdout;
  const peak = Math.max(...[runs.cold, runs.warm, runs.edited].map((r) => r.peakRssMb ?? 0));
  results.cases.corpus = { corpus: corpusSummary(corpus), runs, warmReportEqualsCold: same };
  printRuns(runs);
  checks.push({ name: `${corpus.sets} sets cold: rubric / markdownlint-cli2`, value: runs.cold.wallSeconds / runs.markdownlint.wallSeconds, target: TARGETS.coldVsMarkdownlint });
  checks.push({ name: `${corpus.sets} sets: rubric warm / cold`, value: runs.warm.wallSeconds / runs.cold.wallSeconds, target: TARGETS.warmVsCold, digits: 3 });
  checks.push({ name: `${corpus.sets} sets: rubric peak RSS (MB)`, value: peak, target: TARGETS.peakRssMb, digits: 0 });
}

async function reportCase(corpus) {
  // Every leaf short of one positive example: a finding per leaf, like a team that raised its bar.
  const config = join(scratch, 'strict.config.json');
  writeFileSync(config, JSON.stringify({ rules: { 'example-coverage': ['error', { minPositive: 2 }] } }));
  const cache = join(scratch, 'report-cache');
  const args = (format) => [RUBRIC, 'lint', relative(ROOT, CORPUS_DIR), '-c', config, '--cache-location', cache, '--format', format];
  const fill = await timed({ cmd: process.execPath, args: args('json'), cwd: ROOT, keepStdout: true });
  let findings;
  try {
    findings = JSON.parse(fill.stdout).summary;
  } catch {
    findings = undefined;
  }
  const json = [];
  const stylish = [];
  for (let i = 0; i < 3; i++) {
    json.push((await timed({ cmd: process.execPath, args: args('json'), cwd: ROOT })).wallSeconds);
    stylish.push((await timed({ cmd: process.execPath, args: args('stylish'), cwd: ROOT })).wallSeconds);
  }
  const s = { findings, jsonSeconds: median(json), stylishSeconds: median(stylish) };
  s.extraSeconds = s.stylishSeconds - s.jsonSeconds;
  results.cases.report = s;
  console.log(`report: ${JSON.stringify(findings)} (warm runs, medians of 3)\n  -f json    ${s.jsonSeconds.toFixed(2)} s\n  stylish    ${s.stylishSeconds.toFixed(2)} s  (+${s.extraSeconds.toFixed(2)} s)\n`);
  checks.push({ name: 'stylish report, extra s over -f json', value: s.extraSeconds, target: TARGETS.stylishExtraSeconds });
}

async function curvesCase() {
  console.log('curves: growth with labels per set and with sets (cold runs, both tools)');
  const points = [];
  const point = async (label, shape, n) => {
    const corpus = ensureCorpus({ sets: n, shape, ...(shape === DEFAULT_SHAPE && n === sets ? {} : { dir: corpusDir(shape, n) }), log: (m) => console.log(`  ${m}`) });
    const dir = shape === DEFAULT_SHAPE && n === sets ? CORPUS_DIR : corpusDir(shape, n);
    const md = await timed({ cmd: MARKDOWNLINT, args: ['**/*.md'], cwd: dir });
    const rubric = await timed({ cmd: process.execPath, args: [RUBRIC, 'lint', relative(ROOT, dir), '--no-cache', '--format', 'json'], cwd: ROOT });
    const p = {
      curve: label,
      shape,
      sets: n,
      labelsPerSet: round(corpus.labels / n, 1),
      linesPerSet: Math.round(corpus.markdownLines / n),
      markdownlintSeconds: round(md.wallSeconds, 3),
      rubricSeconds: round(rubric.wallSeconds, 3),
      ratio: round(rubric.wallSeconds / md.wallSeconds, 3),
      rubricMsPerSet: round((rubric.wallSeconds * 1000) / n, 1),
      rubricCpuSeconds: rubric.cpuSeconds === undefined ? null : round(rubric.cpuSeconds, 2),
      rubricPeakRssMb: rubric.peakRssBytes === undefined ? null : round(rubric.peakRssBytes / 2 ** 20, 0),
      markdownlintPeakRssMb: md.peakRssBytes === undefined ? null : round(md.peakRssBytes / 2 ** 20, 0),
    };
    points.push(p);
    console.log(`  ${label.padEnd(16)} ${String(n).padStart(5)} sets × ${String(p.labelsPerSet).padStart(5)} labels: rubric ${p.rubricSeconds.toFixed(2)} s (${p.rubricMsPerSet} ms/set, ${p.rubricPeakRssMb} MB), markdownlint-cli2 ${p.markdownlintSeconds.toFixed(2)} s (${p.markdownlintPeakRssMb} MB): ${p.ratio.toFixed(2)}x`);
  };
  for (const shape of ['small', 'real', 'large']) await point('labels per set', shape, 100);
  for (const n of [3, 300, 1000]) await point('sets', DEFAULT_SHAPE, n);
  results.cases.curves = points;
  console.log('');
}

// ---- Helpers ----------------------------------------------------------------------

/** A measured run; a failed tool (exit other than 0 and 1) fails the bench. */
/**
 * The first `rubric <args>` of its command in this run, so with no V8 code cache yet (the bench's
 * own cache folder starts empty): what the first run after an install or a build pays. It writes
 * the cache the runs after it read, as a pre-commit hook's later runs do.
 */
async function firstRun(args) {
  return (await timed({ cmd: process.execPath, args: [RUBRIC, ...args], cwd: ROOT })).wallSeconds;
}

async function timed(spec) {
  const r = await measure(spec);
  if (r.error || (r.exitCode !== 0 && r.exitCode !== 1)) {
    failed = true;
    throw new Error(`${r.command} failed (exit ${r.exitCode ?? r.signal ?? r.error}); stderr ends with:\n${r.stderrTail}`);
  }
  return r;
}

/** A measured run, printed and recorded with wall, CPU and memory. */
async function run(tool, spec) {
  process.stdout.write(`  ${tool} ... `);
  const r = await timed(spec);
  console.log(`${r.wallSeconds.toFixed(2)} s`);
  return {
    tool,
    command: r.command.replace(process.execPath, 'node').replaceAll(`${ROOT}/`, ''),
    wallSeconds: round(r.wallSeconds, 3),
    cpuSeconds: r.cpuSeconds === undefined ? undefined : round(r.cpuSeconds, 2),
    peakRssMb: r.peakRssBytes === undefined ? undefined : round(r.peakRssBytes / 2 ** 20, 1),
    exitCode: r.exitCode,
    stdout: r.stdout,
  };
}

function printRuns(runs) {
  console.log('');
  printTable(['run', 'wall s', 'cpu s', 'peak RSS MB'], Object.values(runs).map((r) => [r.tool, r.wallSeconds.toFixed(2), r.cpuSeconds === undefined ? '-' : r.cpuSeconds.toFixed(2), r.peakRssMb === undefined ? '-' : r.peakRssMb.toFixed(0)]));
  console.log('');
}

function describeCorpus(c) {
  return `${c.sets} sets of the ${c.shape} shape, ${c.markdownLines.toLocaleString('en')} lines of Markdown (${Math.round(c.markdownLines / c.sets)} a set), ${(c.labels / c.sets).toFixed(1)} labels a set, ${c.examples.toLocaleString('en')} examples (${c.generated ? 'generated' : 'reused'})`;
}

function corpusSummary(c) {
  return { dir: relative(ROOT, CORPUS_DIR), shape: c.shape, sets: c.sets, markdownLines: c.markdownLines, labels: c.labels, examples: c.examples, deliberate: Object.fromEntries(Object.entries(c.deliberate).map(([k, ids]) => [k, ids.length])) };
}

/** The first set without a deliberate mistake: the one the "1 set edited" run edits. */
function firstCleanSet(stamp) {
  const flawed = new Set(Object.values(stamp.deliberate).flat());
  return stamp.setIds.find((id) => !flawed.has(id)) ?? stamp.setIds[0];
}

function machine() {
  return { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryMb: Math.round(totalmem() / 2 ** 20), platform: `${process.platform} ${process.arch}`, node: process.version, loadAverageAtStart: loadAtStart };
}

function parseSets(raw) {
  if (raw === undefined || raw === '') return 300;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) fail(`BENCH_SETS must be a positive integer, got ${JSON.stringify(raw)}`, 2);
  return n;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function printTable(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('   ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('   '));
  for (const r of rows) console.log(line(r));
}

function round(x, digits) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function fail(message, code = 1) {
  console.error(message);
  process.exit(code);
}
