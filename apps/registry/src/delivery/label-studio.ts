/**
 * Rubric and a Label Studio server, for the registry's delivery target and
 * the `rubric label-studio` command alike (`@rubric/registry/label-studio`):
 * the API client, delivering a version to a project, pulling its annotations
 * back as neutral records, and the marker Rubric keeps in the projects it manages.
 */
export { LabelStudioClient, LabelStudioError, tokenKind, answerMessage, type LabelStudioClientOptions, type LabelStudioErrorKind, type LabelStudioProject, type LabelStudioTask, type LabelStudioExportedTask, type LabelStudioAnnotation, type LabelStudioUser, type LabelStudioTokenKind } from './label-studio-client.js';
export { deliverToLabelStudio, goldFingerprint, LabelStudioDeliveryRefused, LabelStudioDeliveryInterrupted, BREAKING_POLICIES, type BreakingPolicy, type LabelStudioDelivery, type LabelStudioDeliveryResult } from './label-studio-delivery.js';
export { pullAnnotations, projectHistory, type PulledAnnotation, type PulledRecord, type PullOptions, type PullSummary, type LoadedGuideline, type LabelStudioOrigin } from './label-studio-annotations.js';
export { readMarker, writeMarker, versionAt, configProvenance, projectTitle, type ProjectMarker, type DeliveredVersion, type ConfigProvenance } from './label-studio-project.js';
