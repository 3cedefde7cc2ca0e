/**
 * Writing a new ```example block into a label's section: how a case study
 * that labelers disagreed on becomes guidance ("disagreements become
 * examples"). One owner for the editor's "add as example" action and
 * `rubric quality --suggest-examples`: the block is written so that it
 * parses back to exactly the values given (hostile text included: every
 * value is quoted and escaped, so no text can close the fence or hide
 * characters), placed after the section's own examples, and checked with the
 * example rules on the set as it would be, so the caller learns which
 * required questions the example must still answer before writing anything.
 */
import { EXAMPLE_LANG, parseGuideline } from './parse/guideline.js';
import { createMemoryHost } from './host.js';
import { resolveConfig } from './lint/config.js';
import { lintSet } from './lint/engine.js';
import type { Finding, TextEdit } from './lint/types.js';
import { LABEL_ID_PATTERN, type ExampleKind, type GuidelineDocument, type GuidelineSet } from './model.js';
import { paddedBlock } from './rules/helpers.js';
import { rules } from './rules/index.js';

/** One answer of a drafted example: a label id (single), label ids (multi), a rating, or a text. */
export type DraftAnswer = string | number | readonly string[];

/** What to write. */
export interface ExampleDraftInput {
  /** The id wanted (e.g. the annotated item's id, so gold tasks keep it); made unique in the set, or derived when unusable. */
  id?: string;
  kind?: ExampleKind;
  text: string;
  /** Question id -> answer, in the order to write them. */
  answers: Record<string, DraftAnswer>;
  why: string;
}

/** A drafted example, not yet written. */
export interface ExampleDraft {
  /** The example's id as written. */
  id: string;
  /** The fenced block. */
  block: string;
  /** The insertion into guideline.md. */
  edit: TextEdit;
  /** Required questions the answers leave out (the example rules would report them): answer them and draft again. */
  missing: string[];
  /** What the example rules report on the new block (the missing answers included). */
  findings: Finding[];
}

/** Why an example cannot be drafted, for people. */
export class ExampleDraftError extends Error {
  override readonly name = 'ExampleDraftError';
}

/** The rules a new example must pass; no-todo is left out on purpose: the `why` starts as a TODO for the writer. */
const CHECKS = new Set(['example-syntax', 'example-answers', 'example-contradiction', 'no-invisible-characters', 'label-reference-known', 'deprecated-label-reference']);
const checkRules = rules.filter((r) => CHECKS.has(r.meta.id));
const checkConfig = resolveConfig(undefined, checkRules).config;

/** Drafts `input` as an example block at the end of `labelId`'s own section (before its sub-sections). Throws ExampleDraftError for people. */
export function draftExample(set: GuidelineSet, labelId: string, input: ExampleDraftInput): ExampleDraft {
  const doc = set.guideline;
  if (!doc) throw new ExampleDraftError(`Cannot add an example: ${set.guidelinePath} could not be read`);
  const section = doc.sections.find((s) => s.labelId === labelId);
  if (!section) throw new ExampleDraftError(`Cannot add an example under \`${labelId}\`: guideline.md has no section for it (a heading starting with \`${labelId}\` in backticks)`);
  if (input.text.trim() === '') throw new ExampleDraftError('Cannot add an example without text: the item has no text to show labelers');
  const same = doc.examples.find((e) => e.text === input.text);
  if (same) throw new ExampleDraftError(`Cannot add the example: guideline.md already has an example with this text (line ${same.range.start.line}${same.id !== undefined ? `, id ${same.id}` : ''}); edit that one`);

  const id = uniqueId(doc, input.id);
  const lines = [`\`\`\`${EXAMPLE_LANG}`, `id: ${yamlScalar(id)}`];
  if (input.kind) lines.push(`kind: ${input.kind}`);
  lines.push(`text: ${quoted(input.text)}`, 'answers:');
  for (const [question, answer] of Object.entries(input.answers)) lines.push(`  ${question}: ${yamlAnswer(answer)}`);
  lines.push(`why: ${quoted(input.why)}`, '```');
  const block = `${lines.join('\n')}\n`;

  // After the section's own content: before its first sub-section heading, else at its end.
  const sub = doc.headings.find((h) => h.range.start.offset > section.heading.range.end.offset && h.range.start.offset < section.range.end.offset);
  const offset = sub ? sub.range.start.offset : section.range.end.offset;
  const text = paddedBlock(doc.text, offset, block);
  const edit: TextEdit = { file: doc.file, range: doc.lines.range(offset, offset), text };

  // The set as it would be: only what the new block brings counts.
  const after = doc.text.slice(0, offset) + text + doc.text.slice(offset);
  const drafted: GuidelineSet = { ...set, guideline: parseGuideline(doc.file, after) };
  const start = offset + text.indexOf('```');
  const end = start + block.length;
  const findings = lintSet(drafted, checkRules, checkConfig, createMemoryHost({})).filter((f) => f.file === doc.file && f.range.start.offset >= start && f.range.start.offset < end);
  const missing = [...new Set(findings.filter((f) => f.ruleId === 'example-answers' && f.messageId === 'missingRequired').map((f) => String(f.data?.question)))];
  return { id, block, edit, missing, findings };
}

// Words YAML (1.1 or 1.2) reads as something other than a string.
const YAML_SPECIAL = /^(?:true|false|null|yes|no|on|off|y|n|~)$/i;

/** A plain YAML scalar when it reads back as the same string, else a quoted one. */
function yamlScalar(value: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(value) && !YAML_SPECIAL.test(value) ? value : quoted(value);
}

function yamlAnswer(answer: DraftAnswer): string {
  if (typeof answer === 'number') return String(answer);
  if (typeof answer === 'string') return LABEL_ID_PATTERN.test(answer) ? yamlScalar(answer) : quoted(answer);
  return `[${answer.map((a) => (LABEL_ID_PATTERN.test(a) ? yamlScalar(a) : quoted(a))).join(', ')}]`;
}

// Control, format (bidirectional controls, zero-width characters, tags) and separator characters, and lone surrogates.
const ESCAPED = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u180e]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/gu;

/** A YAML double-quoted string on one line: the text exactly, with every invisible or line-breaking character escaped. */
export function quoted(value: string): string {
  const escaped = value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(ESCAPED, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\t') return '\\t';
    if (c === '\r') return '\\r';
    const cp = c.codePointAt(0) as number;
    return cp > 0xffff ? `\\U${cp.toString(16).toUpperCase().padStart(8, '0')}` : `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  });
  return `"${escaped}"`;
}

/** An example id not used in the guideline: the one wanted when it is usable, else `case`; `-2`, `-3`... on a clash. */
function uniqueId(doc: GuidelineDocument, wanted: string | undefined): string {
  const taken = new Set(doc.examples.map((e) => e.id).filter((x): x is string => x !== undefined));
  const base = wanted !== undefined && /^[\p{L}\p{N}][\p{L}\p{N}._:-]{0,79}$/u.test(wanted) ? wanted : `case-${slug(wanted ?? '') || 'item'}`;
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
}
