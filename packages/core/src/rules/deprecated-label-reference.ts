/**
 * deprecated-label-reference: prose and example answers do not name deprecated
 * labels. Deprecated labels stay in the schema so old annotations remain
 * readable; pointing labelers at one (or grading them against one in a gold
 * example) teaches them an answer they should no longer give.
 */
import { defineRule } from '../lint/define-rule.js';
import type { Fix } from '../lint/types.js';
import { labelIndex, type LabelOccurrence } from '../label-index.js';
import type { GuidelineDocument, Label, SchemaDocument } from '../model.js';
import type { Range } from '../position.js';

export default defineRule({
  meta: {
    id: 'deprecated-label-reference',
    description: "References in prose, headings and an example's `why`, and example answers, do not name deprecated labels.",
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
    const emit = (label: Label, o: LabelOccurrence, fixTo: Label | undefined): void => {
      // Only a current label of the schema is recommended; an unknown `replacedBy` is label-reference-known's to report.
      const replacement = replacementOf(schema, label)?.id;
      const since = label.deprecated?.since ? ` (deprecated since ${label.deprecated.since})` : '';
      const fix: Fix | undefined = fixTo && o.exact ? { description: `Replace with \`${fixTo.id}\``, edits: [{ file: o.file, range: o.range, text: fixTo.id }] } : undefined;
      report({
        messageId: replacement === undefined ? 'deprecated' : 'replaced',
        data: replacement === undefined ? { label: label.id, since } : { label: label.id, since, replacement },
        file: o.file,
        range: o.range,
        related: [{ file: schema.file, range: schema.keyRangeOf(`${label.pointer}/deprecated`) ?? label.idRange, message: `\`${label.id}\` deprecated here` }],
        ...(fix ? { fix, suggestions: [fix] } : {}),
      });
    };

    for (const o of labelIndex(set).occurrences) {
      // Live text of the guideline: references in prose, headings and `why`, and example answers.
      // History (the changelog) records deprecations, and schema.json keeps old labels reachable on purpose.
      if (o.file !== doc.file || (o.role !== 'reference' && o.role !== 'answer')) continue;
      const label = schema.labelsById.get(o.labelId);
      if (!label?.deprecated) continue;
      if (o.role === 'reference') {
        // The label's own section may describe it.
        if (inSectionOf(doc, label.id, o.range)) continue;
        emit(label, o, replacementOf(schema, label));
        continue;
      }
      // Answers to a question the schema lacks are example-answers' business.
      if (o.questionId === undefined || !schema.questionsById.has(o.questionId)) continue;
      const replacement = replacementOf(schema, label);
      // A replacement from another question would make the answer invalid, so it is no safe fix there.
      emit(label, o, replacement?.questionId === o.questionId ? replacement : undefined);
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
