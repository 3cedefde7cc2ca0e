/**
 * Calls @vscode/test-electron's runTests with code-server-shim.mjs as the VS
 * Code executable, the extension under development and the bundled mocha
 * suites; run by run.mjs (inside the network namespace), which sets the
 * RUBRIC_* environment. On a laptop with desktop VS Code the same suites run
 * by leaving out vscodeExecutablePath.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const modules = process.env.RUBRIC_RUNNER_MODULES;
const workspace = process.env.RUBRIC_VSCODE_WORKSPACE;
if (!modules || !workspace) {
  console.error('launch.mjs: RUBRIC_RUNNER_MODULES and RUBRIC_VSCODE_WORKSPACE are not set; start the tests with `npm test -w apps/vscode`');
  process.exit(2);
}
const require = createRequire(join(modules, 'index.js'));
const { runTests } = /** @type {typeof import('@vscode/test-electron')} */ (require('@vscode/test-electron'));

try {
  await runTests({
    vscodeExecutablePath: join(here, 'code-server-shim.mjs'),
    extensionDevelopmentPath: join(here, '..'),
    extensionTestsPath: join(here, '..', 'dist', 'test', 'index.cjs'),
    launchArgs: [workspace],
  });
} catch (error) {
  console.error(`launch.mjs: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
