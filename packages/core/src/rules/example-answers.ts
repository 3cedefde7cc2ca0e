/**
 * example-answers: every example is a valid answer to schema.json, because
 * examples become gold tasks. Questions exist, labels belong to their question,
 * each question type gets its shape of answer, required questions are answered
 * and questions hidden by `when` are not; an example marked positive names the
 * label of its section.
 */
import { defineRule } from '../lint/define-rule.js';
import type { Fix, RelatedLocation, Report } from '../lint/types.js';
import type { Example, ExampleAnswer, GuidelineDocument, Label, Question, SchemaDocument } from '../model.js';
import type { Range } from '../position.js';
import { didYouMean, isRecord, orList } from '../util.js';
import { answersNameLabelOrBelow, describeYamlValue, renamedLabels, whenHolds } from './helpers.js';

type Path = (string | number)[];

export default defineRule({
  meta: {
    id: 'example-answers',
    description: 'Every example answers the questions of the schema with labels of those questions, in the shape each question type takes.',
    defaultLevel: 'error',
    messages: {
      unknownQuestion: 'Unexpected question `{{question}}`, expected a question of {{schema}}.{{hint}}',
      unknownLabel: 'Unexpected label `{{label}}` in the answer to `{{question}}`, expected a label of `{{question}}`.{{hint}}',
      renamedLabel: 'Unexpected label `{{label}}` in the answer to `{{question}}`, it was renamed to `{{current}}`',
      otherQuestionLabel: 'Unexpected label `{{label}}` in the answer to `{{question}}`, it is a label of question `{{owner}}`',
      singleList: 'Unexpected list in the answer to single-choice question `{{question}}`, expected the label alone: `{{label}}`',
      singleMany: 'Unexpected {{count}} labels in the answer to single-choice question `{{question}}`, expected exactly one',
      multiScalar: 'Unexpected single label in the answer to multiple-choice question `{{question}}`, expected a list: `[{{label}}]`',
      wrongType: 'Unexpected {{found}} in the answer to `{{question}}`, expected {{expected}}',
      ratingRange: 'Unexpected rating {{value}} for `{{question}}`, expected an integer from {{min}} to {{max}}',
      spanText: 'Unexpected span text {{quote}}, expected a part of the example text',
      missingRequired: 'Missing answer to required question `{{question}}`{{reason}}',
      hiddenAnswered: 'Unexpected answer to `{{question}}`, expected none: it is asked only when `{{when}}` is {{labels}} or a label below',
      kindMismatch: 'Unexpected kind `positive` in the section of `{{label}}`, expected answers that name `{{label}}` or a label below it',
    },
    defaultOptions: {},
    fixable: true,
  },
  check({ set, report }) {
    const doc = set.guideline;
    const schema = set.schema;
    // Without questions there is nothing to answer against (schema-valid reports why).
    if (!doc || !schema || schema.questions.length === 0) return;
    const checker = new AnswerChecker(doc, schema, schemaName(set.schemaPath, set.dir), report);
    for (const example of doc.examples) {
      // Broken YAML and a missing `answers` mapping are example-syntax's findings.
      if (example.errors.length || !isRecord(example.data) || !isRecord(example.data.answers)) continue;
      checker.check(example);
    }
  },
});

/** Checks one example at a time; holds what every check needs. */
class AnswerChecker {
  private readonly renamed: ReadonlyMap<string, Label>;
  private readonly file: string;

  constructor(
    private readonly doc: GuidelineDocument,
    private readonly schema: SchemaDocument,
    private readonly schemaLabel: string,
    private readonly report: (r: Report) => void,
  ) {
    this.renamed = renamedLabels(schema);
    this.file = doc.file;
  }

