/**
 * Build step after tsc: `rubric-language-server` as one CommonJS file,
 * dist/bundle/server.cjs (scripts/node-bundle.mjs at the repository root says
 * why), which bin/rubric-language-server.js runs with V8's code cache when it
 * is there: an editor opening a guideline waits for the server's start before
 * its first diagnostics. The preview's renderer is in the file too; V8
 * compiles it only when a preview is first asked for.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleNodeApp } from '../../../scripts/node-bundle.mjs';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
await bundleNodeApp({ entryPoints: { server: join(dist, 'main.js') }, out: join(dist, 'bundle'), format: 'cjs' });
