/** status-transition: with a review base, the status moves along draft -> review -> approved -> deprecated, and approved content changes only with a new version. */
import { defineRule } from '../lint/define-rule.js';
import { setDiffOf } from '../diff/memo.js';
import { START_RANGE } from '../position.js';

export default defineRule({
  meta: {
    id: 'status-transition',
    description: 'With a review base, the status changes only along draft -> review -> approved -> deprecated (or back from review to draft), and an approved version is never edited without a version bump.',
    defaultLevel: 'error',
    messages: {
      transition: '{{problem}}',
      approvedEdited: '{{problem}}',
    },
    defaultOptions: {},
  },
  check({ set, base, report }) {
    if (base === undefined || base === null || !set.guideline) return;
    for (const p of setDiffOf(base, set).problems) {
      const messageId = p.code === 'status-transition' ? 'transition' : p.code === 'approved-edited' ? 'approvedEdited' : undefined;
      if (!messageId) continue;
      report({ messageId, data: { problem: p.message }, file: p.location?.file ?? set.guideline.file, range: p.location?.range ?? START_RANGE });
    }
  },
});
