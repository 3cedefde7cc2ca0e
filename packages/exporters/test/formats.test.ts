/**
 * The four platform formats (Labelbox, Argilla, CVAT, SageMaker Ground Truth)
 * against JSON Schemas written from each platform's own code and docs
 * (test/platform-schemas/, sources in each schema's `description`), for every
 * real set in guidelines/, plus hostile titles, hierarchy and `when`
 * handling, and negative controls that show each schema rejects a broken file.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, test } from 'vitest';
import { createNodeHost, loadSet, type GuidelineSet } from '@rubric/core';
import { setTree, walkOptions, type QuestionNode, type SetTree } from '../src/tree.js';
import { ExportError, type ExportFile } from '../src/types.js';
import { argillaSettings, type ArgillaSettingsFile } from '../src/formats/argilla.js';
import { cvatLabels, CVAT_UNDEFINED, type CvatLabel } from '../src/formats/cvat.js';
import { labelboxOntology, type LabelboxClassification, type LabelboxOntologyFile, type LabelboxOption } from '../src/formats/labelbox.js';
import { sagemakerLabelCategories, type SageMakerLabelCategories } from '../src/formats/sagemaker.js';

const here = dirname(fileURLToPath(import.meta.url));
const guidelinesDir = join(here, '../../../guidelines');
const setDirs = readdirSync(guidelinesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => join(guidelinesDir, d.name))
  .sort();

type Format = 'labelbox' | 'argilla' | 'cvat' | 'sagemaker';
const FORMATS: Format[] = ['labelbox', 'argilla', 'cvat', 'sagemaker'];

const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictRequired: false, allowUnionTypes: true });
const validators = Object.fromEntries(
  FORMATS.map((f) => [f, ajv.compile(JSON.parse(readFileSync(join(here, 'platform-schemas', `${f}.schema.json`), 'utf8')) as object)]),
) as Record<Format, ReturnType<typeof ajv.compile>>;

function exportOf(format: Format, tree: SetTree, set: GuidelineSet): ExportFile[] {
  switch (format) {
    case 'labelbox':
      return labelboxOntology(tree);
    case 'argilla':
      return argillaSettings(tree, set.guideline!.text);
    case 'cvat':
      return cvatLabels(tree);
    case 'sagemaker':
      return sagemakerLabelCategories(tree);
  }
}

function schemaErrors(format: Format, value: unknown): string {
  const validate = validators[format];
  return validate(value) ? '' : ajv.errorsText(validate.errors, { separator: '\n' });
}

function load(dir: string): { set: GuidelineSet; tree: SetTree } {
  const set = loadSet(dir, createNodeHost());
  return { set, tree: setTree(set) };
}

/** Every option of a Labelbox option list, through nested classifications. */
function labelboxOptions(options: LabelboxOption[]): LabelboxOption[] {
  return options.flatMap((o) => [o, ...o.options.flatMap((c) => labelboxOptions(c.options))]);
}

function labelboxSiblingNamesUnique(classifications: LabelboxClassification[]): void {
  expect(new Set(classifications.map((c) => c.name)).size).toBe(classifications.length);
  for (const c of classifications) for (const o of c.options) labelboxSiblingNamesUnique(o.options);
}

/** The label ids a format's output carries for one question. */
function idsIn(format: Format, files: ExportFile[], q: QuestionNode): string[] {
  const value = JSON.parse(files[0]!.content) as unknown;
  switch (format) {
    case 'labelbox': {
      const v = value as LabelboxOntologyFile;
      if (q.type === 'span') return v.normalized.tools.map((t) => t.name);
      const all = v.normalized.classifications.flatMap((c) => [c, ...labelboxOptions(c.options).flatMap((o) => o.options)]);
      return all.filter((c) => c.name === q.id).flatMap((c) => labelboxOptions(c.options).map((o) => String(o.value)));
    }
    case 'argilla': {
      const question = (value as ArgillaSettingsFile).questions.find((x) => x.name === q.id)!;
      return 'options' in question.settings ? question.settings.options.map((o) => String(o.value)) : [];
    }
    case 'cvat': {
      const labels = value as CvatLabel[];
      if (q.type === 'span') return labels.slice(1).map((l) => l.name);
      const attrs = labels[0]!.attributes;
      if (q.type === 'single') return attrs.find((a) => a.name === q.id)!.values;
      return attrs.filter((a) => a.name.startsWith(`${q.id}:`)).map((a) => a.name.slice(q.id.length + 1));
    }
    case 'sagemaker': {
      const file = files.find((f) => f.name === `sagemaker/${q.id}.label-categories.json`)!;
      return (JSON.parse(file.content) as SageMakerLabelCategories).labels.map((l) => l.label);
    }
  }
}

