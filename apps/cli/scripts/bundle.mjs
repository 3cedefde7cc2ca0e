/**
 * Build step after tsc: the `rubric` binary as a few bundled files in
 * dist/bundle/ (scripts/node-bundle.mjs at the repository root says why),
 * which bin/rubric.js runs when they are there. Each command is a dynamic
 * import in cli.ts, so `rubric --version` loads no command and `rubric lint`
 * does not load the registry, the renderer or the exporters.
 *
 * - dist/bundle/main.js: the CLI; chunks beside it, one per lazily loaded part.
 * - dist/bundle/lint-worker.js: the lint worker thread (lint-pool.ts starts
 *   `./lint-worker.js` next to the chunk it runs in).
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

await bundleNodeApp({
  entryPoints: { main: join(dist, 'main.js'), 'lint-worker': join(dist, 'lint-worker.js') },
  out,
  // lint-pool starts the worker next to itself: in the bundle, that is the bundled worker.
  keepImportMetaUrl: [join(dist, 'lint-pool.js')],
  define: { __RUBRIC_BUNDLE__: 'true' },
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
