/**
 * End-to-end tests of `rubric diff` and `rubric lint --base` over a real git
 * repository with a history of guideline edits: each edit's classification,
 * required bump, exit code, and the Markdown report.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasStackTrace, rubric, ROOT, tempDir } from '../support/cli.js';
import { commitAll, git } from '../support/git.js';

let tmp: { dir: string; cleanup: () => void };
let repo: string;
const set = (): string => join(repo, 'guidelines/demo');

interface Review {
  ok: boolean;
  sets: { path: string; state: string; required: string; declared: string; ok: boolean; changes: { kind: string; level: string; path: string; acknowledged?: string }[]; problems: { code: string; message: string }[] }[];
}

function review(args: string[] = ['--base', 'HEAD~1'], cwd = repo): { code: number | null; review: Review } {
  const r = rubric(['diff', ...args, '-f', 'json'], cwd);
  expect(r.stderr).toBe('');
  return { code: r.code, review: JSON.parse(r.stdout) as Review };
}

/** Edits a file of the demo set in place. */
function edit(file: string, change: (text: string) => string): void {
  const p = join(set(), file);
  writeFileSync(p, change(readFileSync(p, 'utf8')));
}

/** Sets the version in both files. */
function version(v: string): void {
  edit('guideline.md', (t) => t.replace(/^version: .*$/m, `version: ${v}`));
  edit('schema.json', (t) => t.replace(/"version": "[^"]*"/, `"version": "${v}"`));
}

beforeAll(() => {
  tmp = tempDir('rubric-review-');
  repo = join(tmp.dir, 'repo');
  mkdirSync(join(repo, 'guidelines'), { recursive: true });
  git(repo, 'init', '-q');
  cpSync(join(ROOT, 'tests/fixtures/clean-set'), set(), { recursive: true });
  edit('guideline.md', (t) => t.replace('status: draft', 'status: approved'));
  commitAll(repo, 'demo 1.0.0');
});
afterAll(() => tmp.cleanup());

describe('rubric diff over a history of edits', () => {
  it('wording only: patch', () => {
    edit('guideline.md', (t) => t.replace('Anything that is not `abuse`.', 'Anything that is clearly not `abuse`.'));
    version('1.0.1');
    commitAll(repo, 'wording');
    const { code, review: r } = review();
    expect(code).toBe(0);
    expect(r.sets.map((s) => [s.path, s.state, s.required, s.declared, s.ok])).toEqual([['guidelines/demo', 'changed', 'patch', 'patch', true]]);
    expect(r.sets[0]?.changes.map((c) => `${c.level} ${c.kind} ${c.path}`)).toEqual(['patch definition sections[none].definition']);
  });

  it('example relabeled: minor', () => {
    edit('guideline.md', (t) => t.replace('text: "That idea is idiotic."\nanswers:\n  verdict: none', 'text: "That idea is idiotic."\nanswers:\n  verdict: abuse.insult\n  target: [target.group]'));
    version('1.1.0');
    commitAll(repo, 'relabel');
    const { code, review: r } = review();
    expect(code).toBe(0);
    expect(r.sets[0]?.changes.map((c) => `${c.level} ${c.kind}`)).toEqual(['minor example-relabeled']);
    expect(r.sets[0]?.required).toBe('minor');
  });

  it('label added: minor', () => {
    edit('schema.json', (t) => t.replace('{ "id": "abuse.threat", "title": "Threat", "severity": "high" }', '{ "id": "abuse.threat", "title": "Threat", "severity": "high" },\n            { "id": "abuse.spam", "title": "Spam", "severity": "low" }'));
    edit('guideline.md', (t) => t.replace('### `target.person` A person', '#### `abuse.spam` Spam\n\nUnwanted repeated messages.\n\n### `target.person` A person'));
    version('1.2.0');
    commitAll(repo, 'add spam');
    const { code, review: r } = review();
    expect(code).toBe(0);
    expect(r.sets[0]?.changes.map((c) => `${c.level} ${c.kind} ${c.path}`)).toEqual(['minor label-added questions[verdict].options[abuse.spam]']);
  });

  it('label renamed with a minor bump: refused (exit 1) with the reason and path', () => {
    edit('schema.json', (t) => t.replace('{ "id": "abuse.threat", "title": "Threat", "severity": "high" }', '{ "id": "abuse.menace", "title": "Threat", "severity": "high", "renamedFrom": "abuse.threat" }'));
    edit('guideline.md', (t) => t.replaceAll('abuse.threat', 'abuse.menace'));
    version('1.3.0');
    commitAll(repo, 'rename threat');
    const { code, review: r } = review();
    expect(code).toBe(1);
    expect(r.sets[0]?.changes.map((c) => `${c.level} ${c.kind} ${c.path}`)).toEqual(['major label-renamed questions[verdict].options[abuse.threat]']);
    expect(r.sets[0]).toMatchObject({ required: 'major', declared: 'minor', ok: false });
    expect(r.sets[0]?.problems[0]?.code).toBe('bump-too-small');
    expect(r.sets[0]?.problems[0]?.message).toContain('`questions[verdict].options[abuse.threat]`');
  });

  it('the Markdown report of the refused rename', () => {
    const r = rubric(['diff', '--base', 'HEAD~1'], repo);
    expect(r.code).toBe(1);
    expect(r.stdout.replace(/\(([0-9a-f]{12})\)/g, '(COMMIT)')).toMatchSnapshot();
  });

  it('the same rename acknowledged in the frontmatter: accepted and shown', () => {
    edit('guideline.md', (t) => t.replace('owners: [docs@example.org]\n', 'owners: [docs@example.org]\nacknowledgements:\n  - change: questions[verdict].options[abuse.threat]\n    reason: No annotations used abuse.threat yet.\n'));
    const { code, review: r } = review(['--base', 'HEAD~1']);
    expect(code).toBe(0);
    expect(r.sets[0]?.changes[0]?.acknowledged).toBe('No annotations used abuse.threat yet.');
    const md = rubric(['diff', '--base', 'HEAD~1'], repo).stdout;
    expect(md).toContain('**Acknowledged breaking changes**');
    expect(md).toContain('No annotations used abuse.threat yet.');
    commitAll(repo, 'acknowledge');
  });

  it('label removed with a major bump: accepted', () => {
    edit('schema.json', (t) => t.replace(/,\n\s*\{ "id": "abuse.spam", "title": "Spam", "severity": "low" \}/, ''));
    edit('guideline.md', (t) => t.replace('#### `abuse.spam` Spam\n\nUnwanted repeated messages.\n\n', '').replace(/acknowledgements:\n(?:  .*\n)+/, ''));
    version('2.0.0');
    commitAll(repo, 'remove spam');
    const { code, review: r } = review();
    expect(code).toBe(0);
    expect(r.sets[0]?.changes.map((c) => `${c.level} ${c.kind} ${c.path}`)).toEqual(['major label-removed questions[verdict].options[abuse.spam]']);
    expect(r.sets[0]).toMatchObject({ required: 'major', declared: 'major', ok: true });
  });

  it('question type changed with a patch bump: refused', () => {
    edit('schema.json', (t) => t.replace('"type": "multi"', '"type": "single"'));
    version('2.0.1');
    commitAll(repo, 'target single');
    const { code, review: r } = review();
    expect(code).toBe(1);
    expect(r.sets[0]?.changes.map((c) => `${c.level} ${c.kind} ${c.path}`)).toEqual(['major question-type questions[target].type']);
    expect(r.sets[0]).toMatchObject({ required: 'major', declared: 'patch' });
  });

  it('works from a subfolder and compares any older ref', () => {
    const { review: r } = review(['--base', 'HEAD~4'], set());
    expect(r.sets.map((s) => s.path)).toEqual(['.']);
    expect(r.sets[0]?.changes.map((c) => c.kind).sort()).toEqual(['label-removed', 'label-renamed', 'question-type']);
  });

  it('github format annotates the changed lines', () => {
    const r = rubric(['diff', '--base', 'HEAD~1', '-f', 'github'], repo);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^::error file=guidelines\/demo\/guideline\.md,line=4,col=10,endLine=4,endColumn=15,title=rubric bump-too-small::Unexpected patch bump 2\.0\.0 -> 2\.0\.1/m);
    expect(r.stdout).toMatch(/^::warning file=guidelines\/demo\/schema\.json,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=major%3A question-type::Question `target` changed type/m);
  });

  it('rubric lint --base reports the bump as a finding', () => {
    const r = rubric(['lint', '--base', 'HEAD~1', '--no-cache', '-f', 'json'], repo);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { files: { path: string; findings: { ruleId: string; range: { start: { line: number } } }[] }[] };
    const bump = report.files.flatMap((f) => f.findings.map((x) => ({ ...x, path: f.path }))).filter((x) => x.ruleId === 'version-bump');
    expect(bump).toHaveLength(1);
    expect(bump[0]).toMatchObject({ path: 'guidelines/demo/guideline.md', range: { start: { line: 4 } } });
  });

  it('a set that did not exist at the base is added, not an error', () => {
    cpSync(join(ROOT, 'tests/fixtures/clean-set'), join(repo, 'guidelines/new-set'), { recursive: true });
    const { code, review: r } = review(['--base', 'HEAD']);
    expect(code).toBe(0);
    expect(r.sets.map((s) => [s.path, s.state, s.required])).toEqual([['guidelines/new-set', 'added', 'none']]);
    git(repo, 'clean', '-qfd');
  });

  it('nothing changed: an empty review, exit 0', () => {
    const r = rubric(['diff', '--base', 'HEAD'], repo);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No guideline set changed.');
  });
});

