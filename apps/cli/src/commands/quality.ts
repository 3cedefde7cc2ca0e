/**
 * `rubric quality <set-dir> --annotations <file>...`: how well labelers
 * agree under a version of a guideline set, per question and per label
 * (docs/quality.md). The files are read as streams (JSON Lines of neutral
 * records, or a JSON array: Label Studio's JSON export or records, told
 * apart by content) into @rubric/quality's accumulator; invalid records are
 * counted and located, never fatal. Exit 0 when the report is computed,
 * 2 for usage errors and input that cannot be read at all.
 */
import { createWriteStream, existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createNodeHost, GUIDELINE_FILE, loadSet, type GuidelineSet } from '@rubric/core';
import { ExportError } from '@rubric/exporters';
import { migrationFromReport, QualityAccumulator, type QualityReport, type RecordLocation } from '@rubric/quality';
import { parseRecord, readAnnotationFile, type FileRecord } from '../annotation-files.js';
import { UsageError } from '../errors.js';
import { singleLine } from '../formatters/shared.js';
import type { Io } from '../io.js';
import { qualityMarkdown } from '../quality-report/markdown.js';
import { count } from '../quality-report/numbers.js';
import { qualityStylish } from '../quality-report/stylish.js';
import { displayPath } from '../registry-client.js';
import { readReportFile } from '../quality-files.js';
import { suggestExamples } from '../suggest-examples.js';

/** What `rubric quality --help` prints. */
export const QUALITY_HELP = `Usage: rubric quality [options] <set-dir> --annotations <file>...

Measures how well labelers agree under this version of the set: per question
Krippendorff's alpha with a 95% bootstrap interval, percent agreement and
Fleiss' kappa, per label alpha, prevalence and gold precision/recall, the
labels confused with each other, span F1, gold accuracy on the guideline's
examples, per-annotator figures, and the most disagreed items.

Annotation files are JSON Lines of Rubric's neutral records (with an
"annotator" field) or Label Studio JSON exports (the annotator is
completed_by), detected by content; "-" reads stdin. Invalid records are
counted and listed with their line, never fatal.

Options:
  -a, --annotations <file>  annotation file (repeat it, or list several files)
      --gold <file>         more gold records (neutral JSONL, e.g. gold/gold.jsonl of
                            \`rubric export --to gold\`); the set's examples are gold anyway
      --compare <report>    a previous version's report (--format json): per-label
                            changes with a bootstrap interval of the difference
      --suggest-examples <label>
                            write the label's case studies (the items its annotators
                            split on) into guideline.md as borderline examples under its
                            section: the gold answer, else the most given one, and a
                            \`why\` starting with TODO for the writer (no-todo keeps the
                            set out of review until it is written)
  -f, --format <format>     stylish (default), json or markdown
  -o, --out <file>          write the report here (default: stdout)
  -h, --help                show this help

Exit codes: 0 the report was computed (even with invalid records), 2 usage
error, or a file that cannot be read or is in no supported format.`;

const FORMATS = ['stylish', 'json', 'markdown'] as const;
type Format = (typeof FORMATS)[number];

/** Records before the progress line appears (on a terminal). */
const PROGRESS_AFTER = 100_000;
const PROGRESS_EVERY_MS = 200;

/** The set to measure, or a usage error saying why it cannot be. */
function loadQualitySet(io: Io, arg: string): GuidelineSet {
  const dir = resolve(io.cwd, arg);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`No such set folder: ${singleLine(arg)}`);
  if (!existsSync(join(dir, GUIDELINE_FILE))) throw new UsageError(`${displayPath(io.cwd, dir)} is not a guideline set: it has no ${GUIDELINE_FILE}`);
  return loadSet(dir, createNodeHost());
}

/** A file argument checked before any reading starts, so a typo fails fast. */
function inputFile(io: Io, arg: string): { path: string; shown: string } {
  if (arg === '-') return { path: '-', shown: '(stdin)' };
  const path = resolve(io.cwd, arg);
  const shown = displayPath(io.cwd, path);
  if (!existsSync(path)) throw new UsageError(`No such file: ${singleLine(arg)}`);
  if (!statSync(path).isFile()) throw new UsageError(`${shown}: not a file`);
  return { path, shown };
}

/** The report given to --compare, checked. */
function previousReport(io: Io, arg: string, setId: string): QualityReport {
  const { shown, report } = readReportFile(io, arg, '--compare');
  if (report.set.id !== setId) throw new UsageError(`${shown}: Unexpected set "${singleLine(report.set.id)}", expected a report of ${setId}`);
  return report;
}

/** Reads a file's records into `take` one at a time, with where each came from; `batch` hears how many each chunk held. */
async function readRecords(file: { path: string; shown: string }, take: (entry: FileRecord, at: RecordLocation) => unknown, batch?: (n: number) => void): Promise<void> {
  for await (const raws of readAnnotationFile(file.path, file.shown, file.path === '-' ? process.stdin : undefined)) {
    for (const raw of raws) {
      const entry = parseRecord(raw);
      take(entry, { source: file.shown, line: entry.line, index: entry.index });
    }
    batch?.(raws.length);
  }
}

