/**
 * The preview panel: what labelers will read, rendered by the language server
 * (`rubric/preview`) and shown in a locked-down webview. One panel per
 * guideline set. Edits update it by postMessage ~100 ms after the last
 * keystroke (the page is not reloaded, so its scroll position stays), and
 * editor and preview scroll each other through the data-line of every block.
 */
import * as vscode from 'vscode';
import { createNonce } from '@rubric/render';
import type { PreviewResult } from '@rubric/language-service';
import { LiveRefresh, onSetFileChanged } from './live-refresh.js';
import { buildPreviewPage } from './webview-page.js';

/** Asks the server for the preview of the set holding a document. */
export type PreviewLookup = (uri: string) => Promise<PreviewResult | null>;

/** How long editor scroll events are ignored after the preview scrolled the editor (and vice versa in the script). */
const ECHO_MS = 300;

/** What the webview reported after its last render (for tests and the output log). */
export interface RenderedReport {
  labels: string[];
  blocks: number;
  theme: string;
}

/** A snapshot of one preview, exposed to the extension's tests only. */
export interface PreviewSnapshot {
  guidelineUri: string;
  title: string;
  /** The webview document as set (CSP, shell, first fragment). */
  html: string;
  /** The fragment last sent or set. */
  fragment: string;
  /** Updates posted since the panel was created. */
  updates: number;
  /** What the webview's script last reported (null until it ran). */
  rendered: RenderedReport | null;
  /** Scroll-to-line messages posted to the webview. */
  scrolls: number[];
}

interface Preview {
  panel: vscode.WebviewPanel;
  guidelineUri: string;
  title: string;
  fragment: string;
  updates: number;
  rendered: RenderedReport | null;
  scrolls: number[];
  live: LiveRefresh<PreviewResult>;
  /** Editor scroll events before this time were caused by the preview. */
  ignoreEditorScrollUntil: number;
  /** Waiters for a render report; each wakes only once an update posted after it registered has been rendered. */
  renderedWaiters: Array<{ afterUpdate: number; wake: () => void }>;
}

