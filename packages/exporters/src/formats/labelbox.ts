/**
 * Labelbox ontology. The `normalized` part is what labelbox-python's
 * `OntologyBuilder.asdict()` produces and `client.create_ontology(name,
 * normalized, media_type)` takes; around it sit the ontology's `name`,
 * `description` (provenance and notes) and `mediaType`, as Labelbox's
 * `Ontology` object has them.
 *
 * single -> radio, multi -> checklist, rating -> radio (Likert) with options
 * "min".."max", text -> text, span -> one named-entity tool per label. Option
 * trees nest: an option with children carries a sub-classification of the
 * same kind. A `when` question nests under each answer option of its
 * trigger when Labelbox can show it exactly then (see `nestable`); otherwise
 * it stays at the top and the ontology description says when to answer it.
 */
import { ExportError, type ExportFile } from '../types.js';
import { provenance, walkOptions, type OptionNode, type QuestionNode, type SetTree } from '../tree.js';
import { displayTitle, jsonFile, paletteColor } from './common.js';

/** A classification as `Classification.asdict()` writes it. */
export interface LabelboxClassification {
  type: 'radio' | 'checklist' | 'text';
  instructions: string;
  name: string;
  required: boolean;
  options: LabelboxOption[];
  schemaNodeId: null;
  featureSchemaId: null;
  attributes: null;
  isLikertScale?: boolean;
  /** Only on top-level classifications. */
  scope?: 'global';
}

/** An option as `Option.asdict()` writes it. */
export interface LabelboxOption {
  schemaNodeId: null;
  featureSchemaId: null;
  label: string;
  value: string;
  options: LabelboxClassification[];
  position: number;
}

/** A tool as `Tool.asdict()` writes it. */
export interface LabelboxTool {
  tool: 'named-entity';
  name: string;
  required: boolean;
  color: string;
  classifications: LabelboxClassification[];
  schemaNodeId: null;
  featureSchemaId: null;
  attributes: null;
}

/** The exported file's content. */
export interface LabelboxOntologyFile {
  name: string;
  description: string;
  mediaType: 'TEXT';
  normalized: { tools: LabelboxTool[]; classifications: LabelboxClassification[] };
}

const EMPTY_IDS = { schemaNodeId: null, featureSchemaId: null } as const;

function classification(type: LabelboxClassification['type'], name: string, instructions: string, required: boolean, options: LabelboxOption[]): LabelboxClassification {
  return { type, instructions, name, required, options, ...EMPTY_IDS, attributes: null };
}

/** The options of a single/multi tree; an option with children gets a sub-classification named by its id. */
function optionTree(kind: 'radio' | 'checklist', nodes: OptionNode[], byId: Map<string, LabelboxOption>): LabelboxOption[] {
  return nodes.map((node, position) => {
    const option: LabelboxOption = { ...EMPTY_IDS, label: displayTitle(node), value: node.id, options: [], position };
    byId.set(node.id, option);
    // Picking the parent alone stays a valid answer, so the finer level is never required.
    if (node.children.length) option.options.push(classification(kind, node.id, displayTitle(node), false, optionTree(kind, node.children, byId)));
    return option;
  });
}

function ratingOptions(q: QuestionNode): LabelboxOption[] {
  const min = q.min ?? 1;
  const max = q.max ?? 5;
  if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
    throw new ExportError(`Labelbox export: question ${q.id} has rating bounds ${min}..${max}, expected integers with min <= max`, [{ path: `/questions/${q.id}`, message: 'rating bounds' }]);
  }
  const out: LabelboxOption[] = [];
  for (let n = min; n <= max; n++) out.push({ ...EMPTY_IDS, label: String(n), value: String(n), options: [], position: n - min });
  return out;
}

/**
 * Whether `q` can nest under its trigger's answer options and be shown
 * exactly when Rubric asks it: the trigger comes earlier (so nesting can't
 * loop), has options, and is a radio (one answer), or a checklist with a
 * single answer option (more would ask `q` once per ticked option). Tools
 * can't nest under options, so span questions never do.
 */
function nestable(q: QuestionNode, trigger: QuestionNode | undefined, index: Map<string, number>): trigger is QuestionNode {
  if (!q.when || !trigger || q.type === 'span') return false;
  if ((index.get(trigger.id) ?? Infinity) >= (index.get(q.id) ?? -1)) return false;
  if (trigger.type === 'single') return true;
  return trigger.type === 'multi' && q.when.answers.length === 1;
}

