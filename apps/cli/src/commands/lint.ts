/** `rubric lint [paths...]`: lint guideline sets, optionally fix them, print a report. */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { applyEdits, fixEditsByFile, rules, setParseCaching, sortFindings, type Finding } from '@rubric/core';
import { LintCache } from '../cache.js';
import { loadConfig } from '../config-file.js';
import { discoverSets } from '../discover.js';
import { UsageError } from '../errors.js';
import { getFormatter } from '../formatters/index.js';
import { lintSetsParallel } from '../lint-pool.js';
import { lintSetDir, type SetResult, type SetTask } from '../lint-set.js';
import { figuresKey, lintFigures, readReportFile } from '../quality-files.js';
import { changedSets, resolveReviewBase } from '../review-base.js';
import { repositoryRoot, stagedFiles, touchedSets, unstagedIn } from '../staged.js';
import { hashBytes } from '../recording-host.js';
import { buildFingerprint, CLI_VERSION } from '../version.js';
import type { Io } from '../io.js';

export const LINT_HELP = `Usage: rubric lint [options] [paths...]

Lints guideline sets: folders holding guideline.md and schema.json. Paths may be
set folders, files of a set, or folders to search. Default: guidelines/ at the
repository root (the folder of rubric.config.json, else the git root).

Options:
  -f, --format <name>      stylish (default), json, sarif, github or gitlab (Code Quality)
  -o, --output-file <file> write the report to a file instead of stdout
      --fix                apply safe fixes to the files, then report what is left
      --max-warnings <n>   exit 1 when there are more than n warnings
  -q, --quiet              report errors only
  -c, --config <file>      use this config instead of searching for rubric.config.json
      --cache-location <d> folder of the lint cache (default node_modules/.cache/rubric)
      --no-cache           lint everything, neither read nor write the cache
  -j, --jobs <n>           worker threads (default: one per core)
      --base <ref>         also check sets changed since this git ref: version bump
                           and status transition (see \`rubric diff\`)
      --staged             lint only the sets touched by the staged files (a pre-commit
                           hook); with paths, only the sets holding those files (what
                           the pre-commit framework passes)
      --quality <report>   a quality report (rubric quality --format json), repeatable:
                           the label-agreement rule checks the labels of its set (by id;
                           the newest report not newer than the set's version)
  -h, --help               show this help

Exit codes: 0 no errors, 1 errors found (or warnings over --max-warnings),
2 usage, config or internal error.`;

const MAX_FIX_PASSES = 10;

