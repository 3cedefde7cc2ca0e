/**
 * The output formats of `rubric lint`, on hand-built findings: exact text for
 * stylish and github, structure for json, and SARIF validated against the
 * official SARIF 2.1.0 JSON Schema (test/fixtures/sarif-schema-2.1.0.json,
 * from oasis-tcs/sarif-spec).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { rules as coreRules, type Finding, type Rule } from '@rubric/core';
import { formatters, getFormatter, type FormatInput, type JsonReport } from '../src/formatters/index.js';
import { escapeData, escapeProperty } from '../src/formatters/github.js';
import { gitlabFingerprint, type GitlabIssue } from '../src/formatters/gitlab.js';
import { displayWidth, singleLine } from '../src/formatters/shared.js';

// ajv-formats is CommonJS with a `default` export; take whichever shape the loader gives.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

const CWD = resolve('/repo');
const at = (...parts: string[]): string => join(CWD, ...parts);
const GUIDELINE = at('guidelines', 'hate', 'guideline.md');
const SCHEMA = at('guidelines', 'hate', 'schema.json');
const CLEAN = at('guidelines', 'clean', 'guideline.md');
const DOCS = 'https://github.com/rubric-guidelines/rubric/blob/main/docs/rules/';

/** A range on one line (or two); offsets made up but consistent. */
function range(line: number, column: number, endLine: number, endColumn: number, offset = (line - 1) * 100 + column - 1) {
  const endOffset = (endLine - 1) * 100 + endColumn - 1;
  return { start: { line, column, offset }, end: { line: endLine, column: endColumn, offset: endOffset } };
}

function rule(id: string, description: string, defaultLevel: Rule['meta']['defaultLevel'], fixable = false): Rule<unknown> {
  return { meta: { id, description, defaultLevel, messages: {}, defaultOptions: {}, fixable }, check: () => {} };
}

const RULES = [
  rule('label-reference-known', 'Labels referenced in the guideline exist in the schema.', 'error', true),
  rule('example-coverage', 'Every label has at least one example.', 'warning'),
  rule('schema-version-match', 'The schema version matches the guideline {version}.', 'info'),
  rule('changelog-entry', 'Every version has a changelog entry.', 'off'),
];

const typo: Finding = {
  ruleId: 'label-reference-known',
  messageId: 'unknown',
  severity: 'error',
  message: 'Unexpected label `abuse.inslt`. Did you mean `abuse.insult`?',
  file: GUIDELINE,
  range: range(20, 41, 20, 54),
  docsUrl: `${DOCS}label-reference-known.md`,
  related: [{ file: SCHEMA, range: range(12, 7, 12, 21), message: 'label defined here' }],
  fix: { description: 'Replace with `abuse.insult`', edits: [{ file: GUIDELINE, range: range(20, 41, 20, 54), text: '`abuse.insult`' }] },
  suggestions: [{ description: 'Add `abuse.inslt` to schema.json', edits: [{ file: SCHEMA, range: range(30, 3, 30, 3), text: '"abuse.inslt",' }] }],
};
const coverage: Finding = {
  ruleId: 'example-coverage',
  messageId: 'missing',
  severity: 'warning',
  message: 'Label `spam.bot` has no example',
  file: GUIDELINE,
  range: range(3, 1, 3, 10),
  docsUrl: `${DOCS}example-coverage.md`,
};
const version: Finding = {
  ruleId: 'schema-version-match',
  messageId: 'behind',
  severity: 'info',
  message: 'Schema version 2 is older than the guideline',
  file: SCHEMA,
  range: range(1, 1, 1, 1),
  docsUrl: `${DOCS}schema-version-match.md`,
};

/** Several files: two findings in the guideline, one in the schema, one clean file. */
const SEVERAL: FormatInput = {
  findings: [coverage, typo, version],
  files: [GUIDELINE, SCHEMA, CLEAN],
  cwd: CWD,
  rules: RULES,
  toolVersion: '0.1.0',
  color: false,
};

