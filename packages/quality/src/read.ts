/**
 * @rubric/quality/read: the part of the package that reads reports back
 * (their types, readQualityReport, labelFigures, the case studies of a label
 * and the example that settles one), for the editor and other
 * readers that show figures: it imports no statistics and no exporters.
 */
export * from './types.js';
export { isQualityReport, readQualityReport } from './read-report.js';
export { labelFigures, type LabelFigures } from './lookup.js';
export { answerChose, answerSplit, caseExample, labelCases, reportsForVersion } from './cases.js';
