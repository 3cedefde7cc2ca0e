/**
 * label-reference-known: every label reference names a label of the schema.
 * References are what the label index calls so (label-index.ts): inline code in
 * prose and headings, backticks in an example's `why`, and in schema.json
 * `when.answers` and `deprecated.replacedBy`. A reference to a label that does
 * not exist sends labelers (who read it in the instructions and gold tasks) to
 * an answer the tool does not offer, hides a question that can never be asked,
 * or recommends a replacement that is not there. History (the changelog,
 * `renamedFrom`, acknowledgements) names past labels by design and is not checked.
 */
import { defineRule } from '../lint/define-rule.js';
import type { Fix, Report } from '../lint/types.js';
import { labelIndex, type LabelIndex, type LabelOccurrence } from '../label-index.js';
import type { Label, SchemaDocument } from '../model.js';
import { didYouMean } from '../util.js';

export default defineRule({
  meta: {
    id: 'label-reference-known',
    description: 'Every label reference (inline code in prose, headings and an example\'s `why`; `when.answers` and `deprecated.replacedBy` in schema.json) names a label of the schema.',
    defaultLevel: 'error',
    messages: {
      unknown: 'Unexpected label `{{label}}`, expected a label of {{schema}}.{{hint}}',
      renamed: 'Unexpected label `{{label}}`, it was renamed to `{{current}}`',
      unknownReplacement: 'Unexpected replacement `{{label}}` for deprecated `{{deprecated}}`, expected a label of {{schema}}.{{hint}}',
      unknownWhen: 'Unexpected label `{{label}}` in the `when` of question `{{question}}`, expected a label of question `{{whenQuestion}}`.{{hint}}',
    },
    defaultOptions: {},
    fixable: true,
  },
  check({ set, report }) {
    const schema = set.schema;
    if (!schema || schema.labels.length === 0) return;
    const index = labelIndex(set);
    if (!index.schemaKnown) return;
    const schemaName = relativeName(set.schemaPath, set.dir);
    for (const o of index.occurrences) {
      if (o.role !== 'reference') continue;
      if (o.context === 'when') {
        checkWhen(o, schema, index, report);
        continue;
      }
      if (schema.labelsById.has(o.labelId)) continue;
      const current = index.renamed.get(o.labelId);
      if (current) {
        reportRenamed(o, current, schema, report);
        continue;
      }
      const near = didYouMean(o.labelId, schema.labelsById.keys());
      const suggestions = near.map((n) => replaceWith(o, n)).filter((f): f is Fix => f !== undefined);
      const hint = near.length ? ` Did you mean ${near.map((n) => `\`${n}\``).join(', ')}?` : '';
      const deprecated = o.context === 'replaced-by' ? deprecatedOwner(schema, o) : undefined;
      report({
        ...(deprecated
          ? { messageId: 'unknownReplacement', data: { label: o.labelId, deprecated: deprecated.id, schema: schemaName, hint } }
          : { messageId: 'unknown', data: { label: o.labelId, schema: schemaName, hint } }),
        file: o.file,
        range: o.range,
        ...(near[0] ? { related: [{ file: schema.file, range: (schema.labelsById.get(near[0]) as Label).idRange, message: `\`${near[0]}\` defined here` }] } : {}),
        ...(near.length === 1 && suggestions[0] ? { fix: suggestions[0] } : {}),
        ...(suggestions.length ? { suggestions } : {}),
      });
    }
  },
});

/** A `when` answer must be a label of the question the condition reads (or its old id, renamed). */
function checkWhen(o: LabelOccurrence, schema: SchemaDocument, index: LabelIndex, report: (r: Report) => void): void {
  const whenQuestion = o.questionId === undefined ? undefined : schema.questionsById.get(o.questionId);
  // An unknown `when.question` is the meta-schema's and the answers rule's to report: nothing to judge the labels against.
  if (!whenQuestion) return;
  const label = schema.labelsById.get(o.labelId);
  if (label?.questionId === whenQuestion.id) return;
  const question = schema.questions.find((q) => q.pointer === o.pointer);
  const current = label ? undefined : index.renamed.get(o.labelId);
  if (current && current.questionId === whenQuestion.id) {
    reportRenamed(o, current, schema, report);
    return;
  }
  const near = didYouMean(o.labelId, whenQuestion.labelIds);
  const suggestions = near.map((n) => replaceWith(o, n)).filter((f): f is Fix => f !== undefined);
  report({
    messageId: 'unknownWhen',
    data: { label: o.labelId, question: question?.id ?? '?', whenQuestion: whenQuestion.id, hint: near.length ? ` Did you mean ${near.map((n) => `\`${n}\``).join(', ')}?` : '' },
    file: o.file,
    range: o.range,
    related: [
      label
        ? { file: schema.file, range: label.idRange, message: `\`${label.id}\` is a label of question \`${label.questionId}\`` }
        : { file: schema.file, range: whenQuestion.idRange, message: `question \`${whenQuestion.id}\` defined here` },
    ],
    ...(near.length === 1 && suggestions[0] ? { fix: suggestions[0] } : {}),
    ...(suggestions.length ? { suggestions } : {}),
  });
}

/** An old id of a label that was renamed: replaced by its current id where it is written exactly. */
function reportRenamed(o: LabelOccurrence, current: Label, schema: SchemaDocument, report: (r: Report) => void): void {
  const fix = replaceWith(o, current.id);
  report({
    messageId: 'renamed',
    data: { label: o.labelId, current: current.id },
    file: o.file,
    range: o.range,
    related: [{ file: schema.file, range: current.idRange, message: `\`${current.id}\` defined here, renamed from \`${o.labelId}\`` }],
    ...(fix ? { fix, suggestions: [fix] } : {}),
  });
}

/** The deprecated label whose `replacedBy` this occurrence is. */
function deprecatedOwner(schema: SchemaDocument, o: LabelOccurrence): Label | undefined {
  return schema.labels.find((l) => l.pointer === o.pointer);
}

/** A fix replacing the id, only where the index located it exactly. */
function replaceWith(o: LabelOccurrence, id: string): Fix | undefined {
  return o.exact ? { description: `Replace with \`${id}\``, edits: [{ file: o.file, range: o.range, text: id }] } : undefined;
}

function relativeName(path: string, dir: string): string {
  return path.startsWith(`${dir}/`) ? path.slice(dir.length + 1) : path;
}
