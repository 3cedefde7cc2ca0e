/** `rubric pack <set-dir>`: one bundle file of a guideline set (manifest with every file's sha256 and the git commit, plus the files). */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { changedFiles, createNodeHost, formatBytes, GitError, gitRoot, GUIDELINE_FILE, isRecord, packBundle, repoPath, resolveCommit, type Bundle } from '@rubric/core';
import { UsageError } from '../errors.js';
import { singleLine } from '../formatters/shared.js';
import type { Io } from '../io.js';
import { CommandFailure, displayPath, hashLabel, runRegistryCommand } from '../registry-client.js';

export const PACK_HELP = `Usage: rubric pack [options] <set-dir>

Packs a guideline set into one bundle file: a manifest (set id, version, the
sha256 of every file, the content hash, the git commit of the folder and
whether it has uncommitted changes) and the files. \`rubric publish\` sends the
same bundle. Packing never lints: the registry re-runs every check itself.

Options:
  -o, --output <file>      where to write the bundle (default: <id>-<version>.bundle.json;
                           - for stdout)
  -h, --help               show this help

Exit codes: 0 packed, 1 the set cannot be packed (missing or unreadable files),
2 usage error.`;

/** A packed set and what to warn about. */
export interface PackedSet {
  bundle: Bundle;
  /** The set folder, absolute. */
  dir: string;
  /** Frontmatter status (the registry publishes `approved` only). */
  status: string | undefined;
  /** Lines to print as warnings. */
  warnings: string[];
}

/** Packs the set in `dir` (absolute or relative to io.cwd); CommandFailure when it cannot be packed. */
export function packSet(dirArg: string, io: Pick<Io, 'cwd'>): PackedSet {
  const dir = resolve(io.cwd, dirArg);
  const shown = displayPath(io.cwd, dir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`No such set folder: ${singleLine(dirArg)}`);
  if (!existsSync(join(dir, GUIDELINE_FILE))) throw new UsageError(`${shown} is not a guideline set: it has no ${GUIDELINE_FILE}`);
  const { bundle, set } = packBundle(dir, createNodeHost(), gitState(dir));
  if (!bundle) {
    const problems = set.problems.map((p) => `  ${displayPath(io.cwd, p.file)}: ${singleLine(p.message)}`);
    throw new CommandFailure(`cannot pack ${shown}: ${set.guideline ? 'its schema could not be read' : `${GUIDELINE_FILE} could not be read`}${problems.length ? `\n${problems.join('\n')}` : ''}`);
  }
  const { manifest } = bundle;
  if (!manifest.setId) throw new CommandFailure(`cannot pack ${shown}: neither the frontmatter of ${GUIDELINE_FILE} nor schema.json has an id`);
  if (!manifest.version) throw new CommandFailure(`cannot pack ${shown}: neither the frontmatter of ${GUIDELINE_FILE} nor schema.json has a version`);
  const fm = set.guideline?.frontmatter?.data;
  const status = isRecord(fm) && typeof fm.status === 'string' ? fm.status : undefined;
  const warnings: string[] = [];
  if (status !== 'approved') warnings.push(`warning: ${shown}/${GUIDELINE_FILE} has status ${status === undefined ? '(none)' : singleLine(status)}; the registry publishes approved sets only`);
  if (manifest.git?.dirty) warnings.push(`warning: ${shown} has uncommitted changes; the bundle records commit ${manifest.git.commit.slice(0, 12)} as dirty`);
  return { bundle, dir, status, warnings };
}

/** The commit of HEAD and whether the set folder differs from it; undefined outside a repository (or before the first commit). */
function gitState(dir: string): { commit: string; dirty: boolean } | undefined {
  try {
    const root = gitRoot(dir);
    const commit = resolveCommit(root, 'HEAD');
    const dirty = changedFiles(root, commit, [repoPath(root, dir) || '.']).length > 0;
    return { commit, dirty };
  } catch (error) {
    if (error instanceof GitError) return undefined;
    throw error;
  }
}

/** One line describing a bundle: id, version, content hash, size, commit. */
export function bundleSummary(bundle: Bundle): string {
  const { manifest } = bundle;
  const bytes = manifest.files.reduce((n, f) => n + f.bytes, 0);
  const git = manifest.git ? `, git ${manifest.git.commit.slice(0, 12)}${manifest.git.dirty ? ' dirty' : ''}` : '';
  return `${manifest.setId} ${manifest.version} (${hashLabel(manifest.contentHash)}, ${manifest.files.length} files, ${formatBytes(bytes)}${git})`;
}

/** Runs `rubric pack`; returns the exit code. */
export async function packCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      output: { type: 'string', short: 'o' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout(`${PACK_HELP}\n`);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`Expected exactly one set folder, e.g. \`rubric pack guidelines/hate-speech\`\n\n${PACK_HELP}`);
  return runRegistryCommand(io, async () => {
    const packed = packSet(positionals[0] as string, io);
    const text = `${JSON.stringify(packed.bundle, null, 2)}\n`;
    const toStdout = values.output === '-';
    const say = toStdout ? io.stderr : io.stdout;
    for (const w of packed.warnings) io.stderr(`${w}\n`);
    if (toStdout) io.stdout(text);
    else {
      const { setId, version } = packed.bundle.manifest;
      const file = resolve(io.cwd, values.output ?? `${setId}-${version}.bundle.json`);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
      say(`packed ${bundleSummary(packed.bundle)} -> ${displayPath(io.cwd, file)}\n`);
    }
    return 0;
  });
}
