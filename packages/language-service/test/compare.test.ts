/**
 * "Compare with base" in the language service, over a real git repository in
 * a temp folder (the node workspace and git reader the server uses): the
 * merge base with the default branch, unsaved edits compared, the version
 * code lens, its quick fix (both versions and a changelog entry), the status
 * bump, another ref, and errors people read.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeAction } from 'vscode-languageserver-types';
import { createLanguageService, createNodeGitReader, createNodeWorkspace, LanguageServiceError, pathToUri, type LanguageService, type MutableWorkspace } from '../src/index.js';
import { bumpedVersion } from '../src/features/compare.js';
import { applyWorkspaceEdit, pos } from './helpers.js';

const FIXTURE = new URL('./fixtures/repo/', import.meta.url);
let dir: string;
let guidelineUri: string;
let schemaUri: string;
let workspace: MutableWorkspace;
let service: LanguageService;
const texts: Record<string, string> = {};

function git(...args: string[]): string {
  return execFileSync('git', ['-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', '-c', 'user.name=W', '-c', 'user.email=w@example.org', ...args], { cwd: dir, encoding: 'utf8' });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rubric-ls-compare-'));
  cpSync(FIXTURE, dir, { recursive: true });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'mini 1.1.0');
  git('tag', 'v1.1.0');
  git('checkout', '-q', '-b', 'feature');
  guidelineUri = pathToUri(join(dir, 'guidelines/mini/guideline.md'));
  schemaUri = pathToUri(join(dir, 'guidelines/mini/schema.json'));
  texts[guidelineUri] = readFileSync(join(dir, 'guidelines/mini/guideline.md'), 'utf8');
  texts[schemaUri] = readFileSync(join(dir, 'guidelines/mini/schema.json'), 'utf8');
  workspace = createNodeWorkspace();
  service = createLanguageService({ workspace, git: createNodeGitReader() });
});
afterAll(() => {
  service.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('compare with base', () => {
  it('nothing changed yet: unchanged since main, no fix, no bump in the status', async () => {
    const r = await service.compare(guidelineUri);
    expect(r).toMatchObject({ base: { ref: 'main', label: 'main' }, required: 'none', changes: 0, tooSmall: false, ok: true });
    expect(r?.base.commit).toBe(git('rev-parse', 'main').trim());
    expect(r?.html).toContain('No semantic changes.');
    expect(service.codeLenses(guidelineUri).map((l) => l.command?.title)[0]).toBe('unchanged since main');
    expect(service.bumpStatus(guidelineUri)).toBeUndefined();
  });

  it('an unsaved label removal: major required, declared none; lens, status and panel say so', async () => {
    texts[schemaUri] = (texts[schemaUri] as string).replace(',\n            { "id": "abuse.threat", "title": "Threat", "severity": "critical" }', '');
    workspace.openDocument(schemaUri, texts[schemaUri] as string, 2);
    workspace.openDocument(guidelineUri, texts[guidelineUri] as string, 1);
    const r = await service.compare(guidelineUri);
    expect(r).toMatchObject({ required: 'major', declared: 'none', tooSmall: true, ok: false, documentVersion: 1 });
    expect(r?.html).toMatch(/<section class="rubric-change-group" data-level="major">/);
    expect(r?.html).toContain('data-path="questions[verdict].options[abuse.threat]"');
    expect(r?.html).toContain('data-required="major" data-declared="none"');
    const lens = service.codeLenses(guidelineUri)[0];
    expect(lens?.command).toEqual({ title: 'changed since main: major (label removed) · declared none', command: 'rubric.compare.open', arguments: [guidelineUri] });
    expect(lens?.range.start.line).toBe(pos(texts[guidelineUri] as string, 'version: 1.1.0').line);
    expect(service.bumpStatus(guidelineUri)).toEqual({ required: 'major', declared: 'none', base: 'main' });
    expect(service.setStatus(guidelineUri)?.bump).toEqual({ required: 'major', declared: 'none', base: 'main' });
  });

  it('the quick fix sets both versions to 2.0.0 and adds a changelog entry listing why; then the bump is covered', async () => {
    const line = pos(texts[guidelineUri] as string, 'version: 1.1.0').line;
    const actions = service.codeActions(guidelineUri, { start: { line, character: 0 }, end: { line, character: 0 } }) as CodeAction[];
    const fix = actions.find((a) => a.title.startsWith('Set the version'));
    expect(fix?.title).toBe('Set the version to 2.0.0 (major bump required since main) and add its changelog entry');
    const after = applyWorkspaceEdit(texts, fix?.edit ?? {});
    expect(after[guidelineUri]).toContain('\nversion: 2.0.0\n');
    expect(after[schemaUri]).toContain('"version": "2.0.0"');
    expect(after[guidelineUri]).toMatch(/## Changelog\n\n### 2\.0\.0 - \d{4}-\d\d-\d\d\n\n- Label `abuse.threat` was removed; old annotations with it no longer fit\.\n\n### 1\.1\.0/);
    workspace.openDocument(guidelineUri, after[guidelineUri] as string, 3);
    workspace.openDocument(schemaUri, after[schemaUri] as string, 4);
    Object.assign(texts, after);
    const r = await service.compare(guidelineUri);
    expect(r).toMatchObject({ required: 'major', declared: 'major', tooSmall: false });
    expect(service.codeLenses(guidelineUri)[0]?.command?.title).toBe('changed since main: major (label removed) · declared major ✓');
    expect(service.bumpStatus(guidelineUri)).toBeUndefined();
    // Nothing left to fix on the version line.
    expect(service.codeActions(guidelineUri, { start: { line, character: 0 }, end: { line, character: 0 } }).some((a) => a.title.startsWith('Set the version'))).toBe(false);
  });

  it('another base: a tag, or an unknown ref with a message for people', async () => {
    const tagged = await service.compare(guidelineUri, 'v1.1.0');
    expect(tagged?.base).toMatchObject({ ref: 'v1.1.0', label: 'v1.1.0' });
    expect(service.compareRefs(guidelineUri)).toEqual(expect.arrayContaining(['main', 'feature', 'v1.1.0']));
    await expect(service.compare(guidelineUri, 'no-such-branch')).rejects.toThrow(LanguageServiceError);
    await expect(service.compare(guidelineUri, 'no-such-branch')).rejects.toThrow(/Unknown base ref "no-such-branch"/);
    service.setCompareBase('no-such-branch');
    // The lens and status stay quiet rather than fail.
    expect(service.codeLenses(guidelineUri).some((l) => l.command?.command === 'rubric.compare.open')).toBe(false);
    service.setCompareBase('');
  });

  it('outside a git repository it says so', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'rubric-ls-nogit-'));
    try {
      cpSync(FIXTURE, outside, { recursive: true });
      const uri = pathToUri(join(outside, 'guidelines/mini/guideline.md'));
      await expect(service.compare(uri)).rejects.toThrow(/is not in a git repository: there is no base to compare with/);
      expect(service.codeLenses(uri).some((l) => l.command?.command === 'rubric.compare.open')).toBe(false);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('bumped versions follow semver, 0.x included', () => {
    expect(bumpedVersion('1.4.2', 'major')).toBe('2.0.0');
    expect(bumpedVersion('1.4.2', 'minor')).toBe('1.5.0');
    expect(bumpedVersion('1.4.2', 'patch')).toBe('1.4.3');
    expect(bumpedVersion('0.3.1', 'major')).toBe('0.4.0');
    expect(bumpedVersion('not-semver', 'major')).toBeUndefined();
  });
});
