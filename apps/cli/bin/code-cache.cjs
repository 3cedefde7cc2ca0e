// Loads the CLI's CommonJS bundle with V8's code cache: the code V8 compiled
// in an earlier run of the same command is read back instead of parsing and
// compiling the bundle again (what Node 22's module.enableCompileCache does,
// which Node 20 lacks; ES modules have no code cache on Node 20). A committed
// file, loaded before the bundle, so it stays small and plain.
//
// One cache file per command (`lint` compiles other functions than
// `--version`), named after the build's fingerprint and Node's version, in
// RUBRIC_CODE_CACHE or the user's cache folder. A missing, stale or corrupt
// cache only costs the compile: V8 rejects data that does not match the
// source or itself, and the run writes fresh data at exit. Any error reading
// or writing the cache is ignored: it is never worth failing a run for.
'use strict';
const { mkdirSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { homedir } = require('node:os');
const { dirname, join } = require('node:path');
const vm = require('node:vm');

/** Where cache files live: RUBRIC_CODE_CACHE ('' turns the cache off), else $XDG_CACHE_HOME/rubric/code-cache. */
function cacheDir() {
  const env = process.env.RUBRIC_CODE_CACHE;
  if (env !== undefined) return env === '' ? undefined : env;
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'rubric', 'code-cache');
}

/** Cache files of other builds are removed once unused this long (a rebuild leaves its old ones behind). */
const STALE_MS = 7 * 24 * 3600 * 1000;

/** The cache file of `command` for the bundle at `file`, or undefined when there is no cache. */
function cacheFile(file, command) {
  const dir = cacheDir();
  if (!dir) return undefined;
  let fingerprint;
  try {
    fingerprint = readFileSync(join(dirname(file), 'fingerprint.txt'), 'utf8').trim();
  } catch {
    return undefined;
  }
  const name = /^[a-z][a-z-]{0,30}$/.test(command ?? '') ? command : '_';
  return join(dir, `cli-${fingerprint}-v8-${process.versions.v8}-${name}.bin`);
}

/**
 * Runs the CommonJS bundle at `file` as require() would and returns its exports.
 * `command` names the cache file. Returns undefined when this Node cannot load
 * a script with dynamic import() (the caller then runs the ES module bundle).
 */
function loadWithCodeCache(file, command) {
  const importModuleDynamically = vm.constants && vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  if (!importModuleDynamically) return undefined;
  const cachePath = cacheFile(file, command);
  let cachedData;
  if (cachePath) {
    try {
      cachedData = readFileSync(cachePath);
    } catch {
      cachedData = undefined;
    }
  }
  const script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData, importModuleDynamically });
  if (cachePath && (cachedData === undefined || script.cachedDataRejected)) {
    // At exit the cache holds every function the run compiled, not only the top level.
    process.once('exit', () => writeCache(cachePath, script));
  }
  // The bundle's own module, with the require() a CommonJS file gets (resolve() included) for what stays in node_modules.
  const mod = { exports: {}, filename: file, id: file, loaded: false };
  script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(file), mod, file, dirname(file));
  mod.loaded = true;
  return mod.exports;
}

function writeCache(cachePath, script) {
  try {
    mkdirSync(dirname(cachePath), { recursive: true });
    // Written aside and renamed: a concurrent run reads the old file or the new one, never half of one.
    const temp = `${cachePath}.${process.pid}.tmp`;
    writeFileSync(temp, script.createCachedData());
    renameSync(temp, cachePath);
    pruneStale(cachePath);
  } catch {
    // A read-only home or a full disk: the next run compiles again.
  }
}

/** Removes other builds' cache files that no run has written for STALE_MS. */
function pruneStale(cachePath) {
  const dir = dirname(cachePath);
  const build = cachePath.slice(dir.length + 1).split('-')[1];
  for (const name of readdirSync(dir)) {
    if (!name.startsWith('cli-') || name.split('-')[1] === build) continue;
    const path = join(dir, name);
    if (Date.now() - statSync(path).mtimeMs > STALE_MS) unlinkSync(path);
  }
}

module.exports = { loadWithCodeCache };
