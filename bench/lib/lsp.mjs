/**
 * The language server as the editor benchmarks run it: the built binary over
 * stdio with a JSON-RPC client, answering the server's requests as a minimal
 * editor would (null), plus the percentiles they report.
 */
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

/** `rubric-language-server` as users install it (it runs the bundle the build makes). */
export const SERVER = join(resolve(dirname(fileURLToPath(import.meta.url)), '..', '..'), 'apps', 'language-server', 'bin', 'rubric-language-server.js');

/** Spawns the server and connects to it; `onDiagnostics` sees every publishDiagnostics. `t0` is the spawn time. */
export function startServer(onDiagnostics = () => {}) {
  const t0 = performance.now();
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  connection.onNotification('textDocument/publishDiagnostics', onDiagnostics);
  connection.onNotification(() => {});
  connection.onRequest(() => null);
  connection.listen();
  return { t0, child, connection };
}

/** initialize + initialized with the capabilities the benchmarks rely on (versioned diagnostics). */
export async function initialize(connection, rootUri) {
  await connection.sendRequest('initialize', { processId: process.pid, rootUri, capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } } });
  await connection.sendNotification('initialized', {});
}

/** Shuts the server down as an editor does (shutdown, exit), or kills it when it does not answer. */
export async function stopServer({ child, connection }) {
  try {
    await connection.sendRequest('shutdown');
    await connection.sendNotification('exit');
  } catch {
    child.kill();
  }
  connection.dispose();
}

/** The p-th percentile (nearest rank) of ascending `sorted`. */
export const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
/** The median (nearest rank) of `xs`. */
export const median = (xs) => percentile([...xs].sort((a, b) => a - b), 50);
