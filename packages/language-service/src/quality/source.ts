/**
 * Where the editor's quality figures come from, and the cache that keeps
 * them: report files next to the set (`quality.json`, `quality-2.0.0.json`,
 * as `rubric quality -f json -o` writes them), report files in a configured
 * folder (`rubric.quality.folder`), and the registry (`rubric.registry.url`,
 * with the token the server read from the environment).
 *
 * Nothing here ever runs on a keystroke: asking for a set's figures answers
 * from the cache at once (undefined the first time) and schedules the
 * loading for later; when new figures are in, listeners hear which set
 * changed (the server then lints it again and refreshes the code lenses).
 * A report file is read again only when the workspace says it changed; the
 * registry is asked again after a while, with ETags.
 */
import { posix } from 'node:path';
import { SEMVER_PATTERN } from '@rubric/core';
import { readQualityReport } from '@rubric/quality/read';
import type { Logger } from '../sets.js';
import { pathToUri, uriToPath, type Workspace } from '../workspace.js';
import { reportsFor, SetQuality, TREND_VERSIONS, type ReportEntry } from './figures.js';
import { fetchRegistryReports, RegistryError, type CachedReport } from './registry.js';

/** What the editor's settings say about quality figures. */
export interface QualitySettings {
  /** A folder of report files (absolute path): `*.json` in it and in its `<set id>/` sub-folder. */
  folder?: string;
  /** The registry to read reports from. */
  registryUrl?: string;
}

/** What the source needs besides the workspace. */
export interface QualitySourceOptions {
  /** The registry token (the server reads RUBRIC_TOKEN). */
  token?: string;
  /** Defaults to the global fetch. */
  fetch?: typeof globalThis.fetch;
  now?: () => number;
  /** How long the registry's answer is reused before it is asked again (default 5 minutes). */
  registryTtlMs?: number;
}

/** Which set, at which version. */
export interface SetKey {
  dir: string;
  setId: string;
  version: string | undefined;
}

/** Report files next to a set: `quality.json`, `quality-<anything>.json`. */
const NEXT_TO_SET = /^quality(?:[-_.][^/]*)?\.json$/i;
/** Most report files read from one folder. */
const MAX_FILES_PER_FOLDER = 200;
const DEFAULT_TTL_MS = 5 * 60_000;

interface RegistryState {
  version: string | undefined;
  fetchedAt: number;
  entries: ReportEntry[];
  inflight?: Promise<void>;
  cache: Map<string, CachedReport>;
  /** The last failure, logged once until it changes. */
  lastError?: string;
}

interface Result {
  key: SetKey;
  /** setId, version and the settings generation the value was computed for. */
  stamp: string;
  value: SetQuality | undefined;
  /** The reports it was built from, to tell a real change from a recomputation. */
  reports: readonly unknown[];
}

/** Finds, reads and caches the quality reports of sets. */
export class QualitySource {
  private settings: QualitySettings = {};
  private generation = 0;
  private readonly files = new Map<string, ReportEntry | null>();
  private readonly listings = new Map<string, string[]>();
  private readonly registry = new Map<string, RegistryState>();
  private readonly results = new Map<string, Result>();
  private readonly scheduled = new Map<string, SetKey>();
  private readonly listeners = new Set<(dir: string) => void>();
  private readonly work = new Set<Promise<void>>();
  private readonly unsubscribe: () => void;
  private disposed = false;

  constructor(
    private readonly workspace: Workspace,
    private readonly logger: Logger,
    private readonly options: QualitySourceOptions = {},
  ) {
    this.unsubscribe = workspace.onDidChange((uri) => this.fileChanged(uri));
  }

  /** Applies new settings: every set's figures are looked up again. */
  configure(settings: QualitySettings): void {
    const next: QualitySettings = {};
    if (settings.folder?.trim()) next.folder = posix.normalize(settings.folder.trim().replace(/\\/g, '/')).replace(/\/+$/, '');
    if (settings.registryUrl?.trim()) next.registryUrl = settings.registryUrl.trim().replace(/\/+$/, '');
    if (JSON.stringify(next) === JSON.stringify(this.settings)) return;
    this.settings = next;
    this.generation++;
    this.registry.clear();
    for (const result of this.results.values()) this.schedule(result.key);
  }

