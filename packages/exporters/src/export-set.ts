/** One entry point for every format: `rubric export --to <format>` and the registry's exports endpoint call this. */
import type { GuidelineSet } from '@rubric/core';
import { argillaSettings } from './formats/argilla.js';
import { cvatLabels } from './formats/cvat.js';
import { labelboxOntology } from './formats/labelbox.js';
import { sagemakerLabelCategories } from './formats/sagemaker.js';
import { goldFiles } from './gold.js';
import { labelStudioFiles } from './label-studio.js';
import { exportMetaOf } from './meta.js';
import { annotationRecordSchema } from './record.js';
import { setTree } from './tree.js';
import { EXPORT_FORMATS, ExportError, type ExportFile, type ExportFormat, type ExportMeta } from './types.js';

/** The files of one format for a set, deterministic for the same set and meta. */
export function exportSet(set: GuidelineSet, format: ExportFormat, meta: ExportMeta = exportMetaOf(set)): ExportFile[] {
  switch (format) {
    case 'label-studio':
      return labelStudioFiles(set, meta);
    case 'jsonschema':
      return [{ name: 'jsonschema/annotation-record.schema.json', mediaType: 'application/schema+json', content: `${JSON.stringify(annotationRecordSchema(set, meta), null, 2)}\n` }];
    case 'gold':
      return goldFiles(set, meta);
    case 'labelbox':
      return labelboxOntology(setTree(set, meta));
    case 'argilla':
      return argillaSettings(setTree(set, meta), set.guideline?.text ?? '');
    case 'cvat':
      return cvatLabels(setTree(set, meta));
    case 'sagemaker':
      return sagemakerLabelCategories(setTree(set, meta));
    default:
      throw new ExportError(`Unexpected format ${JSON.stringify(format)}, expected one of ${EXPORT_FORMATS.join(', ')}`);
  }
}
