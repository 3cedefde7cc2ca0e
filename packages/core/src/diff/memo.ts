/** One diff per (base, head) pair, shared by the rules that read it. */
import type { GuidelineSet } from '../model.js';
import { diffSets, type SetDiff } from './diff.js';

const memo = new WeakMap<GuidelineSet, WeakMap<object, SetDiff>>();
const NO_BASE = {};

/** diffSets(base, head), computed once per pair of loaded sets. */
export function setDiffOf(base: GuidelineSet | null, head: GuidelineSet): SetDiff {
  let inner = memo.get(head);
  if (!inner) {
    inner = new WeakMap();
    memo.set(head, inner);
  }
  const key = base ?? NO_BASE;
  let d = inner.get(key);
  if (!d) {
    d = diffSets(base ?? undefined, head);
    inner.set(key, d);
  }
  return d;
}