describe.each(setDirs.map((d) => [d.split('/').pop()!, d] as const))('set %s', (_name, dir) => {
  const { set, tree } = load(dir);

  test.each(FORMATS)('%s: every file matches the platform schema, is stable, carries the provenance', (format) => {
    const files = exportOf(format, tree, set);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      expect(f.name).toMatch(new RegExp(`^${format}/[a-z0-9_.-]+\\.json$`));
      expect(f.mediaType).toBe('application/json');
      expect(f.content.endsWith('}\n') || f.content.endsWith(']\n')).toBe(true);
      const value = JSON.parse(f.content) as unknown;
      expect(f.content).toBe(`${JSON.stringify(value, null, 2)}\n`);
      expect(schemaErrors(format, value), f.name).toBe('');
      for (const needle of [tree.meta.setId, tree.meta.version, tree.meta.contentHash]) expect(f.content, `${f.name} carries ${needle}`).toContain(needle);
    }
    expect(exportOf(format, setTree(loadSet(dir, createNodeHost())), set)).toEqual(files);
  });

  test.each(FORMATS)('%s: every label id of every labelled question appears', (format) => {
    const files = exportOf(format, tree, set);
    for (const q of tree.questions) {
      if (!q.labelIds.length) continue;
      const ids = idsIn(format, files, q);
      for (const id of q.labelIds) expect(ids, `${format} ${q.id}`).toContain(id);
    }
  });

  test('labelbox: trees nest, `when` nests under each answer option or is noted, sibling names unique', () => {
    const v = JSON.parse(labelboxOntology(tree)[0]!.content) as LabelboxOntologyFile;
    labelboxSiblingNamesUnique(v.normalized.classifications);
    const top = new Map(v.normalized.classifications.map((c) => [c.name, c]));
    for (const q of tree.questions) {
      if (q.type === 'single' || q.type === 'multi') {
        const c = [...top.values(), ...v.normalized.classifications.flatMap((x) => labelboxOptions(x.options).flatMap((o) => o.options))].find((x) => x.name === q.id)!;
        expect(c.type).toBe(q.type === 'single' ? 'radio' : 'checklist');
        for (const { option, parentId } of walkOptions(q.options)) {
          const lb = labelboxOptions(c.options).find((o) => o.value === option.id)!;
          expect(lb.label.startsWith(option.title)).toBe(true);
          if (parentId) {
            const parent = labelboxOptions(c.options).find((o) => o.value === parentId)!;
            expect(parent.options.find((s) => s.name === parentId)!.options.map((o) => o.value)).toContain(option.id);
          }
        }
      }
      if (q.type === 'rating') {
        const c = top.get(q.id)!;
        expect(c.isLikertScale).toBe(true);
        expect(c.options.map((o) => o.value)).toEqual(Array.from({ length: (q.max ?? 5) - (q.min ?? 1) + 1 }, (_, i) => String((q.min ?? 1) + i)));
      }
      if (!q.when) continue;
      const trigger = tree.questions.find((t) => t.id === q.when!.questionId)!;
      if (q.type !== 'span' && trigger.type === 'single') {
        expect(top.has(q.id)).toBe(false);
        const triggerOptions = labelboxOptions(top.get(trigger.id)!.options);
        for (const answer of q.when.answers) expect(triggerOptions.find((o) => o.value === answer)!.options.map((c) => c.name)).toContain(q.id);
        const elsewhere = triggerOptions.filter((o) => !q.when!.answers.includes(String(o.value)) && o.options.some((c) => c.name === q.id));
        expect(elsewhere).toEqual([]);
      } else {
        expect(v.description).toContain(`${q.id}: answer only when ${trigger.id}`);
      }
    }
  });

  test('argilla: flattened titles carry the parent path, `when` questions optional with the condition, guidelines kept', () => {
    const v = JSON.parse(argillaSettings(tree, set.guideline!.text)[0]!.content) as ArgillaSettingsFile;
    expect(v.guidelines.startsWith(set.guideline!.text.trimEnd())).toBe(true);
    expect(v.fields.map((f) => f.name)).toEqual(['text']);
    for (const q of tree.questions) {
      const aq = v.questions.find((x) => x.name === q.id)!;
      expect(aq.settings.type).toBe({ single: 'label_selection', multi: 'multi_label_selection', rating: 'rating', text: 'text', span: 'span' }[q.type]);
      if (aq.settings.type === 'span') expect(aq.settings.field).toBe('text');
      if ('options' in aq.settings && aq.settings.type !== 'rating') {
        const texts = new Map(aq.settings.options.map((o) => [o.value, o.text]));
        for (const { option, parentId } of walkOptions(q.options)) {
          if (parentId) expect(texts.get(option.id)).toBe(`${texts.get(parentId)} › ${texts.get(option.id)!.split(' › ').pop()}`);
          else expect(texts.get(option.id)!.startsWith(option.title)).toBe(true);
        }
      }
      if (q.when) {
        expect(aq.required).toBe(false);
        expect(aq.description).toContain(`\`${q.when.questionId}\``);
      } else expect(aq.required).toBe(q.required);
    }
  });

  test('cvat: one tag label with the questions, span labels, unique names, defaults among values', () => {
    const labels = JSON.parse(cvatLabels(tree)[0]!.content) as CvatLabel[];
    expect(labels[0]!.type).toBe('tag');
    expect(new Set(labels.map((l) => l.name)).size).toBe(labels.length);
    for (const l of labels) {
      expect(new Set(l.attributes.map((a) => a.name)).size).toBe(l.attributes.length);
      for (const a of l.attributes) {
        expect(a.values.join('\n').length).toBeLessThanOrEqual(4096);
        if (a.input_type !== 'number') expect(a.values).toContain(a.default_value);
      }
    }
    for (const q of tree.questions) {
      const attrs = labels[0]!.attributes;
      if (q.type === 'single') expect(attrs.find((a) => a.name === q.id)).toMatchObject({ input_type: 'select', default_value: CVAT_UNDEFINED });
      if (q.type === 'rating') expect(attrs.find((a) => a.name === q.id)).toMatchObject({ input_type: 'number', values: [String(q.min ?? 1), String(q.max ?? 5), '1'] });
      if (q.type === 'text') expect(attrs.find((a) => a.name === q.id)?.input_type).toBe('text');
      if (q.type === 'span') for (const id of q.labelIds) expect(labels.find((l) => l.name === id)?.type).toBe('rectangle');
    }
  });

  test('sagemaker: one file per labelled question, unique labels, the condition and the skipped questions in the instructions', () => {
    const files = sagemakerLabelCategories(tree);
    const labelled = tree.questions.filter((q) => q.labelIds.length);
    expect(files.map((f) => f.name)).toEqual(labelled.map((q) => `sagemaker/${q.id}.label-categories.json`));
    for (const [i, f] of files.entries()) {
      const v = JSON.parse(f.content) as SageMakerLabelCategories;
      const q = labelled[i]!;
      expect(new Set(v.labels.map((l) => l.label)).size).toBe(v.labels.length);
      if (q.when) expect(v.instructions.fullInstruction).toContain(`<code>${q.when.questionId}</code>`);
      for (const skipped of tree.questions.filter((o) => !o.labelIds.length)) expect(v.instructions.fullInstruction).toContain(`<code>${skipped.id}</code>`);
    }
  });
});

