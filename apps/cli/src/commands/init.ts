/** `rubric init <id>`: scaffold a new guideline set that lints clean. */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SET_ID_PATTERN } from '@rubric/core';
import { findConfig } from '../config-file.js';
import { UsageError } from '../errors.js';
import type { Io } from '../io.js';

export const INIT_HELP = `Usage: rubric init [options] <id>

Creates <dir>/<id>/guideline.md and schema.json: a small set with two labels,
examples and a changelog that lints clean, ready to edit.

Arguments:
  <id>                     the set id: lowercase kebab case, e.g. hate-speech

Options:
  -d, --dir <folder>       parent folder (default: guidelines/ at the repository root)
  -t, --title <title>      title of the guideline (default: from the id)
      --owner <owner>      owner to list in the frontmatter (default: policy-team@example.org)
  -h, --help               show this help`;

/** Runs `rubric init`; returns the exit code. */
export function initCommand(argv: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      dir: { type: 'string', short: 'd' },
      title: { type: 'string', short: 't' },
      owner: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout(`${INIT_HELP}\n`);
    return 0;
  }
  const id = positionals[0];
  if (!id || positionals.length > 1) throw new UsageError(`Expected exactly one set id, e.g. \`rubric init hate-speech\`\n\n${INIT_HELP}`);
  if (!SET_ID_PATTERN.test(id)) throw new UsageError(`Unexpected set id "${id}", expected lowercase kebab case such as "hate-speech"`);
  const configPath = findConfig(io.cwd);
  const parent = values.dir ? resolve(io.cwd, values.dir) : join(configPath ? resolve(configPath, '..') : io.cwd, 'guidelines');
  const dir = join(parent, id);
  if (existsSync(dir)) throw new UsageError(`${relative(io.cwd, dir) || dir} already exists; choose another id or folder`);
  const title = values.title ?? id.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
  const owner = values.owner ?? 'policy-team@example.org';
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'schema.json'), `${JSON.stringify(scaffoldSchema(id, title), null, 2)}\n`);
  writeFileSync(join(dir, 'guideline.md'), scaffoldGuideline(id, title, owner, new Date().toISOString().slice(0, 10)));
  const shown = relative(io.cwd, dir) || '.';
  io.stdout(`Created ${shown}/guideline.md and ${shown}/schema.json\nNext: edit them, then run \`rubric lint ${shown}\`.\n`);
  return 0;
}

/** The label id of the scaffold's violation label. */
function violationLabel(id: string): string {
  return `${id}.violation`;
}

/** schema.json of a new set. */
export function scaffoldSchema(id: string, title: string): object {
  return {
    id,
    version: '0.1.0',
    questions: [
      {
        id: 'verdict',
        type: 'single',
        prompt: `Does the content violate the ${title} policy?`,
        required: true,
        options: [
          { id: 'none', title: 'No violation', severity: 'none' },
          { id: violationLabel(id), title: 'Violation', severity: 'medium' },
        ],
      },
      { id: 'rationale', type: 'text', prompt: 'Explain your answer in one sentence.', required: false },
    ],
  };
}

/** guideline.md of a new set. */
export function scaffoldGuideline(id: string, title: string, owner: string, today: string): string {
  const v = violationLabel(id);
  return `---
id: ${id}
title: ${JSON.stringify(title)}
version: 0.1.0
status: draft
schema: schema.json
owners: [${JSON.stringify(owner)}]
---

# ${title}

## Scope

Say what content this policy covers, what it does not, and which other policy
handles the content next to it.

## Labels

### \`none\` No violation

Use \`none\` when the content does not meet the definition of \`${v}\`.

\`\`\`example
id: ${id}-none-pos-1
kind: positive
text: "Replace with everyday content that is clearly fine."
answers:
  verdict: none
why: Explain why nothing in the definition of \`${v}\` applies.
\`\`\`

\`\`\`example
id: ${id}-none-neg-1
kind: negative
text: "Replace with content that looks harmless but violates the policy."
answers:
  verdict: ${v}
why: Explain which part of the definition of \`${v}\` it meets.
\`\`\`

### \`${v}\` Violation

Define the violation: what it is, the decision rules, and the closest cases
that are not violations.

\`\`\`example
id: ${id}-violation-pos-1
kind: positive
text: "Replace with a clear violation of the policy."
answers:
  verdict: ${v}
why: Explain which part of the definition it meets.
\`\`\`

\`\`\`example
id: ${id}-violation-neg-1
kind: negative
text: "Replace with content that comes close but does not violate the policy."
answers:
  verdict: none
why: Explain which part of the definition it misses.
\`\`\`

## Changelog

### 0.1.0 - ${today}

- First draft.
`;
}
