/**
 * Entry point of the extension tests inside VS Code (`extensionTestsPath`):
 * runs every suite in one mocha run and writes a JSON report (results, the
 * extension's activation time, the preview's and the compare panel's update times) to
 * RUBRIC_TEST_REPORT, which the runner prints: the editor's own console is
 * not always forwarded to the terminal.
 */
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { diagnosticsSuite } from './diagnostics.test.js';
import { EXTENSION_ID } from './helpers.js';
import { navigationSuite } from './navigation.test.js';
import { previewSuite, previewTimings } from './preview.test.js';
import { compareSuite, compareTimings } from './compare.test.js';
import { qualitySuite } from './quality.test.js';
import type { RubricTestApi } from '../../src/extension.js';

/** The part of mocha's API used here (mocha comes from the runner's install, see mocha-globals.d.ts). */
interface MochaRunner {
  on(event: 'pass' | 'fail' | 'pending', listener: (test: { fullTitle(): string; duration?: number }, error?: Error) => void): MochaRunner;
}
interface MochaInstance {
  suite: { emit(event: 'pre-require', context: object, file: string, mocha: MochaInstance): void };
  run(done: (failures: number) => void): MochaRunner;
}
type MochaConstructor = new (options: { ui: 'tdd'; timeout: number; color: boolean; reporter: string }) => MochaInstance;

interface Result {
  title: string;
  state: 'passed' | 'failed' | 'pending';
  ms?: number;
  error?: string;
}

/** Called by VS Code's test runner; rejects when a test failed. */
export async function run(): Promise<void> {
  const mochaPath = process.env.RUBRIC_MOCHA;
  if (!mochaPath) throw new Error('RUBRIC_MOCHA is not set: start the tests with `npm test -w apps/vscode`');
  // A path only known at run time: esbuild leaves this require alone.
  const Mocha = require(mochaPath) as MochaConstructor;
  const mocha = new Mocha({ ui: 'tdd', timeout: 60_000, color: false, reporter: 'spec' });
  // Installs suite()/test() as globals, as mocha does before loading a test file.
  mocha.suite.emit('pre-require', globalThis, 'index', mocha);
  diagnosticsSuite();
  navigationSuite();
  previewSuite();
  compareSuite();
  qualitySuite();

  const started = Date.now();
  const results: Result[] = [];
  const failures = await new Promise<number>((resolve) => {
    mocha
      .run(resolve)
      .on('pass', (t) => results.push({ title: t.fullTitle(), state: 'passed', ...(t.duration !== undefined ? { ms: t.duration } : {}) }))
      .on('fail', (t, error) => results.push({ title: t.fullTitle(), state: 'failed', error: error?.stack ?? error?.message ?? 'failed' }))
      .on('pending', (t) => results.push({ title: t.fullTitle(), state: 'pending' }));
  });

  const api = vscode.extensions.getExtension<RubricTestApi | undefined>(EXTENSION_ID)?.exports;
  const report = {
    vscodeVersion: vscode.version,
    uiKind: vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop',
    activationMs: api?.activationMs ?? null,
    clientReadyMs: api ? await api.clientReady.catch(() => null) : null,
    liveUpdateMs: previewTimings.liveUpdateMs ?? null,
    compareUpdateMs: compareTimings.updateMs ?? null,
    durationMs: Date.now() - started,
    passed: results.filter((r) => r.state === 'passed').length,
    failed: failures,
    pending: results.filter((r) => r.state === 'pending').length,
    results,
  };
  if (process.env.RUBRIC_TEST_REPORT) writeFileSync(process.env.RUBRIC_TEST_REPORT, `${JSON.stringify(report, null, 2)}\n`);
  if (failures > 0) throw new Error(`${failures} extension test(s) failed`);
}
