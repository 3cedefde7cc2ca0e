/**
 * Argilla 2.x dataset settings, in the shape `rg.Settings.serialize()` writes
 * and `rg.Settings.from_json()` reads: guidelines, fields, questions,
 * metadata, vectors, allow_extra_metadata.
 *
 * One text field `text` holds the item. single -> label_selection, multi ->
 * multi_label_selection, rating -> rating, text -> text, span -> span on
 * `text`. Labels are `{value: id, text: title}`; Argilla has no hierarchy, so
 * option trees are flattened depth first and a child's text carries its
 * parents' titles ("Parent › Child"). Argilla cannot show a question only
 * for some answers: a `when` question becomes optional and its description
 * says when to answer it. Provenance is a footer of the guidelines and three
 * hidden terms metadata properties records can carry.
 *
 * Limits come from argilla-server's question schemas (names
 * `^(?=.*[a-z0-9])[a-z0-9_-]+$` up to 200, titles up to 500, descriptions up
 * to 1000, option text up to 500, 2+ labels, rating values 0..10); an export
 * that would break one throws ExportError instead of failing at upload.
 */
import { ExportError, type ExportFile } from '../types.js';
import { provenance, type QuestionNode, type SetTree } from '../tree.js';
import { flattenOptions, jsonFile } from './common.js';

/** The text field every record fills. */
export const ARGILLA_TEXT_FIELD = 'text';

interface ArgillaOption {
  value: string;
  text: string;
  description?: string;
}

type ArgillaQuestionSettings =
  | { type: 'label_selection'; options: ArgillaOption[]; visible_options: number | null }
  | { type: 'multi_label_selection'; options: ArgillaOption[]; visible_options: number | null; options_order: 'natural' }
  | { type: 'rating'; options: { value: number }[] }
  | { type: 'text'; use_markdown: boolean }
  | { type: 'span'; field: string; options: ArgillaOption[]; visible_options: number | null; allow_overlapping: boolean };

/** A question as the SDK serializes it (without server ids and timestamps). */
export interface ArgillaQuestion {
  name: string;
  title: string;
  description: string | null;
  required: boolean;
  settings: ArgillaQuestionSettings;
}

/** The exported file's content. */
export interface ArgillaSettingsFile {
  guidelines: string;
  allow_extra_metadata: boolean;
  fields: { name: string; title: string; required: boolean; description: string | null; settings: { type: 'text'; use_markdown: boolean } }[];
  questions: ArgillaQuestion[];
  metadata: { name: string; title: string; type: 'terms'; visible_for_annotators: boolean; settings: { type: 'terms'; values: string[]; visible_for_annotators: boolean } }[];
  vectors: never[];
}

const NAME = /^(?=.*[a-z0-9])[a-z0-9_-]+$/;
const LIMITS = { name: 200, title: 500, description: 1000, optionValue: 200, optionText: 500 } as const;
/** The SDK's `_MIN_VISIBLE_OPTIONS`: below it `visible_options` stays unset. */
const MIN_VISIBLE_OPTIONS = 3;

function fail(path: string, message: string): never {
  throw new ExportError(`Argilla export: ${path}: ${message}`, [{ path, message }]);
}

function limit(value: string, max: number, path: string, what: string): string {
  if (value.length > max) fail(path, `${what} has ${value.length} characters, Argilla accepts at most ${max}`);
  return value;
}

function labelOptions(q: QuestionNode): ArgillaOption[] {
  return flattenOptions(q.options).map(({ option, path }) => {
    const where = `/questions/${q.id}/options/${option.id}`;
    return {
      value: limit(option.id, LIMITS.optionValue, where, 'the label id'),
      text: limit(path.join(' › '), LIMITS.optionText, where, 'the title path'),
      ...(option.description ? { description: limit(option.description, LIMITS.description, where, 'the description') } : {}),
    };
  });
}

function visible(options: ArgillaOption[]): number | null {
  return options.length >= MIN_VISIBLE_OPTIONS ? options.length : null;
}

