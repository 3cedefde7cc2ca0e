/**
 * `rubric migrate <annotations.jsonl> --from <V1> --to <V2>`: rewrites
 * annotations made under one version of a guideline set so they fit another,
 * with the label migration map between the two: renamed and replaced labels
 * are rewritten (single and multi answers, and the labels of span answers),
 * each record's `version` becomes the target version, and labels that were
 * removed are dropped from the record and reported on stderr (record index,
 * line, question, label) with exit code 1 unless --allow-removed.
 *
 * The map comes from a registry (`--registry URL --set <id>`, the
 * `/migration` read of two published versions) or, when --from and --to are
 * set folders, from their schemas. The file is read and written line by line
 * (JSONL), so its size does not matter.
 */
import { createReadStream, createWriteStream, existsSync, statSync, type WriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createNodeHost, loadSet, migrationMap, SEMVER_PATTERN, SET_ID_PATTERN, type MigrationMap } from '@rubric/core';
import { UsageError } from '../errors.js';
import { plural, singleLine } from '../formatters/shared.js';
import type { Io } from '../io.js';
import { CommandFailure, REGISTRY_OPTIONS, REGISTRY_OPTIONS_HELP, registryRequest, registryTarget, runRegistryCommand } from '../registry-client.js';

export const MIGRATE_HELP = `Usage: rubric migrate [options] <annotations.jsonl> --from <V1> --to <V2>

Rewrites annotations (JSON Lines, one record per line, "-" for stdin) made
under version V1 of a guideline set so they fit version V2: renamed and
replaced labels are rewritten in every answer (single, multi, and the labels of
span answers), and each record's "version" becomes V2. Labels removed in V2
are dropped and reported on stderr with the record index, line, question and
label.

V1 and V2 are versions published in a registry (with --set and --registry),
or two set folders (their schema.json files give the map).

Options:
      --from <V1>          the version the annotations were made under (or a set folder)
      --to <V2>            the version to migrate them to (or a set folder)
  -s, --set <id>           the set in the registry
  -o, --out <file>         write the migrated records here (default: stdout)
      --allow-removed      exit 0 even when removed labels were dropped
${REGISTRY_OPTIONS_HELP}
  -h, --help               show this help

Exit codes: 0 every record migrated, 1 a removed label was dropped (without
--allow-removed), a line was not a JSON object or a record names another
version, or the registry refused, 2 usage error.`;

/** Answers of a record, as the neutral annotation form has them: question id -> label, labels, spans, text or number. */
type Answers = Record<string, unknown>;

/** One thing that could not be migrated as is. */
interface Problem {
  line: number;
  index: number;
  message: string;
}

/** What one record came to. */
interface Rewrite {
  record: Record<string, unknown>;
  renamed: number;
  replaced: number;
  removed: { question: string; label: string }[];
}

/** Rewrites label ids through the map; applies to every answer shape the neutral form has. */
export class LabelRewriter {
  private readonly byLabel = new Map<string, MigrationMap['labels'][number]>();

  constructor(readonly map: MigrationMap) {
    for (const entry of map.labels) this.byLabel.set(entry.from, entry);
  }

  /** The record with its answers migrated and its version set to the map's target version. */
  rewrite(record: Record<string, unknown>): Rewrite {
    const out: Rewrite = { record: { ...record }, renamed: 0, replaced: 0, removed: [] };
    const answers = record.answers;
    if (typeof answers === 'object' && answers !== null && !Array.isArray(answers)) {
      const next: Answers = {};
      for (const [question, value] of Object.entries(answers as Answers)) {
        const migrated = this.value(question, value, out);
        if (migrated !== undefined) next[question] = migrated;
      }
      out.record.answers = next;
    }
    if (this.map.to.version !== undefined) out.record.version = this.map.to.version;
    return out;
  }

