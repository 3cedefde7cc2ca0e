/**
 * `rubric quality` through the built binary, over real files of the
 * hate-speech set: neutral JSON Lines with broken lines (counted and
 * located, exit 0), a Label Studio JSON export, stdin, gold records from
 * `rubric export --to gold`, --compare with a previous report, the three
 * formats (hostile item text shown inert in Markdown), -o, usage errors and
 * unreadable input (exit 2, naming the file), the progress line on a
 * terminal. The JSON equals what the library computes from the same
 * records. Never a stack trace.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createNodeHost, loadSet } from '@rubric/core';
import { goldTasks, labelStudioLayout, setTree, toLabelStudioResult } from '@rubric/exporters';
import { QualityAccumulator, type QualityReport } from '@rubric/quality';
import { CLI, hasStackTrace, rubric, ROOT, tempDir } from '../support/cli.js';

const tmp = tempDir('rubric-quality-');
afterAll(() => tmp.cleanup());
const SET = 'guidelines/hate-speech';
const set = loadSet(join(ROOT, SET), createNodeHost());
const VERDICTS = ['none', 'hate.slur', 'hate.dehumanization.animal', 'hate.exclusion.expulsion', 'hate.stereotype.inferiority'];

/** Records of `items` items by `annotators` annotators; annotator 0 disagrees on every third item. */
function records(items: number, annotators: number, version = '2.0.0'): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < items; i++) {
    for (let a = 0; a < annotators; a++) {
      const verdict = VERDICTS[(i + (a === 0 && i % 3 === 0 ? 1 : 0)) % VERDICTS.length]!;
      out.push({ set: 'hate-speech', version, item: { id: `t-${i}`, text: `item ${i}` }, annotator: `ann-${a}`, answers: verdict === 'none' ? { verdict } : { verdict, target: ['target.religion'] } });
    }
  }
  return out;
}

function write(name: string, text: string): string {
  const file = join(tmp.dir, name);
  writeFileSync(file, text);
  return file;
}

const jsonl = (rs: unknown[]) => rs.map((r) => `${JSON.stringify(r)}\n`).join('');

