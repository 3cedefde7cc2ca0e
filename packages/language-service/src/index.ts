/**
 * @rubric/language-service: Rubric's editor features (diagnostics, quick
 * fixes, hover, completion, navigation, rename, outline, preview) over an
 * abstract workspace, in LSP types. No VS Code API, no LSP connection.
 */
export * from './protocol.js';
export { createLanguageService, type LanguageService, type LanguageServiceOptions } from './service.js';
export { createMemoryWorkspace, createNodeWorkspace, pathToUri, uriToPath, type MemoryWorkspace, type MutableWorkspace, type Workspace, type WorkspaceDocument } from './workspace.js';
export { DIAGNOSTIC_SOURCE, toDiagnostic, toLspPosition, toLspRange, toWorkspaceEdit } from './convert.js';
export { FIX_ALL_KIND, type CodeActionKinds } from './features/code-actions.js';
export { LanguageServiceError } from './features/navigation.js';
export type { DocumentDiagnostics, SetDiagnostics } from './features/diagnostics.js';
export type { Logger } from './sets.js';
export { createNodeGitReader, type GitReader, type ResolvedBase } from './git.js';
export { COMPARE_COMMAND, bumpedVersion, versionLensTitle } from './features/compare.js';
export { QualitySource, type QualitySettings, type QualitySourceOptions, type SetKey } from './quality/source.js';
export { SetQuality, type LabelQualityView, type ReportEntry } from './quality/figures.js';
export { qualityLensTitle } from './features/quality.js';
