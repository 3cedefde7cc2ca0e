/**
 * A labeler in Label Studio's current web UI (the server's own pages, not a
 * harness): log in through the login form, open a project's labeling stream,
 * read the instructions it shows first, answer the task on screen with real
 * clicks, key presses and mouse drags, submit, and go on to the next task.
 *
 * What differs from the 1.4.0 editor (tests/label-studio/drive.ts): a choice
 * is an antd radio or checkbox whose input carries the displayed value as its
 * `name` (radios too); controls hidden by visibleWhen stay in the page, so a
 * choice is looked for among the visible ones; Taxonomy is an antd tree
 * select (a dropdown with a search box, expanded with the caret); a one-line
 * TextArea is an <input> that adds on Enter; Submit is "Submit current
 * annotation". Labels (span chips) and Rating keep their 1.4.0 markup.
 */
// Functions passed to page.evaluate run in the browser: they need the DOM types.
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { join } from 'node:path';
import type { BrowserContext, Locator, Page, Response } from 'playwright-core';
import { cssString, dragOverText, exactly, optionById, type ConfigControl, type ControlAnswer, type Drive as OldEditorDrive } from '../../label-studio/drive.js';
import { watchPage, type PageWatch } from '../../support/browser.js';
import { ROOT } from '../../support/cli.js';
import { labelStudio, type Labeler } from './label-studio.js';

/** A task as Label Studio's labeling stream hands it out (`POST /api/dm/actions?id=next_task`). */
export interface StreamTask {
  id: number;
  data: Record<string, unknown>;
}

/** A labeler's page on one project's labeling stream. */
export interface Stream {
  page: Page;
  watch: PageWatch;
  /** The task on screen; undefined once the stream has no more tasks. */
  task: StreamTask | undefined;
}

/** Clicks the one visible element of `locator` with a real mouse. */
async function clickOne(locator: Locator, what: string): Promise<void> {
  const visible = locator.filter({ visible: true });
  // A dropdown or a sub-question opens with an animation: wait for it before counting.
  await visible.first().waitFor({ state: 'visible', timeout: 10_000 }).catch(() => undefined);
  const n = await visible.count();
  if (n !== 1) throw new Error(`Expected one visible ${what}, found ${n}`);
  await visible.click({ timeout: 10_000 });
}

