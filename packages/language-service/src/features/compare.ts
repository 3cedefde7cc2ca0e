/**
 * "Compare with base": the semantic diff of the set being edited (its open,
 * unsaved texts) against the set as it was at a git base, by default the merge
 * base with the default branch, as the pull request will compare it. From that
 * one diff come the compare panel's summary, the code lens on the frontmatter
 * `version` line ("changed since main: major (label removed) · declared
 * minor"), its quick fix (the version set to the required bump in both files
 * and a changelog entry skeleton), and the status bar's required bump.
 *
 * The base set is loaded once per (repository, commit, folder): typing only
 * re-diffs the head, which the set index has already parsed for diagnostics.
 */
import { posix } from 'node:path';
import { compareBump, GitError, loadSet, parseVersion, setDiffOf, type Bump, type BumpLevel, type Change, type GuidelineSet, type SetDiff } from '@rubric/core';
import { CodeActionKind, type CodeAction, type CodeLens, type Range, type TextEdit } from 'vscode-languageserver-types';
import { rangesTouch, toLspRange } from '../convert.js';
import type { GitReader, ResolvedBase } from '../git.js';
import type { SetState } from '../sets.js';
import { LanguageServiceError } from './navigation.js';

/** Command the version-line code lens runs (the client opens the compare panel). */
export const COMPARE_COMMAND = 'rubric.compare.open';

/** One set compared with its base. */
export interface Comparison {
  base: ResolvedBase;
  diff: SetDiff;
  /** The set at the base, or null when it did not exist there (an added set). */
  baseSet: GuidelineSet | null;
}

/** Loads base sets once per (root, commit, folder). */
export class BaseSets {
  private readonly sets = new Map<string, GuidelineSet | null>();
  constructor(private readonly git: GitReader) {}

  /** Compares a set with the merge base of HEAD and `ref` ('' = the default branch); throws LanguageServiceError for people. */
  compare(state: SetState, ref: string): Comparison {
    const root = this.git.root(state.dir);
    if (root === undefined) throw new LanguageServiceError(`${state.dir} is not in a git repository: there is no base to compare with`);
    let base: ResolvedBase;
    try {
      base = this.git.base(root, ref);
    } catch (error) {
      if (error instanceof GitError) throw new LanguageServiceError(error.message);
      throw error;
    }
    const repoDir = posix.relative(root, state.dir) || '.';
    const key = `${root}\0${base.commit}\0${repoDir}`;
    let baseSet = this.sets.get(key);
    if (baseSet === undefined) {
      const host = this.git.hostAt(root, base.commit, state.config.config.maxFileBytes);
      const guideline = repoDir === '.' ? 'guideline.md' : `${repoDir}/guideline.md`;
      baseSet = host.stat(guideline) === 'file' ? loadSet(repoDir, host) : null;
      if (this.sets.size > 64) this.sets.clear();
      this.sets.set(key, baseSet);
    }
    return { base, baseSet, diff: setDiffOf(baseSet, state.set) };
  }
}

/** `label-removed` -> "label removed". */
export function kindWords(kind: string): string {
  return kind.replace(/-/g, ' ');
}

/** The changes that set the required bump (acknowledged breaking changes count as minor). */
export function requiringChanges(diff: SetDiff): Change[] {
  return diff.changes.filter((c) => (c.acknowledged !== undefined ? 'minor' : c.level) === diff.required);
}

/** Whether the declared bump is smaller than the required one (or not a forward semver move at all). */
export function bumpTooSmall(diff: SetDiff): boolean {
  if (diff.state !== 'changed') return false;
  if (diff.declared === 'backwards' || diff.declared === 'invalid') return true;
  return compareBump(diff.declared, diff.required) < 0;
}

/** The lens title: "changed since main: major (label removed) · declared minor". */
export function versionLensTitle(c: Comparison): string {
  const { diff, base } = c;
  if (diff.state === 'added') return `new since ${base.label}: no version to compare with`;
  if (diff.state === 'unchanged') return `unchanged since ${base.label}`;
  const kinds = [...new Set(requiringChanges(diff).map((ch) => kindWords(ch.kind)))];
  const why = kinds.length ? ` (${kinds.slice(0, 2).join(', ')}${kinds.length > 2 ? `, +${kinds.length - 2} more` : ''})` : '';
  const mark = bumpTooSmall(diff) ? '' : ' ✓';
  return `changed since ${base.label}: ${diff.required}${why} · declared ${diff.declared}${mark}`;
}