describe('rubric diff errors', () => {
  it('a missing ref', () => {
    const r = rubric(['diff', '--base', 'no-such-branch'], repo);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Unknown base ref "no-such-branch"/);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });
  it('a shallow clone without the base', () => {
    const shallow = join(tmp.dir, 'shallow');
    git(tmp.dir, 'clone', '-q', '--depth', '1', `file://${repo}`, shallow);
    const r = rubric(['diff', '--base', 'HEAD~1'], shallow);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not in this shallow clone.*fetch-depth: 0/s);
  });
  it('outside a repository', () => {
    const outside = join(tmp.dir, 'plain');
    mkdirSync(outside, { recursive: true });
    const r = rubric(['diff', '--base', 'main'], outside);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Not inside a git repository/);
  });
  it('neither --base nor two folders', () => {
    const r = rubric(['diff', 'one'], repo);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Expected --base <git-ref>, or two folders/);
  });
});

describe('rubric diff <old> <new>', () => {
  it('compares two set folders', () => {
    const old = join(tmp.dir, 'old');
    const cur = join(tmp.dir, 'new');
    cpSync(join(ROOT, 'tests/fixtures/clean-set'), old, { recursive: true });
    cpSync(join(ROOT, 'tests/fixtures/clean-set'), cur, { recursive: true });
    const p = join(cur, 'schema.json');
    writeFileSync(p, readFileSync(p, 'utf8').replace('"required": true,\n      "when"', '"required": false,\n      "when"'));
    const { code, review: r } = review([old, cur], tmp.dir);
    expect(code).toBe(1);
    expect(r.sets[0]?.changes.map((c) => `${c.level} ${c.kind}`)).toEqual(['minor question-optional']);
    expect(r.sets[0]?.problems.map((p) => p.code)).toEqual(['bump-too-small']);
  });
});
