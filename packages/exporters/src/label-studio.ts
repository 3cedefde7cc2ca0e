/**
 * The Label Studio labeling config of a guideline set (see
 * label-studio-layout.ts for how questions map onto tags), and the project
 * files around it: the guideline rendered as the project's instructions.
 * Output is deterministic: the same set gives the same bytes.
 */
import type { GuidelineSet } from '@rubric/core';
import { renderGuideline } from '@rubric/render';
import { chainName, labelStudioLayout, LS_PAIR, LS_TEXT_FIELD, LS_TEXT_NAME, shownTitle, taxonomyValue, type LsControl, type LsLayout } from './label-studio-layout.js';
import { provenance, setTree, type OptionNode, type QuestionNode } from './tree.js';
import { ExportError, type ExportFile, type ExportMeta } from './types.js';
import { el, serializeXml, xmlComment, type XmlNode } from './xml.js';

/**
 * Label Studio 1.4.0 replaces `$name` in a Header by the task field `name`:
 * a word joiner after `$` keeps a prompt such as "Does it offer $50?" as written.
 */
export function guardDollar(value: string): string {
  return value.replace(/\$(?=[a-z0-9_.])/gi, '$\u2060');
}

function header(value: string, size?: string): XmlNode {
  return el('Header', { value: guardDollar(value), size });
}

/** `<Choice>` of a Choices tag: the title shown, the export value as alias when it differs. */
function choice(option: OptionNode, siblings: OptionNode[]): XmlNode {
  const shown = shownTitle(option, siblings);
  return el('Choice', { value: shown, alias: option.value !== shown ? option.value : undefined, hint: option.description, hotkey: option.hotkey });
}

/** `<Label>` of a Labels tag: as a Choice (Label Studio exports a label's alias too), without hint (Labels show none). */
function label(option: OptionNode, siblings: OptionNode[]): XmlNode {
  const shown = shownTitle(option, siblings);
  return el('Label', { value: shown, alias: option.value !== shown ? option.value : undefined, hotkey: option.hotkey });
}

/** `<Choice>` of a Taxonomy (no alias there: the shown value is what is exported), children nested. */
function taxonomyChoice(option: OptionNode, siblings: OptionNode[]): XmlNode {
  return el('Choice', { value: taxonomyValue(option, siblings) }, option.children.map((c) => taxonomyChoice(c, option.children)));
}

/** The tags of a choices chain: the control, then a gated block per option with children. */
function chainTags(layout: LsLayout, control: LsControl): XmlNode[] {
  const q = control.question;
  const out: XmlNode[] = [
    el(
      'Choices',
      {
        name: control.name,
        toName: LS_TEXT_NAME,
        choice: q.type === 'multi' ? 'multiple' : 'single-radio',
        showInline: 'false',
        required: control.parent === undefined && q.required ? 'true' : undefined,
      },
      control.options.map((o) => choice(o, control.options)),
    ),
  ];
  for (const option of control.options) {
    if (!option.children.length) continue;
    const sub = layout.controls.get(chainName(q.id, option.id))!;
    out.push(
      el('View', { visibleWhen: 'choice-selected', whenTagName: control.name, whenChoiceValue: option.value }, [
        header(`${option.title}: which one?`, '6'),
        ...chainTags(layout, sub),
      ]),
    );
  }
  return out;
}

/** The visibleWhen attributes of a question with `when`, on the control holding the `when` labels. */
function whenAttrs(layout: LsLayout, q: QuestionNode): Record<string, string> {
  if (!q.when) return {};
  const where = `${layout.tree.meta.setId} question ${q.id}: when`;
  const controls = new Set(q.when.answers.map((id) => layout.controlOf.get(id)));
  const [control] = [...controls];
  if (controls.size !== 1 || !control || control.kind !== 'choices') {
    throw new ExportError(`${where} names labels that Label Studio cannot test together (they sit in ${controls.size} different controls or not in Choices); name labels of one level of question ${q.when.questionId}`);
  }
  const values = q.when.answers.map((id) => [...layout.controlOf.get(id)!.options].find((o) => o.id === id)!.value);
  const comma = values.find((v) => v.includes(','));
  if (comma !== undefined) throw new ExportError(`${where} names a label exported as ${JSON.stringify(comma)}; Label Studio splits whenChoiceValue at commas`);
  return { visibleWhen: 'choice-selected', whenTagName: control.name, whenChoiceValue: values.join(',') };
}

