/** A set's questions as the statistics see them: label ids coded by position in the tree, with each label's parent and ancestors. */
import { walkOptions, type QuestionNode, type SetTree } from '@rubric/exporters';

/** One question with its labels coded 0 .. labels.length - 1 (depth first, as the schema lists them). */
export interface QuestionModel {
  node: QuestionNode;
  index: number;
  labels: string[];
  code: Map<string, number>;
  /** Parent label code, -1 at the top. */
  parent: Int32Array;
  deprecated: boolean[];
  /** For each label code: the label and its ancestors ("chose this label or a label below it" holds for each of them). */
  covers: Int32Array[];
}

/** The question models of a set tree. */
export function questionModels(tree: SetTree): QuestionModel[] {
  return tree.questions.map((node, index) => {
    const walked = walkOptions(node.options);
    const labels = walked.map((w) => w.option.id);
    const code = new Map(labels.map((id, i) => [id, i]));
    const parent = Int32Array.from(walked, (w) => (w.parentId !== undefined ? (code.get(w.parentId) ?? -1) : -1));
    const covers = labels.map((_, i) => {
      const chain: number[] = [];
      for (let c = i; c !== -1 && !chain.includes(c); c = parent[c] as number) chain.push(c);
      return Int32Array.from(chain);
    });
    return { node, index, labels, code, parent, deprecated: walked.map((w) => w.option.deprecated !== undefined), covers };
  });
}

/** The labels a set of chosen label codes covers (each and its ancestors), sorted and distinct. */
export function coversOf(model: QuestionModel, codes: ArrayLike<number>): Int32Array {
  const out = new Set<number>();
  for (let i = 0; i < codes.length; i++) for (const c of model.covers[codes[i] as number] ?? []) out.add(c);
  return Int32Array.from([...out].sort((a, b) => a - b));
}
