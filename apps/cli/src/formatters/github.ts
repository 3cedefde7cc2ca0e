/**
 * GitHub Actions workflow commands: one annotation per finding, shown on the
 * pull request's diff.
 *
 *     ::error file=guidelines/hate/guideline.md,line=20,col=41,endLine=20,endColumn=54,title=label-reference-known::Unexpected label …
 *
 * Severity error → `::error`, warning → `::warning`, info → `::notice`.
 * Escaping as in GitHub's toolkit: in the message `%` → `%25`, CR → `%0D`,
 * LF → `%0A`; in property values also `:` → `%3A` and `,` → `%2C`. Paths are
 * relative to the working folder (the workspace in a workflow), with `/`.
 */
import type { Severity } from '@rubric/core';
import type { Formatter } from './types.js';
import { relativePath } from './shared.js';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** Escapes the data (message) part of a workflow command. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a property value of a workflow command. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export const github: Formatter = (input) => {
  const lines = input.findings.map((f) => {
    const { start, end } = f.range;
    const props = [
      `file=${escapeProperty(relativePath(input.cwd, f.file))}`,
      `line=${start.line}`,
      `col=${start.column}`,
      `endLine=${end.line}`,
      `endColumn=${end.column}`,
      `title=${escapeProperty(f.ruleId)}`,
    ];
    return `::${COMMAND[f.severity]} ${props.join(',')}::${escapeData(f.message)}`;
  });
  return lines.length ? `${lines.join('\n')}\n` : '';
};