describe('rubric quality', () => {
  const base = records(60, 4);
  const file = write('annotations.jsonl', `${jsonl(base.slice(0, 100))}{"broken": \n\n${jsonl(base.slice(100))}not json at all\n`);

  it('measures JSON Lines, counts and locates broken lines, exits 0, and agrees with the library', () => {
    const r = rubric(['quality', SET, '--annotations', file, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as QualityReport;
    expect(report.set).toMatchObject({ id: 'hate-speech', version: '2.0.0' });
    expect(report.records).toEqual({ read: 242, used: 240, invalid: 2, duplicates: 0, skipped: 0, withoutAnnotator: 0 });
    expect(report.problems.map((p) => [p.source, p.line, p.errors[0]!.message])).toEqual([
      [file, 101, 'Unexpected JSON syntax: Unexpected end of JSON input'],
      [file, 243, expect.stringMatching(/^Unexpected JSON syntax: Unexpected token 'o'/)],
    ]);
    const acc = new QualityAccumulator(set);
    base.forEach((rec) => acc.add(rec));
    const expected = acc.report();
    expect(report.questions).toEqual(expected.questions);
    expect(report.annotators).toEqual(expected.annotators);
    expect(report.bootstrap).toEqual(expected.bootstrap);
  });

  it('reads a Label Studio JSON export (annotator = completed_by) and stdin', () => {
    const layout = labelStudioLayout(setTree(set));
    const tasks = goldTasks(set).labelStudio.map((task, i) => ({
      id: i + 1,
      data: task.data,
      annotations: [1, 2, 3].map((user) => ({ completed_by: user === 3 ? { id: 3, email: 'third@example.org' } : user, result: toLabelStudioResult(layout, { verdict: user === 3 && i % 2 ? 'hate.slur' : 'none', ...(user === 3 && i % 2 ? { target: ['target.gender'] } : {}) }), was_cancelled: false, ground_truth: false })),
    }));
    const exported = write('export.json', JSON.stringify(tasks, null, 2));
    const r = rubric(['quality', SET, '-a', exported, '-f', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as QualityReport;
    expect(report.annotators.map((a) => a.id)).toEqual(['1', '2', 'third@example.org']);
    expect(report.records).toMatchObject({ read: 3 * tasks.length, invalid: 0 });
    const viaStdin = spawnSync(process.execPath, [CLI, 'quality', SET, '--annotations', '-', '-f', 'json'], { cwd: ROOT, input: readFileSync(exported), encoding: 'utf8' });
    expect(viaStdin.status).toBe(0);
    expect((JSON.parse(viaStdin.stdout) as QualityReport).questions).toEqual(report.questions);
  });

  it('takes gold records from `rubric export --to gold` and several annotation files', () => {
    const exported = rubric(['export', SET, '--to', 'gold', '-o', join(tmp.dir, 'gold-export')]);
    expect(exported.code).toBe(0);
    const gold = join(tmp.dir, 'gold-export/gold/gold.jsonl');
    const first = (readFileSync(gold, 'utf8').split('\n')[0] ?? '').trim();
    const item = (JSON.parse(first) as { item: { id: string } }).item.id;
    const onGold = write('on-gold.jsonl', jsonl([{ item: { id: item }, annotator: 'g', answers: (JSON.parse(first) as { answers: unknown }).answers }]));
    const r = rubric(['quality', SET, '--annotations', file, onGold, '--gold', gold, '-f', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as QualityReport;
    expect(report.gold.fromRecords).toBeGreaterThan(0);
    expect(report.annotators.find((a) => a.id === 'g')).toMatchObject({ goldAccuracy: 1 });
    expect(report.records.used).toBe(241);
  });

  it('compares with a previous report: per-label deltas with intervals', () => {
    const previous = join(tmp.dir, 'previous.json');
    const older = write('older.jsonl', jsonl(records(60, 4).map((rec, i) => (i % 7 === 0 ? { ...rec, answers: { verdict: 'none' } } : rec))));
    expect(rubric(['quality', SET, '-a', older, '-f', 'json', '-o', previous]).code).toBe(0);
    const r = rubric(['quality', SET, '-a', file, '-f', 'json', '--compare', previous]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as QualityReport;
    expect(report.compare!.previous.version).toBe('2.0.0');
    const slur = report.compare!.labels.find((l) => l.id === 'hate.slur')!;
    expect(slur.alpha.delta).toBeCloseTo(slur.alpha.current! - slur.alpha.previous!, 12);
    expect(slur.alpha.low).not.toBeNull();
    const md = rubric(['quality', SET, '-a', file, '-f', 'markdown', '--compare', previous]);
    expect(md.stdout).toContain('Δα since 2.0.0');
  });

  it('writes the stylish table by default and markdown on request, with hostile text inert', () => {
    const hostile = write(
      'hostile.jsonl',
      jsonl([
        { item: { id: 'h1', text: '<script>alert(1)</script> [click](http://evil.example) | `x` \u001b[31mred' }, annotator: '<img src=x>', answers: { verdict: 'none' } },
        { item: { id: 'h1' }, annotator: 'evil\u001b[31m', answers: { verdict: 'hate.slur', target: ['target.religion'] } },
      ]),
    );
    const stylish = rubric(['quality', SET, '-a', hostile]);
    expect(stylish.code).toBe(0);
    expect(stylish.stdout).toMatch(/^hate-speech 2\.0\.0: 2 records read, 2 used/);
    expect(stylish.stdout).toContain('verdict (single, nominal)');
    expect(stylish.stdout).not.toContain('\u001b');
    expect(stylish.stdout).toContain('evil\\u001b[31m: hate.slur');
    const colored = rubric(['quality', SET, '-a', file], ROOT, { NO_COLOR: '', FORCE_COLOR: '1' } as Record<string, string>);
    const md = rubric(['quality', SET, '-a', hostile, '--format', 'markdown']);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain('## Labeling quality: `hate-speech` 2.0.0');
    expect(md.stdout).not.toMatch(/<script|<img|\]\(http/);
    expect(md.stdout).toContain('> &lt;script&gt;alert\\(1\\)&lt;/script&gt; \\[click\\]\\(http\\://evil.example\\) \\| \\`x\\` \\[31mred');
    expect(md.stdout).toContain('| &lt;img src=x&gt; | `none` |');
    expect(colored.stdout === stylish.stdout).toBe(false);
  });

  it('writes to -o and says so on stderr', () => {
    const out = join(tmp.dir, 'report.md');
    const r = rubric(['quality', SET, '-a', file, '-f', 'markdown', '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('wrote the quality report of hate-speech 2.0.0 to ' + out + ': 240 records used, 2 invalid, 0 duplicates\n');
    expect(readFileSync(out, 'utf8')).toContain('### Case studies');
  });

  it('exits 2 for usage errors and input it cannot read, naming the file', () => {
    const csv = write('table.csv', 'item,annotator,verdict\nt-1,a,none\n');
    const cases: [string[], RegExp][] = [
      [['quality', SET], /Missing --annotations <file>/],
      [['quality', '--annotations', file], /Expected a set folder/],
      [['quality', SET, '-a', join(tmp.dir, 'nope.jsonl')], /No such file: .*nope\.jsonl/],
      [['quality', SET, '-a', tmp.dir], /: not a file/],
      [['quality', SET, '-a', csv], /table\.csv: Unexpected "item,annotator,verdi" at the start, expected annotation records/],
      [['quality', SET, '-a', file, '-f', 'xml'], /Unexpected format "xml" for --format, expected one of stylish, json, markdown/],
      [['quality', 'tests', '-a', file], /is not a guideline set/],
      [['quality', SET, '-a', file, '--compare', csv], /table\.csv: Unexpected content, expected a quality report/],
      [['quality', SET, '-a', file, '--compare', write('other.json', JSON.stringify({ set: { id: 'x', version: '1.0.0' }, questions: [] }))], /Unexpected set "x", expected a report of hate-speech/],
      [['quality', SET, '-a', file, '--compare', write('bad.json', JSON.stringify({ set: { id: 'hate-speech' }, questions: 'no' }))], /bad\.json is not a quality report:\n {2}\/set\/version: Unexpected nothing, expected the version\n {2}\/questions: Unexpected "no", expected a list of questions/],
      [['quality', SET, '-a', '-', '--gold', '-'], /stdin can be read once/],
      // A file that opens but cannot be read (Linux: reading /proc/self/mem at offset 0 fails with EIO).
      ...(existsSync('/proc/self/mem') ? [[['quality', SET, '-a', '/proc/self/mem'], /^rubric: \/proc\/self\/mem: cannot be read \(EIO/] as [string[], RegExp]] : []),
    ];
    for (const [args, message] of cases) {
      const r = rubric(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(hasStackTrace(r.stderr)).toBe(false);
    }
  });

  it('counts records of another version and unknown labels, never fatal', () => {
    const mixed = write('mixed.jsonl', jsonl([...records(3, 2), ...records(1, 2, '1.0.0'), { item: { id: 'u' }, annotator: 'x', answers: { verdict: 'hate.unknown' } }, [1, 2]]));
    const r = rubric(['quality', SET, '-a', mixed, '-f', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as QualityReport;
    expect(report.records).toMatchObject({ read: 10, used: 6, invalid: 4 });
    expect(report.problems.map((p) => [p.line, p.errors[0]!.path])).toEqual([
      [7, '/version'],
      [8, '/version'],
      [9, '/answers/verdict'],
      [10, ''],
    ]);
    const stylish = rubric(['quality', SET, '-a', mixed]);
    expect(stylish.stdout).toContain('mixed.jsonl:7  /version: Unexpected version "1.0.0", expected "2.0.0"');
  });

  it('shows a progress line on a terminal for inputs over 100,000 records', () => {
    const big = write('big.jsonl', jsonl(records(12_000, 9)));
    const out = join(tmp.dir, 'big.json');
    // script(1) gives the command a terminal; its output is what the terminal showed.
    const tty = spawnSync('script', ['-qec', `${process.execPath} ${CLI} quality ${SET} -a ${big} -f json -o ${out}`, '/dev/null'], { cwd: ROOT, encoding: 'utf8' });
    expect(tty.status).toBe(0);
    expect(tty.stdout).toMatch(/rubric quality: \d{3},\d{3} records read \(.*big\.jsonl\)/);
    const piped = rubric(['quality', SET, '-a', big, '-f', 'json', '-o', out]);
    expect(piped.stderr).not.toContain('records read');
    expect((JSON.parse(readFileSync(out, 'utf8')) as QualityReport).records.used).toBe(108_000);
  });
});