const ODD_FILE = at('odd dir', 'a,b:c%d ü.md');
/** Special characters: a path with space, comma, colon, % and ü; messages with newlines, CJK, emoji, braces, escapes. */
const SPECIAL: FormatInput = {
  findings: [
    {
      ruleId: 'example-coverage',
      messageId: 'missing',
      severity: 'warning',
      message: '50% done: a, b\nsecond line\r\nthird {x} [y](1)',
      file: ODD_FILE,
      range: range(2, 3, 4, 1),
      docsUrl: `${DOCS}example-coverage.md`,
      related: [{ file: ODD_FILE, range: range(9, 1, 9, 5), message: 'Üben 日本語' }],
    },
    {
      ruleId: 'label-reference-known',
      messageId: 'unknown',
      severity: 'error',
      message: 'Unexpected label `憎悪.侮辱` 🚫',
      file: ODD_FILE,
      range: range(10, 2, 10, 8),
      docsUrl: `${DOCS}label-reference-known.md`,
    },
    {
      ruleId: 'schema-version-match',
      messageId: 'hostile',
      severity: 'info',
      message: 'Odd \u001b[31mred\u001b[0m and \u202eevil\ttab',
      file: ODD_FILE,
      range: range(11, 1, 11, 2),
      docsUrl: `${DOCS}schema-version-match.md`,
    },
  ],
  files: [ODD_FILE],
  cwd: CWD,
  rules: RULES,
  toolVersion: '0.1.0',
  color: false,
};

const NONE: FormatInput = { ...SEVERAL, findings: [] };

describe('getFormatter', () => {
  it('knows the four formats and nothing else', () => {
    expect(Object.keys(formatters).sort()).toEqual(['github', 'gitlab', 'json', 'sarif', 'stylish']);
    for (const name of ['stylish', 'json', 'sarif', 'github', 'gitlab']) expect(getFormatter(name)).toBe(formatters[name as keyof typeof formatters]);
    for (const name of ['xml', '', 'toString', '__proto__', 'constructor', 'Stylish']) expect(getFormatter(name)).toBeUndefined();
  });
});

describe('stylish', () => {
  it('prints nothing without findings', () => {
    expect(formatters.stylish(NONE)).toBe('');
    expect(formatters.stylish({ ...NONE, color: true })).toBe('');
  });

  it('groups per file with aligned columns, related locations and a summary', () => {
    expect(formatters.stylish(SEVERAL)).toBe(
      [
        'guidelines/hate/guideline.md',
        '  3:1    warning  Label `spam.bot` has no example                               example-coverage',
        '  20:41  error    Unexpected label `abuse.inslt`. Did you mean `abuse.insult`?  label-reference-known',
        '    ↳ guidelines/hate/schema.json:12:7 label defined here',
        '',
        'guidelines/hate/schema.json',
        '  1:1  info  Schema version 2 is older than the guideline  schema-version-match',
        '',
        '✖ 3 problems (1 error, 1 warning, 1 info)',
        '  1 fixable with --fix',
        '',
      ].join('\n'),
    );
  });

  it('uses singular and plural, and leaves out the fixable line when nothing is fixable', () => {
    const out = formatters.stylish({ ...SEVERAL, findings: [coverage] });
    expect(out).toBe(
      [
        'guidelines/hate/guideline.md',
        '  3:1  warning  Label `spam.bot` has no example  example-coverage',
        '',
        '✖ 1 problem (0 errors, 1 warning, 0 infos)',
        '',
      ].join('\n'),
    );
  });

  it('keeps special characters on one line, aligns wide characters and neutralises control characters', () => {
    expect(formatters.stylish(SPECIAL)).toBe(
      [
        'odd dir/a,b:c%d ü.md',
        '  2:3   warning  50% done: a, b second line third {x} [y](1)    example-coverage',
        '    ↳ odd dir/a,b:c%d ü.md:9:1 Üben 日本語',
        '  10:2  error    Unexpected label `憎悪.侮辱` 🚫                label-reference-known',
        '  11:1  info     Odd \\u001b[31mred\\u001b[0m and \\u202eevil tab  schema-version-match',
        '',
        '✖ 3 problems (1 error, 1 warning, 1 info)',
        '',
      ].join('\n'),
    );
  });

  it('colours severities, positions and the summary only when asked', () => {
    const out = formatters.stylish({ ...SEVERAL, color: true });
    expect(out).toBe(
      [
        '\u001b[4mguidelines/hate/guideline.md\u001b[24m',
        '  \u001b[2m3:1\u001b[22m    \u001b[33mwarning\u001b[39m  Label `spam.bot` has no example                               \u001b[2mexample-coverage\u001b[22m',
        '  \u001b[2m20:41\u001b[22m  \u001b[31merror\u001b[39m    Unexpected label `abuse.inslt`. Did you mean `abuse.insult`?  \u001b[2mlabel-reference-known\u001b[22m',
        '    \u001b[2m↳ guidelines/hate/schema.json:12:7\u001b[22m label defined here',
        '',
        '\u001b[4mguidelines/hate/schema.json\u001b[24m',
        '  \u001b[2m1:1\u001b[22m  \u001b[36minfo\u001b[39m  Schema version 2 is older than the guideline  \u001b[2mschema-version-match\u001b[22m',
        '',
        '\u001b[31m\u001b[1m✖ 3 problems (1 error, 1 warning, 1 info)\u001b[22m\u001b[39m',
        '  1 fixable with --fix',
        '',
      ].join('\n'),
    );
    // Without colour the same text has no escape code at all.
    expect(formatters.stylish(SEVERAL)).not.toMatch(/\u001b/);
    expect(out.replace(/\u001b\[\d+m/g, '')).toBe(formatters.stylish(SEVERAL));
  });

  it('colours a warnings-only summary yellow', () => {
    const out = formatters.stylish({ ...SEVERAL, findings: [coverage], color: true });
    expect(out).toContain('\u001b[33m\u001b[1m✖ 1 problem (0 errors, 1 warning, 0 infos)\u001b[22m\u001b[39m');
  });

  it('does not depend on any npm package', () => {
    const source = readFileSync(new URL('../src/formatters/stylish.ts', import.meta.url), 'utf8');
    const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(imports.every((i) => i?.startsWith('.') || i === '@rubric/core')).toBe(true);
  });
});

describe('terminal helpers', () => {
  it('measures display width', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('日本語')).toBe(6);
    expect(displayWidth('🚫')).toBe(2);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('👩‍👩‍👧')).toBe(2);
    expect(displayWidth('©')).toBe(1);
  });

  it('turns text into one safe line', () => {
    expect(singleLine('a\n  b\r\nc\rd\te')).toBe('a b c d e');
    expect(singleLine('\u0007\u001b\u009b\u202e')).toBe('\\u0007\\u001b\\u009b\\u202e');
  });
});

