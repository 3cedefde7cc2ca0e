/**
 * Which guideline set a document belongs to, and that set loaded, linted and
 * indexed from the workspace's current texts. Everything is per set because
 * everything is cross-file: an unsaved schema.json changes guideline.md's
 * findings and the other way round. Results are cached until the workspace
 * reports a change, so hover, completion and diagnostics after one keystroke
 * share one parse and one lint.
 */
import { posix } from 'node:path';
import {
  CONFIG_FILE,
  GUIDELINE_FILE,
  RULE_DOCS_BASE_URL,
  START_RANGE,
  labelIndex,
  lintSet,
  loadSet,
  resolveConfig,
  rules,
  type Finding,
  type GuidelineSet,
  type Host,
  type LabelIndex,
  type QualityFigures,
  type ResolvedConfig,
} from '@rubric/core';
import { pathToUri, uriToPath, type Workspace } from './workspace.js';

/** The config in force for a set, found like the CLI finds it. */
export interface SetConfig {
  config: ResolvedConfig;
  /** Path of rubric.config.json, when one was found. */
  path?: string;
  /** Problems of the config file itself, as findings on that file. */
  findings: Finding[];
}

/** A set loaded from the workspace at one moment. */
export interface SetState {
  dir: string;
  guidelineUri: string;
  schemaUri: string;
  set: GuidelineSet;
  config: SetConfig;
  /** Findings of the whole set, sorted (lazy: linted on first use). */
  findings(): Finding[];
  /** Where every label id is written in the set: core's label index (computed once per loaded set). */
  index(): LabelIndex;
  /** Document URI of a core file path (the editor's own spelling for open documents). */
  uriOf(file: string): string;
}

/** Reports errors the service recovers from (a bug, never bad input). */
export interface Logger {
  log(message: string): void;
  error(message: string): void;
}

/** Loads and caches sets from a workspace. */
export class SetIndex {
  private readonly cache = new Map<string, SetState>();
  private readonly configCache = new Map<string, { text: string; config: SetConfig }>();
  /** Set folders the service has loaded, so a config change knows whom it affects. */
  private readonly known = new Set<string>();
  private readonly host: Host;
  private readonly unsubscribe: () => void;

  /** `qualityOf` gives a set's labeling-quality figures for the lint (the label-agreement rule), when there are any yet. */
  constructor(
    private readonly workspace: Workspace,
    private readonly qualityOf: (set: GuidelineSet) => QualityFigures | undefined = () => undefined,
  ) {
    this.host = {
      readText: (path) => workspace.readFile(pathToUri(path)),
      stat: (path) => workspace.stat(pathToUri(path)),
    };
    // Any change can matter to any set (links read sibling guidelines, a config covers many sets).
    this.unsubscribe = workspace.onDidChange(() => this.cache.clear());
  }

  /** Stops listening to the workspace. */
  dispose(): void {
    this.unsubscribe();
  }

  /** Forgets a loaded set (its quality figures changed): the next request loads and lints it again. */
  invalidate(dir: string): void {
    this.cache.delete(dir);
  }

  /** Folder of the set a document belongs to, or undefined when it is in none. */
  setDirOf(uri: string): string | undefined {
    const path = uriToPath(uri);
    if (path === undefined) return undefined;
    const dir = posix.dirname(path);
    if (posix.basename(path) === GUIDELINE_FILE) return dir;
    return this.host.stat(posix.join(dir, GUIDELINE_FILE)) === 'file' ? dir : undefined;
  }

  /** The set holding a document, loaded from the current texts; undefined outside any set. */
  get(uri: string): SetState | undefined {
    const dir = this.setDirOf(uri);
    return dir === undefined ? undefined : this.load(dir);
  }

  /** Guideline URIs of the sets whose findings may change when `uri` changes. */
  affectedSets(uri: string): string[] {
    const path = uriToPath(uri);
    if (path === undefined) return [];
    if (posix.basename(path) === CONFIG_FILE) {
      const root = posix.dirname(path);
      return [...this.known].filter((dir) => dir === root || dir.startsWith(`${root}/`)).map((dir) => this.uriOf(posix.join(dir, GUIDELINE_FILE)));
    }
    const dir = this.setDirOf(uri);
    const out = new Set<string>();
    if (dir !== undefined) out.add(dir);
    // Another set's guideline may link to this file (link-valid reads the target).
    if (posix.extname(path) === '.md') for (const d of this.known) if (d !== dir) out.add(d);
    return [...out].map((d) => this.uriOf(posix.join(d, GUIDELINE_FILE)));
  }

  /** Loads a set folder (cached until the workspace changes). */
  load(dir: string): SetState {
    const cached = this.cache.get(dir);
    if (cached) return cached;
    this.known.add(dir);
    const set = loadSet(dir, this.host);
    const config = this.configFor(dir);
    let findings: Finding[] | undefined;
    const state: SetState = {
      dir,
      guidelineUri: this.uriOf(set.guidelinePath),
      schemaUri: this.uriOf(set.schemaPath),
      set,
      config,
      findings: () => {
        if (!findings) {
          const quality = this.qualityOf(set);
          findings = [...config.findings, ...lintSet(set, rules, config.config, this.host, undefined, quality ? { quality } : {})];
        }
        return findings;
      },
      index: () => labelIndex(set),
      uriOf: (file) => this.uriOf(file),
    };
    this.cache.set(dir, state);
    return state;
  }

  /** The URI the editor uses for a path (open documents keep their spelling). */
  uriOf(path: string): string {
    const uri = pathToUri(path);
    return this.workspace.document(uri)?.uri ?? uri;
  }

  /** Searches the set folder and its parents for rubric.config.json, stopping after a folder holding .git (like the CLI). */
  private configFor(dir: string): SetConfig {
    let current = dir;
    for (;;) {
      const candidate = posix.join(current, CONFIG_FILE);
      if (this.host.stat(candidate) === 'file') return this.readConfig(candidate);
      if (this.host.stat(posix.join(current, '.git')) !== undefined) break;
      const parent = posix.dirname(current);
      if (parent === current) break;
      current = parent;
    }
    return { config: resolveConfig(undefined, rules).config, findings: [] };
  }

  private readConfig(path: string): SetConfig {
    const read = this.host.readText(path);
    const text = read.ok ? read.text : '';
    const cached = this.configCache.get(path);
    if (cached && cached.text === text) return cached.config;
    const problem = (message: string): Finding => ({
      ruleId: 'config',
      messageId: 'invalidConfig',
      severity: 'error',
      message,
      file: path,
      range: START_RANGE,
      docsUrl: `${RULE_DOCS_BASE_URL}README.md`,
    });
    let config: SetConfig;
    if (!read.ok) config = { config: resolveConfig(undefined, rules).config, path, findings: [problem(`${read.message}; using the default rule levels`)] };
    else {
      let raw: unknown;
      let syntax: string | undefined;
      try {
        raw = JSON.parse(text);
      } catch (error) {
        syntax = error instanceof Error ? error.message : String(error);
      }
      if (syntax !== undefined) config = { config: resolveConfig(undefined, rules).config, path, findings: [problem(`Unexpected JSON syntax (${syntax}), expected a JSON object; using the default rule levels`)] };
      else {
        const { config: resolved, problems } = resolveConfig(raw, rules);
        // Like the CLI, an invalid config is not half-applied: defaults are used and the problems shown.
        config = { config: problems.length ? resolveConfig(undefined, rules).config : resolved, path, findings: problems.map((p) => problem(`${p.pointer || '/'}: ${p.message}`)) };
      }
    }
    this.configCache.set(path, { text, config });
    return config;
  }
}
