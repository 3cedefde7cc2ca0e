/**
 * createLanguageService: the editor features of Rubric as plain functions over
 * a workspace, speaking LSP types. No VS Code API and no LSP connection here:
 * the language server wires protocol events to these functions, and tests
 * call them against an in-memory workspace.
 */
import type { CodeAction, CodeLens, CompletionItem, DocumentHighlight, DocumentSymbol, FoldingRange, Hover, Location, Position, Range, WorkspaceEdit } from 'vscode-languageserver-types';
import { codeActions, type CodeActionKinds } from './features/code-actions.js';
import { completion } from './features/completion.js';
import { DiagnosticsTracker, setStatus, type SetDiagnostics } from './features/diagnostics.js';
import { hover } from './features/hover.js';
import { LanguageServiceError, definition, documentHighlights, prepareRename, references, rename } from './features/navigation.js';
import { codeLenses, documentSymbols, foldingRanges } from './features/outline.js';
import type { BumpStatus, CaseStudiesResult, CompareResult, ExampleFromCaseParams, ExampleFromCaseResult, PreviewResult, SetStatusParams } from './protocol.js';
import { caseStudies, exampleFromCase, qualityLenses, setKeyOf } from './features/quality.js';
import type { SetQuality } from './quality/figures.js';
import { QualitySource, type QualitySettings, type QualitySourceOptions } from './quality/source.js';
import { BaseSets, bumpQuickFix, bumpStatus, bumpTooSmall, versionLens, type Comparison } from './features/compare.js';
import type { GitReader } from './git.js';
import { SetIndex, type Logger, type SetState } from './sets.js';
import type { Workspace } from './workspace.js';
import { GUIDELINE_FILE, type GuidelineSet } from '@rubric/core';

/** What the language service needs. */
export interface LanguageServiceOptions {
  workspace: Workspace;
  logger?: Logger;
  /** Reads git for "compare with base" (code lens, quick fix, status, panel); without it those features are off. */
  git?: GitReader;
  /** The registry token, fetch and clock of the quality figures (report files next to the set are read without any of it). */
  quality?: QualitySourceOptions;
}

/** Rubric's editor features. Every function is safe on any URI: outside a set it returns an empty result. */
export interface LanguageService {
  /** Guideline URIs of the sets whose diagnostics may change when `uri` changes (its own set; every set under a changed rubric.config.json). */
  affectedSets(uri: string): string[];
  /** Diagnostics of every document of the set holding `uri`, marked changed since last asked, and the set status; null outside a set. */
  setDiagnostics(uri: string): SetDiagnostics | null;
  codeActions(uri: string, range: Range, only?: CodeActionKinds): CodeAction[];
  hover(uri: string, position: Position): Hover | null;
  completion(uri: string, position: Position): CompletionItem[];
  definition(uri: string, position: Position): Location[];
  references(uri: string, position: Position, includeDeclaration?: boolean): Location[];
  documentHighlights(uri: string, position: Position): DocumentHighlight[];
  prepareRename(uri: string, position: Position): { range: Range; placeholder: string } | null;
  /** Throws LanguageServiceError (with a message for people) when the new id is taken or malformed. */
  rename(uri: string, position: Position, newId: string): WorkspaceEdit;
  documentSymbols(uri: string): DocumentSymbol[];
  foldingRanges(uri: string): FoldingRange[];
  codeLenses(uri: string): CodeLens[];
  /** The rendered guideline of the set holding `uri`, from the open (unsaved) texts; null outside a set. */
  renderPreview(uri: string): Promise<PreviewResult | null>;
  /** Status-bar summary of the set holding `uri`; null outside a set. */
  setStatus(uri: string): SetStatusParams | null;
  /** The set holding `uri` compared with a git base (default: the compare base); null outside a set. Throws LanguageServiceError for people (no repository, unknown ref). */
  compare(uri: string, base?: string): Promise<CompareResult | null>;
  /** Branches and tags to offer as compare bases. */
  compareRefs(uri: string): string[];
  /** Sets the base of the code lens, quick fix and status bump ('' = merge base with the default branch). */
  setCompareBase(base: string): void;
  /** Where quality figures come from besides report files next to the set: a folder of reports, the registry. */
  configureQuality(settings: QualitySettings): void;
  /** Hears the guideline URI of every set whose quality figures changed (lint it again, refresh its code lenses). */
  onDidChangeQuality(listener: (guidelineUri: string) => void): () => void;
  /** Resolves once no quality figures are being loaded (tests, benchmarks). */
  qualityIdle(): Promise<void>;
  /** The case studies of a label of the set holding `uri`; null without figures for it. */
  caseStudies(uri: string, labelId: string): CaseStudiesResult | null;
  /** "Add as example": the edit writing a case study into the label's section, or the next question to ask. Throws LanguageServiceError for people. */
  exampleFromCase(params: ExampleFromCaseParams): ExampleFromCaseResult;
  /** The status bar's bump warning for the set holding `uri`, when its declared bump is too small; undefined otherwise (or without git). */
  bumpStatus(uri: string): BumpStatus | undefined;
  /** Stops listening to the workspace. */
  dispose(): void;
}

