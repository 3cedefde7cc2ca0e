/**
 * Every built-in rule. The order is the order rules run and are documented in;
 * a rule's id equals its file name and its docs page docs/rules/<id>.md.
 */
import type { Rule } from '../lint/types.js';
import fileReadable from './file-readable.js';
import frontmatterValid from './frontmatter-valid.js';
import schemaValid from './schema-valid.js';
import labelReferenceKnown from './label-reference-known.js';
// more rules: add the import above this line and the rule to the list below.

/** The built-in rules. */
export const rules: readonly Rule<unknown>[] = [
  fileReadable,
  frontmatterValid,
  schemaValid,
  labelReferenceKnown,
  // more rules: keep one per line.
] as readonly Rule<unknown>[];
