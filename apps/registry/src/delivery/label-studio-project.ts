/**
 * What Rubric writes into a Label Studio project so that the project itself
 * says which guideline it holds: a marker line in the description naming the
 * owner (set and delivery target) and the major version the project is for,
 * and the history of versions delivered to it with the time each became the
 * labeling config. The registry and the `rubric label-studio` command both
 * read it back: to find the project of a major version again (a retried
 * delivery never creates a second one), and to tell which version an
 * annotation was made under.
 *
 * Example description:
 *
 *   Managed by Rubric: guideline set hate-speech, major version 2 (target studio). Change the guideline and publish a new version rather than editing the labeling interface here.
 *   rubric:target=hate-speech/studio rubric:major=2
 *   rubric:delivered=2.0.0@2026-03-02T10:00:00.000Z 2.1.0@2026-04-11T08:30:00.000Z
 */

/** One delivered version and when it became the project's labeling config. */
export interface DeliveredVersion {
  version: string;
  at: string;
}

/** What a project's description says about Rubric. */
export interface ProjectMarker {
  /** `<set id>/<target id>`: who manages the project. */
  owner: string;
  major: number;
  history: DeliveredVersion[];
}

const MANAGED = /^Managed by Rubric: .*$/;
const TARGET = /^rubric:target=(\S+) rubric:major=(\d+)\s*$/;
const DELIVERED = /^rubric:delivered=(.*)$/;
const ENTRY = /^(\S+)@(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z)$/;

/** The marker of a project description, undefined when Rubric does not manage it. */
export function readMarker(description: string | null | undefined): ProjectMarker | undefined {
  let owner: string | undefined;
  let major = NaN;
  let history: DeliveredVersion[] = [];
  for (const line of (description ?? '').split(/\r?\n/)) {
    const target = TARGET.exec(line.trim());
    if (target) {
      owner = target[1];
      major = Number(target[2]);
      continue;
    }
    const delivered = DELIVERED.exec(line.trim());
    if (delivered) {
      history = (delivered[1] ?? '')
        .split(/\s+/)
        .map((e) => ENTRY.exec(e))
        .filter((m): m is RegExpExecArray => m !== null)
        .map((m) => ({ version: m[1]!, at: m[2]! }));
    }
  }
  return owner !== undefined && Number.isSafeInteger(major) ? { owner, major, history } : undefined;
}

/** The description with Rubric's lines replaced by `marker` (other lines, a team's own text, are kept above). */
export function writeMarker(description: string | null | undefined, marker: ProjectMarker): string {
  const own = (description ?? '')
    .split(/\r?\n/)
    .filter((line) => !MANAGED.test(line.trim()) && !TARGET.test(line.trim()) && !DELIVERED.test(line.trim()))
    .join('\n')
    .trimEnd();
  const [setId, targetId] = marker.owner.split('/');
  const lines = [
    `Managed by Rubric: guideline set ${setId}, major version ${marker.major} (target ${targetId}). Change the guideline and publish a new version rather than editing the labeling interface here.`,
    `rubric:target=${marker.owner} rubric:major=${marker.major}`,
    `rubric:delivered=${marker.history.map((h) => `${h.version}@${h.at}`).join(' ')}`,
  ];
  return own ? `${own}\n\n${lines.join('\n')}` : lines.join('\n');
}

/** The history with `version` added at `at`, unless it is there already (a retried delivery keeps the first time). */
export function withDelivered(history: DeliveredVersion[], version: string, at: string): DeliveredVersion[] {
  return history.some((h) => h.version === version) ? history : [...history, { version, at }];
}

/**
 * The version whose config was the project's labeling config at `at`: the
 * last one delivered at or before it. An annotation older than the first
 * delivery (made before Rubric managed the project) gets the first version
 * and `before: true`.
 */
export function versionAt(history: DeliveredVersion[], at: string | undefined): { version: string; before: boolean } | undefined {
  if (!history.length) return undefined;
  const sorted = [...history].sort((a, b) => a.at.localeCompare(b.at));
  const time = at ? Date.parse(at) : NaN;
  if (Number.isNaN(time)) return { version: sorted[sorted.length - 1]!.version, before: false };
  let found: DeliveredVersion | undefined;
  for (const h of sorted) if (Date.parse(h.at) <= time) found = h;
  return found ? { version: found.version, before: false } : { version: sorted[0]!.version, before: true };
}

/** What the provenance comment of a Rubric labeling config names. */
export interface ConfigProvenance {
  setId: string;
  version: string;
  contentHash: string;
}

/** The set, version and content hash a labeling config's Rubric comment names (undefined when it has none). */
export function configProvenance(labelConfig: string): ConfigProvenance | undefined {
  const m = /rubric:set=(\S+) rubric:version=(\S+) rubric:contentHash=([0-9a-f]{64})/.exec(labelConfig);
  return m ? { setId: m[1]!, version: m[2]!, contentHash: m[3]! } : undefined;
}

/** Label Studio's limits on a project title. */
export const TITLE_MAX = 50;

/** The project title: set id and version first (they identify it), then as much of the set's title as fits. */
export function projectTitle(setId: string, version: string, title: string): string {
  const head = `${setId} ${version}`;
  if (head.length >= TITLE_MAX) return `${head.slice(0, TITLE_MAX - 1)}…`;
  const rest = title.trim() && title.trim() !== setId ? `: ${title.trim()}` : '';
  const full = `${head}${rest}`;
  return full.length <= TITLE_MAX ? full : `${full.slice(0, TITLE_MAX - 1)}…`;
}

/** The major version of a semantic version. */
export function majorOf(version: string): number {
  return Number(/^(\d+)\./.exec(version)?.[1] ?? NaN);
}
