/**
 * Gold tasks from a guideline's examples, for labeler qualification and
 * quality checks: Label Studio tasks with the example's answers preloaded as a
 * ground-truth annotation, and the same in Rubric's neutral JSONL form.
 */
import { LABELLED_QUESTION_TYPES, type Example, type GuidelineSet } from '@rubric/core';
import { htmlText, placeSpan } from './html-text.js';
import { chainName, layoutOf, LS_TEXT_FIELD, LS_TEXT_NAME, taxonomyValue, type LsControl, type LsLayout } from './label-studio-layout.js';
import { itemFormatOf, setTree, type OptionNode, type QuestionNode } from './tree.js';
import { ExportError, type AnnotationRecord, type AnswerValue, type ExportFile, type ExportMeta, type SpanAnswer } from './types.js';

/** One item of a Label Studio result array. */
export interface LabelStudioResultItem {
  id: string;
  from_name: string;
  to_name: string;
  type: string;
  value: Record<string, unknown>;
}

/** A Label Studio task with its ground truth. */
export interface LabelStudioGoldTask {
  data: Record<string, unknown>;
  annotations: { result: LabelStudioResultItem[]; ground_truth: boolean; was_cancelled: boolean }[];
}

/** A gold task in the neutral form: the item, the expected record, and where the example came from. */
export interface NeutralGoldTask extends AnnotationRecord {
  item: { id: string; text: string };
  kind: string;
  why?: string;
}

/**
 * The example's answers in the neutral form (span offsets from the first
 * occurrence of each quote in the text; for an HTML item, in its rendered text).
 */
export function exampleAnswers(set: GuidelineSet, example: Example): Record<string, AnswerValue> {
  const out: Record<string, AnswerValue> = {};
  const where = `${set.guidelinePath}: example ${example.id ?? example.index + 1}`;
  let rendered: string | undefined;
  const spanText = (): string => {
    if (rendered !== undefined) return rendered;
    if (itemFormatOf(set) !== 'html') return (rendered = example.text ?? '');
    const read = htmlText(example.text ?? '');
    if ('error' in read) throw new ExportError(`${where}: ${read.error} (span offsets of an HTML item count its rendered text)`);
    return (rendered = read.text);
  };
  for (const a of example.answers) {
    const q = set.schema?.questionsById.get(a.questionId);
    if (!q) throw new ExportError(`${where} answers unknown question ${a.questionId}; fix the findings of \`rubric lint\` first`);
    const values = a.values.map((v) => v.value);
    if (q.type === 'span') {
      const text = spanText();
      out[q.id] = a.values.map((v): SpanAnswer => {
        const quote = v.quote ?? '';
        const start = quote ? text.indexOf(quote) : -1;
        if (start < 0) throw new ExportError(`${where}: span ${v.value} quotes ${JSON.stringify(quote)}, which is not in the example text`);
        return { label: v.value, start, end: start + quote.length, text: quote };
      });
    } else if (q.type === 'multi') out[q.id] = values;
    else if (q.type === 'rating') out[q.id] = Number(a.raw);
    else if ((LABELLED_QUESTION_TYPES as string[]).includes(q.type)) out[q.id] = values[0] ?? '';
    else out[q.id] = typeof a.raw === 'string' ? a.raw : values.join('\n');
  }
  return out;
}

/** The ancestors of an option in a tree (outermost first), the option last. */
function pathTo(options: OptionNode[], id: string): OptionNode[] | undefined {
  for (const o of options) {
    if (o.id === id) return [o];
    const below = pathTo(o.children, id);
    if (below) return [o, ...below];
  }
  return undefined;
}

/**
 * Neutral answers as a Label Studio result for the exported config (the
 * inverse of fromLabelStudioResult). An HTML item's spans need the item's
 * HTML (`itemText`): Label Studio places them by XPath.
 */
