import { compileSchema, loadShippedSchema, type GuidelineSet } from '@rubric/core';
import { describe, expect, it } from 'vitest';
import { exportSet, fromLabelStudioResult, goldTasks, importLabelStudioConfig, labelStudioConfig, MAX_IMPORT_BYTES, type ImportFinding } from '../src/index.js';
import { importedSet, lintErrors, outline } from './config-outline.js';
import { memorySet, REAL_SETS, realSet } from './support.js';

const metaSchema = compileSchema(loadShippedSchema('guideline-schema.schema.json'));

/** The imported files as a loaded set. */
function load(xml: string): { set: GuidelineSet; findings: ImportFinding[]; schemaJson: Record<string, unknown> } {
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
    // A Taxonomy shows and stores its values: the titles give them back, no exportValue needed.
    expect(questions[1]!.options).toEqual([{ id: 'eukarya', title: 'Eukarya', options: [{ id: 'eukarya.human', title: 'Human' }] }]);
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
    expect(findings.map((f) => [f.line, f.element])).toEqual([
      [5, '<Choices name="Kind Of">'],
      [7, '<Image name="img">'],
      [8, '<RectangleLabels name="box">'],
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
    expect(none.findings.map((f) => f.message)).toEqual(['Unexpected config without Choices, Taxonomy, Labels, HyperTextLabels, TextArea, Rating or Pairwise, expected at least one question']);
    expect(importLabelStudioConfig('').findings).toHaveLength(1);
  });
});

/** Findings as `line:column element: message` (short enough to compare whole). */
function located(findings: ImportFinding[]): string[] {
  return findings.map((f) => `${f.line}:${f.column} ${f.element}: ${f.message}`);
}

describe('prompts from Headers', () => {
  it('takes the Header just before the View holding a control, and a Header that is a sibling of an enclosing View', () => {
    const { schemaJson, findings } = load(`<View>
  <Text name="text" value="$text"/>
  <Header value="Rate the reply"/>
  <View className="block"><Rating name="quality" toName="text"/></View>
  <Header value="Is it safe?"/>
  <View><View><Choices name="safe" toName="text"><Choice value="Yes"/><Choice value="No"/></Choices></View></View>
</View>`);
    expect(findings).toEqual([]);
    expect((schemaJson.questions as { prompt: string }[]).map((q) => q.prompt)).toEqual(['Rate the reply', 'Is it safe?']);
  });

  it('says when two controls share one Header, and when a Header is no control\'s prompt', () => {
    const { schemaJson, findings } = load(`<View>
  <Text name="text" value="$text"/>
  <Header value="Read the text"/>
  <Header value="Rate it and say why"/>
  <View>
    <Rating name="stars" toName="text"/>
    <TextArea name="why" toName="text"/>
  </View>
  <Header value="Thank you"/>
</View>`);
    expect((schemaJson.questions as { prompt: string }[]).map((q) => q.prompt)).toEqual(['Rate it and say why', 'Rate it and say why']);
    expect(located(findings)).toEqual([
      '3:3 <Header value="Read the text">: Unexpected Header "Read the text" before the nearer Header "Rate it and say why", which is the prompt of <Rating name="stars">, expected one Header per control; left out: move its text into the guideline',
      '7:5 <TextArea name="why">: The nearest Header before it, "Rate it and say why" (line 4), is the prompt of <Rating name="stars"> too: taken as the prompt of both; give each control a Header of its own to tell them apart',
      '9:3 <Header value="Thank you">: Unexpected Header "Thank you" after the last control, expected one Header per control; left out: move its text into the guideline',
    ]);
  });

  it('reads a size-6 Header right after the prompt as the description, and a Header\'s text content as its value', () => {
    const { schemaJson } = load(`<View><Text name="text" value="$text"/><Header>Is it spam?</Header><Header value="Ads, scams and link farms." size="6"/><Choices name="spam" toName="text"><Choice value="Yes"/></Choices></View>`);
    expect(schemaJson.questions).toMatchObject([{ prompt: 'Is it spam?', description: 'Ads, scams and link farms.' }]);
  });
});

