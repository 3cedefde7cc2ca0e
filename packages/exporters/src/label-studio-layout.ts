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
 * - span: `<Labels>` over the text (option trees flattened, Labels do not nest);
 * - text: `<TextArea>`; rating: `<Rating>`;
 * - `when`: the question's block gets visibleWhen="choice-selected" on the
 *   control that holds the `when` labels.
 */
import type { GuidelineSet } from '@rubric/core';
import type { OptionNode, QuestionNode, SetTree } from './tree.js';
import { setTree, walkOptions } from './tree.js';
import { ExportError, type ExportMeta } from './types.js';

/** Name and task field of the one object tag: `<Text name="text" value="$text"/>`. */
export const LS_TEXT_NAME = 'text';
export const LS_TEXT_FIELD = 'text';

/** Separates a question id from the option id in the name of a chain's sub-control. */
export const CHAIN_SEPARATOR = '__';

export type ControlKind = 'choices' | 'taxonomy' | 'labels' | 'textarea' | 'rating';

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

/** The controls of a set, by name, and each question's top control. */
export interface LsLayout {
  tree: SetTree;
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

/** The text Label Studio shows for an option: an explicit export value, else the title; made unique among its siblings with the id. */
export function shownValue(option: OptionNode, siblings: OptionNode[]): string {
  if (option.value !== option.id) return option.value;
  const twins = siblings.filter((s) => s.title === option.title).length;
  return twins > 1 ? `${option.title} (${option.id})` : option.title;
}

/** The layout of a set's questions. */
export function labelStudioLayout(tree: SetTree): LsLayout {
  const controls = new Map<string, LsControl>();
  const top = new Map<string, LsControl>();
  const controlOf = new Map<string, LsControl>();
  const triggers = new Set(tree.questions.flatMap((q) => (q.when ? [q.when.questionId] : [])));
  const add = (c: LsControl): LsControl => {
    if (controls.has(c.name)) throw new ExportError(`Two Label Studio controls would be named ${JSON.stringify(c.name)} (question ${c.question.id}); rename the question or the label`);
    controls.set(c.name, c);
    return c;
  };
  for (const q of tree.questions) {
    if (q.type === 'text') top.set(q.id, add({ name: q.id, kind: 'textarea', question: q, options: [] }));
    else if (q.type === 'rating') top.set(q.id, add({ name: q.id, kind: 'rating', question: q, options: [] }));
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
  return { tree, controls, top, controlOf };
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