/** A progress line on stderr, only on a terminal and only for large inputs. */
class Progress {
  private last = 0;
  private shown = false;

  constructor(private readonly enabled: boolean) {}

  tick(records: number, file: string): void {
    if (!this.enabled || records < PROGRESS_AFTER) return;
    const now = Date.now();
    if (now - this.last < PROGRESS_EVERY_MS) return;
    this.last = now;
    this.shown = true;
    process.stderr.write(`\r\u001b[2Krubric quality: ${count(records)} records read (${singleLine(file)})`);
  }

  done(): void {
    if (this.shown) process.stderr.write('\r\u001b[2K');
  }
}

/** Runs `rubric quality`; returns the exit code. */
export async function qualityCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      annotations: { type: 'string', short: 'a', multiple: true },
      gold: { type: 'string', multiple: true },
      compare: { type: 'string' },
      format: { type: 'string', short: 'f', default: 'stylish' },
      out: { type: 'string', short: 'o' },
      'suggest-examples': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout(`${QUALITY_HELP}\n`);
    return 0;
  }
  const [setArg, ...more] = positionals;
  if (setArg === undefined) throw new UsageError(`Expected a set folder, e.g. \`rubric quality guidelines/hate-speech --annotations annotations.jsonl\`\n\n${QUALITY_HELP}`);
  // `--annotations a.jsonl b.jsonl`: the files after the first are positionals.
  const annotationArgs = [...(values.annotations ?? []), ...more];
  if (annotationArgs.length === 0) throw new UsageError(`Missing --annotations <file>: the annotation records to measure\n\n${QUALITY_HELP}`);
  const format = values.format as string;
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`Unexpected format "${singleLine(format)}" for --format, expected one of ${FORMATS.join(', ')}`);
  if (annotationArgs.filter((a) => a === '-').length + (values.gold ?? []).filter((g) => g === '-').length > 1) throw new UsageError('Unexpected "-" twice: stdin can be read once');

  const suggest = values['suggest-examples'];
  if (suggest !== undefined && annotationArgs.includes('-')) throw new UsageError('--suggest-examples reads the annotation files twice (for the answers to other questions): give files, not stdin');
  const set = loadQualitySet(io, setArg);
  const files = annotationArgs.map((a) => inputFile(io, a));
  const goldFiles = (values.gold ?? []).map((g) => inputFile(io, g));
  let accumulator: QualityAccumulator;
  try {
    accumulator = new QualityAccumulator(set);
  } catch (error) {
    // A schema that does not load: the same message `rubric export` gives, with the path as the user wrote it.
    if (error instanceof ExportError) throw new UsageError(error.message.split(set.dir).join(displayPath(io.cwd, set.dir)));
    throw error;
  }
  const previous = values.compare !== undefined ? previousReport(io, values.compare, accumulator.meta.setId) : undefined;

  const progress = new Progress(process.stderr.isTTY === true);
  for (const file of goldFiles) {
    await readRecords(file, (entry, at) => ('error' in entry ? accumulator.addInvalidGold(at, entry.error) : accumulator.addGold(entry.value, at)));
  }
  let read = 0;
  for (const file of files) {
    await readRecords(
      file,
      (entry, at) => ('error' in entry ? accumulator.addInvalid(at, entry.error) : accumulator.add(entry.value, at)),
      (n) => progress.tick((read += n), file.shown),
    );
  }
  progress.done();
  const report = accumulator.report(previous ? { compare: previous, migration: migrationFromReport(previous, set.schema!) } : {});
  const text = format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : format === 'markdown' ? qualityMarkdown(report) : qualityStylish(report, { color: io.color && values.out === undefined });
  if (values.out !== undefined) {
    const out = resolve(io.cwd, values.out);
    await new Promise<void>((done, fail) => {
      const stream = createWriteStream(out);
      stream.on('error', (error) => fail(new UsageError(`Cannot write ${singleLine(values.out as string)}: ${error.message}`)));
      stream.end(text, () => done());
    });
    const r = report.records;
    io.stderr(`wrote the quality report of ${report.set.id} ${report.set.version} to ${displayPath(io.cwd, out)}: ${count(r.used)} records used, ${count(r.invalid)} invalid, ${count(r.duplicates)} duplicates\n`);
  } else io.stdout(text);
  if (suggest !== undefined) {
    const done = await suggestExamples(set, report, suggest, async (take) => {
      for (const file of files) await readRecords(file, (entry) => ('value' in entry ? take(entry.value) : undefined));
    });
    const where = displayPath(io.cwd, set.guidelinePath);
    if (done.added.length) io.stderr(`added ${done.added.length} example${done.added.length === 1 ? '' : 's'} under \`${suggest}\` to ${where} (kind: borderline): ${done.added.map((a) => `${a.id} (${a.answer})`).join(', ')}; check each answer and write its why: its TODO keeps the set out of review\n`);
    else io.stderr(`added no example under \`${suggest}\` to ${where}${done.skipped.length ? '' : ': its annotators did not disagree'}\n`);
    for (const s of done.skipped) io.stderr(`  skipped ${singleLine(s.item)}: ${s.why}\n`);
  }
  return 0;
}
