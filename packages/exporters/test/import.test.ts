import { compileSchema, loadShippedSchema, type GuidelineSet } from '@rubric/core';
import { describe, expect, it } from 'vitest';
import { importLabelStudioConfig, labelStudioConfig, MAX_IMPORT_BYTES } from '../src/index.js';
import { memorySet, REAL_SETS, realSet } from './support.js';

const metaSchema = compileSchema(loadShippedSchema('guideline-schema.schema.json'));

/** The imported files as a loaded set. */
function load(xml: string): { set: GuidelineSet; findings: unknown[]; schemaJson: Record<string, unknown> } {
  const out = importLabelStudioConfig(xml, { today: '2026-12-04' });
  return { set: memorySet(out.schemaJson, out.guidelineMd), findings: out.findings, schemaJson: out.schemaJson };
}

/** A schema's questions without what a config cannot carry (severity, deprecation, renames, rating min). */
function shape(json: unknown): unknown {
  const strip = (o: Record<string, unknown>): Record<string, unknown> => ({ id: o.id, title: o.title, ...(o.options ? { options: (o.options as Record<string, unknown>[]).map(strip) } : {}) });
  return (json as { questions: Record<string, unknown>[] }).questions.map((q) => ({
    id: q.id,
    type: q.type,
    prompt: q.prompt,
    required: q.required === true,
    when: q.when,
    ...(q.options ? { options: (q.options as Record<string, unknown>[]).map(strip) } : {}),
  }));
}

describe.each(REAL_SETS)('importing the exported config of %s', (name) => {
  const original = realSet(name);
  const xml = labelStudioConfig(original);
  const { set, findings, schemaJson } = load(xml);

  it('gives back the questions, option trees, titles, `when` and the set id and version', () => {
    expect(findings).toEqual([]);
    expect(schemaJson.id).toBe(original.schema!.id);
    expect(schemaJson.version).toBe(original.schema!.version);
    expect(shape(schemaJson)).toEqual(shape(original.schema!.json));
    expect(set.problems).toEqual([]);
    expect(metaSchema(schemaJson) ? [] : metaSchema.errors).toEqual([]);
  });

  it('exports again to the same controls', () => {
    const again = labelStudioConfig(set);
    const controls = (x: string) => [...x.matchAll(/<(Choices|Labels|TextArea|Rating|Taxonomy|Choice|Label) ([^>]*?)\/?>/g)].map((m) => `${m[1]} ${m[2]!.replace(/ hint="[^"]*"/, '')}`);
    expect(controls(again)).toEqual(controls(xml));
  });

  it('writes a guideline skeleton with a section per label and TODO markers', () => {
    const md = importLabelStudioConfig(xml).guidelineMd;
    for (const id of original.schema!.labels.map((l) => l.id)) expect(md).toContain(`\`${id}\``);
    expect(md.match(/TODO/g)!.length).toBeGreaterThan(original.schema!.labels.length);
    expect(set.guideline!.sections.map((s) => s.labelId).sort()).toEqual(original.schema!.labels.map((l) => l.id).sort());
  });
});

describe('importing configs written by hand', () => {
  it('keeps what a project exported (values without alias) in exportValue, so the results stay the same', () => {
    const { schemaJson, findings } = load(`<View>
  <Text name="text" value="$text"/>
  <Header value="Choose text sentiment"/>
  <Choices name="sentiment" toName="text" choice="single" showInLine="true">
    <Choice value="Positive"/>
    <Choice value="Negative" hotkey="n"/>
  </Choices>
</View>`);
    expect(findings).toEqual([]);
    expect(schemaJson.questions).toEqual([
      { id: 'sentiment', type: 'single', prompt: 'Choose text sentiment', options: [{ id: 'positive', title: 'Positive', exportValue: 'Positive' }, { id: 'negative', title: 'Negative', exportValue: 'Negative', hotkey: 'n' }] },
    ]);
    expect(metaSchema(schemaJson) ? [] : metaSchema.errors).toEqual([]);
  });

  it('reads a Taxonomy as an option tree and Labels as a span question, and says what changed', () => {
    const { schemaJson, findings } = load(`<View>
  <Labels name="label" toName="text"><Label value="PER"/><Label value="ORG"/></Labels>
  <Text name="text" value="$ner"/>
  <Taxonomy name="taxonomy" toName="text">
    <Choice value="Eukarya"><Choice value="Human"/></Choice>
  </Taxonomy>
</View>`);
    const questions = schemaJson.questions as Record<string, unknown>[];
    expect(questions.map((q) => [q.id, q.type])).toEqual([['label', 'span'], ['taxonomy', 'multi']]);
    expect(questions[1]!.options).toEqual([{ id: 'eukarya', title: 'Eukarya', exportValue: 'Eukarya', options: [{ id: 'eukarya.human', title: 'Human', exportValue: 'Human' }] }]);
    expect(findings).toEqual([{ line: 3, column: 3, element: '<Text name="text">', message: expect.stringContaining('The task field $ner becomes $text') }]);
    expect(questions[0]!.prompt).toMatch(/^TODO: /);
  });

  it('turns visibleWhen into `when` and reports what it cannot map, with line and column', () => {
    const { schemaJson, findings } = load(`<View>
  <Text name="text" value="$text"/>
  <Choices name="toxic" toName="text"><Choice value="Yes" alias="yes"/><Choice value="No" alias="no"/></Choices>
  <View visibleWhen="choice-selected" whenTagName="toxic" whenChoiceValue="yes">
    <Choices name="Kind Of" toName="text" choice="multiple"><Choice value="Insult"/></Choices>
  </View>
  <Image name="img" value="$image"/>
  <RectangleLabels name="box" toName="img"><Label value="Car"/></RectangleLabels>
  <Rating name="stars" toName="text" maxRating="ten"/>
</View>`);
    const questions = schemaJson.questions as Record<string, unknown>[];
    expect(questions.find((q) => q.id === 'kind_of')!.when).toEqual({ question: 'toxic', answers: ['yes'] });
    expect(findings.map((f) => [(f as { line: number }).line, (f as { element: string }).element])).toEqual([
      [7, '<Image name="img">'],
      [8, '<RectangleLabels name="box">'],
      [5, '<Choices name="Kind Of">'],
      [9, '<Rating name="stars">'],
    ]);
  });

  it('never throws on bad input: malformed XML, declarations, huge files, no questions', () => {
    const bad = importLabelStudioConfig('<View><Choices name="a" toName="text"></View>');
    expect(bad.findings[0]!.message).toMatch(/^Unexpected XML: .*expected a well-formed Label Studio config/);
    expect(bad.schemaJson.questions).toEqual([]);
    const bomb = importLabelStudioConfig('<!DOCTYPE x [<!ENTITY a "aaaa">]><View>&a;</View>');
    expect(bomb.findings[0]!.message).toMatch(/DOCTYPE or ENTITY declaration/);
    const huge = importLabelStudioConfig(`<View>${' '.repeat(MAX_IMPORT_BYTES)}</View>`);
    expect(huge.findings[0]!.message).toMatch(/expected at most 1048576/);
    const none = importLabelStudioConfig('<View><Text name="t" value="$text"/></View>');
    expect(none.findings.map((f) => f.message)).toEqual(['Unexpected config without Choices, Taxonomy, Labels, TextArea or Rating, expected at least one question']);
    expect(importLabelStudioConfig('').findings).toHaveLength(1);
  });
});
