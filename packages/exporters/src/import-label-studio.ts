/**
 * `rubric import label-studio`: a Label Studio labeling config (XML) to a
 * schema.json and a guideline.md skeleton, for teams moving in.
 *
 * Choices, Taxonomy, Labels, HyperTextLabels, TextArea, Rating and Pairwise
 * become questions; nested Taxonomy choices and Rubric's own visibleWhen
 * chains become option trees; visibleWhen="choice-selected" becomes `when`;
 * the nearest Header before a control becomes its prompt (import-layout.ts).
 * The item is the object the controls point at. What a project's annotations
 * hold is kept: a choice's `value` is the title labelers see and its `alias`
 * (else its value) what Label Studio stores, kept in `exportValue` when it is
 * not the label id, so exporting the set again gives back the same choices
 * and the same results. What cannot be mapped is reported as a finding with
 * the element's line and column, never dropped silently.
 * (The table of every tag and what import does with it: label-studio-tags.ts.)
 */
import { DOMParser, type Element as XmlElement } from '@xmldom/xmldom';
import { LABEL_ID_PATTERN, QUESTION_ID_PATTERN, SEMVER_PATTERN, SET_ID_PATTERN } from '@rubric/core';
import { attr, children, describeElement, readLayout, unguard, type ConfigLayout, type LayoutControl, type LayoutObject } from './import-layout.js';
import { skeleton, type ImportedOption, type ImportedQuestion, type ImportedSchema } from './import-skeleton.js';
import { CHAIN_SEPARATOR, LS_PAIR } from './label-studio-layout.js';

/** Largest config accepted. */
export const MAX_IMPORT_BYTES = 1024 * 1024;

/** Something the import could not map as is. */
export interface ImportFinding {
  /** 1-based line and column of the element in the XML, when known. */
  line?: number;
  column?: number;
  /** The element, e.g. `<Choices name="verdict">`. */
  element?: string;
  message: string;
}

/** What an import gives. */
export interface ImportResult {
  /** schema.json as a value (write it with JSON.stringify(..., null, 2)). */
  schemaJson: Record<string, unknown>;
  guidelineMd: string;
  findings: ImportFinding[];
}

/** How to name what the config does not say. */
export interface ImportOptions {
  /** The set id, whatever the config says. */
  setId?: string;
  /** The set id when the config is not a Rubric export that names its own (e.g. from the file name). */
  fallbackSetId?: string;
  title?: string;
  version?: string;
  owner?: string;
  /** YYYY-MM-DD for the changelog entry (default: today). */
  today?: string;
}

/** A slug that fits label ids: lowercase letters, digits, `_` and `-`, starting with a letter. */
function slug(value: string): string {
  const s = value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_0-9]+|-+$/g, '');
  return s === '' ? 'label' : s;
}

function humanize(name: string): string {
  const s = name.replace(/[_-]+/g, ' ').trim();
  return s ? s[0]!.toUpperCase() + s.slice(1) : name;
}

