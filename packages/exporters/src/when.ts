/** Whether a question is asked, given the answers so far (the `when` of the schema, on neutral answers). */
import type { QuestionNode } from './tree.js';

/**
 * True when `q` has no `when`, or the trigger question's answer holds one of
 * the `when` labels or a label below one. The answer must have the trigger's
 * shape (a label for single, a list for multi), as the record schema says.
 */
export function whenHoldsFor(q: QuestionNode, answers: Record<string, unknown>, triggerType: QuestionNode['type'] | undefined): boolean {
  if (!q.when) return true;
  const given = answers[q.when.questionId];
  const ids = triggerType === 'multi' ? (Array.isArray(given) ? given : []) : typeof given === 'string' ? [given] : [];
  return ids.some((id) => typeof id === 'string' && q.when!.labels.includes(id));
}

/** The type of the question `q`'s `when` names. */
export function triggerType(tree: { questions: QuestionNode[] }, q: QuestionNode): QuestionNode['type'] | undefined {
  return q.when ? tree.questions.find((t) => t.id === q.when!.questionId)?.type : undefined;
}

/**
 * Removes the answers of questions whose `when` does not hold (a hidden
 * control's stale value is not an answer); repeated until nothing changes,
 * since removing a trigger's answer can hide the questions that follow it.
 */
export function dropUnasked(questions: QuestionNode[], answers: Record<string, unknown>): void {
  const tree = { questions };
  for (let changed = true; changed; ) {
    changed = false;
    for (const q of questions) {
      if (q.when && answers[q.id] !== undefined && !whenHoldsFor(q, answers, triggerType(tree, q))) {
        delete answers[q.id];
        changed = true;
      }
    }
  }
}
