#!/usr/bin/env node
// The `rubric-language-server` binary (LSP over stdio; `--stdio` is accepted and
// is the only transport). A committed file, not dist/, so `npm ci` links it
// before the first build; it runs the built server: the bundle (dist/bundle/,
// quick to start) when the build made one, else tsc's output.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/bundle/main.js', import.meta.url);
await import(existsSync(bundle) ? bundle.href : '../dist/main.js');
