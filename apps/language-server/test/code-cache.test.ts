/**
 * bin/rubric-language-server.js runs the CommonJS bundle with V8's code cache
 * (scripts/code-cache.cjs at the repository root): a server that exits as
 * LSP asks (shutdown, exit) leaves the code it compiled for the next start,
 * which reads it back and must answer exactly as before.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { copyFixture, initialize, startClient } from './support/client.js';

const fixture = copyFixture();
const cache = mkdtempSync(join(tmpdir(), 'rubric-ls-code-cache-'));
afterAll(() => {
  fixture.cleanup();
  rmSync(cache, { recursive: true, force: true });
});

/** The fixture's guideline with a finding to publish: a reference to a label the schema does not have. */
const text = () => readFileSync(fixture.guidelinePath, 'utf8').replace('`abuse.insult` for', '`abuse.insul` for');

/** Starts the server with the test's cache folder, opens the guideline, returns its first diagnostics, exits as LSP asks. */
async function session(): Promise<unknown[]> {
  const client = startClient({ RUBRIC_CODE_CACHE: cache });
  await initialize(client, pathToFileURL(fixture.root).href);
  await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: fixture.guidelineUri, languageId: 'markdown', version: 1, text: text() } });
  const published = await client.waitForDiagnostics((p) => p.uri === fixture.guidelineUri && p.version === 1);
  const exited = new Promise<number | null>((resolve) => client.child.once('exit', (code) => resolve(code)));
  await client.connection.sendRequest('shutdown');
  await client.connection.sendNotification('exit');
  expect(await exited).toBe(0);
  expect(client.stderr()).toBe('');
  await client.close();
  return published.diagnostics;
}

describe('the language server code cache', () => {
  it('the first start writes the cache, the next reads it and publishes the same diagnostics', async () => {
    const first = await session();
    expect(JSON.stringify(first)).toContain('abuse.insul`');
    const written = readdirSync(cache);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^server-[0-9a-f]{32}-v8-.+-start\.bin$/);
    const path = join(cache, written[0]!);
    const past = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    utimesSync(path, past, past);

    const second = await session();
    expect(second).toEqual(first);
    // Accepted data is not written again.
    expect(readdirSync(cache)).toEqual(written);
    expect(Math.round(statSync(path).mtimeMs)).toBe(past.getTime());
  });
});
