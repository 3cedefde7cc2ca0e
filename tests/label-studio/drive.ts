/**
 * Answering a task in the Label Studio 1.4.0 editor the way a labeler does:
 * real mouse clicks and key presses on the controls the config declares.
 *
 * The config is read (in the page, with the browser's own DOMParser) into a
 * list of controls: which tag, which name, which choices with which displayed
 * value and exported alias. The driver clicks by the displayed value, so an
 * export that shows titles and exports ids through `alias` is driven as a
 * labeler would see it.
 *
 * The store API (`findLabel(...).toggleSelected()`, ...) is used only for a
 * widget that cannot be driven by clicks, and every such use is recorded in
 * `Drive.viaStore` so the test can print why.
 */
// Functions passed to page.evaluate run in the browser: they need the DOM types.
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import type { Page } from 'playwright-core';

/** A Choice (of Choices or Taxonomy) or a Label (of Labels) in the config. */
export interface ConfigOption {
  /** What the editor shows and puts in its DOM. */
  value: string;
  /** What the editor exports instead of `value` (Choices and Labels only). */
  alias?: string;
  /** Displayed values of the enclosing Choices of a Taxonomy, outermost first. */
  parents: string[];
}

/** One control tag of a labeling config. */
export interface ConfigControl {
  tag: 'Choices' | 'Taxonomy' | 'Labels' | 'TextArea' | 'Rating' | string;
  name: string;
  toName?: string;
  /** Every attribute, lower-cased names (Label Studio reads them case-insensitively). */
  attrs: Record<string, string>;
  options: ConfigOption[];
  /** 0-based position among the config's controls of the same tag. */
  nth: number;
  /** How many controls of the same tag the config has. */
  sameTag: number;
  /** A Pairwise's two texts: their positions among the config's Text and HyperText objects (each renders one text box). */
  pair?: [number, number];
}

/** The controls and object tags of a labeling config, in document order. */
export interface ConfigOutline {
  /** The browser's XML parser error, if the config is not well-formed XML. */
  parseError?: string;
  controls: ConfigControl[];
  /** Object tags (Text, HyperText, ...) by name, with the task field they read. */
  objects: { tag: string; name: string; value?: string }[];
}

const CONTROL_TAGS = ['Choices', 'Taxonomy', 'Labels', 'HyperTextLabels', 'TextArea', 'Rating', 'Number', 'DateTime', 'Ranker', 'Pairwise'];
const OBJECT_TAGS = ['Text', 'HyperText', 'Paragraphs', 'Table'];

/** Parses a labeling config in the page (the browser's XML parser is the one we trust here). */
export async function outlineConfig(page: Page, config: string): Promise<ConfigOutline> {
  return page.evaluate(
    ({ config, controlTags, objectTags }) => {
      const doc = new DOMParser().parseFromString(config, 'application/xml');
      const err = doc.getElementsByTagName('parsererror')[0];
      if (err) return { parseError: err.textContent ?? 'parsererror', controls: [], objects: [] };
      const attrs = (el: Element): Record<string, string> => {
        const out: Record<string, string> = {};
        for (const a of Array.from(el.attributes)) out[a.name.toLowerCase()] = a.value;
        return out;
      };
      const counts = new Map<string, number>();
      const controls: ConfigControl[] = [];
      const objects: ConfigOutline['objects'] = [];
      for (const el of Array.from(doc.getElementsByTagName('*'))) {
        const a = attrs(el);
        if (objectTags.includes(el.tagName)) objects.push({ tag: el.tagName, name: a.name ?? '', ...(a.value !== undefined ? { value: a.value } : {}) });
        if (!controlTags.includes(el.tagName)) continue;
        const nth = counts.get(el.tagName) ?? 0;
        counts.set(el.tagName, nth + 1);
        const options: ConfigOption[] = [];
        const optionTag = el.tagName === 'Labels' || el.tagName === 'HyperTextLabels' ? 'Label' : 'Choice';
        const walk = (parent: Element, parents: string[]): void => {
          for (const child of Array.from(parent.children)) {
            if (child.tagName === optionTag) {
              const ca = attrs(child);
              const value = ca.value ?? '';
              options.push({ value, ...(ca.alias !== undefined ? { alias: ca.alias } : {}), parents });
              walk(child, [...parents, value]);
            } else if (child.tagName === 'View') walk(child, parents);
          }
        };
        walk(el, []);
        controls.push({ tag: el.tagName, name: a.name ?? '', ...(a.toname !== undefined ? { toName: a.toname } : {}), attrs: a, options, nth, sameTag: 0 });
      }
      for (const c of controls) c.sameTag = counts.get(c.tag) ?? 0;
      const texts = objects.filter((o) => o.tag === 'Text' || o.tag === 'HyperText').map((o) => o.name);
      for (const c of controls) {
        const [left, right] = (c.toName ?? '').split(',').map((n) => texts.indexOf(n.trim()));
        if (c.tag === 'Pairwise' && left !== undefined && right !== undefined && left >= 0 && right >= 0) c.pair = [left, right];
      }
      return { controls, objects };
    },
    { config, controlTags: CONTROL_TAGS, objectTags: OBJECT_TAGS },
  );
}

