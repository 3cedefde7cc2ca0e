/**
 * The status bar item: id, version and status of the guideline set the active
 * editor belongs to, and its findings by severity (from the server's
 * `rubric/setStatus` notifications), and the version bump still needed when
 * the changes since the compare base require more than the version declares.
 * A click opens the Problems view, or the compare panel when a bump is needed.
 */
import * as vscode from 'vscode';
import type { SetStatusParams } from '@rubric/language-service';

/** Asks the server for the status of the set holding a document (null: none). */
export type SetStatusLookup = (uri: string) => Promise<SetStatusParams | null>;

/** The one-line text shown for a set, e.g. `$(book) hate 1.2.0 (draft) $(error) 1 $(warning) 0 $(info) 2`. */
export function statusText(status: SetStatusParams): string {
  const name = status.setId ?? 'guideline set';
  const version = status.version ? ` ${status.version}` : '';
  const state = status.status ? ` (${status.status})` : '';
  const bump = status.bump ? ` $(arrow-up) ${status.bump.required} bump needed since ${status.bump.base} (declared ${status.bump.declared})` : '';
  return `$(book) ${name}${version}${state} $(error) ${status.errors} $(warning) ${status.warnings} $(info) ${status.infos}${bump}`;
}

/** Keeps the status bar item in step with the active editor and the server's notifications. */
export class SetStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly latest = new Map<string, SetStatusParams>();
  /** guideline.md URI of the set on display, if any. */
  private shown: string | undefined;
  /** Guards against an older lookup answering after a newer one. */
  private lookup = 0;

  constructor(private readonly statusOf: SetStatusLookup) {
    this.item = vscode.window.createStatusBarItem('rubric.setStatus', vscode.StatusBarAlignment.Left, 10);
    this.item.name = 'Rubric guideline set';
    this.item.command = 'workbench.actions.view.problems';
  }

  /** Takes a `rubric/setStatus` notification. */
  update(status: SetStatusParams): void {
    this.latest.set(status.guidelineUri, status);
    const active = vscode.window.activeTextEditor?.document.uri;
    if (this.shown === status.guidelineUri || (!this.shown && active && sameFolder(active.toString(), status.guidelineUri))) this.render(status);
  }

  /** Follows the active editor: shows its set, or hides the item when it is in none. */
  async follow(editor: vscode.TextEditor | undefined): Promise<void> {
    const ticket = ++this.lookup;
    if (!editor || editor.document.uri.scheme !== 'file') return this.hide();
    let status: SetStatusParams | null;
    try {
      status = await this.statusOf(editor.document.uri.toString());
    } catch {
      // Server not ready or restarting: keep what is shown; the next notification corrects it.
      return;
    }
    if (ticket !== this.lookup) return;
    if (!status) return this.hide();
    // A notification may be newer than the answer (it follows every lint).
    this.render(this.latest.get(status.guidelineUri) ?? status);
  }

  /** The text on display ('' when hidden), for tests. */
  get text(): string {
    return this.shown ? this.item.text : '';
  }

  dispose(): void {
    this.item.dispose();
  }

  private render(status: SetStatusParams): void {
    this.latest.set(status.guidelineUri, status);
    this.shown = status.guidelineUri;
    this.item.text = statusText(status);
    const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
    const bump = status.bump ? ` The changes since ${status.bump.base} require a ${status.bump.required} version bump; the version declares ${status.bump.declared}: click to compare with the base.` : ' Click to open Problems.';
    this.item.tooltip = `Rubric set ${status.setId ?? '(no id)'} ${status.version ?? '(no version)'}, status ${status.status ?? '(none)'}: ${plural(status.errors, 'error')}, ${plural(status.warnings, 'warning')}, ${plural(status.infos, 'info')}.${bump}`;
    this.item.command = status.bump ? { title: 'Compare with Base', command: 'rubric.compare.open', arguments: [status.guidelineUri] } : 'workbench.actions.view.problems';
    this.item.backgroundColor = status.errors > 0 ? new vscode.ThemeColor('statusBarItem.errorBackground') : status.warnings > 0 || status.bump ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  private hide(): void {
    this.shown = undefined;
    this.item.hide();
  }
}

/** Whether a document sits in the folder of a set's guideline.md (where its schema.json lives too). */
function sameFolder(documentUri: string, guidelineUri: string): boolean {
  return documentUri.slice(0, documentUri.lastIndexOf('/')) === guidelineUri.slice(0, guidelineUri.lastIndexOf('/'));
}
