/** version-bump: with a review base, the declared version bump covers what the change requires. */
import { defineRule } from '../lint/define-rule.js';
import { setDiffOf } from '../diff/memo.js';
import { START_RANGE } from '../position.js';

export default defineRule({
  meta: {
    id: 'version-bump',
    description: 'With a review base (`rubric lint --base <ref>`), the version moves forward by at least the bump the changes require; breaking changes without a major bump are acknowledged.',
    defaultLevel: 'error',
    messages: {
      tooSmall: '{{problem}}',
      backwards: '{{problem}}',
      invalid: '{{problem}}',
      unusedAcknowledgement: '{{problem}}',
    },
    defaultOptions: {},
  },
  check({ set, base, report }) {
    if (base === undefined || base === null || !set.guideline) return;
    const diff = setDiffOf(base, set);
    const ids = { 'bump-too-small': 'tooSmall', 'version-backwards': 'backwards', 'version-invalid': 'invalid', 'acknowledgement-unused': 'unusedAcknowledgement' } as const;
    for (const p of diff.problems) {
      if (!(p.code in ids)) continue;
      const messageId = ids[p.code as keyof typeof ids];
      const range = p.location?.range ?? (messageId === 'unusedAcknowledgement' ? set.guideline.frontmatter?.rangeOf(['acknowledgements']) : undefined) ?? START_RANGE;
      report({ messageId, data: { problem: p.message }, file: p.location?.file ?? set.guideline.file, range });
    }
  },
});
