/**
 * Labeling quality through the server over stdio, as any LSP editor gets it:
 * the settings pulled with workspace/configuration (a report folder relative
 * to the workspace), the label-agreement diagnostics published once the
 * report is read, code lenses refreshed, the hover's figures, the case
 * studies and "add as example" requests, and the settings changed back.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeLens, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { createNodeHost, loadSet } from '@rubric/core';
import { QualityAccumulator } from '@rubric/quality';
import { copyFixture, startClient, type TestClient } from './support/client.js';

const fixture = copyFixture();

/** A report of the fixture set `mini` 1.1.0 by @rubric/quality: 40 items, 3 annotators, who split insult / threat on items 20-39. */
function miniReport(): unknown {
  const acc = new QualityAccumulator(loadSet(join(fixture.root, 'guidelines', 'mini'), createNodeHost()));
  for (let i = 0; i < 40; i++) {
    for (const annotator of ['a1', 'a2', 'a3']) {
      const verdict = i < 10 ? 'none' : i < 15 ? 'abuse.insult' : i < 20 ? 'abuse.threat' : annotator === 'a2' ? 'abuse.threat' : 'abuse.insult';
      acc.add({ set: 'mini', version: '1.1.0', item: { id: `t-${i}`, text: `Item ${i}: you are a clown and I will find you.` }, annotator, answers: { verdict } });
    }
  }
  return acc.report();
}
let client: TestClient;
let settings: unknown = { quality: { folder: 'reports' } };
let refreshes = 0;

beforeAll(async () => {
  mkdirSync(join(fixture.root, 'reports'));
  writeFileSync(join(fixture.root, 'reports', 'mini-1.1.0.json'), JSON.stringify(miniReport()));
  client = startClient();
  client.connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map((i) => (i.section === 'rubric' ? settings : null)));
  client.connection.onRequest('workspace/codeLens/refresh', () => {
    refreshes++;
    return null;
  });
  await client.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(fixture.root).href,
    capabilities: { workspace: { configuration: true, codeLens: { refreshSupport: true }, didChangeConfiguration: { dynamicRegistration: false } }, textDocument: { publishDiagnostics: { versionSupport: true } } },
  });
  await client.connection.sendNotification('initialized', {});
  await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: fixture.guidelineUri, languageId: 'markdown', version: 1, text: (await import('node:fs')).readFileSync(fixture.guidelinePath, 'utf8') } });
});

afterAll(async () => {
  await client.close();
  fixture.cleanup();
});

const agreementOf = (p: { diagnostics: { code?: unknown }[] }): number => p.diagnostics.filter((d) => d.code === 'label-agreement').length;

describe('quality figures over LSP', () => {
  it('publishes the label-agreement findings once the report is read, and refreshes the code lenses', async () => {
    const published = await client.waitForDiagnostics((p) => p.uri === fixture.guidelineUri && agreementOf(p) > 0);
    expect(published.diagnostics.filter((d) => d.code === 'label-agreement').map((d) => d.message)).toEqual([
      expect.stringMatching(/^Unexpected agreement on `abuse\.insult`: alpha 0\.33/),
      '`abuse.insult` and `abuse.threat` are confused in 100% of disagreements: sharpen the boundary',
      expect.stringMatching(/^Unexpected agreement on `abuse\.threat`: alpha 0\.20/),
      '`abuse.threat` and `abuse.insult` are confused in 100% of disagreements: sharpen the boundary',
    ]);
    await expect.poll(() => refreshes).toBeGreaterThan(0);
    const lenses = await client.connection.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: fixture.guidelineUri } });
    expect(lenses.filter((l) => l.command?.command === 'rubric.caseStudies.show').map((l) => l.command?.title)).toContain('α 0.33 · confused with abuse.threat 100%');
  });

  it('answers the hover with the figures', async () => {
    const text = (await import('node:fs')).readFileSync(fixture.guidelinePath, 'utf8');
    const line = text.split('\n').findIndex((l) => l.startsWith('#### `abuse.insult`'));
    const hover = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: fixture.guidelineUri }, position: { line, character: 8 } });
    expect((hover?.contents as MarkupContent).value).toMatch(/\*\*Labeling quality\*\* of 1\.1\.0: 40 items with two answers or more {2}\nα 0\.33 \(95% 0\.13–0\.53\)/);
  });

  it('answers the case studies and "add as example", and refuses bad params', async () => {
    const studies = await client.connection.sendRequest<{ cases: { item: string; question: string }[] } | null>('rubric/caseStudies', { uri: fixture.guidelineUri, labelId: 'abuse.insult' });
    const first = studies?.cases[0];
    expect(first?.question).toBe('verdict');
    const result = await client.connection.sendRequest<{ edit?: { changes: Record<string, unknown[]> }; exampleId?: string }>('rubric/exampleFromCase', { uri: fixture.guidelineUri, labelId: 'abuse.insult', item: first?.item, question: 'verdict', answers: { verdict: 'abuse.insult' } });
    expect(result.exampleId).toBe(first?.item);
    expect(Object.keys(result.edit?.changes ?? {})).toEqual([fixture.guidelineUri]);
    await expect(client.connection.sendRequest('rubric/exampleFromCase', { uri: fixture.guidelineUri, labelId: 'abuse.insult', item: 3, question: 'verdict', answers: {} })).rejects.toThrow('Expected params.item to be a string');
    await expect(client.connection.sendRequest('rubric/caseStudies', { uri: fixture.guidelineUri })).rejects.toThrow('Expected params.labelId to be a string');
    await expect(client.connection.sendRequest('rubric/exampleFromCase', { uri: fixture.guidelineUri, labelId: 'abuse.insult', item: 'nope', question: 'verdict', answers: {} })).rejects.toThrow(/No case study of item "nope"/);
  });

  it('follows changed settings: without the folder the findings go', async () => {
    settings = { quality: { folder: 'elsewhere' }, registry: { url: 'not a url' } };
    const before = client.diagnostics.length;
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const published = await client.waitForDiagnostics((p) => client.diagnostics.indexOf(p) >= before && p.uri === fixture.guidelineUri && agreementOf(p) === 0);
    expect(published.diagnostics).toEqual([]);
    expect(client.child.exitCode).toBeNull();
  });
});
