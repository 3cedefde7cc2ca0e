/**
 * A team moving in: a project made in Label Studio from one of its own
 * templates (Text Classification, Named Entity Recognition, Taxonomy, as
 * `/api/templates/` hands them to the project wizard), with tasks a labeler
 * already annotated in the UI, is imported with `rubric import label-studio
 * --url --project` (the config read over the API), written up, published,
 * and delivered back to the same project. The annotations made before stay
 * as they were, come back as valid records of the published version (made
 * before Rubric managed the project), and the same clicks on the delivered
 * config give the same results as on the template's.
 */
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outlineConfig, type ControlAnswer } from '../label-studio/drive.js';
import { launchBrowser } from '../support/browser.js';
import { rubricAsync } from '../registry/helpers.js';
import { adminClient, LABELERS, labelStudio, signUpLabelers, startLsRegistry, waitFor, type LsRegistry } from './support/label-studio.js';
import { publish, setsDir } from './support/sets.js';
import { finishImportedSet } from './support/skeleton.js';
import { answerControl, closeInstructions, logIn, openStream, submit, type Drive } from './support/ui.js';

const client = adminClient();

/** A span answer over the first occurrence of `quote` in `text` (UTF-16 offsets, end exclusive). */
function span(label: string, text: string, quote: string): { label: string; start: number; end: number; text: string } {
  const start = text.indexOf(quote);
  return { label, start, end: start + quote.length, text: quote };
}

/**
 * A template, two texts of the team's project (each imported twice: once
 * labeled before Rubric, once after), what a labeler clicks on each (by the
 * values the template shows), and the answers Rubric reads from that.
 */
const TEMPLATES: { title: string; control: string; texts: string[]; clicks: ControlAnswer[]; answers: unknown[] }[] = [
  {
    title: 'Text Classification',
    control: 'sentiment',
    texts: ['The sequel is slow, loud and far too long.', 'A warm, funny film; I loved every minute.'],
    clicks: [{ kind: 'choices', ids: ['Negative'] }, { kind: 'choices', ids: ['Positive'] }],
    answers: ['negative', 'positive'],
  },
  {
    title: 'Named Entity Recognition',
    control: 'label',
    texts: ['Ada Lovelace met Charles Babbage in London in 1833.', 'Grace Hopper worked at Harvard.'],
    clicks: [
      { kind: 'spans', spans: [{ id: 'PER', text: 'Ada Lovelace' }, { id: 'LOC', text: 'London' }] },
      { kind: 'spans', spans: [{ id: 'PER', text: 'Grace Hopper' }, { id: 'ORG', text: 'Harvard' }] },
    ],
    answers: [
      [span('per', 'Ada Lovelace met Charles Babbage in London in 1833.', 'Ada Lovelace'), span('loc', 'Ada Lovelace met Charles Babbage in London in 1833.', 'London')],
      [span('per', 'Grace Hopper worked at Harvard.', 'Grace Hopper'), span('org', 'Grace Hopper worked at Harvard.', 'Harvard')],
    ],
  },
  {
    title: 'Taxonomy',
    control: 'taxonomy',
    texts: ['A small marsupial was seen crossing the road at night.', 'Halophiles thrive in the salt flats.'],
    clicks: [{ kind: 'taxonomy', ids: ['Oppossum'] }, { kind: 'taxonomy', ids: ['Archaea'] }],
    answers: [['eukarya.oppossum'], ['archaea']],
  },
];

let reg: LsRegistry;
let browser: Browser;
let templates: { title: string; group: string; config: string }[];

beforeAll(async () => {
  reg = await startLsRegistry();
  await signUpLabelers();
  browser = (await launchBrowser('system')).browser;
  templates = (await client.call<{ templates: { title: string; group: string; config: string }[] }>('GET', '/api/templates/')).templates;
});

afterAll(async () => {
  await browser?.close();
  await reg?.close();
});

/** A labeler answers the next tasks of the project's stream with `clicks` (one per task, in order; closing the instructions first when the project shows them); returns the results Label Studio saved. */
async function label(projectId: number, config: string, clicks: ControlAnswer[], controlName: string, instructions: boolean): Promise<Record<string, unknown>[][]> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  try {
    const { page, watch } = await logIn(context, LABELERS[1]!);
    const opened = await openStream(page, watch, projectId, { instructions });
    const { stream } = opened;
    // Once Rubric delivered, the labeler first reads the guideline.
    if (instructions) await closeInstructions(page, opened.instructions);
    const outline = await outlineConfig(page, config);
    const control = outline.controls.find((c) => c.name === controlName)!;
    const saved: number[] = [];
    for (const click of clicks) {
      if (!stream.task) throw new Error(`The stream of project ${projectId} ran out of tasks`);
      const drive: Drive = { clicked: [] };
      await answerControl(page, control, click, drive);
      saved.push((await submit(stream, projectId)).annotation);
    }
    const tasks = await client.exportTasks(projectId);
    return saved.map((id) => tasks.flatMap((t) => t.annotations ?? []).find((a) => a.id === id)!.result.map((r) => (r as { value: Record<string, unknown> }).value));
  } finally {
    await context.close();
  }
}

