/**
 * Finds and reads rubric.config.json: from the first linted path upwards to the
 * repository root. Syntax and schema problems name the file, position and field.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { findNodeAtLocation, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { CONFIG_FILE, LineIndex, parsePointer, resolveConfig, rules, type ResolvedConfig } from '@rubric/core';
import { UsageError } from './errors.js';

/** The config in force and where it came from. */
export interface LoadedConfig {
  config: ResolvedConfig;
  /** Absolute path of the config file, if one was found. */
  path?: string;
  /** Folder the defaults are relative to: the config's folder, else the git root, else cwd. */
  root: string;
  /** The file's text, for cache keys. */
  text: string;
  /** The parsed file (undefined without one), for worker threads to resolve again. */
  raw: unknown;
}

/** Searches `from` and its parents for rubric.config.json, stopping after a folder holding .git. */
export function findConfig(from: string): string | undefined {
  let dir = resolve(from);
  for (;;) {
    const candidate = join(dir, CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    if (existsSync(join(dir, '.git'))) return undefined;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function gitRoot(from: string): string | undefined {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, '.git'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Loads the config from `explicit` or by searching from `from`; throws UsageError for a bad config. */
export function loadConfig(from: string, explicit?: string): LoadedConfig {
  const path = explicit ? resolve(explicit) : findConfig(from);
  if (!path) {
    return { config: resolveConfig(undefined, rules).config, root: gitRoot(from) ?? resolve(from), text: '', raw: undefined };
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`Could not read the config ${path}: ${(error as Error).message}`);
  }
  const lines = new LineIndex(text);
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  if (errors.length || !tree) {
    const e = errors[0];
    const at = e ? lines.position(e.offset) : lines.position(0);
    throw new UsageError(`${path}:${at.line}:${at.column}: Unexpected JSON syntax (${e ? printParseErrorCode(e.error) : 'empty file'}), expected a JSON object`);
  }
  const raw: unknown = JSON.parse(text);
  const { config, problems } = resolveConfig(raw, rules);
  if (problems.length) {
    const messages = problems.map((p) => {
      const node = findNodeAtLocation(tree, parsePointer(p.pointer).map((s) => (/^\d+$/.test(s) ? Number(s) : s)));
      const target = p.onKey && node?.parent?.children?.[0] ? node.parent.children[0] : node;
      const at = lines.position(target?.offset ?? 0);
      return `${path}:${at.line}:${at.column}: ${p.message}`;
    });
    throw new UsageError(`Invalid config:\n${messages.join('\n')}`);
  }
  return { config, path, root: dirname(path), text, raw };
}
