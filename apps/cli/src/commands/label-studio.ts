/**
 * `rubric label-studio push|pull`: a team's own Label Studio without a
 * registry. `push` delivers a set folder to a project the way the registry's
 * `label-studio` target does (the project found or created per major
 * version, the config checked against the annotations there, title, config,
 * the guideline as instructions, gold tasks); `pull` reads a project's
 * annotations back into neutral records (JSON Lines), each of the version
 * its project held when it was made, with the annotator, validated against
 * that version's set folder. Both talk to Label Studio with the token in
 * $LABEL_STUDIO_API_KEY (legacy or personal access token).
 */
import { createWriteStream, existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createNodeHost, GUIDELINE_FILE, lintSet, loadSet, rules, type GuidelineSet } from '@rubric/core';
import { ExportError, exportMetaOf, fromLabelStudioResult, goldTasks, labelStudioFiles, validateAnnotation } from '@rubric/exporters';
import { BREAKING_POLICIES, deliverToLabelStudio, LabelStudioClient, LabelStudioDeliveryRefused, LabelStudioError, pullAnnotations, type BreakingPolicy, type LoadedGuideline } from '@rubric/registry/label-studio';
import { loadConfig } from '../config-file.js';
import { UsageError } from '../errors.js';
import { countFindings, plural, singleLine } from '../formatters/shared.js';
import type { Io } from '../io.js';
import { CommandFailure, displayPath, runRegistryCommand } from '../registry-client.js';

/** Where the token is read from unless --token-env names another variable. */
export const LABEL_STUDIO_TOKEN_ENV = 'LABEL_STUDIO_API_KEY';
/** Where the URL is read from when --url is not given. */
export const LABEL_STUDIO_URL_ENV = 'LABEL_STUDIO_URL';

export const LABEL_STUDIO_HELP = `Usage: rubric label-studio push <set-dir> --project <id|create> [options]
       rubric label-studio pull --project <id> --set <set-dir>... [options]

push: delivers a set to a Label Studio project, as the registry's label-studio
target does: with --project create, a project per major version (found again
by the marker Rubric keeps in its description); the labeling config is checked
against the annotations already there before anything changes; the project
gets the set id and version as its title, the config, the guideline as the
labelers' instructions, and the gold tasks it does not hold yet. Pushing the
same version again changes nothing. The set is linted first.

pull: reads a project's annotations (Label Studio's JSON export) and writes
one neutral record per annotation (JSON Lines): the version the project held
when it was made (from the delivery history in its description), the
annotator's email, the answers. Each record is checked against the set folder
of its version (pass every version's folder with --set); problems are printed
on stderr with the record's path.

Options:
      --url <url>            Label Studio's base URL (default: $${LABEL_STUDIO_URL_ENV})
      --project <id|create>  the project (push: or "create"; pull: its id)
      --token-env <name>     the variable holding the token (default: ${LABEL_STUDIO_TOKEN_ENV});
                             a legacy token or a personal access token
      --breaking <policy>    push: new-project (default) or fail, for a major version
                             whose config the project cannot take
      --target <name>        push: the name the projects are managed under (default: cli)
  -s, --set <set-dir>        pull: a set folder of a version the annotations were made under (repeatable)
  -o, --out <file>           pull: write the records here (default: stdout)
      --ground-truth         pull: also the ground-truth annotations (the gold tasks' answers)
      --force                push: even when the set has lint errors
  -h, --help                 show this help

Exit codes: 0 done (pull: every record valid), 1 Label Studio refused or is
unreachable, the set has lint errors, or (pull) a record is invalid, 2 usage error.`;

/** Request timeout towards Label Studio (an export of a big project takes a while). */
const TIMEOUT_MS = 120_000;

