/**
 * The `rubric` command: dispatches to sub-commands and turns every failure into a message and an exit code.
 * A command's module (and what it needs: core, the renderer, the registry, the exporters) is loaded
 * only when that command runs: `rubric --version` and a pre-commit `rubric lint` pay for no other command.
 */
import { UsageError } from './errors.js';
import type { Io } from './io.js';
import { CLI_VERSION } from './version.js';

/** A command: its runner and its help text, loaded on demand. */
interface Command {
  run(argv: string[], io: Io): number | Promise<number>;
  help: string;
}

/** Every command by name, each loaded by its own dynamic import. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  lint: async () => import('./commands/lint.js').then((m) => ({ run: m.lintCommand, help: m.LINT_HELP })),
  diff: async () => import('./commands/diff.js').then((m) => ({ run: m.diffCommand, help: m.DIFF_HELP })),
  init: async () => import('./commands/init.js').then((m) => ({ run: m.initCommand, help: m.INIT_HELP })),
  pack: async () => import('./commands/pack.js').then((m) => ({ run: m.packCommand, help: m.PACK_HELP })),
  publish: async () => import('./commands/publish.js').then((m) => ({ run: m.publishCommand, help: m.PUBLISH_HELP })),
  approve: async () => import('./commands/approve.js').then((m) => ({ run: m.approveCommand, help: m.APPROVE_HELP })),
  token: async () => import('./commands/token.js').then((m) => ({ run: m.tokenCommand, help: m.TOKEN_HELP })),
  serve: async () => import('./commands/serve.js').then((m) => ({ run: m.serveCommand, help: m.SERVE_HELP })),
  registry: async () => import('./commands/registry.js').then((m) => ({ run: m.registryCommand, help: m.REGISTRY_HELP })),
  export: async () => import('./commands/export.js').then((m) => ({ run: m.exportCommand, help: m.EXPORT_HELP })),
  import: async () => import('./commands/import.js').then((m) => ({ run: m.importCommand, help: m.IMPORT_HELP })),
  migrate: async () => import('./commands/migrate.js').then((m) => ({ run: m.migrateCommand, help: m.MIGRATE_HELP })),
  quality: async () => import('./commands/quality.js').then((m) => ({ run: m.qualityCommand, help: m.QUALITY_HELP })),
  'label-studio': async () => import('./commands/label-studio.js').then((m) => ({ run: m.labelStudioCommand, help: m.LABEL_STUDIO_HELP })),
};

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
  quality <set-dir> agreement, gold accuracy and confusions per label (--annotations <file>...)
  label-studio push|pull  deliver a set to a Label Studio project; pull its annotations back
  help [command]    show help for a command

Options:
  -h, --help        show help
  -v, --version     print the version

Run \`rubric <command> --help\` for a command's options.`;

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
        const command = topic !== undefined && Object.hasOwn(COMMANDS, topic) ? COMMANDS[topic] : undefined;
        io.stdout(`${command ? (await command()).help : MAIN_HELP}\n`);
        return 0;
      }
      default: {
        const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
        if (!load) throw new UsageError(`Unknown command "${command}", expected ${Object.keys(COMMANDS).join(', ')} or help`);
        return await (await load()).run(rest, io);
      }
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
