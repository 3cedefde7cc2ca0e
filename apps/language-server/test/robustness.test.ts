import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hover } from 'vscode-languageserver-protocol';
import { copyFixture, initialize, startClient, type TestClient } from './support/client.js';

const fixture = copyFixture();
const guideline = readFileSync(fixture.guidelinePath, 'utf8');
let client: TestClient;

/** Writes one framed message with arbitrary (possibly invalid) content straight to the server's stdin. */
function writeRaw(content: string): void {
  client.child.stdin.write(`Content-Length: ${Buffer.byteLength(content)}\r\n\r\n${content}`);
}

const hoverOnInsult = (): Promise<Hover> => {
  const line = guideline.split('\n').findIndex((l) => l.includes('Use `abuse.insult`'));
  return client.connection.sendRequest<Hover>('textDocument/hover', { textDocument: { uri: fixture.guidelineUri }, position: { line, character: 22 } });
};

beforeAll(async () => {
  client = startClient();
  await initialize(client, pathToFileURL(fixture.root).href);
  await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: fixture.guidelineUri, languageId: 'markdown', version: 1, text: guideline } });
});

afterAll(async () => {
  await client.close();
  fixture.cleanup();
});

describe('language server on bad input', () => {
  it('answers MethodNotFound for an unknown request', async () => {
    await expect(client.connection.sendRequest('rubric/noSuchThing', {})).rejects.toMatchObject({ code: -32601 });
  });

  it('answers InvalidParams for garbage params instead of crashing', async () => {
    await expect(client.connection.sendRequest('textDocument/hover', null)).rejects.toMatchObject({ code: -32602 });
    await expect(client.connection.sendRequest('textDocument/hover', { textDocument: { uri: 42 } })).rejects.toMatchObject({ code: -32602 });
    await expect(client.connection.sendRequest('rubric/preview', { uri: null })).rejects.toMatchObject({ code: -32602 });
    await expect(client.connection.sendRequest('textDocument/rename', { textDocument: { uri: fixture.guidelineUri }, position: { line: 0, character: 0 } })).rejects.toMatchObject({ code: -32602 });
  });

  it('survives invalid JSON, non-JSON-RPC messages and odd positions, then still answers a hover', async () => {
    writeRaw('{ this is not json');
    writeRaw('{"jsonrpc":"2.0","id":"x1"}');
    writeRaw('[1,2,3]');
    writeRaw('{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":7},"contentChanges":"nope"}}');
    writeRaw('{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///tmp/x.md","text":null}}}');
    writeRaw('{"jsonrpc":"2.0","method":"workspace/didChangeWatchedFiles","params":{"changes":[{"uri":null},7]}}');
    const far = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: fixture.guidelineUri }, position: { line: 99999, character: -5 } });
    expect(far).toBeNull();
    const hover = await hoverOnInsult();
    expect((hover.contents as { value: string }).value).toContain('**`abuse.insult`** Insult');
    expect(client.child.exitCode).toBeNull();
  });

  it('answers requests on documents outside any set with empty results', async () => {
    const uri = pathToFileURL('/nowhere/notes.md').href;
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: '# `abuse`' } });
    expect(await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 4 } })).toBeNull();
    expect(await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })).toEqual([]);
    expect(await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 4 } })).toEqual([]);
  });
});

describe('language server on garbage bytes', () => {
  it('does not exit on a malformed header, and a new client message after it is still answered', async () => {
    const other = startClient();
    try {
      await initialize(other, pathToFileURL(fixture.root).href);
      other.child.stdin.write('GARBAGE\x00\x01\x02 with no header at all\r\n\r\n');
      await new Promise((r) => setTimeout(r, 300));
      expect(other.child.exitCode).toBeNull();
      const answer = await Promise.race([
        other.connection.sendRequest('rubric/setStatusOf', { uri: fixture.guidelineUri }),
        // Generous: the point is that it answers at all, on a machine that may be busy with other suites.
        new Promise((r) => setTimeout(() => r('timeout'), 20_000)),
      ]);
      expect(answer).toMatchObject({ setId: 'mini' });
    } finally {
      await other.close();
    }
  });
});
