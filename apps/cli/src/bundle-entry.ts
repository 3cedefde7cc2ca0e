/**
 * The entry of the CommonJS bundle (dist/bundle/cli.cjs) that bin/rubric.js
 * runs: main.ts without its top-level await, which CommonJS cannot have.
 */
export { run } from './cli.js';
export { processIo } from './io.js';
