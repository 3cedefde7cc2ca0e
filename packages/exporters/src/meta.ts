/** The identity every export embeds: set id, version and content hash. */
import { contentHash, setFiles, type GuidelineSet } from '@rubric/core';
import { ExportError, type ExportMeta } from './types.js';

/** The export meta of a loaded set: its schema's id and version, and the content hash of its files as a bundle has it. */
export function exportMetaOf(set: GuidelineSet): ExportMeta {
  const schema = set.schema;
  const files = setFiles(set);
  if (!files || !schema?.id || !schema.version) throw new ExportError(`${set.schemaPath}: the set has no readable schema with an id and a version; fix the findings of \`rubric lint\` first`);
  return { setId: schema.id, version: schema.version, contentHash: contentHash(files) };
}
