/**
 * A small set shaped like the docs base set, owned by the rule tests that pin
 * exact ranges: those ranges must not move when the docs base set gains examples.
 */
import { expect } from 'vitest';
import { applyEdits, type Finding, type Fix } from '../../src/index.js';
import { relFile } from './rule-tester.js';

/** Frontmatter of the sample guideline (lines 1-8) and the blank line after it. */
export const FM = '---\nid: base-set\ntitle: Base set\nversion: 1.0.0\nstatus: draft\nschema: schema.json\nowners: [docs@example.org]\n---\n\n';

/** The sample schema: `verdict` (none, abuse > abuse.insult, abuse.threat), `target` (target.person, target.group), `rationale`. */
export const SAMPLE_SCHEMA = `{
  "id": "base-set",
  "version": "1.0.0",
  "questions": [
    {
      "id": "verdict",
      "type": "single",
      "prompt": "Is the text abusive?",
      "required": true,
      "options": [
        { "id": "none", "title": "Not abusive", "severity": "none" },
        {
          "id": "abuse",
          "title": "Abuse",
          "severity": "medium",
          "options": [
            { "id": "abuse.insult", "title": "Insult", "severity": "medium" },
            { "id": "abuse.threat", "title": "Threat", "severity": "high" }
          ]
        }
      ]
    },
    {
      "id": "target",
      "type": "multi",
      "prompt": "Who is targeted?",
      "required": true,
      "when": { "question": "verdict", "answers": ["abuse"] },
      "options": [
        { "id": "target.person", "title": "A person" },
        { "id": "target.group", "title": "A group" }
      ]
    },
    { "id": "rationale", "type": "text", "prompt": "Why?", "required": false }
  ]
}
`;

/** The sample guideline: a section per label, nested like the schema, and a changelog for 1.0.0. */
export const SAMPLE_GUIDELINE = [
  `${FM}# Base set\n`,
  '### `none` Not abusive\n\nAnything that is not `abuse`.\n',
  '### `abuse` Abuse\n',
  '#### `abuse.insult` Insult\n\nName-calling.\n',
  '#### `abuse.threat` Threat\n',
  '### `target.person` A person\n',
  '### `target.group` A group\n',
  '## Changelog\n\n### 1.0.0 - 2026-01-01\n\n- First version.\n',
].join('\n');

/** The sample set's files with overrides. */
export function sampleSet(files: Record<string, string> = {}): Record<string, string> {
  return { 'guideline.md': SAMPLE_GUIDELINE, 'schema.json': SAMPLE_SCHEMA, ...files };
}

/** A file's text after applying one fix (a suggestion or the safe fix). */
export function applyFix(text: string, fix: Fix | undefined, file: string): string {
  expect(fix, 'a fix').toBeDefined();
  return applyEdits(text, (fix?.edits ?? []).filter((e) => relFile(e.file) === file)).text;
}

/** "file:l:c-l:c message" of each related location of a finding. */
export function relatedText(finding: Finding | undefined): string[] {
  return (finding?.related ?? []).map((x) => `${relFile(x.file)}:${x.range.start.line}:${x.range.start.column}-${x.range.end.line}:${x.range.end.column} ${x.message}`);
}
