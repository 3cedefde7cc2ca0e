/** The `rubric` command: dispatches to sub-commands and turns every failure into a message and an exit code. */
import { diffCommand, DIFF_HELP } from './commands/diff.js';
import { initCommand, INIT_HELP } from './commands/init.js';
import { lintCommand, LINT_HELP } from './commands/lint.js';
import { approveCommand, APPROVE_HELP } from './commands/approve.js';
import { packCommand, PACK_HELP } from './commands/pack.js';
import { publishCommand, PUBLISH_HELP } from './commands/publish.js';
import { registryCommand, REGISTRY_HELP } from './commands/registry.js';
import { serveCommand, SERVE_HELP } from './commands/serve.js';
import { tokenCommand, TOKEN_HELP } from './commands/token.js';
import { exportCommand, EXPORT_HELP } from './commands/export.js';
import { importCommand, IMPORT_HELP } from './commands/import.js';
import { migrateCommand, MIGRATE_HELP } from './commands/migrate.js';
import { labelStudioCommand, LABEL_STUDIO_HELP } from './commands/label-studio.js';
import { UsageError } from './errors.js';
import type { Io } from './io.js';
import { CLI_VERSION } from './version.js';

export const MAIN_HELP = `Usage: rubric <command> [options]

Guidelines-as-code for content-safety annotation teams.

Commands:
  lint [paths...]   lint guideline sets (default: guidelines/)
  diff --base <ref> semantic diff against a git ref, with the version bump it requires
  diff <old> <new>  semantic diff between two folders
  init <id>         scaffold a new guideline set
  pack <set-dir>    pack a set into one bundle file (manifest with hashes, git commit)
  publish <set-dir> submit a set to a registry (--registry URL --token T)
  approve <set>@<v> approve a pending version in a registry
  token create      create a registry API token (also: token list, token revoke)
  serve             run a registry here (SQLite under .data/; --publish-dir guidelines)
  registry backup   consistent copy of the registry's SQLite store while it runs
  export <set-dir>  a set in a labeling platform's format (--to label-studio|labelbox|argilla|cvat|sagemaker|jsonschema|gold)
  import label-studio <config.xml>  a schema.json and guideline.md skeleton from a Label Studio config
  migrate <file>    rewrite annotations from one version of a set to another
  label-studio push|pull  deliver a set to a Label Studio project; pull its annotations back
  help [command]    show help for a command

Options:
  -h, --help        show help
  -v, --version     print the version

Run \`rubric <command> --help\` for a command's options.`;

const HELP: Record<string, string> = {
  lint: LINT_HELP,
  diff: DIFF_HELP,
  init: INIT_HELP,
  pack: PACK_HELP,
  publish: PUBLISH_HELP,
  approve: APPROVE_HELP,
  token: TOKEN_HELP,
  serve: SERVE_HELP,
  registry: REGISTRY_HELP,
  export: EXPORT_HELP,
  import: IMPORT_HELP,
  migrate: MIGRATE_HELP,
  'label-studio': LABEL_STUDIO_HELP,
};

/** Runs the CLI with arguments (without node and script); returns the exit code. */
export async function run(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '-h':
      case '--help':
        io.stdout(`${MAIN_HELP}\n`);
        return command === undefined ? 2 : 0;
      case '-v':
      case '--version':
        io.stdout(`${CLI_VERSION}\n`);
        return 0;
      case 'help': {
        const topic = rest[0];
        io.stdout(`${topic && HELP[topic] ? HELP[topic] : MAIN_HELP}\n`);
        return 0;
      }
      case 'lint':
        return await lintCommand(rest, io);
      case 'diff':
        return diffCommand(rest, io);
      case 'init':
        return initCommand(rest, io);
      case 'pack':
        return await packCommand(rest, io);
      case 'publish':
        return await publishCommand(rest, io);
      case 'approve':
        return await approveCommand(rest, io);
      case 'token':
        return await tokenCommand(rest, io);
      case 'serve':
        return await serveCommand(rest, io);
      case 'registry':
        return await registryCommand(rest, io);
      case 'export':
        return await exportCommand(rest, io);
      case 'import':
        return await importCommand(rest, io);
      case 'migrate':
        return await migrateCommand(rest, io);
      case 'label-studio':
        return await labelStudioCommand(rest, io);
      default:
        throw new UsageError(`Unknown command "${command}", expected lint, diff, init, pack, publish, approve, token, serve, registry, export, import, migrate, label-studio or help`);
    }
  } catch (error) {
    if (error instanceof UsageError || isArgError(error)) {
      io.stderr(`rubric: ${(error as Error).message}\n`);
      return 2;
    }
    // A bug: say so plainly, with the stack only when asked for.
    io.stderr(`rubric: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.RUBRIC_DEBUG) io.stderr(`${error instanceof Error ? error.stack : ''}\n`);
    return 2;
  }
}

/** node:util parseArgs errors (unknown option, missing value) are usage errors. */
function isArgError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}