/** The names a control's toName lists (Pairwise names two objects). */
function toNames(el: XmlElement): string[] {
  return (attr(el, 'toName') ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
}

/** Imports a Label Studio config. Never throws on bad input: problems come back as findings (and an empty schema when nothing could be read). */
export function importLabelStudioConfig(xml: string, options: ImportOptions = {}): ImportResult {
  const findings: ImportFinding[] = [];
  const note = (el: XmlElement | undefined, message: string): void => {
    if (!el) return void findings.push({ message });
    findings.push({
      ...(el.lineNumber !== undefined ? { line: el.lineNumber } : {}),
      ...(el.columnNumber !== undefined ? { column: el.columnNumber } : {}),
      element: describeElement(el),
      message,
    });
  };

  // Provenance of Rubric's own exports: keeps the set id and version across a round trip.
  const mark = /rubric:set=([a-z0-9-]+) rubric:version=(\S+)/.exec(xml.slice(0, 4096));
  const fallback = options.fallbackSetId !== undefined && SET_ID_PATTERN.test(options.fallbackSetId) ? options.fallbackSetId : 'imported';
  const setId = options.setId ?? (mark && SET_ID_PATTERN.test(mark[1]!) ? mark[1]! : fallback);
  const version = options.version ?? (mark && SEMVER_PATTERN.test(mark[2]!) ? mark[2]! : '0.1.0');
  const result = (schema: ImportedSchema, fixedTexts: string[] = []): ImportResult => ({
    schemaJson: schema as unknown as Record<string, unknown>,
    guidelineMd: skeleton(schema, { ...(options.owner !== undefined ? { owner: options.owner } : {}), ...(options.today !== undefined ? { today: options.today } : {}), fixedTexts }),
    // In the order of the file, as an editor lists them; what concerns the whole config last.
    findings: findings
      .map((f, i) => ({ f, i }))
      .sort((a, b) => (a.f.line ?? Infinity) - (b.f.line ?? Infinity) || (a.f.column ?? 0) - (b.f.column ?? 0) || a.i - b.i)
      .map(({ f }) => f),
  });
  const empty = (message: string): ImportResult => {
    findings.push({ message });
    return result({ id: setId, version, title: options.title ?? humanize(setId), questions: [] });
  };

  if (Buffer.byteLength(xml) > MAX_IMPORT_BYTES) return empty(`Unexpected config of ${Buffer.byteLength(xml)} bytes, expected at most ${MAX_IMPORT_BYTES}`);
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) return empty('Unexpected DOCTYPE or ENTITY declaration, expected a plain Label Studio config (declarations are refused: they can expand without bound)');
  let root: XmlElement | null = null;
  const parseErrors: string[] = [];
  try {
    const doc = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') parseErrors.push(message.replace(/\s+/g, ' ').trim());
      },
    }).parseFromString(xml, 'text/xml');
    root = doc.documentElement;
  } catch (error) {
    parseErrors.push(error instanceof Error ? error.message.replace(/\s+/g, ' ').trim() : String(error));
  }
  if (parseErrors.length || !root) return empty(`Unexpected XML: ${parseErrors[0] ?? 'no root element'}; expected a well-formed Label Studio config`);
  if (root.tagName !== 'View') note(root, `Unexpected root <${root.tagName}>, expected <View>; read anyway`);

  const layout = readLayout(root);
  for (const n of layout.notes) note(n.el, n.message);
  const title = options.title ?? ((layout.title ? unguard(attr(layout.title, 'value') ?? layout.title.textContent ?? '').trim() : '') || humanize(setId));
  const item = chooseItem(layout, note);
  const html = item?.tag === 'HyperText' || item?.tag === 'HTML';
  const questions = new QuestionReader(note, Boolean(mark), html, layout.controls.some((c) => c.el.tagName === 'Pairwise')).read(layout.controls);
  if (questions.length === 0) findings.push({ message: 'Unexpected config without Choices, Taxonomy, Labels, HyperTextLabels, TextArea, Rating or Pairwise, expected at least one question' });
  const schema: ImportedSchema = { id: setId, version, title, ...(html ? { item: { format: 'html' as const } } : {}), questions };
  const fixedTexts = layout.objects.filter((o) => o !== item && !o.value.startsWith('$') && o.value.trim() !== '').map((o) => o.value.trim());
  return result(schema, fixedTexts);
}

/**
 * The item: the object the controls point at (a `value` without `$` is
 * fixed text, never the item). Reports every other object, and what changes
 * for the item itself (its task field, a list of messages read as one text).
 */
