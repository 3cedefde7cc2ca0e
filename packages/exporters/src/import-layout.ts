/**
 * The first pass of `rubric import label-studio`: the layout of a Label
 * Studio config in document order. It finds every control with the
 * visibleWhen gates above it and the Header that is its prompt, and every
 * object tag; what it leaves out it notes with the element, so the import
 * can report it at its line and column.
 *
 * A control's prompt is the nearest Header before it in document order,
 * wherever it stands (a Header just before the View holding the control is
 * the common layout of Label Studio's templates). A `size="6"` Header right
 * after a Header is that prompt's description (the layout Rubric exports).
 * A Header taken by two controls, and a Header no control takes, are noted.
 */
import type { Element as XmlElement } from '@xmldom/xmldom';
import { tagRole } from './label-studio-tags.js';

/** Label Studio reads attribute names case-insensitively. */
export function attr(el: XmlElement, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (let i = 0; i < el.attributes.length; i++) {
    const a = el.attributes.item(i)!;
    if (a.name.toLowerCase() === lower) return a.value;
  }
  return undefined;
}

/** The element children of an element. */
export function children(el: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) out.push(n as XmlElement);
  return out;
}

/** What an exported Header showed: the word joiner Rubric puts after `$` removed. */
export function unguard(value: string): string {
  return value.replace(/\$\u2060/g, '$');
}

/** `<Tag name="...">` (`<Choice value="...">` for a tag without a name), for messages. */
export function describeElement(el: XmlElement): string {
  const name = attr(el, 'name');
  const value = name === undefined ? attr(el, 'value') : undefined;
  const shown = (v: string): string => JSON.stringify(v.length > 40 ? `${v.slice(0, 39)}…` : v);
  return `<${el.tagName}${name !== undefined ? ` name=${shown(name)}` : value !== undefined ? ` value=${shown(value)}` : ''}>`;
}

/** Something the import has to say about an element. */
export interface LayoutNote {
  el?: XmlElement;
  message: string;
}

/** A Header (or a Panel's title), with the size-6 Headers right after it as its description. */
export interface HeaderRun {
  el: XmlElement;
  text: string;
  description: string[];
  /** The controls that took it as their prompt, in document order. */
  takenBy: XmlElement[];
}

/** visibleWhen="choice-selected" on a View or a control: shown while `tagName` has one of `values` selected (any, when empty). */
export interface Gate {
  el: XmlElement;
  tagName: string;
  values: string[];
}

/** A control tag the import turns into a question. */
export interface LayoutControl {
  el: XmlElement;
  /** The gates of the enclosing Views and of the control itself, outermost first. */
  gates: Gate[];
  prompt?: HeaderRun;
}

/** An object tag that can show text (Text, HyperText, HTML, Paragraphs, Chat). */
export interface LayoutObject {
  el: XmlElement;
  tag: string;
  name: string;
  /** The `value` attribute: `$field` for a task field, anything else is fixed content. */
  value: string;
}

/** The layout of a config. */
export interface ConfigLayout {
  controls: LayoutControl[];
  objects: LayoutObject[];
  /** The root's `size="3"` Header: the set's title (no prompt finding for it). */
  title?: XmlElement;
  notes: LayoutNote[];
}

