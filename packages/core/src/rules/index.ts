/**
 * Every built-in rule. The order is the order rules run and are documented in;
 * a rule's id equals its file name and its docs page docs/rules/<id>.md.
 */
import type { Rule } from '../lint/types.js';
import fileReadable from './file-readable.js';
import frontmatterValid from './frontmatter-valid.js';
import schemaValid from './schema-valid.js';
import labelReferenceKnown from './label-reference-known.js';
import exampleSyntax from './example-syntax.js';
import exampleAnswers from './example-answers.js';
import exampleCoverage from './example-coverage.js';
import exampleContradiction from './example-contradiction.js';
import schemaVersionMatch from './schema-version-match.js';
import labelDocumented from './label-documented.js';
import sectionLabelKnown from './section-label-known.js';
import labelIdUnique from './label-id-unique.js';
import exportValueUnique from './export-value-unique.js';
import deprecatedLabelReference from './deprecated-label-reference.js';
import changelogEntry from './changelog-entry.js';
import linkValid from './link-valid.js';
import noInvisibleCharacters from './no-invisible-characters.js';
import requiredSections from './required-sections.js';
import noTodo from './no-todo.js';
import versionBump from './version-bump.js';
import statusTransition from './status-transition.js';
import labelAgreement from './label-agreement.js';
// more rules: add the import above this line and the rule to the list below.

/** The built-in rules. */
export const rules: readonly Rule<unknown>[] = [
  fileReadable,
  frontmatterValid,
  schemaValid,
  labelReferenceKnown,
  schemaVersionMatch,
  labelDocumented,
  sectionLabelKnown,
  labelIdUnique,
  exportValueUnique,
  deprecatedLabelReference,
  changelogEntry,
  linkValid,
  noInvisibleCharacters,
  requiredSections,
  noTodo,
  exampleSyntax,
  exampleAnswers,
  exampleCoverage,
  exampleContradiction,
  versionBump,
  statusTransition,
  labelAgreement,
  // more rules: keep one per line.
] as readonly Rule<unknown>[];
