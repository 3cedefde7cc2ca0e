/**
 * Runs every example of every rule docs page (docs/rules/<id>.md) as a test:
 * the files it shows over the base set, only that rule enabled, and the
 * findings (and fixed files) it lists must be exactly what the linter gives.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMarkdown, rules } from '../src/index.js';
import { fixedFiles, rangeText, relFile, runRule } from './support/rule-tester.js';

const DOCS = new URL('../../../docs/rules/', import.meta.url);

interface DocExample {
  title: string;
  valid: boolean;
  files: Record<string, string>;
  fixed: Record<string, string>;
  options?: Record<string, unknown>;
  findings?: string[];
}

/** Reads the `### Valid:` / `### Invalid:` examples of a docs page. */
export function readExamples(markdown: string): DocExample[] {
  const tree = parseMarkdown(markdown);
  const out: DocExample[] = [];
  let inExamples = false;
  let current: DocExample | undefined;
  for (const node of tree.children) {
    if (node.type === 'heading') {
      const text = node.children.map((c) => ('value' in c ? c.value : '')).join('');
      if (node.depth === 2) {
        inExamples = text.trim() === 'Examples';
        current = undefined;
      } else if (inExamples && node.depth === 3) {
        const m = /^(Valid|Invalid):\s*(.+)$/.exec(text.trim());
        current = m ? { title: text.trim(), valid: m[1] === 'Valid', files: {}, fixed: {} } : undefined;
        if (current) out.push(current);
      }
      continue;
    }
    if (!current || node.type !== 'code') continue;
    const meta = `${node.lang ?? ''} ${node.meta ?? ''}`;
    const file = /file=(\S+)/.exec(meta)?.[1];
    const value = node.value.endsWith('\n') || node.value === '' ? node.value : `${node.value}\n`;
    if (/\bfindings\b/.test(meta)) current.findings = node.value.split('\n').filter((l) => l.trim() !== '');
    else if (/\boptions\b/.test(meta)) current.options = JSON.parse(node.value) as Record<string, unknown>;
    else if (file && /\bfixed\b/.test(meta)) current.fixed[file] = value;
    else if (file) current.files[file] = value;
  }
  return out;
}

const pages = readdirSync(DOCS).filter((f) => f.endsWith('.md') && f !== 'README.md');

describe('rule docs examples', () => {
  for (const rule of rules) {
    const page = `${rule.meta.id}.md`;
    describe(page, () => {
      it('exists and has valid and invalid examples', () => {
        expect(pages).toContain(page);
        const examples = readExamples(readFileSync(new URL(page, DOCS), 'utf8'));
        expect(examples.some((e) => e.valid), 'a Valid example').toBe(true);
        expect(examples.some((e) => !e.valid), 'an Invalid example').toBe(true);
      });
      if (!pages.includes(page)) return;
      for (const example of readExamples(readFileSync(new URL(page, DOCS), 'utf8'))) {
        it(example.title, () => {
          const findings = runRule(rule, example.files, example.options);
          const lines = findings.map((f) => `${relFile(f.file)}:${rangeText(f.range)} ${f.severity} ${f.message}`);
          if (example.valid) expect(lines).toEqual([]);
          else {
            expect(example.findings, 'an invalid example lists its findings').toBeDefined();
            expect(lines).toEqual(example.findings);
          }
          const fixed = fixedFiles(findings, example.files);
          for (const [name, text] of Object.entries(example.fixed)) expect(fixed[name]).toBe(text);
        });
      }
    });
  }
  it('every page documents a rule', () => {
    const ids = new Set(rules.map((r) => r.meta.id));
    expect(pages.filter((p) => !ids.has(p.replace(/\.md$/, '')))).toEqual([]);
  });
});
