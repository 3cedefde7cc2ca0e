/**
 * Test helpers: the repository's real guideline sets, in-memory sets, and
 * rendered HTML parsed back into a tree to query with CSS selectors.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createMemoryHost, createNodeHost, loadSet, type GuidelineSet } from '@rubric/core';
import type { Element, Nodes, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { select, selectAll } from 'hast-util-select';
import { toText } from 'hast-util-to-text';

/** The repository root. */
export const REPO = fileURLToPath(new URL('../../../', import.meta.url));

/** Folders of the real guideline sets under guidelines/. */
export function realSetDirs(): string[] {
  const dir = `${REPO}guidelines/`;
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => `${dir}${e.name}`)
    .sort();
}

/** Loads a set from disk. */
export function loadDir(dir: string): GuidelineSet {
  return loadSet(dir, createNodeHost());
}

/** The hostile fixture set. */
export const HOSTILE_DIR = fileURLToPath(new URL('./fixtures/hostile', import.meta.url));

/** A set from in-memory files (guideline.md and schema.json). */
export function memorySet(guideline: string, schema: unknown): GuidelineSet {
  return loadSet('/set', createMemoryHost({ '/set/guideline.md': guideline, '/set/schema.json': JSON.stringify(schema, null, 2) }));
}

/** Parses an HTML fragment. */
export function parse(html: string): Root {
  return fromHtml(html, { fragment: true });
}

/** Every element matching a selector. */
export function all(tree: Nodes, selector: string): Element[] {
  return selectAll(selector, tree);
}

/** The first element matching a selector, or a test failure. */
export function one(tree: Nodes, selector: string): Element {
  const found = select(selector, tree);
  if (!found) throw new Error(`Expected an element matching ${selector}`);
  return found;
}

/** Text content of a node. */
export function textOf(node: Nodes): string {
  return toText(node, { whitespace: 'pre' });
}

/** Every element of a tree, depth first. */
export function elements(tree: Nodes): Element[] {
  const out: Element[] = [];
  const visit = (node: Nodes): void => {
    if (node.type === 'element') out.push(node);
    if ('children' in node) for (const child of node.children) visit(child);
  };
  visit(tree);
  return out;
}

/** Class names of an element. */
export function classes(node: Element): string[] {
  const c = node.properties.className;
  return Array.isArray(c) ? c.map(String) : [];
}
