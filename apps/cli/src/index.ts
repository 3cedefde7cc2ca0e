/** @rubric/cli as a library: run the CLI in-process (tests, other tools). */
export { run, MAIN_HELP } from './cli.js';
export type { Io } from './io.js';