/** The version `base` moves to for a bump of `level` (semver; in 0.x a minor move counts as major, so 0.3.1 -> 0.4.0 covers it). */
export function bumpedVersion(baseVersion: string, level: BumpLevel): string | undefined {
  const v = parseVersion(baseVersion);
  if (!v) return undefined;
  const [major, minor, patch] = v;
  if (level === 'major') return major === 0 ? `0.${minor + 1}.0` : `${major + 1}.0.0`;
  if (level === 'minor') return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

/** The code lens on the frontmatter `version` line of guideline.md; none elsewhere or when the version is not there. */
export function versionLens(state: SetState, uri: string, c: Comparison): CodeLens[] {
  const doc = state.set.guideline;
  const range = doc?.frontmatter?.rangeOf(['version']);
  if (!doc || !range || state.uriOf(doc.file) !== uri) return [];
  return [{ range: toLspRange(range), command: { title: versionLensTitle(c), command: COMPARE_COMMAND, arguments: [state.guidelineUri] } }];
}

/** Today as YYYY-MM-DD (the changelog's date), injectable for tests. */
export type Today = () => string;
const isoToday: Today = () => new Date().toISOString().slice(0, 10);

/** The quick fix on the version line when the declared bump is too small: both versions set to the required bump, and a changelog entry listing why. */
export function bumpQuickFix(state: SetState, uri: string, range: Range, c: Comparison, today: Today = isoToday): CodeAction[] {
  const doc = state.set.guideline;
  const versionRange = doc?.frontmatter?.rangeOf(['version']);
  if (!doc || !versionRange || state.uriOf(doc.file) !== uri) return [];
  // Anywhere on the `version:` line (where the lens is), not only on the value.
  const line = toLspRange(doc.lines.lineRange(versionRange.start.line));
  if (!rangesTouch(line, range)) return [];
  const { diff } = c;
  if (!bumpTooSmall(diff) || diff.required === 'none' || !diff.base?.version) return [];
  const next = bumpedVersion(diff.base.version, diff.required as BumpLevel);
  if (!next) return [];
  const edits: Record<string, TextEdit[]> = {};
  const guidelineEdits: TextEdit[] = [{ range: toLspRange(versionRange), newText: next }];

  // The changelog skeleton: newest first, one line per change that required the bump (reasons are the diff's own words).
  const reasons = requiringChanges(diff).slice(0, 12).map((ch) => `- ${ch.reason}`);
  if (reasons.length === 0) reasons.push('- Describe the change for labelers.');
  const hasEntry = doc.changelog?.entries.some((e) => e.version === next);
  if (!hasEntry) {
    const entry = `### ${next} - ${today()}\n\n${reasons.join('\n')}\n\n`;
    const changelog = doc.changelog;
    if (changelog) {
      const first = changelog.entries[0];
      const at = first ? first.heading.range.start : changelog.heading.range.end;
      const pos = toLspRange({ start: at, end: at }).start;
      guidelineEdits.push({ range: { start: pos, end: pos }, newText: first ? entry : `\n\n${entry.trimEnd()}` });
    } else {
      const end = toLspRange(doc.lines.range(doc.text.length, doc.text.length)).end;
      guidelineEdits.push({ range: { start: end, end }, newText: `${doc.text.endsWith('\n') ? '' : '\n'}\n## Changelog\n\n${entry}` });
    }
  }
  edits[uri] = guidelineEdits;
  const schemaVersion = state.set.schema?.rangeOf('/version');
  if (state.set.schema && schemaVersion) edits[state.uriOf(state.set.schema.file)] = [{ range: toLspRange(schemaVersion), newText: JSON.stringify(next) }];
  return [
    {
      title: `Set the version to ${next} (${diff.required} bump required since ${c.base.label}) and add its changelog entry`,
      kind: CodeActionKind.QuickFix,
      isPreferred: true,
      edit: { changes: edits },
    },
  ];
}

/** What the status bar shows about the bump: the required level when it exceeds the declared one, else undefined. */
export function bumpStatus(c: Comparison): { required: Bump; declared: string; base: string } | undefined {
  return bumpTooSmall(c.diff) ? { required: c.diff.required, declared: c.diff.declared, base: c.base.label } : undefined;
}
