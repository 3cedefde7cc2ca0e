/**
 * The preview panel in code-server: the command opens a webview whose page
 * carries the strict CSP and the server's fragment, the webview's own script
 * runs and reports the label sections it shows, and an edit reaches the open
 * page by postMessage (no reload) within the live-update budget.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { open, rubric, setUris, waitFor } from './helpers.js';

/** What the test measured, for the run's report. */
export const previewTimings: { liveUpdateMs?: number } = {};

/** Registers the suite (called by index.ts once mocha's globals exist). */
export function previewSuite(): void {
  suite('preview', () => {
    const valid = setUris('valid');

    test('Rubric: Open Preview to the Side creates a locked-down webview with the rendered set', async () => {
      const api = await rubric();
      await open(valid.guideline);
      assert.equal(await vscode.commands.executeCommand<boolean>('rubric.preview.openToSide'), true);
      const [preview] = api.previews();
      assert.ok(preview, 'one preview panel');
      assert.equal(preview.guidelineUri, valid.guideline.toString());
      assert.equal(preview.title, 'Valid set');
      const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(preview.html)?.[1];
      assert.ok(csp, 'a CSP meta tag');
      assert.match(csp, /^default-src 'none'; style-src 'nonce-[A-Za-z0-9+/]{22}=='; img-src data: \S+; script-src 'nonce-[A-Za-z0-9+/]{22}=='; base-uri 'none'; form-action 'none'$/);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*(?!\.)/);
      // One script, the extension's media/preview.js, carrying the nonce.
      const scripts = [...preview.html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      assert.equal(scripts.length, 1, `one script tag, got ${JSON.stringify(scripts)}`);
      assert.match(scripts[0]!, /^<script nonce="[^"]+" src="[^"]+\/media\/preview\.js">$/);
      // The server's fragment: a section per label, every block with data-line.
      assert.match(preview.html, /id="label-abuse\.insult"/);
      assert.match(preview.html, /data-line="\d+"/);
      // The hostile example text arrives escaped, not as markup.
      assert.ok(!preview.html.includes('<script>window.__rubricPwned'), 'the example\'s <script> is text');
      assert.ok(preview.html.includes('&#x3C;script>window.__rubricPwned') || preview.html.includes('&lt;script&gt;window.__rubricPwned'), 'the example text is shown escaped');
    });

    test('the webview\'s script runs and reports the label sections it shows', async function () {
      const api = await rubric();
      const rendered = await waitFor('the webview script to report', () => api.previews()[0]?.rendered ?? undefined, 30_000);
      assert.ok(rendered.labels.includes('abuse.insult'), `labels reported by the webview: ${JSON.stringify(rendered.labels)}`);
      assert.ok(rendered.labels.includes('target.group'));
      assert.ok(rendered.blocks > 10, `${rendered.blocks} data-line blocks`);
      assert.ok(['vscode-light', 'vscode-dark', 'vscode-high-contrast', 'vscode-high-contrast-light'].includes(rendered.theme), `theme class on <body>: ${rendered.theme}`);
    });

    test('an edit reaches the open preview by postMessage, without reloading the page', async () => {
      const api = await rubric();
      const editor = await open(valid.guideline);
      const before = api.previews()[0]!;
      const next = api.nextPreviewRender(valid.guideline.toString(), 5_000);
      const started = Date.now();
      const line = editor.document.getText().split('\n').findIndex((l) => l.startsWith('### `target.person`'));
      assert.ok(line > 0);
      await editor.edit((b) => b.insert(new vscode.Position(line, 0), '### `target.bystander` A bystander\n\nSomeone who only watched.\n\n'));
      await next;
      previewTimings.liveUpdateMs = Date.now() - started;
      const after = api.previews()[0]!;
      assert.ok(after.updates > before.updates, 'an update was posted');
      assert.equal(after.html, before.html, 'the page itself was not replaced');
      assert.ok(after.fragment.includes('A bystander'), 'the new fragment has the new section');
      assert.ok(after.rendered?.labels.includes('target.bystander'), `the webview shows it: ${JSON.stringify(after.rendered?.labels)}`);
      // Budget: 100 ms debounce + server render + webview round trip; 300 ms is the target (the runner prints the
      // figure). This bound only catches a preview that stopped updating: with the Label Studio suite on the other
      // core, CI has measured up to 1.9 s.
      assert.ok(previewTimings.liveUpdateMs < 10_000, `live update took ${previewTimings.liveUpdateMs} ms`);
    });

    test('scrolling the editor posts the top line to the preview', async () => {
      const api = await rubric();
      const editor = await open(valid.guideline);
      const before = api.previews()[0]!.scrolls.length;
      const line = editor.document.lineCount - 5;
      editor.revealRange(new vscode.Range(line, 0, line, 0), vscode.TextEditorRevealType.AtTop);
      const scrolls = await waitFor('a scrollTo message', () => {
        const s = api.previews()[0]!.scrolls;
        return s.length > before ? s : undefined;
      }, 5_000);
      assert.ok(scrolls[scrolls.length - 1]! > 1, `scrolled to line ${scrolls[scrolls.length - 1]}`);
    });
  });
}
