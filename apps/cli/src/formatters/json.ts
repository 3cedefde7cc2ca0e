/**
 * The JSON format: one stable document for scripts and dashboards.
 *
 * ```json
 * {
 *   "version": 1,
 *   "tool": { "name": "rubric", "version": "0.1.0" },
 *   "files": [
 *     {
 *       "path": "guidelines/hate/guideline.md",
 *       "findings": [
 *         {
 *           "ruleId": "label-reference-known",
 *           "messageId": "unknown",
 *           "severity": "error",
 *           "message": "Unexpected label `abuse.inslt`. Did you mean `abuse.insult`?",
 *           "range": {
 *             "start": { "line": 20, "column": 41, "offset": 812 },
 *             "end": { "line": 20, "column": 54, "offset": 825 }
 *           },
 *           "docsUrl": "https://…/docs/rules/label-reference-known.md",
 *           "related": [
 *             { "path": "guidelines/hate/schema.json", "range": { … }, "message": "label defined here" }
 *           ],
 *           "fix": {
 *             "description": "Replace with `abuse.insult`",
 *             "edits": [ { "path": "guidelines/hate/guideline.md", "range": { … }, "text": "`abuse.insult`" } ]
 *           },
 *           "suggestions": []
 *         }
 *       ]
 *     },
 *     { "path": "guidelines/hate/schema.json", "findings": [] }
 *   ],
 *   "summary": { "errors": 1, "warnings": 0, "infos": 0, "fixable": 1 }
 * }
 * ```
 *
 * Rules of the document (version 1; a breaking change bumps `version`):
 * - Every key is always present: `fix` is `null` without a safe fix,
 *   `related` and `suggestions` are `[]` when empty.
 * - Paths are relative to the working folder, with `/` separators (files
 *   outside it start with `../`).
 * - `files` lists every linted file, clean ones included, plus any other file
 *   a finding is about, sorted by path; findings keep the engine's order
 *   (position, then rule id).
 * - Positions: 1-based `line` and `column` (UTF-16 code units), 0-based
 *   `offset`; `end` is exclusive.
 * - `summary` counts the findings in the document; `fixable` counts findings
 *   that have a safe fix (applied by `--fix`).
 */
import type { Finding, Fix, Range } from '@rubric/core';
import type { Formatter } from './types.js';
import { compareStrings, countFindings, groupByFile, relativePath, TOOL_NAME, type Counts } from './shared.js';

/** A span of a file: positions with 1-based line/column and 0-based offset; `end` exclusive. */
export interface JsonRange {
  start: { line: number; column: number; offset: number };
  end: { line: number; column: number; offset: number };
}

/** One replacement in a file. */
export interface JsonEdit {
  path: string;
  range: JsonRange;
  text: string;
}

/** A fix: a description and the edits that together make it. */
export interface JsonFix {
  description: string;
  edits: JsonEdit[];
}

/** Another place that explains a finding. */
export interface JsonRelated {
  path: string;
  range: JsonRange;
  message: string;
}

/** One finding. */
export interface JsonFinding {
  ruleId: string;
  messageId: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  range: JsonRange;
  docsUrl: string;
  related: JsonRelated[];
  /** The safe fix that `--fix` applies; null when there is none. */
  fix: JsonFix | null;
  /** Fixes a person may pick; never applied automatically. */
  suggestions: JsonFix[];
}

/** One linted file and its findings. */
export interface JsonFile {
  path: string;
  findings: JsonFinding[];
}

/** The whole document printed by `rubric lint --format json`. */
export interface JsonReport {
  version: 1;
  tool: { name: string; version: string };
  files: JsonFile[];
  summary: Counts;
}

function range(r: Range): JsonRange {
  return {
    start: { line: r.start.line, column: r.start.column, offset: r.start.offset },
    end: { line: r.end.line, column: r.end.column, offset: r.end.offset },
  };
}

/** Builds the JSON report document (exported for tests and API users). */
export function jsonReport(input: Parameters<Formatter>[0]): JsonReport {
  const rel = (file: string): string => relativePath(input.cwd, file);
  const fix = (f: Fix): JsonFix => ({
    description: f.description,
    edits: f.edits.map((e) => ({ path: rel(e.file), range: range(e.range), text: e.text })),
  });
  const finding = (f: Finding): JsonFinding => ({
    ruleId: f.ruleId,
    messageId: f.messageId,
    severity: f.severity,
    message: f.message,
    range: range(f.range),
    docsUrl: f.docsUrl,
    related: (f.related ?? []).map((r) => ({ path: rel(r.file), range: range(r.range), message: r.message })),
    fix: f.fix ? fix(f.fix) : null,
    suggestions: (f.suggestions ?? []).map(fix),
  });

  const byFile = groupByFile(input.findings);
  const paths = new Map<string, string>();
  for (const file of [...input.files, ...byFile.keys()]) if (!paths.has(file)) paths.set(file, rel(file));
  const files = [...paths]
    .sort((a, b) => compareStrings(a[1], b[1]) || compareStrings(a[0], b[0]))
    .map(([file, path]) => ({ path, findings: (byFile.get(file) ?? []).map(finding) }));

  return {
    version: 1,
    tool: { name: TOOL_NAME, version: input.toolVersion },
    files,
    summary: countFindings(input.findings),
  };
}

export const json: Formatter = (input) => `${JSON.stringify(jsonReport(input), null, 2)}\n`;
