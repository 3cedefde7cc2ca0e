/**
 * How a guideline set maps onto Label Studio controls, shared by the config
 * writer and the result reader so the two cannot drift apart.
 *
 * - single / multi without hierarchy: one `<Choices>` (radio / checkboxes),
 *   showing titles and exporting label ids through `alias`;
 * - single / multi with hierarchy: a `<Taxonomy>` when no question depends on
 *   it, else a visibleWhen chain: the top-level options in `<Choices name=q>`,
 *   and below each option with children a `<Choices name="q__<option id>">`
 *   shown only while that option is selected (Label Studio 1.4.0 drops a
 *   nested `<Choice>` inside `<Choices>`, and a Taxonomy cannot trigger
 *   visibleWhen, hence the chain);
 * - span: `<Labels>` over the text (option trees flattened, Labels do not nest),
 *   `<HyperTextLabels>` when the item is HTML;
 * - text: `<TextArea>`; rating: `<Rating>`;
 * - pairwise: `<Pairwise>` over two more texts, the item's `left` and `right`;
 * - `when`: the question's block gets visibleWhen="choice-selected" on the
 *   control that holds the `when` labels.
 *
 * Choices and Labels show an option's title and export its value (`alias`
 * when the two differ), so a config imported with `value` and `alias` comes
 * back as it was; a Taxonomy has no alias, so it shows what it exports.
 */
import type { GuidelineSet } from '@rubric/core';
import type { OptionNode, QuestionNode, SetTree } from './tree.js';
import { setTree, walkOptions } from './tree.js';
import { ExportError, type ExportMeta } from './types.js';

/** Name and task field of the item's object tag: `<Text name="text" value="$text"/>`. */
export const LS_TEXT_NAME = 'text';
export const LS_TEXT_FIELD = 'text';

/** Names (and task fields) of the two texts a pairwise question compares, in the order Label Studio calls left and right. */
export const LS_PAIR = ['left', 'right'] as const;

/** Separates a question id from the option id in the name of a chain's sub-control. */
export const CHAIN_SEPARATOR = '__';

export type ControlKind = 'choices' | 'taxonomy' | 'labels' | 'textarea' | 'rating' | 'pairwise';

/** One control tag of the config. */
export interface LsControl {
  name: string;
  kind: ControlKind;
  question: QuestionNode;
  /** For a chain's sub-control: the option whose children it offers. */
  parent?: OptionNode;
  /** The options this control offers directly (all of them, nested, for a Taxonomy; flattened for Labels). */
  options: OptionNode[];
}

/** The tags that show the item and mark spans in it: plain text, or HTML (`item.format: html`). */
export interface LsItemTags {
  /** The object tag: `Text` or `HyperText`. */
  object: 'Text' | 'HyperText';
  /** The span control: `Labels` or `HyperTextLabels`. */
  spans: 'Labels' | 'HyperTextLabels';
  /** The result `type` of a span, which is also the key of its labels in `value`. */
  spanType: 'labels' | 'hypertextlabels';
}

/** The controls of a set, by name, and each question's top control. */
export interface LsLayout {
  tree: SetTree;
  item: LsItemTags;
  controls: Map<string, LsControl>;
  /** Question id -> the control that answers it (for chains, the top one). */
  top: Map<string, LsControl>;
  /** Label id -> the control offering it (chains and flat Choices; Taxonomy and Labels map every option to themselves). */
  controlOf: Map<string, LsControl>;
}

/** The name of the chain control below `optionId` of question `questionId`. */
export function chainName(questionId: string, optionId: string): string {
  return `${questionId}${CHAIN_SEPARATOR}${optionId}`;
}

/** The text a `<Choice>` of Choices or a `<Label>` shows: the title, made unique among its siblings with the id (the value goes to `alias`). */
export function shownTitle(option: OptionNode, siblings: OptionNode[]): string {
  const twins = siblings.filter((s) => s.title === option.title).length;
  return twins > 1 ? `${option.title} (${option.id})` : option.title;
}

/** The text a Taxonomy `<Choice>` shows and exports (Taxonomy has no alias): an explicit export value, else the shown title. */
export function taxonomyValue(option: OptionNode, siblings: OptionNode[]): string {
  return option.value !== option.id ? option.value : shownTitle(option, siblings);
}