describe('github', () => {
  it('prints nothing without findings', () => {
    expect(formatters.github(NONE)).toBe('');
  });

  it('prints one workflow command per finding', () => {
    expect(formatters.github(SEVERAL)).toBe(
      [
        '::warning file=guidelines/hate/guideline.md,line=3,col=1,endLine=3,endColumn=10,title=example-coverage::Label `spam.bot` has no example',
        '::error file=guidelines/hate/guideline.md,line=20,col=41,endLine=20,endColumn=54,title=label-reference-known::Unexpected label `abuse.inslt`. Did you mean `abuse.insult`?',
        '::notice file=guidelines/hate/schema.json,line=1,col=1,endLine=1,endColumn=1,title=schema-version-match::Schema version 2 is older than the guideline',
        '',
      ].join('\n'),
    );
  });

  it('escapes %, CR and LF in messages and also : and , in properties', () => {
    const out = formatters.github(SPECIAL);
    expect(out).toBe(
      [
        '::warning file=odd dir/a%2Cb%3Ac%25d ü.md,line=2,col=3,endLine=4,endColumn=1,title=example-coverage::50%25 done: a, b%0Asecond line%0D%0Athird {x} [y](1)',
        '::error file=odd dir/a%2Cb%3Ac%25d ü.md,line=10,col=2,endLine=10,endColumn=8,title=label-reference-known::Unexpected label `憎悪.侮辱` 🚫',
        '::notice file=odd dir/a%2Cb%3Ac%25d ü.md,line=11,col=1,endLine=11,endColumn=2,title=schema-version-match::Odd \u001b[31mred\u001b[0m and \u202eevil\ttab',
        '',
      ].join('\n'),
    );
    // Every command stays on its own line.
    expect(out.trimEnd().split('\n')).toHaveLength(3);
  });

  it('escapes like the Actions toolkit', () => {
    expect(escapeData('100%\r\n:,')).toBe('100%25%0D%0A:,');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
    // % first, so an escape already in the text is not decoded by the runner.
    expect(escapeData('%0A')).toBe('%250A');
  });
});

