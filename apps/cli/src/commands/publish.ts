/** `rubric publish <set-dir>`: pack a set and submit it to a registry; say what happened or why it was refused. */
import { parseArgs } from 'node:util';
import type { Bundle } from '@rubric/core';
import { UsageError } from '../errors.js';
import { plural, singleLine } from '../formatters/shared.js';
import type { Io } from '../io.js';
import {
  describeRefusal,
  displayPath,
  hashLabel,
  REGISTRY_OPTIONS,
  REGISTRY_OPTIONS_HELP,
  registryRequest,
  registryTarget,
  RegistryRefusal,
  runRegistryCommand,
  type ProblemError,
  type RegistryTarget,
} from '../registry-client.js';
import { packSet } from './pack.js';

export const PUBLISH_HELP = `Usage: rubric publish [options] <set-dir>

Packs the set (as \`rubric pack\` does) and submits it to the registry, which
lints it again, checks the version bump against the latest published version
and that the status is approved. With the set's quorum at 0 the version is
published at once; otherwise it waits for approvals (\`rubric approve\`) by
principals other than the submitter. Publishing the same content again is
harmless: the registry answers that it already has it.

Options:
${REGISTRY_OPTIONS_HELP}
  -h, --help               show this help

The token needs role submitter or above (for the set).

Exit codes: 0 published, pending approval or already there with the same
content; 1 refused (lint errors, bump too small, version taken with other
content, not approved, wrong role or token) or the registry is unreachable;
2 usage error.`;

/** A version as the registry answers a submission. */
interface SubmittedVersion {
  setId: string;
  version: string;
  state: string;
  contentHash: string;
  approvals?: { approvedBy: string }[];
  warnings?: ProblemError[];
}

/** What a submission came to, as a line for people and whether it counts as success. */
export interface PublishOutcome {
  ok: boolean;
  lines: string[];
  /** 'published' | 'pending' | 'same-content' | 'refused' */
  outcome: 'published' | 'pending' | 'same-content' | 'refused';
}

/** Submits a packed bundle and describes the answer; refusals become lines too (never thrown). */
export async function submitBundle(target: RegistryTarget, bundle: Bundle, context: { cwd: string; setDir: string }): Promise<PublishOutcome> {
  const { setId } = bundle.manifest;
  try {
    const { status, body } = await registryRequest<SubmittedVersion>(target, 'POST', `/v1/sets/${encodeURIComponent(setId)}/versions`, JSON.stringify(bundle));
    const what = `${setId} ${body.version} (${hashLabel(body.contentHash)})`;
    const warnings = (body.warnings ?? []).map((w) => `  warning: ${w.file ? `${displayPath(context.cwd, `${context.setDir}/${w.file}`)}:${w.line}:${w.column}` : w.path} ${singleLine(w.message)}${w.rule ? `  ${w.rule}` : ''}`);
    if (body.state === 'pending') {
      const needed = await approvalsNeeded(target, setId, body.approvals?.length ?? 0);
      const lines = [
        `${status === 201 ? 'submitted' : 'already submitted with the same content:'} ${what}`,
        `pending: ${needed === undefined ? 'needs approval' : `needs ${plural(needed, 'approval')}`} by another principal: \`rubric approve ${setId}@${body.version} --registry ${target.url}\``,
      ];
      return { ok: true, outcome: status === 201 ? 'pending' : 'same-content', lines: [...lines, ...warnings] };
    }
    if (status === 201) return { ok: true, outcome: 'published', lines: [`published ${what}`, ...warnings] };
    const state = body.state === 'published' ? '' : ` (${body.state})`;
    return { ok: true, outcome: 'same-content', lines: [`already published with the same content: ${what}${state}`] };
  } catch (error) {
    if (error instanceof RegistryRefusal) return { ok: false, outcome: 'refused', lines: describeRefusal(error, context) };
    throw error;
  }
}

/** How many more approvals a pending version needs (from the set's quorum); undefined when the set cannot be read. */
async function approvalsNeeded(target: RegistryTarget, setId: string, have: number): Promise<number | undefined> {
  try {
    const { body } = await registryRequest<{ quorum?: number }>(target, 'GET', `/v1/sets/${encodeURIComponent(setId)}`);
    return typeof body.quorum === 'number' ? Math.max(0, body.quorum - have) : undefined;
  } catch {
    return undefined;
  }
}

/** Runs `rubric publish`; returns the exit code. */
export async function publishCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ...REGISTRY_OPTIONS, help: { type: 'boolean', short: 'h', default: false } },
  });
  if (values.help) {
    io.stdout(`${PUBLISH_HELP}\n`);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`Expected exactly one set folder, e.g. \`rubric publish guidelines/hate-speech --registry http://127.0.0.1:8787\`\n\n${PUBLISH_HELP}`);
  const target = registryTarget(values);
  return runRegistryCommand(io, async () => {
    const packed = packSet(positionals[0] as string, io);
    for (const w of packed.warnings) io.stderr(`${w}\n`);
    const result = await submitBundle(target, packed.bundle, { cwd: io.cwd, setDir: packed.dir });
    (result.ok ? io.stdout : io.stderr)(`${result.lines.join('\n')}\n`);
    return result.ok ? 0 : 1;
  });
}
