/**
 * Loads a guideline set: guideline.md, then the schema its frontmatter names
 * (default `schema.json` beside it). Unreadable files become LoadProblems,
 * never exceptions.
 */
import { posix } from 'node:path';
import type { GuidelineSet, LoadProblem } from './model.js';
import type { Host } from './host.js';
import { parseGuideline } from './parse/guideline.js';
import { parseSchema } from './parse/schema.js';
import { isRecord } from './util.js';

/** File name of a set's guideline. */
export const GUIDELINE_FILE = 'guideline.md';
/** Default file name of a set's schema. */
export const SCHEMA_FILE = 'schema.json';

/** Joins paths with forward slashes whatever the platform, so findings print the same everywhere. */
export function joinPath(dir: string, file: string): string {
  return posix.normalize(posix.join(dir.replace(/\\/g, '/'), file.replace(/\\/g, '/')));
}

/** Loads the set in `dir` through `host`. */
export function loadSet(dir: string, host: Host): GuidelineSet {
  const guidelinePath = joinPath(dir, GUIDELINE_FILE);
  const problems: LoadProblem[] = [];
  const set: GuidelineSet = { dir, guidelinePath, schemaPath: joinPath(dir, SCHEMA_FILE), problems };
  const g = host.readText(guidelinePath);
  if (g.ok) set.guideline = parseGuideline(guidelinePath, g.text);
  else problems.push({ file: guidelinePath, kind: g.kind, message: g.message });

  // The frontmatter may name another schema file; it must stay inside the set's folder.
  const fm = set.guideline?.frontmatter;
  const declared = isRecord(fm?.data) ? fm.data.schema : undefined;
  if (typeof declared === 'string' && declared.trim() !== '') {
    const resolved = joinPath(dir, declared.trim());
    const inside = !posix.isAbsolute(declared.trim()) && !posix.relative(joinPath(dir, '.'), resolved).startsWith('..');
    if (inside) set.schemaPath = resolved;
  }
  const s = host.readText(set.schemaPath);
  if (s.ok) set.schema = parseSchema(set.schemaPath, s.text);
  else {
    const range = fm?.rangeOf(['schema']);
    problems.push({
      file: set.schemaPath,
      kind: s.kind,
      message: s.message,
      ...(range && set.guideline ? { cause: { file: guidelinePath, range } } : {}),
    });
  }
  return set;
}

/** The id and version a set declares: its frontmatter's, else its schema's (either may be missing). */
export function setIdentity(set: GuidelineSet): { id?: string; version?: string } {
  const data = set.guideline?.frontmatter?.data;
  const fm = isRecord(data) ? data : {};
  const id = typeof fm.id === 'string' ? fm.id : set.schema?.id;
  const version = typeof fm.version === 'string' ? fm.version : set.schema?.version;
  return { ...(id !== undefined ? { id } : {}), ...(version !== undefined ? { version } : {}) };
}