describe('gitlab (Code Quality)', () => {
  const schema = JSON.parse(readFileSync(new URL('./fixtures/gitlab-code-quality.schema.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  const validate = new Ajv({ allErrors: true, strict: true, strictRequired: false }).compile(schema);
  const report = (input: FormatInput): GitlabIssue[] => JSON.parse(formatters.gitlab(input)) as GitlabIssue[];

  it('is an empty array without findings, valid against the documented fields', () => {
    expect(report(NONE)).toEqual([]);
    expect(validate([])).toBe(true);
  });

  it('writes one issue per finding with exactly the documented fields', () => {
    const issues = report(SEVERAL);
    expect(validate(issues), JSON.stringify(validate.errors)).toBe(true);
    expect(issues.map((i) => Object.keys(i).sort())).toEqual(Array(3).fill(['check_name', 'description', 'fingerprint', 'location', 'severity']));
    expect(issues.map((i) => [i.check_name, i.severity, i.location.path, i.location.lines.begin, i.description])).toEqual([
      ['example-coverage', 'minor', 'guidelines/hate/guideline.md', 3, 'Label `spam.bot` has no example'],
      ['label-reference-known', 'major', 'guidelines/hate/guideline.md', 20, 'Unexpected label `abuse.inslt`. Did you mean `abuse.insult`?'],
      ['schema-version-match', 'info', 'guidelines/hate/schema.json', 1, 'Schema version 2 is older than the guideline'],
    ]);
  });

  it('keeps special characters as JSON text and paths relative with forward slashes', () => {
    const issues = report(SPECIAL);
    expect(validate(issues)).toBe(true);
    expect(issues.map((i) => i.location.path)).toEqual(Array(3).fill('odd dir/a,b:c%d ü.md'));
    expect(issues[0]?.description).toBe('50% done: a, b\nsecond line\r\nthird {x} [y](1)');
  });

  it('fingerprints are unique in a report and do not move with the line', () => {
    const twin = { ...typo, range: range(40, 1, 40, 5) };
    const issues = report({ ...SEVERAL, findings: [coverage, typo, twin, version] });
    expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(4);
    // The same finding moved down by an edit above it keeps its fingerprint (GitLab would otherwise call it new).
    const moved = report({ ...SEVERAL, findings: [{ ...typo, range: range(25, 41, 25, 54) }] });
    expect(moved[0]?.fingerprint).toBe(issues[1]?.fingerprint);
    expect(moved[0]?.fingerprint).toBe(gitlabFingerprint('label-reference-known', 'guidelines/hate/guideline.md', typo.message, 0));
    expect(moved[0]?.fingerprint).toMatch(/^[0-9a-f]{32}$/);
  });

  it('the fixture schema rejects what GitLab would not read', () => {
    const good = report(SEVERAL)[0] as GitlabIssue;
    for (const bad of [
      { ...good, severity: 'error' },
      { ...good, location: { path: good.location.path } },
      { ...good, location: { path: '/abs/path.md', lines: { begin: 1 } } },
      { ...good, location: { path: good.location.path, lines: { begin: 0 } } },
      { description: good.description, check_name: good.check_name, severity: good.severity, location: good.location },
    ]) expect(validate([bad]), JSON.stringify(bad)).toBe(false);
  });
});

describe('json', () => {
  const parse = (input: FormatInput): JsonReport => JSON.parse(formatters.json(input)) as JsonReport;

  it('lists every linted file, clean ones too, with an empty summary when there are no findings', () => {
    expect(parse(NONE)).toEqual({
      version: 1,
      tool: { name: 'rubric', version: '0.1.0' },
      files: [
        { path: 'guidelines/clean/guideline.md', findings: [] },
        { path: 'guidelines/hate/guideline.md', findings: [] },
        { path: 'guidelines/hate/schema.json', findings: [] },
      ],
      summary: { errors: 0, warnings: 0, infos: 0, fixable: 0 },
    });
    expect(formatters.json(NONE).endsWith('}\n')).toBe(true);
  });

  it('puts findings under their files with ranges, related locations, fixes and suggestions', () => {
    const report = parse(SEVERAL);
    expect(report.files.map((f) => [f.path, f.findings.map((x) => x.ruleId)])).toEqual([
      ['guidelines/clean/guideline.md', []],
      ['guidelines/hate/guideline.md', ['example-coverage', 'label-reference-known']],
      ['guidelines/hate/schema.json', ['schema-version-match']],
    ]);
    expect(report.summary).toEqual({ errors: 1, warnings: 1, infos: 1, fixable: 1 });
    const finding = report.files[1]?.findings[1];
    expect(finding).toEqual({
      ruleId: 'label-reference-known',
      messageId: 'unknown',
      severity: 'error',
      message: 'Unexpected label `abuse.inslt`. Did you mean `abuse.insult`?',
      range: { start: { line: 20, column: 41, offset: 1940 }, end: { line: 20, column: 54, offset: 1953 } },
      docsUrl: `${DOCS}label-reference-known.md`,
      related: [
        {
          path: 'guidelines/hate/schema.json',
          range: { start: { line: 12, column: 7, offset: 1106 }, end: { line: 12, column: 21, offset: 1120 } },
          message: 'label defined here',
        },
      ],
      fix: {
        description: 'Replace with `abuse.insult`',
        edits: [
          {
            path: 'guidelines/hate/guideline.md',
            range: { start: { line: 20, column: 41, offset: 1940 }, end: { line: 20, column: 54, offset: 1953 } },
            text: '`abuse.insult`',
          },
        ],
      },
      suggestions: [
        {
          description: 'Add `abuse.inslt` to schema.json',
          edits: [
            {
              path: 'guidelines/hate/schema.json',
              range: { start: { line: 30, column: 3, offset: 2902 }, end: { line: 30, column: 3, offset: 2902 } },
              text: '"abuse.inslt",',
            },
          ],
        },
      ],
    });
    // Every key is present even when empty.
    expect(report.files[1]?.findings[0]).toMatchObject({ related: [], fix: null, suggestions: [] });
  });

  it('keeps special characters intact and adds files that only findings mention', () => {
    const report = parse({ ...SPECIAL, files: [] });
    expect(report.files.map((f) => f.path)).toEqual(['odd dir/a,b:c%d ü.md']);
    expect(report.files[0]?.findings.map((f) => f.message)).toEqual(SPECIAL.findings.map((f) => f.message));
    expect(report.summary).toEqual({ errors: 1, warnings: 1, infos: 1, fixable: 0 });
  });

  it('marks files outside the working folder with ../', () => {
    const outside = resolve(CWD, '..', 'elsewhere', 'g.md');
    const report = parse({ ...NONE, files: [outside] });
    expect(report.files[0]?.path).toBe('../elsewhere/g.md');
  });
});

describe('sarif', () => {
  const schema = JSON.parse(readFileSync(new URL('./fixtures/sarif-schema-2.1.0.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate: ValidateFunction = ajv.compile(schema);
  const check = (log: unknown): string => (validate(log) ? 'valid' : ajv.errorsText(validate.errors));

  // Loose view of the parts the assertions read.
  type Loc = { id?: number; physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string; index?: number }; region: Record<string, number> }; message?: { text: string } };
  type Result = { ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: Loc[]; relatedLocations?: Loc[]; fixes?: { description: { text: string }; artifactChanges: { artifactLocation: { uri: string }; replacements: { deletedRegion: Record<string, number>; insertedContent?: { text: string } }[] }[] }[] };
  type Log = {
    $schema: string;
    version: string;
    runs: {
      tool: { driver: { name: string; version: string; informationUri: string; rules: { id: string; helpUri?: string; shortDescription?: { text: string }; defaultConfiguration?: { level?: string; enabled?: boolean } }[] } };
      originalUriBaseIds: Record<string, { uri: string }>;
      artifacts: { location: { uri: string; uriBaseId?: string } }[];
      results: Result[];
    }[];
  };
  const sarif = (input: FormatInput): Log => JSON.parse(formatters.sarif(input)) as Log;

  it('uses the official SARIF 2.1.0 schema', () => {
    expect(schema.title).toBe('Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema');
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect((schema.properties as { version: { enum: string[] } }).version.enum).toEqual(['2.1.0']);
  });

  it.each([
    ['no findings', NONE],
    ['several files', SEVERAL],
    ['special characters', SPECIAL],
    ['the real rules', { ...SEVERAL, rules: coreRules as readonly Rule<unknown>[] }],
  ])('is valid SARIF 2.1.0 for %s', (_name, input) => {
    expect(check(JSON.parse(formatters.sarif(input)))).toBe('valid');
  });

  it('rejects a log with a broken field, so the validation can fail', () => {
    const good = sarif(SEVERAL);
    const broken = (edit: (log: Log) => void): string => {
      const copy = structuredClone(good);
      edit(copy);
      return check(copy);
    };
    expect(broken((l) => ((l.runs[0]?.results[0] as { level: string }).level = 'fatal'))).toMatch(/must be equal to one of the allowed values/);
    expect(broken((l) => ((l.runs[0]?.results[0]?.locations[0] as Loc).physicalLocation.region.startColumn = 0))).toMatch(/must be >= 1/);
    expect(broken((l) => (l.version = '2.0.0'))).not.toBe('valid');
    expect(broken((l) => ((l.runs[0]?.tool.driver as { informationUri: string }).informationUri = 'not a uri'))).toMatch(/must match format "uri"/);
    expect(broken((l) => (((l.runs[0]?.results[0] as unknown as Record<string, unknown>).message = {})))).not.toBe('valid');
  });

  it('describes the tool and every rule that ran', () => {
    const run = sarif(SEVERAL).runs[0];
    expect(run?.tool.driver).toMatchObject({ name: 'rubric', version: '0.1.0', informationUri: 'https://github.com/rubric-guidelines/rubric' });
    expect(run?.tool.driver.rules.map((r) => [r.id, r.helpUri, r.shortDescription?.text, r.defaultConfiguration])).toEqual([
      ['label-reference-known', `${DOCS}label-reference-known.md`, 'Labels referenced in the guideline exist in the schema.', { level: 'error' }],
      ['example-coverage', `${DOCS}example-coverage.md`, 'Every label has at least one example.', { level: 'warning' }],
      ['schema-version-match', `${DOCS}schema-version-match.md`, 'The schema version matches the guideline {{version}}.', { level: 'note' }],
      ['changelog-entry', `${DOCS}changelog-entry.md`, 'Every version has a changelog entry.', { enabled: false }],
    ]);
    expect(run?.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///repo/' } });
    expect(run?.artifacts.map((a) => a.location.uri)).toEqual(['guidelines/hate/guideline.md', 'guidelines/hate/schema.json', 'guidelines/clean/guideline.md']);
  });

  it('maps findings to results with levels, regions, related locations and fixes', () => {
    const results = sarif(SEVERAL).runs[0]?.results ?? [];
    expect(results.map((r) => [r.ruleId, r.ruleIndex, r.level])).toEqual([
      ['example-coverage', 1, 'warning'],
      ['label-reference-known', 0, 'error'],
      ['schema-version-match', 2, 'note'],
    ]);
    const typoResult = results[1] as Result;
    expect(typoResult.message.text).toBe('Unexpected label `abuse.inslt`. Did you mean `abuse.insult`?');
    expect(typoResult.locations).toEqual([
      {
        physicalLocation: {
          artifactLocation: { uri: 'guidelines/hate/guideline.md', uriBaseId: '%SRCROOT%', index: 0 },
          region: { startLine: 20, startColumn: 41, endLine: 20, endColumn: 54 },
        },
      },
    ]);
    expect(typoResult.relatedLocations).toEqual([
      {
        id: 1,
        physicalLocation: {
          artifactLocation: { uri: 'guidelines/hate/schema.json', uriBaseId: '%SRCROOT%', index: 1 },
          region: { startLine: 12, startColumn: 7, endLine: 12, endColumn: 21 },
        },
        message: { text: 'label defined here' },
      },
    ]);
    expect(typoResult.fixes).toEqual([
      {
        description: { text: 'Replace with `abuse.insult`' },
        artifactChanges: [
          {
            artifactLocation: { uri: 'guidelines/hate/guideline.md', uriBaseId: '%SRCROOT%', index: 0 },
            replacements: [
              {
                deletedRegion: { startLine: 20, startColumn: 41, endLine: 20, endColumn: 54, charOffset: 1940, charLength: 13 },
                insertedContent: { text: '`abuse.insult`' },
              },
            ],
          },
        ],
      },
    ]);
    // Suggestions are not safe fixes; findings without a fix have no `fixes`.
    expect(results[0]?.fixes).toBeUndefined();
    expect(results[0]?.relatedLocations).toBeUndefined();
    // An empty range is an insertion point: endColumn equals startColumn.
    expect(results[2]?.locations[0]?.physicalLocation.region).toEqual({ startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 });
  });

  it('percent-encodes paths and keeps messages whole', () => {
    const run = sarif(SPECIAL).runs[0];
    const uri = 'odd%20dir/a%2Cb%3Ac%25d%20%C3%BC.md';
    expect(run?.artifacts.map((a) => a.location)).toEqual([{ uri, uriBaseId: '%SRCROOT%' }]);
    expect(run?.results[0]?.locations[0]?.physicalLocation.artifactLocation.uri).toBe(uri);
    expect(new URL(uri, 'file:///repo/').pathname).toBe('/repo/odd%20dir/a%2Cb%3Ac%25d%20%C3%BC.md');
    expect(decodeURIComponent(new URL(uri, 'file:///repo/').pathname)).toBe('/repo/odd dir/a,b:c%d ü.md');
    // Braces are doubled (SARIF placeholders); everything else is kept.
    expect(run?.results.map((r) => r.message.text)).toEqual([
      '50% done: a, b\nsecond line\r\nthird {{x}} [y](1)',
      'Unexpected label `憎悪.侮辱` 🚫',
      'Odd \u001b[31mred\u001b[0m and \u202eevil\ttab',
    ]);
    expect(run?.results[0]?.relatedLocations?.[0]?.message?.text).toBe('Üben 日本語');
  });

  it('encodes the base folder as a file URI with a trailing slash', () => {
    const cwd = resolve('/work space/50%');
    const run = sarif({ ...NONE, cwd, files: [join(cwd, 'g.md')] }).runs[0];
    expect(run?.originalUriBaseIds['%SRCROOT%']?.uri).toBe('file:///work%20space/50%25/');
    expect(check(sarif({ ...NONE, cwd, files: [join(cwd, 'g.md')] }))).toBe('valid');
  });

  it('gives files outside the working folder an absolute URI', () => {
    const outside = resolve(CWD, '..', 'else where', 'g.md');
    const input: FormatInput = { ...SEVERAL, findings: [{ ...coverage, file: outside }], files: [outside] };
    const log = sarif(input);
    expect(log.runs[0]?.results[0]?.locations[0]?.physicalLocation.artifactLocation).toEqual({ uri: 'file:///else%20where/g.md', index: 0 });
    expect(check(log)).toBe('valid');
  });

  it('adds a descriptor for a rule that did not run, so every result has a ruleIndex', () => {
    const internal: Finding = { ...coverage, ruleId: 'internal-error', docsUrl: `${DOCS}internal-error.md` };
    const log = sarif({ ...SEVERAL, findings: [internal] });
    const run = log.runs[0];
    expect(run?.tool.driver.rules.at(-1)).toEqual({ id: 'internal-error', helpUri: `${DOCS}internal-error.md` });
    expect(run?.results[0]?.ruleIndex).toBe(4);
    expect(check(log)).toBe('valid');
  });

  it('groups the edits of a fix by file', () => {
    const multi: Finding = {
      ...typo,
      fix: {
        description: 'Rename everywhere',
        edits: [
          { file: GUIDELINE, range: range(20, 41, 20, 54), text: 'x' },
          { file: SCHEMA, range: range(12, 7, 12, 21), text: '' },
          { file: GUIDELINE, range: range(25, 1, 25, 3), text: 'y' },
        ],
      },
    };
    const log = sarif({ ...SEVERAL, findings: [multi] });
    const changes = log.runs[0]?.results[0]?.fixes?.[0]?.artifactChanges ?? [];
    expect(changes.map((c) => [c.artifactLocation.uri, c.replacements.length])).toEqual([
      ['guidelines/hate/guideline.md', 2],
      ['guidelines/hate/schema.json', 1],
    ]);
    // A pure deletion has no insertedContent.
    expect(changes[1]?.replacements[0]?.insertedContent).toBeUndefined();
    expect(check(log)).toBe('valid');
  });
});
