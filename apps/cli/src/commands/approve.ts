/** `rubric approve <set>@<version>`: approve a pending version; it is published once the set's quorum is reached. */
import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import { plural } from '../formatters/shared.js';
import type { Io } from '../io.js';
import { parseSetVersion, REGISTRY_OPTIONS, REGISTRY_OPTIONS_HELP, registryRequest, registryTarget, runRegistryCommand } from '../registry-client.js';

export const APPROVE_HELP = `Usage: rubric approve [options] <set>@<version>

Approves a pending version, e.g. \`rubric approve hate-speech@2.1.0\`. A version
needs as many approvals as its set's quorum, each from a principal (token name)
other than the one that submitted it; the approval that reaches the quorum
publishes it.

Options:
${REGISTRY_OPTIONS_HELP}
  -h, --help               show this help

The token needs role approver or above (for the set).

Exit codes: 0 approved (published or still pending), 1 refused (own submission,
not pending, unknown version, wrong role or token) or the registry is
unreachable, 2 usage error.`;

/** The registry's answer to an approval. */
interface ApprovalAnswer {
  setId: string;
  version: string;
  state: string;
  quorum: number;
  approvals: { approvedBy: string }[];
}

/** Runs `rubric approve`; returns the exit code. */
export async function approveCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ...REGISTRY_OPTIONS, help: { type: 'boolean', short: 'h', default: false } },
  });
  if (values.help) {
    io.stdout(`${APPROVE_HELP}\n`);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`Expected exactly one <set>@<version>, e.g. \`rubric approve hate-speech@2.0.0\`\n\n${APPROVE_HELP}`);
  const { setId, version } = parseSetVersion(positionals[0], APPROVE_HELP);
  const target = registryTarget(values);
  return runRegistryCommand(io, async () => {
    const { body } = await registryRequest<ApprovalAnswer>(target, 'POST', `/v1/sets/${setId}/versions/${version}/approvals`);
    const count = `${body.approvals.length} of ${plural(body.quorum, 'approval')}`;
    if (body.state === 'published') io.stdout(`approved ${setId} ${version} (${count}): published\n`);
    else {
      const more = Math.max(0, body.quorum - body.approvals.length);
      io.stdout(`approved ${setId} ${version} (${count}): still ${body.state}, needs ${more} more\n`);
    }
    return 0;
  });
}
