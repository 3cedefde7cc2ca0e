/**
 * `rubric import label-studio`: a Label Studio labeling config (XML) to a
 * schema.json and a guideline.md skeleton, for teams moving in.
 *
 * Choices, Taxonomy, Labels, TextArea and Rating become questions; nested
 * Taxonomy choices and Rubric's own visibleWhen chains become option trees;
 * visibleWhen="choice-selected" becomes `when`. What a project's annotations
 * hold is kept: a choice's alias or value that is not a valid label id goes
 * to the option's `exportValue`, so exporting the set again gives a config
 * whose results are the same. What cannot be mapped is reported as a finding
 * with the element's line and column, never dropped silently.
 */
import { DOMParser, type Element as XmlElement } from '@xmldom/xmldom';
import { LABEL_ID_PATTERN, QUESTION_ID_PATTERN, SEMVER_PATTERN, SET_ID_PATTERN } from '@rubric/core';
import { CHAIN_SEPARATOR } from './label-studio-layout.js';

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

interface OptionOut {
  id: string;
  title: string;
  exportValue?: string;
  description?: string;
  hotkey?: string;
  options?: OptionOut[];
}

interface QuestionOut {
  id: string;
  type: 'single' | 'multi' | 'text' | 'rating' | 'span';
  prompt: string;
  description?: string;
  required?: boolean;
  when?: { question: string; answers: string[] };
  max?: number;
  min?: number;
  maxLength?: number;
  options?: OptionOut[];
}

const CONTROL_TAGS = new Set(['Choices', 'Taxonomy', 'Labels', 'TextArea', 'Rating']);
const OTHER_CONTROLS = new Set(['Number', 'DateTime', 'Ranker', 'Pairwise', 'RectangleLabels', 'PolygonLabels', 'KeyPointLabels', 'BrushLabels', 'EllipseLabels', 'HyperTextLabels', 'ParagraphLabels', 'TimeSeriesLabels', 'Relations', 'Relation', 'Rectangle', 'Polygon', 'KeyPoint', 'Brush', 'Ellipse', 'VideoRectangle', 'Filter', 'Shortcut', 'TextAreaLabels']);
const TEXT_OBJECTS = new Set(['Text', 'HyperText', 'Paragraphs']);
const OTHER_OBJECTS = new Set(['Image', 'Audio', 'AudioPlus', 'Video', 'Table', 'TimeSeries', 'List']);

/** Label Studio reads attribute names case-insensitively. */
function attr(el: XmlElement, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (let i = 0; i < el.attributes.length; i++) {
    const a = el.attributes.item(i)!;
    if (a.name.toLowerCase() === lower) return a.value;
  }
  return undefined;
}

function children(el: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) out.push(n as XmlElement);
  return out;
}