/** Runs `rubric label-studio`; returns the exit code. */
export async function labelStudioCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      project: { type: 'string' },
      'token-env': { type: 'string' },
      breaking: { type: 'string' },
      target: { type: 'string' },
      set: { type: 'string', short: 's', multiple: true },
      out: { type: 'string', short: 'o' },
      'ground-truth': { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout(`${LABEL_STUDIO_HELP}\n`);
    return 0;
  }
  const [action, ...rest] = positionals;
  if (action !== 'push' && action !== 'pull') throw new UsageError(`${action === undefined ? 'Missing' : `Unexpected action ${JSON.stringify(singleLine(action))},`} expected push or pull\n\n${LABEL_STUDIO_HELP}`);
  const client = labelStudioClient(values);
  if (action === 'push') {
    if (rest.length !== 1) throw new UsageError(`Expected exactly one set folder, e.g. \`rubric label-studio push guidelines/hate-speech --project create\``);
    const project = values.project === 'create' ? 'create' : projectId(values.project);
    const breaking = values.breaking ?? 'new-project';
    if (!(BREAKING_POLICIES as readonly string[]).includes(breaking)) throw new UsageError(`Unexpected --breaking ${JSON.stringify(singleLine(breaking))}, expected ${BREAKING_POLICIES.join(' or ')}`);
    const target = values.target ?? 'cli';
    if (!/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/.test(target) || target.length > 64) throw new UsageError(`Unexpected --target ${JSON.stringify(singleLine(target))}, expected lowercase kebab case such as "cli"`);
    return runRegistryCommand(io, () => push(io, client, rest[0]!, project, breaking as BreakingPolicy, target, values.force));
  }
  if (rest.length) throw new UsageError(`Unexpected ${JSON.stringify(singleLine(rest[0]!))}: pull takes no positional arguments (the set folders go with --set)`);
  const id = projectId(values.project);
  if (!values.set?.length) throw new UsageError('Missing --set <set-dir>: the folder of the set version the annotations were made under (repeat it for several versions)');
  return runRegistryCommand(io, () => pull(io, client, id, values.set!, values.out, values['ground-truth']));
}

/** The client from --url (or $LABEL_STUDIO_URL) and the token variable. */
export function labelStudioClient(values: { url?: string | undefined; 'token-env'?: string | undefined }): LabelStudioClient {
  const raw = values.url ?? process.env[LABEL_STUDIO_URL_ENV];
  if (!raw) throw new UsageError(`Missing --url <url> (or $${LABEL_STUDIO_URL_ENV}), e.g. --url http://127.0.0.1:8080`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`Unexpected --url ${JSON.stringify(singleLine(raw))}, expected an http:// or https:// URL`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password || url.search || url.hash) throw new UsageError(`Unexpected --url ${JSON.stringify(singleLine(raw))}, expected an http:// or https:// URL without credentials, query or fragment`);
  const variable = values['token-env'] ?? LABEL_STUDIO_TOKEN_ENV;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) throw new UsageError(`Unexpected --token-env ${JSON.stringify(singleLine(variable))}, expected the name of an environment variable`);
  const token = process.env[variable];
  if (!token) throw new UsageError(`Missing the Label Studio token: set $${variable} to a legacy token or a personal access token (Label Studio: Account & Settings)`);
  return new LabelStudioClient({ url: url.toString().replace(/\/+$/, ''), token, timeoutMs: TIMEOUT_MS, userAgent: 'rubric-cli' });
}

/** A project id from --project. */
export function projectId(value: string | undefined): number {
  if (value === undefined) throw new UsageError('Missing --project <id>');
  if (!/^[1-9]\d{0,15}$/.test(value)) throw new UsageError(`Unexpected --project ${JSON.stringify(singleLine(value))}, expected a Label Studio project id (a positive integer)${value === 'create' ? '; "create" is for push' : ''}`);
  return Number(value);
}

/** A set folder, loaded; a usage error when it is not one. */
function loadFolder(io: Io, folder: string): { set: GuidelineSet; shown: string; dir: string } {
  const dir = resolve(io.cwd, folder);
  const shown = displayPath(io.cwd, dir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`No such set folder: ${singleLine(folder)}`);
  if (!existsSync(resolve(dir, GUIDELINE_FILE))) throw new UsageError(`${shown} is not a guideline set: it has no ${GUIDELINE_FILE}`);
  const { config } = loadConfig(dir);
  return { set: loadSet(dir, createNodeHost(config.maxFileBytes)), shown, dir };
}

/** Label Studio's failures as the command's. */
function failure(error: unknown): never {
  if (error instanceof LabelStudioError || error instanceof LabelStudioDeliveryRefused) throw new CommandFailure(singleLine(error.message));
  if (error instanceof ExportError) throw new CommandFailure(singleLine(error.message));
  throw error;
}

