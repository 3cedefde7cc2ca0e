/** The label index: every place a label id is written, with its role, context and exact range. */
import { describe, expect, it } from 'vitest';
import { createMemoryHost, labelIndex, labelMentionOf, loadSet, proseCodeSpans, renamedLabels, type GuidelineSet, type LabelOccurrence } from '../src/index.js';
import { FM, SAMPLE_SCHEMA } from './support/sample-set.js';

const schema = SAMPLE_SCHEMA.replace(
  '{ "id": "abuse.threat", "title": "Threat", "severity": "high" }',
  '{ "id": "abuse.threat", "title": "Threat", "renamedFrom": ["abuse.menace"] },\n            { "id": "abuse.old", "title": "Old", "deprecated": { "since": "1.0.0", "replacedBy": "abuse.insult" } }',
);

const guideline = `${FM.replace('owners: [docs@example.org]\n', 'owners: [docs@example.org]\nacknowledgements:\n  - change: questions[verdict].options[abuse.gone]\n    reason: unused\n')}# Base set

Use \`abuse.insult\`, or \`none\`; see \`schema.json\` and \`verdict\`; \`abuse.typo\` and \`nonee\`.

## When \`abuse.threat\` applies

| label | use |
|---|---|
| \`target.person\` | one person |

### \`abuse.insult\` Insult

\`\`\`example
text: "You clown, \`abuse.threat\` in text is data."
answers:
  verdict: "abuse.insult"
  target: [target.person]
  rationale: abuse.threat
why: "Not \`abuse.threat\`: \`abuse.menace\` was renamed, \`x y\` is code."
\`\`\`

## Changelog

### 2.0.0

- Removed \`abuse.gone\`; renamed \`abuse.menace\` to \`abuse.threat\`.
`;

function load(files: Record<string, string>): GuidelineSet {
  return loadSet('/s', createMemoryHost(Object.fromEntries(Object.entries(files).map(([k, v]) => [`/s/${k}`, v]))));
}

const text = (set: GuidelineSet, o: LabelOccurrence): string => {
  const t = o.file.endsWith('schema.json') ? set.schema?.text : set.guideline?.text;
  return (t ?? '').slice(o.range.start.offset, o.range.end.offset);
};
const row = (set: GuidelineSet, o: LabelOccurrence): string => `${o.file.slice(3)} ${o.role} ${o.context} ${o.labelId}${o.exact ? '' : ' (inexact)'} = ${text(set, o)}`;

describe('labelIndex', () => {
  const set = load({ 'schema.json': schema, 'guideline.md': guideline });
  const index = labelIndex(set);

  it('lists every place a label id is written, with its role and context, in document order', () => {
    expect(index.occurrences.map((o) => row(set, o))).toEqual([
      'schema.json definition schema none = none',
      'schema.json definition schema abuse = abuse',
      'schema.json definition schema abuse.insult = abuse.insult',
      'schema.json definition schema abuse.threat = abuse.threat',
      'schema.json history renamed-from abuse.menace = abuse.menace',
      'schema.json definition schema abuse.old = abuse.old',
      'schema.json reference replaced-by abuse.insult = abuse.insult',
      'schema.json reference when abuse = abuse',
      'schema.json definition schema target.person = target.person',
      'schema.json definition schema target.group = target.group',
      'guideline.md history acknowledgement abuse.gone = abuse.gone',
      'guideline.md reference prose abuse.insult = abuse.insult',
      'guideline.md reference prose none = none',
      // `schema.json` is a file, `verdict` a question and `nonee` no label: code, not labels. A dotted unknown id is a reference.
      'guideline.md reference prose abuse.typo = abuse.typo',
      'guideline.md reference heading abuse.threat = abuse.threat',
      'guideline.md reference prose target.person = target.person',
      'guideline.md definition section abuse.insult = abuse.insult',
      // The example's text and text answers are data; its label answers and its why's backticks are not.
      'guideline.md answer example-answer abuse.insult = abuse.insult',
      'guideline.md answer example-answer target.person = target.person',
      'guideline.md reference example-why abuse.threat = abuse.threat',
      'guideline.md reference example-why abuse.menace = abuse.menace',
      'guideline.md history changelog abuse.gone = abuse.gone',
      'guideline.md history changelog abuse.menace = abuse.menace',
      'guideline.md history changelog abuse.threat = abuse.threat',
    ]);
  });

  it('answers lookups by id, by position and by span, and resolves renamed ids', () => {
    expect(index.of('abuse.threat').map((o) => o.context)).toEqual(['schema', 'heading', 'example-why', 'changelog']);
    const why = index.of('abuse.menace').find((o) => o.context === 'example-why');
    expect(why).toMatchObject({ exampleIndex: 0, spanIndex: 1, sectionLabelId: 'abuse.insult', exact: true });
    const doc = set.guideline;
    if (!doc || !why) throw new Error('fixture');
    expect(index.at(doc.file, why.range.start.offset)).toBe(why);
    expect(index.at(doc.file, why.range.end.offset)).toBe(why);
    expect(index.at(doc.file, why.range.start.offset - 3)).toBeUndefined();
    expect(index.within(doc.file, why.range.start.offset, doc.text.length).map((o) => o.context)).toEqual(['example-why', 'changelog', 'changelog', 'changelog']);
    expect(index.resolve('abuse.menace')?.id).toBe('abuse.threat');
    expect(index.resolve('abuse.gone')).toBeUndefined();
    expect(renamedLabels(set.schema ?? (undefined as never)).get('abuse.menace')?.id).toBe('abuse.threat');
    expect(labelIndex(set)).toBe(index);
  });

  it('marks ids written with escapes as inexact, on the whole value', () => {
    const escaped = load({ 'schema.json': schema.replace('"replacedBy": "abuse.insult"', '"replacedBy": "abuse\\u002einsult"'), 'guideline.md': guideline });
    const o = labelIndex(escaped).occurrences.find((x) => x.context === 'replaced-by');
    expect(o && row(escaped, o)).toBe('schema.json reference replaced-by abuse.insult (inexact) = abuse\\u002einsult');
  });

  it('without a readable schema: dotted ids and ids with a section count, nothing else', () => {
    const noSchema = load({ 'schema.json': '{ not json', 'guideline.md': guideline });
    const ix = labelIndex(noSchema);
    expect(ix.schemaKnown).toBe(false);
    expect(ix.occurrences.filter((o) => o.context === 'prose').map((o) => o.labelId)).toEqual(['abuse.insult', 'abuse.typo', 'target.person']);
  });

  it('one rule for inline code, shared with the renderer', () => {
    const scope = { schema: set.schema, renamed: index.renamed, sectionLabelIds: new Set<string>() };
    expect(['abuse.x', ' none ', 'nonee', 'notes.md', 'Abuse.X', 'verdict', 'a b'].map((c) => labelMentionOf(c, scope))).toEqual(['abuse.x', 'none', undefined, undefined, undefined, undefined, undefined]);
    expect(proseCodeSpans('a `b` and `c d`, not ``')).toEqual([
      { start: 2, end: 5, value: 'b' },
      { start: 10, end: 15, value: 'c d' },
    ]);
  });
});
