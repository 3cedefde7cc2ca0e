/**
 * Quality report files given on the command line (`--compare` of rubric
 * quality, `--quality` of rubric lint and rubric diff): read, checked with
 * @rubric/quality's reader, and refused with the file and the field path
 * when they are not reports. Also the part of a report that lint needs,
 * small enough to hand to worker threads and to key the lint cache.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { sha256, type QualityFigures } from '@rubric/core';
import { readQualityReport, reportsForVersion, type QualityReport } from '@rubric/quality/read';
import { UsageError } from './errors.js';
import { singleLine } from './formatters/shared.js';
import type { Io } from './io.js';
import { displayPath } from './registry-client.js';

/** A report read from a file. */
export interface ReportFile {
  /** As people should read it (relative to the working folder). */
  shown: string;
  report: QualityReport;
}

/** Reads a report file; a usage error names the file and what is wrong. */
export function readReportFile(io: Io, arg: string, flag: string): ReportFile {
  const path = resolve(io.cwd, arg);
  const shown = displayPath(io.cwd, path);
  if (!existsSync(path)) throw new UsageError(`No such file for ${flag}: ${singleLine(arg)}`);
  if (!statSync(path).isFile()) throw new UsageError(`${shown} (${flag}): not a file`);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`${shown}: Unexpected content, expected a quality report (rubric quality --format json): ${singleLine(error instanceof Error ? error.message : String(error))}`);
  }
  const { report, errors } = readQualityReport(value);
  if (!report) throw new UsageError(`${shown} is not a quality report:\n${errors.map((e) => `  ${e.path || '(top)'}: ${e.message}`).join('\n')}`);
  return { shown, report };
}

/** The figures the label-agreement rule reads, without replicates, case texts or annotators. */
export function lintFigures(report: QualityReport): QualityFigures {
  return {
    set: { id: report.set.id, version: report.set.version },
    questions: report.questions.map((q) => ({
      id: q.id,
      pairable: q.pairable,
      labels: q.labels.map((l) => ({ id: l.id, alpha: l.alpha, alphaInterval: l.alphaInterval })),
      confusions: q.confusions.map((c) => ({ labels: c.labels, count: c.count, share: c.share })),
    })),
  };
}

/** The report (of several) that applies to a set at a version: the newest not newer than it. */
export function figuresFor<T extends { set: { id: string; version: string } }>(reports: readonly T[], setId: string | undefined, version: string | undefined): T | undefined {
  if (setId === undefined) return undefined;
  return reportsForVersion(reports, (r) => r, setId, version).at(-1);
}

/** A key of the figures for the lint cache: findings change when they do. */
export function figuresKey(figures: readonly QualityFigures[]): string {
  return figures.length ? sha256(JSON.stringify(figures)) : '';
}
