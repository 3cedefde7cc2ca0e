#!/usr/bin/env node
// The `rubric-language-server` binary (LSP over stdio; `--stdio` is accepted and
// is the only transport). A committed file, not dist/, so `npm ci` links it
// before the first build; it runs the built server: the CommonJS bundle with
// V8's code cache (dist/bundle/server.cjs, quickest to start; scripts/code-cache.cjs
// at the repository root says how) when the build made one, else tsc's output.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/bundle/server.cjs', import.meta.url));
// The cache keeps what the first two seconds compiled (start, first diagnostics), not a whole session.
const started = existsSync(bundle) && createRequire(bundle)('./code-cache.cjs').loadWithCodeCache(bundle, 'start', { writeAfterMs: 2000 });
if (!started) await import('../dist/main.js');
