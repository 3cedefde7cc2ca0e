/** `rubric diff`: semantic diff of guideline sets against a git ref or between two folders, with the version bump each requires. */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createNodeHost, diffSets, GUIDELINE_FILE, loadSet, type GuidelineSet } from '@rubric/core';
import { loadConfig } from '../config-file.js';
import { discoverSets } from '../discover.js';
import { UsageError } from '../errors.js';
import { relativePath } from '../formatters/shared.js';
import type { Io } from '../io.js';
import { BaseLoader, changedSets, resolveReviewBase } from '../review-base.js';
import { github } from '../diff-report/github.js';
import { json } from '../diff-report/json.js';
import { markdown } from '../diff-report/markdown.js';
import type { ReviewedSet, ReviewFormatter } from '../diff-report/types.js';
import { CLI_VERSION } from '../version.js';

export const DIFF_HELP = `Usage: rubric diff --base <git-ref> [options] [paths...]
       rubric diff [options] <old-dir> <new-dir>

Shows what changed in guideline sets for labelers and for the data (labels
added, removed, renamed, moved; questions; definitions; examples), classifies
each change major / minor / patch, and checks that the declared version bump
covers the required one. With --base, only sets with a file changed since the
ref are read; the ref is read with git, no checkout needed. Works from any
folder of the repository; paths default to guidelines/.

Options:
      --base <ref>         compare the working tree with this branch, tag or commit
  -f, --format <name>      markdown (default, for a pull-request comment), json or github
  -o, --output-file <file> write the report to a file instead of stdout
  -h, --help               show this help

Exit codes: 0 every declared bump is large enough, 1 a bump is too small, an
acknowledgement is missing or a status change is illegal, 2 usage or git error
(unknown ref, shallow clone without the base).`;

const FORMATS: Record<string, ReviewFormatter> = { markdown, json, github };

/** Runs `rubric diff`; returns the exit code. */
export function diffCommand(argv: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      base: { type: 'string' },
      format: { type: 'string', short: 'f', default: 'markdown' },
      'output-file': { type: 'string', short: 'o' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout(`${DIFF_HELP}\n`);
    return 0;
  }
  const format = FORMATS[values.format];
  if (!format || !Object.hasOwn(FORMATS, values.format)) throw new UsageError(`Unexpected format "${values.format}", expected markdown, json or github`);

  let sets: ReviewedSet[];
  let baseLabel: string;
  let baseRoot: string;
  if (values.base !== undefined) {
    const base = resolveReviewBase(io.cwd, values.base);
    baseRoot = base.root;
    baseLabel = `\`${values.base}\` (${base.commit.slice(0, 12)})`;
    const loaded = loadConfig(io.cwd);
    const paths = positionals.length ? positionals.map((p) => resolve(io.cwd, p)) : [join(loaded.root, 'guidelines')];
    const loader = new BaseLoader(base, loaded.config.maxFileBytes);
    const host = createNodeHost(loaded.config.maxFileBytes);
    const changed = changedSets(base, paths);
    loader.prefetch(changed.filter((c) => c.atBase).map((c) => c.repoDir));
    sets = changed.map((c) => ({
      path: relativePath(io.cwd, c.dir),
      diff: diffSets(c.atBase ? (loader.load(c.repoDir) ?? undefined) : undefined, c.atHead ? loadSet(c.dir, host) : undefined),
    }));
  } else {
    if (positionals.length !== 2) throw new UsageError(`Expected --base <git-ref>, or two folders to compare\n\n${DIFF_HELP}`);
    const [oldDir, newDir] = positionals.map((p) => resolve(io.cwd, p)) as [string, string];
    for (const d of [oldDir, newDir]) if (!existsSync(d) || !statSync(d).isDirectory()) throw new UsageError(`No such folder: ${relativePath(io.cwd, d)}`);
    baseRoot = io.cwd;
    baseLabel = `\`${relativePath(io.cwd, oldDir)}\``;
    sets = diffFolders(oldDir, newDir, io.cwd);
  }
  const report = format({
    baseLabel,
    sets,
    cwd: io.cwd,
    displayPath: (file, side) => relativePath(io.cwd, side === 'base' ? resolve(baseRoot, file) : file),
    toolVersion: CLI_VERSION,
  });
  if (values['output-file']) writeFileSync(resolve(io.cwd, values['output-file']), report);
  else if (report) io.stdout(report);
  return sets.every((s) => s.diff.ok) ? 0 : 1;
}

/** Pairs the sets of two folders by their path inside them (or the two folders themselves when both are sets). */
function diffFolders(oldDir: string, newDir: string, cwd: string): ReviewedSet[] {
  const host = createNodeHost();
  const isSet = (d: string): boolean => existsSync(join(d, GUIDELINE_FILE));
  if (isSet(oldDir) && isSet(newDir)) return [{ path: relativePath(cwd, newDir), diff: diffSets(loadSet(oldDir, host), loadSet(newDir, host)) }];
  const find = (root: string): Map<string, string> => {
    let dirs: string[] = [];
    try {
      dirs = discoverSets(['.'], root);
    } catch {
      dirs = [];
    }
    return new Map(dirs.map((d) => [relative(root, d), d]));
  };
  const before = find(oldDir);
  const after = find(newDir);
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
  const load = (d: string | undefined): GuidelineSet | undefined => (d ? loadSet(d, host) : undefined);
  return keys
    .map((k) => ({ path: relativePath(cwd, after.get(k) ?? (before.get(k) as string)), diff: diffSets(load(before.get(k)), load(after.get(k))) }))
    .filter((s) => s.diff.state !== 'unchanged');
}
