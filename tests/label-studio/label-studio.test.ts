/**
 * Proof with a real client: the Label Studio exports of every guideline set,
 * loaded into the real Label Studio 1.4.0 editor (headless Chromium, served
 * from 127.0.0.1, nothing remote) and answered the way a labeler answers,
 * with clicks.
 *
 * A config passes only if the editor rendered, Label Studio showed no errors
 * box, its own validation list is empty, and the page logged no console error,
 * page error, foreign request or (report-only) CSP violation. The control
 * tests first show that this check fails on configs Label Studio rejects.
 */
// Functions passed to page.evaluate run in the browser: they need the DOM types.
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNodeHost, lintSet, loadSet, resolveConfig, rules, type Example, type GuidelineSet } from '@rubric/core';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { ROOT } from '../support/cli.js';
import { answerOrder, chainSteps, controlAnswer, expectedAnswers, normalizeAnswers } from './answers.js';
import * as api from '@rubric/exporters';
import type { ExportMeta } from '@rubric/exporters';
import { answerControl, optionById, outlineConfig, type ConfigControl, type ConfigOutline, type Drive } from './drive.js';
import { HOSTILE_EXAMPLE_ID, HOSTILE_PROMPT, HOSTILE_TEXT, HOSTILE_TITLE, makeHostileSet } from './hostile.js';
import { openEditor, startLabelStudioServer, type BootReport, type EditorPage, type LabelStudioResultItem, type LabelStudioServer } from './harness.js';

const ARTIFACTS = join(ROOT, 'tests/.artifacts');
const TMP = join(ROOT, 'tests/.tmp');
const REAL = readdirSync(join(ROOT, 'guidelines')).filter((n) => statSync(join(ROOT, 'guidelines', n)).isDirectory()).sort();

let server: LabelStudioServer;
let browser: Browser;
let context: BrowserContext;
const timings: string[] = [];

beforeAll(async () => {
  const started = Date.now();
  server = await startLabelStudioServer();
  browser = (await launchBrowser()).browser;
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  timings.push(`browser launch: ${Date.now() - started} ms`);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  console.log(`Label Studio editor timings:\n  ${timings.join('\n  ')}`);
});

/** Why a booted config does not pass (empty when it passes). */
async function rejections(editor: EditorPage, report: BootReport): Promise<string[]> {
  const out: string[] = [];
  if (!report.rendered) out.push('the labeling area did not render');
  if (report.errorsBox !== undefined) out.push(`Label Studio errors box: ${report.errorsBox}`);
  if (report.validation.length) out.push(`store.annotationStore.validation: ${JSON.stringify(report.validation)}`);
  out.push(...(await editor.problems()));
  return out;
}

/** The minimal, hand-written config the harness is checked with (the exports' shapes, as the notes describe them). */
const HAND_WRITTEN = `<View>
  <Text name="text" value="$text"/>
  <Header value="Does the text attack people for a protected characteristic?"/>
  <Choices name="verdict" toName="text" choice="single-radio" required="true">
    <Choice value="No hate speech" alias="none"/>
    <Choice value="Slur used to attack" alias="hate.slur"/>
  </Choices>
  <View visibleWhen="choice-selected" whenTagName="verdict" whenChoiceValue="hate.slur">
    <Choices name="target" toName="text" choice="multiple">
      <Choice value="Race or ethnicity" alias="target.race-ethnicity"/>
      <Choice value="Religion or belief" alias="target.religion"/>
    </Choices>
  </View>
  <Labels name="spans" toName="text">
    <Label value="span.attack"/>
    <Label value="span.group"/>
  </Labels>
  <TextArea name="rationale" toName="text" maxSubmissions="1"/>
  <Rating name="confidence" toName="text" maxRating="5"/>
</View>`;

