/**
 * deprecated-label-reference: prose and example answers do not name deprecated
 * labels. Deprecated labels stay in the schema so old annotations remain
 * readable; pointing labelers at one (or grading them against one in a gold
 * example) teaches them an answer they should no longer give.
 */
import { defineRule } from '../lint/define-rule.js';
import type { Fix } from '../lint/types.js';
import { LABELLED_QUESTION_TYPES, type GuidelineDocument, type Label, type QuestionType, type SchemaDocument } from '../model.js';
import type { Range } from '../position.js';

export default defineRule({
  meta: {
    id: 'deprecated-label-reference',
    description: 'Prose references and example answers do not name deprecated labels.',
    defaultLevel: 'warning',
    messages: {
      replaced: 'Unexpected deprecated label `{{label}}`{{since}}, expected `{{replacement}}`, which replaces it',
      deprecated: 'Unexpected deprecated label `{{label}}`{{since}}, expected a label that is not deprecated',
    },
    defaultOptions: {},
    fixable: true,
  },
  check({ set, report }) {
    const doc = set.guideline;
    const schema = set.schema;
    if (!doc || !schema) return;
    const deprecated = (id: string): Label | undefined => {
      const label = schema.labelsById.get(id);
      return label?.deprecated ? label : undefined;
    };
    const emit = (label: Label, range: Range, editRange: Range, fixTo: Label | undefined): void => {
      const replacement = replacementOf(schema, label)?.id ?? label.deprecated?.replacedBy;
      const since = label.deprecated?.since ? ` (deprecated since ${label.deprecated.since})` : '';
      const fix: Fix | undefined = fixTo ? { description: `Replace with \`${fixTo.id}\``, edits: [{ file: doc.file, range: editRange, text: fixTo.id }] } : undefined;
      report({
        messageId: replacement === undefined ? 'deprecated' : 'replaced',
        data: replacement === undefined ? { label: label.id, since } : { label: label.id, since, replacement },
        file: doc.file,
        range,
        related: [{ file: schema.file, range: schema.keyRangeOf(`${label.pointer}/deprecated`) ?? label.idRange, message: `\`${label.id}\` deprecated here` }],
        ...(fix ? { fix, suggestions: [fix] } : {}),
      });
    };

    for (const ref of doc.references) {
      const label = deprecated(ref.labelId);
      if (!label) continue;
      // The label's own section may describe it, and the changelog records its deprecation.
      if (inSectionOf(doc, label.id, ref.range) || (doc.changelog && contains(doc.changelog.range, ref.range))) continue;
      emit(label, ref.range, ref.range, replacementOf(schema, label));
    }

    for (const example of doc.examples) {
      for (const answer of example.answers) {
        const question = schema.questionsById.get(answer.questionId);
        if (!question || !LABELLED_QUESTION_TYPES.includes(question.type as QuestionType)) continue;
        for (const value of answer.values) {
          const label = deprecated(value.value);
          if (!label) continue;
          const replacement = replacementOf(schema, label);
          // A replacement from another question would make the answer invalid, so it is no safe fix there.
          emit(label, value.range, unquoted(doc, value.range), replacement?.questionId === question.id ? replacement : undefined);
        }
      }
    }
  },
});

/** The label that finally replaces a deprecated one, following `replacedBy` through later deprecations; undefined unless it is a current label of the schema. */
function replacementOf(schema: SchemaDocument, label: Label): Label | undefined {
  const seen = new Set<string>([label.id]);
  let id = label.deprecated?.replacedBy;
  let found: Label | undefined;
  while (id !== undefined && !seen.has(id)) {
    seen.add(id);
    found = schema.labelsById.get(id);
    if (!found) return undefined;
    id = found.deprecated?.replacedBy;
  }
  return found?.deprecated ? undefined : found;
}

/** True when `range` lies in a section of `labelId` (its own or one nested in it). */
function inSectionOf(doc: GuidelineDocument, labelId: string, range: Range): boolean {
  return doc.sections.some((s) => s.labelId === labelId && contains(s.range, range));
}

function contains(outer: Range, inner: Range): boolean {
  return outer.start.offset <= inner.start.offset && inner.end.offset <= outer.end.offset;
}

/** The range inside the quotes of a quoted YAML scalar, so a replacement keeps its quoting. */
function unquoted(doc: GuidelineDocument, range: Range): Range {
  const raw = doc.text.slice(range.start.offset, range.end.offset);
  const q = raw[0];
  if (raw.length >= 2 && (q === '"' || q === "'") && raw.endsWith(q)) return doc.lines.range(range.start.offset + 1, range.end.offset - 1);
  return range;
}