export function toLabelStudioResult(layout: LsLayout, answers: Record<string, AnswerValue>, idPrefix = 'r', itemText?: string): LabelStudioResultItem[] {
  const out: LabelStudioResultItem[] = [];
  const item = (control: LsControl, type: string, value: Record<string, unknown>, toName = LS_TEXT_NAME): void => {
    out.push({ id: `${idPrefix}${out.length + 1}`, from_name: control.name, to_name: toName, type, value });
  };
  for (const q of layout.tree.questions) {
    const answer = answers[q.id];
    if (answer === undefined) continue;
    const control = layout.top.get(q.id)!;
    const ids = typeof answer === 'string' ? [answer] : Array.isArray(answer) ? answer.filter((a): a is string => typeof a === 'string') : [];
    switch (control.kind) {
      case 'choices': {
        // Each chosen label selects itself and its ancestors, each in its own control of the chain.
        const byControl = new Map<string, Set<string>>();
        for (const id of ids) {
          const path = pathTo(q.options, id);
          if (!path) throw new ExportError(`Unexpected label ${id} for question ${q.id}`);
          path.forEach((o, depth) => {
            const name = depth === 0 ? q.id : chainName(q.id, path[depth - 1]!.id);
            (byControl.get(name) ?? byControl.set(name, new Set()).get(name)!).add(o.id);
          });
        }
        for (const [name, chosen] of byControl) {
          const c = layout.controls.get(name)!;
          // Label Studio lists choices in config order.
          item(c, 'choices', { choices: c.options.filter((o) => chosen.has(o.id)).map((o) => o.value) });
        }
        break;
      }
      case 'taxonomy':
        item(control, 'taxonomy', {
          taxonomy: ids.map((id) => {
            const path = pathTo(q.options, id);
            if (!path) throw new ExportError(`Unexpected label ${id} for question ${q.id}`);
            return path.map((o, i) => taxonomyValue(o, i === 0 ? q.options : path[i - 1]!.children));
          }),
        });
        break;
      case 'labels': {
        const html = layout.item.spanType === 'hypertextlabels' ? htmlText(itemText ?? '') : undefined;
        if (html && 'error' in html) throw new ExportError(`Question ${q.id}: ${html.error} (Label Studio places HTML spans by XPath)`);
        for (const span of answer as SpanAnswer[]) {
          const option = control.options.find((o) => o.id === span.label);
          if (!option) throw new ExportError(`Unexpected label ${span.label} for question ${q.id}`);
          if (!html) {
            item(control, 'labels', { start: span.start, end: span.end, text: span.text ?? '', labels: [option.value] });
            continue;
          }
          const place = placeSpan(html, span.start, span.end);
          if (!place) throw new ExportError(`Question ${q.id}: Unexpected span ${span.start}-${span.end}, expected a non-empty span of the item's rendered text (${html.text.length} characters)`);
          item(control, 'hypertextlabels', { ...place, globalOffsets: { start: span.start, end: span.end }, text: span.text ?? html.text.slice(span.start, span.end), hypertextlabels: [option.value] });
        }
        break;
      }
      case 'pairwise': {
        const option = control.options.find((o) => o.id === answer);
        if (!option) throw new ExportError(`Unexpected label ${String(answer)} for question ${q.id}`);
        // Label Studio 1.4.0 names the Pairwise control itself as to_name in what it serializes.
        item(control, 'pairwise', { selected: option.value }, control.name);
        break;
      }
      case 'textarea':
        item(control, 'textarea', { text: [String(answer)] });
        break;
      case 'rating':
        item(control, 'rating', { rating: Number(answer) });
        break;
    }
  }
  return out;
}

/** The gold tasks of a set: one per example, in document order. */
export function goldTasks(set: GuidelineSet, meta?: ExportMeta): { labelStudio: LabelStudioGoldTask[]; neutral: NeutralGoldTask[]; jsonl: string } {
  const tree = setTree(set, meta);
  const layout = layoutOf(set, tree.meta);
  const labelStudio: LabelStudioGoldTask[] = [];
  const neutral: NeutralGoldTask[] = [];
  for (const example of set.guideline?.examples ?? []) {
    const id = example.id ?? `example-${example.index + 1}`;
    const text = example.text ?? '';
    const answers = exampleAnswers(set, example);
    const kind = example.kind ?? 'unspecified';
    const rubric = { set: tree.meta.setId, version: tree.meta.version, contentHash: tree.meta.contentHash, example: id, kind };
    labelStudio.push({
      data: { [LS_TEXT_FIELD]: text, rubric },
      annotations: [{ result: toLabelStudioResult(layout, answers, `${id}-`, text), ground_truth: true, was_cancelled: false }],
    });
    neutral.push({ set: tree.meta.setId, version: tree.meta.version, contentHash: tree.meta.contentHash, item: { id, text }, answers, kind, ...(example.why ? { why: example.why } : {}) });
  }
  return { labelStudio, neutral, jsonl: neutral.map((t) => `${JSON.stringify(t)}\n`).join('') };
}

/** The gold export: Label Studio tasks (JSON, importable as is) and the neutral JSONL. */
export function goldFiles(set: GuidelineSet, meta?: ExportMeta): ExportFile[] {
  const gold = goldTasks(set, meta);
  return [
    { name: 'gold/label-studio-tasks.json', mediaType: 'application/json', content: `${JSON.stringify(gold.labelStudio, null, 2)}\n` },
    { name: 'gold/gold.jsonl', mediaType: 'application/jsonl', content: gold.jsonl },
  ];
}

