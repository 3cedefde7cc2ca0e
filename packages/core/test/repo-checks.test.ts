/**
 * Checks over all rules at once: every rule has a docs page, every message id
 * is used, every option schema compiles and its defaults validate, the
 * committed config schema matches the rules, and every rule survives sets that
 * are missing files or content.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileSchema, configSchema, createMemoryHost, lintSet, loadSet, resolveConfig, rules } from '../src/index.js';

const SRC = new URL('../src/rules/', import.meta.url);
const DOCS = new URL('../../../docs/rules/', import.meta.url);

describe('every rule', () => {
  it('has a unique id equal to its file name', () => {
    const ids = rules.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    const files = readdirSync(SRC).filter((f) => f.endsWith('.ts') && !['index.ts', 'helpers.ts'].includes(f));
    expect(files.map((f) => f.replace(/\.ts$/, '')).sort()).toEqual([...ids].sort());
  });

  for (const rule of rules) {
    describe(rule.meta.id, () => {
      const source = readFileSync(new URL(`${rule.meta.id}.ts`, SRC), 'utf8');
      it('has a docs page that states its default level', () => {
        const page = readFileSync(new URL(`${rule.meta.id}.md`, DOCS), 'utf8');
        expect(page.startsWith(`# ${rule.meta.id}\n`)).toBe(true);
        expect(page).toContain(`Default level: \`${rule.meta.defaultLevel}\``);
      });
      it('uses every message id it declares', () => {
        for (const id of Object.keys(rule.meta.messages)) {
          // Declared once in meta.messages; used at least once more (messageId: 'x' or a lookup table).
          const uses = source.split(new RegExp(`['"\`]${id}['"\`]|\\b${id}\\b`)).length - 1;
          expect(uses, `message id ${id}`).toBeGreaterThanOrEqual(2);
        }
      });
      it('has an option schema that compiles and accepts its defaults', () => {
        const schema = { type: 'object', additionalProperties: false, properties: rule.meta.optionsSchema?.properties ?? {} };
        const validate = compileSchema(schema);
        expect(validate(rule.meta.defaultOptions), JSON.stringify(validate.errors)).toBe(true);
      });
      it('survives sets with missing or empty files', () => {
        const { config } = resolveConfig({ rules: { [rule.meta.id]: 'error' } }, [rule]);
        const cases: Record<string, string>[] = [
          {},
          { '/s/guideline.md': '' },
          { '/s/schema.json': '' },
          { '/s/guideline.md': '', '/s/schema.json': '' },
          { '/s/guideline.md': '---\n---\n', '/s/schema.json': '{}' },
          { '/s/guideline.md': '---\nschema: 7\n---\n# `a.b`\n```example\n- 1\n```\n', '/s/schema.json': '[]' },
          { '/s/guideline.md': '```example\nanswers: 3\n```\n', '/s/schema.json': '{"questions":[{"id":"q","options":[{"id":"a.b"}]}, 5, null]}' },
          { '/s/guideline.md': '---\nid: s\n---\n', '/s/schema.json': '{"questions":[{"id":"q","type":"single","options":[{"id":"x","options":[{"id":"x"}]}],"when":{"question":"q","answers":["x"]}}]}' },
        ];
        for (const files of cases) {
          const host = createMemoryHost(files);
          const findings = lintSet(loadSet('/s', host), [rule], config, host);
          expect(findings.filter((f) => f.ruleId === 'internal-error')).toEqual([]);
        }
      });
    });
  }
});

describe('rubric.config.json schema', () => {
  it('is the committed schema/rubric.config.schema.json (run `npm run generate -w @rubric/core` after changing a rule)', () => {
    const committed = JSON.parse(readFileSync(new URL('../schema/rubric.config.schema.json', import.meta.url), 'utf8')) as unknown;
    expect(committed).toEqual(JSON.parse(JSON.stringify(configSchema(rules))));
  });
  it('accepts the repository config and rejects a typo with its field path', () => {
    const repo = JSON.parse(readFileSync(new URL('../../../rubric.config.json', import.meta.url), 'utf8')) as unknown;
    expect(resolveConfig(repo, rules).problems).toEqual([]);
    const bad = resolveConfig({ rules: { 'label-reference-known': 'eror', 'no-such-rule': 'off' } }, rules).problems;
    expect(bad.map((p) => p.pointer).sort()).toEqual(['/rules/label-reference-known', '/rules/no-such-rule']);
    expect(bad.find((p) => p.pointer === '/rules/label-reference-known')?.message).toMatch(/Unexpected value "eror".*expected `error`, `warn`/);
  });
});