describe('hostile titles and prompts', () => {
  const HOSTILE = `He said "hi" & <script>alert('x')</script> \u202Egnp.exe\u202C\nsecond line \\ end`;
  const parent = mkdtempSync(join(tmpdir(), 'rubric-formats-'));
  afterAll(() => rmSync(parent, { recursive: true, force: true }));
  const dir = join(parent, 'hate-speech');
  cpSync(join(guidelinesDir, 'hate-speech'), dir, { recursive: true });
  const schemaPath = join(dir, 'schema.json');
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as { questions: { prompt: string; options: { title: string; options?: { title: string }[] }[] }[] };
  schema.questions[0]!.prompt = `Prompt ${HOSTILE}`;
  schema.questions[0]!.options[1]!.title = `Parent ${HOSTILE}`;
  schema.questions[0]!.options[1]!.options![0]!.title = `Child ${HOSTILE}`;
  writeFileSync(schemaPath, JSON.stringify(schema, null, 2));
  const { set, tree } = load(dir);

  const escaped = (t: string): string => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

  test.each(FORMATS)('%s: still matches the platform schema', (format) => {
    for (const f of exportOf(format, tree, set)) expect(schemaErrors(format, JSON.parse(f.content)), f.name).toBe('');
  });

  test('labelbox: prompt and titles come back exactly', () => {
    const v = JSON.parse(labelboxOntology(tree)[0]!.content) as LabelboxOntologyFile;
    const verdict = v.normalized.classifications.find((c) => c.name === 'verdict')!;
    expect(verdict.instructions).toBe(`Prompt ${HOSTILE}`);
    const options = labelboxOptions(verdict.options);
    expect(options.find((o) => o.value === 'hate.violence')!.label).toBe(`Parent ${HOSTILE}`);
    expect(options.find((o) => o.value === 'hate.violence.call')!.label).toBe(`Child ${HOSTILE}`);
  });

  test('argilla: prompt and flattened titles come back exactly', () => {
    const v = JSON.parse(argillaSettings(tree, set.guideline!.text)[0]!.content) as ArgillaSettingsFile;
    const verdict = v.questions.find((q) => q.name === 'verdict')!;
    expect(verdict.title).toBe(`Prompt ${HOSTILE}`);
    const options = verdict.settings.type === 'label_selection' ? verdict.settings.options : [];
    expect(options.find((o) => o.value === 'hate.violence.call')!.text).toBe(`Parent ${HOSTILE} › Child ${HOSTILE}`);
  });

  test('sagemaker: instructions are HTML with every title escaped, no live markup', () => {
    const v = JSON.parse(sagemakerLabelCategories(tree)[0]!.content) as SageMakerLabelCategories;
    expect(v.instructions.shortInstruction).toBe(`<p>${escaped(`Prompt ${HOSTILE}`)}</p>`);
    expect(v.instructions.fullInstruction).toContain(escaped(`Parent ${HOSTILE} › Child ${HOSTILE}`));
    expect(v.instructions.fullInstruction).not.toContain('<script>');
  });

  test('cvat: ids only, so nothing hostile reaches the labels', () => {
    const content = cvatLabels(tree)[0]!.content;
    expect(content).not.toContain('<script>');
  });
});

