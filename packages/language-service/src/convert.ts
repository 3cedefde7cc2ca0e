/**
 * The boundary between core and LSP: core ranges are 1-based line/column,
 * LSP ranges 0-based; findings become Diagnostics with the rule id as `code`,
 * its docs page as `codeDescription.href`, `source: 'rubric'` and related
 * locations. Every feature converts through here and nowhere else.
 */
import type { Finding, Fix, Position as CorePosition, Range as CoreRange, Severity } from '@rubric/core';
import { DiagnosticSeverity, type Diagnostic, type Position, type Range, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver-types';

/** `source` of every Rubric diagnostic. */
export const DIAGNOSTIC_SOURCE = 'rubric';

/** LSP position of a core position. */
export function toLspPosition(p: CorePosition): Position {
  return { line: Math.max(0, p.line - 1), character: Math.max(0, p.column - 1) };
}

/** LSP range of a core range. */
export function toLspRange(r: CoreRange): Range {
  return { start: toLspPosition(r.start), end: toLspPosition(r.end) };
}

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** A finding as an LSP diagnostic; `uriOf` maps core file paths to document URIs. */
export function toDiagnostic(finding: Finding, uriOf: (file: string) => string): Diagnostic {
  const diagnostic: Diagnostic = {
    range: toLspRange(finding.range),
    severity: SEVERITIES[finding.severity],
    code: finding.ruleId,
    codeDescription: { href: finding.docsUrl },
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
  };
  if (finding.related?.length) {
    diagnostic.relatedInformation = finding.related.map((r) => ({ location: { uri: uriOf(r.file), range: toLspRange(r.range) }, message: r.message }));
  }
  return diagnostic;
}

/** A core fix as an LSP workspace edit (edits grouped per document). */
export function toWorkspaceEdit(fix: Fix, uriOf: (file: string) => string): WorkspaceEdit {
  const changes: Record<string, TextEdit[]> = {};
  for (const e of fix.edits) (changes[uriOf(e.file)] ??= []).push({ range: toLspRange(e.range), newText: e.text });
  return { changes };
}

/** True when two LSP ranges overlap or touch (a cursor at either end counts). */
export function rangesTouch(a: Range, b: Range): boolean {
  return !(before(a.end, b.start) || before(b.end, a.start));
}

/** True when `a` is strictly before `b`. */
export function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** True when `p` lies in `r`, both ends included (a cursor just after a word is still on it). */
export function contains(r: Range, p: Position): boolean {
  return !before(p, r.start) && !before(r.end, p);
}