/** Reads the layout below `root` (a `<View>`). */
export function readLayout(root: XmlElement): ConfigLayout {
  const notes: LayoutNote[] = [];
  const note = (el: XmlElement, message: string): void => void notes.push({ el, message });
  const controls: LayoutControl[] = [];
  const objects: LayoutObject[] = [];
  const title = children(root).find((c) => c.tagName === 'Header' && attr(c, 'size') === '3');
  // Headers since the last control, and the one the last control took (a control without a Header of its own shares it).
  let pending: HeaderRun[] = [];
  let lastTaken: HeaderRun | undefined;

  const gateOf = (e: XmlElement): Gate | undefined => {
    const kind = attr(e, 'visibleWhen');
    if (kind === undefined) return undefined;
    const tagName = attr(e, 'whenTagName');
    if (kind !== 'choice-selected' || !tagName) {
      note(e, `Unexpected visibleWhen="${kind}"${tagName ? '' : ' without whenTagName'}, expected visibleWhen="choice-selected" with whenTagName; the element is shown always`);
      return undefined;
    }
    return { el: e, tagName, values: (attr(e, 'whenChoiceValue') ?? '').split(',').filter((v) => v !== '') };
  };

  const header = (el: XmlElement, raw: string, previous: XmlElement | undefined): void => {
    const text = unguard(raw).trim();
    const last = pending[pending.length - 1];
    if (attr(el, 'size') === '6' && last && previous === last.el) last.description.push(text);
    else pending.push({ el, text, description: [], takenBy: [] });
  };

  const control = (el: XmlElement, gates: Gate[]): void => {
    const gate = gateOf(el);
    const found: LayoutControl = { el, gates: gate ? [...gates, gate] : gates };
    const nearest = pending[pending.length - 1];
    if (nearest) {
      for (const unused of pending.slice(0, -1)) unusedHeader(unused, `before the nearer Header ${JSON.stringify(nearest.text)}, which is the prompt of ${describeElement(el)}`);
      found.prompt = nearest;
    } else if (lastTaken) {
      found.prompt = lastTaken;
      const first = lastTaken.takenBy[0]!;
      note(el, `The nearest Header before it, ${JSON.stringify(lastTaken.text)} (line ${lastTaken.el.lineNumber}), is the prompt of ${describeElement(first)} too: taken as the prompt of both; give each control a Header of its own to tell them apart`);
    }
    if (found.prompt) {
      found.prompt.takenBy.push(el);
      if (/\$[a-z0-9_.]/i.test(attr(found.prompt.el, 'value') ?? '')) note(found.prompt.el, `The prompt ${JSON.stringify(found.prompt.text)} shows a task field in Label Studio (it replaces $name by the task's field); Rubric keeps the text as written`);
    }
    lastTaken = found.prompt;
    pending = [];
    controls.push(found);
  };

  const unusedHeader = (run: HeaderRun, where: string): void => {
    if (run.el === title) return;
    note(run.el, `Unexpected Header ${JSON.stringify(run.text)} ${where}, expected one Header per control; left out: move its text into the guideline`);
  };

  const visit = (el: XmlElement, gates: Gate[]): void => {
    let previous: XmlElement | undefined;
    for (const child of children(el)) {
      const tag = child.tagName;
      const role = tagRole(tag);
      if (tag === 'Header') header(child, attr(child, 'value') ?? child.textContent ?? '', previous);
      else if (role === 'layout' && tag !== 'Style' && tag !== 'Filter') {
        if (tag === 'Panel' && attr(child, 'value')) header(child, attr(child, 'value')!, undefined);
        const gate = gateOf(child);
        visit(child, gate ? [...gates, gate] : gates);
      } else if (role === 'question') control(child, gates);
      else if (role === 'text') objects.push({ el: child, tag, name: attr(child, 'name') ?? '', value: attr(child, 'value') ?? '' });
      else if (role === 'other-object') note(child, `Unexpected <${tag}>, expected a text object: Rubric guidelines label text; the ${tag.toLowerCase()} is left out${children(child).length ? ' with everything inside it' : ''}`);
      else if (role === 'other-control') note(child, otherControl(tag));
      else if (role === 'part') note(child, `Unexpected <${tag}> outside the tag it belongs in, expected it inside ${tag === 'Label' ? 'Labels' : tag === 'Choice' ? 'Choices or Taxonomy' : 'its parent'}; left out`);
      else if (role === undefined) note(child, `Unexpected <${tag}>, expected a Label Studio tag; left out`);
      previous = child;
    }
  };
  visit(root, []);
  for (const run of pending) unusedHeader(run, controls.length ? 'after the last control' : 'with no control after it');
  return { controls, objects, ...(title ? { title } : {}), notes };
}

/** Why a control with no Rubric question type is left out. */
function otherControl(tag: string): string {
  if (tag === 'Ranker') return 'Unexpected control <Ranker>, expected Choices, Taxonomy, Labels, HyperTextLabels, TextArea, Rating or Pairwise: Rubric has no ranking question; not imported';
  if (tag === 'ParagraphLabels') return 'Unexpected control <ParagraphLabels>, expected Labels over a Text: its spans are a message index and offsets inside that message, which offsets in one text cannot keep (see docs/exports.md); not imported';
  return `Unexpected control <${tag}>, expected Choices, Taxonomy, Labels, HyperTextLabels, TextArea, Rating or Pairwise: not imported, add it to schema.json by hand if Rubric supports it`;
}