describe('values and aliases', () => {
  const config = `<View>
  <Text name="text" value="$text"/>
  <Choices name="policy" toName="text">
    <Choice value="Hate speech" alias="HS" hint="Attacks on who people are"/>
    <Choice value="Spam"/>
    <Choice value="Other" alias=""/>
  </Choices>
  <Labels name="spans" toName="text"><Label value="Person" alias="PER"/><Label value="Place"/></Labels>
</View>`;

  it('keep the labeler\'s visible text as the value and what Label Studio stores as the alias, through an export', () => {
    const { set, schemaJson, findings } = load(config);
    expect(findings).toEqual([]);
    expect((schemaJson.questions as { options: unknown }[])[0]!.options).toEqual([
      { id: 'hate-speech', title: 'Hate speech', exportValue: 'HS', description: 'Attacks on who people are' },
      { id: 'spam', title: 'Spam', exportValue: 'Spam' },
      // An empty alias stores the value (Label Studio falls back to it).
      { id: 'other', title: 'Other', exportValue: 'Other' },
    ]);
    const exported = labelStudioConfig(set);
    expect(exported).toContain('<Choice value="Hate speech" alias="HS" hint="Attacks on who people are"/>');
    expect(exported).toContain('<Choice value="Spam"/>');
    expect(exported).toContain('<Label value="Person" alias="PER"/>');
    expect(outline(exported).flatMap((c) => c.options.map((o) => [o.shown, o.stored]))).toEqual(outline(config).flatMap((c) => c.options.map((o) => [o.shown, o.stored === '' ? o.shown : o.stored])));
  });

  it('merges a choice stored twice in one control, with a finding at the second, and lint catches a duplicate written by hand', () => {
    const { schemaJson, findings } = load(`<View><Text name="text" value="$text"/>
  <Choices name="selection" toName="text" choice="multiple">
    <Choice value="One"/>
    <Choice value="Two"/>
    <Choice value="Two" hotkey="2"/>
    <Choice value="Deux" alias="Two"/>
  </Choices>
</View>`);
    expect((schemaJson.questions as { options: { id: string }[] }[])[0]!.options.map((o) => o.id)).toEqual(['one', 'two']);
    expect(located(findings)).toEqual([
      '5:5 <Choice value="Two">: Unexpected second <Choice> storing "Two" in <Choices name="selection"> (the first is at line 4), expected each to store a value of its own: Label Studio stores both as one; merged into one label',
      '6:5 <Choice value="Deux">: Unexpected second <Choice> storing "Two" in <Choices name="selection"> (the first is at line 4), expected each to store a value of its own: Label Studio stores both as one; merged into one label',
    ]);
    const byHand = { ...schemaJson, questions: [{ id: 'selection', type: 'multi', prompt: 'Which?', options: [{ id: 'two', title: 'Two', exportValue: 'Two' }, { id: 'two-2', title: 'Two', exportValue: 'Two' }] }] };
    const { set, lint } = importedSet({ schemaJson: byHand, guidelineMd: importLabelStudioConfig('<View/>').guidelineMd, findings: [] });
    expect(lint.filter((f) => f.ruleId === 'export-value-unique').map((f) => f.message)).toEqual(['Unexpected export value "Two" on `two-2`, expected each label of question `selection` to export a value of its own (`two` exports it too)']);
    expect(() => labelStudioConfig(set)).toThrow(/Unexpected export value "Two" on both two and two-2/);
  });

  it('says when two choices show the same text, and drops a hotkey of more than one key', () => {
    const { findings } = load(`<View><Text name="text" value="$text"/><Choices name="c" toName="text"><Choice value="Same" alias="a"/><Choice value="Same" alias="b" hotkey="ctrl+b"/></Choices></View>`);
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringMatching(/^Unexpected second <Choice> showing "Same" in <Choices name="c">.*the export shows each with its label id added$/),
      'Unexpected hotkey "ctrl+b", expected one character (Rubric\'s hotkey is one key); left out',
    ]);
  });
});

