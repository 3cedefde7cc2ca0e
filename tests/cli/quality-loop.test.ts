/**
 * The labeling-quality loop on the command line, through the built binary
 * on copies of the hate-speech set: a report of 2.0.0 (`rubric quality -f
 * json`) given to `rubric lint --quality` (the label-agreement findings at
 * the sections, cached apart from a run without it), to `rubric diff
 * --quality` (the base figures of the labels whose definition changed, in
 * Markdown, JSON and GitHub annotations), and `rubric quality
 * --suggest-examples`, which writes the label's case studies into
 * guideline.md as borderline examples that lint and become gold tasks.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasStackTrace, rubric, ROOT, tempDir } from '../support/cli.js';

const tmp = tempDir('rubric-quality-loop-');
afterAll(() => tmp.cleanup());

/** A finding of `rubric lint -f json`. */
interface JsonFinding {
  ruleId: string;
  severity: string;
  message: string;
  range: { start: { line: number } };
}
/** The findings of `rubric lint -f json` output. */
const findingsOf = (stdout: string): JsonFinding[] => (JSON.parse(stdout) as { files: { findings: JsonFinding[] }[] }).files.flatMap((f) => f.findings);

/** The set copied to a folder of the temp dir, with its sibling sets (its guideline links to them). */
function copySet(name: string): string {
  const dir = join(tmp.dir, name);
  cpSync(join(ROOT, 'guidelines'), dir, { recursive: true });
  return join(dir, 'hate-speech');
}

/**
 * 40 items, 3 annotators: 0-9 agree on none, 10-19 on hate.slur; on 20-39 a1 and a3 say hate.slur
 * (target religion) and a2 hate.exclusion.expulsion (target national origin).
 */
function annotations(): string {
  const lines: string[] = [];
  for (let i = 0; i < 40; i++) {
    for (const a of ['a1', 'a2', 'a3']) {
      const verdict = i < 10 ? 'none' : i >= 20 && a === 'a2' ? 'hate.exclusion.expulsion' : 'hate.slur';
      const answers = verdict === 'none' ? { verdict } : { verdict, target: [a === 'a2' ? 'target.national-origin' : 'target.religion'] };
      lines.push(JSON.stringify({ set: 'hate-speech', version: '2.0.0', item: { id: `t-${i}`, text: `Post ${i}: those people should all be sent back, the filthy lot.` }, annotator: a, answers }));
    }
  }
  return `${lines.join('\n')}\n`;
}

let annotationsFile: string;
let reportFile: string;

beforeAll(() => {
  annotationsFile = join(tmp.dir, 'annotations.jsonl');
  writeFileSync(annotationsFile, annotations());
  reportFile = join(tmp.dir, 'quality-2.0.0.json');
  const r = rubric(['quality', 'guidelines/hate-speech', '-a', annotationsFile, '-f', 'json', '-o', reportFile]);
  expect(r.code, r.stderr).toBe(0);
});

const lineOf = (text: string, start: string): number => text.split('\n').findIndex((l) => l.startsWith(start)) + 1;

describe('rubric lint --quality', () => {
  it('reports the labels below the threshold and the confused pair at their sections; nothing without the report', () => {
    const dir = copySet('lint');
    const guideline = readFileSync(join(dir, 'guideline.md'), 'utf8');
    const cache = join(tmp.dir, 'lint-cache');
    const without = rubric(['lint', dir, '-f', 'json', '--cache-location', cache]);
    expect(without.code).toBe(0);
    expect(findingsOf(without.stdout)).toEqual([]);
    // Same set, same cache: the report changes the findings.
    const r = rubric(['lint', dir, '--quality', reportFile, '-f', 'json', '--cache-location', cache]);
    expect(r.code).toBe(0);
    const findings = findingsOf(r.stdout);
    expect(findings.every((f) => f.ruleId === 'label-agreement' && f.severity === 'warning')).toBe(true);
    const slur = lineOf(guideline, '### `hate.slur`');
    const expulsion = lineOf(guideline, '#### `hate.exclusion.expulsion`');
    expect(findings.map((f) => [f.range.start.line, f.message.replace(/alpha [-\d.]+ \(95% interval [^)]*\)/, 'alpha A')])).toEqual(
      expect.arrayContaining([
        [slur, 'Unexpected agreement on `hate.slur`: alpha A over 40 items annotated under 2.0.0, expected at least 0.667; sharpen its definition or add borderline examples'],
        [slur, '`hate.slur` and `hate.exclusion.expulsion` are confused in 100% of disagreements: sharpen the boundary'],
        [expulsion, '`hate.exclusion.expulsion` and `hate.slur` are confused in 100% of disagreements: sharpen the boundary'],
      ]),
    );
  });

  it('says when a report is of no linted set, and refuses a file that is no report (exit 2, naming it)', () => {
    const dir = copySet('lint-other');
    const other = join(tmp.dir, 'other.json');
    writeFileSync(other, readFileSync(reportFile, 'utf8').replace('"id": "hate-speech"', '"id": "spam"'));
    const r = rubric(['lint', dir, '--quality', other, '--no-cache']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/--quality \S*other\.json is a report of set spam, which none of the linted sets is; it checks nothing/);
    const bad = join(tmp.dir, 'bad.json');
    writeFileSync(bad, '{"set": {"id": 3}, "questions": 7}');
    const refused = rubric(['lint', dir, '--quality', bad]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/bad\.json is not a quality report:\n {2}\/set\/id: Unexpected 3, expected the set id\n {2}\/set\/version: Unexpected nothing, expected the version\n {2}\/questions: Unexpected 7, expected a list of questions/);
    expect(hasStackTrace(refused.stderr)).toBe(false);
  });
});

