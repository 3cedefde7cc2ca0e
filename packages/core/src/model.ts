/**
 * The guideline-set model: what parsing guideline.md and schema.json yields,
 * with a source range on everything a finding, hover or edit may point at.
 * Rules, the language service, diff and exporters all read this model.
 */
import type { LineIndex, Range } from './position.js';

/** Lifecycle status of a guideline set (frontmatter `status`). */
export const SET_STATUSES = ['draft', 'review', 'approved', 'deprecated'] as const;
export type SetStatus = (typeof SET_STATUSES)[number];

/** Kinds of question a schema can ask. */
export const QUESTION_TYPES = ['single', 'multi', 'text', 'rating', 'span'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** Question types whose answers are label ids from the question's option tree. */
export const LABELLED_QUESTION_TYPES: readonly QuestionType[] = ['single', 'multi', 'span'];

/** Kinds of example. */
export const EXAMPLE_KINDS = ['positive', 'negative', 'borderline'] as const;
export type ExampleKind = (typeof EXAMPLE_KINDS)[number];

/** Severity scale of a label (how harmful content with this label is). */
export const LABEL_SEVERITIES = ['none', 'low', 'medium', 'high', 'critical'] as const;
export type LabelSeverity = (typeof LABEL_SEVERITIES)[number];

/** Label ids: dotted lowercase segments, e.g. `hate.dehumanization.animal`. */
export const LABEL_ID_PATTERN = /^[a-z][a-z0-9_-]*(?:\.[a-z0-9][a-z0-9_-]*)*$/;
/** Question ids: one lowercase segment, e.g. `verdict`. */
export const QUESTION_ID_PATTERN = /^[a-z][a-z0-9_]*$/;
/** Set ids: lowercase kebab case, e.g. `hate-speech`. */
export const SET_ID_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
/** Semantic version 2.0.0. */
export const SEMVER_PATTERN =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** A syntax problem found while parsing a file or an embedded block. */
export interface SyntaxProblem {
  message: string;
  range: Range;
}

/** YAML frontmatter of guideline.md. */
export interface Frontmatter {
  /** The whole block, fences included. */
  range: Range;
  /** The parsed value; undefined when the YAML does not parse. */
  data: unknown;
  errors: SyntaxProblem[];
  /** Range of the value at a path (e.g. ['owners', 0]); undefined if absent. */
  rangeOf(path: readonly (string | number)[]): Range | undefined;
  /** Range of the key at a path (e.g. ['status']); undefined if absent. */
  keyRangeOf(path: readonly (string | number)[]): Range | undefined;
}

/** A Markdown heading. */
export interface Heading {
  depth: number;
  /** Plain text of the heading. */
  text: string;
  /** GitHub-style anchor slug, unique within the document. */
  slug: string;
  range: Range;
}

/** A label section: a heading whose text starts with a label id as inline code. */
export interface LabelSection {
  labelId: string;
  /** Range of the label id inside the backticks. */
  idRange: Range;
  /** Heading text after the label id. */
  title: string;
  heading: Heading;
  /** From the heading to just before the next heading of the same or a higher level. */
  range: Range;
  /** Label id of the enclosing label section, if any. */
  parentLabelId?: string;
}

/** Where inline code that reads as a label id stands in the Markdown. */
export type LabelCodeContext = 'prose' | 'heading';

/**
 * Inline code in guideline.md that reads as a label id (not the lead id of a
 * label section heading). A candidate only: whether it names a label, and
 * whether it is a live reference or history (the changelog), is decided by
 * the label index (label-index.ts), which every consumer reads.
 */
export interface LabelCode {
  /** The code's value, trimmed. */
  value: string;
  /** Range of the value inside the backticks. */
  range: Range;
  context: LabelCodeContext;
  /** Label id of the innermost label section holding the code. */
  sectionLabelId?: string;
}

/** One answered value in an example: a label id, a text, a rating, or a span. */
export interface AnswerValue {
  /** Label id (single, multi, span) or the text / number as a string. */
  value: string;
  range: Range;
  /** For span answers: the quoted part of the example text. */
  quote?: string;
  quoteRange?: Range;
}

/** The answer an example gives to one question. */
export interface ExampleAnswer {
  questionId: string;
  keyRange: Range;
  valueRange: Range;
  /** The raw YAML value. */
  raw: unknown;
  /** True when the value was written as a YAML sequence. */
  isList: boolean;
  values: AnswerValue[];
}

/** A fenced ```example block. */
export interface Example {
  /** 0-based position among the document's examples. */
  index: number;
  /** The whole fenced block. */
  range: Range;
  /** The YAML inside the fences. */
  contentRange: Range;
  /** Parsed YAML; undefined when it does not parse. */
  data: unknown;
  errors: SyntaxProblem[];
  id?: string;
  kind?: ExampleKind;
  /** The kind as written, for reporting unknown kinds. */
  kindRaw?: unknown;
  text?: string;
  why?: string;
  answers: ExampleAnswer[];
  /** Label id of the innermost label section holding the example. */
  sectionLabelId?: string;
  rangeOf(path: readonly (string | number)[]): Range | undefined;
  keyRangeOf(path: readonly (string | number)[]): Range | undefined;
}

/** A link or link definition. */
export interface Link {
  url: string;
  range: Range;
}

/** One changelog entry: a heading under `## Changelog` starting with a version. */
export interface ChangelogEntry {
  version: string;
  heading: Heading;
}

/** The `## Changelog` section. */
export interface Changelog {
  heading: Heading;
  range: Range;
  entries: ChangelogEntry[];
}

/** A parsed guideline.md. */
export interface GuidelineDocument {
  file: string;
  text: string;
  lines: LineIndex;
  frontmatter?: Frontmatter;
  /** Problem with the frontmatter block itself (missing or unterminated). */
  frontmatterProblem?: SyntaxProblem;
  headings: Heading[];
  sections: LabelSection[];
  /** Label-like inline code; read label occurrences from labelIndex(set), not from here. */
  labelCodes: LabelCode[];
  examples: Example[];
  links: Link[];
  changelog?: Changelog;
}

/** `deprecated` of a label. */
export interface Deprecation {
  since?: string;
  replacedBy?: string;
}

/** A label: one option of a question's option tree. */
export interface Label {
  id: string;
  title?: string;
  description?: string;
  severity?: string;
  deprecated?: Deprecation;
  /** Ids this label had before, newest last. */
  renamedFrom: string[];
  questionId: string;
  parentId?: string;
  childIds: string[];
  /** 0 for a top-level option. */
  depth: number;
  /** JSON pointer to the option object, e.g. `/questions/0/options/2`. */
  pointer: string;
  /** Range of the id string value. */
  idRange: Range;
  /** Range of the option object. */
  range: Range;
}

/** `when` of a question: show it only when another question has one of these answers. */
export interface WhenCondition {
  questionId: string;
  answers: string[];
  range: Range;
}

/** A question of the schema. */
export interface Question {
  id: string;
  type: QuestionType | string;
  prompt?: string;
  required: boolean;
  when?: WhenCondition;
  /** Lowest and highest rating for `rating` questions. */
  min?: number;
  max?: number;
  /** Ids of the top-level options. */
  rootLabelIds: string[];
  /** Ids of every option of the tree, depth first. */
  labelIds: string[];
  pointer: string;
  idRange: Range;
  range: Range;
}

/** A parsed schema.json. */
export interface SchemaDocument {
  file: string;
  text: string;
  lines: LineIndex;
  /** The parsed JSON; undefined when it has syntax errors. */
  json: unknown;
  syntaxErrors: SyntaxProblem[];
  id?: string;
  version?: string;
  questions: Question[];
  /** Every label in document order, duplicates included. */
  labels: Label[];
  /** First label with each id. */
  labelsById: Map<string, Label>;
  questionsById: Map<string, Question>;
  /** Range of the value at a JSON pointer; undefined if absent. */
  rangeOf(pointer: string): Range | undefined;
  /** Range of the property name at a JSON pointer; undefined if absent. */
  keyRangeOf(pointer: string): Range | undefined;
}

/** Why a file of a set could not be read. */
export type LoadProblemKind = 'missing' | 'unreadable' | 'binary' | 'too-large' | 'not-a-file';

/** A file of a set that could not be read as text. */
export interface LoadProblem {
  file: string;
  kind: LoadProblemKind;
  message: string;
  /** Set when the problem is in a file that names the missing one (e.g. the frontmatter `schema`). */
  range?: Range;
  cause?: { file: string; range: Range };
}

/** A guideline set: a folder with guideline.md and the schema.json its frontmatter names. */
export interface GuidelineSet {
  dir: string;
  guidelinePath: string;
  schemaPath: string;
  guideline?: GuidelineDocument;
  schema?: SchemaDocument;
  problems: LoadProblem[];
}
