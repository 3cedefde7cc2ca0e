/**
 * Quick fixes from the findings' own `fix` and `suggestions` (the rules decide
 * what a fix is; the editor only offers it), and `source.fixAll.rubric`, which
 * applies every safe fix of the document's set like `rubric lint --fix`.
 */
import { applyEdits, fixEditsByFile, type Finding, type Fix } from '@rubric/core';
import { CodeActionKind, type CodeAction, type Range, type TextEdit } from 'vscode-languageserver-types';
import { rangesTouch, toDiagnostic, toLspRange, toWorkspaceEdit } from '../convert.js';
import type { SetState } from '../sets.js';

/** Code action kind of "apply every safe Rubric fix". */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.rubric`;

/** Which code actions the client asked for (LSP `context.only`). */
export type CodeActionKinds = readonly string[] | undefined;

const wants = (only: CodeActionKinds, kind: string): boolean => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));

/** Quick fixes for the findings in `range` of `uri`, and the fix-all source action. */
export function codeActions(state: SetState, uri: string, range: Range, only: CodeActionKinds): CodeAction[] {
  const actions: CodeAction[] = [];
  const findings = state.findings();
  if (wants(only, CodeActionKind.QuickFix)) {
    for (const finding of findings) {
      if (state.uriOf(finding.file) !== uri || !rangesTouch(toLspRange(finding.range), range)) continue;
      actions.push(...quickFixes(finding, state));
    }
  }
  if (wants(only, FIX_ALL_KIND)) {
    const edit = fixAllEdit(findings, state, uri);
    if (edit) actions.push({ title: 'Fix all safe Rubric problems', kind: FIX_ALL_KIND, edit: { changes: { [uri]: edit } } });
  }
  return actions;
}

function sameFix(a: Fix, b: Fix): boolean {
  return JSON.stringify(a.edits) === JSON.stringify(b.edits);
}

/** The finding's suggestions, with its safe fix first and preferred. */
function quickFixes(finding: Finding, state: SetState): CodeAction[] {
  const diagnostic = toDiagnostic(finding, state.uriOf);
  const fixes: Fix[] = [];
  if (finding.fix) fixes.push(finding.fix);
  for (const s of finding.suggestions ?? []) if (!fixes.some((f) => sameFix(f, s))) fixes.push(s);
  return fixes.map((fix) => ({
    title: fix.description,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: finding.fix !== undefined && sameFix(fix, finding.fix),
    edit: toWorkspaceEdit(fix, state.uriOf),
  }));
}

/** One edit turning the document into its text with every safe fix applied (core's applyEdits decides overlaps), or undefined when nothing changes. */
function fixAllEdit(findings: readonly Finding[], state: SetState, uri: string): TextEdit[] | undefined {
  for (const [file, edits] of fixEditsByFile(findings)) {
    if (state.uriOf(file) !== uri) continue;
    const doc = file === state.set.guideline?.file ? state.set.guideline : file === state.set.schema?.file ? state.set.schema : undefined;
    if (!doc) return undefined;
    const fixed = applyEdits(doc.text, edits).text;
    // Only the changed middle is replaced, so the editor keeps cursors and folds elsewhere.
    let start = 0;
    while (start < doc.text.length && start < fixed.length && doc.text[start] === fixed[start]) start++;
    let end = 0;
    while (end < doc.text.length - start && end < fixed.length - start && doc.text[doc.text.length - 1 - end] === fixed[fixed.length - 1 - end]) end++;
    if (start === doc.text.length && start === fixed.length) return undefined;
    return [{ range: toLspRange(doc.lines.range(start, doc.text.length - end)), newText: fixed.slice(start, fixed.length - end) }];
  }
  return undefined;
}
