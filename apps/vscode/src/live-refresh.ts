/**
 * What the live panels (the preview and "Compare with Base") share: which
 * edits concern them, and how a panel asks the language server again after
 * one. Each panel keeps its own messages and render reports.
 */
import * as vscode from 'vscode';

/** Wait after the last edit before asking the server again. */
export const DEBOUNCE_MS = 100;
/** Re-asks when the server answered for an older document version than the editor has. */
const STALE_RETRIES = 5;

/** The files of a set whose edits change what a panel shows. */
function isSetFile(uri: vscode.Uri): boolean {
  const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  return name === 'guideline.md' || name === 'schema.json' || name === 'rubric.config.json';
}

/** Calls `changed` on every edit and save of a set's file (guideline.md, schema.json, rubric.config.json). */
export function onSetFileChanged(changed: (uri: vscode.Uri) => void): vscode.Disposable[] {
  return [
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0 && isSetFile(e.document.uri)) changed(e.document.uri);
    }),
    vscode.workspace.onDidSaveTextDocument((document) => {
      if (isSetFile(document.uri)) changed(document.uri);
    }),
  ];
}

/** A server answer about a set, with the version of guideline.md it was computed from (null: read from disk). */
export interface VersionedResult {
  documentVersion: number | null;
}

/**
 * Keeps one panel in step with the server. `schedule()` asks again
 * DEBOUNCE_MS after the last call; an answer computed from an older version
 * of guideline.md than the editor holds (the server has not seen the latest
 * edit yet) is shown and asked for again shortly. A failed request is logged
 * and leaves the panel as it was.
 */
export class LiveRefresh<R extends VersionedResult> implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private disposed = false;

  constructor(
    private readonly guidelineUri: string,
    private readonly ask: () => Promise<R | null>,
    private readonly show: (result: R) => void,
    private readonly log: vscode.LogOutputChannel,
    /** Names the panel in the log ("Preview", "Compare panel"). */
    private readonly what: string,
  ) {}

  /** Asks again once edits pause. */
  schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), DEBOUNCE_MS);
  }

  /** Asks now; `retries` bounds the re-asks for a stale answer. */
  async refresh(retries = STALE_RETRIES): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    let result: R | null;
    try {
      result = await this.ask();
    } catch (error) {
      this.log.warn(`${this.what} of ${this.guidelineUri} not updated: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    if (!result || this.disposed) return;
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === this.guidelineUri);
    if (open && result.documentVersion !== null && result.documentVersion < open.version && retries > 0) {
      this.timer = setTimeout(() => void this.refresh(retries - 1), DEBOUNCE_MS / 2);
    }
    this.show(result);
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
  }
}
