/**
 * The part of mocha's TDD interface the suites use. Mocha itself is installed
 * by the test runner into .cache/vscode-test (not a workspace dependency), so
 * its types are not around when the extension is type-checked.
 */
interface MochaContext {
  timeout(ms: number): void;
}
declare function suite(title: string, fn: (this: MochaContext) => void): void;
declare function test(title: string, fn: (this: MochaContext) => Promise<void> | void): void;
declare function suiteSetup(fn: (this: MochaContext) => Promise<void> | void): void;
declare function suiteTeardown(fn: (this: MochaContext) => Promise<void> | void): void;
