import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/no-todo.js';
import type { Rule } from '../../src/index.js';
import { rangeText, relFile, ruleTester, runRule } from '../support/rule-tester.js';
import { FM, SAMPLE_GUIDELINE, SAMPLE_SCHEMA, sampleSet } from '../support/sample-set.js';

const r = rule as Rule<unknown>;
/** A guideline whose body starts on line 10. */
const doc = (body: string): Record<string, string> => sampleSet({ 'guideline.md': `${FM}${body}` });
const schemaWith = (from: string, to: string): Record<string, string> => {
  if (!SAMPLE_SCHEMA.includes(from)) throw new Error(`sample schema lacks ${from}`);
  return sampleSet({ 'schema.json': SAMPLE_SCHEMA.replace(from, to) });
};
const msg = (context: string, marker = 'TODO'): string => `Unexpected ${marker} marker ${context}, expected finished text`;

ruleTester(r, {
  valid: [
    { name: 'the docs base set', files: {} },
    { name: 'the sample set', files: sampleSet() },
    { name: 'lower case, longer words and words around', files: doc('# Rules\n\nA todo list, TODOS, TODOist, mastodon, XTODO, TODO_1, TODO2, ÄTODO.\n') },
    { name: 'a TODO inside an address', files: doc('# Rules\n\nSee https://tracker.example.org/TODO/12, <https://example.org/a?TODO:b>, www.example.org/TODO.\n') },
    { name: 'no markers configured', options: { markers: [] }, files: doc('# Rules\n\nTODO: everything.\n') },
    { name: 'only the configured markers', options: { markers: ['FIXME'] }, files: doc('# Rules\n\nTODO: everything.\n') },
    { name: 'schema strings in lower case and property names', files: schemaWith('"prompt": "Why?"', '"prompt": "Why? (todo later)", "TODO": "x"') },
    { name: 'no guideline and no schema', files: { 'guideline.md': undefined as unknown as string, 'schema.json': undefined as unknown as string } },
  ],
  invalid: [
    {
      name: 'prose in a label section, with a colon after the marker',
      files: doc('### `none` Not abusive\n\nTODO: define this label.\n'),
      errors: [{ messageId: 'marker', range: '12:1-12:5', data: { marker: 'TODO', context: 'in the definition of label `none`' }, message: msg('in the definition of label `none`') }],
    },
    {
      name: 'prose outside label sections, several markers on a line',
      files: doc('# Rules\n\nScope: TODO. Escalation: (TODO) and "TODO"; TODO-list.\n'),
      errors: [
        { messageId: 'marker', range: '12:8-12:12', message: msg('in the guideline text') },
        { messageId: 'marker', range: '12:27-12:31' },
        { messageId: 'marker', range: '12:38-12:42' },
        { messageId: 'marker', range: '12:45-12:49' },
      ],
    },
    {
      name: 'headings',
      files: doc('# TODO title\n\n### `abuse` TODO\n\n#### `abuse.insult` Insult\n\nText.\n'),
      errors: [
        { messageId: 'marker', range: '10:3-10:7', message: msg('in a heading') },
        { messageId: 'marker', range: '12:13-12:17', message: msg('in the heading of label `abuse`') },
      ],
    },
    {
      name: 'example YAML: text, why, and a comment',
      files: doc('### `abuse.insult` Insult\n\n```example\ntext: "TODO: add an example text."\nanswers:\n  verdict: abuse.insult\nwhy: TODO\n# TODO check\n```\n'),
      errors: [
        { messageId: 'marker', range: '13:8-13:12', message: msg('in the `text` of an example under label `abuse.insult`') },
        { messageId: 'marker', range: '16:6-16:10', message: msg('in the `why` of an example under label `abuse.insult`') },
        { messageId: 'marker', range: '17:3-17:7', message: msg('in an example under label `abuse.insult`') },
      ],
    },
    {
      name: 'an example with an id',
      files: doc('```example\nid: ex-1\ntext: "Hi."\nanswers:\n  verdict: none\nwhy: TODO\n```\n'),
      errors: [{ messageId: 'marker', range: '15:6-15:10', message: msg('in the `why` of example `ex-1`') }],
    },
    {
      name: 'frontmatter',
      files: sampleSet({ 'guideline.md': SAMPLE_GUIDELINE.replace('title: Base set\n', 'title: TODO\n').replace('owners: [docs@example.org]\n', 'owners: [docs@example.org]\n# TODO: owners\n') }),
      errors: [
        { messageId: 'marker', range: '3:8-3:12', message: msg('in the frontmatter field `title`') },
        { messageId: 'marker', range: '8:3-8:7', message: msg('in the frontmatter') },
      ],
    },
    {
      name: 'a placeholder e-mail address (not a URL) in the frontmatter',
      files: sampleSet({ 'guideline.md': SAMPLE_GUIDELINE.replace('owners: [docs@example.org]', 'owners: [TODO@example.org]') }),
      errors: [{ messageId: 'marker', range: '7:10-7:14', message: msg('in the frontmatter field `owners`') }],
    },
    {
      name: 'schema.json: label title and description, question prompt',
      files: sampleSet({
        'schema.json': SAMPLE_SCHEMA.replace('"title": "Insult", "severity": "medium"', '"title": "TODO", "description": "TODO: define this label.", "severity": "medium"').replace(
          '"prompt": "Who is targeted?"',
          '"prompt": "TODO: ask who is targeted"',
        ),
      }),
      errors: [
        { messageId: 'marker', file: 'schema.json', range: '17:47-17:51', message: msg('in the `title` of label `abuse.insult`') },
        { messageId: 'marker', file: 'schema.json', range: '17:70-17:74', message: msg('in the `description` of label `abuse.insult`') },
        { messageId: 'marker', file: 'schema.json', range: '26:18-26:22', message: msg('in the `prompt` of question `target`') },
      ],
    },
    {
      name: 'schema.json: escapes before and inside the marker keep exact ranges',
      files: schemaWith('"prompt": "Why?"', '"prompt": "Why?\\nTODO \\"TODO\\" \\u0054ODO"'),
      errors: [
        { messageId: 'marker', file: 'schema.json', range: '34:59-34:63', message: msg('in the `prompt` of question `rationale`') },
        { messageId: 'marker', file: 'schema.json', range: '34:66-34:70' },
        { messageId: 'marker', file: 'schema.json', range: '34:73-34:82' },
      ],
    },
    {
      name: 'schema.json: top-level strings and arrays',
      files: schemaWith('"version": "1.0.0",', '"version": "1.0.0",\n  "title": "TODO",\n  "tags": ["TODO"],'),
      errors: [
        { messageId: 'marker', file: 'schema.json', range: '4:13-4:17', message: msg('at `/title` in the schema') },
        { messageId: 'marker', file: 'schema.json', range: '5:13-5:17', message: msg('at `/tags/0` in the schema') },
      ],
    },
    {
      name: 'option markers: several words, matched case-sensitively and whole',
      options: { markers: ['FIXME', 'TBD', '???'] },
      files: doc('# Rules\n\nFIXME: scope. Escalation TBD, TBDs, fixme, TODO. Who ???\n'),
      errors: [
        { messageId: 'marker', range: '12:1-12:6', message: msg('in the guideline text', 'FIXME') },
        { messageId: 'marker', range: '12:26-12:29', data: { marker: 'TBD', context: 'in the guideline text' } },
        { messageId: 'marker', range: '12:54-12:57', data: { marker: '???', context: 'in the guideline text' } },
      ],
    },
  ],
});