/** What an exported Header showed: the word joiner Rubric puts after `$` removed. */
function unguard(value: string): string {
  return value.replace(/\$\u2060/g, '$');
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

/** Imports a Label Studio config. Never throws on bad input: problems come back as findings (and an empty schema when nothing could be read). */
export function importLabelStudioConfig(xml: string, options: ImportOptions = {}): ImportResult {
  const findings: ImportFinding[] = [];
  const where = (el: XmlElement): Pick<ImportFinding, 'line' | 'column' | 'element'> => {
    const name = attr(el, 'name');
    return {
      ...(el.lineNumber !== undefined ? { line: el.lineNumber } : {}),
      ...(el.columnNumber !== undefined ? { column: el.columnNumber } : {}),
      element: `<${el.tagName}${name !== undefined ? ` name="${name}"` : ''}>`,
    };
  };
  const note = (el: XmlElement, message: string): void => void findings.push({ ...where(el), message });

  // Provenance of Rubric's own exports: keeps the set id and version across a round trip.
  const mark = /rubric:set=([a-z0-9-]+) rubric:version=(\S+)/.exec(xml.slice(0, 4096));
  const fallback = options.fallbackSetId !== undefined && SET_ID_PATTERN.test(options.fallbackSetId) ? options.fallbackSetId : 'imported';
  const setId = options.setId ?? (mark && SET_ID_PATTERN.test(mark[1]!) ? mark[1]! : fallback);
  const version = options.version ?? (mark && SEMVER_PATTERN.test(mark[2]!) ? mark[2]! : '0.1.0');

  const empty = (message: string, line?: number): ImportResult => {
    findings.push({ ...(line !== undefined ? { line } : {}), message });
    const schemaJson = { id: setId, version, title: options.title ?? humanize(setId), questions: [] as QuestionOut[] };
    return { schemaJson, guidelineMd: skeleton(schemaJson, options), findings };
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

  // Pass 1: every control with the gates above it (visibleWhen of enclosing Views or its own), and the Headers before it.
  interface Gate {
    tagName: string;
    values: string[];
  }
  interface Found {
    el: XmlElement;
    gates: Gate[];
    headers: string[];
  }
  const found: Found[] = [];
  let textObjects = 0;
  const visit = (el: XmlElement, gates: Gate[], headers: string[]): void => {
    const gateOf = (e: XmlElement): Gate | undefined => {
      const kind = attr(e, 'visibleWhen');
      if (kind === undefined) return undefined;
      const tagName = attr(e, 'whenTagName');
      if (kind !== 'choice-selected' || !tagName) {
        note(e, `Unexpected visibleWhen="${kind}"${tagName ? '' : ' without whenTagName'}, expected visibleWhen="choice-selected" with whenTagName; the element is shown always`);
        return undefined;
      }
      return { tagName, values: (attr(e, 'whenChoiceValue') ?? '').split(',').filter((v) => v !== '') };
    };
    let localHeaders = headers;
    for (const child of children(el)) {
      const tag = child.tagName;
      if (tag === 'Header') {
        localHeaders = [...localHeaders, unguard(attr(child, 'value') ?? child.textContent ?? '')];
      } else if (tag === 'View') {
        const gate = gateOf(child);
        visit(child, gate ? [...gates, gate] : gates, []);
      } else if (CONTROL_TAGS.has(tag)) {
        const gate = gateOf(child);
        found.push({ el: child, gates: gate ? [...gates, gate] : gates, headers: localHeaders });
        localHeaders = [];
      } else if (TEXT_OBJECTS.has(tag)) {
        textObjects++;
        const value = attr(child, 'value') ?? '';
        if (textObjects === 1 && value !== '$text') note(child, `The task field ${value || '(none)'} becomes $text: Rubric exports read the item text from the task field "text"; rename the field in the tasks you import`);
        if (textObjects === 2) note(child, 'Unexpected second text object, expected one: Rubric labels one text per item; questions that pointed here now point at the first');
      } else if (OTHER_OBJECTS.has(tag)) note(child, `Unexpected <${tag}>, expected a text object: Rubric guidelines label text; the ${tag.toLowerCase()} is left out`);
      else if (OTHER_CONTROLS.has(tag)) note(child, `Unexpected control <${tag}>, expected Choices, Taxonomy, Labels, TextArea or Rating: not imported, add it to schema.json by hand if Rubric supports it`);
      else if (!['Style', 'Collapse', 'Panel', 'Text'].includes(tag)) note(child, `Unexpected <${tag}>, left out`);
    }
  };
  visit(root, [], []);
  // Rubric's own exports (and many hand-written configs) open with the title as a large Header.
  const titleHeader = children(root).find((c) => c.tagName === 'Header' && attr(c, 'size') === '3');
  const title = options.title ?? ((titleHeader ? unguard(attr(titleHeader, 'value') ?? '').trim() : '') || humanize(setId));
  if (textObjects === 0) findings.push({ message: 'Unexpected config without a Text object, expected one: the exported config reads the item text from $text' });

  // Pass 2: questions. Label ids are unique across the set.
  const usedIds = new Set<string>();
  const uniqueId = (base: string): string => {
    let id = base;
    for (let n = 2; usedIds.has(id) || !LABEL_ID_PATTERN.test(id); n++) id = LABEL_ID_PATTERN.test(base) ? `${base}-${n}` : `label-${n}`;
    usedIds.add(id);
    return id;
  };
  // Control name -> its options by exported value (alias, else value), to resolve gates and chains.
  const optionsOf = new Map<string, Map<string, OptionOut>>();
  const questionOf = new Map<string, QuestionOut>();
  const questions: QuestionOut[] = [];

  const option = (el: XmlElement, parent: OptionOut | undefined, shownIsExport: boolean): OptionOut => {
    const value = attr(el, 'value') ?? '';
    const alias = attr(el, 'alias');
    const exported = alias ?? value;
    const hint = attr(el, 'hint');
    const title = shownIsExport && hint ? hint : value || exported;
    const wanted = LABEL_ID_PATTERN.test(exported) && !usedIds.has(exported) ? exported : parent ? `${parent.id}.${slug(value || exported)}` : slug(value || exported);
    const id = uniqueId(wanted);
    const hotkey = attr(el, 'hotkey');
    return { id, title: title || id, ...(exported !== id ? { exportValue: exported } : {}), ...(hint && !shownIsExport ? { description: hint } : {}), ...(hotkey ? { hotkey } : {}) };
  };

  for (const f of found) {
    const el = f.el;
    const tag = el.tagName;
    const rawName = attr(el, 'name') ?? '';
    if (!attr(el, 'toName')) note(el, 'Unexpected control without toName, expected the name of the text object');
    // A chain sub-control of Rubric's own export: its options become children of the option that shows it.
    const gate = f.gates[f.gates.length - 1];
    const sep = rawName.indexOf(CHAIN_SEPARATOR);
    if (tag === 'Choices' && gate && sep > 0 && gate.values.length === 1) {
      const parent = optionsOf.get(gate.tagName)?.get(gate.values[0]!);
      const rootQuestion = questionOf.get(gate.tagName);
      if (parent && rootQuestion && rawName.startsWith(`${rootQuestion.id}${CHAIN_SEPARATOR}`)) {
        const map = new Map<string, OptionOut>();
        parent.options = children(el)
          .filter((c) => c.tagName === 'Choice')
          .map((c) => {
            const o = option(c, parent, false);
            map.set(attr(c, 'alias') ?? attr(c, 'value') ?? '', o);
            return o;
          });
        optionsOf.set(rawName, map);
        questionOf.set(rawName, rootQuestion);
        continue;
      }
    }
    let id = rawName;
    if (!QUESTION_ID_PATTERN.test(id)) {
      id = slug(rawName).replace(/-/g, '_') || 'question';
      note(el, `Unexpected control name ${JSON.stringify(rawName)}, expected a lowercase question id: the question is ${id}, so its results carry from_name "${id}"`);
    }
    for (let n = 2; questions.some((q) => q.id === id); n++) id = `${id.replace(/_\d+$/, '')}_${n}`;
    const [prompt, description] = f.headers.length ? [f.headers[0]!, f.headers.slice(1).join(' ') || undefined] : [`TODO: the question labelers answer in ${humanize(id)}`, undefined];
    const q: QuestionOut = { id, type: 'single', prompt: prompt.trim() || `TODO: the question labelers answer in ${humanize(id)}`, ...(description ? { description } : {}) };
    if (attr(el, 'required') === 'true') q.required = true;
    const map = new Map<string, OptionOut>();
    if (tag === 'Choices' || tag === 'Taxonomy') {
      const multiple = tag === 'Choices' ? attr(el, 'choice') === 'multiple' : attr(el, 'maxUsages') !== '1';
      q.type = multiple ? 'multi' : 'single';
      const read = (parentEl: XmlElement, parent: OptionOut | undefined): OptionOut[] =>
        children(parentEl).flatMap((c) => {
          if (c.tagName !== 'Choice') {
            if (c.tagName !== 'View' && c.tagName !== 'Header') note(c, `Unexpected <${c.tagName}> inside <${tag}>, expected <Choice>; left out`);
            return c.tagName === 'View' ? read(c, parent) : [];
          }
          // Taxonomy shows and exports the value (no alias there); nested Choice is a child option.
          const o = option(c, parent, false);
          if (tag === 'Taxonomy' && attr(c, 'alias') !== undefined) note(c, 'Unexpected alias on a Taxonomy choice (Label Studio 1.4.0 ignores it), expected none; the value is kept');
          map.set(attr(c, tag === 'Taxonomy' ? 'value' : 'alias') ?? attr(c, 'value') ?? '', o);
          const sub = children(c).filter((x) => x.tagName === 'Choice');
          if (sub.length) {
            if (tag === 'Choices') note(c, 'Unexpected nested <Choice> in <Choices> (Label Studio 1.4.0 drops it), expected a Taxonomy; imported as child options');
            o.options = read(c, o);
          }
          return [o];
        });
      q.options = read(el, undefined);
    } else if (tag === 'Labels') {
      q.type = 'span';
      q.options = children(el)
        .filter((c) => c.tagName === 'Label')
        .map((c) => {
          const o = option(c, undefined, true);
          map.set(attr(c, 'alias') ?? attr(c, 'value') ?? '', o);
          return o;
        });
    } else if (tag === 'TextArea') {
      q.type = 'text';
      // Rubric's exports say the length limit in the placeholder (Label Studio 1.4.0 has no attribute for it).
      const limit = /^At most (\d+) characters$/.exec(attr(el, 'placeholder') ?? '');
      if (limit) q.maxLength = Number(limit[1]);
    } else if (tag === 'Rating') {
      q.type = 'rating';
      const max = Number(attr(el, 'maxRating') ?? '5');
      q.min = 1;
      q.max = Number.isInteger(max) && max >= 1 ? max : 5;
      if (q.max !== max) note(el, `Unexpected maxRating ${JSON.stringify(attr(el, 'maxRating'))}, expected a whole number >= 1; 5 is used`);
    }
    if (q.options && q.options.length === 0) {
      note(el, `Unexpected <${tag}> without options, expected at least one`);
      q.options = [{ id: uniqueId(`${slug(id)}.todo`), title: 'TODO: add the options of this question' }];
    }
    if (gate) {
      const trigger = questionOf.get(gate.tagName);
      const triggerOptions = optionsOf.get(gate.tagName);
      const answers = gate.values.map((v) => triggerOptions?.get(v)?.id).filter((v): v is string => v !== undefined);
      if (!trigger || !triggerOptions) note(el, `Unexpected whenTagName="${gate.tagName}", expected the name of a Choices or Taxonomy before it; the question is always asked`);
      else if (answers.length !== gate.values.length || answers.length === 0) note(el, `Unexpected whenChoiceValue="${gate.values.join(',')}", expected values of ${gate.tagName}'s choices; the question is always asked`);
      else q.when = { question: trigger.id, answers };
      if (f.gates.length > 1) note(el, 'Unexpected visibleWhen inside another visibleWhen, expected one condition: only the innermost is kept');
    }
    questions.push(q);
    questionOf.set(rawName, q);
    optionsOf.set(rawName, map);
  }
  if (questions.length === 0) findings.push({ message: 'Unexpected config without Choices, Taxonomy, Labels, TextArea or Rating, expected at least one question' });
  const schemaJson = { id: setId, version, title, questions };
  return { schemaJson, guidelineMd: skeleton(schemaJson, options), findings };
}

/** Every option of a tree, depth first, with its depth. */
function flatten(options: OptionOut[] = [], depth = 0): { option: OptionOut; depth: number }[] {
  return options.flatMap((o) => [{ option: o, depth }, ...flatten(o.options, depth + 1)]);
}

/** The guideline.md skeleton: frontmatter, scope, one section per label with TODO markers and example stubs, changelog. */
function skeleton(schema: { id: string; version: string; title: string; questions: QuestionOut[] }, options: ImportOptions): string {
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const owner = options.owner ?? 'TODO@example.org';
  const out: string[] = [
    '---',
    `id: ${schema.id}`,
    `title: ${JSON.stringify(schema.title)}`,
    `version: ${schema.version}`,
    'status: draft',
    'schema: schema.json',
    `owners: [${JSON.stringify(owner)}]`,
    '---',
    '',
    `# ${schema.title}`,
    '',
    '## Scope',
    '',
    'TODO: say what content this policy covers, what it does not, and which other policy handles the content next to it.',
    '',
    'This set was imported from a Label Studio labeling config by `rubric import label-studio`.',
    '',
    '## Labels',
    '',
  ];
  const first = schema.questions.find((q) => q.type === 'single' || q.type === 'multi');
  for (const q of schema.questions) {
    for (const { option, depth } of flatten(q.options)) {
      out.push(`${'#'.repeat(Math.min(3 + depth, 6))} \`${option.id}\` ${option.title.replace(/\s+/g, ' ')}`, '');
      out.push(`TODO: define \`${option.id}\` (question ${q.id}): what it is, the decision rules, and the closest cases that are not it.`, '');
      if (q === first) {
        const answer = q.type === 'multi' ? `[${option.id}]` : option.id;
        out.push('```example', `id: ${option.id.replace(/[^a-z0-9-]+/g, '-')}-pos-1`, 'kind: positive', 'text: "TODO: an example that clearly fits this label."', 'answers:', `  ${q.id}: ${answer}`, 'why: TODO', '```', '');
      }
    }
  }
  out.push('## Changelog', '', `### ${schema.version} - ${today}`, '', '- Imported from a Label Studio labeling config.', '');
  return out.join('\n');
}
