/**
 * End-to-end tests of `rubric lint`: the built CLI over real files, checking
 * exit codes, every output format, --fix, --max-warnings, config errors and
 * hostile input.
 */
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, hasStackTrace, rubric, tempDir, ROOT } from '../support/cli.js';

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir();
  mkdirSync(join(tmp.dir, '.git'));
});
afterAll(() => tmp.cleanup());

function workspace(name: string, ...fixtures: string[]): string {
  const dir = join(tmp.dir, name);
  mkdirSync(dir, { recursive: true });
  for (const f of fixtures) copyFixture(f, dir);
  return dir;
}

describe('rubric lint', () => {
  it('lints the repository guidelines clean by default', () => {
    const r = rubric(['lint', '--no-cache']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('');
    expect(r.code).toBe(0);
  });

  it('prints nothing and exits 0 for a clean set', () => {
    const ws = workspace('clean', 'clean-set');
    const r = rubric(['lint', 'clean-set'], ws);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('reports findings grouped per file with exit 1 (stylish)', () => {
    const ws = workspace('stylish', 'broken-set');
    const r = rubric(['lint', 'broken-set'], ws);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('broken-set/guideline.md');
    expect(r.stdout).toContain('broken-set/schema.json');
    expect(r.stdout).toMatch(/Unexpected label `abuse\.inslt`.*Did you mean `abuse\.insult`\?/);
    expect(r.stdout).toMatch(/label-reference-known/);
    expect(r.stdout).toMatch(/Unexpected field `colour`/);
    expect(r.stdout).toMatch(/\d+ problems? \(\d+ errors?/);
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });

  it('colours stylish output when forced', () => {
    const ws = workspace('colour', 'broken-set');
    const r = rubric(['lint', 'broken-set'], ws, { NO_COLOR: undefined as unknown as string, FORCE_COLOR: '1' });
    expect(r.stdout).toMatch(/\u001b\[/);
  });

  it('prints JSON with every file, positions and fixes', () => {
    const ws = workspace('json', 'broken-set', 'clean-set');
    const r = rubric(['lint', '--format', 'json', '.'], ws);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { files: { path: string; findings: { ruleId: string; range: { start: { line: number; column: number } }; fix?: unknown }[] }[]; summary: { errors: number } };
    const paths = report.files.map((f) => f.path);
    expect(paths).toContain('clean-set/guideline.md');
    expect(paths).toContain('broken-set/guideline.md');
    const g = report.files.find((f) => f.path === 'broken-set/guideline.md');
    const typo = g?.findings.find((f) => f.ruleId === 'label-reference-known' && f.fix);
    expect(typo?.range.start).toMatchObject({ line: 20, column: 41 });
    expect(report.summary.errors).toBeGreaterThanOrEqual(3);
  });

  it('prints SARIF 2.1.0 with rule metadata and regions', () => {
    const ws = workspace('sarif', 'broken-set');
    const r = rubric(['lint', '-f', 'sarif', 'broken-set'], ws);
    expect(r.code).toBe(1);
    const sarif = JSON.parse(r.stdout) as { version: string; runs: { tool: { driver: { name: string; rules: { id: string }[] } }; results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0];
    expect(run?.tool.driver.name).toBe('rubric');
    expect(run?.tool.driver.rules.map((x) => x.id)).toContain('label-reference-known');
    const result = run?.results.find((x) => x.ruleId === 'label-reference-known');
    expect(result?.locations[0]?.physicalLocation.artifactLocation.uri).toBe('broken-set/guideline.md');
    expect(result?.locations[0]?.physicalLocation.region.startLine).toBe(20);
  });

  it('prints GitHub workflow commands', () => {
    const ws = workspace('github', 'broken-set');
    const r = rubric(['lint', '-f', 'github', 'broken-set'], ws);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) expect(line).toMatch(/^::(error|warning|notice) file=broken-set\/(guideline\.md|schema\.json),line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[a-z-]+::.+/);
  });

  it('writes the report to --output-file', () => {
    const ws = workspace('outfile', 'broken-set');
    const r = rubric(['lint', '-f', 'json', '-o', 'report.json', 'broken-set'], ws);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(join(ws, 'report.json'), 'utf8'))).toHaveProperty('files');
  });

  it('--fix applies safe fixes and reports only what is left', () => {
    const ws = workspace('fix', 'broken-set');
    const before = readFileSync(join(ws, 'broken-set/guideline.md'), 'utf8');
    const r = rubric(['lint', '--fix', '-f', 'json', 'broken-set'], ws);
    const after = readFileSync(join(ws, 'broken-set/guideline.md'), 'utf8');
    expect(after).toBe(before.replace('`abuse.inslt`', '`abuse.insult`'));
    const report = JSON.parse(r.stdout) as { files: { findings: { ruleId: string; message: string }[] }[] };
    const messages = report.files.flatMap((f) => f.findings.map((x) => x.message));
    expect(messages.some((m) => m.includes('abuse.inslt'))).toBe(false);
    expect(messages.some((m) => m.includes('spam.bot'))).toBe(true);
    expect(r.code).toBe(1);
  });

  it('--max-warnings turns too many warnings into exit 1', () => {
    const ws = workspace('maxwarn', 'clean-set');
    writeFileSync(join(ws, 'rubric.config.json'), JSON.stringify({ rules: { 'label-reference-known': 'warn' } }));
    const g = join(ws, 'clean-set/guideline.md');
    writeFileSync(g, readFileSync(g, 'utf8').replace('Anything that is not `abuse`.', 'Anything that is not `abuse` or `abuse.nope`.'));
    expect(rubric(['lint', 'clean-set'], ws).code).toBe(0);
    expect(rubric(['lint', '--max-warnings', '1', 'clean-set'], ws).code).toBe(0);
    const r = rubric(['lint', '--max-warnings', '0', 'clean-set'], ws);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('more than --max-warnings 0');
  });

  it('reuses cached results and notices a changed file', () => {
    const ws = workspace('cache', 'clean-set');
    const cache = join(ws, 'cache');
    expect(rubric(['lint', '--cache-location', cache, 'clean-set'], ws).code).toBe(0);
    expect(existsSync(join(cache, 'lint-cache.json'))).toBe(true);
    expect(rubric(['lint', '--cache-location', cache, 'clean-set'], ws).code).toBe(0);
    const g = join(ws, 'clean-set/guideline.md');
    // Before the changelog: text there is history, never checked against the schema.
    writeFileSync(g, readFileSync(g, 'utf8').replace('## Changelog', 'See `abuse.nope`.\n\n## Changelog'));
    const r = rubric(['lint', '--cache-location', cache, 'clean-set'], ws);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('abuse.nope');
  });

  describe('usage and config errors exit 2 with a message, never a stack trace', () => {
    const cases: [string, string[], RegExp][] = [
      ['unknown option', ['lint', '--bogus'], /Unknown option '--bogus'/],
      ['unknown format', ['lint', '-f', 'xml'], /Unexpected format "xml", expected stylish, json, sarif, github or gitlab/],
      ['missing path', ['lint', 'no/such/dir'], /No such file or folder: no\/such\/dir/],
      ['no sets', ['lint', 'empty'], /No guideline sets found under empty/],
      ['bad --max-warnings', ['lint', '--max-warnings', 'many'], /Unexpected value "many" for --max-warnings, expected a whole number/],
      ['unknown command', ['frobnicate'], /Unknown command "frobnicate"/],
    ];
    for (const [name, args, message] of cases) {
      it(name, () => {
        const ws = workspace(`usage-${name.replace(/\W/g, '-')}`, 'clean-set');
        mkdirSync(join(ws, 'empty'), { recursive: true });
        const r = rubric(args, ws);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(message);
        expect(hasStackTrace(r.stderr)).toBe(false);
      });
    }
    it('a config with a JSON syntax error names file, line and column', () => {
      const ws = workspace('badjson', 'clean-set');
      writeFileSync(join(ws, 'rubric.config.json'), '{\n  "rules": {\n    "schema-valid": "error",\n  }\n}\n');
      const r = rubric(['lint', 'clean-set'], ws);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/rubric\.config\.json:4:3: Unexpected JSON syntax/);
    });
    it('a config with a bad level names the field and what was expected', () => {
      const ws = workspace('badlevel', 'clean-set');
      writeFileSync(join(ws, 'rubric.config.json'), '{\n  "rules": {\n    "schema-valid": "eror"\n  }\n}\n');
      const r = rubric(['lint', 'clean-set'], ws);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/rubric\.config\.json:3:21: Unexpected value "eror" at `\/rules\/schema-valid`, expected `error`, `warn`/);
    });
  });

  describe('hostile and broken input becomes findings with positions', () => {
    const broken: [string, (dir: string) => void, RegExp][] = [
      ['binary guideline', (d) => writeFileSync(join(d, 'guideline.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2])), /guideline\.md.*binary content/s],
      ['invalid UTF-8', (d) => writeFileSync(join(d, 'guideline.md'), Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0xff, 0xfe, 0x41])), /not UTF-8/],
      ['a 10 MB guideline', (d) => writeFileSync(join(d, 'guideline.md'), `${'# big\n'.repeat(10 * 1024 * 1024 / 6)}`), /Unexpected file size 10\.0 MB.*expected at most 4\.0 MB/],
      ['broken frontmatter YAML', (d) => writeFileSync(join(d, 'guideline.md'), '---\nid: [unclosed\ntitle: x\n---\n# X\n'), /1:1|2:\d+.*YAML/],
      ['broken schema JSON', (d) => writeFileSync(join(d, 'schema.json'), '{"id": "x", "version": 1,,}'), /schema\.json[\s\S]*1:\d+\s+error\s+Unexpected/],
      ['a binary schema', (d) => writeFileSync(join(d, 'schema.json'), '\u0000\u0001'), /schema\.json.*binary/s],
    ];
    for (const [name, breakIt, expected] of broken) {
      it(name, () => {
        const ws = workspace(`broken-${name.replace(/\W/g, '-')}`, 'clean-set');
        breakIt(join(ws, 'clean-set'));
        const r = rubric(['lint', 'clean-set'], ws);
        expect(r.code).toBe(1);
        expect(r.stdout).toMatch(expected);
        expect(hasStackTrace(r.stdout + r.stderr)).toBe(false);
        expect(r.stderr).toBe('');
      });
    }
  });

  it('runs as `npx rubric` from the repository root', () => {
    const r = rubric(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(existsSync(join(ROOT, 'node_modules/.bin/rubric'))).toBe(true);
  });
});