/** The option of a control whose exported id (alias, else value) is `id`. */
export function optionById(control: ConfigControl, id: string): ConfigOption {
  const found = control.options.filter((o) => (o.alias ?? o.value) === id);
  if (found.length !== 1) throw new Error(`Expected one option exporting ${JSON.stringify(id)} in <${control.tag} name="${control.name}">, found ${found.length}`);
  return found[0]!;
}

/** What to do to a control: the answer, in the export's own ids. */
export type ControlAnswer =
  | { kind: 'choices'; ids: string[] }
  | { kind: 'taxonomy'; ids: string[] }
  | { kind: 'text'; text: string }
  | { kind: 'rating'; rating: number }
  | { kind: 'spans'; spans: { id: string; text: string }[] }
  | { kind: 'pairwise'; side: 'left' | 'right' };

/** How a drive went: which controls were clicked and which were set through the store, and why. */
export interface Drive {
  clicked: string[];
  viaStore: { control: string; why: string }[];
}

/** CSS attribute-value string: quotes and backslashes escaped. */
export function cssString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A regular expression matching exactly `s` (after trimming). */
export function exactly(s: string): RegExp {
  return new RegExp(`^\\s*${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}

/** Clicks the center of the one element `selector` matches (scrolled into view first), with a real mouse. */
async function clickOne(page: Page, locator: ReturnType<Page['locator']>, what: string): Promise<void> {
  const n = await locator.count();
  if (n !== 1) throw new Error(`Expected one ${what} on the page, found ${n}`);
  await locator.click({ timeout: 5_000 });
}

/** Answers one control with clicks (or, where 1.4.0 cannot be clicked, through the store). */
export async function answerControl(page: Page, control: ConfigControl, answer: ControlAnswer, drive: Drive): Promise<void> {
  const label = `<${control.tag} name="${control.name}">`;
  switch (answer.kind) {
    case 'choices': {
      for (const id of answer.ids) {
        const { value } = optionById(control, id);
        // Radio inputs carry the value; checkboxes carry it as their name (1.4.0 markup).
        const sel = `label:has(input[type=radio][value=${cssString(value)}]), label:has(input[type=checkbox][name=${cssString(value)}])`;
        let target = page.locator(sel);
        // One value in several controls ("Yes" in each of a list of questions): each Choices renders a form of its own,
        // in config order, as long as none is hidden by visibleWhen.
        if ((await target.count()) > 1) {
          const forms = page.locator('form:has(input.ant-radio-input), form:has(input.ant-checkbox-input)');
          if ((await forms.count()) === control.sameTag) target = forms.nth(control.nth).locator(sel);
        }
        await clickOne(page, target, `choice ${JSON.stringify(value)} of ${label}`);
      }
      drive.clicked.push(label);
      return;
    }
    case 'taxonomy': {
      const taxonomy = page.locator('[class^="taxonomy--"]').nth(control.nth);
      for (const id of answer.ids) {
        const option = optionById(control, id);
        await taxonomy.locator('span', { hasText: 'Click to add' }).click({ timeout: 5_000 });
        // Expand each enclosing choice ("+"), outermost first, then tick the choice itself.
        for (const parent of option.parents) {
          const item = taxonomy.locator('[class^="taxonomy__item"]').filter({ has: page.locator('label', { hasText: exactly(parent) }) });
          const toggle = item.locator('[class^="taxonomy__grouping"]');
          if ((await toggle.textContent())?.trim() === '+') await toggle.click({ timeout: 5_000 });
        }
        await clickOne(page, taxonomy.locator('label', { hasText: exactly(option.value) }), `taxonomy item ${JSON.stringify(option.value)} of ${label}`);
        await page.keyboard.press('Escape');
      }
      drive.clicked.push(label);
      return;
    }
    case 'text': {
      const field = page.locator(`textarea[name=${cssString(control.name)}], input[name=${cssString(control.name)}]`);
      await field.fill(answer.text, { timeout: 5_000 });
      const isTextarea = await field.evaluate((el) => el.tagName === 'TEXTAREA');
      // A one-line TextArea (rows=1) is an <input> that adds on Enter; a multi-line one has an Add button.
      if (isTextarea) await field.locator('xpath=ancestor::form[1]').locator('button', { hasText: 'Add' }).click({ timeout: 5_000 });
      else await field.press('Enter');
      drive.clicked.push(label);
      return;
    }
    case 'rating': {
      const stars = page.locator('ul.ant-rate').nth(control.nth).locator('li.ant-rate-star');
      await stars.nth(answer.rating - 1).locator('div[role=radio]').click({ timeout: 5_000 });
      drive.clicked.push(label);
      return;
    }
    case 'pairwise': {
      if (!control.pair) throw new Error(`${label} does not name two text objects in toName="${control.toName}"`);
      // A labeler picks a side by clicking its text.
      await page.locator('.lsf-richtext').nth(control.pair[answer.side === 'left' ? 0 : 1]).click({ timeout: 5_000 });
      drive.clicked.push(label);
      return;
    }
    case 'spans': {
      for (const span of answer.spans) {
        const { value } = optionById(control, span.id);
        const chip = page.locator('.lsf-label').filter({ has: page.locator('.lsf-label__text', { hasText: exactly(value) }) });
        // Labels in a hidden View (Label Studio's question-answering layout) are picked by their hotkey.
        if ((await chip.count()) === 1 && !(await chip.isVisible())) await page.keyboard.press((await chip.locator('.lsf-label__hotkey').textContent())!.trim());
        else await clickOne(page, chip, `label ${JSON.stringify(value)} of ${label}`);
        await dragOverText(page, span.text);
      }
      drive.clicked.push(label);
      return;
    }
  }
}

/**
 * Selects the first occurrence of `quote` in the task text with the mouse:
 * press on the first character's left edge, release on the last one's right
 * edge (the same in the 1.4.0 editor and the current server's UI).
 */
export async function dragOverText(page: Page, quote: string): Promise<void> {
  const box = await page.evaluate((quote) => {
    // A HyperText renders its HTML in an iframe: select in its document, at its place on the page.
    const frame = document.querySelector<HTMLIFrameElement>('iframe.lsf-richtext__iframe');
    const doc = frame?.contentDocument ?? document;
    const root = frame ? doc.body : document.querySelector('.lsf-richtext__container');
    if (!root) return { error: 'no .lsf-richtext__container' };
    // A labeler scrolls back to the text after picking a label further down a long form.
    (frame ?? root).scrollIntoView({ block: 'center' });
    const at0 = frame ? frame.getBoundingClientRect() : { left: 0, top: 0 };
    // The text may be split over several text nodes (after earlier regions): walk them.
    const walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const nodes: Text[] = [];
    let all = '';
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      nodes.push(n as Text);
      all += (n as Text).data;
    }
    const at = all.indexOf(quote);
    if (at < 0) return { error: `${JSON.stringify(quote)} not in ${JSON.stringify(all)}` };
    const locate = (offset: number): [Text, number] => {
      for (const n of nodes) {
        if (offset < n.data.length) return [n, offset];
        offset -= n.data.length;
      }
      throw new Error('offset past the end');
    };
    const rectOf = (offset: number): DOMRect => {
      const [node, o] = locate(offset);
      const r = doc.createRange();
      r.setStart(node, o);
      r.setEnd(node, o + 1);
      return r.getBoundingClientRect();
    };
    const a = rectOf(at);
    const b = rectOf(at + quote.length - 1);
    return { x1: at0.left + a.left + 1, y1: at0.top + a.top + a.height / 2, x2: at0.left + b.right - 1, y2: at0.top + b.top + b.height / 2 };
  }, quote);
  if ('error' in box) throw new Error(`Cannot select the span: ${box.error}`);
  await page.mouse.move(box.x1, box.y1);
  await page.mouse.down();
  await page.mouse.move(box.x2, box.y2, { steps: 4 });
  await page.mouse.up();
}