  /** The figures of a set now, from the cache; never waits. A first ask, or one after a change, schedules the loading. */
  figures(key: SetKey): SetQuality | undefined {
    const result = this.results.get(key.dir);
    if (result && result.stamp === this.stamp(key)) {
      this.refreshRegistry(key);
      return result.value;
    }
    this.schedule(key);
    // While loading, the figures of the same set stay (a new report replaces them when read).
    return result && result.key.setId === key.setId ? result.value : undefined;
  }

  /** Listens for sets (by folder) whose figures changed. */
  onDidChange(listener: (dir: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves when no loading is scheduled or running (tests, benchmarks). */
  async idle(): Promise<void> {
    while (this.work.size > 0) await Promise.all([...this.work]);
  }

  dispose(): void {
    this.disposed = true;
    this.unsubscribe();
    this.listeners.clear();
  }

  private stamp(key: SetKey): string {
    return `${key.setId}\u0000${key.version ?? ''}\u0000${this.generation}`;
  }

  private track(promise: Promise<void>): void {
    this.work.add(promise);
    void promise.finally(() => this.work.delete(promise));
  }

  /** Loads a set's figures after the current task (never inside a keystroke's handler). */
  private schedule(key: SetKey): void {
    const already = this.scheduled.has(key.dir);
    this.scheduled.set(key.dir, key);
    if (already) return;
    this.track(
      new Promise<void>((resolve) => {
        setImmediate(() => {
          const latest = this.scheduled.get(key.dir) ?? key;
          this.scheduled.delete(key.dir);
          try {
            if (!this.disposed) this.compute(latest);
          } catch (error) {
            this.logger.error(`Rubric could not load the quality figures of ${latest.dir}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
          }
          resolve();
        });
      }),
    );
  }

  private compute(key: SetKey): void {
    const entries = [...this.localEntries(key), ...(this.registry.get(key.setId)?.entries ?? [])];
    const reports = reportsFor(entries, key.setId, key.version);
    const previous = this.results.get(key.dir);
    const used = reports?.map((e) => e.report) ?? [];
    // Nothing before and nothing now is no change either.
    const same = previous === undefined ? used.length === 0 : previous.key.setId === key.setId && previous.reports.length === used.length && previous.reports.every((r, i) => r === used[i]);
    const value = same ? previous?.value : reports ? new SetQuality(reports) : undefined;
    this.results.set(key.dir, { key, stamp: this.stamp(key), value, reports: used });
    if (!same) for (const listener of this.listeners) listener(key.dir);
    this.refreshRegistry(key);
  }

  /** Report files next to the set and in the configured folder, files next to the set first. */
  private localEntries(key: SetKey): ReportEntry[] {
    const out: ReportEntry[] = [];
    const add = (dir: string, accept: (name: string) => boolean): void => {
      const names = this.list(dir).filter(accept).slice(0, MAX_FILES_PER_FOLDER);
      for (const name of names) {
        const entry = this.read(posix.join(dir, name), key.dir === dir || name.startsWith('quality'));
        if (entry) out.push(entry);
      }
    };
    add(key.dir, (name) => NEXT_TO_SET.test(name));
    const folder = this.settings.folder;
    if (folder !== undefined && folder !== key.dir) {
      add(folder, (name) => name.toLowerCase().endsWith('.json'));
      if (/^[a-z0-9-]+$/.test(key.setId)) add(posix.join(folder, key.setId), (name) => name.toLowerCase().endsWith('.json'));
    }
    return out;
  }

  private list(dir: string): string[] {
    let names = this.listings.get(dir);
    if (!names) {
      names = this.workspace.list?.(pathToUri(dir)) ?? [];
      this.listings.set(dir, names);
    }
    return names;
  }

  /** A report file, read once until it changes; null when it is none (`warn`: say why in the log). */
  private read(path: string, warn: boolean): ReportEntry | null {
    const cached = this.files.get(path);
    if (cached !== undefined) return cached;
    let entry: ReportEntry | null = null;
    const read = this.workspace.readFile(pathToUri(path));
    if (!read.ok) {
      if (warn) this.logger.log(`Rubric: ignored quality report ${path}: ${read.message}`);
    } else {
      let value: unknown;
      try {
        value = JSON.parse(read.text);
      } catch (error) {
        if (warn) this.logger.log(`Rubric: ignored quality report ${path}: Unexpected content, expected JSON (${error instanceof Error ? error.message : String(error)})`);
      }
      if (value !== undefined) {
        const { report, errors } = readQualityReport(value);
        if (report) entry = { report, source: path, kind: 'file' };
        else if (warn) this.logger.log(`Rubric: ignored ${path}, not a quality report (rubric quality --format json): ${errors.map((e) => `${e.path || '(top)'}: ${e.message}`).join('; ')}`);
      }
    }
    this.files.set(path, entry);
    return entry;
  }

  /** A file changed: forget what was read from it and its folder's listing, and look the sets it may feed up again. */
  private fileChanged(uri: string): void {
    const path = uriToPath(uri);
    if (path === undefined) return;
    const dir = posix.dirname(path);
    const name = posix.basename(path);
    const folder = this.settings.folder;
    const inFolder = folder !== undefined && (dir === folder || posix.dirname(dir) === folder);
    if (!this.files.has(path) && !(NEXT_TO_SET.test(name) || (inFolder && name.toLowerCase().endsWith('.json')))) return;
    this.files.delete(path);
    this.listings.delete(dir);
    for (const result of this.results.values()) {
      if (result.key.dir === dir || inFolder) this.schedule(result.key);
    }
  }

  /** Asks the registry again when its answer is older than the TTL (in the background). */
  private refreshRegistry(key: SetKey): void {
    const url = this.settings.registryUrl;
    const fetch = this.options.fetch ?? globalThis.fetch;
    if (url === undefined || typeof fetch !== 'function') return;
    const now = (this.options.now ?? Date.now)();
    let state = this.registry.get(key.setId);
    if (state?.inflight) return;
    // A version being typed ("2.", "2.1") is no reason to ask again; a new valid one is.
    const versionMoved = state !== undefined && state.version !== key.version && key.version !== undefined && SEMVER_PATTERN.test(key.version);
    if (state && !versionMoved && now - state.fetchedAt < (this.options.registryTtlMs ?? DEFAULT_TTL_MS)) return;
    if (!state) {
      state = { version: key.version, fetchedAt: 0, entries: [], cache: new Map() };
      this.registry.set(key.setId, state);
    }
    const s = state;
    const generation = this.generation;
    s.version = key.version;
    const request = { url, ...(this.options.token ? { token: this.options.token } : {}), fetch, setId: key.setId, version: key.version, versions: TREND_VERSIONS, cache: s.cache };
    s.inflight = fetchRegistryReports(request).then(
      (entries) => {
        s.entries = entries;
        s.lastError = undefined;
      },
      (error: unknown) => {
        const message = error instanceof RegistryError ? error.message : `Rubric could not read quality reports from ${url}: ${error instanceof Error ? error.message : String(error)}`;
        if (message !== s.lastError) this.logger.log(`Rubric: ${message}`);
        s.lastError = message;
      },
    );
    this.track(
      s.inflight.then(() => {
        s.fetchedAt = (this.options.now ?? Date.now)();
        delete s.inflight;
        if (this.disposed || generation !== this.generation) return;
        // Recomputed now (not scheduled): the figures of every set with this id may change.
        for (const result of [...this.results.values()]) if (result.key.setId === key.setId) this.compute(result.key);
      }),
    );
  }
}