function chooseItem(layout: ConfigLayout, note: (el: XmlElement | undefined, message: string) => void): LayoutObject | undefined {
  const byName = new Map(layout.objects.map((o) => [o.name, o]));
  const pairwise = layout.controls.filter((c) => c.el.tagName === 'Pairwise');
  const pair = new Set(pairwise.flatMap((c) => toNames(c.el).slice(0, 2)));
  // How many controls point at each object: the most pointed-at field object is the item (document order breaks ties).
  const votes = new Map<LayoutObject, number>();
  for (const c of layout.controls) {
    if (c.el.tagName === 'Pairwise') continue;
    const target = byName.get(toNames(c.el)[0] ?? '');
    if (target && target.value.startsWith('$')) votes.set(target, (votes.get(target) ?? 0) + 1);
  }
  const ranked = [...votes.entries()].sort((a, b) => b[1] - a[1] || layout.objects.indexOf(a[0]) - layout.objects.indexOf(b[0]));
  const item = ranked[0]?.[0] ?? layout.objects.find((o) => o.value.startsWith('$') && !pair.has(o.name) && o.tag !== 'Chat');
  for (const c of layout.controls) {
    const names = toNames(c.el);
    if (c.el.tagName === 'Pairwise') continue;
    if (names.length === 0) note(c.el, 'Unexpected control without toName, expected the name of the object it labels; it labels the item');
    else if (!byName.has(names[0]!)) note(c.el, `Unexpected toName="${names.join(',')}", expected the name of a text object of the config; it labels the item`);
    else if (byName.get(names[0]!) !== item) note(c.el, `Unexpected toName="${names[0]}" besides the item ${item ? `"${item.name}"` : ''}, expected one text per item: the question is about the item`);
    else if (names.length > 1) note(c.el, `Unexpected toName="${names.join(',')}" naming ${names.length} objects, expected one: the question is about the item "${names[0]}"`);
  }
  for (const c of pairwise) {
    const names = toNames(c.el);
    const objects = names.map((n) => byName.get(n));
    if (names.length !== 2 || objects.some((o) => !o || !o.value.startsWith('$'))) note(c.el, `Unexpected toName="${names.join(',')}", expected the names of two text objects that show task fields`);
    else if (names.some((n, i) => byName.get(n)!.value !== `$${LS_PAIR[i]}`)) note(c.el, `The compared task fields ${objects.map((o) => o!.value).join(' and ')} become $left and $right: Rubric's export reads the pair from the task fields "left" and "right"; rename the fields in the tasks you import`);
  }
  for (const o of layout.objects) {
    if (o === item) {
      if (o.tag === 'Paragraphs' || o.tag === 'Chat') note(o.el, `The <${o.tag}> ${o.value} (a list of messages) becomes one text: Rubric labels one text per item; join the messages into the task field "text" of the tasks you import`);
      else if (o.value !== '$text') note(o.el, `The task field ${o.value || '(none)'} becomes $text: Rubric exports read the item from the task field "text"; rename the field in the tasks you import`);
      continue;
    }
    if (pair.has(o.name)) continue;
    if (!o.value.startsWith('$')) note(o.el, `The <${o.tag}> shows fixed text, not a task field: it is not the item; left out of the export (the guideline's Scope quotes it)`);
    else if (o.tag === 'Chat' && !layout.controls.some((c) => toNames(c.el).includes(o.name))) note(o.el, `Unexpected <Chat> ${o.value} without a control over it, expected a Choices, Labels, TextArea or Rating pointing at it; left out`);
    else note(o.el, `Unexpected second text object ${o.value}, expected one text per item; left out of the export`);
  }
  // A config that only compares a pair needs no item of its own.
  if (!item && layout.controls.some((c) => c.el.tagName !== 'Pairwise')) note(undefined, `Unexpected config without a text object showing a task field${pair.size ? ' besides the compared pair' : ''}, expected one: the exported config shows the item from the task field "text"`);
  return item;
}

/** The second pass: questions from the controls, with label ids unique across the set. */
class QuestionReader {
  private readonly usedIds = new Set<string>();
  /** Control name -> its options by exported value (alias, else value), to resolve gates and chains. */
  private readonly optionsOf = new Map<string, Map<string, ImportedOption>>();
  private readonly questionOf = new Map<string, ImportedQuestion>();
  private readonly questions: ImportedQuestion[] = [];
  /** Names of the Taxonomy controls (a visibleWhen cannot test them). */
  private readonly taxonomies = new Set<string>();

  constructor(
    private readonly note: (el: XmlElement | undefined, message: string) => void,
    /** The config is a Rubric export: a `<Label hint>` there is the title (the layout Rubric exported before aliases). */
    private readonly fromRubric: boolean,
    private readonly html: boolean,
    /** The config has a Pairwise: its two texts are exported as `left` and `right`. */
    private readonly pairwise: boolean,
  ) {}

  read(controls: LayoutControl[]): ImportedQuestion[] {
    for (const c of controls) this.control(c);
    return this.questions;
  }

  private uniqueId(base: string): string {
    let id = base;
    for (let n = 2; this.usedIds.has(id) || !LABEL_ID_PATTERN.test(id); n++) id = LABEL_ID_PATTERN.test(base) ? `${base}-${n}` : `label-${n}`;
    this.usedIds.add(id);
    return id;
  }