  check(example: Example): void {
    const answered = new Set(example.answers.map((a) => a.questionId));
    // Questions a misspelled key most likely means: not missing, and their `when` cannot be judged.
    const misspelled = new Set<string>();
    for (const answer of example.answers) {
      if (this.schema.questionsById.has(answer.questionId)) continue;
      const meant = this.unknownQuestion(answer, answered);
      if (meant !== undefined) misspelled.add(meant);
    }
    for (const answer of example.answers) {
      const question = this.schema.questionsById.get(answer.questionId);
      if (!question) continue;
      this.checkValue(example, question, answer);
      if (question.when && this.whenDecidable(question, example, misspelled) && !whenHolds(question, example, this.schema)) {
        this.report({
          messageId: 'hiddenAnswered',
          data: { question: question.id, when: question.when.questionId, labels: orList(question.when.answers) },
          file: this.file,
          range: answer.keyRange,
          related: [{ file: this.schema.file, range: question.when.range, message: `condition of \`${question.id}\` defined here` }],
        });
      }
    }
    const answersKey = example.keyRangeOf(['answers']) ?? example.range;
    for (const question of this.schema.questionsById.values()) {
      if (!question.required || answered.has(question.id) || misspelled.has(question.id)) continue;
      if (!this.whenDecidable(question, example, misspelled) || !whenHolds(question, example, this.schema)) continue;
      const reason = question.when ? this.whenReason(question, example) : '';
      this.report({
        messageId: 'missingRequired',
        data: { question: question.id, reason },
        file: this.file,
        range: answersKey,
        related: [{ file: this.schema.file, range: question.idRange, message: `question \`${question.id}\` defined here` }],
      });
    }
    const section = example.sectionLabelId;
    const kindRange = example.rangeOf(['kind']);
    if (example.kind === 'positive' && section !== undefined && kindRange && this.schema.labelsById.has(section) && !answersNameLabelOrBelow(example, section, this.schema)) {
      const heading = this.doc.sections.find((s) => s.labelId === section);
      this.report({
        messageId: 'kindMismatch',
        data: { label: section },
        file: this.file,
        range: kindRange,
        ...(heading ? { related: [{ file: this.file, range: heading.idRange, message: `section of \`${section}\` here` }] } : {}),
      });
    }
  }

  /** False when the `when` question's answer names a label the schema lacks, or its key is misspelled: whether the condition holds is unknown. */
  private whenDecidable(question: Question, example: Example, misspelled: Set<string>): boolean {
    const when = question.when;
    if (!when) return true;
    if (misspelled.has(when.questionId)) return false;
    const answer = example.answers.find((a) => a.questionId === when.questionId);
    return !answer || answer.values.every((v) => this.schema.labelsById.has(v.value));
  }

  /** ", asked because `verdict` is `abuse.insult`" for a required question shown by its `when`. */
  private whenReason(question: Question, example: Example): string {
    const when = question.when;
    const answer = when && example.answers.find((a) => a.questionId === when.questionId);
    if (!when || !answer) return '';
    return `, asked because \`${when.questionId}\` is ${orList(answer.values.map((v) => v.value))}`;
  }

  /** Reports an answer to a question the schema lacks; returns the one question it most likely means, if any. */
  private unknownQuestion(answer: ExampleAnswer, answered: Set<string>): string | undefined {
    const near = didYouMean(answer.questionId, this.schema.questionsById.keys());
    // Renaming to a question the example already answers would make a duplicate key.
    const fixes: Fix[] = near
      .filter((n) => !answered.has(n))
      .map((n) => ({ description: `Replace with \`${n}\``, edits: [{ file: this.file, range: answer.keyRange, text: n }] }));
    const first = near[0] !== undefined ? this.schema.questionsById.get(near[0]) : undefined;
    this.report({
      messageId: 'unknownQuestion',
      data: { question: answer.questionId, schema: this.schemaLabel, hint: near.length ? ` Did you mean ${orList(near)}?` : '' },
      file: this.file,
      range: answer.keyRange,
      ...(first ? { related: [{ file: this.schema.file, range: first.idRange, message: `question \`${first.id}\` defined here` }] } : {}),
      ...(near.length === 1 && fixes.length === 1 && fixes[0] ? { fix: fixes[0] } : {}),
      ...(fixes.length ? { suggestions: fixes } : {}),
    });
    return near.length === 1 && fixes.length === 1 ? near[0] : undefined;
  }