async function push(io: Io, client: LabelStudioClient, folder: string, project: number | 'create', breaking: BreakingPolicy, target: string, force: boolean): Promise<number> {
  const { set, shown, dir } = loadFolder(io, folder);
  const { config } = loadConfig(dir);
  const counts = countFindings(lintSet(set, rules, config, createNodeHost(config.maxFileBytes)));
  if (counts.errors > 0) {
    if (!force) throw new CommandFailure(`${shown} has ${plural(counts.errors, 'lint error')}; fix them first (\`rubric lint ${shown}\`) or push anyway with --force`);
    io.stderr(`warning: ${shown} has ${plural(counts.errors, 'lint error')}; pushing anyway (--force)\n`);
  }
  try {
    const meta = exportMetaOf(set);
    const exported = JSON.parse(labelStudioFiles(set, meta).find((f) => f.name === 'label-studio/project.json')!.content) as { label_config: string; expert_instruction: string; title?: string };
    const title = (set.guideline?.frontmatter?.data as { title?: unknown } | undefined)?.title;
    const result = await deliverToLabelStudio({
      client,
      setId: meta.setId,
      targetId: target,
      version: meta.version,
      contentHash: meta.contentHash,
      title: typeof title === 'string' ? title : meta.setId,
      projectId: project,
      breaking,
      labelConfig: exported.label_config,
      instructions: exported.expert_instruction,
      goldTasks: goldTasks(set, meta).labelStudio,
    });
    io.stdout(`${result.projectUrl}\n`);
    const what = result.created ? 'created project' : result.configChanged ? 'updated project' : 'project already had it:';
    io.stderr(`${meta.setId} ${meta.version}: ${what} ${result.projectId}; gold tasks: ${result.gold.imported} imported, ${result.gold.present} already there${result.gold.outdated ? `, ${result.gold.outdated} of earlier versions outdated` : ''}\n`);
    for (const note of result.notes) io.stderr(`note: ${note}\n`);
    return 0;
  } catch (error) {
    return failure(error);
  }
}

async function pull(io: Io, client: LabelStudioClient, project: number, folders: string[], out: string | undefined, groundTruth: boolean): Promise<number> {
  const versions = new Map<string, LoadedGuideline>();
  for (const folder of folders) {
    const { set, shown } = loadFolder(io, folder);
    let meta;
    try {
      meta = exportMetaOf(set);
    } catch (error) {
      if (error instanceof ExportError) throw new UsageError(`${shown}: ${singleLine(error.message)}`);
      throw error;
    }
    versions.set(`${meta.setId}@${meta.version}`, { set, contentHash: meta.contentHash });
  }
  let pulled;
  try {
    pulled = await pullAnnotations({
      client,
      projectId: project,
      loadVersion: (setId, version) => versions.get(`${setId}@${version}`),
      validator: { validate: (set, record) => validateAnnotation(set, record).errors, fromLabelStudio: (set, result) => fromLabelStudioResult(set, result) },
      includeGroundTruth: groundTruth,
    });
  } catch (error) {
    if (error instanceof Error && /holds no Rubric guideline/.test(error.message)) throw new CommandFailure(singleLine(error.message));
    return failure(error);
  }
  const text = pulled.annotations.map((a) => `${JSON.stringify(a.record)}\n`).join('');
  if (out === undefined) io.stdout(text);
  else {
    const path = resolve(io.cwd, out);
    await new Promise<void>((done, fail) => createWriteStream(path).on('error', fail).end(text, done));
  }
  pulled.annotations.forEach((a, index) => {
    for (const e of a.errors) io.stderr(`project ${project} task ${a.record.labelStudio.task} annotation ${a.record.labelStudio.annotation} (record ${index}, line ${index + 1}): ${e.path}: ${singleLine(e.message)}\n`);
  });
  const { summary } = pulled;
  const versionsSeen = Object.entries(summary.versions).map(([v, n]) => `${n} of ${v}`).join(', ');
  io.stderr(`pulled ${plural(summary.records, 'annotation')} of ${summary.setId} from project ${project}${versionsSeen ? ` (${versionsSeen})` : ''}: ${summary.invalid} invalid; left out ${summary.skipped.cancelled} skipped and ${summary.skipped.groundTruth} ground-truth\n`);
  return summary.invalid ? 1 : 0;
}
