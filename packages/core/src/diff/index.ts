/** Semantic diff, version bumps, migration maps and reading sets at git refs. */
export * from './diff.js';
export * from './semver.js';
export * from './word-diff.js';
export * from './migration.js';
export * from './git.js';
export { setDiffOf } from './memo.js';