  private checkValue(example: Example, question: Question, answer: ExampleAnswer): void {
    const raw = answer.raw;
    const base: Path = ['answers', answer.questionId];
    // An empty value (`verdict:`) has an empty range: point at the key instead.
    const valueRange = answer.valueRange.start.offset === answer.valueRange.end.offset ? answer.keyRange : this.trim(answer.valueRange);
    switch (question.type) {
      case 'single': {
        if (!Array.isArray(raw)) {
          if (typeof raw === 'string') this.checkLabel(question, raw, valueRange);
          else this.wrongType(question, raw, valueRange, `one label of \`${question.id}\``);
          return;
        }
        if (raw.length === 0) {
          this.wrongType(question, raw, valueRange, `one label of \`${question.id}\``);
          return;
        }
        this.checkLabelItems(example, question, raw, base);
        const only = raw[0];
        if (raw.length === 1 && typeof only === 'string') {
          const itemRange = example.rangeOf([...base, 0]);
          const fix = itemRange ? this.unwrapFix(answer.valueRange, itemRange) : undefined;
          this.report({
            messageId: 'singleList',
            data: { question: question.id, label: only },
            file: this.file,
            range: valueRange,
            ...(fix ? { fix, suggestions: [fix] } : {}),
          });
        } else if (raw.length > 1) {
          this.report({ messageId: 'singleMany', data: { question: question.id, count: raw.length }, file: this.file, range: valueRange });
        }
        return;
      }
      case 'multi': {
        if (Array.isArray(raw)) {
          this.checkLabelItems(example, question, raw, base);
          return;
        }
        if (typeof raw !== 'string') {
          this.wrongType(question, raw, valueRange, `a list of labels of \`${question.id}\``);
          return;
        }
        this.checkLabel(question, raw, valueRange);
        const source = this.source(valueRange);
        // A block scalar spanning lines cannot simply be bracketed.
        const fix: Fix | undefined =
          valueRange.start.line === valueRange.end.line
            ? { description: `Wrap in a list: \`[${source}]\``, edits: [{ file: this.file, range: valueRange, text: `[${source}]` }] }
            : undefined;
        this.report({ messageId: 'multiScalar', data: { question: question.id, label: raw }, file: this.file, range: valueRange, ...(fix ? { fix, suggestions: [fix] } : {}) });
        return;
      }
      case 'text':
        if (typeof raw !== 'string') this.wrongType(question, raw, valueRange, 'a string');
        return;
      case 'rating': {
        const min = question.min ?? 1;
        const max = question.max ?? 5;
        if (typeof raw !== 'number' || !Number.isInteger(raw)) this.wrongType(question, raw, valueRange, `an integer from ${min} to ${max}`);
        else if (raw < min || raw > max) this.report({ messageId: 'ratingRange', data: { question: question.id, value: raw, min, max }, file: this.file, range: valueRange });
        return;
      }
      case 'span': {
        if (!Array.isArray(raw)) {
          this.wrongType(question, raw, valueRange, 'a list of {text, label}');
          return;
        }
        raw.forEach((item: unknown, i) => {
          const path: Path = [...base, i];
          const itemRange = this.trim(example.rangeOf(path) ?? valueRange);
          if (!isRecord(item) || typeof item.text !== 'string' || typeof item.label !== 'string') {
            const missing = isRecord(item) ? ['text', 'label'].filter((k) => typeof item[k] !== 'string') : [];
            const found = isRecord(item) ? `a mapping without a string \`${missing.join('` or `')}\`` : describeYamlValue(item);
            this.wrongType(question, item, itemRange, '{text, label}', found);
            return;
          }
          this.checkLabel(question, item.label, example.rangeOf([...path, 'label']) ?? itemRange);
          if (example.text !== undefined && !example.text.includes(item.text)) {
            const quote = item.text.length > 40 ? `${item.text.slice(0, 40)}…` : item.text;
            this.report({ messageId: 'spanText', data: { quote: JSON.stringify(quote) }, file: this.file, range: example.rangeOf([...path, 'text']) ?? itemRange });
          }
        });
        return;
      }
      default:
        // An unknown question type is schema-valid's finding; its answers cannot be judged.
        return;
    }
  }

