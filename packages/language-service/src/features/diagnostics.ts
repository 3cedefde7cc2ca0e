/**
 * Diagnostics of a whole set (every document it touches), from the same rules
 * and rubric.config.json as `rubric lint`, and the set status the status bar
 * shows. The caller learns which documents' diagnostics changed since the last
 * time it asked, so it can publish just those.
 */
import { isRecord } from '@rubric/core';
import type { Diagnostic } from 'vscode-languageserver-types';
import { toDiagnostic } from '../convert.js';
import type { SetStatusParams } from '../protocol.js';
import type { SetState } from '../sets.js';
import type { Workspace } from '../workspace.js';

/** Diagnostics of one document of a set. */
export interface DocumentDiagnostics {
  uri: string;
  /** Version of the open document they were computed from; null when read from disk. */
  version: number | null;
  diagnostics: Diagnostic[];
  /** False when they equal what this function returned for the document last time. */
  changed: boolean;
}

/** Diagnostics of every document of a set, and its status. */
export interface SetDiagnostics {
  guidelineUri: string;
  documents: DocumentDiagnostics[];
  status: SetStatusParams;
}

/** Remembers the last diagnostics per document, to tell what changed. */
export class DiagnosticsTracker {
  private readonly last = new Map<string, string>();
  /** Documents each set last reported on, so a document whose findings are gone gets an empty list. */
  private readonly setDocuments = new Map<string, Set<string>>();

  /** Diagnostics of a set's documents, marked changed or not. */
  compute(state: SetState, workspace: Workspace): SetDiagnostics {
    const byUri = new Map<string, Diagnostic[]>();
    byUri.set(state.guidelineUri, []);
    byUri.set(state.schemaUri, []);
    for (const previous of this.setDocuments.get(state.dir) ?? []) byUri.set(previous, []);
    for (const finding of state.findings()) {
      const uri = state.uriOf(finding.file);
      const list = byUri.get(uri) ?? [];
      list.push(toDiagnostic(finding, state.uriOf));
      byUri.set(uri, list);
    }
    this.setDocuments.set(state.dir, new Set([...byUri].filter(([, d]) => d.length > 0).map(([uri]) => uri)));
    const documents: DocumentDiagnostics[] = [];
    for (const [uri, diagnostics] of byUri) {
      const key = JSON.stringify(diagnostics);
      const changed = this.last.get(uri) !== key;
      this.last.set(uri, key);
      documents.push({ uri, version: workspace.document(uri)?.version ?? null, diagnostics, changed });
    }
    return { guidelineUri: state.guidelineUri, documents, status: setStatus(state) };
  }
}

/** Status-bar summary of a set: frontmatter id, version, status and the findings by severity. */
export function setStatus(state: SetState): SetStatusParams {
  const data = state.set.guideline?.frontmatter?.data;
  const status: SetStatusParams = { guidelineUri: state.guidelineUri, errors: 0, warnings: 0, infos: 0 };
  if (isRecord(data)) {
    if (typeof data.id === 'string') status.setId = data.id;
    if (typeof data.version === 'string') status.version = data.version;
    if (typeof data.status === 'string') status.status = data.status;
  }
  for (const f of state.findings()) {
    if (f.severity === 'error') status.errors++;
    else if (f.severity === 'warning') status.warnings++;
    else status.infos++;
  }
  return status;
}
