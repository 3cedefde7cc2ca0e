/**
 * The export formats the registry serves for a version and links to in
 * deliveries. Filled from @rubric/exporters' EXPORT_FORMATS once that package
 * lands; until then the list is empty and deliveries carry no export links.
 */

/** Names of the export formats served at /v1/sets/{id}/versions/{v}/exports/{format}. */
export const SERVED_EXPORT_FORMATS: readonly string[] = [];

/** The export links of a version under `base` (the version's URL). */
export function exportLinks(base: string): Record<string, string> {
  return Object.fromEntries(SERVED_EXPORT_FORMATS.map((f) => [f, `${base}/exports/${f}`]));
}
