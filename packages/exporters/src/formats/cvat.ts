/**
 * CVAT project labels: the JSON list the project's Raw label editor shows and
 * the `labels` field of `POST /api/projects` takes (name, color, type,
 * attributes [{name, mutable, input_type, default_value, values}]).
 *
 * CVAT annotates images and video, with no text spans and no conditional
 * attributes, so:
 * - the classification questions become attributes of one `tag` label named
 *   after the set: single -> select (values = every label id of the tree,
 *   depth first, after CVAT's `__undefined__` "not answered" value),
 *   multi -> one checkbox per label (`question:label`), rating -> number
 *   ("min", "max", "1"), text -> text;
 * - each label of a span question becomes a `rectangle` label, drawn over the
 *   words in an image of the text;
 * - the tag label also carries `rubric_version` and `rubric_content_hash`
 *   text attributes whose defaults are the provenance, so every tag
 *   annotation records the guideline it was made under.
 * CVAT stores label and attribute names up to 64 characters and default
 * values up to 128; an export past a limit throws ExportError.
 */
import { ExportError, type ExportFile } from '../types.js';
import { walkOptions, type QuestionNode, type SetTree } from '../tree.js';
import { jsonFile, paletteColor } from './common.js';

/** CVAT UI's value for "no value chosen" in a select attribute (cvat-ui consts `UNDEFINED_ATTRIBUTE_VALUE`). */
export const CVAT_UNDEFINED = '__undefined__';

/** One attribute spec. */
export interface CvatAttribute {
  name: string;
  mutable: boolean;
  input_type: 'select' | 'radio' | 'checkbox' | 'number' | 'text';
  default_value: string;
  values: string[];
}

/** One label. */
export interface CvatLabel {
  name: string;
  color: string;
  type: 'tag' | 'rectangle';
  attributes: CvatAttribute[];
}

const MAX_NAME = 64;
const MAX_DEFAULT = 128;

function fail(path: string, message: string): never {
  throw new ExportError(`CVAT export: ${path}: ${message}`, [{ path, message }]);
}

function name(value: string, path: string): string {
  if (value.length > MAX_NAME) fail(path, `the name ${JSON.stringify(value)} has ${value.length} characters, CVAT accepts at most ${MAX_NAME}`);
  return value;
}

// A tag is a whole-item answer; `mutable` (changes across video frames) does not apply.
function attribute(attrName: string, input_type: CvatAttribute['input_type'], default_value: string, values: string[], path: string): CvatAttribute {
  if (default_value.length > MAX_DEFAULT) fail(path, `the default value has ${default_value.length} characters, CVAT accepts at most ${MAX_DEFAULT}`);
  return { name: name(attrName, path), mutable: false, input_type, default_value, values };
}

function attributesOf(q: QuestionNode): CvatAttribute[] {
  const where = `/questions/${q.id}`;
  const ids = walkOptions(q.options).map((w) => w.option.id);
  switch (q.type) {
    case 'single':
      return [attribute(q.id, 'select', CVAT_UNDEFINED, [CVAT_UNDEFINED, ...ids], where)];
    case 'multi':
      return ids.map((id) => attribute(`${q.id}:${id}`, 'checkbox', 'false', ['false'], `${where}/options/${id}`));
    case 'rating': {
      const min = q.min ?? 1;
      const max = q.max ?? 5;
      if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) fail(where, `rating ${min}..${max}: CVAT number attributes need integers with min <= max`);
      return [attribute(q.id, 'number', String(min), [String(min), String(max), '1'], where)];
    }
    case 'text':
      return [attribute(q.id, 'text', '', [''], where)];
    case 'span':
      return [];
  }
}

/** The CVAT labels of a set, as `cvat/labels.json`. */
export function cvatLabels(tree: SetTree): ExportFile[] {
  const { meta } = tree;
  const spanIds = tree.questions.filter((q) => q.type === 'span').flatMap((q) => walkOptions(q.options).map((w) => w.option.id));
  const count = 1 + spanIds.length;
  const tag: CvatLabel = {
    name: name(meta.setId, '/id'),
    color: paletteColor(0, count),
    type: 'tag',
    attributes: [
      ...tree.questions.flatMap(attributesOf),
      attribute('rubric_version', 'text', `${meta.setId}@${meta.version}`, [`${meta.setId}@${meta.version}`], '/version'),
      attribute('rubric_content_hash', 'text', `sha256:${meta.contentHash}`, [`sha256:${meta.contentHash}`], '/contentHash'),
    ],
  };
  const labels: CvatLabel[] = [tag, ...spanIds.map((id, i): CvatLabel => ({ name: name(id, `/labels/${id}`), color: paletteColor(i + 1, count), type: 'rectangle', attributes: [] }))];
  const labelNames = labels.map((l) => l.name);
  const dupLabel = labelNames.find((n, i) => labelNames.indexOf(n) !== i);
  if (dupLabel) fail(`/labels/${dupLabel}`, `two CVAT labels would be named ${JSON.stringify(dupLabel)} (the set id names the tag label)`);
  const attrNames = tag.attributes.map((a) => a.name);
  const dupAttr = attrNames.find((n, i) => attrNames.indexOf(n) !== i);
  if (dupAttr) fail(`/questions/${dupAttr}`, `two attributes of the tag label would be named ${JSON.stringify(dupAttr)}`);
  return [jsonFile('cvat/labels.json', labels)];
}