/** Opens, updates and scroll-syncs preview panels. */
export class PreviewManager implements vscode.Disposable {
  private readonly previews = new Map<string, Preview>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly lookup: PreviewLookup,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      ...onSetFileChanged(() => {
        for (const preview of this.previews.values()) preview.live.schedule();
      }),
      vscode.window.onDidChangeTextEditorVisibleRanges((e) => this.editorScrolled(e)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('rubric.preview.scrollSync')) return;
        for (const preview of this.previews.values()) void preview.panel.webview.postMessage({ type: 'config', scrollSync: scrollSyncEnabled() });
      }),
    );
  }

  /** Opens (or reveals) the preview of the set holding `uri`; false when it is in no set. */
  async open(uri: vscode.Uri, toSide: boolean): Promise<boolean> {
    const result = await this.lookup(uri.toString());
    if (!result) {
      void vscode.window.showInformationMessage(`${vscode.workspace.asRelativePath(uri)} is not part of a Rubric guideline set (a folder with guideline.md and schema.json).`);
      return false;
    }
    const column = toSide ? vscode.ViewColumn.Beside : (vscode.window.activeTextEditor?.viewColumn ?? vscode.ViewColumn.Active);
    const existing = this.previews.get(result.guidelineUri);
    if (existing) {
      existing.panel.reveal(column, toSide);
      this.post(existing, result);
      return true;
    }
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const panel = vscode.window.createWebviewPanel('rubric.preview', previewTitle(result.title), { viewColumn: column, preserveFocus: toSide }, {
      enableScripts: true,
      enableFindWidget: true,
      // The page may load nothing but the extension's own media (its script); the CSP narrows that further.
      localResourceRoots: [media],
    });
    const guidelineUri = result.guidelineUri;
    const preview: Preview = {
      panel,
      guidelineUri,
      title: result.title,
      fragment: result.html,
      updates: 0,
      rendered: null,
      scrolls: [],
      live: new LiveRefresh(guidelineUri, () => this.lookup(guidelineUri), (next) => this.post(preview, next), this.log, 'Preview'),
      ignoreEditorScrollUntil: 0,
      renderedWaiters: [],
    };
    this.previews.set(result.guidelineUri, preview);
    panel.webview.html = buildPreviewPage({
      fragment: result.html,
      title: result.title,
      nonce: createNonce(),
      cspSource: panel.webview.cspSource,
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'preview.js')).toString(),
      scrollSync: scrollSyncEnabled(),
    });
    panel.webview.onDidReceiveMessage((message: unknown) => this.received(preview, message));
    panel.onDidDispose(() => {
      preview.live.dispose();
      this.previews.delete(preview.guidelineUri);
    });
    return true;
  }

  /** Snapshots of the open previews (tests only). */
  snapshots(): PreviewSnapshot[] {
    return [...this.previews.values()].map((p) => ({
      guidelineUri: p.guidelineUri,
      title: p.title,
      html: p.panel.webview.html,
      fragment: p.fragment,
      updates: p.updates,
      rendered: p.rendered,
      scrolls: [...p.scrolls],
    }));
  }

  /**
   * Resolves when the webview of a set reports the render of an update posted after this call (tests
   * only): a report still on its way from an earlier update does not count. Rejects after `ms`.
   */
  nextRender(guidelineUri: string, ms: number): Promise<void> {
    const preview = this.previews.get(guidelineUri);
    if (!preview) return Promise.reject(new Error(`No preview open for ${guidelineUri}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`The preview webview of ${guidelineUri} reported no render within ${ms} ms`)), ms);
      preview.renderedWaiters.push({
        afterUpdate: preview.updates,
        wake: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  dispose(): void {
    for (const preview of this.previews.values()) preview.panel.dispose();
    for (const d of this.disposables) d.dispose();
  }

  private post(preview: Preview, result: PreviewResult): void {
    if (result.html === preview.fragment && preview.updates > 0) return;
    preview.fragment = result.html;
    preview.title = result.title;
    preview.panel.title = previewTitle(result.title);
    preview.updates++;
    void preview.panel.webview.postMessage({ type: 'update', html: result.html, seq: preview.updates });
  }

  /** Messages from the webview: validated, since the page is not trusted to send well-formed ones. */
  private received(preview: Preview, message: unknown): void {
    if (!message || typeof message !== 'object') return;
    const m = message as { type?: unknown; seq?: unknown; line?: unknown; labels?: unknown; blocks?: unknown; theme?: unknown };
    if ((m.type === 'ready' || m.type === 'rendered') && Array.isArray(m.labels)) {
      preview.rendered = {
        labels: m.labels.filter((l): l is string => typeof l === 'string'),
        blocks: typeof m.blocks === 'number' ? m.blocks : 0,
        theme: typeof m.theme === 'string' ? m.theme : 'none',
      };
      // The page says which update it rendered (0: the page as loaded): an earlier update's report wakes no later waiter.
      const seq = typeof m.seq === 'number' ? m.seq : 0;
      const due = preview.renderedWaiters.filter((w) => seq > w.afterUpdate || (m.type === 'ready' && w.afterUpdate === 0));
      preview.renderedWaiters = preview.renderedWaiters.filter((w) => !due.includes(w));
      for (const w of due) w.wake();
      // A freshly loaded page starts at the top: bring it to where the editor is.
      if (m.type === 'ready') this.syncFromEditor(preview);
    } else if (m.type === 'revealLine' && typeof m.line === 'number' && Number.isFinite(m.line) && scrollSyncEnabled()) {
      const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === preview.guidelineUri);
      if (!editor) return;
      const line = Math.max(0, Math.min(editor.document.lineCount - 1, Math.floor(m.line) - 1));
      preview.ignoreEditorScrollUntil = Date.now() + ECHO_MS;
      editor.revealRange(new vscode.Range(line, 0, line, 0), vscode.TextEditorRevealType.AtTop);
    }
  }

  private editorScrolled(e: vscode.TextEditorVisibleRangesChangeEvent): void {
    const preview = this.previews.get(e.textEditor.document.uri.toString());
    if (!preview || Date.now() < preview.ignoreEditorScrollUntil) return;
    this.syncFromEditor(preview, e.visibleRanges);
  }

  private syncFromEditor(preview: Preview, ranges?: readonly vscode.Range[]): void {
    if (!scrollSyncEnabled()) return;
    const visible = ranges ?? vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === preview.guidelineUri)?.visibleRanges;
    const top = visible?.[0]?.start.line;
    if (top === undefined) return;
    preview.scrolls.push(top + 1);
    if (preview.scrolls.length > 50) preview.scrolls.shift();
    void preview.panel.webview.postMessage({ type: 'scrollTo', line: top + 1 });
  }
}

function previewTitle(title: string): string {
  return `Preview ${title}`;
}

function scrollSyncEnabled(): boolean {
  return vscode.workspace.getConfiguration('rubric.preview').get<boolean>('scrollSync', true);
}
