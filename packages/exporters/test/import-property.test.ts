/**
 * Property test of the import: for any config the importer accepts (random
 * layouts of Headers, Views, visibleWhen gates and controls, with awkward
 * names, values and aliases), export(import(config)) asks what the config
 * asked (every control name, shown value, stored value, prompt and
 * visibleWhen condition) or the import said why not at that element's line
 * and column; and the imported skeleton lints with warnings only.
 */
import { compileSchema, loadShippedSchema } from '@rubric/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importLabelStudioConfig, labelStudioConfig } from '../src/index.js';
import { xmlAttr } from '../src/xml.js';
import { importedSet, lintErrors, lostInExport, outline, reportedAt } from './config-outline.js';

const metaSchema = compileSchema(loadShippedSchema('guideline-schema.schema.json'));

interface GenOption {
  value: string;
  alias?: string;
  children?: GenOption[];
}

interface GenControl {
  tag: 'Choices' | 'Taxonomy' | 'Labels' | 'HyperTextLabels' | 'TextArea' | 'Rating' | 'Pairwise';
  name: string;
  multiple: boolean;
  required: boolean;
  perRegion: boolean;
  options: GenOption[];
}

interface GenBlock {
  headers: string[];
  /** Views around the control (0: the control stands in the root). */
  views: number;
  /** Index of an earlier block whose control gates this one, and which of its options (a kind other than choice-selected, or a name no control has, now and then). */
  gate?: { block: number; picks: number[]; onControl: boolean; kind: string; unknown: boolean };
  /** A size-6 Header after the headers (a description in Rubric's layout). */
  description?: string;
  control: GenControl;
}

interface GenConfig {
  title?: string;
  banner?: string;
  field: string;
  html: boolean;
  itemLast: boolean;
  blocks: GenBlock[];
  trailing?: string;
}

const text = fc.oneof(
  fc.constantFrom('Yes', 'No', 'Two', 'Hate speech', 'HS', 'a,b', 'x"y<z>&', 'Ünïcödé', 'yes', 'ok', 'label.one', '  spaced  ', '', '$text'),
  fc.string({ maxLength: 8 }),
);
const alias = fc.option(fc.constantFrom('HS', 'yes', 'hate.slur', 'Two', '', 'UPPER', 'a,b'), { nil: undefined });
const option: fc.Arbitrary<GenOption> = fc.record({ value: text, alias }, { requiredKeys: ['value'] });
const taxonomyOption: fc.Arbitrary<GenOption> = fc.record({ value: text, children: fc.array(fc.record({ value: text }), { maxLength: 2 }) });
const control: fc.Arbitrary<GenControl> = fc
  .record({
    tag: fc.constantFrom('Choices', 'Choices', 'Taxonomy', 'Labels', 'HyperTextLabels', 'TextArea', 'Rating', 'Pairwise'),
    // Mostly a name of its own (the block index is added); now and then one another control has, or one that is no question id.
    name: fc.oneof({ arbitrary: fc.constantFrom('q', 'verdict', 'target', 'rating'), weight: 8 }, { arbitrary: fc.constantFrom('Kind Of', 'a-b', 'text', 'left', 'x__y', 'q=') , weight: 1 }),
    multiple: fc.boolean(),
    required: fc.boolean(),
    perRegion: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
    options: fc.array(option, { minLength: 1, maxLength: 4 }),
    tree: fc.array(taxonomyOption, { minLength: 1, maxLength: 3 }),
  })
  .map(({ tree, ...c }) => ({ ...c, tag: c.tag as GenControl['tag'], options: c.tag === 'Taxonomy' ? tree : c.options }));
