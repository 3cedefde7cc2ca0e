/** The one helper every rule is written with. */
import type { Rule } from './types.js';

/** Base URL of the rules' docs pages (`docs/rules/<id>.md` in the repository). */
export const RULE_DOCS_BASE_URL = 'https://github.com/rubric-guidelines/rubric/blob/main/docs/rules/';

/** Docs URL of a rule. */
export function ruleDocsUrl(ruleId: string): string {
  return `${RULE_DOCS_BASE_URL}${ruleId}.md`;
}

/** Declares a rule; keeps its option type attached for the check function. */
export function defineRule<O>(rule: Rule<O>): Rule<O> {
  return rule;
}

/** Fills `{{name}}` placeholders of a message template. */
export function formatMessage(template: string, data: Record<string, string | number> | undefined): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => {
    const v = data?.[name];
    return v === undefined ? whole : String(v);
  });
}