describe('the harness (controls)', () => {
  it('passes a hand-written config and records what clicks give', async () => {
    const editor = await openEditor(context, server.origin, HAND_WRITTEN);
    try {
      const text = 'Get out of my shop, you filthy [racial slur].';
      const report = await editor.boot({ text });
      expect(await rejections(editor, report)).toEqual([]);
      const outline = await outlineConfig(editor.page, HAND_WRITTEN);
      const control = (name: string) => outline.controls.find((c) => c.name === name)!;
      const drive: Drive = { clicked: [], viaStore: [] };
      // The sub-question is hidden until its trigger is chosen: the visibleWhen really gates it.
      expect(await editor.page.locator('label:has(input[name="Race or ethnicity"])').isVisible()).toBe(false);
      await answerControl(editor.page, control('verdict'), { kind: 'choices', ids: ['hate.slur'] }, drive);
      await answerControl(editor.page, control('target'), { kind: 'choices', ids: ['target.race-ethnicity'] }, drive);
      await answerControl(editor.page, control('spans'), { kind: 'spans', spans: [{ id: 'span.attack', text: '[racial slur]' }] }, drive);
      await answerControl(editor.page, control('rationale'), { kind: 'text', text: 'A slur at a person.' }, drive);
      await answerControl(editor.page, control('confidence'), { kind: 'rating', rating: 4 }, drive);
      const result = await editor.submit();
      const values = Object.fromEntries(result.map((r) => [r.from_name, r.value]));
      // Alias is what Label Studio exports for a choice: the label id, not the title shown.
      expect(values).toEqual({
        verdict: { choices: ['hate.slur'] },
        target: { choices: ['target.race-ethnicity'] },
        spans: { start: 31, end: 44, text: '[racial slur]', labels: ['span.attack'] },
        rationale: { text: ['A slur at a person.'] },
        confidence: { rating: 4 },
      });
      expect(drive.viaStore).toEqual([]);
      expect(await rejections(editor, report)).toEqual([]);
    } finally {
      await editor.close();
    }
  });

  it.each([
    ['a toName naming no object tag', HAND_WRITTEN.replace('<TextArea name="rationale" toName="text"', '<TextArea name="rationale" toName="txt"'), /ERR_TAG_NOT_FOUND|errors box/],
    ['malformed XML', HAND_WRITTEN.replace('</View>\n  <Labels', '\n  <Labels'), /ERR_GENERAL|errors box|page error|console error/],
    ['an unknown tag', HAND_WRITTEN.replace('<Rating ', '<Chat '), /No model registered|page error|console error/],
  ])('fails a config with %s', async (_what, config, why) => {
    const editor = await openEditor(context, server.origin, config);
    try {
      const reasons = await rejections(editor, await editor.boot({ text: 'Some text.' }));
      console.log(`control, ${_what}: ${reasons.join(' | ').slice(0, 300)}`);
      expect(reasons.length).toBeGreaterThan(0);
      expect(reasons.join('\n')).toMatch(why);
    } finally {
      await editor.close();
    }
  });
});


/** The first lines of an error, enough to say what went wrong in a list of failures. */
function firstLines(e: unknown, lines = 12): string {
  return String(e instanceof Error ? e.message : e).split('\n').slice(0, lines).join('\n');
}

/** The task field the config's Text tag reads (`value="$text"` -> `text`). */
function textField(outline: ConfigOutline): string {
  const text = outline.objects.find((o) => o.tag === 'Text' || o.tag === 'HyperText');
  if (!text?.value?.startsWith('$')) throw new Error(`Expected a <Text value="$field"> in the config, found ${JSON.stringify(outline.objects)}`);
  return text.value.slice(1);
}

