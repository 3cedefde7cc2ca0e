/**
 * label-agreement: labelers agree on every label, and no two labels are
 * confused with each other, by the quality figures of the set (a report of
 * `rubric quality`, see docs/quality.md). A definition that labelers read
 * differently produces labels that disagree: the figures say where the text
 * must get sharper, at the section that defines the label. Without figures
 * (no report given) the rule is silent.
 */
import { labelIndex, type LabelOccurrence } from '../label-index.js';
import { defineRule } from '../lint/define-rule.js';
import type { QualityFigures } from '../lint/types.js';
import { SEMVER_PATTERN, type GuidelineSet, type Label } from '../model.js';
import { setIdentity } from '../load.js';

/** Options of label-agreement. */
export interface LabelAgreementOptions {
  /** Lowest acceptable Krippendorff's alpha of a label. */
  minAlpha: number;
  /** Fewest pairable items a question needs before its figures count. */
  minPairable: number;
  /** Smallest share of a question's disagreements that makes a label pair "confused". */
  minConfusionShare: number;
  /** Fewest disagreeing annotator pairs that make a label pair "confused". */
  minConfusionCount: number;
}

/** Where a label of the report stands in the set now. */
interface Place {
  /** The label's id now (a renamed label is reported under its new id). */
  id: string;
  label: Label | undefined;
  /** Its section heading's id in guideline.md, else its id in schema.json. */
  at: LabelOccurrence;
}

export default defineRule<LabelAgreementOptions>({
  meta: {
    id: 'label-agreement',
    description: 'Labelers agree on every label (Krippendorff\'s alpha) and do not confuse two labels, by the quality figures of the set; silent without figures.',
    defaultLevel: 'warning',
    messages: {
      lowAgreement:
        'Unexpected agreement on `{{label}}`: alpha {{alpha}} ({{interval}}) over {{pairable}} items annotated under {{version}}, expected at least {{min}}; sharpen its definition or add borderline examples',
      confused: '`{{label}}` and `{{other}}` are confused in {{share}} of disagreements: sharpen the boundary',
    },
    optionsSchema: {
      properties: {
        minAlpha: { type: 'number', minimum: -1, maximum: 1, description: 'the lowest acceptable alpha of a label, from -1 to 1 (0.667 is the usual floor for tentative conclusions, 0.8 for reliable data)' },
        minPairable: { type: 'integer', minimum: 2, description: 'an integer: the fewest items with two or more answers before a question\'s figures count' },
        minConfusionShare: { type: 'number', exclusiveMinimum: 0, maximum: 1, description: 'a share from 0 to 1: a label pair with at least this share of its question\'s disagreements is reported' },
        minConfusionCount: { type: 'integer', minimum: 1, description: 'an integer: the fewest disagreeing annotator pairs before a label pair is reported' },
      },
    },
    defaultOptions: { minAlpha: 0.667, minPairable: 30, minConfusionShare: 0.2, minConfusionCount: 10 },
  },
  check({ set, quality, options, report }) {
    const doc = set.guideline;
    if (!quality || !doc || !figuresOfThisSet(set, quality)) return;
    const index = labelIndex(set);
    const place = (reportId: string): Place | undefined => {
      const label = index.resolve(reportId);
      const id = label?.id ?? reportId;
      const occurrences = index.of(id);
      const at = occurrences.find((o) => o.context === 'section' && o.file === doc.file) ?? occurrences.find((o) => o.context === 'schema');
      // A label gone from the set (removed since the measured version) has nothing left to sharpen.
      return at && (label !== undefined || !index.schemaKnown) ? { id, label, at } : undefined;
    };
    // A report is a file anyone can write: a version that is no semver is quoted, never a line break in a message.
    const version = SEMVER_PATTERN.test(quality.set.version) ? quality.set.version : JSON.stringify(quality.set.version.slice(0, 40));
    for (const question of quality.questions) {
      if (question.pairable < options.minPairable) continue;
      for (const figures of question.labels) {
        if (figures.alpha === null || figures.alpha >= options.minAlpha) continue;
        const where = place(figures.id);
        if (!where || where.label?.deprecated) continue;
        report({
          messageId: 'lowAgreement',
          data: { label: where.id, alpha: fixed(figures.alpha), interval: interval(figures.alphaInterval), pairable: question.pairable, version, min: String(options.minAlpha) },
          file: where.at.file,
          range: where.at.range,
        });
      }
      for (const confusion of question.confusions) {
        if (confusion.share < options.minConfusionShare || confusion.count < options.minConfusionCount) continue;
        const [a, b] = confusion.labels.map(place);
        if (!a || !b || a.id === b.id) continue;
        const share = `${Math.round(confusion.share * 100)}%`;
        for (const [self, other] of [
          [a, b],
          [b, a],
        ] as const) {
          report({
            messageId: 'confused',
            data: { label: self.id, other: other.id, share },
            file: self.at.file,
            range: self.at.range,
            related: [{ file: other.at.file, range: other.at.range, message: `\`${other.id}\` is defined here (${confusion.count} disagreeing annotator pairs under ${version})` }],
          });
        }
      }
    }
  },
});

/** Whether the figures are of this set (its frontmatter id, else its schema id); a set without an id takes them. */
function figuresOfThisSet(set: GuidelineSet, quality: QualityFigures): boolean {
  const { id } = setIdentity(set);
  return id === undefined || id === quality.set.id;
}

/** 0.6234 -> "0.62". */
function fixed(n: number): string {
  return n.toFixed(2);
}

/** "95% interval 0.48 to 0.66", or "no interval" when the bootstrap had none. */
function interval(i: { low: number | null; high: number | null } | null | undefined): string {
  return i && i.low !== null && i.high !== null ? `95% interval ${fixed(i.low)} to ${fixed(i.high)}` : 'no interval';
}
