/** file-readable: every file of a set can be read as UTF-8 text of a sane size. */
import { defineRule } from '../lint/define-rule.js';
import { START_RANGE } from '../position.js';

export default defineRule({
  meta: {
    id: 'file-readable',
    description: 'Every file of a set exists and is UTF-8 text within the size limit.',
    defaultLevel: 'error',
    messages: {
      missingGuideline: 'Missing file {{file}}, expected a guideline.md in the set folder',
      missing: 'Missing file {{file}}, expected it beside guideline.md or at the path the frontmatter `schema` names',
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
      const data = { problem: p.message, file: p.file.startsWith(`${set.dir}/`) ? p.file.slice(set.dir.length + 1) : p.file };
      // A missing schema is best shown where the frontmatter names it; any other problem is in the file itself.
      if (p.kind === 'missing' && p.cause) report({ messageId, data, file: p.cause.file, range: p.cause.range });
      else report({ messageId, data, file: p.file, range: START_RANGE });
    }
  },
});
