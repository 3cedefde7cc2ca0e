/**
 * Label Studio's JSON export (an array of tasks, each with `annotations[]`
 * holding `completed_by` and `result`) as neutral annotation records: one
 * record per annotation, its answers read by @rubric/exporters'
 * fromLabelStudioResult, its annotator the `completed_by` user (an email
 * when the export carries the user object, else the user id).
 *
 * The item is the task: its id is the gold example id when the task came
 * from Rubric's gold export (`data.rubric.example`), else the task id; its
 * text is `data.text`. Cancelled (skipped) annotations and ground-truth
 * annotations are not an annotator's work and are skipped, and counted.
 */
import { isRecord, type GuidelineSet } from '@rubric/core';
import { fromLabelStudioResult, LS_TEXT_FIELD, type AnnotationRecord } from '@rubric/exporters';

/** One record read from a task, or why an annotation could not be read (paths are JSON pointers into the task). */
export type LabelStudioRecord = { record: AnnotationRecord; path: string } | { errors: { path: string; message: string }[]; path: string };

/** What a task came to. */
export interface LabelStudioTaskRecords {
  records: LabelStudioRecord[];
  /** Cancelled and ground-truth annotations left out. */
  skipped: number;
}

/** Whether a parsed value is in Label Studio's form: a task with `annotations`, or one annotation with `result`. */
export function isLabelStudioValue(value: unknown): boolean {
  return isRecord(value) && (Array.isArray(value.annotations) || (Array.isArray(value.result) && 'completed_by' in value));
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** The annotator named by `completed_by`: the user's email, else their id; undefined when neither is there. */
export function labelStudioAnnotator(completedBy: unknown): string | undefined {
  if (typeof completedBy === 'number' && Number.isFinite(completedBy)) return String(completedBy);
  if (typeof completedBy === 'string' && completedBy !== '') return completedBy;
  if (isRecord(completedBy)) {
    if (typeof completedBy.email === 'string' && completedBy.email !== '') return completedBy.email;
    return labelStudioAnnotator(completedBy.id);
  }
  return undefined;
}

/** The item a task is about: the gold example id or the task id, and the text. */
function taskItem(task: Record<string, unknown>): { id?: string | number; text?: string } {
  const data = isRecord(task.data) ? task.data : {};
  const rubric = isRecord(data.rubric) ? data.rubric : {};
  const id = typeof rubric.example === 'string' ? rubric.example : typeof task.id === 'number' || typeof task.id === 'string' ? task.id : undefined;
  const text = data[LS_TEXT_FIELD];
  return { ...(id !== undefined ? { id } : {}), ...(typeof text === 'string' ? { text } : {}) };
}

/** One annotation of a task as a record. */
function annotationRecord(set: GuidelineSet, annotation: Record<string, unknown>, item: { id?: string | number; text?: string }, path: string): LabelStudioRecord {
  const errors: { path: string; message: string }[] = [];
  const annotator = labelStudioAnnotator(annotation.completed_by);
  if (annotator === undefined) errors.push({ path: `${path}/completed_by`, message: `Unexpected ${describe(annotation.completed_by)}, expected the user id or an object with the user's email` });
  if (!Array.isArray(annotation.result)) {
    errors.push({ path: `${path}/result`, message: `Unexpected ${describe(annotation.result)}, expected a Label Studio result array` });
    return { errors, path };
  }
  const converted = fromLabelStudioResult(set, annotation.result);
  for (const e of converted.errors) errors.push({ path: `${path}/result${e.path}`, message: e.message });
  if (errors.length) return { errors, path };
  return { record: { item, ...(annotator !== undefined ? { annotator } : {}), answers: converted.answers }, path };
}

/** The records of one Label Studio task (or of one annotation object with `result`, `completed_by` and `task`). */
export function labelStudioRecords(set: GuidelineSet, value: unknown): LabelStudioTaskRecords {
  if (!isRecord(value)) return { records: [{ errors: [{ path: '', message: `Unexpected ${describe(value)}, expected a Label Studio task` }], path: '' }], skipped: 0 };
  const skip = (a: Record<string, unknown>): boolean => a.was_cancelled === true || a.ground_truth === true;
  if (!Array.isArray(value.annotations)) {
    // One annotation, as the annotations API returns it: the task is its `task` id.
    if (skip(value)) return { records: [], skipped: 1 };
    const task = value.task;
    const item = typeof task === 'number' || typeof task === 'string' ? { id: task } : {};
    return { records: [annotationRecord(set, value, item, '')], skipped: 0 };
  }
  const item = taskItem(value);
  const records: LabelStudioRecord[] = [];
  let skipped = 0;
  value.annotations.forEach((annotation, i) => {
    const path = `/annotations/${i}`;
    if (!isRecord(annotation)) return records.push({ errors: [{ path, message: `Unexpected ${describe(annotation)}, expected an annotation object with completed_by and result` }], path });
    if (skip(annotation)) return skipped++;
    records.push(annotationRecord(set, annotation, item, path));
  });
  return { records, skipped };
}
