/**
 * Types of the lint engine: rules, findings, fixes. A rule is data (meta) plus
 * one check function; the engine stamps rule id, severity and docs URL on what
 * the rule reports, so rules never do it by hand.
 */
import type { Range } from '../position.js';
import type { GuidelineSet } from '../model.js';
import type { Host } from '../host.js';

/** How serious a finding is. */
export type Severity = 'error' | 'warning' | 'info';
/** A rule's setting in the config: a severity, or off. */
export type RuleLevel = Severity | 'off';

/** A replacement of one range of one file. */
export interface TextEdit {
  file: string;
  range: Range;
  text: string;
}

/** Edits that together resolve a finding. */
export interface Fix {
  /** What the fix does, for a quick-fix menu: "Replace with `hate.slur`". */
  description: string;
  edits: TextEdit[];
}

/** Another place that explains a finding: "label defined here". */
export interface RelatedLocation {
  file: string;
  range: Range;
  message: string;
}

/** What a rule reports; the engine turns it into a Finding. */
export interface Report {
  messageId: string;
  data?: Record<string, string | number>;
  file: string;
  range: Range;
  related?: RelatedLocation[];
  /** A safe fix, applied by `rubric lint --fix`. */
  fix?: Fix;
  /** Fixes a person picks from (quick fixes), never applied automatically. */
  suggestions?: Fix[];
  /**
   * Raises this finding to an error whatever level the rule runs at (a rule
   * that is off reports nothing): for problems that block only in some states,
   * such as a TODO marker in a set that is under review.
   */
  asError?: boolean;
}

/** One problem found in a guideline set. */
export interface Finding extends Report {
  ruleId: string;
  severity: Severity;
  message: string;
  docsUrl: string;
}

/** JSON Schema object, as plain data. */
export type JsonSchema = Record<string, unknown>;

/** Description of a rule. */
export interface RuleMeta<O> {
  /** Equals the file name of the rule and of its docs page. */
  id: string;
  /** One sentence: what the rule checks. */
  description: string;
  /** Severity when the config does not mention the rule. */
  defaultLevel: RuleLevel;
  /** Message templates keyed by message id, with `{{placeholder}}`s. */
  messages: Record<string, string>;
  /** JSON Schema of the options object (properties only; no extra keys allowed). */
  optionsSchema?: { properties: Record<string, JsonSchema>; required?: string[] };
  /** Options used when the config gives none. */
  defaultOptions: O;
  /** True when the rule offers safe fixes. */
  fixable?: boolean;
}

/**
 * Labeling-quality figures of a set, as rules read them: the part of a
 * `rubric quality --format json` report (docs/quality.md) that lint needs.
 * Core depends on nothing of ours, so the shape is written here; a report
 * read with @rubric/quality's `readQualityReport` fits it as it is.
 */
export interface QualityFigures {
  /** The set and the version whose annotations were measured. */
  set: { id: string; version: string };
  questions: readonly QualityQuestionFigures[];
}

/** One question's figures in a {@link QualityFigures}. */
export interface QualityQuestionFigures {
  id: string;
  /** Items with two answers or more: what agreement is measured over. */
  pairable: number;
  labels: readonly { id: string; alpha: number | null; alphaInterval?: { low: number | null; high: number | null } | null }[];
  /** Label pairs annotators of the same item gave against each other; `share` of all the question's disagreeing pairs. */
  confusions: readonly { labels: readonly [string, string]; count: number; share: number }[];
}

/** What a lint run may know besides the set and its config. */
export interface LintInputs {
  /** The labeling-quality figures of the set (a quality report of one of its versions); rules that read them are silent without. */
  quality?: QualityFigures;
}

/** What a rule's check function gets. */
export interface RuleContext<O> {
  set: GuidelineSet;
  /**
   * The same set at the review base (`rubric lint --base <ref>`): undefined when
   * no base was given, null when the set did not exist at the base.
   */
  base?: GuidelineSet | null;
  /** Labeling-quality figures of the set, when the caller has them (`rubric lint --quality`, the editor's report or registry). */
  quality?: QualityFigures;
  options: O;
  host: Host;
  report(report: Report): void;
}

/** A lint rule. */
export interface Rule<O = unknown> {
  meta: RuleMeta<O>;
  check(context: RuleContext<O>): void;
}
