/**
 * bin/rubric.js runs the CommonJS bundle with V8's code cache
 * (scripts/code-cache.cjs): the first run of a command writes the code
 * it compiled, later runs read it back. A cache must never change what a run
 * does, and a missing, corrupt or unwritable one must cost only time.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI_UNBUNDLED, ROOT, rubric } from '../support/cli.js';
import { spawnSync } from 'node:child_process';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rubric-code-cache-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const LINT = ['lint', 'guidelines', '--no-cache', '-f', 'json'];
const withCache = (args: string[], cache = dir) => rubric(args, ROOT, { RUBRIC_CODE_CACHE: cache });
const files = () => readdirSync(dir).sort();

describe('the CLI code cache', () => {
  it('writes one cache file per command on the first run and reuses it after, with the same output as the unbundled CLI', () => {
    const unbundled = spawnSync(process.execPath, [CLI_UNBUNDLED, ...LINT], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const first = withCache(LINT);
    expect(first.stderr).toBe('');
    expect(first.stdout).toBe(unbundled.stdout);
    expect(first.code).toBe(unbundled.status);
    const written = files();
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^cli-[0-9a-f]{32}-v8-.+-lint\.bin$/);
    const path = join(dir, written[0]!);
    expect(statSync(path).size).toBeGreaterThan(10_000);

    // Accepted data is not written again: the file keeps the time we give it.
    // Whole seconds: file systems keep times at their own precision.
    const past = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    utimesSync(path, past, past);
    const second = withCache(LINT);
    expect(second.stdout).toBe(first.stdout);
    expect(second.code).toBe(first.code);
    expect(Math.round(statSync(path).mtimeMs)).toBe(past.getTime());

    const version = withCache(['--version']);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(files()).toEqual([...written, written[0]!.replace(/-lint\.bin$/, '-_.bin')].sort());
  });

  it('an accepted cache older than an hour is written again from the run (so it grows towards what the runs use)', () => {
    const first = withCache(LINT);
    const name = files()[0]!;
    const path = join(dir, name);
    const twoHoursAgo = new Date(Math.floor(Date.now() / 1000) * 1000 - 2 * 3600 * 1000);
    utimesSync(path, twoHoursAgo, twoHoursAgo);
    const second = withCache(LINT);
    expect(second.stdout).toBe(first.stdout);
    expect(statSync(path).mtimeMs).toBeGreaterThan(twoHoursAgo.getTime() + 3600 * 1000);
    expect(files()).toEqual([name]);
  });

  it('a corrupt cache file is rejected, the run is unchanged, and fresh data replaces it', () => {
    const first = withCache(LINT);
    const name = files()[0]!;
    const garbage = Buffer.alloc(50_000, 7);
    writeFileSync(join(dir, name), garbage);
    const second = withCache(LINT);
    expect(second.stderr).toBe('');
    expect(second.stdout).toBe(first.stdout);
    expect(readFileSync(join(dir, name)).equals(garbage)).toBe(false);
    expect(files()).toEqual([name]);
  });

  it('an unwritable cache location only costs time: same output, no message', () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, 'not a folder');
    const reference = withCache(LINT, '');
    const r = withCache(LINT, join(blocker, 'cache'));
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(reference.stdout);
    expect(r.code).toBe(reference.code);
    expect(files()).toEqual(['a-file']);
  });

  it('a run that ends in a usage error writes no cache (an unknown command is no key worth keeping)', () => {
    const r = withCache(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Unknown command "frobnicate"/);
    expect(files()).toEqual([]);
  });

  it('RUBRIC_CODE_CACHE set empty turns the cache off', () => {
    const r = rubric(LINT, ROOT, { RUBRIC_CODE_CACHE: '', XDG_CACHE_HOME: dir });
    expect(r.stderr).toBe('');
    expect(files()).toEqual([]);
  });

  it("removes other builds' cache files once unused for a week, and keeps recent ones", () => {
    const old = join(dir, 'cli-0000000000000000-v8-1-lint.bin');
    const recent = join(dir, 'cli-1111111111111111-v8-1-lint.bin');
    writeFileSync(old, 'x');
    writeFileSync(recent, 'x');
    const longAgo = new Date(Date.now() - 8 * 24 * 3600 * 1000);
    utimesSync(old, longAgo, longAgo);
    withCache(LINT);
    expect(files()).toContain('cli-1111111111111111-v8-1-lint.bin');
    expect(files()).not.toContain('cli-0000000000000000-v8-1-lint.bin');
    expect(files().filter((f) => f.endsWith('-lint.bin'))).toHaveLength(2);
  });
});