describe('no-todo details', () => {
  it('reports one finding per marker, with the range of the word only', () => {
    const files = doc('# Rules\n\nTODO: a. TODO: b.\r\nTODO\n');
    const findings = runRule(r, files);
    const text = files['guideline.md'] as string;
    expect(findings.map((f) => text.slice(f.range.start.offset, f.range.end.offset))).toEqual(['TODO', 'TODO', 'TODO']);
    expect(findings.map((f) => `${relFile(f.file)}:${rangeText(f.range)} ${f.severity}`)).toEqual(['guideline.md:12:1-12:5 warning', 'guideline.md:12:10-12:14 warning', 'guideline.md:13:1-13:5 warning']);
  });

  it('offers no fix: the missing text has to be written', () => {
    const [f] = runRule(r, doc('# Rules\n\nTODO\n'));
    expect(f?.fix).toBeUndefined();
    expect(f?.suggestions).toBeUndefined();
  });

  it('checks a schema.json with syntax errors', () => {
    const findings = runRule(r, sampleSet({ 'schema.json': '{ "id": "base-set", "title": "TODO", ' }));
    expect(findings.map((f) => `${relFile(f.file)}:${rangeText(f.range)}`)).toEqual(['schema.json:1:31-1:35']);
  });

  it('rejects options of the wrong shape', () => {
    expect(() => runRule(r, {}, { markers: 'TODO' })).toThrow(/bad options/);
    expect(() => runRule(r, {}, { markers: [' '] })).toThrow(/bad options/);
    expect(() => runRule(r, {}, { markers: ['TODO', 'TODO'] })).toThrow(/bad options/);
    expect(() => runRule(r, {}, { marker: ['TODO'] })).toThrow(/bad options/);
  });
});

describe('status', () => {
  it("makes a marker an error once the set is under review or approved, and leaves a draft at the rule level", () => {
    const body = '### `none` Not abusive\n\nTODO: define this label.\n';
    for (const [status, severity] of [['draft', 'warning'], ['review', 'error'], ['approved', 'error']] as const) {
      const files = sampleSet({ 'guideline.md': `${FM.replace('status: draft', `status: ${status}`)}${body}` });
      const findings = runRule(r, files);
      expect(findings.map((f) => [f.ruleId, f.severity]), status).toEqual([['no-todo', severity]]);
    }
  });
});
