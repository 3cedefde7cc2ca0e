/**
 * @rubric/core: parse guideline sets (guideline.md + schema.json), cross-check
 * them with the lint engine and its rules.
 */
export * from './position.js';
export * from './model.js';
export * from './host.js';
export * from './load.js';
export * from './util.js';
export { parseGuideline, clearParseCache, setParseCaching, isLabelLike, headingSlugs, EXAMPLE_LANG, CHANGELOG_HEADING } from './parse/guideline.js';
export { decodeLinkPart, linkAnchorRange, linkUrlRange } from './links.js';
export { parseSchema } from './parse/schema.js';
export { parseMarkdown } from './parse/markdown.js';
export { chunkStarts, chunkEnd } from './parse/chunks.js';
export * from './lint/types.js';
export { defineRule, formatMessage, ruleDocsUrl, RULE_DOCS_BASE_URL } from './lint/define-rule.js';
export { lintSet, sortFindings, INTERNAL_ERROR_RULE } from './lint/engine.js';
export { applyEdits, fixEditsByFile } from './lint/fix.js';
export { configSchema, resolveConfig, CONFIG_FILE, CONFIG_LEVELS, type ResolvedConfig, type RuleSetting } from './lint/config.js';
export { compileSchema, validateWithSchema, loadShippedSchema, describeValue, type SchemaProblem } from './lint/json-schema.js';
export { guidelineMetaSchema } from './rules/schema-valid.js';
export { rules } from './rules/index.js';
export * from './diff/index.js';
export * from './bundle.js';
export { exampleKind, whenHolds, answeredLabels } from './rules/helpers.js';
export { ancestry, renamedLabels } from './labels.js';
export * from './label-index.js';
export { draftExample, ExampleDraftError, type DraftAnswer, type ExampleDraft, type ExampleDraftInput } from './example-draft.js';
