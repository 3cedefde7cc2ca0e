/**
 * Rendered HTML per top-level chunk (see markdown-tree.ts), so that a render
 * after an edit, or of the next version of a set, runs the HTML pipeline
 * (remark-rehype, hardening, sanitizing, serializing) only for the chunks
 * that changed. A 500-label set renders in 150-300 ms through that pipeline;
 * from the cache, in a few milliseconds.
 *
 * A chunk's HTML depends on more than its text, and all of it is in the key
 * or checked on a hit:
 * - the text (the mdast tree and the examples' YAML come from it);
 * - per heading in the chunk: whether the guideline outline has it, its slug
 *   (slugs are made unique across the whole document), the label section it
 *   opens, and whether it is the `# Title` heading the page header replaces;
 * - per example block: whether it is an example and the label section it
 *   belongs to (its kind follows from that);
 * - the schema: labels (title, severity, deprecation, renames, parents,
 *   question), questions (type, prompt), whether it is known, and without a
 *   known schema the document's label section ids (see `contextFingerprint`);
 * - the host's link and image resolvers: every call a chunk's render made is
 *   recorded and repeated on a hit, and any different answer renders it anew;
 * - lines: `data-line` values are stored relative to the chunk's first line
 *   and shifted on the way out. A chunk whose text shows line numbers (an
 *   invalid example lists its problems by line) is only reused at its line.
 */
import type { GuidelineSet } from '@rubric/core';

/** A cached chunk render. */
export interface ChunkEntry {
  /** The HTML, cut at every `data-line` value: `pieces[0] + line(0) + pieces[1] + ...`. */
  pieces: string[];
  /** The `data-line` values, relative to the chunk's line shift. */
  lines: number[];
  /** The chunk produced top-level nodes (the content joins them with a line break). */
  nonEmpty: boolean;
  /** Set when the HTML holds lines that cannot be shifted: the entry is valid only at this line shift. */
  fixedLine?: number;
  /** Every resolver call the render made: [url, answer]. */
  links: [string, string | undefined][];
  images: [string, string | undefined][];
  /** The HTML at the line shift it was last put together for. */
  joined?: string;
  joinedLine?: number;
  /** Characters held: the pieces and the joined copy. */
  size: number;
}

const MAX_ENTRIES = 8_000;
// HTML and keys, in UTF-16 code units: about 2 bytes each, so about 32 MB at most.
const MAX_CHARS = 16 * 1024 * 1024;
const cache = new Map<string, ChunkEntry>();
let cachedChars = 0;

export function getChunk(key: string): ChunkEntry | undefined {
  const entry = cache.get(key);
  if (entry) {
    cache.delete(key);
    cache.set(key, entry);
  }
  return entry;
}

export function setChunk(key: string, entry: ChunkEntry): void {
  const old = cache.get(key);
  if (old) {
    cache.delete(key);
    cachedChars -= old.size + key.length;
  }
  cache.set(key, entry);
  cachedChars += entry.size + key.length;
  for (const [k, v] of cache) {
    if (cache.size <= MAX_ENTRIES && cachedChars <= MAX_CHARS) break;
    if (k === key) continue;
    cache.delete(k);
    cachedChars -= v.size + k.length;
  }
}

/** Drops every cached chunk render. */
export function clearChunkCache(): void {
  cache.clear();
  cachedChars = 0;
  fingerprintIds.clear();
}

// Fingerprints are long (the whole taxonomy); keys carry a short id for each instead.
const fingerprintIds = new Map<string, number>();
const bySchema = new WeakMap<object, string>();

/** A short id for everything outside a chunk that its HTML may depend on, for the schema and section ids of `set`. */
export function contextId(set: GuidelineSet, schemaKnown: boolean, sectionLabelIds: Set<string>): string {
  const schema = set.schema;
  let fp = schema ? bySchema.get(schema) : undefined;
  if (fp === undefined) {
    fp = JSON.stringify(
      schema
        ? [
            [...schema.labelsById].map(([id, l]) => [id, l.id, l.title, l.severity, l.deprecated ?? null, l.renamedFrom, l.parentId ?? null, l.questionId]),
            [...schema.questionsById].map(([id, q]) => [id, q.id, q.type, q.prompt ?? null]),
          ]
        : null,
    );
    if (schema) bySchema.set(schema, fp);
  }
  // Without a known schema, a label id links when the document has a section for it.
  const full = `${schemaKnown ? 1 : 0}${schemaKnown ? '' : JSON.stringify([...sectionLabelIds].sort())}${fp}`;
  let id = fingerprintIds.get(full);
  if (id === undefined) {
    if (fingerprintIds.size > 64) fingerprintIds.clear();
    id = fingerprintIds.size + 1;
    // An id reused after the clear above must not meet entries made under its old meaning.
    if (fingerprintIds.size === 0) {
      cache.clear();
      cachedChars = 0;
    }
    fingerprintIds.set(full, id);
  }
  return String(id);
}
