/**
 * Build step after tsc: the `rubric` binary as bundled files in dist/bundle/
 * (scripts/node-bundle.mjs at the repository root says why), which
 * bin/rubric.js runs when they are there.
 *
 * - dist/bundle/cli.cjs: the CLI as one CommonJS file (src/bundle-entry.ts),
 *   which bin/rubric.js loads with V8's code cache (code-cache.cjs beside it):
 *   a warm start then skips parsing and compiling. It holds every command, but
 *   each is a dynamic import in cli.ts that runs (and is compiled) only when
 *   its command does, so `rubric lint` never runs the registry, the renderer or
 *   the exporters.
 * - dist/bundle/lint-worker.js: the lint worker thread, one ES module
 *   (lint-pool.ts starts `./lint-worker.js` next to the file it runs in:
 *   cli.cjs).
 * - dist/bundle/fingerprint.txt: the lint cache's code fingerprint, computed
 *   here from the bundle and core's schemas and validators, so a run reads one
 *   small file instead of hashing every built file.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleNodeApp } from '../../../scripts/node-bundle.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const out = join(dist, 'bundle');

const define = { __RUBRIC_BUNDLE__: 'true' };
await bundleNodeApp({ entryPoints: { 'lint-worker': join(dist, 'lint-worker.js') }, out, define });
await bundleNodeApp({
  entryPoints: { cli: join(dist, 'bundle-entry.js') },
  out,
  keepOut: true,
  format: 'cjs',
  // The HTTP server's and the XML reader's dependencies (two thirds of the bundle's bytes) stay in
  // node_modules: only `serve`, `registry` and the Label Studio import load them, and every run reads the bundle whole.
  external: ['express', 'router', 'helmet', 'pino', '@xmldom/xmldom'],
  // lint-pool starts the worker next to itself: in the bundle, that is the bundled worker.
  keepImportMetaUrl: [join(dist, 'lint-pool.js')],
  define,
});

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
