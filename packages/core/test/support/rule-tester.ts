/**
 * RuleTester: runs one rule over in-memory sets built from the docs base set
 * plus the files a case overrides, and compares findings with full ranges.
 */
import { readFileSync } from 'node:fs';
import { expect, it, describe } from 'vitest';
import {
  createMemoryHost,
  lintSet,
  loadSet,
  resolveConfig,
  applyEdits,
  type Finding,
  type QualityFigures,
  type Rule,
  type Range,
} from '../../src/index.js';

const BASE = new URL('../../../../docs/rules/base-set/', import.meta.url);

/** The base set's files, by name. */
export const baseFiles: Record<string, string> = {
  'guideline.md': readFileSync(new URL('guideline.md', BASE), 'utf8'),
  'schema.json': readFileSync(new URL('schema.json', BASE), 'utf8'),
};

/** Folder the in-memory sets live in. */
export const SET_DIR = '/set';

/** Folder of the review base's copy of the set, for rules that compare versions. */
export const BASE_DIR = '/base';

/**
 * Lints files (base set files unless overridden) with only `rule` enabled.
 * Files named `base/<name>` form the set at the review base (the base set's
 * files fill in the rest), as `rubric lint --base` gives it. A file
 * `quality.json` is the set's quality report, given to the rules as
 * `rubric lint --quality quality.json` gives it.
 */
export function runRule(rule: Rule<unknown>, files: Record<string, string>, options?: Record<string, unknown>, extraFiles: Record<string, string> = {}): Finding[] {
  const all: Record<string, string> = {};
  const own = Object.entries(files).filter(([n]) => !n.startsWith('base/'));
  const atBase = Object.entries(files).filter(([n]) => n.startsWith('base/'));
  for (const [name, text] of Object.entries({ ...baseFiles, ...Object.fromEntries(own) })) all[`${SET_DIR}/${name}`] = text;
  if (atBase.length) {
    for (const [name, text] of Object.entries({ ...baseFiles, ...Object.fromEntries(atBase.map(([n, t]) => [n.slice(5), t])) })) all[`${BASE_DIR}/${name}`] = text;
  }
  for (const [name, text] of Object.entries(extraFiles)) all[name.startsWith('/') ? name : `${SET_DIR}/${name}`] = text;
  const host = createMemoryHost(all);
  // The rule's own default level, so docs and tests show what users see; rules off by default run as errors.
  const level = rule.meta.defaultLevel === 'off' ? 'error' : rule.meta.defaultLevel === 'warning' ? 'warn' : rule.meta.defaultLevel;
  const { config, problems } = resolveConfig({ rules: { [rule.meta.id]: options ? [level, options] : level } }, [rule]);
  if (problems.length) throw new Error(`bad options for ${rule.meta.id}: ${problems.map((p) => p.message).join('; ')}`);
  const base = atBase.length ? loadSet(BASE_DIR, host) : undefined;
  const quality = files['quality.json'] === undefined ? undefined : (JSON.parse(files['quality.json']) as QualityFigures);
  return lintSet(loadSet(SET_DIR, host), [rule], config, host, base, quality ? { quality } : {});
}

/** "l:c-l:c" of a range. */
export function rangeText(r: Range): string {
  return `${r.start.line}:${r.start.column}-${r.end.line}:${r.end.column}`;
}

/** Path of a finding's file relative to the set folder. */
export function relFile(file: string): string {
  return file.startsWith(`${SET_DIR}/`) ? file.slice(SET_DIR.length + 1) : file;
}

/** The result of applying every safe fix once, per file (relative names). */
export function fixedFiles(findings: Finding[], files: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = { ...baseFiles, ...files };
  for (const name of Object.keys(out)) {
    const edits = findings.flatMap((f) => f.fix?.edits ?? []).filter((e) => relFile(e.file) === name);
    if (edits.length) out[name] = applyEdits(out[name] as string, edits).text;
  }
  return out;
}

/** One expected finding. */
export interface ExpectedFinding {
  messageId: string;
  /** "line:column-line:column" */
  range: string;
  /** Defaults to guideline.md. */
  file?: string;
  data?: Record<string, string | number>;
  /** Exact message, when the case wants to pin it. */
  message?: string;
}

/** A case: files that override the base set, and options for the rule. */
export interface Case {
  name: string;
  files: Record<string, string>;
  options?: Record<string, unknown>;
  /** Files outside the set (links), by path relative to the set folder or absolute. */
  extraFiles?: Record<string, string>;
}

/** Invalid case: what the rule reports and, optionally, the files after --fix. */
export interface InvalidCase extends Case {
  errors: ExpectedFinding[];
  output?: Record<string, string>;
}

/** Runs valid and invalid cases for a rule as vitest tests. */
export function ruleTester(rule: Rule<unknown>, cases: { valid: Case[]; invalid: InvalidCase[] }): void {
  describe(rule.meta.id, () => {
    for (const c of cases.valid) {
      it(`valid: ${c.name}`, () => {
        const findings = runRule(rule, c.files, c.options, c.extraFiles);
        expect(findings.map((f) => `${relFile(f.file)}:${rangeText(f.range)} ${f.message}`)).toEqual([]);
      });
    }
    for (const c of cases.invalid) {
      it(`invalid: ${c.name}`, () => {
        const findings = runRule(rule, c.files, c.options, c.extraFiles);
        // Compare data and message only where the expected finding pins them.
        const actual = findings.map((f, i) => ({
          messageId: f.messageId,
          range: rangeText(f.range),
          file: relFile(f.file),
          ...(c.errors[i]?.data ? { data: f.data } : {}),
          ...(c.errors[i]?.message ? { message: f.message } : {}),
        }));
        const expected = c.errors.map((e) => ({
          messageId: e.messageId,
          range: e.range,
          file: e.file ?? 'guideline.md',
          ...(e.data ? { data: e.data } : {}),
          ...(e.message ? { message: e.message } : {}),
        }));
        expect(actual).toEqual(expected);
        for (const f of findings) expect(rule.meta.messages[f.messageId], `message id ${f.messageId} is declared`).toBeTypeOf('string');
        if (c.output) {
          const fixed = fixedFiles(findings, c.files);
          for (const [name, text] of Object.entries(c.output)) expect(fixed[name]).toBe(text);
        }
      });
    }
  });
}
