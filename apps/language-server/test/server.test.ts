import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, CompletionItem, DocumentSymbol, Hover, Location, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { copyFixture, initialize, startClient, type TestClient } from './support/client.js';

const fixture = copyFixture();
const guideline = readFileSync(fixture.guidelinePath, 'utf8');
const schema = readFileSync(fixture.schemaPath, 'utf8');
let client: TestClient;

/** LSP position of the first `needle` in `text`, `shift` characters in. */
function pos(text: string, needle: string, shift = 0, nth = 0): { line: number; character: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`${needle} not found`);
  return TextDocument.create('x', 'x', 0, text).positionAt(at + shift);
}
const apply = (text: string, edits: TextEdit[]): string => TextDocument.applyEdits(TextDocument.create('x', 'x', 0, text), edits);

beforeAll(async () => {
  client = startClient();
  const init = await initialize(client, pathToFileURL(fixture.root).href);
  expect(init.capabilities).toMatchObject({
    textDocumentSync: { openClose: true, change: 2 },
    hoverProvider: true,
    definitionProvider: true,
    referencesProvider: true,
    renameProvider: { prepareProvider: true },
    codeActionProvider: { codeActionKinds: ['quickfix', 'source.fixAll.rubric'] },
    documentSymbolProvider: true,
    foldingRangeProvider: true,
    codeLensProvider: { resolveProvider: false },
  });
  await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: fixture.guidelineUri, languageId: 'markdown', version: 1, text: guideline } });
});

afterAll(async () => {
  await client.close();
  fixture.cleanup();
});

