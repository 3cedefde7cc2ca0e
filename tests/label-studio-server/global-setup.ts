/**
 * One real Label Studio server for the whole run of this workspace: installed
 * once into the cached virtual environment (scripts/label-studio.mjs), started
 * on 127.0.0.1 with a throwaway data folder and an admin token, handed to the
 * test files through vitest's provide/inject, stopped at the end; and one
 * temporary folder for the sets the files write, removed at the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLabelStudio, type StartedLabelStudio } from '../../scripts/label-studio.mjs';

/** What the test files get (inject('labelStudio')). */
export interface LabelStudioInfo {
  url: string;
  token: string;
  username: string;
  password: string;
  version: string;
  logFile: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    labelStudio: LabelStudioInfo;
    /** A temporary folder for the run's guideline sets, removed at the end. */
    workDir: string;
  }
}

let server: StartedLabelStudio | undefined;
let workDir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  const started = Date.now();
  const log = (line: string): void => void process.stderr.write(`label-studio: ${line}\n`);
  server = await startLabelStudio({ log });
  log(`Label Studio ${server.version} on ${server.url}: ready in ${Math.round((Date.now() - started) / 1000)} s (start ${Math.round(server.startedInMs / 1000)} s; log ${server.logFile})`);
  project.provide('labelStudio', { url: server.url, token: server.token, username: server.username, password: server.password, version: server.version, logFile: server.logFile });
  workDir = mkdtempSync(join(tmpdir(), 'rubric-ls-sets-'));
  project.provide('workDir', workDir);
}

export async function teardown(): Promise<void> {
  await server?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
}