describe('designed limits', () => {
  const { set, tree } = load(join(guidelinesDir, 'violent-speech'));
  const withQuestions = (questions: QuestionNode[]): SetTree => ({ ...tree, questions });
  const q = (id: string): QuestionNode => tree.questions.find((x) => x.id === id)!;

  test('labelbox: a `when` on a checklist with several answers stays top-level with a note', () => {
    const signals = q('signals');
    const follow: QuestionNode = { id: 'detail', type: 'text', prompt: 'Detail', required: true, options: [], labelIds: [], when: { questionId: 'signals', answers: ['signal.weapon', 'signal.capability'], labels: ['signal.weapon', 'signal.capability'] } };
    const v = JSON.parse(labelboxOntology(withQuestions([q('verdict'), signals, follow]))[0]!.content) as LabelboxOntologyFile;
    const detail = v.normalized.classifications.find((c) => c.name === 'detail')!;
    expect(detail.scope).toBe('global');
    expect(detail.instructions).toContain('answer only when signals is signal.weapon or signal.capability');
    expect(v.description).toContain('detail: answer only when signals');
    expect(schemaErrors('labelbox', v)).toBe('');
  });

  test('labelbox: a `when` on a checklist with one answer nests under that option', () => {
    const follow: QuestionNode = { id: 'detail', type: 'text', prompt: 'Detail', required: true, options: [], labelIds: [], when: { questionId: 'signals', answers: ['signal.weapon'], labels: ['signal.weapon'] } };
    const v = JSON.parse(labelboxOntology(withQuestions([q('verdict'), q('signals'), follow]))[0]!.content) as LabelboxOntologyFile;
    const all = v.normalized.classifications.flatMap((c) => labelboxOptions(c.options));
    expect(all.find((o) => o.value === 'signal.weapon')!.options.map((c) => c.name)).toEqual(['detail']);
  });

  test('argilla: a rating Argilla cannot hold is an ExportError naming the question', () => {
    const wide: QuestionNode = { ...q('confidence'), min: 0, max: 20 };
    expect(() => argillaSettings(withQuestions([q('verdict'), wide]), set.guideline!.text)).toThrow(ExportError);
    expect(() => argillaSettings(withQuestions([q('verdict'), wide]), set.guideline!.text)).toThrow(/\/questions\/confidence.*0\.\.20/);
  });

  test('argilla: a question named like the text field is an ExportError', () => {
    expect(() => argillaSettings(withQuestions([q('verdict'), { ...q('rationale'), id: 'text' }]), '')).toThrow(/used twice/);
  });

  test('cvat: a name over 64 characters is an ExportError', () => {
    const long = `x${'y'.repeat(70)}`;
    expect(() => cvatLabels(withQuestions([{ ...q('rationale'), id: long }]))).toThrow(/at most 64/);
  });

  test('sagemaker: a set without labelled questions is an ExportError; a single question with one label too', () => {
    expect(() => sagemakerLabelCategories(withQuestions([q('confidence'), q('rationale')]))).toThrow(ExportError);
    const verdict = q('verdict');
    expect(() => sagemakerLabelCategories(withQuestions([{ ...verdict, options: [{ ...verdict.options[0]!, children: [] }] }]))).toThrow(/at least 2/);
  });
});

