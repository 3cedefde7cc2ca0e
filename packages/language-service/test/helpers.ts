/** Test helpers: the fixture repository in an in-memory workspace, and positions found by searching text. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { createLanguageService, createMemoryWorkspace, type LanguageService, type MemoryWorkspace } from '../src/index.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/repo/', import.meta.url));

export const ROOT = 'file:///repo';
export const GUIDELINE = `${ROOT}/guidelines/mini/guideline.md`;
export const SCHEMA = `${ROOT}/guidelines/mini/schema.json`;
export const CONFIG = `${ROOT}/rubric.config.json`;

/** The fixture files' texts. */
export const fixture = {
  guideline: readFileSync(`${FIXTURE}guidelines/mini/guideline.md`, 'utf8'),
  schema: readFileSync(`${FIXTURE}guidelines/mini/schema.json`, 'utf8'),
  config: readFileSync(`${FIXTURE}rubric.config.json`, 'utf8'),
};

/** A memory workspace holding the fixture repository, and a language service over it. */
export function setup(overrides: { guideline?: string; schema?: string; config?: string } = {}): { workspace: MemoryWorkspace; service: LanguageService } {
  const workspace = createMemoryWorkspace({
    [GUIDELINE]: overrides.guideline ?? fixture.guideline,
    [SCHEMA]: overrides.schema ?? fixture.schema,
    [CONFIG]: overrides.config ?? fixture.config,
  });
  return { workspace, service: createLanguageService({ workspace }) };
}

/** Position of the `nth` occurrence of `needle` in `text`, moved `shift` characters into it. */
export function pos(text: string, needle: string, shift = 0, nth = 0): Position {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`${JSON.stringify(needle)} #${nth} not found`);
  }
  return TextDocument.create('x', 'x', 0, text).positionAt(at + shift);
}

/** Range of the `nth` occurrence of `needle` in `text`. */
export function rangeOf(text: string, needle: string, nth = 0): Range {
  const start = pos(text, needle, 0, nth);
  return { start, end: { line: start.line, character: start.character + needle.length } };
}

/** Applies LSP edits to a text. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('x', 'x', 0, text), edits);
}

/** The text of `uri` after a workspace edit. */
export function applyWorkspaceEdit(texts: Record<string, string>, edit: WorkspaceEdit): Record<string, string> {
  const out = { ...texts };
  for (const [uri, edits] of Object.entries(edit.changes ?? {})) out[uri] = applyEdits(out[uri] ?? '', edits);
  return out;
}
