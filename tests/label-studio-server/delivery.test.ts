/**
 * The registry's `label-studio` delivery target against the real Label
 * Studio server: publishing a version creates or updates the project (title
 * with set id and version, the exporter's labeling config, the rendered
 * guideline as instructions, gold tasks with their ground truth), a repeated
 * delivery changes nothing, a minor version updates the same project, a major
 * version that drops a label labelers used gets its own project (or, with
 * `breaking: "fail"`, is refused in Label Studio's words), and bad input
 * (Label Studio down, a wrong token, a project deleted by hand, a config
 * Label Studio refuses, a config changed by hand) ends in a clear delivery
 * state with nothing lost and later deliveries unaffected.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabelStudioGoldTask } from '@rubric/exporters';
import { deliverToLabelStudio, projectTitle, readMarker } from '@rubric/registry';
import { ROOT } from '../support/cli.js';
import { adminClient, flakyProxy, labelStudio, personalAccessToken, startLsRegistry, waitFor, type LsRegistry } from './support/label-studio.js';
import { publish, setsDir, smallSetVersions } from './support/sets.js';

const REAL = readdirSync(join(ROOT, 'guidelines')).filter((n) => statSync(join(ROOT, 'guidelines', n)).isDirectory()).sort();
const client = adminClient();

/** A Label Studio target body. */
const target = (projectId: number | 'create', extra: Record<string, unknown> = {}): Record<string, unknown> => ({ kind: 'label-studio', url: labelStudio().url, projectId, secretEnv: 'RUBRIC_TARGET_LS', ...extra });

/** The deliveries of a set, newest first. */
async function deliveries(reg: LsRegistry, setId: string): Promise<Record<string, any>[]> {
  return (await reg.request('GET', `/v1/sets/${setId}/deliveries`)).json.deliveries;
}

/** Waits until the delivery of `version` to `targetId` is no longer pending; returns it. */
async function settled(reg: LsRegistry, setId: string, version: string, targetId = 'studio'): Promise<Record<string, any>> {
  return waitFor(`the delivery of ${setId}@${version} to ${targetId}`, async () => (await deliveries(reg, setId)).find((d) => d.version === version && d.targetId === targetId && d.status !== 'pending'), 120_000);
}

/** The text of an HTML fragment: tags dropped, the five XML entities decoded, white space collapsed. */
function textOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Annotations of a project as the JSON export has them (task id, annotation result). */
async function annotationsOf(projectId: number): Promise<{ task: number; id: number; result: unknown[] }[]> {
  return (await client.exportTasks(projectId)).flatMap((t) => (t.annotations ?? []).map((a) => ({ task: t.id, id: a.id, result: a.result })));
}

/** Imports one task with `text` into a project and annotates it through the API as the admin; returns the annotation id. */
async function annotate(projectId: number, text: string, result: unknown[]): Promise<number> {
  await client.importTasks(projectId, [{ data: { text } }]);
  const task = (await client.listTasks(projectId)).find((t) => t.data.text === text)!;
  const created = await client.call<{ id: number }>('POST', `/api/tasks/${task.id}/annotations/`, { result });
  return created.id;
}

/** A threat against a person in the small set's chain of controls. */
const THREAT = [
  { from_name: 'verdict', to_name: 'text', type: 'choices', value: { choices: ['abuse'] } },
  { from_name: 'verdict__abuse', to_name: 'text', type: 'choices', value: { choices: ['abuse.threat'] } },
  { from_name: 'target', to_name: 'text', type: 'choices', value: { choices: ['target.person'] } },
];

let reg: LsRegistry;

beforeAll(async () => {
  reg = await startLsRegistry({ env: { RUBRIC_TARGET_WRONG: 'not-the-token-0123456789' } });
});

afterAll(async () => {
  await reg?.close();
});

