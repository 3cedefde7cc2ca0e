#!/usr/bin/env node
// The `rubric` binary. A committed file (not dist/) so `npm ci` links it before
// the first build; it runs the built CLI: the CommonJS bundle with V8's code
// cache (dist/bundle/cli.cjs, quickest to start; scripts/code-cache.cjs at the
// repository root says how) when the build made one, else tsc's output.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(new URL('../dist/bundle/cli.cjs', import.meta.url));
const cli = existsSync(bundle) ? createRequire(bundle)('./code-cache.cjs').loadWithCodeCache(bundle, process.argv[2]) : undefined;
if (cli) process.exitCode = await cli.run(process.argv.slice(2), cli.processIo());
else await import('../dist/main.js');