function settingsOf(q: QuestionNode): ArgillaQuestionSettings {
  switch (q.type) {
    case 'single':
    case 'multi': {
      const options = labelOptions(q);
      if (options.length < 2) fail(`/questions/${q.id}/options`, `a ${q.type} question needs at least 2 labels in Argilla, found ${options.length}`);
      return q.type === 'single'
        ? { type: 'label_selection', options, visible_options: visible(options) }
        : { type: 'multi_label_selection', options, visible_options: visible(options), options_order: 'natural' };
    }
    case 'span': {
      const options = labelOptions(q);
      if (options.length < 1) fail(`/questions/${q.id}/options`, 'a span question needs at least 1 label');
      return { type: 'span', field: ARGILLA_TEXT_FIELD, options, visible_options: visible(options), allow_overlapping: false };
    }
    case 'rating': {
      const min = q.min ?? 1;
      const max = q.max ?? 5;
      if (!Number.isInteger(min) || !Number.isInteger(max) || min < 0 || max > 10 || max - min < 1) {
        fail(`/questions/${q.id}`, `rating ${min}..${max} does not fit Argilla's rating (2 to 11 integer values between 0 and 10)`);
      }
      const options: { value: number }[] = [];
      for (let v = min; v <= max; v++) options.push({ value: v });
      return { type: 'rating', options };
    }
    case 'text':
      return { type: 'text', use_markdown: false };
  }
}

function questionOf(q: QuestionNode): ArgillaQuestion {
  const where = `/questions/${q.id}`;
  if (!NAME.test(q.id) || q.id.length > LIMITS.name) fail(`${where}/id`, `question id ${JSON.stringify(q.id)} is not an Argilla question name (${NAME.source}, at most ${LIMITS.name})`);
  const notes: string[] = [];
  if (q.description) notes.push(q.description);
  if (q.when) {
    notes.push(`Answer only when \`${q.when.questionId}\` is ${q.when.answers.map((a) => `\`${a}\``).join(' or ')} (or a label below one of them); otherwise leave it empty.${q.required ? ' Required then.' : ''}`);
  }
  if (q.type === 'text' && q.maxLength !== undefined) notes.push(`At most ${q.maxLength} characters.`);
  const description = notes.length ? limit(notes.join('\n\n'), LIMITS.description, `${where}/description`, 'the description') : null;
  return {
    name: q.id,
    title: limit(q.prompt, LIMITS.title, `${where}/prompt`, 'the prompt'),
    description,
    // Argilla has no conditional questions: a required `when` question would block every record it does not apply to.
    required: q.required && !q.when,
    settings: settingsOf(q),
  };
}

/** Argilla dataset settings for a set, as `argilla/settings.json`; `guidelineMarkdown` becomes the dataset guidelines. */
export function argillaSettings(tree: SetTree, guidelineMarkdown: string): ExportFile[] {
  const { meta } = tree;
  const hidden = (name: string, title: string, value: string): ArgillaSettingsFile['metadata'][number] => ({
    name,
    title,
    type: 'terms',
    visible_for_annotators: false,
    settings: { type: 'terms', values: [value], visible_for_annotators: false },
  });
  const file: ArgillaSettingsFile = {
    guidelines: `${guidelineMarkdown.replace(/\s+$/, '')}\n\n---\n\n${provenance(meta)}\n`,
    allow_extra_metadata: false,
    fields: [{ name: ARGILLA_TEXT_FIELD, title: 'Text', required: true, description: null, settings: { type: 'text', use_markdown: false } }],
    questions: tree.questions.map(questionOf),
    metadata: [
      hidden('rubric_set', 'Rubric guideline set', meta.setId),
      hidden('rubric_version', 'Rubric guideline version', meta.version),
      hidden('rubric_content_hash', 'Rubric content sha256', meta.contentHash),
    ],
    vectors: [],
  };
  const names = [...file.fields.map((f) => f.name), ...file.questions.map((q) => q.name), ...file.metadata.map((m) => m.name)];
  const clash = names.find((n, i) => names.indexOf(n) !== i);
  if (clash) fail(`/questions/${clash}`, `the name ${JSON.stringify(clash)} is used twice; Argilla needs unique names across fields, questions and metadata (field "text" and metadata rubric_* are taken)`);
  return [jsonFile('argilla/settings.json', file)];
}
