/**
 * Rubric's VS Code extension: a thin client. It starts the bundled Rubric
 * language server (dist/server.cjs, LSP over stdio) for guideline.md,
 * schema.json and rubric.config.json, and adds what only the editor can do:
 * commands, the status bar item, the preview panel and the case-studies view. Every editor feature
 * (diagnostics, quick fixes, hover, rename, ...) comes from the server.
 */
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import {
  CASE_STUDIES_COMMAND,
  CASE_STUDIES_REQUEST,
  COMPARE_BASE_NOTIFICATION,
  COMPARE_REFS_REQUEST,
  COMPARE_REQUEST,
  EXAMPLE_FROM_CASE_REQUEST,
  FIX_ALL_KIND,
  PREVIEW_REQUEST,
  SET_STATUS_NOTIFICATION,
  SET_STATUS_REQUEST,
  type CaseAnswer,
  type CaseStudiesParams,
  type CaseStudiesResult,
  type CompareBaseParams,
  type CompareParams,
  type CompareRefsParams,
  type CompareResult,
  type ExampleFromCaseResult,
  type PreviewParams,
  type PreviewResult,
  type SetStatusParams,
  type SetStatusRequestParams,
} from '@rubric/language-service';
import { CaseStudiesView, type CaseNode, type CaseStudiesSnapshot } from './case-studies.js';
import { ComparePanels, compareBaseSetting, pickCompareBase, type CompareSnapshot } from './compare.js';
import { PreviewManager, type PreviewSnapshot } from './preview.js';
import { SetStatusBar } from './status.js';

/** The documents the server handles; the server itself decides which belong to a set. */
export const DOCUMENT_SELECTOR = [
  { scheme: 'file', pattern: '**/guideline.md' },
  { scheme: 'file', pattern: '**/schema.json' },
  { scheme: 'file', pattern: '**/rubric.config.json' },
];

/** What the extension's own tests reach through `extension.exports` (only with RUBRIC_TEST=1). */
export interface RubricTestApi {
  /** From the start of activate() until it returned (what VS Code counts as activation). */
  activationMs: number;
  /** Resolves with the ms from the start of activate() until the language client was running. */
  clientReady: Promise<number>;
  client: LanguageClient;
  statusText(): string;
  previews(): PreviewSnapshot[];
  nextPreviewRender(guidelineUri: string, ms: number): Promise<void>;
  compares(): CompareSnapshot[];
  nextCompareRender(guidelineUri: string, ms: number): Promise<void>;
  /** Hands a message to a compare panel as its page would (e.g. a "go to" click). */
  compareMessage(guidelineUri: string, message: unknown): void;
  /** What the case-studies view shows. */
  caseStudies(): CaseStudiesSnapshot | null;
  /** The view's node of a case, to run "Add as Example" on. */
  caseNode(item: string): CaseNode | undefined;
}

let client: LanguageClient | undefined;

