/**
 * Build step after tsc: `rubric-language-server` as a few bundled files in
 * dist/bundle/ (scripts/node-bundle.mjs at the repository root says why),
 * which bin/rubric-language-server.js runs when they are there: an editor
 * opening a guideline waits for the server's start before its first
 * diagnostics. The preview's renderer stays a lazily loaded chunk.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleNodeApp } from '../../../scripts/node-bundle.mjs';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
await bundleNodeApp({ entryPoints: { main: join(dist, 'main.js') }, out: join(dist, 'bundle') });
