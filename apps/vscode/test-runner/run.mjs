/**
 * `npm test -w apps/vscode`: the extension's tests in a real VS Code.
 *
 * 1. installs (once, cached) Node 24, code-server and mocha from npm (install.mjs);
 * 2. builds the extension and bundles the mocha suites (scripts/build.mjs --tests);
 * 3. copies the fixture workspace to a temp folder (the tests edit it) and makes
 *    it a git repository (committed on main, the tests on a branch `feature`);
 * 4. runs launch.mjs (test-electron's runTests with code-server-shim.mjs as the
 *    "VS Code executable") in a network namespace with only loopback when
 *    `unshare` allows it;
 * 5. prints the report the suites wrote: results, activation and live-update times.
 *
 * Environment: RUBRIC_VSCODE_ISOLATE=0 skips the network namespace;
 * RUBRIC_BROWSER picks the browser (see tests/support/browser.ts).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureEditor } from './install.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const extensionRoot = join(here, '..');
const results = join(extensionRoot, '.test-results');
const reportFile = join(results, 'report.json');
const seconds = (/** @type {number} */ since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

const started = Date.now();
const editor = ensureEditor();
console.log(`vscode-test: editor ${editor.installedNow ? 'installed' : 'cached'} (${seconds(started)})`);

const buildStarted = Date.now();
const build = spawnSync(process.execPath, [join(extensionRoot, 'scripts', 'build.mjs'), '--tests'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
console.log(`vscode-test: extension and suites built (${seconds(buildStarted)})`);

const workspace = mkdtempSync(join(tmpdir(), 'rubric-vscode-workspace-'));
cpSync(join(extensionRoot, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
// "Compare with Base" needs a real repository: the fixture committed on main, the tests working on a branch.
for (const args of [['init', '-q'], ['add', '-A'], ['commit', '-q', '-m', 'fixture sets'], ['checkout', '-q', '-b', 'feature']]) {
  const r = spawnSync('git', ['-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', '-c', 'user.name=Rubric tests', '-c', 'user.email=tests@example.org', ...args], { cwd: workspace, encoding: 'utf8' });
  if (r.status !== 0) {
    console.error(`vscode-test: git ${args[0]} in the test workspace failed: ${r.stderr || r.error?.message}`);
    process.exit(1);
  }
}
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

const env = {
  ...process.env,
  RUBRIC_TEST: '1',
  RUBRIC_TEST_REPORT: reportFile,
  RUBRIC_MOCHA: join(editor.modules, 'mocha'),
  RUBRIC_CODE_SERVER: editor.codeServer,
  RUBRIC_RUNNER_MODULES: editor.modules,
  RUBRIC_VSCODE_LOG_DIR: results,
  RUBRIC_VSCODE_WORKSPACE: workspace,
  // The shim is a `#!/usr/bin/env node` script and code-server needs Node 24.
  PATH: `${dirname(editor.node)}:${process.env.PATH ?? ''}`,
};

const launch = [process.execPath, join(here, 'launch.mjs')];
const isolation = networkIsolation();
console.log(isolation.prefix.length
  ? `vscode-test: running network-isolated (${isolation.prefix.join(' ')}: only loopback)`
  : `vscode-test: not network-isolated (${isolation.reason}); the browser still resolves no host but 127.0.0.1 and localhost`);
const runStarted = Date.now();
// Inside the new namespace loopback starts down: bring it up, then become launch.mjs.
const command = isolation.prefix.length ? [...isolation.prefix, 'sh', '-c', 'ip link set lo up && exec "$0" "$@"', ...launch] : launch;
const run = spawnSync(command[0] ?? process.execPath, command.slice(1), { stdio: 'inherit', env });
const runTime = seconds(runStarted);
rmSync(workspace, { recursive: true, force: true });

if (!existsSync(reportFile)) {
  console.error(`vscode-test: the suites wrote no report (exit ${run.status ?? run.signal}, ${runTime}); code-server's output: ${join(results, 'code-server.log')}`);
  process.exit(run.status || 1);
}
/** @type {{ vscodeVersion: string, uiKind: string, activationMs: number | null, clientReadyMs: number | null, liveUpdateMs: number | null, compareUpdateMs?: number | null, passed: number, failed: number, pending: number, results: { title: string, state: string, ms?: number, error?: string }[] }} */
const report = JSON.parse(readFileSync(reportFile, 'utf8'));
for (const r of report.results) {
  console.log(`  ${r.state === 'passed' ? '✓' : r.state === 'failed' ? '✗' : '-'} ${r.title}${r.ms !== undefined ? ` (${r.ms} ms)` : ''}`);
  if (r.error) console.log(`      ${r.error.split('\n').join('\n      ')}`);
}
console.log(`vscode-test: ${report.passed} passed, ${report.failed} failed, ${report.pending} pending in VS Code ${report.vscodeVersion} (${report.uiKind}, code-server)`);
const ms = (/** @type {number | null} */ v) => (v === null ? 'n/a' : `${v.toFixed(0)} ms`);
console.log(`vscode-test: extension activation (activate() returned): ${ms(report.activationMs)}; language client ready: ${ms(report.clientReadyMs)} after activation started; preview live update (edit to webview re-rendered): ${report.liveUpdateMs === null ? 'n/a' : `${report.liveUpdateMs} ms`}; compare panel update (edit to webview re-rendered): ${report.compareUpdateMs == null ? 'n/a' : `${report.compareUpdateMs} ms`}`);
console.log(`vscode-test: editor run ${runTime}, total ${seconds(started)}; report ${reportFile}`);
process.exit(run.status === 0 && report.failed === 0 ? 0 : run.status || 1);

/**
 * A network namespace with nothing but loopback, when this user may create
 * one: directly as root, else inside a user namespace (`-r`).
 * @returns {{ prefix: string[], reason: string }}
 */
function networkIsolation() {
  if (process.env.RUBRIC_VSCODE_ISOLATE === '0') return { prefix: [], reason: 'RUBRIC_VSCODE_ISOLATE=0' };
  for (const prefix of [['unshare', '-n'], ['unshare', '-rn']]) {
    const probe = spawnSync(prefix[0], [...prefix.slice(1), 'sh', '-c', 'ip link set lo up'], { stdio: 'ignore' });
    if (probe.status === 0) return { prefix, reason: '' };
  }
  return { prefix: [], reason: '`unshare -n` and `unshare -rn` with `ip link set lo up` are not permitted here' };
}
