/** What every output format of `rubric diff` receives. */
import type { SetDiff } from '@rubric/core';
import type { BaseFigures } from './base-figures.js';

/** One set's diff with the paths that name it. */
export interface ReviewedSet {
  /** Set folder relative to cwd (head side, or base side for a removed set). */
  path: string;
  diff: SetDiff;
  /** With `--quality`: the base version's labeling-quality figures of the labels whose definition changed. */
  quality?: BaseFigures;
}

/** A whole review. */
export interface ReviewInput {
  /** What was compared: `main` (a3f9c1d2e4b5) or `old/ -> new/`. */
  baseLabel: string;
  sets: ReviewedSet[];
  cwd: string;
  /** Turns a diff location's file into a path relative to cwd. */
  displayPath(file: string, side: 'base' | 'head'): string;
  toolVersion: string;
}

/** Turns a review into text. */
export type ReviewFormatter = (input: ReviewInput) => string;