  /**
   * An option from a Choice or Label: the value is the title, the alias (else
   * the value) what is stored. A choice of a Taxonomy tree (no alias there)
   * shows and stores its value, which the title gives back, so it needs no
   * exportValue (values may repeat under different parents).
   */
  private option(el: XmlElement, parent: ImportedOption | undefined, taxonomy: boolean): ImportedOption {
    const value = attr(el, 'value') ?? '';
    // Label Studio stores the value when the alias is empty; a Taxonomy ignores the alias.
    const alias = el.parentNode && isTaxonomyChoice(el) ? undefined : attr(el, 'alias') || undefined;
    const exported = alias ?? value;
    const hint = attr(el, 'hint');
    const legacyTitle = el.tagName === 'Label' && alias === undefined && this.fromRubric && hint ? hint : undefined;
    const title = legacyTitle ?? value;
    if (value.trim() === '') this.note(el, `Unexpected <${el.tagName}> without a value, expected the text labelers see; its title is ${JSON.stringify(exported.trim() || 'its id')}`);
    const wanted = LABEL_ID_PATTERN.test(exported) && !this.usedIds.has(exported) ? exported : parent ? `${parent.id}.${slug(value || exported)}` : slug(value || exported);
    const id = this.uniqueId(wanted);
    const hotkey = attr(el, 'hotkey');
    if (hotkey !== undefined && [...hotkey].length !== 1) this.note(el, `Unexpected hotkey ${JSON.stringify(hotkey)}, expected one character (Rubric's hotkey is one key); left out`);
    return {
      id,
      title: title.trim() !== '' ? title : exported.trim() !== '' ? exported : id,
      ...(exported !== id && !taxonomy && exported !== '' ? { exportValue: exported } : {}),
      ...(hint && !legacyTitle ? { description: hint } : {}),
      ...(hotkey !== undefined && [...hotkey].length === 1 ? { hotkey } : {}),
    };
  }

  /**
   * The options of a Choices, Taxonomy or Labels level. Choices with the
   * value Label Studio stores twice are one choice to it: merged, with a
   * finding at the second.
   */
  private level(parentEl: XmlElement, control: XmlElement, parent: ImportedOption | undefined, map: Map<string, ImportedOption>): ImportedOption[] {
    const tag = control.tagName;
    const optionTag = tag === 'Labels' || tag === 'HyperTextLabels' ? 'Label' : 'Choice';
    const seen = new Map<string, XmlElement>();
    const shown = new Map<string, XmlElement>();
    const out: ImportedOption[] = [];
    const visit = (el: XmlElement): void => {
      for (const c of children(el)) {
        if (c.tagName === 'View') {
          visit(c);
          continue;
        }
        if (c.tagName !== optionTag) {
          this.note(c, `Unexpected <${c.tagName}> inside <${tag}>, expected <${optionTag}>; left out`);
          continue;
        }
        // A Taxonomy shows and stores the value (1.4.0 ignores alias there).
        const stored = tag === 'Taxonomy' ? (attr(c, 'value') ?? '') : attr(c, 'alias') || (attr(c, 'value') ?? '');
        const first = seen.get(stored);
        if (first) {
          this.note(c, `Unexpected second <${optionTag}> storing ${JSON.stringify(stored)} in ${describeElement(control)} (the first is at line ${first.lineNumber}), expected each to store a value of its own: Label Studio stores both as one; merged into one label`);
          continue;
        }
        seen.set(stored, c);
        const text = attr(c, 'value') ?? '';
        const twin = shown.get(text);
        if (twin && tag !== 'Taxonomy') this.note(c, `Unexpected second <${optionTag}> showing ${JSON.stringify(text)} in ${describeElement(control)} (the first is at line ${twin.lineNumber}), expected each to show a text of its own: labelers cannot tell them apart; the export shows each with its label id added`);
        shown.set(text, c);
        if (tag === 'Taxonomy' && attr(c, 'alias') !== undefined) this.note(c, 'Unexpected alias on a Taxonomy choice (Label Studio 1.4.0 ignores it), expected none; the value is kept');
        const o = this.option(c, parent, tag === 'Taxonomy' && isTree(control));
        map.set(stored, o);
        const sub = children(c).filter((x) => x.tagName === 'Choice');
        if (sub.length) {
          if (tag === 'Choices') this.note(c, 'Unexpected nested <Choice> in <Choices> (Label Studio 1.4.0 drops it), expected a Taxonomy; imported as child options');
          if (optionTag === 'Choice') o.options = this.level(c, control, o, map);
        }
        out.push(o);
      }
    };
    visit(parentEl);
    return out;
  }

