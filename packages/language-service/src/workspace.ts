/**
 * The workspace the language service reads: documents open in the editor
 * (uri, version, unsaved text) overlaid on files. The service never touches
 * the disk or an LSP connection itself; the server backs this interface with
 * its TextDocuments and the file system, tests with memory.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createNodeHost, type Host, type ReadResult } from '@rubric/core';

/** A document open in the editor. */
export interface WorkspaceDocument {
  uri: string;
  /** LSP document version. */
  version: number;
  text: string;
}

/** Files and open documents, by URI. */
export interface Workspace {
  /** The open document at `uri`, if the editor has it open. */
  document(uri: string): WorkspaceDocument | undefined;
  /** Reads a file as text; an open document's unsaved text wins over the file. */
  readFile(uri: string): ReadResult;
  /** 'file', 'directory', or undefined when nothing is there (open documents count as files). */
  stat(uri: string): 'file' | 'directory' | undefined;
  /** Calls `listener` with the URI of every document or file that changed; returns an unsubscribe function. */
  onDidChange(listener: (uri: string) => void): () => void;
  /** Names of the files in a folder (not sub-folders), sorted; undefined when it is no folder. For finding quality reports. */
  list?(dirUri: string): string[] | undefined;
}

/** A workspace whose open documents and files can be changed (what servers and tests drive). */
export interface MutableWorkspace extends Workspace {
  /** Opens (or replaces) a document with its unsaved text. */
  openDocument(uri: string, text: string, version: number): void;
  /** Closes a document: reads fall back to the file. */
  closeDocument(uri: string): void;
  /** Tells the workspace a file changed, was created or deleted outside the editor. */
  fileChanged(uri: string): void;
}

/** Absolute file path of a file: URI (forward slashes); undefined for other schemes. */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri).replace(/\\/g, '/');
  } catch {
    return undefined;
  }
}

/** file: URI of an absolute path. */
export function pathToUri(path: string): string {
  return pathToFileURL(path).href;
}

/** Overlay of open documents on a core Host (the file system or memory). */
class OverlayWorkspace implements MutableWorkspace {
  private readonly open = new Map<string, WorkspaceDocument>();
  private readonly listeners = new Set<(uri: string) => void>();

  constructor(
    protected readonly files: Host,
    private readonly listFiles: (dir: string) => string[] | undefined,
  ) {}

  /** Open documents are keyed by path so that two spellings of one URI (e.g. %3A) meet. */
  private key(uri: string): string {
    return uriToPath(uri) ?? uri;
  }

  document(uri: string): WorkspaceDocument | undefined {
    return this.open.get(this.key(uri));
  }

  readFile(uri: string): ReadResult {
    const doc = this.document(uri);
    if (doc) return { ok: true, text: doc.text };
    const path = uriToPath(uri);
    if (path === undefined) return { ok: false, kind: 'missing', message: 'Missing file (not a file: URI)' };
    return this.files.readText(path);
  }

  stat(uri: string): 'file' | 'directory' | undefined {
    if (this.document(uri)) return 'file';
    const path = uriToPath(uri);
    return path === undefined ? undefined : this.files.stat(path);
  }

  list(dirUri: string): string[] | undefined {
    const path = uriToPath(dirUri);
    return path === undefined ? undefined : this.listFiles(path.replace(/\/+$/, ''));
  }

  onDidChange(listener: (uri: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  openDocument(uri: string, text: string, version: number): void {
    this.open.set(this.key(uri), { uri, text, version });
    this.emit(uri);
  }

  closeDocument(uri: string): void {
    if (this.open.delete(this.key(uri))) this.emit(uri);
  }

  fileChanged(uri: string): void {
    this.emit(uri);
  }

  protected emit(uri: string): void {
    for (const listener of this.listeners) listener(uri);
  }
}

/** A workspace over the real file system, with open documents overlaid (what the language server uses). */
export function createNodeWorkspace(maxFileBytes?: number): MutableWorkspace {
  return new OverlayWorkspace(createNodeHost(maxFileBytes), (dir) => {
    try {
      return readdirSync(dir, { withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => e.name)
        .sort();
    } catch {
      return undefined;
    }
  });
}

/** An in-memory workspace (tests, bundles): files by URI, plus open documents. */
export interface MemoryWorkspace extends MutableWorkspace {
  /** Writes (or creates) a file and reports the change. */
  writeFile(uri: string, text: string): void;
  /** Deletes a file and reports the change. */
  deleteFile(uri: string): void;
}

class InMemoryWorkspace extends OverlayWorkspace implements MemoryWorkspace {
  constructor(private readonly texts: Map<string, string>) {
    super(
      {
      readText: (path) => {
        const text = texts.get(path);
        return text === undefined ? { ok: false, kind: 'missing', message: 'Missing file' } : { ok: true, text };
      },
      stat: (path) => {
        const p = path.replace(/\/+$/, '');
        if (texts.has(p)) return 'file';
        for (const k of texts.keys()) if (k.startsWith(`${p}/`)) return 'directory';
        return undefined;
      },
      },
      (dir) => {
        const names = [...texts.keys()].filter((k) => k.startsWith(`${dir}/`) && !k.slice(dir.length + 1).includes('/')).map((k) => k.slice(dir.length + 1));
        const isDir = names.length > 0 || [...texts.keys()].some((k) => k.startsWith(`${dir}/`));
        return isDir ? names.sort() : undefined;
      },
    );
  }

  writeFile(uri: string, text: string): void {
    this.texts.set(uriToPath(uri) ?? uri, text);
    this.emit(uri);
  }

  deleteFile(uri: string): void {
    this.texts.delete(uriToPath(uri) ?? uri);
    this.emit(uri);
  }
}

/** An in-memory workspace from a map of file: URI -> text. */
export function createMemoryWorkspace(files: Record<string, string> = {}): MemoryWorkspace {
  return new InMemoryWorkspace(new Map(Object.entries(files).map(([uri, text]) => [uriToPath(uri) ?? uri, text])));
}
