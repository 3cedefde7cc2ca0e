/**
 * Labelers in the real Label Studio UI, and their annotations back in Rubric.
 *
 * Every set of guidelines/ is published to a registry whose Label Studio
 * target creates the project. The team imports its work (here: the text of
 * every example of the guideline, without answers) and three labelers, each
 * signed up through Label Studio's own form and logged in through its login
 * page in their own browser, take turns on the project's labeling stream: the
 * instructions Label Studio shows first are the rendered guideline, and every
 * example is answered by clicks, key presses and mouse drags in Label
 * Studio's current interface, then submitted.
 *
 * Then the registry pulls the project's annotations through Label Studio's
 * export API: each is a neutral record of the exact version it was made
 * under, with its labeler, and valid; the same records pass the registry's
 * annotations:validate, and they give the example's own answers back.
 * Screenshots of the instructions and of an answered task per set are kept
 * under tests/.artifacts/label-studio-server/.
 */
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createNodeHost, loadSet, type Example, type GuidelineSet } from '@rubric/core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerOrder, chainSteps, controlAnswer, expectedAnswers, normalizeAnswers } from '../label-studio/answers.js';
import { outlineConfig, type ConfigOutline } from '../label-studio/drive.js';
import { launchBrowser } from '../support/browser.js';
import { ROOT } from '../support/cli.js';
import { adminClient, LABELERS, signUpLabelers, startLsRegistry, waitFor, type LsRegistry } from './support/label-studio.js';
import { publish } from './support/sets.js';
import { answerControl, closeInstructions, logIn, openStream, pageProblems, submit, type Drive, type Stream } from './support/ui.js';

const REAL = readdirSync(join(ROOT, 'guidelines')).filter((n) => statSync(join(ROOT, 'guidelines', n)).isDirectory()).sort();
const ARTIFACTS = join(ROOT, 'tests/.artifacts/label-studio-server');
const client = adminClient();

let reg: LsRegistry;
let browser: Browser;
const timings: string[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  reg = await startLsRegistry();
  await signUpLabelers();
  browser = (await launchBrowser('system')).browser;
});

afterAll(async () => {
  await browser?.close();
  await reg?.close();
  console.log(`Label Studio UI timings:\n  ${timings.join('\n  ')}`);
});

/** Loads a set of guidelines/. */
function load(name: string): GuidelineSet {
  const set = loadSet(join(ROOT, 'guidelines', name), createNodeHost());
  if (!set.schema || !set.guideline || set.problems.length) throw new Error(`Cannot load guidelines/${name}: ${JSON.stringify(set.problems)}`);
  return set;
}

/** Answers the example on screen by clicks, the way the guideline's example answers it. */
async function answerExample(stream: Stream, outline: ConfigOutline, set: GuidelineSet, example: Example): Promise<Drive> {
  const expected = expectedAnswers(set, example);
  const drive: Drive = { clicked: [] };
  for (const q of answerOrder(set)) {
    const answer = expected[q.id];
    if (answer === undefined) continue;
    const control = outline.controls.find((c) => c.name === q.id);
    if (!control) throw new Error(`The config has no control named ${q.id}`);
    const todo = controlAnswer(control.tag, q, answer);
    if (todo.kind === 'choices') for (const step of chainSteps(outline, set, q, todo.ids)) await answerControl(stream.page, step.control, { kind: 'choices', ids: [step.id] }, drive);
    else await answerControl(stream.page, control, todo, drive);
  }
  return drive;
}

