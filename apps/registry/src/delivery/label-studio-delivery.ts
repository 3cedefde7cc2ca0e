/**
 * Delivering one version of a guideline set to a Label Studio project, as a
 * labeling operations team needs it:
 *
 * 1. Find the project. Projects Rubric manages carry a marker in their
 *    description (see label-studio-project.ts) naming the owner (set and
 *    target) and the major version they hold, so a retried or repeated
 *    delivery finds the project it made. A target names either a project
 *    (`projectId`: a number) or lets Rubric create one per major version
 *    (`"create"`).
 * 2. Breaking versions. Label Studio's own settings page refuses a labeling
 *    config that drops labels annotations already use (its project API does
 *    not check labels, only controls, so Rubric asks the same strict check
 *    the settings page asks, `/api/projects/{id}/validate/`, before changing
 *    anything). With `breaking: "new-project"` (the default) each major
 *    version gets its own project, and the old one keeps its annotations.
 *    With `breaking: "fail"` the delivery fails at once with Label Studio's
 *    reason; the team migrates the annotations and delivers again.
 * 3. Update the project: title with set id and version, the labeling config,
 *    the rendered guideline as the labelers' instructions, and the marker
 *    with the delivery history. A config changed by hand in Label Studio since
 *    Rubric delivered it is replaced (the strict check still protects the
 *    annotations), and the delivery says so.
 * 4. Import the gold tasks (the guideline's examples with their ground truth)
 *    that the project does not hold yet: each carries a fingerprint of its
 *    text and answers in the task's `meta`, so unchanged examples are not
 *    imported twice and changed ones are imported anew.
 *
 * Every step may be repeated: delivering the same version again changes
 * nothing, and an older version delivered late (it waited for Label Studio
 * while a newer one got through) leaves the project as it is. Failures are LabelStudioErrors (transient or not) or
 * LabelStudioDeliveryRefused (a reason Rubric found itself).
 */
import { createHash } from 'node:crypto';
import { compareSemver } from '@rubric/core';
import type { LabelStudioGoldTask } from '@rubric/exporters';
import { LabelStudioError, type LabelStudioClient, type LabelStudioProject } from './label-studio-client.js';
import { configProvenance, majorOf, projectTitle, readMarker, withDelivered, writeMarker, type ProjectMarker } from './label-studio-project.js';

/** What to do with a major version whose config the project cannot take. */
export type BreakingPolicy = 'new-project' | 'fail';
export const BREAKING_POLICIES: readonly BreakingPolicy[] = ['new-project', 'fail'];

/** One version to deliver. */
export interface LabelStudioDelivery {
  client: LabelStudioClient;
  setId: string;
  /** The delivery target's id (`cli` for the command line); with the set id, it names the projects Rubric manages. */
  targetId: string;
  version: string;
  contentHash: string;
  /** The set's title (from its frontmatter). */
  title: string;
  /** A project id, or "create": a project per major version. */
  projectId: number | 'create';
  breaking: BreakingPolicy;
  labelConfig: string;
  /** The rendered guideline (sanitized HTML). */
  instructions: string;
  goldTasks: LabelStudioGoldTask[];
  /** The labeling config Rubric delivered for an earlier version, when known (to notice a config changed by hand). */
  deliveredConfig?: (version: string) => Promise<string | undefined> | string | undefined;
  /** Stops before a step when this time (ms) is passed: a sender whose lease ends must not keep going. */
  deadline?: number;
  now?: () => Date;
}

/** What a delivery did. */
export interface LabelStudioDeliveryResult {
  projectId: number;
  projectUrl: string;
  /** The project was created by this delivery. */
  created: boolean;
  /** The labeling config was changed (false when it already was this version's). */
  configChanged: boolean;
  /** The version the project held before, when Rubric had delivered one. */
  previousVersion?: string;
  gold: { imported: number; present: number; outdated: number };
  /** Things the team should know (a config changed by hand that was replaced, ...). */
  notes: string[];
}

/** A delivery Rubric itself refuses to make (the project belongs to another set, ...): retrying cannot help. */
export class LabelStudioDeliveryRefused extends Error {
  override readonly name = 'LabelStudioDeliveryRefused';
}

/** The deadline passed between two steps: try again later (every step so far may be repeated). */
export class LabelStudioDeliveryInterrupted extends Error {
  override readonly name = 'LabelStudioDeliveryInterrupted';
}

/**
 * The gold fingerprint of a task: its example id, text and ground truth (not
 * the version it came with), so an example unchanged across versions is one
 * gold task and a changed example is a new one.
 */
export function goldFingerprint(task: LabelStudioGoldTask): string {
  const { rubric, ...data } = task.data as { rubric?: { example?: unknown } };
  const result = task.annotations.flatMap((a) => a.result.map((r) => JSON.stringify({ from_name: r.from_name, to_name: r.to_name, type: r.type, value: r.value }))).sort();
  return createHash('sha256').update(JSON.stringify([rubric?.example ?? null, data, result])).digest('hex').slice(0, 32);
}

