/**
 * Labeling quality in the language service: figures from report files next
 * to the set, in a configured folder, and from a registry (a real HTTP
 * server on 127.0.0.1 serving stored reports with the registry's shapes:
 * bearer token, ETag and 304); the hover, the code lens, the label-agreement
 * diagnostic, the case studies and "add as example" with them, and none of
 * it without a report.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic, MarkupContent } from 'vscode-languageserver-types';
import { createLanguageService, createMemoryWorkspace, LanguageServiceError, type LanguageService, type MemoryWorkspace } from '../src/index.js';
import { applyWorkspaceEdit, CONFIG, fixture, GUIDELINE, pos, ROOT, SCHEMA } from './helpers.js';
import { miniReport } from './quality-support.js';

const SET_DIR = `${ROOT}/guidelines/mini`;
const report110 = miniReport('1.1.0', 20);
const report100 = miniReport('1.0.0', 8);
const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

let workspace: MemoryWorkspace;
let service: LanguageService;
const logs: string[] = [];

function start(files: Record<string, string> = {}, options: Parameters<typeof createLanguageService>[0]['quality'] = {}): void {
  workspace = createMemoryWorkspace({ [GUIDELINE]: fixture.guideline, [SCHEMA]: fixture.schema, [CONFIG]: fixture.config, ...files });
  service = createLanguageService({ workspace, logger: { log: (m) => logs.push(m), error: (m) => logs.push(m) }, quality: options });
}

/** Asks once (which starts the loading), waits for it, and asks again. */
async function settled<T>(ask: () => T): Promise<T> {
  ask();
  await service.qualityIdle();
  return ask();
}

const hoverText = (needle: string, nth = 0): string => ((service.hover(GUIDELINE, pos(fixture.guideline, needle, 2, nth))?.contents as MarkupContent | undefined)?.value ?? '');
const qualityLenses = () => service.codeLenses(GUIDELINE).filter((l) => l.command?.command === 'rubric.caseStudies.show');
const agreement = (): Diagnostic[] => (service.setDiagnostics(GUIDELINE)?.documents.find((d) => d.uri === GUIDELINE)?.diagnostics ?? []).filter((d) => d.code === 'label-agreement');

afterEach(() => {
  service?.dispose();
  logs.length = 0;
});

describe('without a report', () => {
  it('shows no figures: no hover block, no code lens, no label-agreement finding', async () => {
    start();
    await settled(() => service.hover(GUIDELINE, pos(fixture.guideline, '`abuse.insult` Insult', 2)));
    expect(hoverText('`abuse.insult` Insult')).toContain('**`abuse.insult`** Insult');
    expect(hoverText('`abuse.insult` Insult')).not.toContain('Labeling quality');
    expect(qualityLenses()).toEqual([]);
    expect(agreement()).toEqual([]);
    expect(service.caseStudies(GUIDELINE, 'abuse.insult')).toBeNull();
  });
});

