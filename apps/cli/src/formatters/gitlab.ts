/**
 * GitLab Code Quality: the CodeClimate-subset JSON array that a merge request
 * shows in its Code Quality widget and diff (`artifacts: reports: codequality:`).
 * Each finding becomes one issue with exactly the fields GitLab documents:
 * `description`, `check_name`, `fingerprint`, `severity`, `location.path`,
 * `location.lines.begin`.
 *
 * The fingerprint is how GitLab tells a new issue from one already on the
 * target branch, so it leaves out the line: editing above a finding must not
 * make it "new". It hashes the rule, the path and the message, plus the
 * finding's ordinal among identical ones so that every fingerprint in a report
 * is unique. Paths are relative to the working folder, which in a GitLab job
 * is the repository root.
 */
import { createHash } from 'node:crypto';
import type { Severity } from '@rubric/core';
import type { Formatter } from './types.js';
import { relativePath } from './shared.js';

/** GitLab's severities, lowest first: info, minor, major, critical, blocker. */
export type GitlabSeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

/** One Code Quality issue. */
export interface GitlabIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: GitlabSeverity;
  location: { path: string; lines: { begin: number } };
}

// An error blocks the merge in rubric's eyes but is not a security hole: major ranks it above warnings without crying wolf.
const SEVERITY: Record<Severity, GitlabSeverity> = { error: 'major', warning: 'minor', info: 'info' };

/** Fingerprint of a finding: stable across line moves, unique within a report through `ordinal`. */
export function gitlabFingerprint(ruleId: string, path: string, message: string, ordinal: number): string {
  return createHash('sha256').update(`${ruleId}\0${path}\0${message}\0${ordinal}`).digest('hex').slice(0, 32);
}

export const gitlab: Formatter = (input) => {
  const seen = new Map<string, number>();
  const issues: GitlabIssue[] = input.findings.map((f) => {
    const path = relativePath(input.cwd, f.file);
    const key = `${f.ruleId}\0${path}\0${f.message}`;
    const ordinal = seen.get(key) ?? 0;
    seen.set(key, ordinal + 1);
    return {
      description: f.message,
      check_name: f.ruleId,
      fingerprint: gitlabFingerprint(f.ruleId, path, f.message, ordinal),
      severity: SEVERITY[f.severity],
      location: { path, lines: { begin: Math.max(1, f.range.start.line) } },
    };
  });
  return `${JSON.stringify(issues, null, 2)}\n`;
};
