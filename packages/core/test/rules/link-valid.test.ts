import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/link-valid.js';
import { createMemoryHost, lintSet, loadSet, resolveConfig, type Host, type Rule } from '../../src/index.js';
import { ruleTester, runRule } from '../support/rule-tester.js';
import { FM, applyFix } from '../support/sample-set.js';

const r = rule as Rule<unknown>;
/** A guideline with headings "Rules" (line 10) and "Scope" (line 12); the body starts on line 14. */
const doc = (body: string): Record<string, string> => ({ 'guideline.md': `${FM}# Rules\n\n## Scope\n\n${body}` });
const NOTES = '# Notes\n\n## Decision rules\n\n## `abuse.insult` Insult\n';

ruleTester(r, {
  valid: [
    { name: 'the docs base set', files: {} },
    { name: 'links with a scheme are not checked', files: doc('[a](https://example.org/x#y) [b](mailto:policy@example.org) [c](//cdn.example.org/x.png) [d](vscode:extension/x) <https://example.org>\n') },
    { name: 'anchors of this document', files: doc('[a](#rules) [b](#scope) [c](#) [d](guideline.md#scope) [e](./guideline.md#rules)\n') },
    { name: 'files and folders that exist', files: doc('[a](notes.md) [b](./notes.md) [c](../shared/) [d](..) ![e](img/chart.png) [f](my%20notes.md) [g](notes.md?plain=1)\n'), extraFiles: { 'notes.md': NOTES, 'my notes.md': '', 'img/chart.png': 'png', '/shared/readme.md': '' } },
    { name: 'anchors of another Markdown file, label sections included', files: doc('[a](notes.md#decision-rules) [b](notes.md#abuseinsult-insult)\n'), extraFiles: { 'notes.md': NOTES } },
    { name: 'anchors of files that are not Markdown are not checked', files: doc('[a](data.csv#L3)\n'), extraFiles: { 'data.csv': 'a,b\n' } },
    { name: 'definitions', files: doc('See [the notes][n].\n\n[n]: notes.md#notes\n'), extraFiles: { 'notes.md': NOTES } },
    { name: 'root-relative paths depend on the server', files: doc('[a](/docs/format.md)\n') },
    { name: 'no guideline', files: { 'guideline.md': undefined as unknown as string } },
  ],
  invalid: [
    {
      name: 'a file that does not exist',
      files: doc('See [the rules](rulez.md) first.\n'),
      errors: [{ messageId: 'missingFile', range: '14:17-14:25', data: { target: 'rulez.md' }, message: 'Unexpected link to `rulez.md`, expected a file or folder that exists relative to guideline.md' }],
    },
    {
      name: 'images and definitions too, decoded',
      files: doc('![chart](img/missing%20chart.png)\n\n[n]: ../other/notes.md "Notes"\n'),
      errors: [
        { messageId: 'missingFile', range: '14:10-14:33', data: { target: 'img/missing chart.png' } },
        { messageId: 'missingFile', range: '16:6-16:23', data: { target: '../other/notes.md' } },
      ],
    },
    {
      name: 'an anchor of this document that does not exist',
      files: doc('See [scope](#scop).\n'),
      errors: [{ messageId: 'missingAnchor', range: '14:14-14:18', data: { anchor: 'scop', document: 'this document', hint: ' Did you mean `#scope`?' }, message: 'Unexpected anchor `#scop`, expected a heading of this document. Did you mean `#scope`?' }],
    },
    {
      name: 'an anchor of another file that does not exist',
      files: doc('See [rules](notes.md#decision-rule) and [x](notes.md#nothing-like-it).\n'),
      extraFiles: { 'notes.md': NOTES },
      errors: [
        { messageId: 'missingAnchor', range: '14:22-14:35', data: { anchor: 'decision-rule', document: '`notes.md`', hint: ' Did you mean `#decision-rules`?' } },
        { messageId: 'missingAnchor', range: '14:54-14:69', data: { anchor: 'nothing-like-it', document: '`notes.md`', hint: '' } },
      ],
    },
    {
      name: 'a label section linked by its id alone',
      files: doc('### `abuse.insult` Insult\n\nSee [insults](#abuseinsult).\n'),
      errors: [{ messageId: 'missingAnchor', range: '16:16-16:27', data: { anchor: 'abuseinsult', document: 'this document', hint: ' Did you mean `#abuseinsult-insult`?' } }],
    },
    {
      name: 'an anchor in a definition',
      files: doc('[n]: #scopes\n'),
      errors: [{ messageId: 'missingAnchor', range: '14:7-14:13' }],
    },
    {
      name: 'a destination with escapes is reported as a whole',
      files: doc('[a](sc\\_ope.md) [b](#sc\\_op)\n'),
      errors: [
        { messageId: 'missingFile', range: '14:1-14:16', data: { target: 'sc_ope.md' } },
        { messageId: 'missingAnchor', range: '14:17-14:29', data: { anchor: 'sc_op', document: 'this document', hint: ' Did you mean `#scope`?' } },
      ],
    },
    {
      name: 'a link in a heading',
      files: doc('### See [notes](gone.md)\n'),
      errors: [{ messageId: 'missingFile', range: '14:17-14:24' }],
    },
  ],
});

describe('link-valid details', () => {
  it('suggests close anchors and fixes nothing by itself', () => {
    const files = doc('See [scope](#scop).\n');
    const [f] = runRule(r, files);
    expect(f?.fix).toBeUndefined();
    expect(f?.suggestions?.map((s) => s.description)).toEqual(['Link to `#scope`']);
    expect(applyFix(files['guideline.md'] as string, f?.suggestions?.[0], 'guideline.md')).toBe(doc('See [scope](#scope).\n')['guideline.md']);
  });

  it('offers no anchor edit where the destination is not written as parsed', () => {
    const [f] = runRule(r, doc('[b](#sc\\_op)\n'));
    expect(f?.suggestions).toBeUndefined();
  });

  it('reads each linked Markdown file once, through the host', () => {
    const memory = createMemoryHost({ ...Object.fromEntries(Object.entries(doc('[a](notes.md#x) [b](notes.md#y) [c](notes.md#decision-rules)\n')).map(([k, v]) => [`/set/${k}`, v])), '/set/schema.json': '{}', '/set/notes.md': NOTES });
    const reads: string[] = [];
    const host: Host = { stat: (p) => memory.stat(p), readText: (p) => (reads.push(p), memory.readText(p)) };
    const { config } = resolveConfig({ rules: { 'link-valid': 'error' } }, [r]);
    const findings = lintSet(loadSet('/set', host), [r], config, host);
    expect(findings.map((f) => f.messageId)).toEqual(['missingAnchor', 'missingAnchor']);
    expect(reads.filter((p) => p === '/set/notes.md')).toHaveLength(1);
  });

  it('is an error by default', () => {
    expect(rule.meta.defaultLevel).toBe('error');
  });
});