  private control(found: LayoutControl): void {
    const el = found.el;
    const tag = el.tagName;
    const rawName = attr(el, 'name') ?? '';
    const gate = found.gates[found.gates.length - 1];
    // A chain sub-control of Rubric's own export: its options become children of the option that shows it.
    const sep = rawName.indexOf(CHAIN_SEPARATOR);
    if (tag === 'Choices' && gate && sep > 0 && gate.values.length === 1) {
      const parent = this.optionsOf.get(gate.tagName)?.get(gate.values[0]!);
      const rootQuestion = this.questionOf.get(gate.tagName);
      if (parent && rootQuestion && rawName.startsWith(`${rootQuestion.id}${CHAIN_SEPARATOR}`)) {
        const map = new Map<string, ImportedOption>();
        parent.options = this.level(el, el, parent, map);
        this.optionsOf.set(rawName, map);
        this.questionOf.set(rawName, rootQuestion);
        return;
      }
    }
    let id = rawName;
    if (!QUESTION_ID_PATTERN.test(id)) {
      id = slug(rawName).replace(/-/g, '_') || 'question';
      this.note(el, `Unexpected control name ${JSON.stringify(rawName)}, expected a lowercase question id: the question is ${id}, so its results carry from_name "${id}"`);
    }
    // The exported config names its text objects `text` (and `left` and `right` for a pairwise question).
    const reserved = ['text', ...(this.pairwise ? LS_PAIR : [])];
    if (reserved.includes(id)) {
      this.note(el, `Unexpected control name ${JSON.stringify(id)}, expected a name other than ${reserved.join(', ')}: Rubric's export names its text objects so; the question is ${id}_q`);
      id = `${id}_q`;
    }
    if (this.questions.some((q) => q.id === id)) {
      let n = 2;
      while (this.questions.some((q) => q.id === `${id}_${n}`)) n++;
      this.note(el, `Unexpected second control named ${JSON.stringify(id)}, expected names unique in the config: the question is ${id}_${n}`);
      id = `${id}_${n}`;
    }
    const todo = `TODO: the question labelers answer in ${humanize(id)}`;
    const prompt = found.prompt?.text || todo;
    const description = found.prompt?.description.filter((d) => d !== '').join(' ');
    const q: ImportedQuestion = { id, type: 'single', prompt, ...(description ? { description } : {}) };
    if (attr(el, 'required') === 'true') q.required = true;
    if (attr(el, 'perRegion') === 'true') this.note(el, `Unexpected perRegion="true", expected a question about the whole item: Rubric asks each question once per item, not once per span or message (see docs/exports.md); imported as a question about the whole item, and the export asks it once`);
    const map = new Map<string, ImportedOption>();
    switch (tag) {
      case 'Choices':
        q.type = attr(el, 'choice') === 'multiple' ? 'multi' : 'single';
        q.options = this.level(el, el, undefined, map);
        break;
      case 'Taxonomy':
        this.taxonomies.add(rawName);
        q.type = attr(el, 'maxUsages') === '1' ? 'single' : 'multi';
        q.options = this.level(el, el, undefined, map);
        // Without nested choices, Rubric's export asks the question with Choices, which store the value as the Taxonomy did.
        if (!q.options.some((o) => o.options?.length)) this.note(el, 'Unexpected <Taxonomy> without nested choices, expected a tree: the export asks it with <Choices>, whose results list the values chosen instead of taxonomy paths');
        break;
      case 'Labels':
      case 'HyperTextLabels':
        q.type = 'span';
        q.options = this.level(el, el, undefined, map);
        if (tag === 'HyperTextLabels' && !this.html) this.note(el, 'Unexpected <HyperTextLabels> over a plain text, expected a <HyperText>: imported as spans over the text');
        if (tag === 'Labels' && this.html) this.note(el, 'Unexpected <Labels> over HTML, expected <HyperTextLabels>: imported as spans over the HTML\'s rendered text, and exported as HyperTextLabels');
        break;
      case 'TextArea': {
        q.type = 'text';
        for (const c of children(el)) this.note(c, `Unexpected <${c.tagName}> inside <TextArea>, expected none: Rubric's text questions have no canned answers; left out`);
        // Rubric's exports say the length limit in the placeholder (Label Studio 1.4.0 has no attribute for it).
        const limit = /^At most (\d+) characters$/.exec(attr(el, 'placeholder') ?? '');
        if (limit) q.maxLength = Number(limit[1]);
        break;
      }
      case 'Rating': {
        q.type = 'rating';
        const max = Number(attr(el, 'maxRating') ?? '5');
        q.min = 1;
        q.max = Number.isInteger(max) && max >= 1 ? max : 5;
        if (q.max !== max) this.note(el, `Unexpected maxRating ${JSON.stringify(attr(el, 'maxRating'))}, expected a whole number >= 1; 5 is used`);
        break;
      }
      case 'Pairwise': {
        // One pair of texts per item: a second Pairwise is asked as a plain choice between the two.
        if (this.questions.some((other) => other.pairwise)) this.note(el, 'Unexpected second <Pairwise>, expected one: Rubric shows one pair of texts per item; imported as a plain choice between left and right');
        else q.pairwise = true;
        q.options = LS_PAIR.map((side) => {
          const o: ImportedOption = { id: this.uniqueId(side), title: side === 'left' ? 'The left text' : 'The right text' };
          if (o.id !== side) o.exportValue = side;
          map.set(side, o);
          return o;
        });
        break;
      }
    }
    if (q.options && q.options.length === 0) {
      this.note(el, `Unexpected <${tag}> without options, expected at least one`);
      q.options = [{ id: this.uniqueId(`${slug(id)}.todo`), title: 'TODO: add the options of this question' }];
    }
    if (gate) this.when(q, el, gate, found.gates.length);
    this.questions.push(q);
    this.questionOf.set(rawName, q);
    this.optionsOf.set(rawName, map);
  }