const block: fc.Arbitrary<GenBlock> = fc.record(
  {
    headers: fc.array(fc.constantFrom('Is it toxic?', 'Rate it', 'Why?', 'Who is the target?', 'Cost in $dollars', 'Read <b>this</b>'), { maxLength: 2 }),
    views: fc.integer({ min: 0, max: 2 }),
    gate: fc.record({ block: fc.nat(6), picks: fc.array(fc.nat(4), { maxLength: 2 }), onControl: fc.boolean(), kind: fc.constantFrom('choice-selected', 'choice-selected', 'choice-selected', 'region-selected'), unknown: fc.integer({ min: 0, max: 9 }).map((n) => n === 0) }),
    description: fc.constantFrom('Pick the closest.', 'Details <here>'),
    control,
  },
  { requiredKeys: ['headers', 'views', 'control'] },
);
const config: fc.Arbitrary<GenConfig> = fc.record(
  {
    title: fc.constantFrom('Moderation', 'Review <queue>'),
    banner: fc.constantFrom('Read the whole comment.', 'Fixed & final'),
    field: fc.constantFrom('$text', '$comment'),
    html: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
    itemLast: fc.boolean(),
    blocks: fc.array(block, { minLength: 1, maxLength: 6 }),
    trailing: fc.constantFrom('Thanks!'),
  },
  { requiredKeys: ['field', 'html', 'itemLast', 'blocks'] },
);

/** `<Tag a="b">` with escaped attribute values (undefined ones left out). */
function open(tag: string, attrs: Record<string, string | undefined>, close = false): string {
  const a = Object.entries(attrs)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => ` ${k}="${xmlAttr(v)}"`)
    .join('');
  return `<${tag}${a}${close ? '/' : ''}>`;
}

function options(c: GenControl): string {
  const tag = c.tag === 'Labels' || c.tag === 'HyperTextLabels' ? 'Label' : 'Choice';
  const one = (o: GenOption): string => (o.children?.length ? `${open(tag, { value: o.value })}${o.children.map(one).join('')}</${tag}>` : open(tag, { value: o.value, alias: o.alias }, true));
  return c.options.map(one).join('');
}

/** The config as XML: root View, blocks in order, the item Text first or last, the pair of a Pairwise after it. */
function serialize(given: GenConfig): string {
  let g = given;
  const stored = (c: GenControl, i: number): string | undefined => {
    const o = c.options[i];
    return o && (c.tag === 'Taxonomy' ? o.value : o.alias || o.value);
  };
  const item = open(g.html ? 'HyperText' : 'Text', { name: 'item', value: g.field }, true);
  // A name ending in `=` is shared on purpose; the others get the block index, so most names are unique.
  const named = g.blocks.map((b, i) => ({ ...b, control: { ...b.control, name: b.control.name.endsWith('=') ? b.control.name.slice(0, -1) : /^[a-z]+$/.test(b.control.name) ? `${b.control.name}${i}` : b.control.name } }));
  g = { ...g, blocks: named };
  const lines: string[] = ['<View>'];
  if (g.title) lines.push(open('Header', { value: g.title, size: '3' }, true));
  if (g.banner) lines.push(open('Text', { name: 'banner', value: g.banner }, true));
  if (!g.itemLast) lines.push(item);
  g.blocks.forEach((b, i) => {
    // Spans over the item's kind of text (Labels over text, HyperTextLabels over HTML), the other one when perRegion is drawn.
    const spanTag = g.html !== b.control.perRegion ? 'HyperTextLabels' : 'Labels';
    const c = b.control.tag === 'Labels' || b.control.tag === 'HyperTextLabels' ? { ...b.control, tag: spanTag as GenControl['tag'] } : b.control;
    const gateBlock = b.gate && b.gate.block < i ? g.blocks[b.gate.block] : undefined;
    const gate = gateBlock && b.gate ? { visibleWhen: b.gate.kind, whenTagName: b.gate.unknown ? 'nope' : gateBlock.control.name, whenChoiceValue: b.gate.picks.map((p) => stored(gateBlock.control, p)).filter((v) => v !== undefined).join(',') || undefined } : {};
    const onControl = Boolean(b.gate?.onControl) || b.views === 0;
    const attrs = {
      name: c.name,
      toName: c.tag === 'Pairwise' ? 'p1,p2' : 'item',
      ...(c.tag === 'Choices' && c.multiple ? { choice: 'multiple' } : {}),
      ...(c.tag === 'Taxonomy' && !c.multiple ? { maxUsages: '1' } : {}),
      ...(c.required ? { required: 'true' } : {}),
      ...(c.perRegion && c.tag !== 'Pairwise' ? { perRegion: 'true' } : {}),
      ...(onControl ? gate : {}),
    };
    for (const h of b.headers) lines.push(open('Header', { value: h }, true));
    if (b.description && b.headers.length) lines.push(open('Header', { value: b.description, size: '6' }, true));
    const body = ['Choices', 'Taxonomy', 'Labels', 'HyperTextLabels'].includes(c.tag) ? `${open(c.tag, attrs)}${options(c)}</${c.tag}>` : open(c.tag, attrs, true);
    // The pair's task fields: mostly those Rubric exports (left, right), now and then others.
    const pair = c.required ? ['$a', '$b'] : ['$left', '$right'];
    let wrapped = c.tag === 'Pairwise' ? `${body}${open('Text', { name: 'p1', value: pair[0] }, true)}${open('Text', { name: 'p2', value: pair[1] }, true)}` : body;
    for (let v = 0; v < b.views; v++) wrapped = `${open('View', v === b.views - 1 && !onControl ? gate : {})}${wrapped}</View>`;
    lines.push(wrapped);
  });
  if (g.itemLast) lines.push(item);
  if (g.trailing) lines.push(open('Header', { value: g.trailing }, true));
  lines.push('</View>');
  return lines.join('\n');
}