/** Starts the language client and registers the commands, status bar item and preview. */
export async function activate(context: vscode.ExtensionContext): Promise<RubricTestApi | undefined> {
  const started = performance.now();
  const output = vscode.window.createOutputChannel('Rubric', { log: true });
  context.subscriptions.push(output);

  const serverModule = context.asAbsolutePath('dist/server.cjs');
  // Node >= 22.1 keeps V8's compiled code of the 1.7 MB server bundle here, so later starts skip compiling it (older Node ignores it).
  const env = { ...process.env, NODE_COMPILE_CACHE: vscode.Uri.joinPath(context.globalStorageUri, 'node-compile-cache').fsPath };
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.stdio, options: { env } },
    debug: { module: serverModule, transport: TransportKind.stdio, options: { env, execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: output,
    // Hover and completion text is the team's own Markdown: show it, never run it.
    markdown: { isTrusted: false, supportHtml: false },
  };
  // The id 'rubric' makes the client read the `rubric.trace.server` setting.
  const languageClient = new LanguageClient('rubric', 'Rubric Language Server', serverOptions, clientOptions);
  client = languageClient;

  const status = new SetStatusBar((uri) => languageClient.sendRequest<SetStatusParams | null>(SET_STATUS_REQUEST, { uri } satisfies SetStatusRequestParams));
  const previews = new PreviewManager(context.extensionUri, (uri) => languageClient.sendRequest<PreviewResult | null>(PREVIEW_REQUEST, { uri } satisfies PreviewParams), output);
  const compares = new ComparePanels(context.extensionUri, (uri, base) => languageClient.sendRequest<CompareResult | null>(COMPARE_REQUEST, { uri, base } satisfies CompareParams), output);
  const caseStudies = new CaseStudiesView(
    {
      caseStudies: (uri, labelId) => languageClient.sendRequest<CaseStudiesResult | null>(CASE_STUDIES_REQUEST, { uri, labelId } satisfies CaseStudiesParams),
      exampleFromCase: (params) => languageClient.sendRequest<ExampleFromCaseResult>(EXAMPLE_FROM_CASE_REQUEST, params),
      asWorkspaceEdit: async (edit) => (await languageClient.protocol2CodeConverter.asWorkspaceEdit(edit)) ?? new vscode.WorkspaceEdit(),
    },
    output,
  );
  const sendCompareBase = (): void => void languageClient.sendNotification(COMPARE_BASE_NOTIFICATION, { base: compareBaseSetting() } satisfies CompareBaseParams);
  context.subscriptions.push(
    status,
    previews,
    compares,
    caseStudies,
    // The α code lens above a label section runs this with the set's guideline URI and the label id.
    vscode.commands.registerCommand(CASE_STUDIES_COMMAND, (guidelineUri?: string, labelId?: string) => {
      if (typeof guidelineUri !== 'string' || typeof labelId !== 'string') {
        void vscode.window.showInformationMessage('Click the α code lens above a label section to see its case studies.');
        return false;
      }
      return caseStudies.show(guidelineUri, labelId);
    }),
    vscode.commands.registerCommand('rubric.caseStudies.addExample', (node?: CaseNode, answers?: Record<string, CaseAnswer>) => caseStudies.addExample(node, answers)),
    vscode.commands.registerCommand('rubric.compare.open', (uri?: vscode.Uri | string) => {
      const target = typeof uri === 'string' ? vscode.Uri.parse(uri) : (uri ?? vscode.window.activeTextEditor?.document.uri);
      if (!target) {
        void vscode.window.showInformationMessage('Open a guideline.md or schema.json of a Rubric guideline set to compare it with its base.');
        return false;
      }
      return compares.open(target);
    }),
    vscode.commands.registerCommand('rubric.compare.pickBase', async () => {
      const uri = vscode.window.activeTextEditor?.document.uri;
      const refs = uri ? await languageClient.sendRequest<string[]>(COMPARE_REFS_REQUEST, { uri: uri.toString() } satisfies CompareRefsParams).catch(() => []) : [];
      return pickCompareBase(refs);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('rubric.compare.base')) sendCompareBase();
    }),
    languageClient.onNotification(SET_STATUS_NOTIFICATION, (params: SetStatusParams) => status.update(params)),
    vscode.window.onDidChangeActiveTextEditor((editor) => void status.follow(editor)),
    vscode.commands.registerCommand('rubric.preview.openToSide', (uri?: vscode.Uri) => openPreview(previews, uri, true)),
    vscode.commands.registerCommand('rubric.preview.open', (uri?: vscode.Uri) => openPreview(previews, uri, false)),
    vscode.commands.registerCommand('rubric.restartServer', async () => {
      await languageClient.restart();
      output.info('Rubric language server restarted');
    }),
    vscode.commands.registerCommand('rubric.fixAll', (uri?: vscode.Uri) => fixAll(uri)),
    vscode.commands.registerCommand('rubric.showOutput', () => output.show(true)),
  );

  // The server starts in the background: activation does not wait for it (requests made before it runs are queued
  // by the client), so opening a guideline never stalls the editor.
  const clientReady = languageClient.start().then(
    () => {
      const ms = performance.now() - started;
      output.info(`Rubric language server ready (${ms.toFixed(0)} ms after activation started)`);
      if (compareBaseSetting() !== '') sendCompareBase();
      void status.follow(vscode.window.activeTextEditor);
      return ms;
    },
    (error: unknown) => {
      output.error(`Rubric language server did not start: ${error instanceof Error ? error.message : String(error)}`);
      void vscode.window.showErrorMessage('Rubric: the language server did not start. See "Rubric: Show Output".');
      throw error;
    },
  );
  const activationMs = performance.now() - started;
  output.info(`Rubric activated in ${activationMs.toFixed(0)} ms`);

  if (process.env.RUBRIC_TEST !== '1') {
    // Reported above; nothing else waits for it outside the tests.
    clientReady.catch(() => undefined);
    return undefined;
  }
  return {
    activationMs,
    clientReady,
    client: languageClient,
    statusText: () => status.text,
    previews: () => previews.snapshots(),
    nextPreviewRender: (guidelineUri, ms) => previews.nextRender(guidelineUri, ms),
    compares: () => compares.snapshots(),
    nextCompareRender: (guidelineUri, ms) => compares.nextRender(guidelineUri, ms),
    compareMessage: (guidelineUri, message) => compares.receive(guidelineUri, message),
    caseStudies: () => caseStudies.snapshot(),
    caseNode: (item) => caseStudies.node(item),
  };
}

/** Stops the language server. */
export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

async function openPreview(previews: PreviewManager, uri: vscode.Uri | undefined, toSide: boolean): Promise<boolean> {
  const target = uri ?? vscode.window.activeTextEditor?.document.uri;
  if (!target) {
    void vscode.window.showInformationMessage('Open a guideline.md or schema.json of a Rubric guideline set to preview it.');
    return false;
  }
  return previews.open(target, toSide);
}

/**
 * Applies the server's "fix all" source action to a document (the active
 * one by default); resolves to whether anything was changed. The same action
 * runs on save with `"editor.codeActionsOnSave": { "source.fixAll.rubric": "explicit" }`.
 */
async function fixAll(uri: vscode.Uri | undefined): Promise<boolean> {
  const target = uri ?? vscode.window.activeTextEditor?.document.uri;
  if (!target) return false;
  const document = await vscode.workspace.openTextDocument(target);
  const whole = new vscode.Range(0, 0, document.lineCount, 0);
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', target, whole, FIX_ALL_KIND);
  const action = actions?.find((a) => a.kind?.value.startsWith(FIX_ALL_KIND) && a.edit);
  if (!action?.edit) {
    void vscode.window.setStatusBarMessage('Rubric: nothing to fix', 3000);
    return false;
  }
  return vscode.workspace.applyEdit(action.edit);
}