/** The tags that ask one question. */
function questionBlock(layout: LsLayout, q: QuestionNode): XmlNode {
  const control = layout.top.get(q.id)!;
  const required = q.required ? 'true' : undefined;
  const head = [header(q.prompt), ...(q.description ? [header(q.description, '6')] : [])];
  let tags: XmlNode[];
  switch (control.kind) {
    case 'choices':
      tags = chainTags(layout, control);
      break;
    case 'taxonomy':
      tags = [el('Taxonomy', { name: q.id, toName: LS_TEXT_NAME, maxUsages: q.type === 'single' ? '1' : undefined, required }, q.options.map((o) => taxonomyChoice(o, q.options)))];
      break;
    case 'labels':
      tags = [el(layout.item.spans, { name: q.id, toName: LS_TEXT_NAME, required }, control.options.map((o) => label(o, control.options)))];
      break;
    case 'pairwise':
      // The two texts follow the control, as in Label Studio's own pairwise templates; a click on one selects it.
      tags = [el('Pairwise', { name: q.id, toName: LS_PAIR.join(','), required }), ...LS_PAIR.map((side) => el('Text', { name: side, value: `$${side}` }))];
      break;
    case 'textarea':
      tags = [el('TextArea', { name: q.id, toName: LS_TEXT_NAME, maxSubmissions: '1', editable: 'true', required, placeholder: q.maxLength !== undefined ? `At most ${q.maxLength} characters` : undefined })];
      break;
    case 'rating':
      tags = [el('Rating', { name: q.id, toName: LS_TEXT_NAME, maxRating: String(q.max ?? 5), required })];
      break;
  }
  return el('View', { ...whenAttrs(layout, q) }, [...head, ...tags]);
}

/** The labeling config XML of a set, with its provenance in a leading comment. */
export function labelStudioConfig(set: GuidelineSet, meta?: ExportMeta): string {
  const layout = labelStudioLayout(setTree(set, meta));
  return configOf(layout);
}

/** The config of a layout (for callers that already built one). */
export function configOf(layout: LsLayout): string {
  const { tree } = layout;
  const notes = [provenance(tree.meta)];
  for (const q of tree.questions) {
    if (q.type === 'rating' && (q.min ?? 1) !== 1) notes.push(`Rating ${q.id}: Label Studio counts stars from 1; answers below ${q.min} are rejected by validation.`);
  }
  // A set whose only question compares the pair asks nothing about a text of its own.
  const item = tree.questions.some((q) => !q.pairwise) ? [el(layout.item.object, { name: LS_TEXT_NAME, value: `$${LS_TEXT_FIELD}` })] : [];
  const root = el('View', {}, [el('Header', { value: guardDollar(tree.title), size: '3' }), ...item, ...tree.questions.map((q) => questionBlock(layout, q))]);
  return `<!--\n  ${xmlComment(notes.join('\n  '))}\n  rubric:set=${tree.meta.setId} rubric:version=${tree.meta.version} rubric:contentHash=${tree.meta.contentHash}\n-->\n${serializeXml(root)}\n`;
}

/** The Label Studio export: the config, the guideline as instructions (sanitized HTML), and project settings for the REST API. */
export function labelStudioFiles(set: GuidelineSet, meta?: ExportMeta): ExportFile[] {
  const layout = labelStudioLayout(setTree(set, meta));
  const config = configOf(layout);
  const instructions = renderGuideline(set, { sidebar: false }).html;
  const project = {
    title: `${layout.tree.title} ${layout.tree.meta.version}`.slice(0, 50),
    description: provenance(layout.tree.meta),
    label_config: config,
    expert_instruction: instructions,
    show_instruction: true,
  };
  return [
    { name: 'label-studio/config.xml', mediaType: 'application/xml', content: config },
    { name: 'label-studio/instructions.html', mediaType: 'text/html', content: `${instructions}\n` },
    { name: 'label-studio/project.json', mediaType: 'application/json', content: `${JSON.stringify(project, null, 2)}\n` },
  ];
}
