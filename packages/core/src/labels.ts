/** Queries over a schema's label tree that rules, the diff and the migration map share. */
import type { Label, SchemaDocument } from './model.js';
import { schemaLabelIndex } from './label-index.js';

/** Old label id -> the label that now carries it (via `renamedFrom`), for ids no longer in the schema; the first claim wins. */
export function renamedLabels(schema: SchemaDocument): ReadonlyMap<string, Label> {
  return schemaLabelIndex(schema).renamed;
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
