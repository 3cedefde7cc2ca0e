/**
 * Migration map between two versions of a schema: for every label id of the old
 * version, the id an annotation should carry in the new one, following
 * `renamedFrom` and `deprecated.replacedBy` chains; null when it was removed.
 */
import type { Label, SchemaDocument } from '../model.js';
import { renamedLabels } from '../labels.js';

/** Where one old label goes. */
export interface LabelMigration {
  from: string;
  /** The new id, or null when the label is gone without replacement. */
  to: string | null;
  questionId: string;
  /** The first step: same id, renamed, replaced (deprecated in favour of another), or removed. */
  via: 'same' | 'renamed' | 'replaced' | 'removed';
  /** The ids passed through, first to last (for chains such as a -> b -> c). */
  chain: string[];
}

/** The migration map as JSON for the registry and exporters. */
export interface MigrationMap {
  from: { id?: string; version?: string };
  to: { id?: string; version?: string };
  labels: LabelMigration[];
}

const MAX_CHAIN = 64;

/** What the map needs of the old version: a schema, or the labels another record of it lists (a quality report). */
export type MigrationSource = Pick<SchemaDocument, 'id' | 'version'> & { labels: readonly Pick<Label, 'id' | 'questionId'>[] };

/** Builds the migration map from `before` to `after`. */
export function migrationMap(before: MigrationSource, after: SchemaDocument): MigrationMap {
  // Old id -> the label of `after` that says it was renamed from it.
  const renamedTo = new Map([...renamedLabels(after)].map(([old, label]) => [old, label.id]));

  const labels: LabelMigration[] = [];
  for (const old of before.labels) {
    if (labels.some((l) => l.from === old.id)) continue;
    const chain = [old.id];
    let current = old.id;
    let via: LabelMigration['via'] = 'same';
    let to: string | null = null;
    for (let i = 0; i < MAX_CHAIN; i++) {
      const here = after.labelsById.get(current);
      const replacedBy = here?.deprecated?.replacedBy;
      if (here && !replacedBy) {
        to = current;
        break;
      }
      const next = here && replacedBy ? replacedBy : renamedTo.get(current);
      if (!next || chain.includes(next)) {
        to = here ? current : null;
        break;
      }
      if (via === 'same') via = here ? 'replaced' : 'renamed';
      chain.push(next);
      current = next;
    }
    if (to === null) via = 'removed';
    labels.push({ from: old.id, to, questionId: old.questionId, via, chain });
  }
  return {
    from: { ...(before.id ? { id: before.id } : {}), ...(before.version ? { version: before.version } : {}) },
    to: { ...(after.id ? { id: after.id } : {}), ...(after.version ? { version: after.version } : {}) },
    labels,
  };
}
