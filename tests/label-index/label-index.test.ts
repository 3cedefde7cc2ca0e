/**
 * One answer to "where is this label written?", held across every consumer:
 * the renderer marks exactly the index's references, answers and history (so
 * the preview, the catalog and the Label Studio instructions agree with lint);
 * lint reports exactly the references to labels that do not exist; the
 * editor's references of a label are the index's entries for it; and a rename
 * of any label followed by lint leaves no finding the set did not have.
 * On generated sets (./generated-set.ts) and on the real sets of guidelines/.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemoryHost, labelIndex, lintSet, loadSet, resolveConfig, rules, type Finding, type GuidelineSet, type LabelOccurrence } from '@rubric/core';
import { clearRenderCache, renderGuideline } from '@rubric/render';
import { createLanguageService, createMemoryWorkspace, toLspRange } from '@rubric/language-service';
import type { Element, Root, RootContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import type { TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ROOT } from '../support/cli.js';
import { generatedSet, type GeneratedSet } from './generated-set.js';

const DIR = '/repo/guidelines/set';
const GUIDELINE = `${DIR}/guideline.md`;
const SCHEMA = `${DIR}/schema.json`;
const { config } = resolveConfig(undefined, rules);

const REAL: GeneratedSet[] = readdirSync(join(ROOT, 'guidelines'))
  .filter((n) => statSync(join(ROOT, 'guidelines', n)).isDirectory())
  .sort()
  .map((n) => ({ guideline: readFileSync(join(ROOT, 'guidelines', n, 'guideline.md'), 'utf8'), schema: readFileSync(join(ROOT, 'guidelines', n, 'schema.json'), 'utf8') }));

function load(files: GeneratedSet): GuidelineSet {
  return loadSet(DIR, createMemoryHost({ [GUIDELINE]: files.guideline, [SCHEMA]: files.schema }));
}

function lint(set: GuidelineSet): Finding[] {
  return lintSet(set, rules, config, createMemoryHost({}));
}

const isLabel = (set: GuidelineSet, id: string): boolean => set.schema?.labelsById.has(id) === true;

/** The marks the renderer made in the guideline's own text: `ref:id[:unknown]` or `history:id`, example cards as one sorted group each. */
function renderedMarks(set: GuidelineSet): string[] {
  clearRenderCache();
  const tree: Root = fromHtml(renderGuideline(set, { sidebar: false }).html, { fragment: true });
  const out: string[] = [];
  const classes = (e: Element): string[] => (Array.isArray(e.properties.className) ? e.properties.className.map(String) : []);
  const textOf = (e: Element): string => e.children.map((c) => (c.type === 'text' ? c.value : c.type === 'element' ? textOf(c) : '')).join('');
  const walk = (nodes: RootContent[], bag: string[]): void => {
    for (const node of nodes) {
      if (node.type !== 'element') continue;
      const cls = classes(node);
      // Chips under a heading come from the schema, and the heading's own id is the definition: not text of the guideline.
      if (cls.includes('label-meta') || cls.includes('label-self') || cls.includes('guideline-header')) continue;
      if (cls.includes('example-card')) {
        const card: string[] = [];
        walk(node.children as RootContent[], card);
        bag.push(`[${card.sort().join(' ')}]`);
        continue;
      }
      if (node.tagName === 'code' && cls.includes('label-history')) bag.push(`history:${textOf(node)}`);
      else if (node.tagName === 'code' && cls.includes('label-ref')) bag.push(`ref:${textOf(node)}${cls.includes('unknown-label') ? ':unknown' : ''}`);
      else if (node.tagName === 'a' && cls.includes('label-ref')) bag.push(`ref:${textOf(node)}`);
      else walk(node.children as RootContent[], bag);
    }
  };
  walk(tree.children, out);
  return out;
}

/** The same, as the label index says it should be: its occurrences in guideline.md in document order, every example as one card. */
function indexMarks(set: GuidelineSet): string[] {
  const index = labelIndex(set);
  const mark = (o: LabelOccurrence): string => (o.role === 'history' ? `history:${o.labelId}` : `ref:${o.labelId}${index.schemaKnown && !isLabel(set, o.labelId) ? ':unknown' : ''}`);
  const shown = index.occurrences.filter((o) => o.file === GUIDELINE && o.role !== 'definition' && o.context !== 'acknowledgement');
  // Outside examples one mark each; every example block (valid or not) renders one card holding its marks.
  const items: { offset: number; token: string }[] = shown.filter((o) => o.exampleIndex === undefined).map((o) => ({ offset: o.range.start.offset, token: mark(o) }));
  for (const example of set.guideline?.examples ?? []) {
    const card = shown.filter((o) => o.exampleIndex === example.index).map(mark).sort();
    items.push({ offset: example.range.start.offset, token: `[${card.join(' ')}]` });
  }
  return items.sort((x, y) => x.offset - y.offset).map((i) => i.token);
}

