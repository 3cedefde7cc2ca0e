/**
 * What a Label Studio config asks labelers, read plainly (xmldom, apart from
 * the importer): each control's name, the choices it shows and the values
 * they store, its prompt (the nearest Header before it) and the visibleWhen
 * condition it is shown under. Two configs that ask the same have the same
 * outline; `lostInExport` lists what an export changed that the import did
 * not report at that element's line and column.
 */
import { DOMParser, type Element as XmlElement } from '@xmldom/xmldom';
import { createMemoryHost, lintSet, loadSet, resolveConfig, rules, type Finding, type GuidelineSet } from '@rubric/core';
import type { ImportFinding, ImportResult } from '../src/index.js';

const CONTROLS = new Set(['Choices', 'Taxonomy', 'Labels', 'HyperTextLabels', 'TextArea', 'Rating', 'Pairwise']);

/** One choice or label: the text shown and the value stored (the alias, else the value; a Taxonomy stores its value). */
export interface OutlineOption {
  shown: string;
  stored: string;
  path: string[];
  el: XmlElement;
}

/** One control as labelers meet it. */
export interface OutlineControl {
  tag: string;
  name: string;
  el: XmlElement;
  options: OutlineOption[];
  prompt?: { text: string; el: XmlElement };
  /** The innermost visibleWhen="choice-selected": the trigger's name and the stored values that show it (all of them when none are named). */
  gate?: { tagName: string; values: string[]; el: XmlElement };
}

function attr(el: XmlElement, name: string): string | undefined {
  for (let i = 0; i < el.attributes.length; i++) if (el.attributes.item(i)!.name.toLowerCase() === name.toLowerCase()) return el.attributes.item(i)!.value;
  return undefined;
}

function elements(el: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) out.push(n as XmlElement);
  return out;
}

/** The outline of a config (throws on XML that does not parse). */
export function outline(xml: string): OutlineControl[] {
  const doc = new DOMParser({ onError: (level, msg) => { if (level !== 'warning') throw new Error(msg); } }).parseFromString(xml, 'text/xml');
  const controls: OutlineControl[] = [];
  let header: { text: string; el: XmlElement } | undefined;
  let previous: XmlElement | undefined;
  const walk = (el: XmlElement, gate: OutlineControl['gate']): void => {
    previous = undefined;
    for (const child of elements(el)) {
      const own = attr(child, 'visibleWhen') === 'choice-selected' && attr(child, 'whenTagName') ? { tagName: attr(child, 'whenTagName')!, values: (attr(child, 'whenChoiceValue') ?? '').split(',').filter((v) => v !== ''), el: child } : gate;
      if (child.tagName === 'Header') {
        // A size-6 Header right after a Header describes it (Rubric's layout): the prompt stays the one before.
        if (!(attr(child, 'size') === '6' && previous?.tagName === 'Header')) header = { text: (attr(child, 'value') ?? child.textContent ?? '').replace(/\$\u2060/g, '$').trim(), el: child };
      } else if (CONTROLS.has(child.tagName)) {
        const options: OutlineOption[] = [];
        const taxonomy = child.tagName === 'Taxonomy';
        const read = (parent: XmlElement, path: string[]): void => {
          for (const o of elements(parent)) {
            if (o.tagName === 'View') read(o, path);
            if (o.tagName !== 'Choice' && o.tagName !== 'Label') continue;
            const shown = attr(o, 'value') ?? '';
            options.push({ shown, stored: taxonomy ? shown : attr(o, 'alias') || shown, path, el: o });
            if (taxonomy) read(o, [...path, shown]);
          }
        };
        read(child, []);
        controls.push({ tag: child.tagName, name: attr(child, 'name') ?? '', el: child, options, ...(header ? { prompt: header } : {}), ...(own ? { gate: own } : {}) });
      } else if (child.tagName === 'View') walk(child, own);
      previous = child;
    }
  };
  walk(doc.documentElement!, undefined);
  // No whenChoiceValue: shown for any choice of the trigger.
  for (const c of controls) {
    if (c.gate && c.gate.values.length === 0) c.gate.values = controls.find((t) => t.name === c.gate!.tagName)?.options.map((o) => o.stored) ?? [];
  }
  return controls;
}

/** Whether a finding stands at `el` (its line and column) or at an element inside it. */
export function reportedAt(findings: ImportFinding[], el: XmlElement | undefined): boolean {
  if (!el) return false;
  const all = [el];
  for (let i = 0; i < all.length; i++) all.push(...elements(all[i]!));
  return findings.some((f) => all.some((n) => f.line === n.lineNumber && f.column === n.columnNumber));
}

/**
 * What the export changed of the original config's controls (names, shown
 * values and stored values, prompts, visibleWhen) that the import did not
 * report at the element concerned. Empty when the round trip is faithful.
 */
export function lostInExport(original: string, exported: string, findings: ImportFinding[]): string[] {
  const before = outline(original);
  const after = outline(exported);
  const lost: string[] = [];
  const byName = new Map(after.map((c) => [c.name, c]));
  for (const c of before) {
    const what = `<${c.tag} name="${c.name}"> (line ${c.el.lineNumber})`;
    const excused = (...els: (XmlElement | undefined)[]): boolean => els.some((e) => reportedAt(findings, e));
    const again = byName.get(c.name);
    if (!again) {
      if (!excused(c.el)) lost.push(`${what}: no control of that name in the export`);
      continue;
    }
    const pairs = (o: OutlineControl): string[] => [...new Set(o.options.map((x) => JSON.stringify([...x.path, x.shown, x.stored])))].sort();
    const want = pairs(c);
    const got = pairs(again);
    for (const p of want) if (!got.includes(p) && !excused(c.el)) lost.push(`${what}: the choice ${p} (shown, stored) is not in the export`);
    for (const p of got) if (!want.includes(p) && !excused(c.el)) lost.push(`${what}: the export has a choice ${p} the config lacks`);
    if (c.prompt && again.prompt?.text !== c.prompt.text && !excused(c.el, c.prompt.el)) lost.push(`${what}: prompt ${JSON.stringify(c.prompt.text)} became ${JSON.stringify(again.prompt?.text)}`);
    const gate = (g: OutlineControl['gate']): string => (g ? `${g.tagName}=${[...new Set(g.values)].sort().join(',')}` : 'always');
    // A trigger the import renamed (and said so) is named otherwise in the export.
    const triggers = before.filter((t) => t.name === c.gate?.tagName).map((t) => t.el);
    if (gate(c.gate) !== gate(again.gate) && !excused(c.el, c.gate?.el, ...triggers)) lost.push(`${what}: shown ${gate(c.gate)} became ${gate(again.gate)}`);
  }
  return lost;
}

/** The imported files as a loaded set (in memory), and what the default rules find in it. */
export function importedSet(imported: ImportResult): { set: GuidelineSet; lint: Finding[] } {
  const host = createMemoryHost({ '/set/guideline.md': imported.guidelineMd, '/set/schema.json': `${JSON.stringify(imported.schemaJson, null, 2)}\n` });
  const set = loadSet('/set', host);
  return { set, lint: lintSet(set, rules, resolveConfig(undefined, rules).config, host) };
}

/** Lint errors as `rule file:line message` lines (empty when the set lints with warnings only). */
export function lintErrors(lint: Finding[]): string[] {
  return lint.filter((f) => f.severity === 'error').map((f) => `${f.ruleId} ${f.file}:${f.range?.start.line ?? 0} ${f.message}`);
}
