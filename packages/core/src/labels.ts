/** Queries over a schema's label tree that rules, the diff and the migration map share. */
import type { Label, SchemaDocument } from './model.js';

/** Old label id -> the label that now carries it (via `renamedFrom`), for ids no longer in the schema; the first claim wins. */
export function renamedLabels(schema: SchemaDocument): Map<string, Label> {
  const out = new Map<string, Label>();
  for (const label of schema.labels) {
    for (const old of label.renamedFrom) if (!schema.labelsById.has(old) && !out.has(old)) out.set(old, label);
  }
  return out;
}

/** The label and its ancestors' ids, nearest first. */
export function ancestry(schema: SchemaDocument, labelId: string): string[] {
  const out: string[] = [];
  let cur = schema.labelsById.get(labelId);
  const seen = new Set<string>();
  while (cur && !seen.has(cur.id)) {
    seen.add(cur.id);
    out.push(cur.id);
    cur = cur.parentId ? schema.labelsById.get(cur.parentId) : undefined;
  }
  return out;
}
