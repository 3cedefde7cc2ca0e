/** `rubric token create | list | revoke`: manage the registry's API tokens (admin). */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { SET_ID_PATTERN } from '@rubric/core';
import { UsageError } from '../errors.js';
import { singleLine } from '../formatters/shared.js';
import type { Io } from '../io.js';
import { REGISTRY_OPTIONS, REGISTRY_OPTIONS_HELP, registryRequest, registryTarget, runRegistryCommand } from '../registry-client.js';

export const TOKEN_HELP = `Usage: rubric token create --role <role> [--name <name>] [--set <id>]... [--scope <scope>]... [options]
       rubric token list [options]
       rubric token revoke <token-id> [options]

Manages API tokens of a registry; every sub-command needs an admin token.

create prints the new token on stdout, once: the registry keeps only its hash.
Roles, each including the ones before it: reader (reads, when the registry
keeps them private), submitter (publish), approver (approve, deprecate),
admin (tokens, set settings, audit log). The name is the principal: tokens
with the same name count as one person, who never approves their own
submission. Scopes are rights beside the role: quality posts annotations to be
measured (a labeling-ops pipeline gets \`--role reader --scope quality\`).

Options:
      --role <role>        reader, submitter, approver or admin (create)
      --name <name>        principal name, e.g. alice or ci-main (create; default <role>-<random>)
      --set <id>           grant only this set; repeat for several (create; default every set)
      --scope <scope>      a right beside the role: quality (create; repeatable)
${REGISTRY_OPTIONS_HELP}
  -h, --help               show this help

Exit codes: 0 done, 1 refused or unreachable, 2 usage error.`;

const ROLES = ['reader', 'submitter', 'approver', 'admin'];
const SCOPES = ['quality'];
const NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

/** A token as the registry lists it. */
interface TokenInfo {
  id: string;
  name: string;
  role: string;
  sets: string[] | null;
  /** Absent from registries older than scopes. */
  scopes?: string[];
  createdAt: string;
  createdBy: string | null;
  revokedAt: string | null;
  token?: string;
}

/** Runs `rubric token`; returns the exit code. */
export async function tokenCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...REGISTRY_OPTIONS,
      role: { type: 'string' },
      name: { type: 'string' },
      set: { type: 'string', multiple: true },
      scope: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout(`${TOKEN_HELP}\n`);
    return 0;
  }
  const [action, ...rest] = positionals;
  if (action === 'create') {
    if (rest.length) throw new UsageError(`Unexpected argument "${singleLine(rest[0] as string)}" to token create, expected only options`);
    const role = values.role;
    if (!role) throw new UsageError(`Missing --role, expected one of ${ROLES.join(', ')}`);
    if (!ROLES.includes(role)) throw new UsageError(`Unexpected role "${singleLine(role)}", expected one of ${ROLES.join(', ')}`);
    const name = values.name ?? `${role}-${randomBytes(3).toString('hex')}`;
    if (!NAME.test(name)) throw new UsageError(`Unexpected name "${singleLine(name)}", expected 1-64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit`);
    for (const s of values.set ?? []) if (!SET_ID_PATTERN.test(s)) throw new UsageError(`Unexpected set id "${singleLine(s)}" for --set, expected lowercase kebab case such as "hate-speech"`);
    for (const s of values.scope ?? []) if (!SCOPES.includes(s)) throw new UsageError(`Unexpected scope "${singleLine(s)}" for --scope, expected one of ${SCOPES.join(', ')}`);
    const target = registryTarget(values);
    return runRegistryCommand(io, async () => {
      const body = JSON.stringify({ name, role, ...(values.set?.length ? { sets: values.set } : {}), ...(values.scope?.length ? { scopes: values.scope } : {}) });
      const { body: created } = await registryRequest<TokenInfo>(target, 'POST', '/v1/tokens', body);
      // The token alone on stdout (for `TOKEN=$(rubric token create ...)`); the rest is for people.
      io.stdout(`${created.token}\n`);
      io.stderr(`created token ${created.id} for ${singleLine(created.name)}: role ${created.role}, ${grants(created.sets)}${scopes(created.scopes)}. It is shown only this once: store it now.\n`);
      return 0;
    });
  }
  if (action === 'list') {
    if (rest.length) throw new UsageError(`Unexpected argument "${singleLine(rest[0] as string)}" to token list`);
    const target = registryTarget(values);
    return runRegistryCommand(io, async () => {
      const { body } = await registryRequest<{ tokens: TokenInfo[] }>(target, 'GET', '/v1/tokens');
      for (const t of body.tokens) {
        io.stdout(`${t.id}  ${singleLine(t.name)}  ${t.role}  ${grants(t.sets)}${scopes(t.scopes)}  created ${t.createdAt}${t.revokedAt ? `  revoked ${t.revokedAt}` : ''}\n`);
      }
      return 0;
    });
  }
  if (action === 'revoke') {
    const id = rest[0];
    if (!id || rest.length > 1) throw new UsageError(`Expected one token id, e.g. \`rubric token revoke abcd2345efgh\` (see \`rubric token list\`)`);
    if (!/^[a-z0-9]{8,32}$/.test(id)) throw new UsageError(`Unexpected token id "${singleLine(id)}", expected the id of rbt_<id>_<secret> (8-32 lowercase letters or digits)`);
    const target = registryTarget(values);
    return runRegistryCommand(io, async () => {
      const { body } = await registryRequest<TokenInfo>(target, 'DELETE', `/v1/tokens/${id}`);
      io.stdout(`revoked token ${body.id} (${singleLine(body.name)}, ${body.role})\n`);
      return 0;
    });
  }
  throw new UsageError(`${action === undefined ? 'Missing' : `Unknown`} token action${action === undefined ? '' : ` "${singleLine(action)}"`}, expected create, list or revoke\n\n${TOKEN_HELP}`);
}

function grants(sets: string[] | null): string {
  return sets === null ? 'every set' : `sets ${sets.join(', ')}`;
}

function scopes(list: string[] | undefined): string {
  return list?.length ? `, scope ${list.join(', ')}` : '';
}
