/**
 * `rubric import label-studio <config.xml>`: a schema.json and a guideline.md
 * skeleton from an existing Label Studio labeling config, for teams moving in.
 * The config comes from a file, or from a project of a running Label Studio
 * over its API. What cannot be mapped is printed with its line and column;
 * TODO markers in the skeleton are what `rubric lint` then reports until the
 * guideline is written.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SET_ID_PATTERN } from '@rubric/core';
import { importLabelStudioConfig, MAX_IMPORT_BYTES } from '@rubric/exporters';
import { LabelStudioError } from '@rubric/registry/label-studio';
import { UsageError } from '../errors.js';
import { singleLine } from '../formatters/shared.js';
import type { Io } from '../io.js';
import { CommandFailure, displayPath, runRegistryCommand } from '../registry-client.js';
import { labelStudioClient, projectId } from './label-studio.js';

/** A set id made of a name: lowercase words joined by '-', starting with a letter. */
function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^[^a-z]+|-+$/g, '');
}

export const IMPORT_HELP = `Usage: rubric import label-studio [options] <config.xml>
       rubric import label-studio [options] --url <url> --project <id>

Writes schema.json and a guideline.md skeleton from a Label Studio labeling
config: Choices, Taxonomy, Labels, TextArea and Rating become questions,
nested choices become label trees, visibleWhen becomes "when". Values the
project already stores are kept (as exportValue), so exporting the set again
gives a config whose annotations look the same. What cannot be mapped is
printed with its line and column. The guideline has a section per label with
TODO markers, which \`rubric lint\` reports until they are written.

With --url and --project the config is read from a project of a running
Label Studio over its API (token in $LABEL_STUDIO_API_KEY, or the variable
--token-env names); the project's title is the default set title.

Options:
  -o, --out <dir>          the set folder to write (default: ./<id>)
      --id <set-id>        the set id (default: from a Rubric export, else the file name)
      --title <title>      the set title
      --owner <email>      the owner in the frontmatter
      --force              overwrite schema.json and guideline.md if they exist
      --url <url>          read the config from this Label Studio (default: $LABEL_STUDIO_URL) ...
      --project <id>       ... from this project's labeling config
      --token-env <name>   the variable holding the Label Studio token (default: LABEL_STUDIO_API_KEY)
  -h, --help               show this help

Exit codes: 0 imported (findings are printed as warnings), 1 the file is not a
Label Studio config or the folder has files that --force would overwrite, 2 usage error.`;

/** Runs `rubric import`; returns the exit code. */
export async function importCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string', short: 'o' },
      id: { type: 'string' },
      title: { type: 'string' },
      owner: { type: 'string' },
      force: { type: 'boolean', default: false },
      url: { type: 'string' },
      project: { type: 'string' },
      'token-env': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout(`${IMPORT_HELP}\n`);
    return 0;
  }
  const [from, file, ...extra] = positionals;
  if (from !== 'label-studio') throw new UsageError(`${from === undefined ? 'Missing' : `Unexpected source ${JSON.stringify(singleLine(from))},`} expected \`rubric import label-studio <config.xml>\`\n\n${IMPORT_HELP}`);
  const remote = values.project !== undefined;
  if (remote ? file !== undefined : file === undefined || extra.length) throw new UsageError(`Expected exactly one config file, e.g. \`rubric import label-studio project-config.xml\`, or --url and --project without a file\n\n${IMPORT_HELP}`);
  if (values.id !== undefined && !SET_ID_PATTERN.test(values.id)) throw new UsageError(`Unexpected set id ${JSON.stringify(singleLine(values.id))} for --id, expected lowercase kebab case such as "hate-speech"`);
  const client = remote ? labelStudioClient(values) : undefined;
  const projectNumber = remote ? projectId(values.project) : undefined;

  return runRegistryCommand(io, async () => {
    let xml: string;
    let shown: string;
    // Without --id, a Rubric export names its own set; any other config is named after its file (or project).
    let fallbackSetId: string;
    let title = values.title;
    if (client && projectNumber !== undefined) {
      let project;
      try {
        project = await client.getProject(projectNumber);
      } catch (error) {
        if (error instanceof LabelStudioError) throw new CommandFailure(singleLine(error.message));
        throw error;
      }
      xml = project.label_config;
      shown = `${client.url}/projects/${projectNumber}`;
      fallbackSetId = slug(project.title);
      title ??= project.title;
      if (Buffer.byteLength(xml) > MAX_IMPORT_BYTES) throw new CommandFailure(`${shown}: the labeling config has ${Buffer.byteLength(xml)} bytes, expected at most ${MAX_IMPORT_BYTES}`);
    } else {
      const path = resolve(io.cwd, file!);
      shown = displayPath(io.cwd, path);
      if (!existsSync(path) || !statSync(path).isFile()) throw new UsageError(`No such file: ${singleLine(file!)}`);
      if (statSync(path).size > MAX_IMPORT_BYTES) throw new CommandFailure(`${shown}: ${statSync(path).size} bytes, expected a config of at most ${MAX_IMPORT_BYTES}`);
      xml = readFileSync(path, 'utf8');
      fallbackSetId = slug(basename(file!, extname(file!)));
    }
    const result = importLabelStudioConfig(xml, { ...(values.id ? { setId: values.id } : {}), fallbackSetId, ...(title ? { title } : {}), ...(values.owner ? { owner: values.owner } : {}) });
    const questions = result.schemaJson.questions as unknown[];
    for (const f of result.findings) io.stderr(`${shown}${f.line !== undefined ? `:${f.line}:${f.column ?? 1}` : ''}: warning: ${f.element ? `${f.element}: ` : ''}${singleLine(f.message)}\n`);
    if (questions.length === 0) throw new CommandFailure(`${shown}: nothing to import (see above); no files written`);
    const out = resolve(io.cwd, values.out ?? String(result.schemaJson.id));
    const targets = [join(out, 'schema.json'), join(out, 'guideline.md')];
    const existing = targets.filter((t) => existsSync(t));
    if (existing.length && !values.force) throw new CommandFailure(`${existing.map((t) => displayPath(io.cwd, t)).join(' and ')} already exist${existing.length === 1 ? 's' : ''}; choose another --out or pass --force to overwrite`);
    mkdirSync(out, { recursive: true });
    writeFileSync(targets[0]!, `${JSON.stringify(result.schemaJson, null, 2)}\n`);
    writeFileSync(targets[1]!, result.guidelineMd);
    for (const t of targets) io.stdout(`${displayPath(io.cwd, t)}\n`);
    io.stderr(`imported ${questions.length} question${questions.length === 1 ? '' : 's'} into ${displayPath(io.cwd, out)} with ${result.findings.length} finding${result.findings.length === 1 ? '' : 's'}; next: write the TODOs and run \`rubric lint ${displayPath(io.cwd, out)}\`\n`);
    return 0;
  });
}
