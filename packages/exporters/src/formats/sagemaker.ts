/**
 * SageMaker Ground Truth label category configuration files: one per
 * labelled question (single, multi, span), `sagemaker/<question>.label-categories.json`,
 * each `{"document-version": "2018-11-28", "labels": [{"label": id}, ...],
 * "instructions": {shortInstruction, fullInstruction}}`. A labeling job
 * takes one such file, so a set with several labelled questions is several
 * jobs (text classification single- or multi-label, named entity recognition).
 *
 * Labels are the label ids, depth first (Ground Truth has no hierarchy; a
 * child id is dotted below its parent's). Ground Truth label categories have
 * no titles, so the instructions (HTML, every title escaped) list id -> title,
 * the provenance, the `when` condition and what the file leaves out. Rating
 * and text questions have no label category form and are skipped; the
 * instructions of every file name them.
 */
import { ExportError, type ExportFile } from '../types.js';
import { provenance, type QuestionNode, type SetTree } from '../tree.js';
import { flattenOptions, jsonFile } from './common.js';

/** The only document version Ground Truth documents for label category files. */
export const SAGEMAKER_DOCUMENT_VERSION = '2018-11-28';

/** The exported file's content. */
export interface SageMakerLabelCategories {
  'document-version': typeof SAGEMAKER_DOCUMENT_VERSION;
  labels: { label: string }[];
  instructions: { shortInstruction: string; fullInstruction: string };
}

function html(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const TASK: Record<string, string> = {
  single: 'text classification (single label): pick one label',
  multi: 'text classification (multi-label): pick every label that applies',
  span: 'named entity recognition: highlight words and give each highlight a label',
};

function fileOf(tree: SetTree, q: QuestionNode): ExportFile {
  const flat = flattenOptions(q.options);
  // Ground Truth requires at least two categories for text classification, one for the other task types.
  const min = q.type === 'span' ? 1 : 2;
  if (flat.length < min) {
    throw new ExportError(`SageMaker export: /questions/${q.id}/options: Ground Truth needs at least ${min} label categories for ${TASK[q.type]}, found ${flat.length}`, [{ path: `/questions/${q.id}/options`, message: `at least ${min} labels` }]);
  }
  const skipped = tree.questions.filter((o) => o.type === 'rating' || o.type === 'text');
  const others = tree.questions.filter((o) => o !== q && o.type !== 'rating' && o.type !== 'text');
  const full = [
    `<p>${html(provenance(tree.meta))}</p>`,
    `<p>Question <code>${html(q.id)}</code>, ${html(TASK[q.type]!)}${q.required ? '' : ' (optional)'}.</p>`,
    ...(q.description ? [`<p>${html(q.description)}</p>`] : []),
    ...(q.when ? [`<p>Only for items where <code>${html(q.when.questionId)}</code> is ${q.when.answers.map((a) => `<code>${html(a)}</code>`).join(' or ')} (or a label below one of them); send only those items to this job.</p>`] : []),
    '<p>Labels (a label below another is more specific; prefer the most specific that fits):</p>',
    `<ul>${flat.map(({ option, path }) => `<li><code>${html(option.id)}</code>: ${html(path.join(' › '))}${option.description ? ` - ${html(option.description)}` : ''}</li>`).join('')}</ul>`,
    ...(others.length ? [`<p>Other questions of this guideline are separate jobs: ${others.map((o) => `<code>${html(o.id)}</code>`).join(', ')}.</p>`] : []),
    ...(skipped.length ? [`<p>Not expressible as Ground Truth label categories (rating and free-text questions): ${skipped.map((o) => `<code>${html(o.id)}</code>`).join(', ')}.</p>`] : []),
  ].join('');
  const value: SageMakerLabelCategories = {
    'document-version': SAGEMAKER_DOCUMENT_VERSION,
    labels: flat.map(({ option }) => ({ label: option.id })),
    instructions: { shortInstruction: `<p>${html(q.prompt)}</p>`, fullInstruction: full },
  };
  return jsonFile(`sagemaker/${q.id}.label-categories.json`, value);
}

/** SageMaker Ground Truth label category files of a set, one per single, multi or span question. */
export function sagemakerLabelCategories(tree: SetTree): ExportFile[] {
  const labelled = tree.questions.filter((q) => q.type === 'single' || q.type === 'multi' || q.type === 'span');
  if (!labelled.length) throw new ExportError('SageMaker export: the set has no single, multi or span question; Ground Truth label categories need labels', [{ path: '/questions', message: 'no labelled question' }]);
  return labelled.map((q) => fileOf(tree, q));
}