  /** A label id migrated: the new id, or undefined when it was removed. Ids the map does not know are kept (free text, ratings). */
  private label(question: string, label: string, out: Rewrite): string | undefined {
    const entry = this.byLabel.get(label);
    if (!entry) return label;
    if (entry.via === 'removed' || entry.to === null) {
      out.removed.push({ question, label });
      return undefined;
    }
    if (entry.via === 'renamed') out.renamed++;
    else if (entry.via === 'replaced') out.replaced++;
    return entry.to;
  }

  private value(question: string, value: unknown, out: Rewrite): unknown {
    if (typeof value === 'string') return this.label(question, value, out);
    if (Array.isArray(value)) {
      const items: unknown[] = [];
      for (const item of value) {
        const migrated = this.value(question, item, out);
        if (migrated !== undefined) items.push(migrated);
      }
      return items;
    }
    if (typeof value === 'object' && value !== null) {
      // A span (or any object answer): its `label` or `labels` are label ids; a span whose only label was removed goes.
      const span = { ...(value as Record<string, unknown>) };
      if (typeof span.label === 'string') {
        const label = this.label(question, span.label, out);
        if (label === undefined) return undefined;
        span.label = label;
      }
      if (Array.isArray(span.labels)) {
        span.labels = span.labels.flatMap((l) => (typeof l === 'string' ? (this.label(question, l, out) ?? []) : [l]));
        if ((span.labels as unknown[]).length === 0 && (value as { labels: unknown[] }).labels.length > 0) return undefined;
      }
      return span;
    }
    return value;
  }
}

/** Where the map comes from. */
async function loadMap(values: { from: string; to: string; set?: string | undefined; registry?: string | undefined; token?: string | undefined }, io: Io): Promise<MigrationMap> {
  const local = (v: string): string | undefined => {
    const dir = resolve(io.cwd, v);
    return !SEMVER_PATTERN.test(v) && existsSync(dir) && statSync(dir).isDirectory() ? dir : undefined;
  };
  const fromDir = local(values.from);
  const toDir = local(values.to);
  if (fromDir && toDir) {
    const host = createNodeHost();
    const before = loadSet(fromDir, host).schema;
    const after = loadSet(toDir, host).schema;
    if (!before || !after) throw new CommandFailure(`no readable schema in ${!before ? values.from : values.to}`);
    return migrationMap(before, after);
  }
  if (fromDir || toDir) throw new UsageError('Expected --from and --to both to be versions (with --set and --registry) or both set folders');
  for (const [flag, v] of [['--from', values.from], ['--to', values.to]] as const) {
    if (!SEMVER_PATTERN.test(v) && v !== 'latest') throw new UsageError(`Unexpected ${flag} "${singleLine(v)}", expected a semantic version such as 2.0.0 (or a set folder)`);
  }
  if (!values.set) throw new UsageError('Missing --set <id>: the set whose versions --from and --to name');
  if (!SET_ID_PATTERN.test(values.set)) throw new UsageError(`Unexpected set id "${singleLine(values.set)}", expected lowercase kebab case such as "hate-speech"`);
  const target = registryTarget(values);
  const { body } = await registryRequest<MigrationMap>(target, 'GET', `/v1/sets/${values.set}/versions/${values.from}/migration/${values.to}`);
  return body;
}

/** Output with backpressure for files; batched writes for stdout. */
class Output {
  private buffer = '';

  constructor(
    private readonly io: Io,
    private readonly file: WriteStream | undefined,
  ) {}

  async write(line: string): Promise<void> {
    if (this.file) {
      if (!this.file.write(line)) await new Promise<void>((r) => this.file?.once('drain', () => r()));
      return;
    }
    this.buffer += line;
    if (this.buffer.length >= 64 * 1024) this.flush();
  }

  private flush(): void {
    if (this.buffer) this.io.stdout(this.buffer);
    this.buffer = '';
  }

  async close(): Promise<void> {
    this.flush();
    const file = this.file;
    if (file) await new Promise<void>((resolve, reject) => file.end((error?: Error | null) => (error ? reject(error) : resolve())));
  }
}

