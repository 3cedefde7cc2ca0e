/**
 * The "Compare with Base" panel: the semantic diff of the set being edited
 * against its git base, computed by the language server (`rubric/compare`)
 * and shown in a webview under the preview's page shell and CSP. One panel per
 * set; edits update it by postMessage ~100 ms after the last keystroke, and a
 * change's "go to" link reveals the label's section in guideline.md. The base
 * is the `rubric.compare.base` setting ('' = the merge base with the default
 * branch), changed with "Rubric: Pick Compare Base".
 */
import * as vscode from 'vscode';
import { createNonce } from '@rubric/render';
import type { CompareResult } from '@rubric/language-service';
import { LiveRefresh, onSetFileChanged } from './live-refresh.js';
import { buildComparePage } from './webview-page.js';

/** Asks the server for the comparison of the set holding a document with a base ('' = the setting's). */
export type CompareLookup = (uri: string, base: string) => Promise<CompareResult | null>;

/** What the webview reported after its last render. */
export interface CompareRenderedReport {
  changes: number;
  levels: string[];
  jumps: string[];
  required: string | null;
  declared: string | null;
  theme: string;
}

/** A snapshot of one compare panel, for the extension's tests. */
export interface CompareSnapshot {
  guidelineUri: string;
  title: string;
  html: string;
  fragment: string;
  base: CompareResult['base'];
  required: string;
  declared: string;
  tooSmall: boolean;
  updates: number;
  rendered: CompareRenderedReport | null;
  /** ms from the last edit event to the webview's report of the update it caused (null before an edit). */
  lastUpdateMs: number | null;
}

interface Panel {
  panel: vscode.WebviewPanel;
  guidelineUri: string;
  result: CompareResult;
  updates: number;
  rendered: CompareRenderedReport | null;
  live: LiveRefresh<CompareResult>;
  editAt: number | undefined;
  lastUpdateMs: number | null;
  /** Waiters for a render report; each wakes only for an update posted after it registered (or an answer with nothing new). */
  waiters: Array<{ afterUpdate: number; wake: () => void }>;
}

/** The base setting: '' means the merge base with the default branch. */
export function compareBaseSetting(): string {
  return vscode.workspace.getConfiguration('rubric.compare').get<string>('base', '').trim();
}

