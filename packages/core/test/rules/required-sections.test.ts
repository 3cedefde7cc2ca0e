import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/required-sections.js';
import type { Rule } from '../../src/index.js';
import { ruleTester, runRule } from '../support/rule-tester.js';
import { FM, applyFix } from '../support/sample-set.js';

const r = rule as Rule<unknown>;
/** A guideline whose body starts on line 10. */
const doc = (body: string): Record<string, string> => ({ 'guideline.md': `${FM}${body}` });

ruleTester(r, {
  valid: [
    { name: 'the docs base set has a changelog', files: {} },
    { name: 'headings compare case-insensitively', files: doc('# Rules\n\n## CHANGELOG\n') },
    { name: 'every configured section', options: { sections: ['Scope', 'Escalation  paths', 'Changelog'] }, files: doc('# Rules\n\n## scope\n\n## Escalation paths\n\n## Changelog\n') },
    { name: 'no sections required', options: { sections: [] }, files: doc('# Rules\n') },
    { name: 'no guideline', files: { 'guideline.md': undefined as unknown as string } },
  ],
  invalid: [
    {
      name: 'no changelog: reported at the title',
      files: doc('# Rules\n\nText.\n'),
      errors: [{ messageId: 'missing', range: '10:1-10:8', data: { section: 'Changelog' }, message: 'Missing section `## Changelog`, expected a `##` heading named Changelog' }],
      output: doc('# Rules\n\nText.\n'),
    },
    {
      name: 'no title: reported at line 1',
      files: doc('Text.\n'),
      errors: [{ messageId: 'missing', range: '1:1-1:4' }],
    },
    {
      name: 'an empty file',
      files: { 'guideline.md': '' },
      errors: [{ messageId: 'missing', range: '1:1-1:1' }],
    },
    {
      name: 'only `##` headings count',
      options: { sections: ['Scope', 'Changelog'] },
      files: doc('# Rules\n\n### Scope\n\n# Changelog\n'),
      errors: [
        { messageId: 'missing', range: '10:1-10:8', data: { section: 'Scope' } },
        { messageId: 'missing', range: '10:1-10:8', data: { section: 'Changelog' } },
      ],
    },
    {
      name: 'a section listed twice is reported once, as first written',
      options: { sections: [' Scope ', 'scope'] },
      files: doc('# Rules\n\n## Changelog\n'),
      errors: [{ messageId: 'missing', range: '10:1-10:8', data: { section: 'Scope' } }],
    },
  ],
});

describe('required-sections details', () => {
  it('suggests appending the section', () => {
    const files = doc('# Rules\n\nText.\n');
    const [f] = runRule(r, files, { sections: ['Scope'] });
    expect(f?.fix).toBeUndefined();
    expect(f?.suggestions?.[0]?.description).toBe('Add a `## Scope` section');
    expect(applyFix(files['guideline.md'] as string, f?.suggestions?.[0], 'guideline.md')).toBe(`${FM}# Rules\n\nText.\n\n## Scope\n`);
    const bare = doc('# Rules');
    const [g] = runRule(r, bare);
    expect(applyFix(bare['guideline.md'] as string, g?.suggestions?.[0], 'guideline.md')).toBe(`${FM}# Rules\n\n## Changelog\n`);
  });

  it('rejects options of the wrong shape', () => {
    expect(() => runRule(r, {}, { sections: 'Scope' })).toThrow(/bad options/);
    expect(() => runRule(r, {}, { sections: ['  '] })).toThrow(/bad options/);
    expect(() => runRule(r, {}, { section: ['Scope'] })).toThrow(/bad options/);
  });
});
