/**
 * Runs rules over a loaded guideline set and turns their reports into findings.
 * A rule that throws becomes a finding too: the linter never crashes on input.
 */
import type { GuidelineSet } from '../model.js';
import type { Host } from '../host.js';
import { isValidRange, START_RANGE, type Range } from '../position.js';
import { formatMessage, ruleDocsUrl } from './define-rule.js';
import { compareCodeUnits } from '../util.js';
import type { ResolvedConfig } from './config.js';
import type { Finding, LintInputs, Report, Rule } from './types.js';

/** Rule id used for a rule that threw; it is a bug in Rubric, reported as a finding. */
export const INTERNAL_ERROR_RULE = 'internal-error';

/**
 * Lints one set with the rules enabled in `config`; `base` is the set at the review base, if any, and
 * `inputs` what else the caller knows (quality figures). Findings are sorted by file and position.
 */
export function lintSet(set: GuidelineSet, rules: readonly Rule<unknown>[], config: ResolvedConfig, host: Host, base?: GuidelineSet | null, inputs: LintInputs = {}): Finding[] {
  const findings: Finding[] = [];
  for (const rule of rules) {
    const setting = config.rules.get(rule.meta.id) ?? { level: rule.meta.defaultLevel, options: rule.meta.defaultOptions as Record<string, unknown> };
    if (setting.level === 'off') continue;
    const severity = setting.level;
    const report = ({ asError, ...r }: Report): void => {
      const template = rule.meta.messages[r.messageId];
      findings.push({
        ...r,
        range: safeRange(r.range),
        ruleId: rule.meta.id,
        severity: asError ? 'error' : severity,
        message: template === undefined ? r.messageId : formatMessage(template, r.data),
        docsUrl: ruleDocsUrl(rule.meta.id),
      });
    };
    try {
      rule.check({ set, ...(base !== undefined ? { base } : {}), ...(inputs.quality ? { quality: inputs.quality } : {}), options: setting.options, host, report });
    } catch (error) {
      findings.push({
        ruleId: INTERNAL_ERROR_RULE,
        messageId: 'ruleFailed',
        severity: 'error',
        message: `Rule ${rule.meta.id} failed on this set (a bug in Rubric, please report it): ${error instanceof Error ? error.message : String(error)}`,
        file: set.guidelinePath,
        range: START_RANGE,
        docsUrl: ruleDocsUrl(INTERNAL_ERROR_RULE),
      });
    }
  }
  return sortFindings(findings);
}

function safeRange(range: Range | undefined): Range {
  return range && isValidRange(range) ? range : START_RANGE;
}

/** Sorts findings by file, then position, then rule id. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.range.start.offset - b.range.start.offset ||
      a.range.end.offset - b.range.end.offset ||
      compareCodeUnits(a.ruleId, b.ruleId),
  );
}
