// Loads a CommonJS bundle (scripts/node-bundle.mjs, format 'cjs') with V8's
// code cache: the code V8 compiled in an earlier run is read back instead of
// parsing and compiling the bundle again (what Node 22's
// module.enableCompileCache does, which Node 20 lacks; ES modules have no code
// cache on Node 20). The bundle step copies this file next to the bundles, where
// the binaries (`rubric`, `rubric-language-server`) load it from: it runs before
// any bundle, so it stays small and plain.
//
// One cache file per bundle, content and key (the CLI's command: `lint`
// compiles other functions than `--version`), named after the bundle's content
// hash (code-cache.json beside it, written by the build: V8 itself only checks
// the source's length) and V8's version, in RUBRIC_CODE_CACHE or the user's
// cache folder. A missing, stale or corrupt cache only costs the compile: V8
// rejects data that does not match the source or itself, and the run writes
// fresh data at exit. Any error reading or writing the cache is ignored: it is
// never worth failing a run for. V8 runs the code it reads from the folder, so
// the folder needs the same trust as the installation (the user's own cache
// folder by default; a shared RUBRIC_CODE_CACHE only among those who may change
// the installation).
'use strict';
const { mkdirSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { homedir } = require('node:os');
const { basename, dirname, join } = require('node:path');
const vm = require('node:vm');

/** Where cache files live: RUBRIC_CODE_CACHE ('' turns the cache off), else $XDG_CACHE_HOME/rubric/code-cache. */
function cacheDir() {
  const env = process.env.RUBRIC_CODE_CACHE;
  if (env !== undefined) return env === '' ? undefined : env;
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'rubric', 'code-cache');
}

/** Cache files of other builds are removed once unused this long (a rebuild leaves its old ones behind). */
const STALE_MS = 7 * 24 * 3600 * 1000;

/**
 * An accepted cache is written again, from this run, once it is this old. V8 writes what the script holds
 * compiled: what it read from the cache plus what this run compiled, so the cache grows towards what the
 * command's runs use, even when its first run took another path (a large `lint` runs the lint in worker
 * threads; the small ones after it, in the main thread).
 */
const REFRESH_MS = 3600 * 1000;

/** The cache file of `key` for the bundle at `file`, or undefined when there is no cache. */
function cacheFile(file, key) {
  const dir = cacheDir();
  if (!dir) return undefined;
  const name = basename(file);
  let hash;
  try {
    hash = JSON.parse(readFileSync(join(dirname(file), 'code-cache.json'), 'utf8'))[name];
  } catch {
    return undefined;
  }
  if (typeof hash !== 'string' || !/^[0-9a-f]{16,64}$/.test(hash)) return undefined;
  const k = /^[a-z][a-z-]{0,30}$/.test(key ?? '') ? key : '_';
  return join(dir, `${name.replace(/\.cjs$/, '')}-${hash}-v8-${process.versions.v8}-${k}.bin`);
}

/**
 * Runs the CommonJS bundle at `file` as require() would and returns its exports.
 * `key` names the cache file among others of the same bundle. `writeAfterMs`
 * (for a long-running process) writes the cache that long after the start
 * instead of at exit: V8 reads a cache whole, so one holding everything a long
 * editing session compiled would make the next start slower, not quicker.
 * Returns undefined when this Node cannot run a script with dynamic import()
 * (the caller then runs tsc's output instead).
 */
function loadWithCodeCache(file, key, { writeAfterMs } = {}) {
  const importModuleDynamically = vm.constants && vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  if (!importModuleDynamically) return undefined;
  const cachePath = cacheFile(file, key);
  let cachedData;
  let refresh = false;
  if (cachePath) {
    try {
      cachedData = readFileSync(cachePath);
      refresh = Date.now() - statSync(cachePath).mtimeMs > REFRESH_MS;
    } catch {
      cachedData = undefined;
    }
  }
  const script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData, importModuleDynamically });
  if (cachePath && (cachedData === undefined || script.cachedDataRejected || refresh)) {
    let written = false;
    const write = () => {
      if (!written) writeCache(cachePath, script);
      written = true;
    };
    // The cache holds every function compiled by then, not only the top level. A run that ended in a
    // usage error (exit 2, say an unknown command as the key) compiled nothing worth keeping.
    process.once('exit', (code) => {
      if (code < 2) write();
    });
    if (writeAfterMs !== undefined) setTimeout(write, writeAfterMs).unref();
  }
  // The bundle's own module, with the require() a CommonJS file gets (resolve() included) for what stays in node_modules.
  const mod = { exports: {}, filename: file, id: file, loaded: false };
  script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(file), mod, file, dirname(file));
  mod.loaded = true;
  return mod.exports;
}

function writeCache(cachePath, script) {
  // Written aside and renamed: a concurrent run reads the old file or the new one, never half of one.
  const temp = `${cachePath}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(cachePath), { recursive: true });
    writeFileSync(temp, script.createCachedData());
    renameSync(temp, cachePath);
    pruneStale(cachePath);
  } catch {
    // A read-only home or a full disk: the next run compiles again.
    try {
      unlinkSync(temp);
    } catch {
      // Never written.
    }
  }
}

/** Removes cache files of the same bundle's other builds that no run has written for STALE_MS. */
function pruneStale(cachePath) {
  const dir = dirname(cachePath);
  const [stem, build] = basename(cachePath).split('-');
  for (const name of readdirSync(dir)) {
    const [otherStem, otherBuild] = name.split('-');
    if (otherStem !== stem || otherBuild === build || !name.endsWith('.bin')) continue;
    const path = join(dir, name);
    if (Date.now() - statSync(path).mtimeMs > STALE_MS) unlinkSync(path);
  }
}

module.exports = { loadWithCodeCache };
