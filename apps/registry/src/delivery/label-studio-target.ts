/**
 * The `label-studio` delivery target's sender: turns a delivery of a
 * published version into deliverToLabelStudio (label-studio-delivery.ts) with
 * the version's exports, and its outcome into the dispatcher's: delivered
 * (with the project and what was done as the delivery's detail), retried
 * (Label Studio down, slow or failing with a 5xx), or failed at once with
 * Label Studio's words (a wrong token, a deleted project, a config Label
 * Studio refuses).
 */
import { ExportError, goldTasks, type LabelStudioGoldTask } from '@rubric/exporters';
import { exportMetaOfVersion } from '../exports.js';
import { LabelStudioClient, LabelStudioError } from './label-studio-client.js';
import { deliverToLabelStudio, LabelStudioDeliveryInterrupted, LabelStudioDeliveryRefused, type BreakingPolicy } from './label-studio-delivery.js';
import { labelStudioProjectUpdate, PermanentDeliveryError, USER_AGENT, type DeliverySender, type LabelConfigFunction, type PayloadContext } from './payloads.js';

/** The target's Label Studio settings, as stored in its options. */
export function labelStudioOptions(options: Record<string, unknown>): { projectId: number | 'create'; breaking: BreakingPolicy } {
  const projectId = options.projectId === 'create' ? 'create' : Number(options.projectId);
  const breaking = options.breaking === 'fail' ? 'fail' : 'new-project';
  return { projectId: projectId === 'create' || (Number.isSafeInteger(projectId) && projectId > 0) ? projectId : 'create', breaking };
}

/** The gold tasks of the version being delivered (a set whose examples cannot be exported fails the delivery). */
function goldOf(ctx: PayloadContext): LabelStudioGoldTask[] {
  try {
    return goldTasks(ctx.set, exportMetaOfVersion(ctx.version)).labelStudio;
  } catch (error) {
    if (error instanceof ExportError) throw new PermanentDeliveryError(`the gold tasks of ${ctx.version.setId}@${ctx.version.version} could not be built: ${error.message}`);
    throw error;
  }
}

/** The config Rubric delivered for another version of the set (undefined when that version is unknown or had none). */
async function deliveredConfig(ctx: PayloadContext, version: string, labelConfig: LabelConfigFunction | undefined): Promise<string | undefined> {
  const other = await ctx.otherVersion?.(version);
  if (!other) return undefined;
  try {
    return labelStudioProjectUpdate({ set: other.loaded.set, loaded: other.loaded, version: other.version }, labelConfig).label_config;
  } catch (error) {
    if (error instanceof PermanentDeliveryError) return undefined;
    throw error;
  }
}

/** The sender of `label-studio` targets (`labelConfig` replaces the export's config, for tests). */
export function labelStudioSender(labelConfig?: LabelConfigFunction): DeliverySender {
  return {
    async send(ctx, limits) {
      const update = labelStudioProjectUpdate(ctx, labelConfig);
      const { projectId, breaking } = labelStudioOptions(ctx.target.options);
      const client = new LabelStudioClient({ url: ctx.target.url, token: ctx.secret, timeoutMs: limits.timeoutMs, userAgent: USER_AGENT });
      try {
        const result = await deliverToLabelStudio({
          client,
          setId: ctx.version.setId,
          targetId: ctx.target.id,
          version: ctx.version.version,
          contentHash: ctx.version.contentHash,
          title: ctx.version.title,
          projectId,
          breaking,
          labelConfig: update.label_config,
          instructions: update.expert_instruction,
          goldTasks: goldOf(ctx),
          deliveredConfig: (version) => deliveredConfig(ctx, version, labelConfig),
          deadline: limits.deadline,
          now: () => new Date(),
        });
        return { outcome: 'delivered', status: 200, detail: { ...result } };
      } catch (error) {
        if (error instanceof LabelStudioError) return error.transient ? { outcome: 'retry', reason: error.message, status: error.status } : { outcome: 'failed', reason: error.message, status: error.status };
        if (error instanceof LabelStudioDeliveryRefused) return { outcome: 'failed', reason: error.message, status: null };
        if (error instanceof LabelStudioDeliveryInterrupted) return { outcome: 'retry', reason: error.message, status: null };
        throw error;
      }
    },
  };
}
