#!/usr/bin/env node
// The `rubric` binary. A committed file (not dist/) so `npm ci` links it before
// the first build; it runs the built CLI.
import '../dist/main.js';