describe('what the item is', () => {
  it('takes the object the controls point at, not a fixed banner before it, and keeps the banner in the guideline', () => {
    const { schemaJson, findings, set } = load(`<View>
  <HyperText name="banner" value="&lt;b&gt;Read the whole comment first.&lt;/b&gt;"/>
  <Text name="comment" value="$comment"/>
  <Choices name="toxic" toName="comment"><Choice value="Yes"/><Choice value="No"/></Choices>
</View>`);
    expect(schemaJson.item).toBeUndefined();
    expect(located(findings)).toEqual([
      '2:3 <HyperText name="banner">: The <HyperText> shows fixed text, not a task field: it is not the item; left out of the export (the guideline\'s Scope quotes it)',
      '3:3 <Text name="comment">: The task field $comment becomes $text: Rubric exports read the item from the task field "text"; rename the field in the tasks you import',
    ]);
    expect(set.guideline!.text).toContain('```text\n<b>Read the whole comment first.</b>\n```');
    expect(labelStudioConfig(set)).toContain('<Text name="text" value="$text"/>');
  });

  it('reads HyperTextLabels as a span question over an HTML item, and exports HyperText and HyperTextLabels again', () => {
    const { schemaJson, findings, set } = load(`<View><HyperTextLabels name="ner" toName="html"><Label value="Title"/><Label value="Personal data" alias="pii"/></HyperTextLabels><HyperText name="html" value="$text"/></View>`);
    expect(findings).toEqual([]);
    expect(schemaJson.item).toEqual({ format: 'html' });
    expect(schemaJson.questions).toMatchObject([{ id: 'ner', type: 'span', options: [{ id: 'title', title: 'Title', exportValue: 'Title' }, { id: 'pii', title: 'Personal data' }] }]);
    const exported = labelStudioConfig(set);
    expect(exported).toContain('<HyperText name="text" value="$text"/>');
    expect(exported).toMatch(/<HyperTextLabels name="ner" toName="text">\s*<Label value="Title"\/>\s*<Label value="Personal data" alias="pii"\/>/);
  });

  it('reads a Pairwise as a single left/right question, and exports a Pairwise over the task fields left and right', () => {
    const { schemaJson, findings, set } = load(`<View><Header>Which reply is safer?</Header><Pairwise name="pw" toName="a,b"/><Text name="a" value="$left"/><Text name="b" value="$right"/></View>`);
    expect(findings).toEqual([]);
    expect(schemaJson.questions).toEqual([
      { id: 'pw', type: 'single', prompt: 'Which reply is safer?', pairwise: true, options: [{ id: 'left', title: 'The left text' }, { id: 'right', title: 'The right text' }] },
    ]);
    const exported = labelStudioConfig(set);
    expect(exported).toMatch(/<Header value="Which reply is safer\?"\/>\s*<Pairwise name="pw" toName="left,right"\/>\s*<Text name="left" value="\$left"\/>\s*<Text name="right" value="\$right"\/>/);
    // Nothing asks about a text of the item's own: the export shows the pair alone.
    expect(exported).not.toContain('name="text"');
  });

  it('reports ParagraphLabels, Ranker and per-region controls at their line and column, saying what was done instead', () => {
    const { schemaJson, findings } = load(`<View>
  <ParagraphLabels name="slots" toName="dialogue"><Label value="Person"/></ParagraphLabels>
  <Paragraphs name="dialogue" value="$dialogue"/>
  <Choices name="intent" toName="dialogue"><Choice value="Greeting"/></Choices>
  <Labels name="spans" toName="dialogue"><Label value="Insult"/></Labels>
  <Choices name="severity" toName="dialogue" perRegion="true"><Choice value="Mild"/></Choices>
  <Rating name="stars" toName="dialogue" perRegion="true"/>
</View>`);
    expect((schemaJson.questions as { id: string }[]).map((q) => q.id)).toEqual(['intent', 'spans', 'severity', 'stars']);
    expect(located(findings)).toEqual([
      expect.stringMatching(/^2:3 <ParagraphLabels name="slots">: Unexpected control <ParagraphLabels>, expected Labels over a Text: its spans are a message index/),
      expect.stringMatching(/^3:3 <Paragraphs name="dialogue">: The <Paragraphs> \$dialogue \(a list of messages\) becomes one text/),
      expect.stringMatching(/^6:3 <Choices name="severity">: Unexpected perRegion="true", expected a question about the whole item/),
      expect.stringMatching(/^7:3 <Rating name="stars">: Unexpected perRegion="true", expected a question about the whole item/),
    ]);
    expect(findings[2]!.message).toMatch(/imported as a question about the whole item, and the export asks it once$/);
  });
});

