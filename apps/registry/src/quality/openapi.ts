/**
 * The OpenAPI schemas of labeling quality: the report (the JSON contract of
 * docs/quality.md: these names are fixed, fields may be added, so objects
 * allow more), an upload's answer, the report listing and the history over
 * time. The registry's tests check every answer against them.
 */
import { QUESTION_TYPES } from '@rubric/core';

type Json = Record<string, unknown>;

const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });
const str: Json = { type: 'string' };
const int: Json = { type: 'integer', minimum: 0 };
const num: Json = { type: 'number' };
const numOrNull: Json = { type: ['number', 'null'] };
const dateTime: Json = { type: 'string', format: 'date-time' };

/** An object with these required properties; more may be added (the contract grows). */
function open(properties: Record<string, Json>, required: string[] = Object.keys(properties)): Json {
  return { type: 'object', properties, required, additionalProperties: true };
}

/** An object with exactly these properties. */
function closed(properties: Record<string, Json>, required: string[] = Object.keys(properties)): Json {
  return { type: 'object', properties, required, additionalProperties: false };
}

const answer: Json = { description: 'an answer as in an annotation record: a label id, a list of ids, a rating, a text or spans' };
const caseStudy = open(
  { item: str, question: str, text: str, disagreement: num, answers: { type: 'object', additionalProperties: answer }, gold: answer },
  ['item', 'question', 'disagreement', 'answers'],
);
const interval = closed({ low: numOrNull, high: numOrNull });
const f1: Json = { oneOf: [{ type: 'null' }, closed({ exact: numOrNull, overlap: numOrNull })] };
const records = closed({ read: int, used: int, invalid: int, duplicates: int, skipped: int, withoutAnnotator: int });
const delta = closed({ previous: numOrNull, current: numOrNull, delta: numOrNull, low: numOrNull, high: numOrNull });
const source: Json = { oneOf: [closed({ kind: { const: 'upload' } }), closed({ kind: { const: 'label-studio' }, targetId: str })], description: 'where the annotations came from' };
const problem = open({ source: str, line: int, index: int, errors: { type: 'array', items: closed({ path: str, message: str }) } }, ['errors']);

const META = {
  id: { type: 'string', pattern: '^qr_[0-9a-f]{32}$' },
  setId: str,
  version: str,
  contentHash: { type: 'string', pattern: '^[0-9a-f]{64}$', description: 'of the version the annotations were measured against' },
  uploadedAt: dateTime,
  uploadedBy: { type: 'string', description: 'the principal that posted (or pulled) the annotations' },
  source,
  records,
  annotators: int,
  comparedWith: { type: ['string', 'null'], description: 'the version this report was compared with' },
  links: closed({ latest: str, reports: str, self: str, version: str, history: str }),
};

