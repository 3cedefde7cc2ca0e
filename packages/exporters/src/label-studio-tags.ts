/**
 * Every Label Studio tag and what `rubric import label-studio` does with it:
 * one table, read by the importer and checked against docs/exports.md by a
 * test, so the two cannot drift apart.
 */

/** How the importer treats a tag. */
export type TagRole =
  /** A control Rubric imports as a question. */
  | 'question'
  /** An option inside a control (Choice, Label) or another tag's child the importer reads with its parent. */
  | 'part'
  /** Layout with no answer of its own (View, Header, Style, ...): read for its structure, headers and visibleWhen. */
  | 'layout'
  /** An object tag that can show the item's text. */
  | 'text'
  /** An object tag Rubric cannot label (images, audio, ...): left out with a finding. */
  | 'other-object'
  /** A control Rubric has no question type for: left out with a finding. */
  | 'other-control';

/** One Label Studio tag: its role and what import does with it (the docs table's wording). */
export interface LabelStudioTag {
  role: TagRole;
  import: string;
}

/** Label Studio's tags (the 1.x tag reference), by name. */
export const LABEL_STUDIO_TAGS: Readonly<Record<string, LabelStudioTag>> = {
  Choices: { role: 'question', import: '`single`, or `multi` with `choice="multiple"`' },
  Taxonomy: { role: 'question', import: 'a `single` (`maxUsages="1"`) or `multi` question with an option tree' },
  Labels: { role: 'question', import: '`span` over the text' },
  HyperTextLabels: { role: 'question', import: '`span` over the HTML\'s rendered text; the set gets `item.format: html`' },
  TextArea: { role: 'question', import: '`text` (a length limit Rubric wrote in the placeholder comes back as `maxLength`)' },
  Rating: { role: 'question', import: '`rating` from 1 to `maxRating`' },
  Pairwise: { role: 'question', import: 'a `single` question with `pairwise: true` and the options `left` and `right`; its two texts become the task fields `left` and `right`' },
  Choice: { role: 'part', import: 'an option: `value` is the title, `alias` (else `value`) what is exported; `hint` the description; nested in a Taxonomy, a child option' },
  Label: { role: 'part', import: 'an option of a span question, as a Choice' },
  Shortcut: { role: 'part', import: 'left out with a finding (a TextArea\'s canned answers have no Rubric equivalent)' },
  Bucket: { role: 'part', import: 'read with its Ranker (not imported)' },
  Channel: { role: 'part', import: 'read with its TimeSeries (left out)' },
  Relation: { role: 'part', import: 'read with its Relations (left out)' },
  View: { role: 'layout', import: 'read for its contents; `visibleWhen="choice-selected"` becomes `when`, other kinds are reported' },
  Header: { role: 'layout', import: 'the nearest Header before a control (siblings of an enclosing View included) becomes its prompt, a `size="6"` Header right after it the description; a Header no control takes is reported' },
  Style: { role: 'layout', import: 'left out (presentation only)' },
  Collapse: { role: 'layout', import: 'read for its contents' },
  Panel: { role: 'layout', import: 'read for its contents; its `value` counts as a Header' },
  Filter: { role: 'layout', import: 'left out (a search box over the labels)' },
  Text: { role: 'text', import: 'the item when the controls point at it (its task field becomes `$text`); a `value` without `$` is fixed text: reported, quoted in the guideline\'s Scope, left out of the export' },
  HyperText: { role: 'text', import: 'the item, as HTML (`item.format: html`), when the controls point at it; fixed HTML as for Text' },
  HTML: { role: 'text', import: 'as HyperText (its older name)' },
  Paragraphs: { role: 'text', import: 'the item when the controls point at it, reported: its list of messages becomes one text' },
  Chat: { role: 'text', import: 'the item when a control points at it, reported as for Paragraphs; a Chat with no control over it is refused' },
  Markdown: { role: 'other-object', import: 'left out with a finding (display text: move it into the guideline)' },
  Image: { role: 'other-object', import: 'left out with a finding' },
  Audio: { role: 'other-object', import: 'left out with a finding' },
  AudioPlus: { role: 'other-object', import: 'left out with a finding' },
  Video: { role: 'other-object', import: 'left out with a finding' },
  Table: { role: 'other-object', import: 'left out with a finding' },
  TimeSeries: { role: 'other-object', import: 'left out with a finding' },
  List: { role: 'other-object', import: 'left out with a finding' },
  PDF: { role: 'other-object', import: 'left out with a finding' },
  Object3D: { role: 'other-object', import: 'left out with a finding' },
  Cube: { role: 'other-object', import: 'left out with a finding' },
  Repeater: { role: 'other-object', import: 'left out with a finding, with everything inside it' },
  ReactCode: { role: 'other-object', import: 'left out with a finding' },
  Ranker: { role: 'other-control', import: 'not imported, with a finding (Rubric has no ranking question)' },
  ParagraphLabels: { role: 'other-control', import: 'not imported, with a finding: its spans are a message index and offsets inside that message, which offsets in one text cannot keep' },
  Number: { role: 'other-control', import: 'left out with a finding' },
  DateTime: { role: 'other-control', import: 'left out with a finding' },
  Relations: { role: 'other-control', import: 'left out with a finding (relations between spans)' },
  RectangleLabels: { role: 'other-control', import: 'left out with a finding' },
  Rectangle: { role: 'other-control', import: 'left out with a finding' },
  PolygonLabels: { role: 'other-control', import: 'left out with a finding' },
  Polygon: { role: 'other-control', import: 'left out with a finding' },
  KeyPointLabels: { role: 'other-control', import: 'left out with a finding' },
  KeyPoint: { role: 'other-control', import: 'left out with a finding' },
  EllipseLabels: { role: 'other-control', import: 'left out with a finding' },
  Ellipse: { role: 'other-control', import: 'left out with a finding' },
  BrushLabels: { role: 'other-control', import: 'left out with a finding' },
  Brush: { role: 'other-control', import: 'left out with a finding' },
  MagicWand: { role: 'other-control', import: 'left out with a finding' },
  VectorLabels: { role: 'other-control', import: 'left out with a finding' },
  Vector: { role: 'other-control', import: 'left out with a finding' },
  TimeSeriesLabels: { role: 'other-control', import: 'left out with a finding' },
  TimelineLabels: { role: 'other-control', import: 'left out with a finding' },
  VideoRectangle: { role: 'other-control', import: 'left out with a finding' },
  VideoVector: { role: 'other-control', import: 'left out with a finding' },
  VideoVectorLabels: { role: 'other-control', import: 'left out with a finding' },
  CubeLabels: { role: 'other-control', import: 'left out with a finding' },
};

/** The role of a tag name, or undefined for a tag Label Studio does not have. */
export function tagRole(tag: string): TagRole | undefined {
  return Object.prototype.hasOwnProperty.call(LABEL_STUDIO_TAGS, tag) ? LABEL_STUDIO_TAGS[tag]!.role : undefined;
}