describe('every set of guidelines/, published to a target that creates its projects', () => {
  const delivered = new Map<string, Record<string, any>>();

  beforeAll(async () => {
    for (const name of REAL) {
      const put = await reg.request('PUT', `/v1/sets/${name}/targets/studio`, target('create'));
      expect(put.status, put.text).toBe(201);
      await publish(reg, join(ROOT, 'guidelines', name));
    }
    for (const name of REAL) {
      const version = (await reg.request('GET', `/v1/sets/${name}/versions/latest`)).json.version as string;
      delivered.set(name, await settled(reg, name, version));
    }
  });

  it.each(REAL)('%s: a new project titled with the set id and version, holding the export\'s config and instructions', async (name) => {
    const d = delivered.get(name)!;
    expect(d, JSON.stringify(d)).toMatchObject({ status: 'delivered', attempts: 1, lastError: null, detail: { created: true, configChanged: true, notes: [] } });
    const manifest = (await reg.request('GET', `/v1/sets/${name}/versions/${d.version}`)).json;
    const project = await client.getProject(d.detail.projectId);
    expect(d.detail.projectUrl).toBe(`${labelStudio().url}/projects/${project.id}/`);
    expect(project.title).toBe(projectTitle(name, d.version, manifest.title));
    expect(project.title.startsWith(`${name} ${d.version}`)).toBe(true);
    const config = (await reg.request('GET', `/v1/sets/${name}/versions/${d.version}/exports/label-studio/config.xml`)).text;
    // Label Studio trims the whitespace around what it stores: the export's last newline goes.
    expect(project.label_config).toBe(config.trimEnd());
    expect(project.label_config).toContain(`rubric:set=${name} rubric:version=${d.version} rubric:contentHash=${d.contentHash}`);
    const exported = JSON.parse((await reg.request('GET', `/v1/sets/${name}/versions/${d.version}/exports/label-studio/project.json`)).text) as { expert_instruction: string };
    // Label Studio cleans the instructions with bleach on save: id and data-* attributes go, and the markup is
    // serialized again (entities); the text and the label sections stay.
    const stored = project.expert_instruction ?? '';
    expect(textOf(stored)).toBe(textOf(exported.expert_instruction));
    expect(stored.match(/class="label-heading"/g)?.length).toBe(exported.expert_instruction.match(/class="label-heading"/g)?.length);
    expect(stored).not.toMatch(/ id="| data-line="/);
    expect(project.show_instruction).toBe(true);
    expect(readMarker(project.description)).toMatchObject({ owner: `${name}/studio`, major: Number(d.version.split('.')[0]), history: [{ version: d.version }] });
  });

  it.each(REAL)('%s: a gold task per example, each with its ground truth', async (name) => {
    const d = delivered.get(name)!;
    const gold = JSON.parse((await reg.request('GET', `/v1/sets/${name}/versions/${d.version}/exports/gold/label-studio-tasks.json`)).text) as LabelStudioGoldTask[];
    expect(d.detail.gold).toEqual({ imported: gold.length, present: 0, outdated: 0 });
    const tasks = await client.exportTasks(d.detail.projectId);
    expect(tasks).toHaveLength(gold.length);
    const byExample = new Map(tasks.map((t) => [(t.data.rubric as { example: string }).example, t]));
    for (const g of gold) {
      const example = (g.data.rubric as { example: string }).example;
      const task = byExample.get(example)!;
      expect(task.data.text, example).toBe(g.data.text);
      expect(task.meta).toMatchObject({ rubric: { target: `${name}/studio`, example, version: d.version } });
      expect(task.annotations, example).toHaveLength(1);
      expect(task.annotations![0]).toMatchObject({ ground_truth: true, was_cancelled: false });
      // Label Studio keeps the result as imported: the same items, in the same order.
      expect(task.annotations![0]!.result).toEqual(g.annotations[0]!.result);
    }
  });

  it('publishing the same version again, and delivering it again, changes nothing', async () => {
    const name = REAL[0]!;
    const d = delivered.get(name)!;
    const before = await client.getProject(d.detail.projectId);
    const projectsBefore = (await client.listProjects()).length;
    const again = await publish(reg, join(ROOT, 'guidelines', name));
    expect(again.version).toBe(d.version);
    expect((await deliveries(reg, name)).filter((x) => x.version === d.version)).toHaveLength(1);
    // The delivery itself repeated (as after a crash between Label Studio's answer and the outbox's record).
    const gold = JSON.parse((await reg.request('GET', `/v1/sets/${name}/versions/${d.version}/exports/gold/label-studio-tasks.json`)).text) as LabelStudioGoldTask[];
    const exported = JSON.parse((await reg.request('GET', `/v1/sets/${name}/versions/${d.version}/exports/label-studio/project.json`)).text) as { label_config: string; expert_instruction: string };
    const result = await deliverToLabelStudio({ client, setId: name, targetId: 'studio', version: d.version, contentHash: d.contentHash, title: before.title.split(': ').slice(1).join(': '), projectId: 'create', breaking: 'new-project', labelConfig: exported.label_config, instructions: exported.expert_instruction, goldTasks: gold });
    expect(result).toMatchObject({ projectId: before.id, created: false, configChanged: false, gold: { imported: 0, present: gold.length, outdated: 0 }, notes: [] });
    expect((await client.listProjects()).length).toBe(projectsBefore);
    const after = await client.getProject(d.detail.projectId);
    expect(after.description).toBe(before.description);
    expect(after.label_config).toBe(before.label_config);
    expect((await client.listTasks(before.id)).length).toBe(gold.length);
  });
});

