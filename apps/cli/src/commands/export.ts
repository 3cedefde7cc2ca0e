/**
 * `rubric export <set-dir> --to <format>`: a guideline set in a labeling
 * platform's format (see docs/exports.md). Lints the set first: a set with
 * errors is not exported unless --force, since a platform would get labels
 * the guideline does not define.
 */
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { createNodeHost, GUIDELINE_FILE, lintSet, loadSet, rules } from '@rubric/core';
import { EXPORT_FORMATS, ExportError, exportMetaOf, exportSet, type ExportFile, type ExportFormat } from '@rubric/exporters';
import { loadConfig } from '../config-file.js';
import { UsageError } from '../errors.js';
import { countFindings, singleLine } from '../formatters/shared.js';
import type { Io } from '../io.js';
import { CommandFailure, displayPath, runRegistryCommand } from '../registry-client.js';

export const EXPORT_HELP = `Usage: rubric export [options] <set-dir> --to <format>

Writes a guideline set in a labeling platform's format. Every file names the
set id, version and content hash it was made from.

Formats:
  label-studio   labeling config XML, the guideline as instructions, project settings
  labelbox       ontology JSON (classifications and NER tools)
  argilla        Argilla 2.x dataset settings (guidelines, questions)
  cvat           CVAT project labels with attributes
  sagemaker      SageMaker Ground Truth label category configuration (one per question)
  jsonschema     JSON Schema (2020-12) of one annotation record of this version
  gold           gold tasks from the guideline's examples (Label Studio tasks and JSONL)
  all            every format above

Options:
  -t, --to <format>        the format (required)
  -o, --out <dir>          the folder to write into (default: exports/<id>-<version>)
      --stdout             print the format's main file instead of writing files
      --force              export even when the set has lint errors
  -h, --help               show this help

Exit codes: 0 exported, 1 the set has lint errors or cannot be expressed in the
format, 2 usage error.`;

/** Runs `rubric export`; returns the exit code. */
export async function exportCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      to: { type: 'string', short: 't' },
      out: { type: 'string', short: 'o' },
      stdout: { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout(`${EXPORT_HELP}\n`);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`Expected exactly one set folder, e.g. \`rubric export guidelines/hate-speech --to label-studio\`\n\n${EXPORT_HELP}`);
  const to = values.to;
  if (to === undefined) throw new UsageError(`Missing --to, expected one of ${EXPORT_FORMATS.join(', ')} or all`);
  if (to !== 'all' && !(EXPORT_FORMATS as readonly string[]).includes(to)) throw new UsageError(`Unexpected format ${JSON.stringify(singleLine(to))} for --to, expected one of ${EXPORT_FORMATS.join(', ')} or all`);
  if (values.stdout && to === 'all') throw new UsageError('--stdout prints one format; name it with --to');
  if (values.stdout && values.out !== undefined) throw new UsageError('--stdout and --out exclude each other');
  const formats: ExportFormat[] = to === 'all' ? [...EXPORT_FORMATS] : [to as ExportFormat];

  return runRegistryCommand(io, async () => {
    const dir = resolve(io.cwd, positionals[0] as string);
    const shown = displayPath(io.cwd, dir);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`No such set folder: ${singleLine(positionals[0] as string)}`);
    if (!existsSync(join(dir, GUIDELINE_FILE))) throw new UsageError(`${shown} is not a guideline set: it has no ${GUIDELINE_FILE}`);
    const { config } = loadConfig(dir);
    // One load: the set that is linted is the set that is exported.
    const host = createNodeHost(config.maxFileBytes);
    const set = loadSet(dir, host);
    const counts = countFindings(lintSet(set, rules, config, host));
    if (counts.errors > 0) {
      if (!values.force) throw new CommandFailure(`${shown} has ${counts.errors} lint error${counts.errors === 1 ? '' : 's'}; fix them first (\`rubric lint ${shown}\`) or export anyway with --force`);
      io.stderr(`warning: ${shown} has ${counts.errors} lint error${counts.errors === 1 ? '' : 's'}; exporting anyway (--force)\n`);
    }
    let meta;
    const files: ExportFile[] = [];
    try {
      meta = exportMetaOf(set);
      for (const format of formats) files.push(...exportSet(set, format, meta));
    } catch (error) {
      if (error instanceof ExportError) throw new CommandFailure(`cannot export ${shown}: ${singleLine(error.message)}`);
      throw error;
    }
    if (values.stdout) {
      io.stdout(files[0]!.content);
      return 0;
    }
    const out = resolve(io.cwd, values.out ?? join('exports', `${meta.setId}-${meta.version}`));
    for (const file of files) {
      const path = resolve(out, file.name);
      // Names come from the exporters, but a set id or question id ends up in some: never write outside --out.
      if (relative(out, path).startsWith(`..${sep}`) || relative(out, path) === '..') throw new CommandFailure(`refusing to write ${file.name} outside ${displayPath(io.cwd, out)}`);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.content);
      io.stdout(`${displayPath(io.cwd, path)}\n`);
    }
    io.stderr(`exported ${meta.setId} ${meta.version} as ${formats.join(', ')}: ${files.length} file${files.length === 1 ? '' : 's'} in ${displayPath(io.cwd, out)}\n`);
    return 0;
  });
}