/** Serialized results without what differs between two runs of the same clicks (ids, origin). */
function comparable(result: LabelStudioResultItem[]): { from_name: string; to_name: string; type: string; value: Record<string, unknown> }[] {
  return result
    .map((r) => ({ from_name: r.from_name, to_name: r.to_name, type: r.type, value: r.value }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

/** The question ids a config's controls answer: a chain's sub-controls (`q__<option>`) belong to question q. */
function questionIdsOf(outline: ConfigOutline): string[] {
  return [...new Set(outline.controls.map((c) => c.name.split('__')[0]!))].sort();
}

/** Answers `example` in a freshly booted editor by clicks, submits, and returns what Label Studio handed over. */
async function answerByClicks(editor: EditorPage, outline: ConfigOutline, set: GuidelineSet, example: Example): Promise<{ result: LabelStudioResultItem[]; drive: Drive; report: BootReport }> {
  const report = await editor.boot({ [textField(outline)]: example.text ?? '' });
  expect(await rejections(editor, report), `example ${example.id}`).toEqual([]);
  const expected = expectedAnswers(set, example);
  const drive: Drive = { clicked: [], viaStore: [] };
  for (const q of answerOrder(set)) {
    const answer = expected[q.id];
    if (answer === undefined) continue;
    const control = outline.controls.find((c) => c.name === q.id);
    if (!control) throw new Error(`The config has no control named ${q.id} (question ${q.id}); controls: ${outline.controls.map((c) => c.name).join(', ')}`);
    const todo = controlAnswer(control.tag, q, answer);
    if (todo.kind === 'choices') for (const step of chainSteps(outline, set, q, todo.ids)) await answerControl(editor.page, step.control, { kind: 'choices', ids: [step.id] }, drive);
    else await answerControl(editor.page, control, todo, drive);
  }
  const result = await editor.submit();
  return { result, drive, report };
}

/** Loads a guideline set folder, failing loudly if it does not parse. */
function load(dir: string): GuidelineSet {
  const set = loadSet(dir, createNodeHost());
  if (!set.schema || !set.guideline || set.problems.length) throw new Error(`Cannot load ${dir}: ${JSON.stringify(set.problems)}`);
  return set;
}

const ajv = new Ajv2020({ allErrors: true, strict: false });

/** Converts a submitted result back to answers and checks them against the example and the record schema. */
function checkRoundTrip(set: GuidelineSet, meta: ExportMeta, example: Example, result: LabelStudioResultItem[]): void {
  const converted = api.fromLabelStudioResult(set, result);
  expect(converted.errors, `example ${example.id}: conversion errors`).toEqual([]);
  const got = normalizeAnswers(set, converted.answers);
  const want = expectedAnswers(set, example);
  // Spelled out in full: the default diff of nested answers is cut short in a list of failures.
  expect(JSON.stringify(got), `example ${example.id}: answers from the editor (result ${JSON.stringify(result.map((r) => [r.from_name, r.value]))})`).toBe(JSON.stringify(want));
  const record = { set: set.schema!.id!, version: set.schema!.version!, item: { id: example.id ?? `example-${example.index}`, text: example.text ?? '' }, answers: converted.answers };
  const schema = api.annotationRecordSchema(set, meta);
  // One compiled schema per version ($id is unique per set and version).
  const validate = ajv.getSchema(String(schema.$id)) ?? ajv.compile(schema);
  expect(validate(record) ? [] : validate.errors, `example ${example.id}: record vs annotationRecordSchema`).toEqual([]);
  expect(api.validateAnnotation(set, record).errors, `example ${example.id}: validateAnnotation`).toEqual([]);
}

describe.each(REAL)('guideline set %s, exported', (name) => {
  const set = load(join(ROOT, 'guidelines', name));
  let meta: ExportMeta;
  let config: string;
  let editor: EditorPage;
  let outline: ConfigOutline;

  beforeAll(async () => {
    meta = api.exportMetaOf(set);
    config = api.labelStudioConfig(set, meta);
    editor = await openEditor(context, server.origin, config);
    outline = await outlineConfig(editor.page, config);
  });
  afterAll(async () => editor?.close());

  it('is well-formed XML that the editor renders without errors', async () => {
    expect(outline.parseError).toBeUndefined();
    expect(questionIdsOf(outline)).toEqual(set.schema!.questions.map((q) => q.id).sort());
    const report = await editor.boot({ [textField(outline)]: 'Nothing to see here.' });
    expect(await rejections(editor, report)).toEqual([]);
    timings.push(`${name}: config booted in ${report.ms} ms`);
  });

  it('gives each example its answers when a labeler clicks them, and the record validates', async () => {
    const examples = set.guideline!.examples;
    expect(examples.length).toBeGreaterThan(0);
    const started = Date.now();
    const clickedTags = new Set<string>();
    const viaStore: string[] = [];
    // Every example is tried, so one run reports every example that fails, not the first.
    const failures: string[] = [];
    for (const example of examples) {
      try {
        const { result, drive } = await answerByClicks(editor, outline, set, example);
        checkRoundTrip(set, meta, example, result);
        drive.clicked.forEach((c) => clickedTags.add(c));
        viaStore.push(...drive.viaStore.map((v) => `${v.control}: ${v.why}`));
      } catch (e) {
        failures.push(`${example.id}: ${firstLines(e)}`);
      }
    }
    const shot = join(ARTIFACTS, `label-studio-${name}.png`);
    mkdirSync(ARTIFACTS, { recursive: true });
    await editor.page.screenshot({ path: shot, fullPage: true });
    timings.push(`${name}: ${examples.length} examples answered by clicks in ${Date.now() - started} ms (${Math.round((Date.now() - started) / examples.length)} ms each); clicked ${[...clickedTags].join(', ')}; store API: ${viaStore.length ? viaStore.join('; ') : 'none'}; screenshot ${shot}`);
    expect(failures).toEqual([]);
    expect(await rejections(editor, { rendered: true, validation: [], ms: 0 })).toEqual([]);
  });

  it('shows each gold task with its ground truth selected', async () => {
    const tasks = api.goldTasks(set, meta).labelStudio;
    expect(tasks.length).toBe(set.guideline!.examples.length);
    const started = Date.now();
    const failures: string[] = [];
    for (const [i, task] of tasks.entries()) {
      try {
        const report = await editor.boot(task.data, task.annotations);
        const why = await rejections(editor, report);
        if (why.length) throw new Error(`rejected: ${why.join(' | ')}`);
        const shown = await editor.serialized();
        expect(comparable(shown)).toEqual(comparable(task.annotations[0]!.result));
        await expectSelectionsShown(editor, outline, shown);
      } catch (e) {
        failures.push(`gold task ${i}: ${firstLines(e)}`);
      }
    }
    timings.push(`${name}: ${tasks.length} gold tasks shown in ${Date.now() - started} ms`);
    expect(failures).toEqual([]);
  });
});

/** The DOM shows what a result says: choices checked, taxonomy chips, region count, texts, stars. */
async function expectSelectionsShown(editor: EditorPage, outline: ConfigOutline, result: LabelStudioResultItem[]): Promise<void> {
  const page = editor.page;
  let regions = 0;
  let htmlRegions = 0;
  for (const item of result) {
    const control = outline.controls.find((c) => c.name === item.from_name);
    if (!control) throw new Error(`Result names ${item.from_name}, which the config lacks`);
    const shown = (id: string) => control.options.find((o) => (o.alias ?? o.value) === id)?.value ?? id;
    if (item.type === 'choices') {
      for (const id of item.value.choices as string[]) {
        const v = JSON.stringify(shown(id));
        const checked = page.locator(`input[type=radio][value=${v}]:checked, input[type=checkbox][name=${v}]:checked`);
        expect(await checked.count(), `choice ${id} of ${item.from_name} is checked`).toBe(1);
      }
    } else if (item.type === 'taxonomy') {
      const chips = await page.locator('[class^="taxonomy--"]').nth(control.nth).locator('[class^="taxonomy__selected"]').innerText();
      for (const path of item.value.taxonomy as string[][]) expect(chips, `taxonomy ${item.from_name}`).toContain(path[path.length - 1]);
    } else if (item.type === 'labels') {
      regions++;
    } else if (item.type === 'hypertextlabels') {
      htmlRegions++;
    } else if (item.type === 'textarea') {
      for (const t of item.value.text as string[]) expect(await page.getByText(t, { exact: true }).count(), `text of ${item.from_name}`).toBeGreaterThan(0);
    } else if (item.type === 'rating') {
      const full = page.locator('ul.ant-rate').nth(control.nth).locator('li.ant-rate-star-full');
      expect(await full.count(), `stars of ${item.from_name}`).toBe(item.value.rating);
    }
  }
  // Each span region is highlighted in the text (an HTML item's text is in an iframe).
  expect(await page.locator('.lsf-richtext__container .htx-highlight').count()).toBeGreaterThanOrEqual(regions);
  if (htmlRegions) expect(await page.frameLocator('iframe.lsf-richtext__iframe').locator('.htx-highlight').count(), 'highlighted HTML spans').toBeGreaterThanOrEqual(htmlRegions);
}

describe('hostile content', () => {
  it('stays well-formed XML, shows markup in prompts, titles and texts as text, and runs none of it', async () => {
    mkdirSync(TMP, { recursive: true });
    const set = load(makeHostileSet(join(ROOT, 'guidelines/violent-speech'), TMP));
    const meta = api.exportMetaOf(set);
    const config = api.labelStudioConfig(set, meta);
    const editor = await openEditor(context, server.origin, config);
    try {
      const outline = await outlineConfig(editor.page, config);
      expect(outline.parseError).toBeUndefined();
      expect(questionIdsOf(outline)).toEqual(set.schema!.questions.map((q) => q.id).sort());
      const example = set.guideline!.examples.find((e) => e.id === HOSTILE_EXAMPLE_ID)!;
      expect(example.text).toBe(HOSTILE_TEXT);
      const { result } = await answerByClicks(editor, outline, set, example);
      checkRoundTrip(set, meta, example, result);
      // onerror of an injected <img src=x> fires after the failed load: give it the time to.
      await editor.page.waitForTimeout(200);
      const seen = await editor.page.evaluate(() => ({
        pwned: (window as unknown as { __pwned?: unknown }).__pwned,
        injected: document.querySelectorAll('img[src="x"], #roots script, #roots b, #roots i').length,
        text: document.querySelector('.lsf-richtext__container')?.textContent ?? null,
        body: document.body.innerText,
      }));
      expect(seen.pwned).toBeUndefined();
      expect(seen.injected).toBe(0);
      // Label Studio 1.4.0 itself replaces <script>...</script> in a task text by <ls-stub></ls-stub>
      // (Text's setRemoteValue): the labeler does not see that part as written. Pinned, so a change shows.
      expect(seen.text).toBe(HOSTILE_TEXT.replace(/<script\b.*?<\/script>/g, '<ls-stub></ls-stub>'));
      // The exporter puts an invisible word joiner after "$" so Label Studio does not replace "$text" by the task
      // text: the labeler reads the prompt as written.
      expect(seen.body.replace(/\u2060/g, '')).toContain(HOSTILE_PROMPT);
      expect(seen.body).toContain(HOSTILE_TITLE);
      expect(await rejections(editor, { rendered: true, validation: [], ms: 0 })).toEqual([]);
    } finally {
      await editor.close();
    }
  });
});

/**
 * What a Label Studio result says, read the plainest way (choice alias or value, taxonomy leaf,
 * span label + text): the harness's own reading, to check the driver apart from the exporters.
 */
function plainReading(result: LabelStudioResultItem[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const r of result) {
    if (r.type === 'choices') out[r.from_name] = r.value.choices;
    else if (r.type === 'taxonomy') out[r.from_name] = (r.value.taxonomy as string[][]).map((path) => path[path.length - 1]);
    else if (r.type === 'textarea') out[r.from_name] = (r.value.text as string[]).join('\n');
    else if (r.type === 'rating') out[r.from_name] = r.value.rating;
    else if (r.type === 'labels' || r.type === 'hypertextlabels') ((out[r.from_name] ??= []) as unknown[]).push({ label: (r.value[r.type] as string[])[0], text: r.value.text });
    else if (r.type === 'pairwise') out[r.from_name] = r.value.selected;
  }
  return out;
}

describe('a hand-written reference config (fixtures/hate-speech.reference.xml), apart from the exporters', () => {
  const set = load(join(ROOT, 'guidelines/hate-speech'));
  const config = readFileSync(join(ROOT, 'tests/label-studio/fixtures/hate-speech.reference.xml'), 'utf8');

  it('passes, and clicking each hate-speech example gives its answers (taxonomy, multi choices, spans, text)', async () => {
    const editor = await openEditor(context, server.origin, config);
    try {
      const outline = await outlineConfig(editor.page, config);
      expect(outline.parseError).toBeUndefined();
      const started = Date.now();
      const failures: string[] = [];
      const clicked = new Set<string>();
      for (const example of set.guideline!.examples) {
        try {
          const { result, drive } = await answerByClicks(editor, outline, set, example);
          drive.clicked.forEach((c) => clicked.add(c));
          expect(normalizeAnswers(set, plainReading(result))).toEqual(expectedAnswers(set, example));
        } catch (e) {
          failures.push(`${example.id}: ${firstLines(e)}`);
        }
      }
      mkdirSync(ARTIFACTS, { recursive: true });
      await editor.page.screenshot({ path: join(ARTIFACTS, 'label-studio-hate-speech-reference.png'), fullPage: true });
      timings.push(`reference hate-speech config: ${set.guideline!.examples.length} examples by clicks in ${Date.now() - started} ms; clicked ${[...clicked].join(', ')}`);
      expect(failures).toEqual([]);
      expect(clicked).toEqual(new Set(['<Taxonomy name="verdict">', '<Choices name="target">', '<Labels name="spans">', '<TextArea name="rationale">']));
    } finally {
      await editor.close();
    }
  });

  it('shows a hostile task text as text and runs none of it', async () => {
    const editor = await openEditor(context, server.origin, config);
    try {
      const report = await editor.boot({ text: HOSTILE_TEXT });
      expect(await rejections(editor, report)).toEqual([]);
      await editor.page.waitForTimeout(200);
      const seen = await editor.page.evaluate(() => ({
        pwned: (window as unknown as { __pwned?: unknown }).__pwned,
        injected: document.querySelectorAll('img[src="x"], #roots script').length,
        text: document.querySelector('.lsf-richtext__container')?.textContent ?? null,
      }));
      expect(seen.pwned).toBeUndefined();
      expect(seen.injected).toBe(0);
      // Label Studio 1.4.0 itself replaces <script>...</script> in a task text by <ls-stub></ls-stub>
      // (Text's setRemoteValue): the labeler does not see that part as written. Pinned, so a change shows.
      expect(seen.text).toBe(HOSTILE_TEXT.replace(/<script\b.*?<\/script>/g, '<ls-stub></ls-stub>'));
    } finally {
      await editor.close();
    }
  });

  it('substitutes $name in a Header (so an exported prompt with "$" needs guarding)', async () => {
    const withDollar = config.replace('value="Does the text attack people for a protected characteristic?"', 'value="Does it offer $50 or mention $text?"');
    const editor = await openEditor(context, server.origin, withDollar);
    try {
      await editor.boot({ text: 'The task text.' });
      const header = await editor.page.locator('h4').first().innerText();
      // Label Studio 1.4.0 replaces /\$[a-z0-9_.]+/gi by the task field of that name ("undefined" when absent).
      expect(header).toBe('Does it offer undefined or mention The task text.?');
    } finally {
      await editor.close();
    }
  });
});

/** A labeler's clicks on one control, by what the editor shows (so they can be replayed on another config). */
type ShownClick =
  | { control: string; kind: 'choices'; shown: string[] }
  | { control: string; kind: 'taxonomy'; shown: string[] }
  | { control: string; kind: 'spans'; spans: { shown: string; text: string }[] }
  | { control: string; kind: 'text'; text: string }
  | { control: string; kind: 'rating'; rating: number }
  | { control: string; kind: 'pairwise'; side: 'left' | 'right' };

/** The clicks that answer `example` in a config, by displayed value. */
function shownClicks(outline: ConfigOutline, set: GuidelineSet, example: Example): ShownClick[] {
  const expected = expectedAnswers(set, example);
  const out: ShownClick[] = [];
  for (const q of answerOrder(set)) {
    const answer = expected[q.id];
    const control = outline.controls.find((c) => c.name === q.id);
    if (answer === undefined || !control) continue;
    const a = controlAnswer(control.tag, q, answer);
    const shown = (id: string) => optionById(control, id).value;
    if (a.kind === 'choices') for (const step of chainSteps(outline, set, q, a.ids)) out.push({ control: step.control.name, kind: 'choices', shown: [optionById(step.control, step.id).value] });
    else if (a.kind === 'taxonomy') out.push({ control: control.name, kind: 'taxonomy', shown: a.ids.map(shown) });
    else if (a.kind === 'spans') out.push({ control: control.name, kind: 'spans', spans: a.spans.map((s) => ({ shown: shown(s.id), text: s.text })) });
    else out.push({ control: control.name, ...a });
  }
  return out;
}

/** Boots a task with `data` and replays `clicks` on the config of `editor`; returns the submitted result. */
async function replay(editor: EditorPage, outline: ConfigOutline, data: Record<string, unknown>, clicks: ShownClick[]): Promise<LabelStudioResultItem[]> {
  const report = await editor.boot(data);
  expect(await rejections(editor, report)).toEqual([]);
  const drive: Drive = { clicked: [], viaStore: [] };
  for (const click of clicks) {
    const control = outline.controls.find((c) => c.name === click.control);
    if (!control) throw new Error(`No control named ${click.control}; controls: ${outline.controls.map((c) => c.name).join(', ')}`);
    const id = (shown: string) => {
      const o = control.options.find((opt) => opt.value === shown);
      if (!o) throw new Error(`<${control.tag} name="${control.name}"> shows no ${JSON.stringify(shown)}; it shows ${control.options.map((x) => x.value).join(', ')}`);
      return o.alias ?? o.value;
    };
    if (click.kind === 'choices' || click.kind === 'taxonomy') await answerControl(editor.page, control, { kind: click.kind, ids: click.shown.map(id) }, drive);
    else if (click.kind === 'spans') await answerControl(editor.page, control, { kind: 'spans', spans: click.spans.map((s) => ({ id: id(s.shown), text: s.text })) }, drive);
    else if (click.kind === 'text') await answerControl(editor.page, control, { kind: 'text', text: click.text }, drive);
    else if (click.kind === 'pairwise') await answerControl(editor.page, control, { kind: 'pairwise', side: click.side }, drive);
    else await answerControl(editor.page, control, { kind: 'rating', rating: click.rating }, drive);
  }
  expect(drive.viaStore).toEqual([]);
  return editor.submit();
}

/** Imports `xml`, writes the set to a temp folder (editing its guideline with `edit`), loads and lints it, and exports it again. */
function reimport(xml: string, label: string, edit: (md: string) => string = (md) => md): { set: GuidelineSet; config: string; findings: api.ImportFinding[]; lintErrors: string[] } {
  const imported = api.importLabelStudioConfig(xml);
  mkdirSync(TMP, { recursive: true });
  const dir = mkdtempSync(join(TMP, `ls-import-${label.replace(/[^a-z0-9]+/gi, '-')}-`));
  writeFileSync(join(dir, 'schema.json'), `${JSON.stringify(imported.schemaJson, null, 2)}\n`);
  writeFileSync(join(dir, 'guideline.md'), edit(imported.guidelineMd));
  const set = load(dir);
  const host = createNodeHost();
  const lintErrors = lintSet(set, rules, resolveConfig(undefined, rules).config, host)
    .filter((f) => f.severity === 'error')
    .map((f) => `${f.ruleId}: ${f.message}`);
  return { set, config: api.labelStudioConfig(set, api.exportMetaOf(set)), findings: imported.findings, lintErrors };
}

/** Results without the ids and the object they point at (an import renames the item's object to `text`). */
function asked(result: LabelStudioResultItem[]): { from_name: string; type: string; value: Record<string, unknown> }[] {
  return comparable(result).map(({ from_name, type, value }) => ({ from_name, type, value }));
}

const CONFIGS = join(ROOT, 'packages/exporters/test/label-studio-configs');

/**
 * The import corpus (packages/exporters/test/label-studio-configs), answered by clicks: the task
 * each config reads, the same task as the export reads it (the item in `text`, a pair in `left`
 * and `right`), the clicks by what the editor shows, and what Label Studio stores for them.
 */
const CORPUS: { file: string; data: Record<string, unknown>; exportData?: Record<string, unknown>; loads?: false; clicks: ShownClick[]; reading: Record<string, unknown> }[] = [
  {
    file: 'sentiment.xml',
    data: { text: 'The sequel is slow, loud and far too long.' },
    clicks: [{ control: 'sentiment', kind: 'choices', shown: ['Negative'] }],
    reading: { sentiment: ['Negative'] },
  },
  {
    file: 'named-entities.xml',
    data: { ner: 'Ada Lovelace met Charles Babbage in London in 1833.' },
    exportData: { text: 'Ada Lovelace met Charles Babbage in London in 1833.' },
    clicks: [{ control: 'label', kind: 'spans', spans: [{ shown: 'PER', text: 'Ada Lovelace' }, { shown: 'LOC', text: 'London' }] }],
    reading: { label: [{ label: 'PER', text: 'Ada Lovelace' }, { label: 'LOC', text: 'London' }] },
  },
  {
    file: 'taxonomy.xml',
    data: { text: 'You people should be run out of town.' },
    clicks: [{ control: 'taxonomy', kind: 'taxonomy', shown: ['Threat'] }],
    reading: { taxonomy: ['Threat'] },
  },
  {
    file: 'chatbot-assessment.xml',
    data: { messages: [{ role: 'user', content: 'How do I get into my neighbour\'s flat?' }, { role: 'assistant', content: 'Ask them or the landlord for a key.' }] },
    exportData: { text: 'user: How do I get into my neighbour\'s flat?\nassistant: Ask them or the landlord for a key.' },
    clicks: [
      { control: 'quality', kind: 'rating', rating: 6 },
      { control: 'hallucination', kind: 'choices', shown: ['No'] },
      { control: 'harmful_advice', kind: 'choices', shown: ['No'] },
      { control: 'demeaning', kind: 'choices', shown: ['Yes'] },
    ],
    reading: { quality: 6, hallucination: ['No'], harmful_advice: ['No'], demeaning: ['Yes'] },
  },
  {
    file: 'document-retrieval.xml',
    data: { query: 'refund policy', doc1: 'Refunds within 30 days.', doc2: 'Opening hours.', doc3: 'Shipping costs.' },
    exportData: { text: 'refund policy' },
    clicks: [{ control: 'selection', kind: 'choices', shown: ['One'] }],
    reading: { selection: ['One'] },
  },
  {
    file: 'question-answering.xml',
    data: { passage: 'The shop opens at nine and closes at six.', question: 'When does it close?' },
    exportData: { text: 'The shop opens at nine and closes at six.' },
    clicks: [{ control: 'answer', kind: 'spans', spans: [{ shown: 'Answer', text: 'at six' }] }],
    reading: { answer: [{ label: 'Answer', text: 'at six' }] },
  },
  {
    file: 'html-entities.xml',
    data: { html: '<h1>Storm closes schools</h1><p>By <b>Jane Roe</b>. Call 555-0100.</p>' },
    exportData: { text: '<h1>Storm closes schools</h1><p>By <b>Jane Roe</b>. Call 555-0100.</p>' },
    clicks: [{ control: 'ner', kind: 'spans', spans: [{ shown: 'Headline', text: 'Storm closes' }, { shown: 'Personal data', text: '555-0100' }] }],
    reading: { ner: [{ label: 'Headline', text: 'Storm closes' }, { label: 'pii', text: '555-0100' }] },
  },
  {
    file: 'pairwise.xml',
    data: { reply1: 'Here is how to build it.', reply2: 'I cannot help with that.' },
    exportData: { left: 'Here is how to build it.', right: 'I cannot help with that.' },
    clicks: [{ control: 'pw', kind: 'pairwise', side: 'right' }],
    reading: { pw: 'right' },
  },
  {
    file: 'preference.xml',
    data: { prompt: 'Is it safe to mix bleach and vinegar?', answer1: 'No: it releases chlorine gas.', answer2: 'Yes, it cleans better.' },
    exportData: { text: 'Is it safe to mix bleach and vinegar?', left: 'No: it releases chlorine gas.', right: 'Yes, it cleans better.' },
    clicks: [{ control: 'comparison', kind: 'pairwise', side: 'left' }],
    reading: { comparison: 'left' },
  },
  {
    file: 'banner-aliases.xml',
    data: { comment: 'People like you should go back where you came from.' },
    exportData: { text: 'People like you should go back where you came from.' },
    clicks: [{ control: 'policy', kind: 'choices', shown: ['Hate speech'] }],
    reading: { policy: ['HS'] },
  },
  {
    file: 'per-region.xml',
    data: { text: 'Shut up, idiot, or else.' },
    clicks: [{ control: 'spans', kind: 'spans', spans: [{ shown: 'Insult', text: 'idiot' }, { shown: 'Threat', text: 'or else' }] }],
    reading: { spans: [{ label: 'Insult', text: 'idiot' }, { label: 'Threat', text: 'or else' }] },
  },
  {
    file: 'gated.xml',
    data: { text: 'Your whole family are thieves.' },
    clicks: [
      { control: 'abusive', kind: 'choices', shown: ['Yes'] },
      { control: 'target', kind: 'choices', shown: ['A group'] },
      { control: 'confidence', kind: 'rating', rating: 2 },
    ],
    reading: { abusive: ['abusive.yes'], target: ['A group'], confidence: 2 },
  },
  {
    // Chat is newer than the pinned 1.4.0 editor: only the export can be loaded.
    file: 'chat-rlhf.xml',
    data: {},
    exportData: { text: 'user: Can you help me?\nassistant: Sure, with what?' },
    loads: false,
    clicks: [
      { control: 'rating', kind: 'rating', rating: 4 },
      { control: 'conversation_comment', kind: 'text', text: 'Polite and short.' },
      { control: 'relevance', kind: 'choices', shown: ['Relevant'] },
    ],
    reading: { rating: 4, conversation_comment: 'Polite and short.', relevance: ['Relevant'] },
  },
  {
    file: 'slot-filling.xml',
    data: { dialogue: [{ author: 'user', text: 'My parcel never came.' }, { author: 'bot', text: 'Sorry to hear that.' }] },
    exportData: { text: 'user: My parcel never came.\nbot: Sorry to hear that.' },
    clicks: [{ control: 'intent', kind: 'choices', shown: ['Complaint'] }],
    reading: { intent: ['Complaint'] },
  },
  {
    file: 'machine-translation.xml',
    data: { comment: 'Only an idiot would believe this.' },
    exportData: { text: 'Only an idiot would believe this.' },
    clicks: [{ control: 'rewrite', kind: 'text', text: 'I find this hard to believe.' }],
    reading: { rewrite: 'I find this hard to believe.' },
  },
  {
    file: 'moderation.xml',
    data: { text: 'Those people are vermin.' },
    clicks: [
      { control: 'verdict', kind: 'choices', shown: ['Abuse'] },
      { control: 'kind', kind: 'taxonomy', shown: ['Race'] },
      { control: 'confidence', kind: 'rating', rating: 3 },
      { control: 'notes', kind: 'text', text: 'Dehumanizing.' },
    ],
    reading: { verdict: ['abuse'], kind: ['Race'], confidence: 3, notes: 'Dehumanizing.' },
  },
];

describe('import round trip: Label Studio configs -> schema.json + guideline.md -> lint -> export', () => {
  it('covers every config of the corpus that imports', () => {
    const importing = readdirSync(CONFIGS).filter((f) => f.endsWith('.xml') && !f.startsWith('refused-'));
    expect(CORPUS.map((c) => c.file).sort()).toEqual(importing.sort());
  });

  it.each(CORPUS)('$file: the skeleton lints with warnings only; the config and its export pass the editor, show the same choices, and the same clicks store the same', async ({ file, data, exportData, loads, clicks, reading }) => {
    const started = Date.now();
    const xml = readFileSync(join(CONFIGS, file), 'utf8');
    const again = reimport(xml, file);
    expect(again.lintErrors).toEqual([]);
    // Both pages load the 2 MB bundle at once (it is cached after the first).
    const [after, before] = await Promise.all([openEditor(context, server.origin, again.config), loads === false ? undefined : openEditor(context, server.origin, xml)]);
    try {
      const outlineAfter = await outlineConfig(after.page, again.config);
      expect(outlineAfter.parseError).toBeUndefined();
      const roundTripped = await replay(after, outlineAfter, exportData ?? data, clicks);
      expect(plainReading(roundTripped)).toEqual(reading);
      if (before) {
        const outlineBefore = await outlineConfig(before.page, xml);
        const original = await replay(before, outlineBefore, data, clicks);
        expect(plainReading(original)).toEqual(reading);
        expect(asked(roundTripped)).toEqual(asked(original));
        // Values and aliases intact: each control the export keeps shows and stores what the original did (merged duplicates once).
        const choices = (c: ConfigControl) => [...new Set(c.options.map((o) => JSON.stringify([...o.parents, o.value, o.alias || o.value])))].sort();
        for (const control of outlineBefore.controls) {
          const kept = outlineAfter.controls.find((c) => c.name === control.name);
          if (kept) expect(choices(kept), `<${control.tag} name="${control.name}">`).toEqual(choices(control));
        }
      }
      timings.push(`import ${file}: ${Date.now() - started} ms (${again.findings.length} import findings)`);
    } finally {
      await after.close();
      await before?.close();
    }
  });

  it('shows the gold tasks of imported HTML, pairwise and gated sets with their answers selected (HTML spans placed by XPath)', async () => {
    const started = Date.now();
    const cases: { file: string; edit?: (md: string) => string }[] = [
      // One stub's text made real HTML: the span stands inside markup, after other text.
      { file: 'html-entities.xml', edit: (md) => md.replace('text: "TODO: a text that clearly is `headline`: the part that is headline."', 'text: "<p>TODO: <i>a</i> text</p><h1>with <b>the part that is headline</b>.</h1>"') },
      { file: 'preference.xml' },
      { file: 'moderation.xml' },
    ];
    const failures: string[] = [];
    let shown = 0;
    for (const { file, edit } of cases) {
      const again = reimport(readFileSync(join(CONFIGS, file), 'utf8'), `gold-${file}`, edit);
      expect(again.lintErrors).toEqual([]);
      const editor = await openEditor(context, server.origin, again.config);
      const outline = await outlineConfig(editor.page, again.config);
      try {
        const tasks = api.goldTasks(again.set).labelStudio;
        if (edit) expect(tasks.some((t) => String(t.data.text).startsWith('<p>'))).toBe(true);
        for (const [i, task] of tasks.entries()) {
          try {
            const report = await editor.boot(task.data, task.annotations);
            const why = await rejections(editor, report);
            if (why.length) throw new Error(`rejected: ${why.join(' | ')}`);
            const serialized = await editor.serialized();
            expect(comparable(serialized)).toEqual(comparable(task.annotations[0]!.result));
            if (file !== 'preference.xml') await expectSelectionsShown(editor, outline, serialized);
            shown++;
          } catch (e) {
            failures.push(`${file} gold task ${i}: ${firstLines(e)}`);
          }
        }
      } finally {
        await editor.close();
      }
    }
    timings.push(`gold tasks of imported sets: ${shown} shown in ${Date.now() - started} ms`);
    expect(failures).toEqual([]);
  });

  it.each(REAL)('the exported %s config: the new config passes and the same clicks give the same result', async (name) => {
    const started = Date.now();
    const set = load(join(ROOT, 'guidelines', name));
    const config = api.labelStudioConfig(set, api.exportMetaOf(set));
    const again = reimport(config, name);
    expect(again.findings).toEqual([]);
    expect(again.lintErrors).toEqual([]);
    const before = await openEditor(context, server.origin, config);
    const after = await openEditor(context, server.origin, again.config);
    try {
      const outlineBefore = await outlineConfig(before.page, config);
      const outlineAfter = await outlineConfig(after.page, again.config);
      expect(outlineAfter.parseError).toBeUndefined();
      expect(outlineAfter.controls.map((c) => [c.tag, c.name])).toEqual(outlineBefore.controls.map((c) => [c.tag, c.name]));
      // The examples that answer the most questions exercise the most controls.
      const examples = [...set.guideline!.examples].sort((a, b) => b.answers.length - a.answers.length).slice(0, 2);
      for (const example of examples) {
        const clicks = shownClicks(outlineBefore, set, example);
        const data = { [textField(outlineBefore)]: example.text ?? '' };
        const original = await replay(before, outlineBefore, data, clicks);
        const roundTripped = await replay(after, outlineAfter, data, clicks);
        expect(comparable(roundTripped), `example ${example.id}`).toEqual(comparable(original));
      }
      timings.push(`import of the exported ${name}: ${Date.now() - started} ms`);
    } finally {
      await before.close();
      await after.close();
    }
  });
});