describe('rubric diff --quality', () => {
  it('shows the base figures of the labels whose definition changed, in the PR comment, JSON and annotations', () => {
    const before = copySet('diff-old');
    const after = copySet('diff-new');
    const file = join(after, 'guideline.md');
    const text = readFileSync(file, 'utf8');
    const at = text.indexOf('\n', text.indexOf('### `hate.slur`') + 1);
    writeFileSync(file, `${text.slice(0, at)}\nA slur is a slur only when it attacks the group, not when the group reclaims it.\n${text.slice(at)}`);
    const r = rubric(['diff', before, after, '--quality', reportFile]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/\*\*Labeling quality of 2\.0\.0\*\* for the labels whose definition changed \(`\S*quality-2\.0\.0\.json`\): what the new wording is meant to fix\./);
    expect(r.stdout).toMatch(/\| `hate\.slur` \| α 0\.\d\d \(-?0\.\d\d–0\.\d\d\) \| 40 \| — \| `hate\.exclusion\.expulsion` 100% \|/);
    const json = JSON.parse(rubric(['diff', before, after, '--quality', reportFile, '-f', 'json']).stdout) as { sets: { quality?: { version: string; labels: { labelId: string; pairable: number }[] } }[] };
    expect(json.sets[0]?.quality).toMatchObject({ version: '2.0.0', labels: [{ labelId: 'hate.slur', pairable: 40 }] });
    const annotations = rubric(['diff', before, after, '--quality', reportFile, '-f', 'github']).stdout;
    expect(annotations).toMatch(/::notice file=.*title=patch%3A definition::The definition of `hate\.slur` was reworded\. \(base 2\.0\.0: α 0\.\d\d \([^)]*\) over 40 items · confused with hate\.exclusion\.expulsion 100%25\)/);
    // Without a report: no figures.
    expect(rubric(['diff', before, after]).stdout).not.toContain('Labeling quality');
  });
});

describe('rubric quality --suggest-examples', () => {
  it('writes the label\'s case studies as borderline examples that lint, and the gold export carries them', () => {
    const dir = copySet('suggest');
    const r = rubric(['quality', dir, '-a', annotationsFile, '-f', 'json', '-o', join(tmp.dir, 'ignored.json'), '--suggest-examples', 'hate.slur']);
    expect(r.code, r.stderr).toBe(0);
    // Its own three cases and the report's most disagreed items where someone chose it (t-20 to t-24).
    expect(r.stderr).toMatch(/added 5 examples under `hate\.slur` to .*guideline\.md \(kind: borderline\): t-20 \(hate\.slur\), t-21 \(hate\.slur\), t-22 \(hate\.slur\), t-23 \(hate\.slur\), t-24 \(hate\.slur\); check each answer and write its why/);
    const guideline = readFileSync(join(dir, 'guideline.md'), 'utf8');
    expect(guideline).toContain('```example\nid: t-20\nkind: borderline\ntext: "Post 20: those people should all be sent back, the filthy lot."\nanswers:\n  verdict: hate.slur\n  target: [target.religion]\nwhy: "TODO: say why the answer is `hate.slur`. Annotators of 2.0.0 split on it: hate.slur ×2, hate.exclusion.expulsion ×1."\n```');
    const slur = guideline.indexOf('### `hate.slur`');
    expect(guideline.indexOf('id: t-20')).toBeGreaterThan(slur);
    expect(guideline.indexOf('id: t-20')).toBeLessThan(guideline.indexOf('### `hate.stereotype`'));
    // The set lints: the TODO markers are warnings in a draft... and errors once in review.
    const lint = rubric(['lint', dir, '-f', 'json', '--no-cache']);
    const findings = findingsOf(lint.stdout);
    const status = /^status: (\w+)$/m.exec(guideline)?.[1];
    expect(findings.map((f) => f.ruleId)).toEqual(['no-todo', 'no-todo', 'no-todo', 'no-todo', 'no-todo']);
    expect(lint.code).toBe(status === 'draft' ? 0 : 1);
    // The next version's gold tasks include them.
    const out = join(tmp.dir, 'gold');
    mkdirSync(out);
    const exported = rubric(['export', dir, '--to', 'gold', '-o', out, '--force']);
    expect(exported.code, exported.stderr).toBe(0);
    const gold = readFileSync(join(out, 'gold', 'gold.jsonl'), 'utf8');
    expect(gold).toContain('"id":"t-20"');
    // Running it again adds nothing: the cases are in the guideline now.
    const again = rubric(['quality', dir, '-a', annotationsFile, '-f', 'json', '-o', join(tmp.dir, 'ignored.json'), '--suggest-examples', 'hate.slur']);
    expect(again.stderr).toContain('added no example under `hate.slur`');
    expect(again.stderr).toContain('skipped t-20: already an example in guideline.md');
  });

  it('refuses stdin and unknown labels (exit 2)', () => {
    const stdin = rubric(['quality', 'guidelines/hate-speech', '-a', '-', '--suggest-examples', 'hate.slur']);
    expect(stdin.code).toBe(2);
    expect(stdin.stderr).toContain('--suggest-examples reads the annotation files twice');
    const unknown = rubric(['quality', copySet('unknown'), '-a', annotationsFile, '-f', 'json', '--suggest-examples', 'hate.slurr']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unexpected label "hate\.slurr" for --suggest-examples, expected a label of hate-speech: none, hate\.violence/);
  });
});