describe('export(import(config)), for configs the importer accepts', () => {
  it('keeps every control name, shown and stored value, prompt and visibleWhen, or the import says why not at that line and column; the skeleton lints with warnings only', () => {
    let accepted = 0;
    let controls = 0;
    let unreported = 0;
    fc.assert(
      fc.property(config, (g) => {
        const xml = serialize(g);
        const imported = importLabelStudioConfig(xml, { today: '2026-01-05' });
        if ((imported.schemaJson.questions as unknown[]).length === 0) return;
        accepted++;
        expect(metaSchema(imported.schemaJson) ? [] : metaSchema.errors).toEqual([]);
        const { set, lint } = importedSet(imported);
        expect(set.problems).toEqual([]);
        expect(lintErrors(lint)).toEqual([]);
        const exported = labelStudioConfig(set);
        expect(lostInExport(xml, exported, imported.findings)).toEqual([]);
        // How many controls the check holds without any finding excusing them.
        for (const c of outline(xml)) {
          controls++;
          if (!reportedAt(imported.findings, c.el)) unreported++;
        }
      }),
      { numRuns: 150 },
    );
    // Most generated configs have a question, and most controls round trip with nothing to excuse them: the property is not held vacuously.
    expect(accepted).toBeGreaterThan(100);
    // (The generator is awkward on purpose, so many controls carry a finding; over 30% must carry none.)
    expect(unreported / controls).toBeGreaterThan(0.3);
  });
});

describe('the check itself', () => {
  const xml = `<View><Text name="t" value="$text"/>
  <Choices name="a" toName="t"><Choice value="Yes" alias="y"/><Choice value="No"/></Choices>
  <Header value="Why?"/>
  <View visibleWhen="choice-selected" whenTagName="a" whenChoiceValue="y"><TextArea name="why" toName="t"/></View>
</View>`;

  it('catches a lost alias, a changed prompt, a lost condition and a lost control, unless a finding stands at the element', () => {
    expect(lostInExport(xml, xml, [])).toEqual([]);
    expect(lostInExport(xml, xml.replace(' alias="y"', ''), [])).toEqual([
      '<Choices name="a"> (line 2): the choice ["Yes","y"] (shown, stored) is not in the export',
      '<Choices name="a"> (line 2): the export has a choice ["Yes","Yes"] the config lacks',
    ]);
    expect(lostInExport(xml, xml.replace('Why?', 'How?'), [])).toEqual(['<TextArea name="why"> (line 4): prompt "Why?" became "How?"']);
    expect(lostInExport(xml, xml.replace(' visibleWhen="choice-selected"', ''), [])).toEqual(['<TextArea name="why"> (line 4): shown a=y became always']);
    expect(lostInExport(xml, xml.replace('name="why"', 'name="because"'), [])).toEqual(['<TextArea name="why"> (line 4): no control of that name in the export']);
    expect(lostInExport(xml, xml.replace('name="why"', 'name="because"'), [{ line: 4, column: 75, message: 'renamed' }])).toEqual([]);
    expect(outline(xml).map((c) => [c.name, c.prompt?.text, c.gate?.values])).toEqual([
      ['a', undefined, undefined],
      ['why', 'Why?', ['y']],
    ]);
  });
});