/** Most problems listed one by one on stderr; the rest are counted. */
const MAX_LISTED = 200;

/** Runs `rubric migrate`; returns the exit code. */
export async function migrateCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...REGISTRY_OPTIONS,
      from: { type: 'string' },
      to: { type: 'string' },
      set: { type: 'string', short: 's' },
      out: { type: 'string', short: 'o' },
      'allow-removed': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout(`${MIGRATE_HELP}\n`);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`Expected exactly one annotations file (JSON Lines, or - for stdin)\n\n${MIGRATE_HELP}`);
  if (!values.from || !values.to) throw new UsageError(`Missing --from and --to: the versions to migrate between\n\n${MIGRATE_HELP}`);
  const file = positionals[0] as string;
  const input = file === '-' ? undefined : resolve(io.cwd, file);
  if (input && !existsSync(input)) throw new UsageError(`No such file: ${file}`);
  const from = values.from;
  const to = values.to;

  return runRegistryCommand(io, async () => {
    const map = await loadMap({ from, to, set: values.set, registry: values.registry, token: values.token }, io);
    const rewriter = new LabelRewriter(map);
    const out = new Output(io, values.out ? createWriteStream(resolve(io.cwd, values.out)) : undefined);
    const lines = createInterface({ input: input ? createReadStream(input) : process.stdin, crlfDelay: Infinity });
    const problems: Problem[] = [];
    let listed = 0;
    const report = (p: Problem): void => {
      problems.push(p);
      if (listed++ < MAX_LISTED) io.stderr(`${file}:${p.line}: record ${p.index}: ${p.message}\n`);
    };
    let line = 0;
    let index = 0;
    let renamed = 0;
    let replaced = 0;
    let removed = 0;
    let recordsWithRemoved = 0;
    let blocking = 0;
    const fromVersion = map.from.version;
    for await (const text of lines) {
      line++;
      if (text.trim() === '') continue;
      const at = index++;
      let record: unknown;
      try {
        record = JSON.parse(text);
      } catch (error) {
        blocking++;
        report({ line, index: at, message: `not JSON (${error instanceof Error ? singleLine(error.message) : 'syntax error'}); the line is left out` });
        continue;
      }
      if (typeof record !== 'object' || record === null || Array.isArray(record)) {
        blocking++;
        report({ line, index: at, message: 'not a JSON object; the line is left out' });
        continue;
      }
      const version = (record as Record<string, unknown>).version;
      if (typeof version === 'string' && fromVersion !== undefined && version !== fromVersion) {
        // Migrating with the wrong map would silently relabel it: keep it as it is and say so.
        blocking++;
        report({ line, index: at, message: `made under version ${singleLine(version)}, not ${fromVersion}; written unchanged` });
        await out.write(`${text}\n`);
        continue;
      }
      const result = rewriter.rewrite(record as Record<string, unknown>);
      renamed += result.renamed;
      replaced += result.replaced;
      if (result.removed.length) {
        recordsWithRemoved++;
        removed += result.removed.length;
        for (const r of result.removed) report({ line, index: at, message: `question "${singleLine(r.question)}": label "${singleLine(r.label)}" was removed in ${map.to.version ?? to}; dropped` });
      }
      await out.write(`${JSON.stringify(result.record)}\n`);
    }
    await out.close();
    if (listed > MAX_LISTED) io.stderr(`... and ${listed - MAX_LISTED} more\n`);
    const summary = `migrated ${plural(index, 'record')} from ${map.from.version ?? from} to ${map.to.version ?? to}: ${plural(renamed, 'renamed label')}, ${plural(replaced, 'replaced label')}, ${plural(removed, 'removed label')} dropped${removed ? ` (in ${plural(recordsWithRemoved, 'record')})` : ''}${blocking ? `, ${plural(blocking, 'record')} not migrated` : ''}`;
    io.stderr(`${summary}\n`);
    return blocking > 0 || (removed > 0 && !values['allow-removed']) ? 1 : 0;
  });
}