describe.each(TEMPLATES)('a project made from Label Studio\'s "$title" template', ({ title, control, texts, clicks, answers }) => {
  let projectId: number;
  let templateConfig: string;
  let before: { id: number; result: unknown[] }[];
  let firstResults: Record<string, unknown>[][];

  beforeAll(async () => {
    const template = templates.find((t) => t.title === title && t.group === 'Natural Language Processing');
    expect(template, `Label Studio ${labelStudio().version} has a "${title}" template`).toBeDefined();
    templateConfig = template!.config;
    const project = await client.createProject({ title: `Team ${title}`, label_config: templateConfig, description: 'Our queue, set up from the template.' });
    projectId = project.id;
    await client.importTasks(projectId, [...texts, ...texts.map((t) => `${t} (again)`)].map((text) => ({ data: { text } })));
    // The labeler's work before Rubric: the first copy of each text.
    firstResults = await label(projectId, templateConfig, clicks, control, false);
    before = (await client.exportTasks(projectId)).flatMap((t) => (t.annotations ?? []).map((a) => ({ id: a.id, result: a.result })));
    expect(before).toHaveLength(2);
  });

  it('is imported over the API, published and delivered back to the same project; the annotations made before stay and come back as valid records', async () => {
    const dir = join(setsDir(), 'set');
    const imported = await rubricAsync(['import', 'label-studio', '--url', labelStudio().url, '--project', String(projectId), '-o', dir], undefined, { LABEL_STUDIO_API_KEY: labelStudio().token });
    // The set id comes from the project's title.
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toMatch(/imported 1 question into .* with 0 findings/);
    finishImportedSet(dir, '1.0.0');
    const lint = await rubricAsync(['lint', dir]);
    expect(lint.code, lint.stdout + lint.stderr).toBe(0);

    const setId = `team-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
    const put = await reg.request('PUT', `/v1/sets/${setId}/targets/studio`, { kind: 'label-studio', url: client.url, projectId, secretEnv: 'RUBRIC_TARGET_LS' });
    expect(put.status, put.text).toBe(201);
    expect((await publish(reg, dir)).setId).toBe(setId);
    const delivered = await waitFor('the delivery', async () => (await reg.request('GET', `/v1/sets/${setId}/deliveries`)).json.deliveries.find((d: { status: string }) => d.status !== 'pending'), 120_000);
    expect(delivered, JSON.stringify(delivered)).toMatchObject({ status: 'delivered', version: '1.0.0', detail: { projectId, created: false, configChanged: true } });
    expect(delivered.detail.notes).toEqual(["the project's own labeling config (not made by Rubric) was replaced by 1.0.0; Label Studio checked it against the annotations already made"]);

    const project = await client.getProject(projectId);
    expect(project.label_config).toContain(`rubric:set=${setId} rubric:version=1.0.0`);
    expect(project.description?.startsWith('Our queue, set up from the template.\n\nManaged by Rubric:')).toBe(true);
    // Nothing lost: the annotations made before are there, unchanged.
    const after = (await client.exportTasks(projectId)).flatMap((t) => (t.annotations ?? []).filter((a) => !a.ground_truth).map((a) => ({ id: a.id, result: a.result })));
    expect(after).toEqual(before);

    // Pulled back: records of 1.0.0 (the version the project holds; they were made before Rubric), valid, with the labeler.
    const res = await fetch(`${reg.url}/v1/sets/${setId}/targets/studio/annotations`, { headers: { Authorization: `Bearer ${reg.admin}` } });
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
    expect(lines.pop()!.summary).toMatchObject({ records: 2, invalid: 0 });
    expect(lines.map((l) => l.record.labelStudio.beforeRubric)).toEqual([true, true]);
    expect(lines.map((l) => l.record.annotator)).toEqual([LABELERS[1]!.email, LABELERS[1]!.email]);
    expect(lines.map((l) => l.record.version)).toEqual(['1.0.0', '1.0.0']);
    expect(lines.map((l) => l.record.answers[control])).toEqual(answers);
  });

  it('on the delivered config, the same clicks give the same results as on the template\'s', async () => {
    const config = (await client.getProject(projectId)).label_config;
    // The stream hands out the next tasks: the second copy of each text.
    const again = await label(projectId, config, clicks, control, true);
    expect(again).toEqual(firstResults);
  });
});