describe('a freshly imported skeleton', () => {
  it('lints with warnings only: stubs with texts of their own, for every leaf of every question, that answer what the schema asks', () => {
    const xml = `<View>
  <Text name="text" value="$text"/>
  <Choices name="verdict" toName="text" required="true"><Choice value="Fine" alias="ok"/><Choice value="Abuse" alias="abuse"/></Choices>
  <View visibleWhen="choice-selected" whenTagName="verdict" whenChoiceValue="abuse">
    <Choices name="target" toName="text" choice="multiple" required="true"><Choice value="Person"/><Choice value="Group"/></Choices>
    <TextArea name="why" toName="text" required="true"/>
  </View>
  <Labels name="spans" toName="text"><Label value="Slur"/></Labels>
  <Choices name="only" toName="text"><Choice value="Yes"/></Choices>
  <Rating name="stars" toName="text" required="true"/>
</View>`;
    const imported = importLabelStudioConfig(xml, { today: '2026-12-04' });
    const { set, lint } = importedSet(imported);
    expect(lintErrors(lint)).toEqual([]);
    expect(new Set(lint.map((f) => f.ruleId))).toEqual(new Set(['no-todo']));
    const examples = set.guideline!.examples;
    expect(new Set(examples.map((e) => e.text)).size).toBe(examples.length);
    // Two stubs per leaf label: verdict 2, target 2, spans 1, only 1.
    expect(examples.map((e) => `${e.sectionLabelId} ${e.kind}`)).toEqual([
      'ok positive', 'ok negative', 'abuse positive', 'abuse negative',
      'person positive', 'person negative', 'group positive', 'group negative',
      'slur positive', 'slur negative', 'yes positive', 'yes borderline',
    ]);
    // A target stub answers the verdict that asks it, and the required questions then asked.
    expect(examples[4]!.data).toMatchObject({ answers: { verdict: 'abuse', target: ['person'], why: expect.stringMatching(/^TODO/), stars: 1 } });
    expect(examples[8]!.data).toMatchObject({ answers: { spans: [{ label: 'slur', text: 'the part that is slur' }] } });
    // Each stub is a gold task that validates.
    for (const task of goldTasks(set).neutral) expect(task.answers).toBeDefined();
    expect(exportSet(set, 'gold').length).toBe(2);
  });
});

describe('results of HTML spans and pairwise questions', () => {
  it('reads hypertextlabels by their global offsets and pairwise by the side selected, and writes them back for gold tasks', () => {
    const { set } = load(`<View><HyperTextLabels name="ner" toName="html"><Label value="Title"/></HyperTextLabels><HyperText name="html" value="$text"/><Pairwise name="pw" toName="a,b"/><Text name="a" value="$left"/><Text name="b" value="$right"/></View>`);
    const result = [
      { from_name: 'ner', to_name: 'text', type: 'hypertextlabels', value: { start: '/p[1]/b[1]/text()[1]', end: '/p[1]/text()[2]', startOffset: 0, endOffset: 6, globalOffsets: { start: 14, end: 24 }, text: 'bold world', hypertextlabels: ['Title'] } },
      { from_name: 'pw', to_name: 'pw', type: 'pairwise', value: { selected: 'right' } },
    ];
    expect(fromLabelStudioResult(set, result)).toEqual({ answers: { ner: [{ label: 'title', start: 14, end: 24, text: 'bold world' }], pw: 'right' }, errors: [] });
    expect(fromLabelStudioResult(set, [{ ...result[0]!, value: { start: 1, end: 2, hypertextlabels: ['Title'] } }, { ...result[1]!, value: { selected: 'middle' } }]).errors).toEqual([
      { path: '/0/value/globalOffsets', message: 'Unexpected offsets start nothing and end nothing, expected integers with 0 <= start <= end' },
      { path: '/1/value/selected', message: 'Unexpected "middle", expected "left" or "right"' },
    ]);
  });
});

describe('older and rarer layouts', () => {
  it('reads the Label layout Rubric exported before aliases (hint as the title), a Panel title as a Header, and reports TextArea shortcuts', () => {
    const { schemaJson, findings } = load(`<!-- rubric:set=old-set rubric:version=1.2.0 -->
<View>
  <Text name="text" value="$text"/>
  <Labels name="spans" toName="text"><Label value="span.attack" hint="Attack"/></Labels>
  <Collapse><Panel value="Why do you think so?"><TextArea name="why" toName="text"><Shortcut alias="idk" value="I do not know"/></TextArea></Panel></Collapse>
</View>`);
    expect(schemaJson).toMatchObject({ id: 'old-set', version: '1.2.0' });
    expect(schemaJson.questions).toEqual([
      { id: 'spans', type: 'span', prompt: 'TODO: the question labelers answer in Spans', options: [{ id: 'span.attack', title: 'Attack' }] },
      { id: 'why', type: 'text', prompt: 'Why do you think so?' },
    ]);
    expect(located(findings)).toEqual(["5:84 <Shortcut value=\"I do not know\">: Unexpected <Shortcut> inside <TextArea>, expected none: Rubric's text questions have no canned answers; left out"]);
  });
});
