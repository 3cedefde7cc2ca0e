/** `rubric diff`: semantic diff of guideline sets against a git ref or between two folders, with the version bump each requires. */
import { appendFileSync, existsSync, statSync, writeFileSync } from 'node:fs';
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
import { baseFiguresOf } from '../diff-report/base-figures.js';
import { readReportFile } from '../quality-files.js';
import { CLI_VERSION } from '../version.js';
import { GitHubClient, GitHubError } from '../github/client.js';
import { pullRequestContext } from '../github/context.js';
import { upsertStickyComment } from '../github/sticky-comment.js';

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
      --comment            also post the Markdown report as the pull request's one
                           sticky review comment (GitHub Actions: GITHUB_TOKEN,
                           GITHUB_REPOSITORY, GITHUB_EVENT_PATH, GITHUB_API_URL), and
                           append it to the job summary (GITHUB_STEP_SUMMARY)
      --pr <number>        the pull request to comment on (default: from the event file)
      --comment-empty <m>  when no set changes any more: update (default) the comment
                           to "no semantic changes", or delete it
      --quality <report>   a quality report of a base version (rubric quality --format
                           json), repeatable: the labels whose definition changed show
                           their figures there (agreement, gold, confusions)
  -h, --help               show this help

Exit codes: 0 every declared bump is large enough, 1 a bump is too small, an
acknowledgement is missing or a status change is illegal, 2 usage or git error
(unknown ref, shallow clone without the base), or the comment could not be
posted (the message says why: token, permissions, rate limit).`;

const FORMATS: Record<string, ReviewFormatter> = { markdown, json, github };

/** Runs `rubric diff`; returns the exit code. */
export async function diffCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      base: { type: 'string' },
      format: { type: 'string', short: 'f', default: 'markdown' },
      'output-file': { type: 'string', short: 'o' },
      comment: { type: 'boolean', default: false },
      pr: { type: 'string' },
      'comment-empty': { type: 'string', default: 'update' },
      quality: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout(`${DIFF_HELP}\n`);
    return 0;
  }
  const format = FORMATS[values.format];
  if (!format || !Object.hasOwn(FORMATS, values.format)) throw new UsageError(`Unexpected format "${values.format}", expected markdown, json or github`);
  if (values['comment-empty'] !== 'update' && values['comment-empty'] !== 'delete') throw new UsageError(`Unexpected --comment-empty "${values['comment-empty']}", expected update or delete`);
  if (values.pr !== undefined && !/^[1-9]\d{0,9}$/.test(values.pr)) throw new UsageError(`Unexpected --pr "${values.pr}", expected a pull request number`);
  // Read before any work, so a missing token or event file fails fast.
  const pr = values.comment ? pullRequestContext(process.env, values.pr === undefined ? undefined : Number(values.pr)) : undefined;
  const reports = (values.quality ?? []).map((q) => readReportFile(io, q, '--quality'));

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
  if (reports.length) {
    sets = sets.map((s) => {
      const quality = baseFiguresOf(s.diff, reports);
      return quality ? { ...s, quality } : s;
    });
  }
  const input = {
    baseLabel,
    sets,
    cwd: io.cwd,
    displayPath: (file: string, side: 'base' | 'head') => relativePath(io.cwd, side === 'base' ? resolve(baseRoot, file) : file),
    toolVersion: CLI_VERSION,
  };
  const report = format(input);
  if (values['output-file']) writeFileSync(resolve(io.cwd, values['output-file']), report);
  else if (report) io.stdout(report);
  const code = sets.every((s) => s.diff.ok) ? 0 : 1;
  if (!pr) return code;

  const semantic = sets.some((s) => s.diff.state !== 'unchanged' || s.diff.problems.length > 0);
  const review = markdown(input);
  const summary = process.env.GITHUB_STEP_SUMMARY;
  if (summary) appendFileSync(summary, `${review}\n`);
  const where = `${pr.owner}/${pr.repo}#${pr.number}`;
  if (pr.fork) {
    io.stderr(`rubric: ${where} comes from the fork ${pr.fork}, and GitHub gives a fork's workflow a read-only token: the review is not posted as a comment${summary ? ' (it is in the job summary)' : ''}.\n`);
    return code;
  }
  try {
    const client = new GitHubClient({ apiUrl: pr.apiUrl, token: pr.token, log: (m) => io.stderr(`rubric: ${m}\n`) });
    const result = await upsertStickyComment(client, {
      owner: pr.owner,
      repo: pr.repo,
      number: pr.number,
      body: semantic ? review : null,
      ...(values['comment-empty'] === 'update' ? { emptyBody: noSemanticChanges(baseLabel) } : {}),
    });
    const said = { created: 'posted', updated: 'updated', unchanged: 'already up to date', deleted: 'deleted (no set changes any more)', none: 'not posted (no set changes)' }[result.action];
    io.stderr(`rubric: review comment on ${where} ${said}${result.url ? `: ${result.url}` : ''}${result.duplicatesDeleted ? ` (${result.duplicatesDeleted} duplicate${result.duplicatesDeleted === 1 ? '' : 's'} removed)` : ''}\n`);
    return code;
  } catch (error) {
    if (!(error instanceof GitHubError)) throw error;
    io.stderr(`rubric: the review comment on ${where} was not posted: ${error.message}\n`);
    return 2;
  }
}

/** The comment body once a pull request changes no guideline set any more. */
function noSemanticChanges(baseLabel: string): string {
  return `## Rubric review\n\nNo semantic changes: this pull request no longer changes a guideline set (compared with ${baseLabel}).\n`;
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
