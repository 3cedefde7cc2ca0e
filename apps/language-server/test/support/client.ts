/**
 * A real LSP client for tests: spawns the built server (bin/rubric-language-server.js
 * --stdio) as a child process and talks JSON-RPC over its stdin/stdout with
 * vscode-jsonrpc, recording the diagnostics and set statuses it pushes.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

export const BIN = fileURLToPath(new URL('../../bin/rubric-language-server.js', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../../../../packages/language-service/test/fixtures/repo', import.meta.url));

/** The fixture repository copied to a fresh temp folder (tests never touch guidelines/). */
export function copyFixture(): { root: string; guidelineUri: string; schemaUri: string; guidelinePath: string; schemaPath: string; cleanup(): void } {
  const root = mkdtempSync(join(tmpdir(), 'rubric-ls-'));
  cpSync(FIXTURE, root, { recursive: true });
  const guidelinePath = join(root, 'guidelines', 'mini', 'guideline.md');
  const schemaPath = join(root, 'guidelines', 'mini', 'schema.json');
  return {
    root,
    guidelinePath,
    schemaPath,
    guidelineUri: pathToFileURL(guidelinePath).href,
    schemaUri: pathToFileURL(schemaPath).href,
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

export interface TestClient {
  child: ChildProcessWithoutNullStreams;
  connection: MessageConnection;
  diagnostics: PublishDiagnosticsParams[];
  statuses: unknown[];
  stderr: () => string;
  /** Resolves with the first published diagnostics (past or future) matching `match`. */
  waitForDiagnostics(match: (p: PublishDiagnosticsParams) => boolean, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  close(): Promise<void>;
}

/** Starts the server and a JSON-RPC connection to it (not yet initialized); `env` adds to this process's environment. */
export function startClient(env: Record<string, string> = {}): TestClient {
  const child = spawn(process.execPath, [BIN, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d: string) => (stderr += d));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const diagnostics: PublishDiagnosticsParams[] = [];
  const statuses: unknown[] = [];
  const waiters: { match: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    diagnostics.push(p);
    for (const w of [...waiters]) if (w.match(p)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(p);
    }
  });
  connection.onNotification('rubric/setStatus', (p: unknown) => {
    statuses.push(p);
  });
  connection.onNotification('window/logMessage', () => {});
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  return {
    child,
    connection,
    diagnostics,
    statuses,
    stderr: () => stderr,
    waitForDiagnostics(match, timeoutMs = 20_000) {
      const seen = diagnostics.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching publishDiagnostics within ${timeoutMs} ms; got ${JSON.stringify(diagnostics.map((d) => [d.uri, d.version, d.diagnostics.length]))}`)), timeoutMs);
        waiters.push({ match, resolve: (p) => (clearTimeout(timer), resolve(p)) });
      });
    },
    async close() {
      connection.dispose();
      if (child.exitCode === null) child.kill();
    },
  };
}

/** initialize + initialized, with the capabilities a typical editor sends. */
export async function initialize(client: TestClient, rootUri: string): Promise<{ capabilities: Record<string, unknown> }> {
  const result = await client.connection.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
    processId: process.pid,
    rootUri,
    capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } }, textDocument: { publishDiagnostics: { versionSupport: true } } },
  });
  await client.connection.sendNotification('initialized', {});
  return result;
}