describe.each(REAL)('guideline set %s', (name) => {
  const set = load(name);
  const examples = new Map(set.guideline!.examples.map((e) => [e.id ?? `example-${e.index + 1}`, e]));
  let projectId: number;
  let version: string;
  let contentHash: string;
  const answered = new Map<string, string>();

  beforeAll(async () => {
    // Its own target id: the run's other files deliver the same sets into this server, and a project belongs to a set and target.
    const put = await reg.request('PUT', `/v1/sets/${name}/targets/labeling`, { kind: 'label-studio', url: client.url, projectId: 'create', secretEnv: 'RUBRIC_TARGET_LS' });
    expect(put.status, put.text).toBe(201);
    ({ version, contentHash } = await publish(reg, join(ROOT, 'guidelines', name)));
    const delivery = await waitFor(`the delivery of ${name}`, async () => (await reg.request('GET', `/v1/sets/${name}/deliveries`)).json.deliveries.find((d: { status: string }) => d.status !== 'pending'), 120_000);
    expect(delivery, JSON.stringify(delivery)).toMatchObject({ status: 'delivered' });
    projectId = delivery.detail.projectId;
    // The team's work: every example's text, without its answers.
    const work = [...examples].map(([id, e]) => ({ data: { text: e.text ?? '', rubric: { set: name, version, example: id } } }));
    const report = await client.importTasks(projectId, work);
    expect(report.task_count).toBe(work.length);
  });

  it('labelers see the rendered guideline as instructions, then answer every example by clicks in the labeling stream', async () => {
    const started = Date.now();
    const config = (await client.getProject(projectId)).label_config;
    const quota = Math.ceil(examples.size / LABELERS.length);
    const problems: string[] = [];
    for (const [turn, labeler] of LABELERS.entries()) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
      try {
        const { page, watch } = await logIn(context, labeler);
        const { stream, instructions } = await openStream(page, watch, projectId);
        // The instructions are the guideline: its title, and a section for every label.
        const shown = await instructions.innerText();
        expect(shown).toContain('Labeling Instructions');
        expect(shown).toContain((set.guideline!.frontmatter!.data as { title: string }).title);
        for (const label of set.schema!.labelsById.keys()) expect(await instructions.locator('code.label-id', { hasText: new RegExp(`^${label.replace(/\./g, '\\.')}$`) }).count(), `section of ${label}`).toBe(1);
        expect(await instructions.locator('script, [onerror], [onclick]').count()).toBe(0);
        if (turn === 0) await page.screenshot({ path: join(ARTIFACTS, `${name}-instructions.png`) });
        await closeInstructions(page, instructions);
        const outline = await outlineConfig(page, config);
        let done = 0;
        let richest = 0;
        while (stream.task && (done < quota || turn === LABELERS.length - 1)) {
          const exampleId = (stream.task.data.rubric as { example?: string } | undefined)?.example;
          const example = exampleId ? examples.get(exampleId) : undefined;
          if (!example) throw new Error(`Task ${stream.task.id} is no example of ${name}: ${JSON.stringify(stream.task.data).slice(0, 200)}`);
          try {
            await answerExample(stream, outline, set, example);
          } catch (error) {
            problems.push(`${exampleId} (${labeler.email}): ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
          }
          // The first labeler's richest answer so far is the one kept on screen.
          if (turn === 0 && example.answers.length > richest) {
            richest = example.answers.length;
            await page.screenshot({ path: join(ARTIFACTS, `${name}-answered.png`) });
          }
          answered.set(exampleId!, labeler.email);
          await submit(stream, projectId);
          done++;
        }
        problems.push(...pageProblems(watch).map((p) => `${labeler.email}: ${p}`));
      } finally {
        await context.close();
      }
    }
    timings.push(`${name}: ${examples.size} examples answered by ${LABELERS.length} labelers in ${Math.round((Date.now() - started) / 1000)} s (${Math.round((Date.now() - started) / examples.size)} ms each)`);
    expect(problems).toEqual([]);
    expect([...answered.keys()].sort()).toEqual([...examples.keys()].sort());
    expect(new Set(answered.values())).toEqual(new Set(LABELERS.map((l) => l.email)));
  });

  it('the registry pulls every annotation back as a valid neutral record of the version, with its labeler, giving the example\'s answers', async () => {
    const res = await fetch(`${reg.url}/v1/sets/${name}/targets/labeling/annotations`, { headers: { Authorization: `Bearer ${reg.admin}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
    const summary = lines.pop()!.summary;
    expect(summary).toMatchObject({ records: examples.size, invalid: 0, projects: [{ setId: name, projectId, records: examples.size, invalid: 0, skipped: { cancelled: 0, groundTruth: examples.size }, versions: { [version]: examples.size } }] });
    const failures: string[] = [];
    for (const line of lines) {
      const { record } = line;
      expect(line.valid, JSON.stringify(line.errors)).toBe(true);
      expect(record).toMatchObject({ set: name, version, contentHash, annotator: answered.get(record.item.id), labelStudio: { project: projectId } });
      const example = examples.get(record.item.id)!;
      expect(record.item.text).toBe(example.text);
      const got = JSON.stringify(normalizeAnswers(set, record.answers));
      const want = JSON.stringify(expectedAnswers(set, example));
      if (got !== want) failures.push(`${record.item.id}: got ${got}, want ${want}`);
    }
    expect(failures).toEqual([]);

    // The same records through the registry's annotations:validate.
    const body = lines.map((l) => JSON.stringify(l.record)).join('\n');
    const validated = await fetch(`${reg.url}/v1/sets/${name}/versions/${version}/annotations:validate`, { method: 'POST', headers: { 'Content-Type': 'application/x-ndjson' }, body });
    const out = (await validated.text()).trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
    expect(out.pop()!.summary).toMatchObject({ records: examples.size, valid: examples.size, invalid: 0, complete: true });

    // With the ground truth too: the gold tasks' answers come back as well.
    const withGold = (await (await fetch(`${reg.url}/v1/sets/${name}/targets/labeling/annotations?groundTruth=true`, { headers: { Authorization: `Bearer ${reg.admin}` } })).text()).trim().split('\n');
    expect(JSON.parse(withGold.pop()!).summary).toMatchObject({ records: 2 * examples.size, invalid: 0 });
  });
});