/** The schemas, merged into the document's components. */
export const QUALITY_SCHEMAS: Record<string, Json> = {
  QualityReport: {
    description: 'The quality report of a version: the JSON contract of `rubric quality --format json` (docs/quality.md). These names and meanings are fixed; fields may be added.',
    ...open({
      set: open({ id: str, version: str, contentHash: str }),
      records,
      gold: open({ items: int, fromExamples: int, fromRecords: int, invalid: int, examplesError: str }, ['items', 'fromExamples', 'fromRecords', 'invalid']),
      questions: {
        type: 'array',
        items: open({
          id: str,
          type: { enum: [...QUESTION_TYPES] },
          metric: { enum: ['nominal', 'masi', 'ordinal', null] },
          items: int,
          pairable: int,
          annotations: int,
          annotators: int,
          alpha: { oneOf: [{ type: 'null' }, closed({ value: num, low: numOrNull, high: numOrNull })] },
          percentAgreement: numOrNull,
          fleissKappa: numOrNull,
          gold: { oneOf: [{ type: 'null' }, closed({ items: int, accuracy: numOrNull })] },
          labels: {
            type: 'array',
            items: open({
              id: str,
              parent: { type: ['string', 'null'] },
              deprecated: { type: 'boolean' },
              alpha: numOrNull,
              alphaInterval: { oneOf: [{ type: 'null' }, interval] },
              prevalence: numOrNull,
              gold: { oneOf: [{ type: 'null' }, closed({ precision: numOrNull, recall: numOrNull })] },
              f1,
              cases: { type: 'array', items: caseStudy },
            }),
          },
          confusions: { type: 'array', items: open({ labels: { type: 'array', items: str, minItems: 2, maxItems: 2 }, count: int, share: num, sibling: { type: 'boolean' } }) },
          f1,
        }),
      },
      annotators: { type: 'array', items: open({ id: str, annotations: int, goldAccuracy: numOrNull, goldAnswers: int, agreement: numOrNull }) },
      disagreements: { type: 'array', items: caseStudy },
      problems: { type: 'array', items: problem },
      compare: open({
        previous: open({ id: str, version: str }),
        questions: { type: 'array', items: open({ id: str, alpha: delta }) },
        labels: { type: 'array', items: open({ question: str, id: str, previousId: str, alpha: delta, prevalence: closed({ previous: numOrNull, current: numOrNull, delta: numOrNull }) }) },
        unmatched: { type: 'array', items: open({ question: str, id: str }) },
      }),
      bootstrap: open({ resamples: int, questions: { type: 'object' } }),
    }, ['set', 'records', 'gold', 'questions', 'annotators', 'disagreements', 'problems', 'bootstrap']),
  },
  QualityReportMeta: closed(META),
  QualityUpload: { description: 'A stored report\'s record, and the records of the upload that could not be used (at most 1,000, located by line and index).', ...closed({ ...META, problems: { type: 'array', items: problem } }) },
  QualityPull: {
    description: 'What a pull of a Label Studio target stored: a report per version its annotations were made under (compared as an upload is), the versions left as they were (their records are those their latest report from this target measured), the versions of which not one record could be used, and records of versions this registry has not published.',
    ...closed({
      setId: str,
      targetId: str,
      pulled: closed({ projects: { type: 'array', items: { type: 'integer' } }, records: int, invalid: { type: 'integer', minimum: 0, description: 'records Label Studio gave that could not be read (they count as invalid in the reports)' } }),
      reports: { type: 'array', items: ref('QualityReportMeta') },
      unchanged: { type: 'array', items: closed({ version: str, reportId: META.id, links: { type: 'object', additionalProperties: str } }) },
      refused: { type: 'array', items: closed({ version: str, records, problems: { type: 'array', items: problem } }) },
      unknownVersions: { type: 'object', additionalProperties: int, description: 'records per version this registry has not published (`(none)`: without a version)' },
    }),
  },
  QualityReportList: closed({ setId: str, version: str, reports: { type: 'array', items: ref('QualityReportMeta') }, links: { type: 'object', additionalProperties: str } }),
  QualityHistory: closed({
    setId: str,
    versions: {
      type: 'array',
      description: 'the published and deprecated versions that have a report, oldest first (the version listing has them all)',
      items: closed({
        version: str,
        state: { enum: ['published', 'deprecated'] },
        publishedAt: { type: ['string', 'null'], format: 'date-time' },
        report: closed({ id: META.id, uploadedAt: dateTime, uploadedBy: str, source, reports: { type: 'integer', minimum: 1 }, records, annotators: int, goldItems: int, comparedWith: { type: ['string', 'null'] } }),
        questions: {
          type: 'array',
          items: closed({
            id: str,
            type: { enum: [...QUESTION_TYPES] },
            items: int,
            pairable: int,
            alpha: { oneOf: [{ type: 'null' }, closed({ value: num, low: numOrNull, high: numOrNull })] },
            percentAgreement: numOrNull,
            goldAccuracy: numOrNull,
          }),
        },
        links: { type: 'object', additionalProperties: str },
      }),
    },
    labels: {
      type: 'array',
      description: 'per label, its figures in each measured version, oldest first; named by its newest id, each point by its id then (renames followed through the migration map)',
      items: closed({
        question: str,
        id: str,
        parent: { type: ['string', 'null'] },
        current: { type: 'boolean', description: 'the newest measured version has the label' },
        history: {
          type: 'array',
          items: closed({ version: str, id: str, alpha: numOrNull, low: numOrNull, high: numOrNull, prevalence: numOrNull, precision: numOrNull, recall: numOrNull }),
        },
      }),
    },
    links: { type: 'object', additionalProperties: str },
  }),
};
