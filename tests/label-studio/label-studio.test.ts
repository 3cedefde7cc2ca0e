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
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { answerControl, outlineConfig, type Drive } from './drive.js';
import { openEditor, startLabelStudioServer, type BootReport, type EditorPage, type LabelStudioServer } from './harness.js';

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