/** Opens and updates compare panels. */
export class ComparePanels implements vscode.Disposable {
  private readonly panels = new Map<string, Panel>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly lookup: CompareLookup,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      ...onSetFileChanged(() => {
        const now = Date.now();
        for (const p of this.panels.values()) {
          p.editAt ??= now;
          p.live.schedule();
        }
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('rubric.compare.base')) for (const p of this.panels.values()) void p.live.refresh(0);
      }),
    );
  }

  /** Opens (or reveals) the comparison of the set holding `uri`; false when it is in no set or git cannot answer (the user is told why). */
  async open(uri: vscode.Uri): Promise<boolean> {
    let result: CompareResult | null;
    try {
      result = await this.lookup(uri.toString(), compareBaseSetting());
    } catch (error) {
      void vscode.window.showErrorMessage(`Rubric: cannot compare with base: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
    if (!result) {
      void vscode.window.showInformationMessage(`${vscode.workspace.asRelativePath(uri)} is not part of a Rubric guideline set (a folder with guideline.md and schema.json).`);
      return false;
    }
    const existing = this.panels.get(result.guidelineUri);
    if (existing) {
      existing.panel.reveal(vscode.ViewColumn.Beside, true);
      this.post(existing, result);
      return true;
    }
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const panel = vscode.window.createWebviewPanel('rubric.compare', panelTitle(result), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { enableScripts: true, enableFindWidget: true, localResourceRoots: [media] });
    const guidelineUri = result.guidelineUri;
    const entry: Panel = {
      panel,
      guidelineUri,
      result,
      updates: 0,
      rendered: null,
      live: new LiveRefresh(guidelineUri, () => this.lookup(guidelineUri, compareBaseSetting()), (next) => this.post(entry, next), this.log, 'Compare panel'),
      editAt: undefined,
      lastUpdateMs: null,
      waiters: [],
    };
    this.panels.set(result.guidelineUri, entry);
    panel.webview.html = buildComparePage({
      fragment: result.html,
      title: panelTitle(result),
      nonce: createNonce(),
      cspSource: panel.webview.cspSource,
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'compare.js')).toString(),
    });
    panel.webview.onDidReceiveMessage((message: unknown) => this.received(entry, message));
    panel.onDidDispose(() => {
      entry.live.dispose();
      this.panels.delete(entry.guidelineUri);
    });
    return true;
  }

  /** Snapshots of the open panels (tests only). */
  snapshots(): CompareSnapshot[] {
    return [...this.panels.values()].map((p) => ({
      guidelineUri: p.guidelineUri,
      title: p.panel.title,
      html: p.panel.webview.html,
      fragment: p.result.html,
      base: p.result.base,
      required: p.result.required,
      declared: p.result.declared,
      tooSmall: p.result.tooSmall,
      updates: p.updates,
      rendered: p.rendered,
      lastUpdateMs: p.lastUpdateMs,
    }));
  }

  /**
   * Resolves when the panel of a set reports the render of an update posted after this call, or an answer
   * with nothing new to show (tests only): a report still on its way from an earlier update does not count.
   * Rejects after `ms`.
   */
  nextRender(guidelineUri: string, ms: number): Promise<void> {
    const p = this.panels.get(guidelineUri);
    if (!p) return Promise.reject(new Error(`No compare panel open for ${guidelineUri}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`The compare panel of ${guidelineUri} reported no render within ${ms} ms`)), ms);
      p.waiters.push({
        afterUpdate: p.updates,
        wake: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  /** Handles a message as if the panel's page had sent it (tests: the "go to" link's request). */
  receive(guidelineUri: string, message: unknown): void {
    const p = this.panels.get(guidelineUri);
    if (p) this.received(p, message);
  }

  dispose(): void {
    for (const p of this.panels.values()) p.panel.dispose();
    for (const d of this.disposables) d.dispose();
  }

  private post(p: Panel, result: CompareResult): void {
    const same = result.html === p.result.html && p.updates > 0;
    p.result = result;
    p.panel.title = panelTitle(result);
    if (same) {
      // Nothing new to show: the edit's update is this answer.
      this.settle(p, Number.POSITIVE_INFINITY);
      return;
    }
    p.updates++;
    void p.panel.webview.postMessage({ type: 'update', html: result.html, seq: p.updates });
  }

  /** The page shows update `seq` (0: the page as loaded; Infinity: nothing new was sent): wakes the waiters it answers, and times the edit once the latest update (or an answer with nothing new) shows. */
  private settle(p: Panel, seq: number): void {
    if (seq > 0 && seq >= p.updates && p.editAt !== undefined) {
      p.lastUpdateMs = Date.now() - p.editAt;
      p.editAt = undefined;
    }
    const due = p.waiters.filter((w) => seq > w.afterUpdate || (seq === 0 && w.afterUpdate === 0));
    p.waiters = p.waiters.filter((w) => !due.includes(w));
    for (const w of due) w.wake();
  }

  /** Messages from the page, validated: it is not trusted to send well-formed ones. */
  private received(p: Panel, message: unknown): void {
    if (!message || typeof message !== 'object') return;
    const m = message as Record<string, unknown>;
    if ((m.type === 'ready' || m.type === 'rendered') && typeof m.changes === 'number') {
      const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
      p.rendered = {
        changes: m.changes,
        levels: strings(m.levels),
        jumps: strings(m.jumps),
        required: typeof m.required === 'string' ? m.required : null,
        declared: typeof m.declared === 'string' ? m.declared : null,
        theme: typeof m.theme === 'string' ? m.theme : 'none',
      };
      // The page says which update it rendered (0: the page as loaded).
      this.settle(p, m.type === 'rendered' && typeof m.seq === 'number' ? m.seq : 0);
    } else if (m.type === 'revealLine' && typeof m.line === 'number' && Number.isFinite(m.line)) {
      void this.reveal(p.guidelineUri, m.line);
    }
  }

  private async reveal(guidelineUri: string, line: number): Promise<void> {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(guidelineUri));
    const target = Math.max(0, Math.min(document.lineCount - 1, Math.floor(line) - 1));
    const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preserveFocus: false });
    const range = new vscode.Range(target, 0, target, 0);
    editor.selection = new vscode.Selection(range.start, range.start);
    editor.revealRange(range, vscode.TextEditorRevealType.AtTop);
  }
}

function panelTitle(result: CompareResult): string {
  return `Compare ${result.title} with ${result.base.label}`;
}

/**
 * "Rubric: Pick Compare Base": the default (merge base with the default
 * branch), the repository's branches and tags, or any ref typed in; stored
 * in the workspace's `rubric.compare.base` setting. Resolves to the chosen ref, or undefined when cancelled.
 */
export async function pickCompareBase(refs: string[]): Promise<string | undefined> {
  const current = compareBaseSetting();
  const DEFAULT = '$(git-merge) Merge base with the default branch';
  const items: vscode.QuickPickItem[] = [
    { label: DEFAULT, description: current === '' ? '(current)' : '' },
    ...refs.map((r) => ({ label: r, description: r === current ? '(current)' : '' })),
  ];
  const pick = vscode.window.createQuickPick();
  pick.items = items;
  pick.placeholder = 'Compare with: pick a branch or tag, or type a ref (commit, tag, branch)';
  const chosen = await new Promise<string | undefined>((resolve) => {
    pick.onDidAccept(() => {
      const selected = pick.selectedItems[0]?.label;
      resolve(selected === undefined ? pick.value.trim() || undefined : selected === DEFAULT ? '' : selected);
      pick.hide();
    });
    pick.onDidHide(() => resolve(undefined));
    pick.show();
  });
  pick.dispose();
  if (chosen === undefined) return undefined;
  await vscode.workspace.getConfiguration('rubric.compare').update('base', chosen, vscode.ConfigurationTarget.Workspace);
  return chosen;
}
