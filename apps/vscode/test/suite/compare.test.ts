/**
 * "Rubric: Compare with Base" in code-server, over the test workspace made a
 * real git repository by the runner (fixture committed on main, tests on a
 * branch): the panel's page (CSP, script, the diff grouped by level), the
 * code lens on the frontmatter version line, the status bar's bump, the panel
 * following an unsaved edit, the quick fix's result in both files, and the
 * "go to" link revealing the label's section.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fixtureUri, open, positionOf, rubric, waitFor } from './helpers.js';

/** What the test measured, for the run's report. */
export const compareTimings: { updateMs?: number } = {};

/** Registers the suite (called by index.ts once mocha's globals exist). */
export function compareSuite(): void {
  suite('compare with base', () => {
    const guideline = fixtureUri('guidelines', 'compare', 'guideline.md');
    const schema = fixtureUri('guidelines', 'compare', 'schema.json');
    const key = guideline.toString();
    const panel = async () => (await rubric()).compares().find((c) => c.guidelineUri === key);
    const versionLens = async (): Promise<string | undefined> => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', guideline);
      return lenses?.find((l) => l.command?.command === 'rubric.compare.open')?.command?.title;
    };

    test('opens a locked-down panel comparing the set with main: nothing changed yet', async () => {
      const api = await rubric();
      await open(guideline);
      assert.equal(await vscode.commands.executeCommand<boolean>('rubric.compare.open'), true);
      const p = await panel();
      assert.ok(p, 'a compare panel for the set');
      assert.equal(p.title, 'Compare Compare set with main');
      assert.deepEqual([p.base.label, p.base.ref, p.required, p.declared, p.tooSmall], ['main', 'main', 'none', 'none', false]);
      assert.match(p.base.commit, /^[0-9a-f]{40}$/);
      assert.ok(p.fragment.includes('No semantic changes.'));
      const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(p.html)?.[1];
      assert.ok(csp, 'a CSP meta tag');
      assert.match(csp, /^default-src 'none'; style-src 'nonce-[A-Za-z0-9+/]{22}=='; img-src data: \S+; script-src 'nonce-[A-Za-z0-9+/]{22}=='; base-uri 'none'; form-action 'none'$/);
      const scripts = [...p.html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      assert.equal(scripts.length, 1);
      assert.match(scripts[0]!, /^<script nonce="[^"]+" src="[^"]+\/media\/compare\.js">$/);
      const rendered = await waitFor('the compare page script to report', async () => (await panel())?.rendered ?? undefined, 30_000);
      assert.equal(rendered.changes, 0);
      assert.ok(rendered.theme.startsWith('vscode-'), `theme ${rendered.theme}`);
      assert.equal(await waitFor('the version code lens', versionLens), 'unchanged since main');
      void api;
    });

    test('an unsaved label removal: the panel updates, grouped by level, with the required and declared bump', async () => {
      const api = await rubric();
      const editor = await open(schema);
      const next = api.nextCompareRender(key, 15_000);
      const removed = ',\n            { "id": "abuse.threat", "title": "Threat", "severity": "high" }';
      const at = editor.document.getText().indexOf(removed);
      assert.ok(at > 0, 'the fixture schema has abuse.threat');
      await editor.edit((b) => b.delete(new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + removed.length))));
      await next;
      const p = await waitFor('the panel to show the removal', async () => {
        const s = await panel();
        return s?.rendered?.levels.includes('major') ? s : undefined;
      });
      compareTimings.updateMs = p.lastUpdateMs ?? undefined;
      assert.deepEqual([p.required, p.declared, p.tooSmall], ['major', 'none', true]);
      assert.equal(p.rendered?.required, 'major');
      assert.equal(p.rendered?.declared, 'none');
      assert.ok(p.fragment.includes('data-path="questions[verdict].options[abuse.threat]"'), 'the field path of the change');
      assert.ok(p.fragment.includes('Label <code>abuse.threat</code> was removed; old annotations with it no longer fit.'), 'the reason');
      assert.ok(p.rendered?.jumps.includes('abuse.threat'), `jump links: ${JSON.stringify(p.rendered?.jumps)}`);
      assert.ok(p.lastUpdateMs !== null && p.lastUpdateMs < 10_000, `update took ${p.lastUpdateMs} ms`);
    });

    test('the version line has the code lens, and the status bar shows the bump still needed', async () => {
      const api = await rubric();
      await open(guideline);
      assert.equal(await waitFor('the lens to follow the edit', async () => {
        const t = await versionLens();
        return t?.startsWith('changed') ? t : undefined;
      }), 'changed since main: major (label removed) · declared none');
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', guideline);
      const lens = lenses?.find((l) => l.command?.command === 'rubric.compare.open');
      const doc = await vscode.workspace.openTextDocument(guideline);
      assert.equal(lens?.range.start.line, positionOf(doc, 'version: 1.0.0').line);
      assert.match(await waitFor('the status bar bump', () => (api.statusText().includes('$(arrow-up)') ? api.statusText() : undefined)), /\$\(book\) compare 1\.0\.0 \(draft\) .* \$\(arrow-up\) major bump needed since main \(declared none\)$/);
    });

    test('the quick fix sets the version to 2.0.0 in both files and adds the changelog entry; the panel follows', async () => {
      const api = await rubric();
      const editor = await open(guideline);
      const line = positionOf(editor.document, 'version: 1.0.0').line;
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', guideline, new vscode.Range(line, 0, line, 0));
      const fix = actions?.find((a) => a.title.startsWith('Set the version'));
      assert.ok(fix?.edit, `a bump quick fix among ${JSON.stringify(actions?.map((a) => a.title))}`);
      assert.equal(fix.title, 'Set the version to 2.0.0 (major bump required since main) and add its changelog entry');
      const next = api.nextCompareRender(key, 15_000);
      assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
      const text = editor.document.getText();
      assert.match(text, /\nversion: 2\.0\.0\n/);
      assert.match(text, /## Changelog\n\n### 2\.0\.0 - \d{4}-\d\d-\d\d\n\n- Label `abuse\.threat` was removed; old annotations with it no longer fit\.\n\n### 1\.0\.0 - 2026-01-01/);
      const schemaText = (await vscode.workspace.openTextDocument(schema)).getText();
      assert.match(schemaText, /"version": "2\.0\.0"/);
      await next;
      const p = await waitFor('the panel to show the declared major bump', async () => {
        const s = await panel();
        return s?.declared === 'major' ? s : undefined;
      });
      assert.equal(p.tooSmall, false);
      assert.equal(await waitFor('the lens to be satisfied', async () => {
        const t = await versionLens();
        return t?.endsWith('✓') ? t : undefined;
      }), 'changed since main: major (label removed) · declared major ✓');
      await waitFor('the status bar bump to go', () => (api.statusText().includes('$(arrow-up)') ? undefined : true));
    });

    test('a change\'s "go to" link reveals the label\'s section in guideline.md', async () => {
      const api = await rubric();
      const p = await panel();
      const line = Number(/<a class="rubric-jump" href="#" data-line="(\d+)" data-label="abuse\.threat">/.exec(p?.fragment ?? '')?.[1]);
      assert.ok(line > 0, 'a jump link with a line');
      await open(schema);
      api.compareMessage(key, { type: 'revealLine', line });
      const editor = await waitFor('guideline.md to be revealed', () => {
        const e = vscode.window.activeTextEditor;
        return e?.document.uri.toString() === key && e.selection.active.line === line - 1 ? e : undefined;
      });
      assert.match(editor.document.lineAt(line - 1).text, /^#+ `abuse\.threat`/);
    });
  });
}
