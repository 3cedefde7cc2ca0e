/** file-readable: every file of a set can be read as UTF-8 text of a sane size. */
import { defineRule } from '../lint/define-rule.js';
import { START_RANGE } from '../position.js';

export default defineRule({
  meta: {
    id: 'file-readable',
    description: 'Every file of a set exists and is UTF-8 text within the size limit.',
    defaultLevel: 'error',
    messages: {
      missingGuideline: '{{problem}}, expected a guideline.md in the set folder',
      missing: '{{problem}}, expected it beside guideline.md or at the path the frontmatter `schema` names',
      unreadable: '{{problem}}, expected a readable file',
      binary: '{{problem}}',
      tooLarge: '{{problem}} (raise `maxFileBytes` in rubric.config.json if this is intended)',
      notAFile: '{{problem}}',
    },
    defaultOptions: {},
  },
  check({ set, report }) {
    for (const p of set.problems) {
      // The schema hint ("beside guideline.md") makes no sense for guideline.md itself.
      const guideline = p.file === set.guidelinePath;
      const messageId = { missing: guideline ? 'missingGuideline' : 'missing', unreadable: 'unreadable', binary: 'binary', 'too-large': 'tooLarge', 'not-a-file': 'notAFile' }[p.kind];
      if (p.cause) report({ messageId, data: { problem: p.message }, file: p.cause.file, range: p.cause.range });
      else report({ messageId, data: { problem: p.message }, file: p.file, range: START_RANGE });
    }
  },
});
