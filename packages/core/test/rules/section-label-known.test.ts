import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/section-label-known.js';
import type { Rule } from '../../src/index.js';
import { ruleTester, runRule } from '../support/rule-tester.js';
import { SAMPLE_GUIDELINE, SAMPLE_SCHEMA, applyFix, relatedText, sampleSet } from '../support/sample-set.js';

const r = rule as Rule<unknown>;
/** The sample guideline with a heading text replaced. */
const heading = (from: string, to: string): string => SAMPLE_GUIDELINE.replace(from, to);
/** The sample guideline with a section added before the changelog (its heading on line 28). */
const beforeChangelog = (section: string): string => SAMPLE_GUIDELINE.replace('## Changelog', `${section}\n\n## Changelog`);
const renamedSchema = SAMPLE_SCHEMA.replace('{ "id": "abuse.threat", "title": "Threat"', '{ "id": "abuse.threat", "renamedFrom": ["abuse.violence"], "title": "Threat"');

ruleTester(r, {
  valid: [
    { name: 'the docs base set', files: {} },
    { name: 'every section names a label', files: sampleSet() },
    { name: 'a heading naming a question introduces the question', files: sampleSet({ 'guideline.md': beforeChangelog('## `verdict` The first question') }) },
    { name: 'a schema without labels: names are not checked', files: sampleSet({ 'guideline.md': beforeChangelog('### `spam.bot` Bots'), 'schema.json': '{"id":"base-set","version":"1.0.0","questions":[]}' }) },
    { name: 'no guideline', files: { 'guideline.md': undefined as unknown as string } },
  ],
  invalid: [
    {
      name: 'a misspelled section with one close, undocumented label is fixed',
      files: sampleSet({ 'guideline.md': heading('`abuse.threat` Threat', '`abuse.thraet` Threat') }),
      errors: [{ messageId: 'unknown', range: '22:7-22:19', data: { label: 'abuse.thraet', hint: ' Did you mean `abuse.threat`?' }, message: 'Unexpected section for label `abuse.thraet`, expected a label of the schema. Did you mean `abuse.threat`?' }],
      output: { 'guideline.md': SAMPLE_GUIDELINE },
    },
    {
      name: 'no fix when the close label already has a section',
      files: sampleSet({ 'guideline.md': beforeChangelog('### `abuse.insul` More insults') }),
      errors: [{ messageId: 'unknown', range: '28:6-28:17', data: { label: 'abuse.insul', hint: ' Did you mean `abuse.insult`?' } }],
      output: { 'guideline.md': beforeChangelog('### `abuse.insul` More insults') },
    },
    {
      name: 'two sections close to one label: only the first is fixed',
      files: sampleSet({ 'guideline.md': heading('`abuse.threat` Threat', '`abuse.thraet` Threat').replace('`target.group` A group', '`abuse.threet` A group') }),
      errors: [
        { messageId: 'unknown', range: '22:7-22:19' },
        { messageId: 'unknown', range: '26:6-26:18' },
      ],
      output: { 'guideline.md': heading('`target.group` A group', '`abuse.threet` A group') },
    },
    {
      name: 'no close label: no fix and no hint',
      files: sampleSet({ 'guideline.md': beforeChangelog('### `spam.bot` Bots') }),
      errors: [{ messageId: 'unknown', range: '28:6-28:14', message: 'Unexpected section for label `spam.bot`, expected a label of the schema.' }],
      output: { 'guideline.md': beforeChangelog('### `spam.bot` Bots') },
    },
    {
      name: 'a section under a renamed label is fixed to the new id',
      files: sampleSet({ 'schema.json': renamedSchema, 'guideline.md': heading('`abuse.threat` Threat', '`abuse.violence` Threat') }),
      errors: [{ messageId: 'renamed', range: '22:7-22:21', data: { label: 'abuse.violence', current: 'abuse.threat' }, message: 'Unexpected section for label `abuse.violence`, it was renamed to `abuse.threat`' }],
      output: { 'guideline.md': SAMPLE_GUIDELINE },
    },
    {
      name: 'a renamed section whose new label already has one is not fixed',
      files: sampleSet({ 'schema.json': renamedSchema, 'guideline.md': beforeChangelog('### `abuse.violence` Old threats') }),
      errors: [{ messageId: 'renamed', range: '28:6-28:20' }],
      output: { 'guideline.md': beforeChangelog('### `abuse.violence` Old threats') },
    },
    {
      name: 'two sections for one label',
      files: sampleSet({ 'guideline.md': beforeChangelog('### `abuse.insult` Insult, again') }),
      errors: [{ messageId: 'duplicate', range: '28:6-28:18', data: { label: 'abuse.insult' }, message: 'Unexpected second section for label `abuse.insult`, expected one section per label' }],
    },
    {
      name: 'duplicates are found without a usable schema',
      files: sampleSet({ 'schema.json': '{', 'guideline.md': beforeChangelog('### `spam.bot` Bots\n\n### `spam.bot` Bots again') }),
      errors: [{ messageId: 'duplicate', range: '30:6-30:14' }],
    },
  ],
});

describe('section-label-known details', () => {
  it('relates a duplicate to the first section', () => {
    const [f] = runRule(r, sampleSet({ 'guideline.md': beforeChangelog('### `abuse.insult` Insult, again') }));
    expect(relatedText(f)).toEqual(['guideline.md:18:7-18:19 first section here']);
  });

  it('relates a misspelling to the label it resembles, and offers every candidate', () => {
    const guideline = beforeChangelog('### `target.grou` Groups');
    const [f] = runRule(r, sampleSet({ 'guideline.md': guideline }));
    expect(relatedText(f)).toEqual(['schema.json:31:17-31:31 `target.group` defined here']);
    expect(f?.suggestions?.map((s) => s.description)).toEqual(['Rename the section to `target.group`']);
    expect(applyFix(guideline, f?.suggestions?.[0], 'guideline.md')).toBe(beforeChangelog('### `target.group` Groups'));
  });

  it('relates a renamed section to the label that carries the new id', () => {
    const [f] = runRule(r, sampleSet({ 'schema.json': renamedSchema, 'guideline.md': heading('`abuse.threat` Threat', '`abuse.violence` Threat') }));
    expect(relatedText(f)).toEqual(['schema.json:18:21-18:35 `abuse.threat` defined here, renamed from `abuse.violence`']);
  });
});
