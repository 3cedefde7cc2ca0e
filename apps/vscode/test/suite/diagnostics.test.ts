/**
 * Diagnostics from the bundled language server in a real VS Code, the quick
 * fix and "fix all" round trips through VS Code's own command API, the status
 * bar item, and the contributed JSON Schema for schema.json.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { diagnosticsWhere, open, rubric, ruleOf, setUris, waitFor } from './helpers.js';

/** Registers the suite (called by index.ts once mocha's globals exist). */
export function diagnosticsSuite(): void {
  suite('diagnostics', () => {
    const broken = setUris('broken');
    const valid = setUris('valid');

    test('activates and starts the language client', async () => {
      const api = await rubric();
      assert.equal(api.client.isRunning(), true);
      assert.ok(api.activationMs > 0 && api.activationMs < 10_000, `activation took ${api.activationMs} ms`);
      const ready = await api.clientReady;
      assert.ok(ready >= api.activationMs, `the client was ready ${ready} ms after activation started, activation returned at ${api.activationMs} ms`);
    });

    test('shows the server findings of a broken set, rule id as code, on guideline.md and schema.json', async () => {
      await open(broken.guideline);
      const diagnostics = await diagnosticsWhere(broken.guideline, 'three findings on broken/guideline.md', (d) => d.length === 3);
      const byRule = diagnostics.map((d) => `${ruleOf(d)} ${d.range.start.line + 1}:${d.range.start.character + 1}`).sort();
      assert.deepEqual(byRule, ['label-reference-known 20:41', 'label-reference-known 20:59', 'no-invisible-characters 14:16']);
      const typo = diagnostics.find((d) => d.message.includes('`abuse.inslt`'));
      assert.ok(typo, 'a finding for the typo `abuse.inslt`');
      assert.equal(typo.severity, vscode.DiagnosticSeverity.Error);
      assert.match(typo.message, /Did you mean `abuse\.insult`\?/);
      // Cross-file finding: the related location points into schema.json.
      assert.ok(typo.relatedInformation?.some((r) => r.location.uri.toString() === broken.schema.toString()), 'related information in schema.json');
      // schema.json is not open, and still gets the set's findings.
      const schema = await diagnosticsWhere(broken.schema, 'schema-valid on broken/schema.json', (d) => d.some((x) => ruleOf(x) === 'schema-valid'));
      assert.match(schema[0]!.message, /Unexpected field `colour`/);
    });

    test('shows no findings for a valid set', async () => {
      const api = await rubric();
      await open(valid.guideline);
      // The status bar only shows a set after the server linted it, so "0 errors" there means the lint ran.
      await waitFor('status bar of the valid set', () => (api.statusText().startsWith('$(book) valid ') ? true : undefined));
      assert.deepEqual(vscode.languages.getDiagnostics(valid.guideline).filter((d) => d.source === 'rubric'), []);
    });

    test('status bar: set id, version, status and findings of the active editor', async () => {
      const api = await rubric();
      await open(valid.guideline);
      await waitFor('valid in the status bar', () => (api.statusText() === '$(book) valid 1.0.0 (draft) $(error) 0 $(warning) 0 $(info) 0' ? true : undefined));
      await open(broken.guideline);
      const text = await waitFor('broken in the status bar', () => (api.statusText().startsWith('$(book) broken ') ? api.statusText() : undefined));
      assert.equal(text, '$(book) broken 1.0.0 (draft) $(error) 4 $(warning) 0 $(info) 0');
    });

    test('a quick fix from vscode.executeCodeActionProvider removes the finding once applied', async () => {
      const editor = await open(broken.guideline);
      const [typo] = (await diagnosticsWhere(broken.guideline, 'the typo finding', (d) => d.some((x) => x.message.includes('`abuse.inslt`')))).filter((d) => d.message.includes('`abuse.inslt`'));
      assert.ok(typo);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', broken.guideline, typo.range, vscode.CodeActionKind.QuickFix.value);
      const fix = actions.find((a) => a.title === 'Replace with `abuse.insult`');
      assert.ok(fix?.edit, `a "Replace with \`abuse.insult\`" quick fix among ${JSON.stringify(actions.map((a) => a.title))}`);
      assert.equal(fix.isPreferred, true);
      assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
      assert.match(editor.document.lineAt(typo.range.start.line).text, /`abuse\.insult` and `spam\.bot`/);
      const after = await diagnosticsWhere(broken.guideline, 'the typo finding gone', (d) => d.length === 2);
      assert.ok(!after.some((d) => d.message.includes('abuse.inslt')));
    });

    test('Rubric: Fix All applies the server\'s source.fixAll.rubric action', async () => {
      const editor = await open(broken.guideline);
      assert.ok(editor.document.getText().includes('\u200b'), 'the fixture has a zero-width space');
      assert.equal(await vscode.commands.executeCommand<boolean>('rubric.fixAll', broken.guideline), true);
      assert.ok(!editor.document.getText().includes('\u200b'), 'the zero-width space is removed');
      const after = await diagnosticsWhere(broken.guideline, 'only the unknown `spam.bot` left', (d) => d.length === 1);
      assert.equal(ruleOf(after[0]!), 'label-reference-known');
      assert.match(after[0]!.message, /`spam\.bot`/);
      // Nothing else is safely fixable: the command says so instead of editing.
      assert.equal(await vscode.commands.executeCommand<boolean>('rubric.fixAll', broken.guideline), false);
    });

    test('schema.json is validated by the contributed meta-schema (jsonValidation)', async () => {
      await open(broken.schema);
      const json = await waitFor('a JSON schema diagnostic on broken/schema.json', () => {
        const found = vscode.languages.getDiagnostics(broken.schema).filter((d) => d.source !== 'rubric' && /colour/.test(d.message));
        return found.length ? found : undefined;
      }, 30_000);
      assert.match(json[0]!.message, /colour/);
    });
  });
}
