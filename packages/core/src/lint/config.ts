/**
 * rubric.config.json: rule levels and options. Its JSON Schema is generated from
 * the rules' own option schemas (committed as schema/rubric.config.schema.json,
 * checked for drift in CI) and every config is validated against it.
 */
import type { JsonSchema, Rule, RuleLevel, Severity } from './types.js';
import { compileSchema, loadShippedSchema, shippedValidator, validateWithSchema, type SchemaProblem } from './json-schema.js';
import { compareCodeUnits, isRecord } from '../util.js';

/** File name of the repository config. */
export const CONFIG_FILE = 'rubric.config.json';

/** Levels accepted in the config; `warn` is the short form of `warning`. */
export const CONFIG_LEVELS = ['error', 'warn', 'warning', 'info', 'off'] as const;

/** A rule's effective setting. */
export interface RuleSetting {
  level: RuleLevel;
  options: Record<string, unknown>;
}

/** A config with every rule's level and options filled in. */
export interface ResolvedConfig {
  rules: Map<string, RuleSetting>;
  /** Largest file read, in bytes. */
  maxFileBytes?: number;
}

/** The JSON Schema of rubric.config.json for a list of rules. */
export function configSchema(rules: readonly Rule<unknown>[]): JsonSchema {
  const levelSchema = { enum: [...CONFIG_LEVELS], description: 'a level: "error", "warn", "info" or "off"' };
  const ruleProps: Record<string, JsonSchema> = {};
  for (const rule of [...rules].sort((a, b) => compareCodeUnits(a.meta.id, b.meta.id))) {
    const { id, description, optionsSchema, defaultLevel } = rule.meta;
    const tuple: JsonSchema = optionsSchema
      ? {
          type: 'array',
          prefixItems: [levelSchema, { type: 'object', additionalProperties: false, properties: optionsSchema.properties, ...(optionsSchema.required ? { required: optionsSchema.required } : {}) }],
          minItems: 1,
          items: false,
          description: 'a level, or [level, options]',
        }
      : { type: 'array', prefixItems: [levelSchema], minItems: 1, items: false, description: 'a level, or [level]' };
    ruleProps[id] = {
      description: `${description} Default: ${defaultLevel}.`,
      if: { type: 'string' },
      then: levelSchema,
      else: tuple,
    };
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'Rubric configuration (rubric.config.json)',
    description: 'Rule levels and options for `rubric lint`. Generated from the rules; do not edit by hand.',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string', description: 'a path or URL of this schema' },
      rules: { type: 'object', additionalProperties: false, properties: ruleProps, description: 'an object of rule id -> level or [level, options]' },
      maxFileBytes: { type: 'integer', minimum: 1024, description: 'an integer number of bytes, at least 1024' },
    },
  };
}

const schemaCache = new WeakMap<readonly Rule<unknown>[], { schema: JsonSchema; shipped: boolean }>();
/** The committed schema/rubric.config.schema.json, as text, read once. */
let shippedConfigSchema: { text: string; schema: Record<string, unknown> } | undefined;

/**
 * The validator of the config for these rules: the build's precompiled one when the rules' schema is
 * the shipped one (the usual case: CI checks the committed copy against the rules), else compiled.
 */
function configValidator(rules: readonly Rule<unknown>[]): ReturnType<typeof compileSchema> {
  let entry = schemaCache.get(rules);
  if (!entry) {
    const schema = configSchema(rules);
    shippedConfigSchema ??= (() => {
      const shipped = loadShippedSchema('rubric.config.schema.json');
      return { text: JSON.stringify(shipped), schema: shipped };
    })();
    const shipped = JSON.stringify(schema) === shippedConfigSchema.text;
    entry = { schema: shipped ? shippedConfigSchema.schema : schema, shipped };
    schemaCache.set(rules, entry);
  }
  return entry.shipped ? shippedValidator('rubric.config.schema.json', entry.schema) : compileSchema(entry.schema);
}

/** Validates a parsed config and resolves every rule's level and options. */
export function resolveConfig(raw: unknown, rules: readonly Rule<unknown>[]): { config: ResolvedConfig; problems: SchemaProblem[] } {
  const problems = raw === undefined ? [] : validateWithSchema(configValidator(rules), raw);
  const given = problems.length === 0 && isRecord(raw) && isRecord(raw.rules) ? raw.rules : {};
  const config: ResolvedConfig = { rules: new Map() };
  if (problems.length === 0 && isRecord(raw) && typeof raw.maxFileBytes === 'number') config.maxFileBytes = raw.maxFileBytes;
  for (const rule of rules) {
    const setting = given[rule.meta.id];
    let level: RuleLevel = rule.meta.defaultLevel;
    let options = rule.meta.defaultOptions as Record<string, unknown>;
    if (typeof setting === 'string') level = normalizeLevel(setting);
    else if (Array.isArray(setting)) {
      level = normalizeLevel(String(setting[0]));
      if (isRecord(setting[1])) options = { ...options, ...setting[1] };
    }
    config.rules.set(rule.meta.id, { level, options });
  }
  return { config, problems };
}

function normalizeLevel(level: string): RuleLevel {
  if (level === 'warn') return 'warning';
  return level as Severity | 'off';
}
