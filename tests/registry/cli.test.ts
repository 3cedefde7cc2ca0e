/**
 * The registry commands end to end: a registry in this process on 127.0.0.1
 * with a temporary SQLite store, driven by the built `rubric` as a child
 * process. The whole lifecycle (tokens, publish pending, approval by another
 * principal, idempotent re-publish), every kind of refusal with its message
 * and exit code, usage errors, `rubric pack` and `rubric registry backup`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '@rubric/registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasStackTrace, tempDir } from '../support/cli.js';
import { closedPort, getJson, rubricAsync, startTestRegistry, tokenFrom, writeSampleSet, type TestRegistry } from './helpers.js';

let registry: TestRegistry;
let tmp: { dir: string; cleanup: () => void };
let submitter: string;
let approver: string;
let reader: string;

/** `rubric <args> --registry <url>` in the temporary workspace. */
function cli(args: string[], env: Record<string, string | undefined> = {}) {
  return rubricAsync([...args, '--registry', registry.url], tmp.dir, env);
}

beforeAll(async () => {
  registry = await startTestRegistry({ defaultQuorum: 1 });
  tmp = tempDir('rubric-registry-cli-');
  // A git repository, so packing records the commit and whether the folder is dirty.
  execFileSync('git', ['init', '-q'], { cwd: tmp.dir });
  execFileSync('git', ['-c', 'user.email=t@example.org', '-c', 'user.name=t', 'commit', '-q', '--allow-empty', '-m', 'init'], { cwd: tmp.dir });
  const admin = ['--token', registry.adminToken];
  submitter = tokenFrom(await cli(['token', 'create', '--role', 'submitter', '--name', 'alice', ...admin]));
  approver = tokenFrom(await cli(['token', 'create', '--role', 'approver', '--name', 'bob', ...admin]));
  reader = tokenFrom(await cli(['token', 'create', '--role', 'reader', '--name', 'carol', ...admin]));
});

afterAll(async () => {
  await registry?.close();
  tmp?.cleanup();
});