/** The meta Rubric keeps on a gold task it imported. */
interface GoldMeta {
  target: string;
  example: string;
  gold: string;
  version: string;
}

function goldMetaOf(meta: unknown): GoldMeta | undefined {
  const rubric = (meta as { rubric?: unknown } | null | undefined)?.rubric;
  if (typeof rubric !== 'object' || rubric === null) return undefined;
  const m = rubric as Record<string, unknown>;
  return typeof m.target === 'string' && typeof m.gold === 'string' && typeof m.example === 'string' ? { target: m.target, example: m.example, gold: m.gold, version: String(m.version ?? '') } : undefined;
}

/** Label Studio trims the whitespace around the text fields it stores (the config's last newline goes): compare without it. */
function same(stored: string | null | undefined, sent: string): boolean {
  return (stored ?? '').trim() === sent.trim();
}

/** Delivers one version; see the module comment for the steps. */
export async function deliverToLabelStudio(d: LabelStudioDelivery): Promise<LabelStudioDeliveryResult> {
  const now = d.now ?? (() => new Date());
  const owner = `${d.setId}/${d.targetId}`;
  const major = majorOf(d.version);
  const where = `${d.setId}@${d.version}`;
  const notes: string[] = [];
  const step = (what: string): void => {
    if (d.deadline !== undefined && Date.now() > d.deadline) throw new LabelStudioDeliveryInterrupted(`stopped before ${what}: the delivery ran out of its lease (it continues at the next attempt)`);
  };

  // 1. The project of this major version, if Rubric made or took one already.
  step('looking for the project');
  const ours = (await d.client.listProjects()).map((p) => ({ project: p, marker: readMarker(p.description) })).filter((p) => p.marker?.owner === owner);
  let project: LabelStudioProject | undefined = ours.find((p) => p.marker!.major === major)?.project;
  let marker: ProjectMarker | undefined = project ? readMarker(project.description) : undefined;

  if (typeof d.projectId === 'number') {
    let configured: LabelStudioProject;
    try {
      configured = await d.client.getProject(d.projectId);
    } catch (error) {
      if (error instanceof LabelStudioError && error.kind === 'not-found') {
        throw new LabelStudioError(`Label Studio has no project ${d.projectId} at ${d.client.url} (deleted, or not visible to this token's user): point the target at an existing project, or at "create"`, 'not-found', error.status);
      }
      throw error;
    }
    const configuredMarker = readMarker(configured.description);
    if (configuredMarker && configuredMarker.owner !== owner) {
      throw new LabelStudioDeliveryRefused(`Label Studio project ${d.projectId} is managed by Rubric for ${configuredMarker.owner}, not ${owner}: give each set and target its own project`);
    }
    // The configured project holds the major version it got first; with "fail", it holds every version.
    if (d.breaking === 'fail' || !configuredMarker || configuredMarker.major === major) {
      project = configured;
      marker = configuredMarker;
    }
  }

  let created = false;
  if (!project) {
    step('creating the project');
    const history = withDelivered([], d.version, now().toISOString());
    marker = { owner, major, history };
    project = await d.client.createProject({
      title: projectTitle(d.setId, d.version, d.title),
      description: writeMarker('', marker),
      label_config: d.labelConfig,
      expert_instruction: d.instructions,
      show_instruction: true,
    });
    created = true;
  }

  // A late attempt of an older version (it waited for Label Studio while a newer one got through) never takes the project back.
  const newer = (marker?.history ?? []).map((h) => h.version).filter((v) => (compareSemver(v, d.version) ?? 0) > 0);
  if (!created && newer.length) {
    const newest = newer.sort((a, b) => compareSemver(b, a) ?? 0)[0]!;
    return { projectId: project.id, projectUrl: d.client.projectUrl(project.id), created: false, configChanged: false, previousVersion: newest, gold: { imported: 0, present: 0, outdated: 0 }, notes: [`project ${project.id} holds ${d.setId}@${newest} already, newer than ${d.version}: left as it is`] };
  }

  // 2. and 3. Change the project to this version (nothing to do when a repeated delivery finds it done).
  const previous = configProvenance(project.label_config);
  const previousVersion = marker?.history.length ? marker.history[marker.history.length - 1]!.version : undefined;
  const alreadyThis = previous?.setId === d.setId && previous.version === d.version && previous.contentHash === d.contentHash && same(project.label_config, d.labelConfig);
  let configChanged = created;
  if (!created) {
    if (previous && previous.setId === d.setId && previous.version !== d.version && d.deliveredConfig) {
      const delivered = await d.deliveredConfig(previous.version);
      if (delivered !== undefined && !same(delivered, project.label_config)) notes.push(`the labeling config had been changed by hand in Label Studio since ${d.setId}@${previous.version} was delivered; it was replaced by ${d.version}`);
    } else if (!previous && marker?.history.length) {
      notes.push(`the labeling config had been replaced by hand in Label Studio (it no longer names a Rubric version); it was replaced by ${d.version}`);
    } else if (!previous && (project.task_number ?? 0) > 0) {
      notes.push(`the project's own labeling config (not made by Rubric) was replaced by ${d.version}; Label Studio checked it against the annotations already made`);
    } else if (previous && previous.setId !== d.setId) {
      throw new LabelStudioDeliveryRefused(`Label Studio project ${project.id} holds the labeling config of guideline set ${previous.setId}, not ${d.setId}: give each set its own project`);
    }
    if (!alreadyThis) {
      step('checking the config against the annotations');
      try {
        await d.client.validateConfig(project.id, d.labelConfig);
      } catch (error) {
        if (error instanceof LabelStudioError && error.kind === 'refused') {
          const how =
            d.breaking === 'fail'
              ? `The target's breaking policy is "fail": migrate those annotations in Label Studio and publish again, or set "breaking": "new-project" to give each major version its own project`
              : `Each major version gets its own project, and ${where} is not a new major version for project ${project.id}: publish the change as a major version, or keep what those annotations use`;
          throw new LabelStudioError(`Label Studio refuses the labeling config of ${where} for project ${project.id}: ${error.message.replace(/^Label Studio answered [^:]*: /, '')}. Nothing was changed. ${how}.`, 'refused', error.status);
        }
        throw error;
      }
      configChanged = true;
    }
    step('updating the project');
    const history = withDelivered(marker?.history ?? [], d.version, now().toISOString());
    const description = writeMarker(project.description, { owner, major, history });
    const fields: Record<string, unknown> = {
      title: projectTitle(d.setId, d.version, d.title),
      label_config: d.labelConfig,
      expert_instruction: d.instructions,
      show_instruction: true,
      description,
    };
    const unchanged = alreadyThis && same(project.description, description) && same(project.expert_instruction, d.instructions) && project.show_instruction === true && project.title === fields.title;
    if (!unchanged) {
      try {
        project = await d.client.updateProject(project.id, fields);
      } catch (error) {
        if (error instanceof LabelStudioError && error.kind === 'refused') throw new LabelStudioError(`Label Studio refuses the project update of ${where} for project ${project.id}: ${error.message.replace(/^Label Studio answered [^:]*: /, '')}; nothing was changed`, 'refused', error.status);
        throw error;
      }
    }
  }

  // 4. Gold tasks the project does not hold yet.
  step('listing the gold tasks');
  const tasks = await d.client.listTasks(project.id);
  const present = new Set<string>();
  const examplesHere = new Map<string, Set<string>>();
  for (const t of tasks) {
    const meta = goldMetaOf(t.meta);
    if (!meta || meta.target !== owner) continue;
    present.add(meta.gold);
    (examplesHere.get(meta.example) ?? examplesHere.set(meta.example, new Set()).get(meta.example)!).add(meta.gold);
  }
  const wanted = d.goldTasks.map((task) => {
    const example = String((task.data.rubric as { example?: unknown } | undefined)?.example ?? '');
    const gold = goldFingerprint(task);
    return { task, example, gold };
  });
  const missing = wanted.filter((w) => !present.has(w.gold));
  const current = new Set(wanted.map((w) => w.gold));
  let outdated = 0;
  for (const golds of examplesHere.values()) for (const g of golds) if (!current.has(g)) outdated++;
  let repaired = 0;
  if (missing.length) {
    step('importing the gold tasks');
    const report = await d.client.importTasks(
      project.id,
      missing.map(({ task, example, gold }) => ({ ...task, meta: { rubric: { target: owner, example, gold, version: d.version } } })),
    );
    if (report.task_count !== missing.length) notes.push(`Label Studio imported ${report.task_count} of ${missing.length} gold tasks`);
    // Each new gold task must hold its ground truth: add what Label Studio did not keep.
    step('checking the ground truth of the gold tasks');
    const imported = await d.client.exportTasks(project.id, report.task_ids ?? []);
    const byGold = new Map(missing.map((m) => [m.gold, m]));
    for (const t of imported) {
      const m = byGold.get(goldMetaOf(t.meta)?.gold ?? '');
      if (!m || (t.annotations ?? []).some((a) => a.ground_truth)) continue;
      for (const truth of m.task.annotations) await d.client.createAnnotation(t.id, { result: truth.result, ground_truth: true, was_cancelled: false });
      repaired++;
    }
    if (repaired) notes.push(`Label Studio imported ${repaired} gold task${repaired === 1 ? '' : 's'} without the ground truth; it was added to ${repaired === 1 ? 'it' : 'them'}`);
  }
  if (outdated) notes.push(`${outdated} gold task${outdated === 1 ? '' : 's'} of earlier versions no longer match an example of ${d.version} (their examples changed or were removed)`);

  return {
    projectId: project.id,
    projectUrl: d.client.projectUrl(project.id),
    created,
    configChanged,
    ...(previousVersion && previousVersion !== d.version ? { previousVersion } : {}),
    gold: { imported: missing.length, present: wanted.length - missing.length, outdated },
    notes,
  };
}