describe('language server over stdio', () => {
  it('publishes diagnostics for an opened guideline, then for each incremental edit', async () => {
    const first = await client.waitForDiagnostics((p) => p.uri === fixture.guidelineUri && p.version === 1);
    expect(first.diagnostics).toEqual([]);
    // Incremental change: `abuse.insult` -> `abuse.insul` in the Scope paragraph.
    const at = pos(guideline, 'abuse.insult`', 'abuse.insul'.length);
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: fixture.guidelineUri, version: 2 },
      contentChanges: [{ range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: '' }],
    });
    const second = await client.waitForDiagnostics((p) => p.uri === fixture.guidelineUri && p.version === 2);
    expect(second.diagnostics).toHaveLength(1);
    expect(second.diagnostics[0]).toMatchObject({
      code: 'label-reference-known',
      source: 'rubric',
      range: { start: pos(guideline, 'abuse.insult'), end: at },
      codeDescription: { href: expect.stringContaining('label-reference-known.md') },
    });
    // The set status follows the diagnostics of the same lint.
    await expect.poll(() => client.statuses).toContainEqual(expect.objectContaining({ guidelineUri: fixture.guidelineUri, setId: 'mini', errors: 1 }));
  });

  it('applies the quick fix for the typo and the diagnostic goes away', async () => {
    const current = guideline.replace('`abuse.insult` for', '`abuse.insul` for');
    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: fixture.guidelineUri },
      range: { start: pos(current, 'abuse.insul`'), end: pos(current, 'abuse.insul`') },
      context: { diagnostics: [] },
    });
    const fix = actions.find((a) => a.title === 'Replace with `abuse.insult`' && a.kind === 'quickfix');
    expect(fix?.isPreferred).toBe(true);
    const edits = fix?.edit?.changes?.[fixture.guidelineUri] ?? [];
    const fixed = apply(current, edits);
    expect(fixed).toBe(guideline);
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: fixture.guidelineUri, version: 3 }, contentChanges: edits.map((e) => ({ range: e.range, text: e.newText })) });
    const after = await client.waitForDiagnostics((p) => p.uri === fixture.guidelineUri && p.version === 3);
    expect(after.diagnostics).toEqual([]);
  });

  it('an unsaved schema.json edit changes guideline.md diagnostics', async () => {
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: fixture.schemaUri, languageId: 'json', version: 1, text: schema } });
    await client.waitForDiagnostics((p) => p.uri === fixture.schemaUri && p.version === 1);
    const before = client.diagnostics.length;
    const idRange = { start: pos(schema, 'abuse.threat', 0), end: pos(schema, 'abuse.threat', 'abuse.threat'.length) };
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: fixture.schemaUri, version: 2 }, contentChanges: [{ range: idRange, text: 'abuse.menace' }] });
    const g = await client.waitForDiagnostics((p, i = client.diagnostics.indexOf(p)) => i >= before && p.uri === fixture.guidelineUri && p.diagnostics.length > 0);
    expect(g.diagnostics.map((d) => d.code)).toEqual(['section-label-known', 'example-answers']);
    expect(g.diagnostics[0]?.range.start).toEqual(pos(guideline, 'abuse.threat'));
    // Undo: back to clean.
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: fixture.schemaUri, version: 3 }, contentChanges: [{ text: schema }] });
    await client.waitForDiagnostics((p, i = client.diagnostics.indexOf(p)) => i > client.diagnostics.indexOf(g) && p.uri === fixture.guidelineUri && p.diagnostics.length === 0);
  });

  it('hover, completion, definition and references answer over the wire', async () => {
    const hover = await client.connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri: fixture.guidelineUri }, position: pos(guideline, 'abuse.insult', 3) });
    expect(hover.range).toEqual({ start: pos(guideline, 'abuse.insult'), end: pos(guideline, 'abuse.insult', 12) });
    expect((hover.contents as { value: string }).value).toContain('**`abuse.insult`** Insult');

    const items = await client.connection.sendRequest<CompletionItem[]>('textDocument/completion', { textDocument: { uri: fixture.guidelineUri }, position: pos(guideline, '  verdict: none', '  verdict: '.length) });
    expect(items.map((i) => i.label)).toEqual(['none', 'abuse', 'abuse.insult', 'abuse.threat', 'abuse.old']);

    const defs = await client.connection.sendRequest<Location[]>('textDocument/definition', { textDocument: { uri: fixture.guidelineUri }, position: pos(guideline, 'abuse.insult', 1) });
    expect(defs.map((d) => [d.uri, d.range.start.line])).toEqual([
      [fixture.guidelineUri, pos(guideline, '#### `abuse.insult`').line],
      [fixture.schemaUri, pos(schema, '"abuse.insult"').line],
    ]);
    const refs = await client.connection.sendRequest<Location[]>('textDocument/references', { textDocument: { uri: fixture.schemaUri }, position: pos(schema, 'abuse.insult', 2), context: { includeDeclaration: true } });
    expect(refs).toHaveLength(6);
  });

  it('renames a label across both files, and refuses a taken id with a readable error', async () => {
    const edit = await client.connection.sendRequest<WorkspaceEdit>('textDocument/rename', { textDocument: { uri: fixture.guidelineUri }, position: pos(guideline, 'abuse.threat', 1), newName: 'abuse.menace' });
    const g = apply(guideline, edit.changes?.[fixture.guidelineUri] ?? []);
    const s = apply(schema, edit.changes?.[fixture.schemaUri] ?? []);
    expect(g).toBe(guideline.replaceAll('abuse.threat', 'abuse.menace'));
    expect(s).toContain('{ "id": "abuse.menace", "renamedFrom": ["abuse.threat"], "title": "Threat"');
    await expect(
      client.connection.sendRequest('textDocument/rename', { textDocument: { uri: fixture.guidelineUri }, position: pos(guideline, 'abuse.threat', 1), newName: 'abuse.insult' }),
    ).rejects.toMatchObject({ code: -32803, message: expect.stringContaining('already has a label `abuse.insult`') });
  });

  it('document symbols and the preview', async () => {
    const symbols = await client.connection.sendRequest<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: fixture.schemaUri } });
    expect(symbols.map((s) => s.name)).toEqual(['verdict', 'target', 'rationale']);
    expect(symbols[0]?.children?.[1]?.children?.map((c) => c.name)).toEqual(['abuse.insult', 'abuse.threat', 'abuse.old']);
    const preview = await client.connection.sendRequest<{ html: string; title: string; guidelineUri: string; documentVersion: number | null }>('rubric/preview', { uri: fixture.schemaUri });
    expect(preview).toMatchObject({ guidelineUri: fixture.guidelineUri, title: 'Mini', documentVersion: 3 });
    expect(preview.html).toContain('Calling someone names.');
    expect(await client.connection.sendRequest('rubric/setStatusOf', { uri: fixture.schemaUri })).toMatchObject({ setId: 'mini', errors: 0 });
    expect(await client.connection.sendRequest('rubric/preview', { uri: pathToFileURL('/nowhere/readme.md').href })).toBeNull();
  });

  it('shuts down and exits cleanly', async () => {
    const exited = new Promise<number | null>((resolve) => client.child.once('exit', (code) => resolve(code)));
    await client.connection.sendRequest('shutdown');
    await client.connection.sendNotification('exit');
    expect(await exited).toBe(0);
  });
});
