/**
 * The Rubric language server: wires LSP events to @rubric/language-service and
 * nothing more. Open documents overlay the disk, watched-file events refresh
 * it, and diagnostics are linted per set and pushed to every document of the
 * set whose diagnostics changed. Every handler is wrapped so a bug or garbage
 * input becomes a logged error and an LSP error response, never an exit.
 */
import {
  CodeActionKind,
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  DidChangeWatchedFilesNotification,
  DidChangeConfigurationNotification,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { isAbsolute, join } from 'node:path';
import {
  CASE_STUDIES_REQUEST,
  COMPARE_BASE_NOTIFICATION,
  COMPARE_REFS_REQUEST,
  COMPARE_REQUEST,
  FIX_ALL_KIND,
  LanguageServiceError,
  PREVIEW_REQUEST,
  SET_STATUS_NOTIFICATION,
  SET_STATUS_REQUEST,
  createLanguageService,
  createNodeGitReader,
  createNodeWorkspace,
  EXAMPLE_FROM_CASE_REQUEST,
  uriToPath,
  type ExampleFromCaseParams,
  type ExampleFromCaseResult,
  type QualitySettings,
  type RubricSettings,
} from '@rubric/language-service';

/** Environment variable holding the registry token (the same as the CLI's). */
export const TOKEN_ENV = 'RUBRIC_TOKEN';

/** The quality settings in a `rubric` settings object (anything else is ignored); relative folders resolve against `root`. */
export function qualitySettings(value: unknown, root: string | undefined): QualitySettings {
  const settings = (value ?? {}) as RubricSettings;
  const out: QualitySettings = {};
  const url = settings.registry?.url;
  if (typeof url === 'string' && /^https?:\/\//i.test(url.trim())) out.registryUrl = url.trim();
  const folder = settings.quality?.folder;
  if (typeof folder === 'string' && folder.trim() !== '') out.folder = isAbsolute(folder.trim()) || root === undefined ? folder.trim() : join(root, folder.trim());
  return out;
}

/** Options of {@link startServer}. */
export interface ServerOptions {
  /** Wait before linting when edits come faster than this many ms apart (a burst, e.g. a paste or a replace-all); an edit after a pause is linted at once. */
  debounceMs?: number;
}


/** The URI of `params.textDocument`, or an InvalidParams error for garbage params. */
function documentUri(params: unknown): string {
  const uri = (params as { textDocument?: { uri?: unknown } } | null)?.textDocument?.uri;
  if (typeof uri !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'Expected params.textDocument.uri to be a string');
  return uri;
}

/** `params.uri` of Rubric's custom requests, or an InvalidParams error. */
function plainUri(params: unknown): string {
  const uri = (params as { uri?: unknown } | null)?.uri;
  if (typeof uri !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'Expected params.uri to be a string');
  return uri;
}

/** `params.position`, or an InvalidParams error. */
function position(params: unknown): { line: number; character: number } {
  const p = (params as { position?: { line?: unknown; character?: unknown } } | null)?.position;
  if (typeof p?.line !== 'number' || typeof p.character !== 'number') throw new ResponseError(ErrorCodes.InvalidParams, 'Expected params.position to be {line, character} numbers');
  return { line: p.line, character: p.character };
}

/** Wires a connection to the language service; the caller calls `connection.listen()`. */
export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const debounceMs = options.debounceMs ?? 30;
  const workspace = createNodeWorkspace();
  const service = createLanguageService({
    workspace,
    logger: { log: (m) => connection.console.log(m), error: (m) => connection.console.error(m) },
    git: createNodeGitReader(),
    quality: process.env[TOKEN_ENV] ? { token: process.env[TOKEN_ENV] } : {},
  });
  const documents = new TextDocuments(TextDocument);

  /** Runs a handler; people-facing refusals become RequestFailed, bugs are logged and become InternalError. */
  const toResponseError = (name: string, error: unknown): ResponseError<void> => {
    if (error instanceof ResponseError) return error as ResponseError<void>;
    if (error instanceof LanguageServiceError) return new ResponseError(LSPErrorCodes.RequestFailed, error.message);
    const message = error instanceof Error ? error.message : String(error);
    connection.console.error(`Rubric ${name} failed: ${error instanceof Error ? (error.stack ?? message) : message}`);
    return new ResponseError(ErrorCodes.InternalError, `Rubric ${name} failed: ${message}`);
  };
  const guard =
    <P, R>(name: string, run: (params: P) => R) =>
    (params: P): R | ResponseError<void> => {
      try {
        return run(params);
      } catch (error) {
        return toResponseError(name, error);
      }
    };
  /** The same for handlers answering with a promise. */
  const guardAsync =
    <P, R>(name: string, run: (params: P) => Promise<R>) =>
    async (params: P): Promise<R | ResponseError<void>> => {
      try {
        return await run(params);
      } catch (error) {
        return toResponseError(name, error);
      }
    };
  /** The same for notifications, which have nobody to answer. */
  const guardNotification =
    <P>(name: string, run: (params: P) => void) =>
    (params: P): void => {
      const result = guard(name, run)(params);
      if (result instanceof ResponseError) connection.console.error(result.message);
    };

  // Diagnostics: the sets to lint again, linted together once edits pause.
  const pending = new Set<string>();
  const published = new Map<string, number | null>();
  let timer: NodeJS.Timeout | undefined;
  let lastChange = -Infinity;
  const schedule = (uri: string): void => {
    const now = performance.now();
    const burst = now - lastChange < debounceMs;
    lastChange = now;
    for (const set of service.affectedSets(uri)) pending.add(set);
    if (timer || pending.size === 0) return;
    // Edits queued while a lint ran arrive together and are coalesced anyway; waiting only helps inside a burst.
    timer = setTimeout(flush, burst ? debounceMs : 0);
  };
  const flush = guardNotification('diagnostics', () => {
    timer = undefined;
    const sets = [...pending];
    pending.clear();
    for (const guidelineUri of sets) {
      const result = service.setDiagnostics(guidelineUri);
      if (!result) continue;
      for (const doc of result.documents) {
        // A new version of an open document is published even when its diagnostics did not change, so clients know they are current.
        if (!doc.changed && published.get(doc.uri) === doc.version) continue;
        published.set(doc.uri, doc.version);
        void connection.sendDiagnostics({ uri: doc.uri, ...(doc.version !== null ? { version: doc.version } : {}), diagnostics: doc.diagnostics });
      }
      // After the diagnostics, so comparing with the git base never delays them.
      const bump = service.bumpStatus(guidelineUri);
      void connection.sendNotification(SET_STATUS_NOTIFICATION, bump ? { ...result.status, bump } : result.status);
    }
  });

  documents.onDidChangeContent(
    guardNotification('didChange', (e: { document: TextDocument }) => {
      workspace.openDocument(e.document.uri, e.document.getText(), e.document.version);
      schedule(e.document.uri);
    }),
  );
  documents.onDidClose(
    guardNotification('didClose', (e: { document: TextDocument }) => {
      workspace.closeDocument(e.document.uri);
      published.delete(e.document.uri);
      schedule(e.document.uri);
    }),
  );
  connection.onDidChangeWatchedFiles(
    guardNotification('didChangeWatchedFiles', (params: { changes?: { uri?: unknown }[] }) => {
      for (const change of params?.changes ?? []) {
        if (typeof change?.uri !== 'string') continue;
        workspace.fileChanged(change.uri);
        schedule(change.uri);
      }
    }),
  );

  let watchRegistration = false;
  let lensRefresh = false;
  let configurationPull = false;
  let configurationRegistration = false;
  let root: string | undefined;
  const refreshLenses = (): void => {
    if (lensRefresh) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
  };
  /** Reads the `rubric` settings from the client (LSP workspace/configuration). */
  const pullSettings = async (): Promise<void> => {
    if (!configurationPull) return;
    try {
      const [rubric] = (await connection.sendRequest('workspace/configuration', { items: [{ section: 'rubric' }] })) as unknown[];
      service.configureQuality(qualitySettings(rubric, root));
    } catch (error) {
      connection.console.error(`Could not read the rubric settings: ${String(error)}`);
    }
  };
  // New quality figures (a report written, the registry answered): lint the set again and refresh the code lenses.
  service.onDidChangeQuality((guidelineUri) => {
    schedule(guidelineUri);
    refreshLenses();
  });
  connection.onInitialize((params): InitializeResult => {
    watchRegistration = params?.capabilities?.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    lensRefresh = params?.capabilities?.workspace?.codeLens?.refreshSupport === true;
    configurationPull = params?.capabilities?.workspace?.configuration === true;
    configurationRegistration = params?.capabilities?.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    const folder = params?.workspaceFolders?.[0]?.uri ?? params?.rootUri ?? undefined;
    root = typeof folder === 'string' ? uriToPath(folder) : undefined;
    // Clients that cannot be asked for settings may pass them at start: {"registry": {"url": ...}, "quality": {"folder": ...}}.
    service.configureQuality(qualitySettings(params?.initializationOptions, root));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['`', '.', ' ', ':', '['] },
        definitionProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        renameProvider: { prepareProvider: true },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        codeLensProvider: { resolveProvider: false },
      },
      serverInfo: { name: 'rubric-language-server' },
    };
  });
  connection.onInitialized(() => {
    void pullSettings();
    if (configurationRegistration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'rubric' }).catch(() => undefined);
    if (!watchRegistration) return;
    // Files changed outside the editor (git checkout, another tool) change findings too.
    connection.client
      .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/guideline.md' }, { globPattern: '**/*.json' }] })
      .catch((error: unknown) => connection.console.error(`Could not watch files: ${String(error)}`));
  });

  connection.onHover(guard('hover', (p) => service.hover(documentUri(p), position(p))));
  connection.onCompletion(guard('completion', (p) => service.completion(documentUri(p), position(p))));
  connection.onDefinition(guard('definition', (p) => service.definition(documentUri(p), position(p))));
  connection.onReferences(guard('references', (p) => service.references(documentUri(p), position(p), p?.context?.includeDeclaration !== false)));
  connection.onDocumentHighlight(guard('documentHighlight', (p) => service.documentHighlights(documentUri(p), position(p))));
  connection.onPrepareRename(guard('prepareRename', (p) => service.prepareRename(documentUri(p), position(p))));
  connection.onRenameRequest(
    guard('rename', (p) => {
      if (typeof p?.newName !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'Expected params.newName to be a string');
      return service.rename(documentUri(p), position(p), p.newName);
    }),
  );
  connection.onCodeAction(
    guard('codeAction', (p) => {
      if (!p?.range) throw new ResponseError(ErrorCodes.InvalidParams, 'Expected params.range');
      return service.codeActions(documentUri(p), p.range, p.context?.only);
    }),
  );
  connection.onDocumentSymbol(guard('documentSymbol', (p) => service.documentSymbols(documentUri(p))));
  connection.onFoldingRanges(guard('foldingRange', (p) => service.foldingRanges(documentUri(p))));
  connection.onCodeLens(guard('codeLens', (p) => service.codeLenses(documentUri(p))));
  connection.onRequest(PREVIEW_REQUEST, guardAsync('preview', async (p: unknown) => service.renderPreview(plainUri(p))));
  connection.onRequest(SET_STATUS_REQUEST, guard('setStatusOf', (p: unknown) => service.setStatus(plainUri(p))));
  connection.onRequest(
    COMPARE_REQUEST,
    guardAsync('compare', async (p: unknown) => {
      const base = (p as { base?: unknown } | null)?.base;
      if (base !== undefined && typeof base !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'Expected params.base to be a string (a branch, tag or commit)');
      return service.compare(plainUri(p), base);
    }),
  );
  connection.onRequest(COMPARE_REFS_REQUEST, guard('compareRefs', (p: unknown) => service.compareRefs(plainUri(p))));
  connection.onNotification(
    COMPARE_BASE_NOTIFICATION,
    guardNotification('setCompareBase', (p: unknown) => {
      const base = (p as { base?: unknown } | null)?.base;
      if (typeof base !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'Expected params.base to be a string');
      service.setCompareBase(base);
      // The lenses and the status bar follow the new base.
      refreshLenses();
      for (const d of documents.all()) schedule(d.uri);
    }),
  );
  connection.onDidChangeConfiguration(
    guardNotification('didChangeConfiguration', (params: { settings?: { rubric?: unknown } | null }) => {
      // Pushed settings when the client sends them, else ask.
      if (configurationPull) void pullSettings();
      else if (params?.settings?.rubric !== undefined) service.configureQuality(qualitySettings(params.settings.rubric, root));
    }),
  );
  connection.onRequest(
    CASE_STUDIES_REQUEST,
    guard('caseStudies', (p: unknown) => {
      const labelId = (p as { labelId?: unknown } | null)?.labelId;
      if (typeof labelId !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'Expected params.labelId to be a string');
      return service.caseStudies(plainUri(p), labelId);
    }),
  );
  connection.onRequest<ExampleFromCaseResult, void>(
    EXAMPLE_FROM_CASE_REQUEST,
    guard('exampleFromCase', (p: unknown) => {
      const q = (p ?? {}) as Partial<Record<keyof ExampleFromCaseParams, unknown>>;
      for (const field of ['labelId', 'item', 'question'] as const) if (typeof q[field] !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, `Expected params.${field} to be a string`);
      if (typeof q.answers !== 'object' || q.answers === null || Array.isArray(q.answers)) throw new ResponseError(ErrorCodes.InvalidParams, 'Expected params.answers to be an object of question id -> answer');
      return service.exampleFromCase({ uri: plainUri(p), labelId: q.labelId as string, item: q.item as string, question: q.question as string, answers: q.answers as ExampleFromCaseParams['answers'] });
    }),
  );
  connection.onShutdown(() => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    service.dispose();
  });

  documents.listen(connection);
}
