import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import rule from '../../src/rules/changelog-entry.js';
import type { Rule } from '../../src/index.js';
import { ruleTester, runRule } from '../support/rule-tester.js';
import { FM, applyFix, relatedText } from '../support/sample-set.js';

const r = rule as Rule<unknown>;
/** A guideline at `version` whose body starts on line 10. */
const doc = (body: string, version = '1.0.0'): Record<string, string> => ({ 'guideline.md': FM.replace('version: 1.0.0', `version: ${version}`) + body });
/** A guideline with a title (line 10) and a changelog heading (line 12), then the entries. */
const withEntries = (entries: string[], version = '1.0.0'): Record<string, string> => doc(`# Rules\n\n## Changelog\n\n${entries.map((e) => `### ${e}\n\n- Changes.\n`).join('\n')}`, version);

ruleTester(r, {
  valid: [
    { name: 'the docs base set', files: {} },
    { name: 'an entry for the version', files: withEntries(['1.0.0 - 2026-01-01']) },
    { name: 'newest first, pre-releases below their release', files: withEntries(['1.0.0 - 2026-02-01', '1.0.0-rc.2', '1.0.0-rc.1', '0.9.0']) },
    { name: 'entries in brackets or with a v', files: withEntries(['[1.0.0] - 2026-01-01', 'v0.1.0']) },
    { name: 'a changelog heading in any case', files: doc('## CHANGELOG\n\n### 1.0.0\n') },
    { name: 'an invalid frontmatter version is not matched', files: withEntries(['0.1.0'], '"1.0"') },
    { name: 'a pre-release version with its entry', files: withEntries(['1.1.0-beta.1', '1.0.0'], '1.1.0-beta.1') },
    { name: 'no guideline', files: { 'guideline.md': undefined as unknown as string } },
  ],
  invalid: [
    {
      name: 'no changelog section: reported at the title',
      files: doc('# Rules\n\nText.\n'),
      errors: [{ messageId: 'missingSection', range: '10:1-10:8', message: 'Missing `## Changelog` section, expected one with an entry per version, newest first' }],
    },
    {
      name: 'no changelog and no title: reported at line 1',
      files: doc('Text.\n'),
      errors: [{ messageId: 'missingSection', range: '1:1-1:4' }],
    },
    {
      name: 'an empty file',
      files: { 'guideline.md': '' },
      errors: [{ messageId: 'missingSection', range: '1:1-1:1' }],
    },
    {
      name: 'no entry for the frontmatter version',
      files: withEntries(['1.0.0 - 2026-01-01'], '1.1.0'),
      errors: [{ messageId: 'missingEntry', range: '12:1-12:13', data: { version: '1.1.0', heading: '## Changelog' }, message: 'Missing changelog entry for version 1.1.0, expected a heading starting with 1.1.0 under `## Changelog`' }],
    },
    {
      name: 'an empty changelog',
      files: doc('## Changelog\n'),
      errors: [{ messageId: 'missingEntry', range: '10:1-10:13' }],
    },
    {
      name: 'entries out of order',
      files: withEntries(['0.9.0', '1.0.0', '0.8.0']),
      errors: [{ messageId: 'order', range: '18:1-18:10', data: { version: '1.0.0', previous: '0.9.0' }, message: 'Unexpected entry 1.0.0 after 0.9.0, expected entries newest first' }],
    },
    {
      name: 'a release listed below its own pre-release',
      files: withEntries(['1.0.0-rc.1', '1.0.0']),
      errors: [{ messageId: 'order', range: '18:1-18:10', data: { version: '1.0.0', previous: '1.0.0-rc.1' } }],
    },
    {
      name: 'an entry newer than the frontmatter version',
      files: withEntries(['1.1.0 - 2026-03-01', '1.0.0 - 2026-01-01']),
      errors: [{ messageId: 'ahead', range: '14:1-14:23', data: { version: '1.1.0', current: '1.0.0' }, message: 'Unexpected entry 1.1.0, newer than the frontmatter version 1.0.0, expected entries up to 1.0.0' }],
    },
    {
      name: 'the release entry while the frontmatter is still a pre-release',
      files: withEntries(['1.0.0', '1.0.0-rc.1'], '1.0.0-rc.1'),
      errors: [{ messageId: 'ahead', range: '14:1-14:10' }],
    },
  ],
});

describe('changelog-entry suggestions', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-04-02T23:30:00-05:00'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('appends a changelog with an entry dated today in UTC', () => {
    const files = doc('# Rules\n\nText.\n', '2.0.0');
    const [f] = runRule(r, files);
    expect(f?.fix).toBeUndefined();
    expect(applyFix(files['guideline.md'] as string, f?.suggestions?.[0], 'guideline.md')).toBe(
      `${files['guideline.md'] as string}\n## Changelog\n\n### 2.0.0 - 2026-04-03\n\n- Describe what changed for labelers.\n`,
    );
  });

  it('appends a bare changelog when the version is unknown', () => {
    const files = doc('# Rules', 'nope');
    const [f] = runRule(r, files);
    expect(applyFix(files['guideline.md'] as string, f?.suggestions?.[0], 'guideline.md')).toBe(`${files['guideline.md'] as string}\n\n## Changelog\n`);
  });

  it('inserts the missing entry first, right after the changelog heading', () => {
    const files = withEntries(['1.0.0 - 2026-01-01'], '1.1.0');
    const [f] = runRule(r, files);
    expect(relatedText(f)).toEqual(['guideline.md:4:10-4:15 frontmatter version 1.1.0 here']);
    expect(applyFix(files['guideline.md'] as string, f?.suggestions?.[0], 'guideline.md')).toBe(
      (files['guideline.md'] as string).replace('## Changelog\n\n', '## Changelog\n\n### 1.1.0 - 2026-04-03\n\n- Describe what changed for labelers.\n\n'),
    );
  });

  it('adds the blank lines a tight changelog lacks, one level below its heading', () => {
    for (const [body, expected] of [
      ['# Changelog\n### 1.0.0\n', '# Changelog\n\n## 1.1.0 - 2026-04-03\n\n- Describe what changed for labelers.\n\n### 1.0.0\n'],
      ['## Changelog', '## Changelog\n\n### 1.1.0 - 2026-04-03\n\n- Describe what changed for labelers.\n'],
      ['## Changelog\n', '## Changelog\n\n### 1.1.0 - 2026-04-03\n\n- Describe what changed for labelers.\n'],
    ] as const) {
      const files = doc(body, '1.1.0');
      const [f] = runRule(r, files);
      expect(f?.messageId).toBe('missingEntry');
      expect(applyFix(files['guideline.md'] as string, f?.suggestions?.[0], 'guideline.md')).toBe(FM.replace('1.0.0', '1.1.0') + expected);
    }
  });

  it('relates an out-of-order entry to the entry before it', () => {
    const [f] = runRule(r, withEntries(['0.9.0', '1.0.0']));
    expect(relatedText(f)).toEqual(['guideline.md:14:1-14:10 entry 0.9.0 here']);
  });
});
