/** Shared helpers of the in-editor suites: the fixture workspace, the extension's test API, waiting. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RubricTestApi } from '../../src/extension.js';

/** The extension id (publisher.name of apps/vscode/package.json). */
export const EXTENSION_ID = 'rubric.rubric-vscode';

/** A file of the opened fixture workspace (a temp copy of test/fixtures/workspace). */
export function fixtureUri(...path: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test run opens a fixture workspace folder');
  return vscode.Uri.joinPath(folder.uri, ...path);
}

/** guideline.md and schema.json of a fixture set. */
export function setUris(set: 'valid' | 'broken'): { guideline: vscode.Uri; schema: vscode.Uri } {
  return { guideline: fixtureUri('guidelines', set, 'guideline.md'), schema: fixtureUri('guidelines', set, 'schema.json') };
}

/** Activates the extension (if needed) and returns its test API. */
export async function rubric(): Promise<RubricTestApi> {
  const extension = vscode.extensions.getExtension<RubricTestApi | undefined>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed as the extension under development`);
  const api = await extension.activate();
  assert.ok(api, 'the extension returns its test API when RUBRIC_TEST=1');
  await api.clientReady;
  return api;
}

/** Polls `probe` until it returns something other than undefined; fails with `what` after `ms`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${ms} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The diagnostics of a document once `accept` is true of them. */
export function diagnosticsWhere(uri: vscode.Uri, what: string, accept: (diagnostics: vscode.Diagnostic[]) => boolean, ms?: number): Promise<vscode.Diagnostic[]> {
  return waitFor(what, () => {
    const diagnostics = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'rubric');
    return accept(diagnostics) ? diagnostics : undefined;
  }, ms);
}

/** The rule id of a diagnostic (`code` is either the id or {value: id, target: docs URL}). */
export function ruleOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' && code !== null ? String(code.value) : String(code);
}

/** Opens a document in an editor. */
export async function open(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(document, { preview: false });
}

/** The position `offset` characters into the `nth` occurrence of `needle` in a document. */
export function positionOf(document: vscode.TextDocument, needle: string, offset = 0, nth = 0): vscode.Position {
  const text = document.getText();
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    assert.notEqual(at, -1, `${document.uri.path} contains ${JSON.stringify(needle)} ${nth + 1} time(s)`);
  }
  return document.positionAt(at + offset);
}

/** Diagnostic source set by the server on every finding. */
export const SOURCE = 'rubric';
