/**
 * Hover, go to definition, completion and rename of labels, asked through
 * VS Code's execute*Provider commands, so the answers pass through the real
 * client, protocol conversion and VS Code's provider registry.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { diagnosticsWhere, open, positionOf, rubric, setUris, waitFor } from './helpers.js';

/** Registers the suite (called by index.ts once mocha's globals exist). */
export function navigationSuite(): void {
  suite('navigation and rename', () => {
    const valid = setUris('valid');

    suiteSetup(async () => {
      await rubric();
    });

    test('hover on a label reference shows its title and definition', async () => {
      const { document } = await open(valid.guideline);
      // `abuse.insult` in an example's answers.
      const at = positionOf(document, 'verdict: abuse.insult', 'verdict: '.length + 2);
      const hovers = await waitFor('a hover', async () => {
        const found = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', valid.guideline, at);
        return found.length ? found : undefined;
      });
      const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      assert.match(text, /abuse\.insult/);
      assert.match(text, /Insult/);
    });

    test('go to definition jumps to the label section and the schema entry', async () => {
      const { document } = await open(valid.guideline);
      const at = positionOf(document, 'verdict: abuse.insult', 'verdict: '.length + 2);
      const targets = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>('vscode.executeDefinitionProvider', valid.guideline, at);
      const where = targets.map((t) => ('targetUri' in t ? { uri: t.targetUri, range: t.targetRange } : t));
      const inGuideline = where.find((l) => l.uri.toString() === valid.guideline.toString());
      const inSchema = where.find((l) => l.uri.toString() === valid.schema.toString());
      assert.ok(inGuideline && inSchema, `definitions in guideline.md and schema.json, got ${JSON.stringify(where.map((l) => l.uri.path))}`);
      assert.match(document.lineAt(inGuideline.range.start.line).text, /^#### `abuse\.insult` Insult/);
      const schema = await vscode.workspace.openTextDocument(valid.schema);
      assert.equal(schema.getText(inSchema.range), 'abuse.insult');
    });

    test('completion inside an answer offers the labels of the question answered', async () => {
      const { document } = await open(valid.guideline);
      const at = positionOf(document, '  target: [target.person]', '  target: ['.length + 3);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', valid.guideline, at);
      const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      assert.ok(labels.includes('target.person') && labels.includes('target.group'), `target labels offered, got ${JSON.stringify(labels)}`);
      assert.ok(!labels.includes('abuse.insult'), 'labels of other questions are not offered');
    });

    test('rename a label: schema.json id (with renamedFrom) and every use in guideline.md', async () => {
      const { document } = await open(valid.guideline);
      const at = positionOf(document, '#### `abuse.threat` Threat', '#### `'.length + 3);
      const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', valid.guideline, at, 'abuse.menace');
      assert.ok(edit, 'a workspace edit');
      const files = edit.entries().map(([uri]) => uri.toString()).sort();
      assert.deepEqual(files, [valid.guideline.toString(), valid.schema.toString()].sort());
      const guidelineEdits = edit.get(valid.guideline);
      // Heading and the example answer.
      assert.ok(guidelineEdits.length >= 2, `${guidelineEdits.length} edits in guideline.md`);
      assert.ok(guidelineEdits.every((e) => e.newText === 'abuse.menace'));

      assert.equal(await vscode.workspace.applyEdit(edit), true);
      assert.ok(document.getText().includes('#### `abuse.menace` Threat'));
      assert.ok(document.getText().includes('verdict: abuse.menace'));
      assert.ok(!document.getText().includes('abuse.threat'));
      const schema = await vscode.workspace.openTextDocument(valid.schema);
      const parsed = JSON.parse(schema.getText()) as { questions: Array<{ options?: Array<{ id: string; options?: Array<{ id: string; renamedFrom?: string | string[] }> }> }> };
      const menace = parsed.questions[0]?.options?.find((o) => o.id === 'abuse')?.options?.find((o) => o.id === 'abuse.menace');
      assert.ok(menace, 'schema.json has the label under its new id');
      assert.deepEqual([menace.renamedFrom].flat(), ['abuse.threat']);
      // The renamed set still lints clean (the old id is now a known former id).
      await diagnosticsWhere(valid.guideline, 'no findings after the rename', (d) => d.length === 0);
      await vscode.workspace.saveAll(false);
    });
  });
}