/** Runs `rubric lint`; returns the exit code. */
export async function lintCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', short: 'f', default: 'stylish' },
      'output-file': { type: 'string', short: 'o' },
      fix: { type: 'boolean', default: false },
      'max-warnings': { type: 'string' },
      quiet: { type: 'boolean', short: 'q', default: false },
      config: { type: 'string', short: 'c' },
      'cache-location': { type: 'string' },
      cache: { type: 'boolean', default: true },
      'no-cache': { type: 'boolean', default: false },
      jobs: { type: 'string', short: 'j' },
      base: { type: 'string' },
      staged: { type: 'boolean', default: false },
      quality: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout(`${LINT_HELP}\n`);
    return 0;
  }
  const formatter = getFormatter(values.format);
  if (!formatter) throw new UsageError(`Unexpected format "${values.format}", expected stylish, json, sarif, github or gitlab`);
  const maxWarnings = values['max-warnings'] === undefined ? undefined : parseCount(values['max-warnings'], '--max-warnings');
  const jobs = values.jobs === undefined ? undefined : parseCount(values.jobs, '--jobs');

  const start = positionals[0] ? resolve(io.cwd, positionals[0]) : io.cwd;
  const loaded = loadConfig(existsSync(start) ? start : io.cwd, values.config);
  let paths = positionals.length ? positionals : [relativeOrAbsolute(io.cwd, join(loaded.root, 'guidelines'))];
  let dirs: string[];
  if (values.staged) {
    dirs = stagedSets(positionals, io);
    paths = dirs;
  } else dirs = discoverSets(paths, io.cwd);

  const reports = (values.quality ?? []).map((q) => readReportFile(io, q, '--quality'));
  const quality = reports.map((r) => lintFigures(r.report));
  const base = values.base !== undefined ? resolveReviewBase(io.cwd, values.base) : undefined;
  const changed = new Map((base ? changedSets(base, paths.map((p) => resolve(io.cwd, p))) : []).map((c) => [c.dir, c.repoDir]));

  const useCache = values.cache && !values['no-cache'];
  const cacheDir = values['cache-location'] ? resolve(io.cwd, values['cache-location']) : defaultCacheDir(loaded.root);
  const cacheKey = hashBytes(`${buildFingerprint()}\n${loaded.text}\n${base?.commit ?? ''}\n${figuresKey(quality)}`);
  const cache = useCache ? new LintCache(cacheDir, cacheKey, loaded.config.maxFileBytes) : undefined;
  const taskOf = (dir: string): SetTask => {
    const baseRepoDir = changed.get(dir);
    return baseRepoDir === undefined ? { dir } : { dir, baseRepoDir };
  };

  // Each set is read once (a --fix pass reads the fixed text, which is new): the parser's caches would only cost memory.
  setParseCaching(false);
  const byDir = new Map<string, SetResult>();
  const misses: string[] = [];
  for (const dir of dirs) {
    const hit = cache?.get(dir);
    if (hit) byDir.set(dir, { dir, ...hit });
    else misses.push(dir);
  }
  for (const r of await lintSetsParallel(misses.map(taskOf), loaded.config, loaded.raw, { ...(jobs !== undefined ? { jobs } : {}), ...(base ? { base } : {}), quality })) {
    byDir.set(r.dir, r);
    cache?.set(r.dir, { dependencies: r.dependencies, findings: r.findings, files: r.files, ...(r.setId !== undefined ? { setId: r.setId } : {}) });
  }

  if (values.fix) {
    for (const dir of dirs) {
      const fixed = fixSet(byDir.get(dir) as SetResult, (r) => lintSetDir(taskOf(r), loaded.config, base, quality));
      if (fixed) {
        byDir.set(dir, fixed);
        cache?.set(dir, { dependencies: fixed.dependencies, findings: fixed.findings, files: fixed.files, ...(fixed.setId !== undefined ? { setId: fixed.setId } : {}) });
      }
    }
  }
  cache?.save();
  // A report of a set that is not linted here checks nothing: say so, it is usually a wrong path.
  const ids = new Set(dirs.map((d) => byDir.get(d)?.setId));
  if (!ids.has(undefined)) {
    for (const r of reports) if (!ids.has(r.report.set.id)) io.stderr(`rubric: --quality ${r.shown} is a report of set ${r.report.set.id}, which none of the linted sets is; it checks nothing\n`);
  }

  let findings: Finding[] = sortFindings(dirs.flatMap((d) => (byDir.get(d) as SetResult).findings));
  if (values.quiet) findings = findings.filter((f) => f.severity === 'error');
  const files = dirs.flatMap((d) => (byDir.get(d) as SetResult).files);
  const color = !values['output-file'] && io.color;
  const report = formatter({ findings, files, cwd: io.cwd, rules, toolVersion: CLI_VERSION, color });
  if (values['output-file']) writeFileSync(resolve(io.cwd, values['output-file']), report);
  else if (report) io.stdout(report.endsWith('\n') ? report : `${report}\n`);

  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  if (errors > 0) return 1;
  if (maxWarnings !== undefined && warnings > maxWarnings) {
    io.stderr(`rubric: ${warnings} warnings, more than --max-warnings ${maxWarnings}\n`);
    return 1;
  }
  return 0;
}

/** Applies safe fixes to a set until none is left (or MAX_FIX_PASSES); undefined when nothing was fixable. */
function fixSet(result: SetResult, relint: (dir: string) => SetResult): SetResult | undefined {
  let current = result;
  let changed = false;
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const edits = fixEditsByFile(current.findings);
    if (edits.size === 0) break;
    let applied = 0;
    for (const [file, fileEdits] of edits) {
      const raw = readFileSync(file, 'utf8');
      const bom = raw.charCodeAt(0) === 0xfeff ? '\ufeff' : '';
      const out = applyEdits(bom ? raw.slice(1) : raw, fileEdits);
      if (out.applied === 0) continue;
      // Write beside and rename, so an interrupted fix never leaves half a file.
      const tmp = `${file}.rubric-fix.tmp`;
      writeFileSync(tmp, bom + out.text);
      renameSync(tmp, file);
      applied += out.applied;
    }
    if (applied === 0) break;
    changed = true;
    current = relint(result.dir);
  }
  return changed ? current : undefined;
}

/** The set folders of `--staged`: those holding the given files, else the staged ones; a changed config touches every set under it. */
function stagedSets(files: readonly string[], io: Io): string[] {
  const root = repositoryRoot(io.cwd);
  const fromGit = files.length === 0;
  const touched = touchedSets(fromGit ? stagedFiles(root) : files, io.cwd, root);
  const dirs = new Set(touched.dirs);
  for (const configRoot of touched.configRoots) {
    try {
      for (const d of discoverSets([configRoot], io.cwd)) dirs.add(d);
    } catch (error) {
      // A config with no set under it configures nothing to lint.
      if (!(error instanceof UsageError)) throw error;
    }
  }
  const sorted = [...dirs].sort();
  if (fromGit) {
    for (const d of unstagedIn(root, sorted)) io.stderr(`rubric: ${relativeOrAbsolute(io.cwd, d)} also has unstaged changes; they are linted too (stash them, or use the pre-commit framework, to lint exactly what is committed)\n`);
  }
  return sorted;
}

function defaultCacheDir(root: string): string {
  return existsSync(join(root, 'node_modules')) ? join(root, 'node_modules', '.cache', 'rubric') : join(root, '.rubric-cache');
}

function relativeOrAbsolute(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel === '' ? '.' : rel;
}

function parseCount(text: string, flag: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`Unexpected value "${text}" for ${flag}, expected a whole number`);
  return Number(text);
}