describe('versions of one set over time', () => {
  const dir = setsDir();
  const small = smallSetVersions(dir, 'ls-small');
  let first: Record<string, any>;

  it('1.0.0 creates the project of major version 1', async () => {
    expect((await reg.request('PUT', '/v1/sets/ls-small/targets/studio', target('create'))).status).toBe(201);
    await publish(reg, small.v100);
    first = await settled(reg, 'ls-small', '1.0.0');
    expect(first).toMatchObject({ status: 'delivered', detail: { created: true, gold: { imported: 8, present: 0, outdated: 0 } } });
  });

  it('a minor version (1.1.0) updates the same project and keeps its gold tasks and annotations', async () => {
    const annotation = await annotate(first.detail.projectId, 'I know where you live and I will hurt you.', THREAT);
    await publish(reg, small.v110);
    const d = await settled(reg, 'ls-small', '1.1.0');
    expect(d).toMatchObject({ status: 'delivered', detail: { projectId: first.detail.projectId, created: false, configChanged: true, previousVersion: '1.0.0', gold: { imported: 0, present: 8, outdated: 0 }, notes: [] } });
    const project = await client.getProject(first.detail.projectId);
    expect(project.title).toBe('ls-small 1.1.0: Base set of the rule examples');
    expect(project.label_config).toContain('rubric:version=1.1.0');
    expect(readMarker(project.description)?.history.map((h) => h.version)).toEqual(['1.0.0', '1.1.0']);
    expect((await annotationsOf(project.id)).find((a) => a.id === annotation)?.result).toEqual(THREAT);
  });

  it('a late attempt of 1.0.0 (it waited for Label Studio while 1.1.0 got through) leaves the project at 1.1.0', async () => {
    const base = '/v1/sets/ls-small/versions/1.0.0/exports';
    const exported = JSON.parse((await reg.request('GET', `${base}/label-studio/project.json`)).text) as { label_config: string; expert_instruction: string };
    const gold = JSON.parse((await reg.request('GET', `${base}/gold/label-studio-tasks.json`)).text) as LabelStudioGoldTask[];
    const result = await deliverToLabelStudio({ client, setId: 'ls-small', targetId: 'studio', version: '1.0.0', contentHash: first.contentHash, title: 'Base set of the rule examples', projectId: 'create', breaking: 'new-project', labelConfig: exported.label_config, instructions: exported.expert_instruction, goldTasks: gold });
    expect(result).toMatchObject({ projectId: first.detail.projectId, created: false, configChanged: false, notes: [`project ${first.detail.projectId} holds ls-small@1.1.0 already, newer than 1.0.0: left as it is`] });
    expect((await client.getProject(first.detail.projectId)).label_config).toContain('rubric:version=1.1.0');
  });

  it('a major version (2.0.0) that removes a label labelers used gets a new project; the old one keeps its config and annotations', async () => {
    const before = await annotationsOf(first.detail.projectId);
    await publish(reg, small.v200);
    const d = await settled(reg, 'ls-small', '2.0.0');
    expect(d).toMatchObject({ status: 'delivered', detail: { created: true, gold: { imported: 7, present: 0, outdated: 0 } } });
    expect(d.detail.projectId).not.toBe(first.detail.projectId);
    const old = await client.getProject(first.detail.projectId);
    expect(old.label_config).toContain('rubric:version=1.1.0');
    expect(readMarker(old.description)).toMatchObject({ owner: 'ls-small/studio', major: 1 });
    expect(await annotationsOf(old.id)).toEqual(before);
    const next = await client.getProject(d.detail.projectId);
    expect(readMarker(next.description)).toMatchObject({ owner: 'ls-small/studio', major: 2, history: [{ version: '2.0.0' }] });
    expect(next.label_config).not.toContain('abuse.threat');
  });
});

