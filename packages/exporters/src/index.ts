/**
 * @rubric/exporters: a guideline set in labeling platforms' formats (Label
 * Studio, Labelbox, Argilla, CVAT, SageMaker Ground Truth, JSON Schema),
 * gold tasks from its examples, Label Studio results read back, annotation
 * records checked, and Label Studio configs imported.
 */
export * from './types.js';
export { exportMetaOf } from './meta.js';
export { setTree, walkOptions, provenance, type SetTree, type QuestionNode, type OptionNode, type WhenNode } from './tree.js';
export { labelStudioConfig, labelStudioFiles, guardDollar } from './label-studio.js';
export { labelStudioLayout, LS_TEXT_FIELD, LS_TEXT_NAME, type LsLayout, type LsControl } from './label-studio-layout.js';
export { fromLabelStudioResult, type ConvertedResult } from './label-studio-result.js';
export { annotationRecordSchema, validateAnnotation, type AnnotationValidation } from './record.js';
export { goldTasks, goldFiles, exampleAnswers, toLabelStudioResult, type LabelStudioGoldTask, type LabelStudioResultItem, type NeutralGoldTask } from './gold.js';
export { importLabelStudioConfig, MAX_IMPORT_BYTES, type ImportFinding, type ImportOptions, type ImportResult } from './import-label-studio.js';
export { exportSet } from './export-set.js';
