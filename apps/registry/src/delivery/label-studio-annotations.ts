/**
 * Annotations back from a Label Studio project: the project's JSON export
 * read into Rubric's neutral annotation records, each of the exact version it
 * was made under, with the annotator, and checked by the same validator as
 * `annotations:validate`.
 *
 * Which version: the version whose labeling config the project held when the
 * annotation was last changed, from the delivery history Rubric keeps in the
 * project's description (see label-studio-project.ts). A project without that
 * history (a config exported by hand) counts as the version its config's
 * provenance comment names. An annotation older than the first delivery
 * (made before Rubric managed the project) counts as the first version
 * delivered, and says so (`labelStudio.beforeRubric`).
 *
 * Skipped annotations (`was_cancelled`) are left out; so are ground-truth
 * annotations unless asked for (the gold answers are the guideline's own
 * examples, not a labeler's work).
 */
import { LS_TEXT_FIELD } from '@rubric/exporters';
import type { GuidelineSet } from '@rubric/core';
import type { AnnotationError, AnnotationValidator } from '../annotations.js';
import type { LabelStudioAnnotation, LabelStudioClient, LabelStudioExportedTask, LabelStudioUser } from './label-studio-client.js';
import { configProvenance, readMarker, versionAt, type DeliveredVersion } from './label-studio-project.js';

/** Where a record came from in Label Studio. */
export interface LabelStudioOrigin {
  project: number;
  task: number;
  annotation: number;
  createdAt?: string;
  updatedAt?: string;
  /** Seconds the annotator spent, as Label Studio measured it. */
  leadTime?: number;
  groundTruth?: true;
  /** Made before Rubric delivered its first version to the project. */
  beforeRubric?: true;
}

/** One annotation as a neutral record. */
export interface PulledRecord {
  set: string;
  version: string;
  contentHash?: string;
  item: { id: string; text: string };
  answers: Record<string, unknown>;
  /** The annotator's email, else `label-studio-user-<id>`. */
  annotator: string;
  labelStudio: LabelStudioOrigin;
}

/** One pulled annotation: the record, and what the validator found (empty: valid). */
export interface PulledAnnotation {
  record: PulledRecord;
  errors: AnnotationError[];
}

/** A loaded version of a set and its content hash. */
export interface LoadedGuideline {
  set: GuidelineSet;
  contentHash: string;
}

/** What a pull needs. */
export interface PullOptions {
  client: LabelStudioClient;
  projectId: number;
  /** A version of the project's set, loaded, with its content hash; undefined when that version is not available. */
  loadVersion: (setId: string, version: string) => Promise<LoadedGuideline | undefined> | LoadedGuideline | undefined;
  validator: Required<AnnotationValidator>;
  /** Keep ground-truth annotations too. */
  includeGroundTruth?: boolean;
}

/** What a pull found besides the records. */
export interface PullSummary {
  setId: string;
  projectId: number;
  tasks: number;
  annotations: number;
  records: number;
  invalid: number;
  skipped: { cancelled: number; groundTruth: number };
  versions: Record<string, number>;
  history: DeliveredVersion[];
}

/** The project's set and version history, from Rubric's marker or the config's provenance. */
export function projectHistory(project: { id: number; description?: string | null; label_config: string }): { setId: string; history: DeliveredVersion[] } {
  const marker = readMarker(project.description);
  const provenance = configProvenance(project.label_config);
  if (marker && marker.history.length) return { setId: marker.owner.split('/')[0]!, history: marker.history };
  if (provenance) return { setId: provenance.setId, history: [{ version: provenance.version, at: '1970-01-01T00:00:00.000Z' }] };
  throw new Error(`Label Studio project ${project.id} holds no Rubric guideline: its description has no delivery history and its labeling config names no Rubric version (deliver a version to it first)`);
}

function annotatorOf(annotation: LabelStudioAnnotation, users: Map<number, LabelStudioUser>): string {
  const by = annotation.completed_by;
  const id = typeof by === 'number' ? by : typeof by === 'object' && by !== null ? by.id : undefined;
  const email = typeof by === 'object' && by !== null && by.email ? by.email : id !== undefined ? users.get(id)?.email : undefined;
  return email || (id !== undefined ? `label-studio-user-${id}` : 'label-studio-user-unknown');
}

/** The item of a task: its example id for a gold task (as in the gold export), else the Label Studio task id. */
function itemOf(task: LabelStudioExportedTask): { id: string; text: string } {
  const rubric = task.data.rubric as { example?: unknown } | undefined;
  const text = task.data[LS_TEXT_FIELD];
  return { id: typeof rubric?.example === 'string' ? rubric.example : `label-studio-task-${task.id}`, text: typeof text === 'string' ? text : '' };
}

/**
 * Reads a project's annotations into neutral records, validated. Returns the
 * records in export order (tasks, then their annotations) and a summary.
 */
export async function pullAnnotations(options: PullOptions): Promise<{ annotations: PulledAnnotation[]; summary: PullSummary }> {
  const { client, projectId, validator } = options;
  const project = await client.getProject(projectId);
  const { setId, history } = projectHistory(project);
  const [tasks, users] = await Promise.all([client.exportTasks(projectId), client.listUsers()]);
  const byId = new Map(users.map((u) => [u.id, u]));
  const sets = new Map<string, LoadedGuideline | undefined>();
  const summary: PullSummary = { setId, projectId, tasks: tasks.length, annotations: 0, records: 0, invalid: 0, skipped: { cancelled: 0, groundTruth: 0 }, versions: {}, history };
  const out: PulledAnnotation[] = [];
  for (const task of tasks) {
    for (const annotation of task.annotations ?? []) {
      summary.annotations++;
      if (annotation.was_cancelled) {
        summary.skipped.cancelled++;
        continue;
      }
      if (annotation.ground_truth && !options.includeGroundTruth) {
        summary.skipped.groundTruth++;
        continue;
      }
      const at = versionAt(history, annotation.updated_at ?? annotation.created_at)!;
      if (!sets.has(at.version)) sets.set(at.version, await options.loadVersion(setId, at.version));
      const loaded = sets.get(at.version);
      const origin: LabelStudioOrigin = {
        project: projectId,
        task: task.id,
        annotation: annotation.id,
        ...(annotation.created_at ? { createdAt: annotation.created_at } : {}),
        ...(annotation.updated_at ? { updatedAt: annotation.updated_at } : {}),
        ...(typeof annotation.lead_time === 'number' ? { leadTime: annotation.lead_time } : {}),
        ...(annotation.ground_truth ? { groundTruth: true as const } : {}),
        ...(at.before ? { beforeRubric: true as const } : {}),
      };
      const converted = loaded ? validator.fromLabelStudio(loaded.set, annotation.result) : undefined;
      const record: PulledRecord = {
        set: setId,
        version: at.version,
        ...(loaded ? { contentHash: loaded.contentHash } : {}),
        item: itemOf(task),
        answers: converted?.answers ?? {},
        annotator: annotatorOf(annotation, byId),
        labelStudio: origin,
      };
      const errors: AnnotationError[] =
        loaded && converted
          ? [...(converted.errors ?? []).map((e) => ({ path: `/labelStudio/result${e.path}`, message: e.message })), ...validator.validate(loaded.set, record)]
          : [{ path: '/version', message: `Unexpected version ${at.version} of ${setId}, expected a version this reader has (the annotation was made under it; publish it or pass its set folder)` }];
      summary.records++;
      if (errors.length) summary.invalid++;
      summary.versions[at.version] = (summary.versions[at.version] ?? 0) + 1;
      out.push({ record, errors });
    }
  }
  return { annotations: out, summary };
}
