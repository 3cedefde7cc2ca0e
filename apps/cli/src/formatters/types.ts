/** What every output format of `rubric lint` receives. */
import type { Finding, Rule } from '@rubric/core';

/** Everything a formatter needs to print a lint run. */
export interface FormatInput {
  /** All findings, sorted by file then position; `file` paths are absolute. */
  findings: readonly Finding[];
  /** Every file that was linted (absolute), clean ones included. */
  files: readonly string[];
  /** Paths are printed relative to this folder. */
  cwd: string;
  /** The rules that ran (for rule metadata such as descriptions). */
  rules: readonly Rule<unknown>[];
  /** Version of the rubric CLI. */
  toolVersion: string;
  /** Whether ANSI colours may be used. */
  color: boolean;
}

/** Turns a lint run into text for stdout. */
export type Formatter = (input: FormatInput) => string;
