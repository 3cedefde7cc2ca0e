/** The review as JSON: every set's diff with paths relative to the working folder. */
import type { ReviewFormatter } from './types.js';

export const json: ReviewFormatter = (input) => {
  const sets = input.sets.map(({ path, diff, quality }) => ({
    path,
    ...(quality ? { quality } : {}),
    ...diff,
    changes: diff.changes.map((c) => ({ ...c, ...(c.location ? { location: { ...c.location, file: input.displayPath(c.location.file, c.location.side) } } : {}) })),
    problems: diff.problems.map((p) => ({ ...p, ...(p.location ? { location: { ...p.location, file: input.displayPath(p.location.file, p.location.side) } } : {}) })),
  }));
  return `${JSON.stringify({ version: 1, tool: { name: 'rubric', version: input.toolVersion }, base: input.baseLabel, ok: input.sets.every((s) => s.diff.ok), sets }, null, 2)}\n`;
};
