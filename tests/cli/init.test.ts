/** End-to-end tests of `rubric init` and the help texts. */
import { existsSync, mkdirSync, readFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rubric, tempDir, ROOT } from '../support/cli.js';

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir();
  mkdirSync(join(tmp.dir, '.git'));
});
afterAll(() => tmp.cleanup());

describe('rubric init', () => {
  it('scaffolds a set that lints clean, also under the repository config', () => {
    copyFileSync(join(ROOT, 'rubric.config.json'), join(tmp.dir, 'rubric.config.json'));
    const r = rubric(['init', 'spam-policy', '--title', 'Spam'], tmp.dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Created guidelines/spam-policy/guideline.md');
    const guideline = readFileSync(join(tmp.dir, 'guidelines/spam-policy/guideline.md'), 'utf8');
    expect(guideline).toContain('id: spam-policy');
    expect(guideline).toContain('### `spam-policy.violation` Violation');
    const lint = rubric(['lint', '--no-cache'], tmp.dir);
    expect(lint).toEqual({ code: 0, stdout: '', stderr: '' });
  });
  it('refuses an existing folder and a bad id', () => {
    expect(rubric(['init', 'spam-policy'], tmp.dir).stderr).toMatch(/already exists/);
    const bad = rubric(['init', 'Bad_Id'], tmp.dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Unexpected set id "Bad_Id", expected lowercase kebab case/);
    expect(existsSync(join(tmp.dir, 'guidelines/Bad_Id'))).toBe(false);
  });
  it('writes into --dir', () => {
    expect(rubric(['init', 'other', '--dir', 'elsewhere'], tmp.dir).code).toBe(0);
    expect(existsSync(join(tmp.dir, 'elsewhere/other/schema.json'))).toBe(true);
  });
});

describe('help', () => {
  for (const args of [['--help'], ['help'], ['lint', '--help'], ['init', '--help'], ['help', 'lint']]) {
    it(`rubric ${args.join(' ')}`, () => {
      const r = rubric(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Usage: rubric/);
    });
  }
  it('no command prints help and exits 2', () => {
    const r = rubric([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^Usage: rubric <command>/);
  });
});