describe('a report next to the set', () => {
  it('gives the hover, the code lens and the diagnostic at the section heading', async () => {
    start({ [`${SET_DIR}/quality-1.1.0.json`]: json(report110) });
    await settled(() => service.codeLenses(GUIDELINE));
    const hover = hoverText('`abuse.insult` Insult');
    expect(hover).toMatch(/\*\*Labeling quality\*\* of 1\.1\.0: 40 items with two answers or more/);
    expect(hover).toMatch(/α 0\.33 \(95% 0\.13–0\.53\) · prevalence \d+%/);
    expect(hover).toContain('Confused with `abuse.threat` 100%');
    expect(hover).toContain('_from `quality-1.1.0.json`_');
    // On a reference in prose too, not on history.
    expect(hoverText('`abuse.insult` for insults')).toContain('Labeling quality');
    expect(hoverText('`abuse.old`.', 0)).toContain('**`abuse.old`**');

    const lenses = qualityLenses();
    expect(lenses.map((l) => [l.range.start.line, l.command?.title])).toEqual([
      [pos(fixture.guideline, '### `none`').line, 'α 1.00'],
      [pos(fixture.guideline, '### `abuse`').line, 'α 1.00'],
      [pos(fixture.guideline, '#### `abuse.insult`').line, 'α 0.33 · confused with abuse.threat 100%'],
      [pos(fixture.guideline, '#### `abuse.threat`').line, 'α 0.20 · confused with abuse.insult 100%'],
    ]);
    expect(hoverText('`abuse.old` Old')).toMatch(/Labeling quality\*\* of 1\.1\.0: 40 items with two answers or more {2}\nα n\/a · prevalence 0%/);
    expect(lenses[2]?.command?.arguments).toEqual([GUIDELINE, 'abuse.insult']);

    const found = agreement();
    expect(found.map((d) => [d.range.start.line, d.message])).toEqual([
      [pos(fixture.guideline, '#### `abuse.insult`').line, expect.stringMatching(/^Unexpected agreement on `abuse\.insult`: alpha 0\.33 \(95% interval 0\.13 to 0\.53\) over 40 items annotated under 1\.1\.0, expected at least 0\.667/)],
      [pos(fixture.guideline, '#### `abuse.insult`').line, '`abuse.insult` and `abuse.threat` are confused in 100% of disagreements: sharpen the boundary'],
      [pos(fixture.guideline, '#### `abuse.threat`').line, expect.stringMatching(/^Unexpected agreement on `abuse\.threat`: alpha 0\.20/)],
      [pos(fixture.guideline, '#### `abuse.threat`').line, '`abuse.threat` and `abuse.insult` are confused in 100% of disagreements: sharpen the boundary'],
    ]);
    expect(found[1]?.relatedInformation?.[0]?.location.range.start.line).toBe(pos(fixture.guideline, '#### `abuse.threat`').line);
  });

  it('follows the files: a report written later is picked up, an older version gives the trend and the change', async () => {
    start();
    const changed: string[] = [];
    service.onDidChangeQuality((uri) => changed.push(uri));
    await settled(() => service.codeLenses(GUIDELINE));
    expect(qualityLenses()).toEqual([]);
    workspace.writeFile(`${SET_DIR}/quality-1.1.0.json`, json(report110));
    await settled(() => service.codeLenses(GUIDELINE));
    expect(changed).toEqual([GUIDELINE]);
    expect(qualityLenses()[2]?.command?.title).toBe('α 0.33 · confused with abuse.threat 100%');
    workspace.writeFile(`${SET_DIR}/quality-1.0.0.json`, json(report100));
    await settled(() => service.codeLenses(GUIDELINE));
    expect(qualityLenses()[2]?.command?.title).toBe('α 0.33 (▼0.40 since 1.0.0) · confused with abuse.threat 100%');
    expect(hoverText('`abuse.insult` Insult')).toContain('Trend: 1.0.0 0.73 → 1.1.0 0.33');
    // Typing does not reload anything: the figures stay, no change is announced.
    workspace.openDocument(GUIDELINE, `${fixture.guideline}\n`, 2);
    await settled(() => service.codeLenses(GUIDELINE));
    expect(changed).toHaveLength(2);
    workspace.deleteFile(`${SET_DIR}/quality-1.1.0.json`);
    workspace.deleteFile(`${SET_DIR}/quality-1.0.0.json`);
    await settled(() => service.codeLenses(GUIDELINE));
    expect(qualityLenses()).toEqual([]);
    expect(agreement()).toEqual([]);
  });

  it('takes the report of the newest version not newer than the text, and a comparison inside it', async () => {
    const compared = miniReport('1.1.0', 20);
    compared.compare = { previous: { id: 'mini', version: '1.0.0' }, questions: [], labels: [{ question: 'verdict', id: 'abuse.insult', previousId: 'abuse.insult', alpha: { previous: 0.7, current: 0.33, delta: -0.37, low: -0.6, high: -0.1 }, prevalence: { previous: 0.3, current: 0.4, delta: 0.1 } }], unmatched: [] };
    const future = miniReport('1.1.0', 0);
    future.set.version = '2.0.0';
    start({ [`${SET_DIR}/quality.json`]: json(compared), [`${SET_DIR}/quality-2.0.0.json`]: json(future) });
    await settled(() => service.codeLenses(GUIDELINE));
    expect(qualityLenses()[2]?.command?.title).toBe('α 0.33 (▼0.37 since 1.0.0) · confused with abuse.threat 100%');
    expect(hoverText('`abuse.insult` Insult')).toContain('▼0.37 since 1.0.0 (95% -0.60 to -0.10)');
  });

  it('shows what a report file says inert: no link, code span or line break from its ids and version', async () => {
    const hostile = miniReport('1.1.0', 20);
    hostile.set.version = '1.1.0\n\n[click](javascript:alert(1))';
    const verdict = hostile.questions[0]!;
    verdict.confusions = verdict.confusions.map((c) => ({ ...c, labels: ['abuse.insult', '`](javascript:alert(2)) <img src=x onerror=alert(3)>'] }));
    start({ [`${SET_DIR}/quality.json`]: json(hostile) });
    await settled(() => service.codeLenses(GUIDELINE));
    const hover = hoverText('`abuse.insult` Insult');
    expect(hover).toContain('Labeling quality');
    expect(hover).not.toMatch(/\]\(|<img|javascript:alert\(|\n\n\[/);
    const title = qualityLenses().find((l) => l.command?.arguments?.[1] === 'abuse.insult')?.command?.title ?? '';
    expect(title).toMatch(/^α 0\.33 · confused with \?\?\?javascript:alert\?2\?\?/);
    expect(title).not.toMatch(/[\n`<>]/);
  });

  it('ignores files that are not reports, saying why in the log, and reports of another set', async () => {
    const other = miniReport('1.1.0', 20);
    other.set.id = 'other';
    start({ [`${SET_DIR}/quality.json`]: '{"set": 3', [`${SET_DIR}/quality-x.json`]: json({ set: { id: 'mini' } }), [`${SET_DIR}/quality-other.json`]: json(other) });
    await settled(() => service.codeLenses(GUIDELINE));
    expect(qualityLenses()).toEqual([]);
    expect(logs.join('\n')).toMatch(/ignored quality report \/repo\/guidelines\/mini\/quality\.json: Unexpected content, expected JSON/);
    expect(logs.join('\n')).toMatch(/ignored \/repo\/guidelines\/mini\/quality-x\.json, not a quality report .*\/set\/version: Unexpected nothing, expected the version/);
  });
});

describe('a configured folder of reports', () => {
  it('reads *.json in it and in its <set id>/ folder', async () => {
    start({ [`${ROOT}/reports/mini/run-1.json`]: json(report110), [`${ROOT}/reports/notes.json`]: '[]' });
    service.configureQuality({ folder: '/repo/reports' });
    await settled(() => service.codeLenses(GUIDELINE));
    expect(qualityLenses()[2]?.command?.title).toBe('α 0.33 · confused with abuse.threat 100%');
  });
});

describe('case studies and "add as example"', () => {
  it('lists the label\'s cases and writes one as a borderline example that lints', async () => {
    start({ [`${SET_DIR}/quality-1.1.0.json`]: json(report110) });
    await settled(() => service.codeLenses(GUIDELINE));
    const studies = service.caseStudies(GUIDELINE, 'abuse.insult');
    expect(studies?.version).toBe('1.1.0');
    expect(studies?.cases.length).toBeGreaterThanOrEqual(3);
    const first = studies!.cases[0]!;
    expect(first).toMatchObject({ question: 'verdict', inGuideline: false, answers: { a1: 'abuse.insult', a2: 'abuse.threat', a3: 'abuse.insult' } });
    expect(first.text).toMatch(/^Item \d+: you are a clown/);

    const base = { uri: GUIDELINE, labelId: 'abuse.insult', item: first.item, question: 'verdict' };
    expect(service.exampleFromCase({ ...base, answers: {} })).toEqual({ needs: { question: 'verdict', type: 'single', prompt: 'Is the text abusive?', choices: expect.arrayContaining([{ id: 'abuse.threat', title: 'Threat' }]) } });
    expect(() => service.exampleFromCase({ ...base, answers: { verdict: ['abuse.insult'] } })).toThrow(LanguageServiceError);
    expect(() => service.exampleFromCase({ ...base, answers: { verdict: 'abuse.slur' } })).toThrow(/would not lint: Unexpected label `abuse\.slur`/);
    const result = service.exampleFromCase({ ...base, answers: { verdict: 'abuse.threat', target: ['target.person'] } });
    if (!('edit' in result)) throw new Error('expected an edit');
    expect(result.exampleId).toBe(first.item);
    const after = applyWorkspaceEdit({ [GUIDELINE]: fixture.guideline }, result.edit)[GUIDELINE]!;
    expect(after.split('\n')[result.line]).toBe('```example');
    expect(after).toContain(`id: ${first.item}\nkind: borderline\ntext: "${first.text}"\nanswers:\n  verdict: abuse.threat\n  target: [target.person]\nwhy: "TODO: say why the answer is \`abuse.threat\`. Annotators of 1.1.0 split on it: abuse.insult ×2, abuse.threat ×1."`);
    // Under the insult section, after its own examples and before the threat section.
    expect(after.indexOf(`id: ${first.item}`)).toBeGreaterThan(after.indexOf('id: insult-neg'));
    expect(after.indexOf(`id: ${first.item}`)).toBeLessThan(after.indexOf('#### `abuse.threat`'));

    workspace.openDocument(GUIDELINE, after, 2);
    const findings = service.setDiagnostics(GUIDELINE)?.documents.flatMap((d) => d.diagnostics) ?? [];
    const todo = findings.filter((d) => d.code === 'no-todo');
    expect(todo).toHaveLength(1);
    expect(findings.filter((d) => d.severity === 1 && d.code !== 'label-agreement')).toEqual([]);
    // Now in the guideline: the case says so.
    expect(service.caseStudies(GUIDELINE, 'abuse.insult')?.cases.find((c) => c.item === first.item)?.inGuideline).toBe(true);
    expect(() => service.exampleFromCase({ ...base, answers: { verdict: 'abuse.threat' } })).toThrow(/already has an example with this text/);
  });
});

describe('a registry', () => {
  let server: Server;
  let url: string;
  const seen: { path: string; auth?: string; etag?: string }[] = [];
  let qualityList = true;

  beforeAll(async () => {
    const stored: Record<string, string> = { '1.1.0': JSON.stringify(report110), '1.0.0': JSON.stringify(report100) };
    server = createServer((req: IncomingMessage, res) => {
      const path = req.url ?? '';
      seen.push({ path, ...(req.headers.authorization ? { auth: req.headers.authorization } : {}), ...(typeof req.headers['if-none-match'] === 'string' ? { etag: req.headers['if-none-match'] } : {}) });
      const send = (status: number, body?: unknown, headers: Record<string, string> = {}): void => {
        res.writeHead(status, { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers });
        res.end(body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body));
      };
      if (req.headers.authorization !== 'Bearer rbt_reader_secret') return send(401, { status: 401, title: 'Unauthorized' });
      if (path === '/v1/sets/mini/quality') return qualityList ? send(200, { setId: 'mini', versions: [{ version: '1.1.0', labels: [] }, { version: '1.0.0', labels: [] }, { version: '2.0.0', labels: [] }] }) : send(404, { status: 404 });
      if (path === '/v1/sets/mini/versions?limit=20') return send(200, { setId: 'mini', versions: [{ version: '1.1.0' }, { version: '0.9.0' }] });
      const m = /^\/v1\/sets\/mini\/versions\/([^/]+)\/quality$/.exec(path);
      const body = m ? stored[decodeURIComponent(m[1]!)] : undefined;
      if (!body) return send(404, { status: 404, title: 'Not found' });
      const etag = `"${body.length}"`;
      if (req.headers['if-none-match'] === etag) return send(304, undefined, { etag });
      return send(200, body, { etag });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('reads the versions\' reports with the token, and asks again with If-None-Match', async () => {
    seen.length = 0;
    let now = 0;
    start({}, { token: 'rbt_reader_secret', now: () => now, registryTtlMs: 1000 });
    service.configureQuality({ registryUrl: `${url}/` });
    await settled(() => service.codeLenses(GUIDELINE));
    expect(qualityLenses()[2]?.command?.title).toBe('α 0.33 (▼0.40 since 1.0.0) · confused with abuse.threat 100%');
    expect(hoverText('`abuse.insult` Insult')).toContain('_from the registry_');
    expect(agreement().length).toBe(4);
    expect(seen.map((s) => s.path)).toEqual(['/v1/sets/mini/quality', '/v1/sets/mini/versions/1.1.0/quality', '/v1/sets/mini/versions/1.0.0/quality']);
    expect(seen.every((s) => s.auth === 'Bearer rbt_reader_secret')).toBe(true);
    // Within the TTL nothing is asked; after it, the reports come back as 304s and the figures stay.
    seen.length = 0;
    await settled(() => service.codeLenses(GUIDELINE));
    expect(seen).toEqual([]);
    now = 5000;
    await settled(() => service.codeLenses(GUIDELINE));
    expect(seen.filter((s) => s.etag !== undefined).map((s) => s.path)).toEqual(['/v1/sets/mini/versions/1.1.0/quality', '/v1/sets/mini/versions/1.0.0/quality']);
    expect(qualityLenses()[2]?.command?.title).toBe('α 0.33 (▼0.40 since 1.0.0) · confused with abuse.threat 100%');
    // Typing a new version asks nothing until it is one; then the registry is asked for it.
    seen.length = 0;
    workspace.openDocument(GUIDELINE, fixture.guideline.replace('version: 1.1.0', 'version: 1.2.'), 2);
    await settled(() => service.codeLenses(GUIDELINE));
    expect(seen).toEqual([]);
    workspace.openDocument(GUIDELINE, fixture.guideline.replace('version: 1.1.0', 'version: 1.2.0'), 3);
    await settled(() => service.codeLenses(GUIDELINE));
    expect(seen.map((s) => s.path)[0]).toBe('/v1/sets/mini/quality');
  });

  it('falls back to the published versions when the registry lists no quality, and a report file wins over the registry', async () => {
    qualityList = false;
    seen.length = 0;
    start({ [`${SET_DIR}/quality-1.1.0.json`]: json(miniReport('1.1.0', 10)) }, { token: 'rbt_reader_secret' });
    service.configureQuality({ registryUrl: url });
    await settled(() => service.codeLenses(GUIDELINE));
    expect(seen.map((s) => s.path)).toEqual(['/v1/sets/mini/quality', '/v1/sets/mini/versions?limit=20', '/v1/sets/mini/versions/1.1.0/quality', '/v1/sets/mini/versions/0.9.0/quality']);
    expect(hoverText('`abuse.insult` Insult')).toContain('_from `quality-1.1.0.json`_');
    qualityList = true;
  });

  it('says why in the log when the token is refused or the registry is down, and shows no figures', async () => {
    start({}, { token: 'wrong' });
    service.configureQuality({ registryUrl: url });
    await settled(() => service.codeLenses(GUIDELINE));
    expect(qualityLenses()).toEqual([]);
    expect(logs.join('\n')).toMatch(/refused the request \(HTTP 401\): the token in RUBRIC_TOKEN lacks the reader role/);
    service.dispose();
    logs.length = 0;
    start({}, {});
    service.configureQuality({ registryUrl: 'http://127.0.0.1:9' });
    await settled(() => service.codeLenses(GUIDELINE));
    expect(qualityLenses()).toEqual([]);
    expect(logs.join('\n')).toMatch(/Could not reach http:\/\/127\.0\.0\.1:9\/v1\/sets\/mini\/quality/);
  });
});
