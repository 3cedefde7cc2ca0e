/**
 * Speed work on `rubric lint` (the bundle, lazy commands, the fast YAML
 * reader, workers, caches) must not change a single finding. A seeded corpus
 * of 60 realistic sets (bench/lib/corpus.mjs), linted with the default config
 * and with a strict one (about 1,800 findings), must give reports byte for
 * byte equal to those of the linter before that work (commit 8cccc33, whose
 * reports' sha256 are below), whichever way it runs: the bundled binary or
 * tsc's output, in one thread or with workers, cold or from the cache.
 *
 * When findings change on purpose (a new rule, a changed message, a changed
 * corpus generator), update the hashes from the new reports and say why in
 * the commit.
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, CLI_UNBUNDLED, ROOT } from '../support/cli.js';

/** sha256 of the reports of 8cccc33 over the corpus below (see the header). */
const GOLDEN = {
  defaultJson: '95ac11f42c1620b53eb6f21a864da9b7a85f4e07d1a2bd2b86194694c07e5d72',
  strictJson: 'd1256b29472f4962ed4c345e69071a2cb4cc02624c03218548e0f1224adbf68d',
  strictStylish: '82d8ed98d55aa621c2879b60a72b9cdd56bce720e16c8a3e935b6b86dfa24484',
};
const STRICT = { rules: { 'example-coverage': ['error', { minPositive: 2 }], 'required-sections': ['error', { sections: ['Scope', 'Changelog', 'Appendix'] }] } };

let work: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'rubric-findings-'));
  const corpus = (await import(pathToFileURL(join(ROOT, 'bench/lib/corpus.mjs')).href)) as { ensureCorpus(options: { dir: string; sets: number }): { sets: number } };
  expect(corpus.ensureCorpus({ dir: join(work, 'corpus'), sets: 60 }).sets).toBe(60);
  writeFileSync(join(work, 'strict.config.json'), JSON.stringify(STRICT));
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs a CLI entry in the work folder; returns stdout (exit 1 is expected: the corpus has findings). */
function lint(entry: string, args: string[]): string {
  const r = spawnSync(process.execPath, [entry, 'lint', 'corpus', ...args], { cwd: work, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined }, maxBuffer: 256 * 1024 * 1024 });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(1);
  return r.stdout;
}

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('findings do not change with the speed work', () => {
  it('the default config: the same report as before, bundled or not', () => {
    const bundled = lint(CLI, ['--no-cache', '-f', 'json']);
    expect(JSON.parse(bundled).summary).toEqual({ errors: 4, warnings: 0, infos: 0, fixable: 0 });
    expect(sha(bundled)).toBe(GOLDEN.defaultJson);
    expect(lint(CLI_UNBUNDLED, ['--no-cache', '-f', 'json'])).toBe(bundled);
  });

  it('a strict config (about 1,800 findings): in one thread, with workers, cold and cached, JSON and stylish', () => {
    const strict = ['-c', 'strict.config.json'];
    const oneThread = lint(CLI, [...strict, '--no-cache', '-j', '1', '-f', 'json']);
    expect(JSON.parse(oneThread).summary).toEqual({ errors: 1826, warnings: 0, infos: 0, fixable: 0 });
    expect(sha(oneThread)).toBe(GOLDEN.strictJson);
    expect(lint(CLI, [...strict, '--no-cache', '-j', '2', '-f', 'json'])).toBe(oneThread);
    expect(lint(CLI_UNBUNDLED, [...strict, '--no-cache', '-f', 'json'])).toBe(oneThread);
    const cache = ['--cache-location', join(work, 'cache')];
    expect(lint(CLI, [...strict, ...cache, '-f', 'json'])).toBe(oneThread);
    expect(lint(CLI, [...strict, ...cache, '-f', 'json'])).toBe(oneThread);
    expect(readFileSync(join(work, 'cache', 'lint-cache.json'), 'utf8').length).toBeGreaterThan(0);
    expect(sha(lint(CLI, [...strict, ...cache]))).toBe(GOLDEN.strictStylish);
  });
});
