#!/usr/bin/env node
// The `rubric-language-server` binary (LSP over stdio; `--stdio` is accepted and
// is the only transport). A committed file, not dist/, so `npm ci` links it
// before the first build; it runs the built server.
import '../dist/main.js';