/** The two options of a pairwise question, left first; throws ExportError when it is not a single question with options exporting left and right. */
export function pairOptions(q: QuestionNode, setId: string): [OptionNode, OptionNode] {
  const left = q.options.find((o) => o.value === LS_PAIR[0]);
  const right = q.options.find((o) => o.value === LS_PAIR[1]);
  if (q.type !== 'single' || q.options.length !== 2 || !left || !right || left.children.length || right.children.length) {
    throw new ExportError(`${setId} question ${q.id}: Unexpected pairwise question of type ${q.type} with options exporting ${q.options.map((o) => JSON.stringify(o.value)).join(', ')}, expected a single question with two options exporting "left" and "right"`);
  }
  return [left, right];
}

/** The layout of a set's questions. */
export function labelStudioLayout(tree: SetTree): LsLayout {
  const controls = new Map<string, LsControl>();
  const top = new Map<string, LsControl>();
  const controlOf = new Map<string, LsControl>();
  const triggers = new Set(tree.questions.flatMap((q) => (q.when ? [q.when.questionId] : [])));
  const pairwise = tree.questions.filter((q) => q.pairwise);
  if (pairwise.length > 1) throw new ExportError(`${tree.meta.setId}: Unexpected pairwise questions ${pairwise.map((q) => q.id).join(' and ')}, expected at most one: Label Studio shows the pair of texts once`);
  const objects = new Set<string>([LS_TEXT_NAME, ...(pairwise.length ? LS_PAIR : [])]);
  const add = (c: LsControl): LsControl => {
    if (objects.has(c.name)) throw new ExportError(`${tree.meta.setId} question ${c.question.id}: Unexpected control name ${JSON.stringify(c.name)}, expected a name other than ${[...objects].join(', ')}: the config names its text objects so; rename the question`);
    if (controls.has(c.name)) throw new ExportError(`Two Label Studio controls would be named ${JSON.stringify(c.name)} (question ${c.question.id}); rename the question or the label`);
    controls.set(c.name, c);
    return c;
  };
  for (const q of tree.questions) {
    if (q.type === 'text') top.set(q.id, add({ name: q.id, kind: 'textarea', question: q, options: [] }));
    else if (q.type === 'rating') top.set(q.id, add({ name: q.id, kind: 'rating', question: q, options: [] }));
    else if (q.pairwise) {
      const c = add({ name: q.id, kind: 'pairwise', question: q, options: pairOptions(q, tree.meta.setId) });
      top.set(q.id, c);
      for (const o of c.options) controlOf.set(o.id, c);
    }
    else if (q.type === 'span') {
      const c = add({ name: q.id, kind: 'labels', question: q, options: walkOptions(q.options).map((w) => w.option) });
      top.set(q.id, c);
      for (const o of c.options) controlOf.set(o.id, c);
    } else {
      const nested = q.options.some((o) => o.children.length > 0);
      if (nested && !triggers.has(q.id)) {
        const c = add({ name: q.id, kind: 'taxonomy', question: q, options: q.options });
        top.set(q.id, c);
        for (const { option } of walkOptions(q.options)) controlOf.set(option.id, c);
        continue;
      }
      const chain = (name: string, options: OptionNode[], parent?: OptionNode): LsControl => {
        const c = add({ name, kind: 'choices', question: q, options, ...(parent ? { parent } : {}) });
        for (const o of options) {
          controlOf.set(o.id, c);
          if (o.children.length) chain(chainName(q.id, o.id), o.children, o);
        }
        return c;
      };
      top.set(q.id, chain(q.id, q.options));
    }
  }
  const item: LsItemTags = tree.itemFormat === 'html' ? { object: 'HyperText', spans: 'HyperTextLabels', spanType: 'hypertextlabels' } : { object: 'Text', spans: 'Labels', spanType: 'labels' };
  return { tree, item, controls, top, controlOf };
}

const layouts = new WeakMap<GuidelineSet, LsLayout>();

/** The layout of a loaded set, built once per set (the registry converts and validates many records against one set). */
export function layoutOf(set: GuidelineSet, meta?: ExportMeta): LsLayout {
  let layout = layouts.get(set);
  if (!layout) {
    layout = labelStudioLayout(setTree(set, meta));
    layouts.set(set, layout);
  }
  return layout;
}