  /** `when` from the innermost visibleWhen gate (empty whenChoiceValue: any choice of the trigger). */
  private when(q: ImportedQuestion, el: XmlElement, gate: { tagName: string; values: string[] }, depth: number): void {
    const trigger = this.questionOf.get(gate.tagName);
    const triggerOptions = this.optionsOf.get(gate.tagName);
    const values = gate.values.length ? gate.values : [...(triggerOptions?.keys() ?? [])];
    const answers = values.map((v) => triggerOptions?.get(v)?.id).filter((v): v is string => v !== undefined);
    if (!trigger || !triggerOptions || trigger.type === 'text' || trigger.type === 'rating' || trigger.type === 'span' || trigger.pairwise) this.note(el, `Unexpected whenTagName="${gate.tagName}", expected the name of a Choices before it; the question is always asked`);
    else if (this.taxonomies.has(gate.tagName)) this.note(el, `Unexpected whenTagName="${gate.tagName}" naming a Taxonomy, expected a Choices: Label Studio 1.4.0 shows nothing by a Taxonomy's choice; the question is always asked`);
    else if (answers.length !== values.length || answers.length === 0) this.note(el, `Unexpected whenChoiceValue="${gate.values.join(',')}", expected values of ${gate.tagName}'s choices; the question is always asked`);
    else if (values.some((v) => v.includes(','))) this.note(el, `Unexpected visibleWhen on any choice of ${gate.tagName}, one of which stores ${JSON.stringify(values.find((v) => v.includes(',')))}: whenChoiceValue cannot name a value with a comma (Label Studio splits it there); the question is always asked`);
    else q.when = { question: trigger.id, answers };
    if (depth > 1) this.note(el, 'Unexpected visibleWhen inside another visibleWhen, expected one condition: only the innermost is kept');
  }
}

/** Whether a Taxonomy has a Choice nested in a Choice (a tree, not a flat list). */
function isTree(taxonomy: XmlElement): boolean {
  const nested = (el: XmlElement, depth: number): boolean => children(el).some((c) => (c.tagName === 'Choice' && depth > 0) || ((c.tagName === 'Choice' || c.tagName === 'View') && nested(c, c.tagName === 'Choice' ? depth + 1 : depth)));
  return nested(taxonomy, 0);
}

/** Whether a Choice stands in a Taxonomy (which ignores alias). */
function isTaxonomyChoice(el: XmlElement): boolean {
  for (let p = el.parentNode; p && p.nodeType === 1; p = p.parentNode) {
    const tag = (p as XmlElement).tagName;
    if (tag === 'Taxonomy') return true;
    if (tag === 'Choices' || tag === 'Labels' || tag === 'HyperTextLabels') return false;
  }
  return false;
}