/** Logs a labeler in through Label Studio's login form; returns the page. */
export async function logIn(context: BrowserContext, labeler: Labeler): Promise<{ page: Page; watch: PageWatch }> {
  const page = await context.newPage();
  const watch = await watchPage(page);
  await page.goto(`${labelStudio().url}/user/login/`);
  await page.fill('input[name=email]', labeler.email);
  await page.fill('input[name=password]', labeler.password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/user/login'), { timeout: 60_000 }), page.click('button[type=submit]')]);
  return { page, watch };
}

/** Whether a response is the labeling stream's next task of `projectId` (the data manager's next_task action). */
const isNext = (projectId: number) => (r: Response): boolean => r.request().method() === 'POST' && /\/api\/dm\/actions\?/.test(r.url()) && new URL(r.url()).searchParams.get('id') === 'next_task' && new URL(r.url()).searchParams.get('project') === String(projectId);

/** The task a next_task answer holds (undefined when the stream is done). */
async function taskOf(response: Response): Promise<StreamTask | undefined> {
  if (response.status() !== 200) return undefined;
  const body = (await response.json().catch(() => undefined)) as { id?: unknown; data?: unknown } | undefined;
  return typeof body?.id === 'number' && typeof body.data === 'object' && body.data !== null ? { id: body.id, data: body.data as Record<string, unknown> } : undefined;
}

/**
 * Opens the labeling stream of a project ("Label All Tasks") and waits for
 * the first task and the instructions Label Studio shows before it (unless
 * the project shows none: `instructions: false`).
 * Returns the stream and the instructions dialog's text.
 */
export async function openStream(page: Page, watch: PageWatch, projectId: number, options: { instructions?: boolean } = {}): Promise<{ stream: Stream; instructions: Locator }> {
  const next = page.waitForResponse(isNext(projectId), { timeout: 120_000 });
  await page.goto(`${labelStudio().url}/projects/${projectId}/data?labeling=1`);
  const task = await taskOf(await next);
  const instructions = page.locator('.lsf-modal-ls_visible').filter({ has: page.locator('.lsf-modal-ls__title', { hasText: 'Labeling Instructions' }) });
  if (options.instructions !== false) await instructions.first().waitFor({ state: 'visible', timeout: 60_000 });
  if (task) await showsTask(page, task);
  return { stream: { page, watch, task }, instructions: instructions.first() };
}

/** Waits until the page shows `task`'s text (the previous task's controls are gone by then). */
async function showsTask(page: Page, task: StreamTask): Promise<void> {
  const text = typeof task.data.text === 'string' ? task.data.text : '';
  try {
    // Label Studio shows each line of a text in its own element, without the line breaks.
    await page.waitForFunction((t) => (document.querySelector('.lsf-richtext__container')?.textContent ?? '').replace(/\n/g, '') === t, text.replace(/\n/g, ''), { timeout: 60_000, polling: 50 });
  } catch (error) {
    const shown = await page.evaluate(() => document.querySelector('.lsf-richtext__container')?.textContent ?? null).catch(() => null);
    await page.screenshot({ path: join(ROOT, 'tests/.artifacts/label-studio-server', `stuck-task-${task.id}.png`) }).catch(() => undefined);
    throw new Error(`Task ${task.id} was handed out but its text is not on screen after 60 s: expected ${JSON.stringify(text)}, shown ${JSON.stringify(shown)} (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
  }
}

/** Closes the instructions dialog the way a labeler does (its close button). */
export async function closeInstructions(page: Page, instructions: Locator): Promise<void> {
  await instructions.locator('button[aria-label="Close modal"]').click({ timeout: 10_000 });
  await instructions.waitFor({ state: 'hidden', timeout: 10_000 });
}

/** How an answer was given: the controls clicked (the current UI sets nothing through the store, unlike 1.4.0's). */
export type Drive = Pick<OldEditorDrive, 'clicked'>;

/** Answers one control of the task on screen with clicks. */
export async function answerControl(page: Page, control: ConfigControl, answer: ControlAnswer, drive: Drive): Promise<void> {
  const label = `<${control.tag} name="${control.name}">`;
  switch (answer.kind) {
    case 'choices': {
      for (const id of answer.ids) {
        const { value } = optionById(control, id);
        await clickOne(page.locator(`label:has(input[name=${cssString(value)}])`), `choice ${JSON.stringify(value)} of ${label}`);
      }
      break;
    }
    case 'taxonomy': {
      const taxonomy = page.locator('.lsf-taxonomy').nth(control.nth);
      for (const id of answer.ids) {
        const option = optionById(control, id);
        await taxonomy.locator('.ant-select-selector').click({ timeout: 10_000 });
        const dropdown = page.locator('.htx-taxonomy-dropdown').filter({ visible: true });
        for (const parent of option.parents) {
          const node = dropdown.locator('.ant-select-tree-treenode').filter({ has: page.locator('.ant-select-tree-title', { hasText: exactly(parent) }) });
          // The dropdown opens with an animation; a parent may still be expanded from the previous task.
          await node.first().waitFor({ state: 'visible', timeout: 10_000 });
          const closed = node.locator('.ant-select-tree-switcher_close');
          if (await closed.count()) await closed.click({ timeout: 10_000 });
        }
        const node = dropdown.locator('.ant-select-tree-treenode').filter({ has: page.locator('.ant-select-tree-title', { hasText: exactly(option.value) }) });
        await clickOne(node.locator('.ant-select-tree-checkbox'), `taxonomy item ${JSON.stringify(option.value)} of ${label}`);
        await page.keyboard.press('Escape');
      }
      break;
    }
    case 'text': {
      const field = page.locator(`textarea[name=${cssString(control.name)}], input[name=${cssString(control.name)}]`).filter({ visible: true });
      await field.fill(answer.text, { timeout: 10_000 });
      // A one-line TextArea is an <input> that adds on Enter; a multi-line one adds with Shift+Enter... or its Add button.
      if ((await field.evaluate((el) => el.tagName)) === 'INPUT') await field.press('Enter');
      else await field.locator('xpath=ancestor::form[1]').locator('button', { hasText: 'Add' }).click({ timeout: 10_000 });
      break;
    }
    case 'rating': {
      const stars = page.locator('ul.ant-rate').nth(control.nth).locator('li.ant-rate-star');
      await stars.nth(answer.rating - 1).locator('div[role=radio]').click({ timeout: 10_000 });
      break;
    }
    case 'spans': {
      for (const span of answer.spans) {
        const { value } = optionById(control, span.id);
        await clickOne(page.locator('.lsf-label').filter({ has: page.locator('.lsf-label__text', { hasText: exactly(value) }) }), `label ${JSON.stringify(value)} of ${label}`);
        await dragOverText(page, span.text);
      }
      break;
    }
  }
  drive.clicked.push(label);
}

/**
 * Clicks Submit and waits until Label Studio saved the annotation (201) and
 * handed out the next task; returns the saved annotation's id and the next
 * task (undefined when the stream is done).
 */
export async function submit(stream: Stream, projectId: number): Promise<{ annotation: number; next: StreamTask | undefined }> {
  const { page } = stream;
  const current = stream.task;
  if (!current) throw new Error('No task on screen to submit');
  const saved = page.waitForResponse((r) => r.request().method() === 'POST' && new RegExp(`/api/tasks/${current.id}/annotations/?(\\?|$)`).test(r.url()), { timeout: 60_000 });
  const next = page.waitForResponse(isNext(projectId), { timeout: 60_000 });
  await page.locator('button[aria-label="Submit current annotation"]').click({ timeout: 10_000 });
  const answer = await saved;
  const body = (await answer.json().catch(() => ({}))) as { id?: number };
  if (answer.status() !== 201 || typeof body.id !== 'number') throw new Error(`Label Studio answered the submit of task ${current.id} with ${answer.status()}: ${JSON.stringify(body).slice(0, 300)}`);
  const task = await taskOf(await next);
  stream.task = task;
  if (task) await showsTask(page, task);
  return { annotation: body.id, next: task };
}

/** Problems a page logged: page errors, and requests to anything but Label Studio. */
export function pageProblems(watch: PageWatch): string[] {
  const origin = labelStudio().url;
  return [...watch.errors.map((e) => `page error: ${e}`), ...watch.requests.filter((u) => !u.startsWith(`${origin}/`) && !u.startsWith('data:') && !u.startsWith('blob:')).map((u) => `request to another origin: ${u}`)];
}
