/** The output formats of `rubric lint`, by the name given to `--format`. */
import type { Formatter } from './types.js';
import { github } from './github.js';
import { gitlab } from './gitlab.js';
import { json } from './json.js';
import { sarif } from './sarif.js';
import { stylish } from './stylish.js';

export type { FormatInput, Formatter } from './types.js';
export type { GitlabIssue, GitlabSeverity } from './gitlab.js';
export type { JsonReport, JsonFile, JsonFinding, JsonFix, JsonEdit, JsonRelated, JsonRange } from './json.js';

/** Name of a format. */
export type FormatName = 'stylish' | 'json' | 'sarif' | 'github' | 'gitlab';

/** Every format by name; `stylish` is the default. */
export const formatters: Record<FormatName, Formatter> = { stylish, json, sarif, github, gitlab };

/** The formatter of a format name, or undefined for an unknown name. */
export function getFormatter(name: string): Formatter | undefined {
  return Object.hasOwn(formatters, name) ? formatters[name as FormatName] : undefined;
}