describe('negative controls: each schema rejects a broken export', () => {
  const { set, tree } = load(join(guidelinesDir, 'violent-speech'));
  const parsed = (format: Format): unknown => JSON.parse(exportOf(format, tree, set)[0]!.content);

  test.each([
    ['labelbox', 'a radio without options', (v: LabelboxOntologyFile) => { v.normalized.classifications[0]!.options = []; }],
    ['labelbox', 'an unknown classification type', (v: LabelboxOntologyFile) => { (v.normalized.classifications[0] as { type: string }).type = 'dropdown'; }],
    ['labelbox', 'scope on a nested classification', (v: LabelboxOntologyFile) => { labelboxOptions(v.normalized.classifications[0]!.options).find((o) => o.options.length)!.options[0]!.scope = 'global'; }],
    ['labelbox', 'an option without a value', (v: LabelboxOntologyFile) => { delete (v.normalized.classifications[0]!.options[0] as Partial<LabelboxOption>).value; }],
    ['argilla', 'a label question with one label', (v: ArgillaSettingsFile) => { const s = v.questions[0]!.settings as { options: unknown[] }; s.options = s.options.slice(0, 1); }],
    ['argilla', 'a rating value of 11', (v: ArgillaSettingsFile) => { (v.questions.find((q) => q.settings.type === 'rating')!.settings as { options: { value: number }[] }).options.push({ value: 11 }); }],
    ['argilla', 'a question name with a dot', (v: ArgillaSettingsFile) => { v.questions[0]!.name = 'verdict.main'; }],
    ['argilla', 'a span question without a field', (v: ArgillaSettingsFile) => { v.questions[0]!.settings = { type: 'span', options: [{ value: 'a', text: 'A' }] } as never; }],
    ['cvat', 'a number attribute with two values', (v: CvatLabel[]) => { v[0]!.attributes.find((a) => a.input_type === 'number')!.values.pop(); }],
    ['cvat', 'an unknown label type', (v: CvatLabel[]) => { (v[0] as { type: string }).type = 'text-span'; }],
    ['cvat', 'a select without values', (v: CvatLabel[]) => { v[0]!.attributes.find((a) => a.input_type === 'select')!.values = []; }],
    ['cvat', 'a checkbox defaulting to "yes"', (v: CvatLabel[]) => { v[0]!.attributes.find((a) => a.input_type === 'checkbox')!.default_value = 'yes'; }],
    ['sagemaker', 'another document version', (v: SageMakerLabelCategories) => { (v as { 'document-version': string })['document-version'] = '2020-01-01'; }],
    ['sagemaker', 'no labels', (v: SageMakerLabelCategories) => { v.labels = []; }],
    ['sagemaker', 'a label written as a bare string', (v: SageMakerLabelCategories) => { (v.labels as unknown[])[0] = 'violence.none'; }],
  ] as [Format, string, (v: never) => void][])('%s: %s fails', (format, _what, breakIt) => {
    const value = parsed(format);
    expect(schemaErrors(format, value)).toBe('');
    breakIt(value as never);
    expect(schemaErrors(format, value)).not.toBe('');
  });
});
