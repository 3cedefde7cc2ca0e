/**
 * required-sections: guideline.md has the `##` sections a team requires (by
 * default the changelog). Teams agree on a skeleton (scope, escalation,
 * changelog) so labelers find the same things in the same place in every set.
 */
import { defineRule } from '../lint/define-rule.js';
import { paddedBlock } from './helpers.js';

/** Options of required-sections. */
export interface RequiredSectionsOptions {
  /** Heading texts that must exist as `##` headings, compared case-insensitively. */
  sections: string[];
}

export default defineRule<RequiredSectionsOptions>({
  meta: {
    id: 'required-sections',
    description: 'guideline.md has a `##` heading for every section the configuration requires (by default Changelog).',
    defaultLevel: 'error',
    messages: {
      missing: 'Missing section `## {{section}}`, expected a `##` heading named {{section}}',
    },
    optionsSchema: {
      properties: {
        sections: {
          type: 'array',
          items: { type: 'string', minLength: 1, pattern: '\\S', description: 'a heading text such as "Scope"' },
          description: 'an array of heading texts, such as ["Scope", "Changelog"]',
        },
      },
    },
    defaultOptions: { sections: ['Changelog'] },
  },
  check({ set, options, report }) {
    const doc = set.guideline;
    if (!doc) return;
    const present = new Set(doc.headings.filter((h) => h.depth === 2).map((h) => normalize(h.text)));
    const title = doc.headings.find((h) => h.depth === 1);
    const range = title?.range ?? doc.lines.lineRange(1);
    const asked = new Set<string>();
    for (const raw of options.sections ?? []) {
      const section = raw.trim();
      const key = normalize(section);
      if (key === '' || asked.has(key) || present.has(key)) continue;
      asked.add(key);
      const offset = doc.text.length;
      report({
        messageId: 'missing',
        data: { section },
        file: doc.file,
        range,
        suggestions: [{ description: `Add a \`## ${section}\` section`, edits: [{ file: doc.file, range: doc.lines.range(offset, offset), text: paddedBlock(doc.text, offset, `## ${section}\n`) }] }],
      });
    }
  },
});

/** Heading texts compare case-insensitively and ignoring runs of spaces. */
function normalize(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}