describe('a target that names an existing project, with breaking: "fail"', () => {
  const small = smallSetVersions(setsDir(), 'ls-strict');
  let projectId: number;
  let annotation: number;

  it('the first version replaces the config of the team\'s project', async () => {
    projectId = (await client.createProject({ title: 'Moderation queue', description: 'Our team\'s queue.' })).id;
    const put = await reg.request('PUT', '/v1/sets/ls-strict/targets/strict', target(projectId, { breaking: 'fail' }));
    expect(put.json).toMatchObject({ projectId, breaking: 'fail' });
    await publish(reg, small.v100);
    expect(await settled(reg, 'ls-strict', '1.0.0', 'strict')).toMatchObject({ status: 'delivered', detail: { projectId, created: false, configChanged: true } });
    const project = await client.getProject(projectId);
    // The team's own words stay above Rubric's lines.
    expect(project.description?.startsWith('Our team\'s queue.\n\nManaged by Rubric: guideline set ls-strict, major version 1 (target strict).')).toBe(true);
    annotation = await annotate(projectId, 'People like you should be beaten up.', THREAT);
    await publish(reg, small.v110);
    expect(await settled(reg, 'ls-strict', '1.1.0', 'strict')).toMatchObject({ status: 'delivered', detail: { projectId } });
  });

  it('2.0.0, which drops the label an annotation uses, fails at once in Label Studio\'s words and changes nothing; after the team migrates the annotation the next version is delivered', async () => {
    await publish(reg, small.v200);
    const d = await settled(reg, 'ls-strict', '2.0.0', 'strict');
    expect(d).toMatchObject({ status: 'failed', attempts: 1, lastStatus: 400 });
    expect(d.lastError).toContain(`Label Studio refuses the labeling config of ls-strict@2.0.0 for project ${projectId}: These labels still exist in annotations or drafts: abuse.threat (1 annotation) Please add labels to tag with name="verdict__abuse".`);
    expect(d.lastError).toContain('Nothing was changed. The target\'s breaking policy is "fail"');
    const project = await client.getProject(projectId);
    expect(project.label_config).toContain('rubric:version=1.1.0');
    expect(readMarker(project.description)?.history.map((h) => h.version)).toEqual(['1.0.0', '1.1.0']);
    expect((await annotationsOf(projectId)).find((a) => a.id === annotation)?.result).toEqual(THREAT);

    // The team's migration in Label Studio: the threat becomes an insult.
    const insult = THREAT.map((r) => (r.from_name === 'verdict__abuse' ? { ...r, value: { choices: ['abuse.insult'] } } : r));
    await client.call('PATCH', `/api/annotations/${annotation}/`, { result: insult });
    const v201 = join(setsDir(), 'ls-strict');
    const { cpSync, readFileSync, writeFileSync } = await import('node:fs');
    cpSync(small.v200, v201, { recursive: true });
    for (const [file, from, to] of [
      ['schema.json', '"version": "2.0.0"', '"version": "2.0.1"'],
      ['guideline.md', 'version: 2.0.0', 'version: 2.0.1'],
      ['guideline.md', '## Changelog\n\n', '## Changelog\n\n### 2.0.1 - 2026-02-02\n\n- Wording.\n\n'],
    ] as const) writeFileSync(join(v201, file), readFileSync(join(v201, file), 'utf8').replace(from, to));
    await publish(reg, v201);
    expect(await settled(reg, 'ls-strict', '2.0.1', 'strict')).toMatchObject({ status: 'delivered', detail: { projectId, previousVersion: '1.1.0' } });
    expect((await client.getProject(projectId)).label_config).toContain('rubric:version=2.0.1');
  });
});