  private checkLabelItems(example: Example, question: Question, items: unknown[], base: Path): void {
    items.forEach((item, i) => {
      const range = this.trim(example.rangeOf([...base, i]) ?? example.range);
      if (typeof item === 'string') this.checkLabel(question, item, range);
      else this.wrongType(question, item, range, `a label of \`${question.id}\``);
    });
  }

  private checkLabel(question: Question, labelId: string, range: Range): void {
    if (question.labelIds.includes(labelId)) return;
    const data = { label: labelId, question: question.id };
    const label = this.schema.labelsById.get(labelId);
    if (label) {
      this.report({
        messageId: 'otherQuestionLabel',
        data: { ...data, owner: label.questionId },
        file: this.file,
        range,
        related: [{ file: this.schema.file, range: label.idRange, message: `\`${label.id}\` defined here, under question \`${label.questionId}\`` }],
      });
      return;
    }
    const current = this.renamed.get(labelId);
    if (current && current.questionId === question.id) {
      const fix: Fix = { description: `Replace with \`${current.id}\``, edits: [{ file: this.file, range, text: current.id }] };
      this.report({
        messageId: 'renamedLabel',
        data: { ...data, current: current.id },
        file: this.file,
        range,
        related: [{ file: this.schema.file, range: current.idRange, message: `\`${current.id}\` defined here, renamed from \`${labelId}\`` }],
        fix,
        suggestions: [fix],
      });
      return;
    }
    const near = didYouMean(labelId, question.labelIds);
    const fixes: Fix[] = near.map((n) => ({ description: `Replace with \`${n}\``, edits: [{ file: this.file, range, text: n }] }));
    const first = near[0] !== undefined ? this.schema.labelsById.get(near[0]) : undefined;
    const related: RelatedLocation[] = first ? [{ file: this.schema.file, range: first.idRange, message: `\`${first.id}\` defined here` }] : [];
    this.report({
      messageId: 'unknownLabel',
      data: { ...data, hint: near.length ? ` Did you mean ${orList(near)}?` : '' },
      file: this.file,
      range,
      ...(related.length ? { related } : {}),
      ...(near.length === 1 && fixes[0] ? { fix: fixes[0] } : {}),
      ...(fixes.length ? { suggestions: fixes } : {}),
    });
  }

  private wrongType(question: Question, value: unknown, range: Range, expected: string, found = describeYamlValue(value)): void {
    this.report({ messageId: 'wrongType', data: { question: question.id, found, expected }, file: this.file, range });
  }

  /** Replaces a one-item list by its item: the whole `[x]`, or for a block list the `- ` before the item. */
  private unwrapFix(listRange: Range, itemRange: Range): Fix {
    const item = this.source(itemRange);
    const list = this.trim(listRange);
    const range = this.source(list).startsWith('[') ? list : this.doc.lines.range(list.start.offset, itemRange.end.offset);
    return { description: `Replace the list with \`${item}\``, edits: [{ file: this.file, range, text: item }] };
  }

  private source(range: Range): string {
    return this.doc.text.slice(range.start.offset, range.end.offset);
  }

  /** YAML block nodes end after their line break; findings read better without it. */
  private trim(range: Range): Range {
    let end = range.end.offset;
    while (end > range.start.offset && /\s/.test(this.doc.text[end - 1] ?? '')) end--;
    return end === range.end.offset ? range : this.doc.lines.range(range.start.offset, end);
  }
}

/** The schema's path relative to the set folder, for messages. */
function schemaName(schemaPath: string, dir: string): string {
  return schemaPath.startsWith(`${dir}/`) ? schemaPath.slice(dir.length + 1) : schemaPath;
}