describe('rubric token', () => {
  it('prints the new token alone on stdout and says it is shown once', async () => {
    const r = await cli(['token', 'create', '--role', 'approver', '--name', 'dave', '--set', 'lifecycle', '--token', registry.adminToken]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^rbt_[a-z0-9]+_[A-Za-z0-9_-]+\n$/);
    expect(r.stderr).toMatch(/created token [a-z0-9]+ for dave: role approver, sets lifecycle\. It is shown only this once/);
  });

  it('lists and revokes tokens', async () => {
    const created = await cli(['token', 'create', '--role', 'reader', '--name', 'erin', '--token', registry.adminToken]);
    const id = /created token ([a-z0-9]+)/.exec(created.stderr)?.[1] as string;
    const list = await cli(['token', 'list', '--token', registry.adminToken]);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(`${id}  erin  reader  every set`);
    const revoked = await cli(['token', 'revoke', id, '--token', registry.adminToken]);
    expect(revoked).toMatchObject({ code: 0, stdout: `revoked token ${id} (erin, reader)\n` });
  });

  it('gives a scope beside the role, and lists it', async () => {
    const r = await cli(['token', 'create', '--role', 'reader', '--name', 'labeling-ops', '--set', 'lifecycle', '--scope', 'quality', '--token', registry.adminToken]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/created token ([a-z0-9]+) for labeling-ops: role reader, sets lifecycle, scope quality\. It is shown only this once/);
    const id = /created token ([a-z0-9]+)/.exec(r.stderr)?.[1] as string;
    expect((await cli(['token', 'list', '--token', registry.adminToken])).stdout).toContain(`${id}  labeling-ops  reader  sets lifecycle, scope quality  created`);
  });

  it('refuses a non-admin with exit 1 and the role it needs', async () => {
    const r = await cli(['token', 'create', '--role', 'admin', '--token', submitter]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('rubric: refused (403 forbidden): Role admin needed, token "alice" has submitter');
    expect(r.stderr).toContain('hint: ask an admin');
  });
});

describe('rubric publish and approve: the lifecycle', () => {
  let setDir: string;

  it('publishes pending with quorum 1 and says how many approvals it needs', async () => {
    setDir = writeSampleSet(tmp.dir, { id: 'lifecycle', version: '1.0.0' });
    const r = await cli(['publish', 'lifecycle', '--token', submitter]);
    expect(r.stderr).toMatch(/^warning: lifecycle has uncommitted changes; the bundle records commit [0-9a-f]{12} as dirty\n$/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^submitted lifecycle 1\.0\.0 \(sha256-[0-9a-f]{64}\)\n/);
    expect(r.stdout).toContain(`pending: needs 1 approval by another principal: \`rubric approve lifecycle@1.0.0 --registry ${registry.url}\``);
    expect((await getJson(`${registry.url}/v1/sets/lifecycle/versions/latest`)).status).toBe(404);
  });

  it('takes the token from RUBRIC_TOKEN and answers a second submission of the pending version', async () => {
    const r = await cli(['publish', setDir], { RUBRIC_TOKEN: submitter });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^already submitted with the same content: lifecycle 1\.0\.0 .*\npending: needs 1 approval/);
  });

  it('refuses approval by the submitter', async () => {
    const r = await cli(['approve', 'lifecycle@1.0.0', '--token', submitter]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^rubric: refused \(403 (forbidden|self-approval)\)/);
  });

  it('publishes on approval by another principal', async () => {
    const r = await cli(['approve', 'lifecycle@1.0.0', '--token', approver]);
    expect(r).toMatchObject({ code: 0, stderr: '', stdout: 'approved lifecycle 1.0.0 (1 of 1 approval): published\n' });
    const latest = await getJson(`${registry.url}/v1/sets/lifecycle/versions/latest`);
    expect(latest.body).toMatchObject({ version: '1.0.0', state: 'published', git: { dirty: true } });
  });

  it('answers a re-publish of the same content with "already published"', async () => {
    const r = await cli(['publish', setDir, '--token', submitter]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^already published with the same content: lifecycle 1\.0\.0 \(sha256-[0-9a-f]{64}\)\n$/);
  });

  it('refuses a second approval of a published version', async () => {
    const r = await cli(['approve', 'lifecycle@1.0.0', '--token', approver]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('refused (409 not-pending)');
  });
});

describe('refusals: a clear message and exit 1', () => {
  beforeAll(async () => {
    const base = writeSampleSet(join(tmp.dir, 'base'), { id: 'refusals', version: '1.0.0' });
    expect((await cli(['publish', base, '--token', submitter])).code).toBe(0);
    expect((await cli(['approve', 'refusals@1.0.0', '--token', approver])).code).toBe(0);
  });

  it('lists lint errors as file:line:col with the rule', async () => {
    const dir = writeSampleSet(join(tmp.dir, 'lint'), { id: 'refusals', version: '1.0.1', scope: 'See `abuse.unknown` for the rest.', changelog: ['1.0.1', '1.0.0'] });
    const r = await cli(['publish', dir, '--token', submitter]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^rubric: refused \(422 lint-failed\): Version 1\.0\.1 of refusals has 1 lint error/m);
    expect(r.stderr).toMatch(/\n {2}lint\/refusals\/guideline\.md:\d+:\d+ {2}error {2}.*abuse\.unknown.* {2}label-reference-known\n/);
    expect(r.stderr).toContain('hint: run `rubric lint` on the set');
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it('explains a bump that is too small with the reasons', async () => {
    const dir = writeSampleSet(join(tmp.dir, 'bump'), { id: 'refusals', version: '1.0.1', deprecateThreat: '1.0.1', changelog: ['1.0.1', '1.0.0'] });
    const r = await cli(['publish', dir, '--token', submitter]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^rubric: refused \(422 incompatible\): Version 1\.0\.1 of refusals is not compatible with the latest published version 1\.0\.0: Unexpected patch bump 1\.0\.0 -> 1\.0\.1, expected at least a minor bump/m);
    expect(r.stderr).toContain('the changes since 1.0.0 require a minor bump; the version declares patch:');
    expect(r.stderr).toMatch(/\n {2}minor {2}.*abuse\.threat.*\(questions\[verdict\]\.options\[abuse\.threat\]/);
    expect(r.stderr).toMatch(/\n1 error:\n {2}bump\/refusals\/guideline\.md:\d+:\d+ {2}error {2}Unexpected patch bump.* {2}version-bump\n/);
    expect(r.stderr).toContain('hint: bump the version');
  });

  it('refuses the same version with other content', async () => {
    const dir = writeSampleSet(join(tmp.dir, 'taken'), { id: 'refusals', version: '1.0.0', scope: 'Other words for the scope.' });
    const r = await cli(['publish', dir, '--token', submitter]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^rubric: refused \(409 version-conflict\): Version 1\.0\.0 of refusals already exists \(published\) with other content/m);
    expect(r.stderr).toContain('hint: published versions are immutable: bump `version`');
  });

  it('refuses a set that is not approved, after warning at pack time', async () => {
    const dir = writeSampleSet(join(tmp.dir, 'draft'), { id: 'refusals', version: '1.1.0', status: 'draft', changelog: ['1.1.0', '1.0.0'] });
    const r = await cli(['publish', dir, '--token', submitter]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^warning: draft\/refusals\/guideline\.md has status draft; the registry publishes approved sets only/);
    expect(r.stderr).toMatch(/rubric: refused \(422 not-approved\): Version 1\.1\.0 of refusals cannot be published: Unexpected status "draft", expected approved/);
    expect(r.stderr).toMatch(/draft\/refusals\/guideline\.md:\d+:\d+ {2}error/);
    expect(r.stderr).toContain('hint: set `status: approved`');
  });

  it('refuses a token without the role', async () => {
    const dir = writeSampleSet(join(tmp.dir, 'role'), { id: 'refusals', version: '1.0.1', scope: 'Sharper words.', changelog: ['1.0.1', '1.0.0'] });
    const r = await cli(['publish', dir, '--token', reader]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('rubric: refused (403 forbidden): Role submitter needed, token "carol" has reader');
  });

  it('refuses a publish without a token', async () => {
    const dir = writeSampleSet(join(tmp.dir, 'anonymous'), { id: 'refusals', version: '1.0.1', scope: 'Sharper words.', changelog: ['1.0.1', '1.0.0'] });
    const r = await cli(['publish', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('rubric: refused (401 unauthenticated)');
    expect(r.stderr).toContain('hint: pass --token or set $RUBRIC_TOKEN');
  });

  it('refuses an unknown token', async () => {
    const r = await cli(['approve', 'refusals@1.0.0', '--token', `rbt_${'a'.repeat(16)}_${'b'.repeat(43)}`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('rubric: refused (401 invalid-token): Unknown token');
  });

  it('refuses approval of a version that does not exist', async () => {
    const r = await cli(['approve', 'refusals@9.9.9', '--token', approver]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('refused (404 not-found)');
  });

  it('says when the registry cannot be reached', async () => {
    const port = await closedPort();
    const r = await rubricAsync(['approve', 'refusals@1.0.0', '--registry', `http://127.0.0.1:${port}`, '--token', approver], tmp.dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`rubric: could not reach the registry at http://127.0.0.1:${port}: connection refused (ECONNREFUSED); is it running? \`rubric serve\` or \`npm start\` starts one\n`);
  });
});

describe('usage errors exit 2', () => {
  const cases: [string, string[], RegExp][] = [
    ['publish without a folder', ['publish'], /Expected exactly one set folder/],
    ['publish of a missing folder', ['publish', 'nope', '--registry', 'http://127.0.0.1:1'], /No such set folder: nope/],
    ['publish without a registry', ['publish', '.'], /Missing --registry <url>/],
    ['a registry URL that is not http', ['approve', 'a@1.0.0', '--registry', 'ftp://x'], /expected an http:\/\/ or https:\/\/ URL/],
    ['approve without @version', ['approve', 'lifecycle', '--registry', 'http://127.0.0.1:1'], /Expected <set>@<version>/],
    ['approve with a bad version', ['approve', 'lifecycle@latest', '--registry', 'http://127.0.0.1:1'], /Unexpected version "latest"/],
    ['a malformed token', ['approve', 'a@1.0.0', '--registry', 'http://127.0.0.1:1', '--token', 'secret'], /Unexpected token format, expected rbt_<id>_<secret>/],
    ['token create without a role', ['token', 'create', '--registry', 'http://127.0.0.1:1'], /Missing --role/],
    ['token create with an unknown role', ['token', 'create', '--role', 'root', '--registry', 'http://127.0.0.1:1'], /Unexpected role "root"/],
    ['token create with an unknown scope', ['token', 'create', '--role', 'reader', '--scope', 'everything', '--registry', 'http://127.0.0.1:1'], /Unexpected scope "everything" for --scope, expected one of quality/],
    ['an unknown token action', ['token', 'mint'], /Unknown token action "mint"/],
    ['an unknown option', ['publish', '--frobnicate'], /Unknown option '--frobnicate'/],
    ['serve with a bad port', ['serve', '--port', 'http'], /Unexpected value "http" for --port/],
    ['registry without an action', ['registry'], /Missing action, expected `rubric registry backup <file>`/],
  ];
  it.each(cases)('%s', async (_name, args, message) => {
    const r = await rubricAsync(args, tmp.dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it.each(['pack', 'publish', 'approve', 'token', 'serve', 'registry'])('rubric %s --help', async (command) => {
    const r = await rubricAsync([command, '--help'], tmp.dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Usage: rubric ${command}`));
  });

  it('lists the registry commands in the main help', async () => {
    const r = await rubricAsync(['--help'], tmp.dir);
    for (const c of ['pack <set-dir>', 'publish <set-dir>', 'approve <set>@<v>', 'token create', 'serve', 'registry backup']) expect(r.stdout).toContain(c);
  });
});

describe('rubric pack', () => {
  let dir: string;
  beforeAll(() => {
    dir = writeSampleSet(join(tmp.dir, 'pack'), { id: 'packed', version: '1.2.0', changelog: ['1.2.0'] });
    execFileSync('git', ['add', 'pack'], { cwd: tmp.dir });
    execFileSync('git', ['-c', 'user.email=t@example.org', '-c', 'user.name=t', 'commit', '-q', '-m', 'sets'], { cwd: tmp.dir });
  });

  it('writes one bundle file with the hashes and the clean git commit', async () => {
    const r = await rubricAsync(['pack', dir, '-o', 'out/packed.json'], tmp.dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: tmp.dir, encoding: 'utf8' }).trim();
    expect(r.stdout).toMatch(new RegExp(`^packed packed 1\\.2\\.0 \\(sha256-[0-9a-f]{64}, 2 files, [\\d.]+ KB, git ${head.slice(0, 12)}\\) -> out/packed\\.json\\n$`));
    const bundle = JSON.parse(readFileSync(join(tmp.dir, 'out/packed.json'), 'utf8')) as { manifest: Record<string, unknown>; files: Record<string, string> };
    expect(bundle.manifest).toMatchObject({ format: 'rubric-bundle/1', setId: 'packed', version: '1.2.0', git: { commit: head, dirty: false } });
    expect(Object.keys(bundle.files).sort()).toEqual(['guideline.md', 'schema.json']);
    expect(bundle.files['guideline.md']).toBe(readFileSync(join(dir, 'guideline.md'), 'utf8'));
  });

  it('marks uncommitted changes as dirty, names the file by id and version by default, and writes - to stdout', async () => {
    writeFileSync(join(dir, 'guideline.md'), `${readFileSync(join(dir, 'guideline.md'), 'utf8')}\n`);
    const r = await rubricAsync(['pack', 'pack/packed'], tmp.dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^warning: pack\/packed has uncommitted changes; the bundle records commit [0-9a-f]{12} as dirty\n$/);
    expect(existsSync(join(tmp.dir, 'packed-1.2.0.bundle.json'))).toBe(true);
    const out = await rubricAsync(['pack', 'pack/packed', '-o', '-'], tmp.dir);
    expect(JSON.parse(out.stdout)).toMatchObject({ manifest: { setId: 'packed', git: { dirty: true } } });
  });

  it('warns when the status is not approved, and still packs', async () => {
    const draft = writeSampleSet(join(tmp.dir, 'pack-draft'), { id: 'drafty', version: '0.1.0', status: 'draft', changelog: ['0.1.0'] });
    const r = await rubricAsync(['pack', draft, '-o', '-'], tmp.dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: pack-draft/drafty/guideline.md has status draft; the registry publishes approved sets only');
  });

  it('fails with exit 1 when a file of the set cannot be read', async () => {
    const broken = join(tmp.dir, 'pack-broken', 'broken');
    mkdirSync(broken, { recursive: true });
    writeFileSync(join(broken, 'guideline.md'), '---\nid: broken\nversion: 1.0.0\nstatus: approved\nschema: schema.json\n---\n# Broken\n');
    const r = await rubricAsync(['pack', broken], tmp.dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^rubric: cannot pack pack-broken\/broken: its schema could not be read\n {2}pack-broken\/broken\/schema\.json: Missing file/);
  });
});

describe('rubric registry backup', () => {
  it('writes a consistent copy of the SQLite store while the registry serves', async () => {
    const file = join(tmp.dir, 'backups', 'registry-copy.db');
    const r = await rubricAsync(['registry', 'backup', file, '--store', `sqlite:${registry.storeFile}`], tmp.dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^backed up .*registry\.db to backups\/registry-copy\.db\n$/);
    const copy = await openStore(`sqlite:${file}`);
    try {
      expect((await copy.listSets()).map((s) => s.id)).toEqual(expect.arrayContaining(['lifecycle', 'refusals']));
      expect(await copy.getVersion('lifecycle', '1.0.0')).toMatchObject({ state: 'published' });
      expect((await copy.listTokens()).map((t) => t.name)).toEqual(expect.arrayContaining(['alice', 'bob', 'carol']));
    } finally {
      await copy.close();
    }
    const again = await rubricAsync(['registry', 'backup', file, '--store', `sqlite:${registry.storeFile}`], tmp.dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists; choose a new file (a backup never overwrites)');
  });

  it('refuses to back up a store that does not exist', async () => {
    const r = await rubricAsync(['registry', 'backup', 'x.db', '--data-dir', 'no-such-data'], tmp.dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('rubric: no store at no-such-data/registry.db; pass --store sqlite:<file> or --data-dir\n');
    expect(existsSync(join(tmp.dir, 'no-such-data'))).toBe(false);
  });
});