/** "file l:c-l:c" of the references lint reports as unknown, and of the index's references to labels that are not there. */
function unknownReferences(set: GuidelineSet): { linted: string[]; indexed: string[] } {
  const at = (file: string, r: { start: { line: number; column: number }; end: { line: number; column: number } }): string => `${file.slice(DIR.length + 1)} ${r.start.line}:${r.start.column}-${r.end.line}:${r.end.column}`;
  const linted = lint(set).filter((f) => f.ruleId === 'label-reference-known').map((f) => at(f.file, f.range)).sort();
  const index = labelIndex(set);
  const schema = set.schema;
  const indexed = index.occurrences
    .filter((o) => o.role === 'reference')
    .filter((o) => {
      if (o.context !== 'when') return !isLabel(set, o.labelId);
      const whenQuestion = o.questionId === undefined ? undefined : schema?.questionsById.get(o.questionId);
      return whenQuestion !== undefined && schema?.labelsById.get(o.labelId)?.questionId !== whenQuestion.id;
    })
    .map((o) => at(o.file, o.range))
    .sort();
  return { linted, indexed: index.schemaKnown && (schema?.labels.length ?? 0) > 0 ? indexed : [] };
}

function applyEdit(texts: Record<string, string>, edit: WorkspaceEdit): Record<string, string> {
  const out = { ...texts };
  for (const [uri, edits] of Object.entries(edit.changes ?? {})) {
    const path = uri.replace('file://', '');
    out[path] = TextDocument.applyEdits(TextDocument.create(uri, 'x', 0, out[path] ?? ''), edits as TextEdit[]);
  }
  return out;
}

/**
 * A finding as people read it, with the renamed id written back to the old one; positions are left out (ids
 * change length) and so are "Did you mean" hints (they list anchors and ids that the rename itself changes).
 */
const findingKey = (f: Finding, from: string, to: string): string => `${f.ruleId} ${f.file} ${f.message.replaceAll(to, from).replace(/ Did you mean .*$/, '')}`;

function checkSet(files: GeneratedSet, renames: number): void {
  const set = load(files);
  const index = labelIndex(set);

  // The renderer marks what the index says, with the same unknown verdicts.
  expect(renderedMarks(set)).toEqual(indexMarks(set));
  // Lint reports exactly the references to labels that are not there.
  const { linted, indexed } = unknownReferences(set);
  expect(linted).toEqual(indexed);

  const workspace = createMemoryWorkspace({ [`file://${GUIDELINE}`]: files.guideline, [`file://${SCHEMA}`]: files.schema });
  const service = createLanguageService({ workspace });
  const labels = [...(set.schema?.labelsById.values() ?? [])];
  const before = lint(set);
  labels.slice(0, renames).forEach((label) => {
    // References of a label are the index's entries for it, definitions included.
    const entries = index.of(label.id);
    const defn = entries.find((o) => o.context === 'schema');
    if (!defn) return;
    const refs = service.references(`file://${SCHEMA}`, toLspRange(defn.range).start, true);
    expect(refs.map((l) => `${l.uri.replace('file://', '')} ${JSON.stringify(l.range)}`).sort()).toEqual(entries.map((o) => `${o.file} ${JSON.stringify(toLspRange(o.range))}`).sort());

    // Rename, then lint: nothing new, no live occurrence of the old id left, history as written.
    const newId = `${label.id}.renamed`;
    if (set.schema?.labelsById.has(newId) || index.of(newId).length > 0 || !entries.every((o) => o.exact || o.role === 'history')) return;
    const edit = service.rename(`file://${SCHEMA}`, toLspRange(defn.range).start, newId);
    const out = applyEdit({ [GUIDELINE]: files.guideline, [SCHEMA]: files.schema }, edit);
    const renamed = load({ guideline: out[GUIDELINE] ?? '', schema: out[SCHEMA] ?? '' });
    const after = lint(renamed);
    const had = new Map<string, number>();
    for (const f of before) had.set(findingKey(f, label.id, newId), (had.get(findingKey(f, label.id, newId)) ?? 0) + 1);
    for (const f of after) {
      const key = findingKey(f, label.id, newId);
      const left = had.get(key) ?? 0;
      expect(left, `new finding after renaming ${label.id} to ${newId}: ${key}`).toBeGreaterThan(0);
      had.set(key, left - 1);
    }
    const ix = labelIndex(renamed);
    expect(ix.of(label.id).filter((o) => o.role !== 'history').map((o) => `${o.context} ${o.range.start.line}`)).toEqual([]);
    expect(ix.of(label.id).filter((o) => o.context === 'changelog').length).toBe(index.of(label.id).filter((o) => o.context === 'changelog').length);
    expect(renamed.schema?.labelsById.get(newId)?.renamedFrom).toContain(label.id);
  });
}

describe('the label index across lint, render, the editor and rename', () => {
  it('holds on generated sets', () => {
    fc.assert(fc.property(generatedSet, (files) => checkSet(files, 4)), { numRuns: 150, seed: 20261207 });
  });

  for (const [i, files] of REAL.entries()) {
    it(`holds on the real set ${i + 1} of ${REAL.length}, renaming every label`, () => checkSet(files, Infinity));
  }
});