function whenNote(q: QuestionNode): string {
  return `answer only when ${q.when!.questionId} is ${q.when!.answers.join(' or ')} (or a label below one of them)`;
}

function checkUniqueNames(names: string[], where: string): void {
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw new ExportError(`Labelbox export: two features named ${JSON.stringify(n)} under ${where}; Labelbox needs unique names among siblings`, [{ path: where, message: `duplicate name ${n}` }]);
    seen.add(n);
  }
}

/** The Labelbox ontology of a set, as `labelbox/ontology.json`. */
export function labelboxOntology(tree: SetTree): ExportFile[] {
  const index = new Map(tree.questions.map((q, i) => [q.id, i]));
  const optionsByQuestion = new Map<string, Map<string, LabelboxOption>>();
  const built = new Map<string, LabelboxClassification>();
  const spanLabels: { option: OptionNode; question: QuestionNode }[] = [];

  for (const q of tree.questions) {
    const byId = new Map<string, LabelboxOption>();
    optionsByQuestion.set(q.id, byId);
    if (q.type === 'single') built.set(q.id, classification('radio', q.id, q.prompt, q.required, optionTree('radio', q.options, byId)));
    else if (q.type === 'multi') built.set(q.id, classification('checklist', q.id, q.prompt, q.required, optionTree('checklist', q.options, byId)));
    else if (q.type === 'text') built.set(q.id, classification('text', q.id, q.prompt, q.required, []));
    else if (q.type === 'rating') built.set(q.id, { ...classification('radio', q.id, q.prompt, q.required, ratingOptions(q)), isLikertScale: true });
    else for (const { option } of walkOptions(q.options)) spanLabels.push({ option, question: q });
  }

  const notes: string[] = [];
  const classifications: LabelboxClassification[] = [];
  for (const q of tree.questions) {
    const trigger = q.when ? tree.questions.find((t) => t.id === q.when!.questionId) : undefined;
    if (nestable(q, trigger, index)) {
      const options = optionsByQuestion.get(trigger.id)!;
      for (const answer of q.when!.answers) {
        const option = options.get(answer);
        if (!option) throw new ExportError(`Labelbox export: question ${q.id} is asked when ${trigger.id} is ${answer}, but ${trigger.id} has no such option`, [{ path: `/questions/${q.id}/when`, message: `unknown answer ${answer}` }]);
        option.options.push(built.get(q.id)!);
      }
      continue;
    }
    if (q.when) notes.push(`${q.id}: ${whenNote(q)}; Labelbox cannot nest it under ${q.when.questionId}'s options, so it is shown always.`);
    const c = built.get(q.id);
    if (c) classifications.push({ ...c, ...(q.when ? { instructions: `${c.instructions} (${whenNote(q)})` } : {}), scope: 'global' });
  }
  for (const q of tree.questions) {
    if (q.type === 'text' && q.maxLength !== undefined) notes.push(`${q.id}: at most ${q.maxLength} characters (Labelbox text classifications have no length limit).`);
  }

  const tools: LabelboxTool[] = spanLabels.map(({ option }, i) => ({
    tool: 'named-entity',
    name: option.id,
    required: false,
    color: paletteColor(i, spanLabels.length),
    classifications: [],
    ...EMPTY_IDS,
    attributes: null,
  }));
  const spanQuestions = [...new Set(spanLabels.map((s) => s.question))];
  for (const q of spanQuestions) {
    notes.push(`${q.id} (${q.prompt}): highlight with the tools ${spanLabels.filter((s) => s.question === q).map((s) => `${s.option.id} = ${displayTitle(s.option)}`).join(', ')}.`);
  }

  checkUniqueNames([...classifications.map((c) => c.name)], 'the classifications');
  checkUniqueNames(tools.map((t) => t.name), 'the tools');
  const checkNested = (options: LabelboxOption[], where: string): void => {
    for (const o of options) {
      checkUniqueNames(o.options.map((c) => c.name), `${where} option ${o.value}`);
      for (const c of o.options) checkNested(c.options, `${where} > ${c.name}`);
    }
  };
  for (const c of classifications) checkNested(c.options, c.name);

  const description = [provenance(tree.meta), ...notes].join('\n');
  const file: LabelboxOntologyFile = {
    name: `${tree.title} (${tree.meta.setId} ${tree.meta.version})`,
    description,
    mediaType: 'TEXT',
    normalized: { tools, classifications },
  };
  return [jsonFile('labelbox/ontology.json', file)];
}