describe('bad input', () => {
  it('Label Studio down: the delivery is retried (connection refused) and delivered once it is back; other targets are not held up', async () => {
    const proxy = await flakyProxy();
    const dir = smallSetVersions(setsDir(), 'ls-down');
    try {
      await reg.request('PUT', '/v1/sets/ls-down/targets/studio', { ...target('create'), url: proxy.url });
      await reg.request('PUT', '/v1/sets/ls-down/targets/direct', target('create'));
      await proxy.stop();
      await publish(reg, dir.v100);
      const waiting = await waitFor('a refused attempt', async () => (await deliveries(reg, 'ls-down')).find((d) => d.targetId === 'studio' && d.attempts >= 1 && d.lastError));
      expect(waiting.status).toBe('pending');
      expect(waiting.lastError).toMatch(/^Label Studio at http:\/\/127\.0\.0\.1:\d+ cannot be reached \(ECONNREFUSED\)$/);
      expect(await settled(reg, 'ls-down', '1.0.0', 'direct')).toMatchObject({ status: 'delivered' });
      await proxy.start();
      const back = await settled(reg, 'ls-down', '1.0.0', 'studio');
      expect(back).toMatchObject({ status: 'delivered', lastError: null, detail: { created: true } });
      expect(back.attempts).toBeGreaterThan(1);
    } finally {
      await proxy.stop();
    }
  });

  it('a wrong token fails at once with Label Studio\'s 401 and what to check; with the token fixed, the next version is delivered', async () => {
    const small = smallSetVersions(setsDir(), 'ls-token');
    await reg.request('PUT', '/v1/sets/ls-token/targets/studio', { ...target('create'), secretEnv: 'RUBRIC_TARGET_WRONG' });
    await publish(reg, small.v100);
    const d = await settled(reg, 'ls-token', '1.0.0');
    expect(d).toMatchObject({ status: 'failed', attempts: 1, lastStatus: 401, detail: null });
    expect(d.lastError).toBe('Label Studio answered GET /api/projects/?page=1&page_size=100 with HTTP 401: Invalid token. (a legacy token: check it, and that legacy tokens are enabled for the organization; or use a personal access token)');
    await reg.request('PUT', '/v1/sets/ls-token/targets/studio', target('create'));
    await publish(reg, small.v110);
    expect(await settled(reg, 'ls-token', '1.1.0')).toMatchObject({ status: 'delivered', detail: { created: true } });
  });

  it('a project deleted by hand: a target naming it fails with a clear message; a target that creates its projects makes a new one', async () => {
    const small = smallSetVersions(setsDir(), 'ls-deleted');
    const named = (await client.createProject({ title: 'Queue to delete' })).id;
    await reg.request('PUT', '/v1/sets/ls-deleted/targets/named', target(named));
    await reg.request('PUT', '/v1/sets/ls-deleted/targets/studio', target('create'));
    await publish(reg, small.v100);
    const made = await settled(reg, 'ls-deleted', '1.0.0', 'studio');
    expect(await settled(reg, 'ls-deleted', '1.0.0', 'named')).toMatchObject({ status: 'delivered' });
    await client.call('DELETE', `/api/projects/${named}/`);
    await client.call('DELETE', `/api/projects/${made.detail.projectId}/`);
    await publish(reg, small.v110);
    const failed = await settled(reg, 'ls-deleted', '1.1.0', 'named');
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, lastStatus: 404 });
    expect(failed.lastError).toBe(`Label Studio has no project ${named} at ${labelStudio().url} (deleted, or not visible to this token's user): point the target at an existing project, or at "create"`);
    const again = await settled(reg, 'ls-deleted', '1.1.0', 'studio');
    expect(again).toMatchObject({ status: 'delivered', detail: { created: true, gold: { imported: 8 } } });
    expect(again.detail.projectId).not.toBe(made.detail.projectId);
  });

  it('a config Label Studio refuses fails at once with Label Studio\'s words; nothing is created, and the registry\'s other sets are delivered', async () => {
    const refusing = await startLsRegistry({ labelConfig: () => '<View><Text name="text" value="$text"/><Choices name="verdict" toName="txt"><Choice value="a"/></Choices></View>' });
    try {
      const small = smallSetVersions(setsDir(), 'ls-refused');
      const before = (await client.listProjects()).length;
      await refusing.request('PUT', '/v1/sets/ls-refused/targets/studio', target('create'));
      await publish(refusing, small.v100);
      const d = await settled(refusing, 'ls-refused', '1.0.0');
      expect(d).toMatchObject({ status: 'failed', attempts: 1, lastStatus: 400 });
      expect(d.lastError).toBe(`Label Studio answered POST /api/projects/ with HTTP 400: label_config: toName="txt" not found in names: ['text', 'verdict']`);
      expect((await client.listProjects()).length).toBe(before);
    } finally {
      await refusing.close();
    }
  });

  it('a config changed by hand after delivery is replaced by the next version, and the delivery says so; a label only the hand edit had, once used, makes Label Studio refuse and nothing is lost', async () => {
    const small = smallSetVersions(setsDir(), 'ls-hand');
    await reg.request('PUT', '/v1/sets/ls-hand/targets/studio', target('create'));
    await publish(reg, small.v100);
    const first = await settled(reg, 'ls-hand', '1.0.0');
    const projectId = first.detail.projectId as number;
    // Someone adds a label in Label Studio's settings page and a labeler uses it.
    const project = await client.getProject(projectId);
    const edited = project.label_config.replace('<Choice value="Insult" alias="abuse.insult"', '<Choice value="Spam" alias="spam"/>\n        <Choice value="Insult" alias="abuse.insult"');
    expect(edited).not.toBe(project.label_config);
    await client.updateProject(projectId, { label_config: edited });
    const spam = await annotate(projectId, 'Buy cheap watches now!!!', [
      { from_name: 'verdict', to_name: 'text', type: 'choices', value: { choices: ['abuse'] } },
      { from_name: 'verdict__abuse', to_name: 'text', type: 'choices', value: { choices: ['spam'] } },
      { from_name: 'target', to_name: 'text', type: 'choices', value: { choices: ['target.group'] } },
    ]);
    await publish(reg, small.v110);
    const refused = await settled(reg, 'ls-hand', '1.1.0');
    expect(refused).toMatchObject({ status: 'failed', attempts: 1, lastStatus: 400 });
    expect(refused.lastError).toContain('These labels still exist in annotations or drafts: spam (1 annotation)');
    expect((await client.getProject(projectId)).label_config).toBe(edited);
    expect((await annotationsOf(projectId)).find((a) => a.id === spam)).toBeDefined();

    // Without a labeler on the hand-made label, the next version replaces the edit and says so.
    await client.call('DELETE', `/api/annotations/${spam}/`);
    const patch = join(setsDir(), 'ls-hand');
    const { cpSync, readFileSync, writeFileSync } = await import('node:fs');
    cpSync(small.v110, patch, { recursive: true });
    for (const [file, from, to] of [
      ['schema.json', '"version": "1.1.0"', '"version": "1.1.1"'],
      ['guideline.md', 'version: 1.1.0', 'version: 1.1.1'],
      ['guideline.md', '## Changelog\n\n', '## Changelog\n\n### 1.1.1 - 2026-02-02\n\n- Wording.\n\n'],
    ] as const) writeFileSync(join(patch, file), readFileSync(join(patch, file), 'utf8').replace(from, to));
    await publish(reg, patch);
    const replaced = await settled(reg, 'ls-hand', '1.1.1');
    expect(replaced).toMatchObject({ status: 'delivered', detail: { projectId, notes: ['the labeling config had been changed by hand in Label Studio since ls-hand@1.0.0 was delivered; it was replaced by 1.1.1'] } });
    expect((await client.getProject(projectId)).label_config).not.toContain('Spam');
  });

  it('a personal access token (made headless: login form, then POST /api/token/) delivers like the legacy token', async () => {
    const ls = labelStudio();
    const pat = await personalAccessToken(ls.username, ls.password);
    expect(pat).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    const withPat = await startLsRegistry({ env: { RUBRIC_TARGET_LS: pat } });
    try {
      const small = smallSetVersions(setsDir(), 'ls-pat');
      await withPat.request('PUT', '/v1/sets/ls-pat/targets/studio', target('create'));
      await publish(withPat, small.v100);
      expect(await settled(withPat, 'ls-pat', '1.0.0')).toMatchObject({ status: 'delivered', detail: { created: true, gold: { imported: 8 } } });
    } finally {
      await withPat.close();
    }
  });
});