const silent: Logger = { log() {}, error() {} };

/** Creates the language service over a workspace. */
export function createLanguageService({ workspace, logger = silent, git, quality: qualityOptions }: LanguageServiceOptions): LanguageService {
  const qualitySource = new QualitySource(workspace, logger, qualityOptions);
  /** A set's quality figures from the cache (never waits: a first ask starts loading them). */
  const qualityOfSet = (set: GuidelineSet): SetQuality | undefined => {
    const key = setKeyOf(set);
    return key ? qualitySource.figures(key) : undefined;
  };
  const quality = (state: SetState): SetQuality | undefined => qualityOfSet(state.set);
  const sets = new SetIndex(workspace, (set) => qualityOfSet(set)?.current.report);
  const qualityListeners = new Set<(guidelineUri: string) => void>();
  qualitySource.onDidChange((dir) => {
    sets.invalidate(dir);
    const uri = sets.uriOf(`${dir}/${GUIDELINE_FILE}`);
    for (const listener of qualityListeners) listener(uri);
  });
  const baseSets = git ? new BaseSets(git) : undefined;
  let compareBase = '';
  /** The set compared with the compare base, or undefined without git or when git cannot answer (the lens and fix then stay away). */
  const comparison = (state: SetState): Comparison | undefined => {
    if (!baseSets) return undefined;
    try {
      return baseSets.compare(state, compareBase);
    } catch (error) {
      if (error instanceof LanguageServiceError) return undefined;
      throw error;
    }
  };
  const tracker = new DiagnosticsTracker();
  /** Runs a feature on the set holding `uri`, or returns `empty` when there is none. */
  const withSet = <T>(uri: string, empty: T, run: (state: SetState) => T): T => {
    try {
      const state = sets.get(uri);
      return state ? run(state) : empty;
    } catch (error) {
      // Errors meant for people go to the caller; anything else is a bug, logged, and the feature answers empty.
      if (error instanceof LanguageServiceError) throw error;
      logger.error(`Rubric language service failed on ${uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return empty;
    }
  };
  logger.log('Rubric language service ready');
  return {
    affectedSets: (uri) => sets.affectedSets(uri),
    setDiagnostics: (uri) => withSet(uri, null, (state) => tracker.compute(state, workspace)),
    codeActions: (uri, range, only) =>
      withSet(uri, [], (state) => {
        const actions = codeActions(state, uri, range, only);
        if (only && !only.some((k) => k === 'quickfix' || k.startsWith('quickfix.'))) return actions;
        const c = state.set.guideline && state.uriOf(state.set.guideline.file) === uri ? comparison(state) : undefined;
        return c ? [...bumpQuickFix(state, uri, range, c), ...actions] : actions;
      }),
    hover: (uri, position) => withSet(uri, null, (state) => hover(state, uri, position, quality(state))),
    completion: (uri, position) => withSet(uri, [], (state) => completion(state, uri, position)),
    definition: (uri, position) => withSet(uri, [], (state) => definition(state, uri, position)),
    references: (uri, position, includeDeclaration = true) => withSet(uri, [], (state) => references(state, uri, position, includeDeclaration)),
    documentHighlights: (uri, position) => withSet(uri, [], (state) => documentHighlights(state, uri, position)),
    prepareRename: (uri, position) => withSet(uri, null, (state) => prepareRename(state, uri, position)),
    rename: (uri, position, newId) => withSet(uri, { changes: {} }, (state) => rename(state, uri, position, newId)),
    documentSymbols: (uri) => withSet(uri, [], (state) => documentSymbols(state, uri)),
    foldingRanges: (uri) => withSet(uri, [], (state) => foldingRanges(state, uri)),
    codeLenses: (uri) =>
      withSet(uri, [], (state) => {
        const lenses = [...codeLenses(state, uri), ...qualityLenses(state, uri, quality(state))];
        const c = state.set.guideline && state.uriOf(state.set.guideline.file) === uri ? comparison(state) : undefined;
        return c ? [...versionLens(state, uri, c), ...lenses] : lenses;
      }),
    renderPreview: async (uri) => {
      // The renderer (unified, rehype) loads on the first preview, so it does not delay the server's first diagnostics.
      const { renderGuideline } = await import('@rubric/render');
      return withSet(uri, null, (state) => {
        const rendered = renderGuideline(state.set);
        return { guidelineUri: state.guidelineUri, html: rendered.html, title: rendered.title, toc: rendered.toc, documentVersion: workspace.document(state.guidelineUri)?.version ?? null };
      });
    },
    setStatus: (uri) =>
      withSet(uri, null, (state) => {
        const status = setStatus(state);
        const c = comparison(state);
        const bump = c ? bumpStatus(c) : undefined;
        return bump ? { ...status, bump } : status;
      }),
    compare: async (uri, base) => {
      if (!baseSets) throw new LanguageServiceError('Compare with base needs git, which this editor did not provide');
      const { renderSetDiff } = await import('@rubric/render');
      return withSet(uri, null, (state) => {
        const c = baseSets.compare(state, base ?? compareBase);
        const index = state.index();
        const guidelineFile = state.set.guideline?.file;
        const sectionLine = (labelId: string): number | undefined => {
          const id = index.resolve(labelId)?.id ?? labelId;
          return index.of(id).find((o) => o.context === 'section' && o.file === guidelineFile)?.range.start.line;
        };
        const title = typeof state.set.guideline?.frontmatter?.data === 'object' && state.set.guideline.frontmatter.data !== null ? String((state.set.guideline.frontmatter.data as Record<string, unknown>).title ?? c.diff.id ?? '') : (c.diff.id ?? '');
        return {
          guidelineUri: state.guidelineUri,
          title: title || posixBase(state.dir),
          base: { ref: c.base.ref, commit: c.base.commit, label: c.base.label },
          html: renderSetDiff(c.diff, { baseLabel: c.base.label, baseCommit: c.base.commit, sectionLine }),
          required: c.diff.required,
          declared: c.diff.declared,
          tooSmall: bumpTooSmall(c.diff),
          ok: c.diff.ok,
          changes: c.diff.changes.length,
          documentVersion: workspace.document(state.guidelineUri)?.version ?? null,
        };
      });
    },
    compareRefs: (uri) =>
      withSet(uri, [], (state) => {
        const root = git?.root(state.dir);
        return root === undefined || !git ? [] : git.refs(root);
      }),
    setCompareBase: (base) => {
      compareBase = base.trim();
    },
    bumpStatus: (uri) =>
      withSet(uri, undefined, (state) => {
        const c = comparison(state);
        return c ? bumpStatus(c) : undefined;
      }),
    configureQuality: (settings) => qualitySource.configure(settings),
    onDidChangeQuality: (listener) => {
      qualityListeners.add(listener);
      return () => qualityListeners.delete(listener);
    },
    qualityIdle: () => qualitySource.idle(),
    caseStudies: (uri, labelId) => withSet(uri, null, (state) => caseStudies(state, quality(state), labelId)),
    exampleFromCase: (params) => {
      const result = withSet(params.uri, null, (state) => exampleFromCase(state, quality(state), params));
      if (!result) throw new LanguageServiceError(`${params.uri} is not a document of a guideline set`);
      return result;
    },
    dispose: () => {
      qualitySource.dispose();
      sets.dispose();
    },
  };
}

/** The last segment of a folder path. */
function posixBase(dir: string): string {
  return dir.slice(dir.lastIndexOf('/') + 1);
}
