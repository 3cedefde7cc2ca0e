/**
 * Pulling a Label Studio target's annotations: the target's secret, a client
 * on its URL, the projects Rubric marked as the target's (or one asked for),
 * and each project's export read into validated neutral records of the
 * versions they were made under (label-studio-annotations.ts). One place for
 * the pull that GET …/targets/{targetId}/annotations answers, the quality
 * pull measures, and the scheduled pull runs; Label Studio's refusals become
 * the registry's problems.
 */
import type { GuidelineSet } from '@rubric/core';
import { exportersValidator } from '../annotations.js';
import type { RegistryConfig } from '../config.js';
import type { TargetRecord, VersionRecord } from '../domain.js';
import { HttpProblem } from '../errors.js';
import type { Store } from '../store/types.js';
import { pullAnnotations, type PulledAnnotation, type PullSummary } from './label-studio-annotations.js';
import { LabelStudioClient, LabelStudioError } from './label-studio-client.js';
import { readMarker } from './label-studio-project.js';
import { labelStudioOptions } from './label-studio-target.js';
import { resolveSecret, SecretUnavailable } from './secrets.js';

/** Time the Label Studio export of a pull may take (large projects). */
export const PULL_TIMEOUT_MS = 120_000;

/** What a pull needs from the registry. */
export interface PullDeps {
  store: Store;
  sets: { get(version: VersionRecord): { set: GuidelineSet } };
  config: Pick<RegistryConfig, 'deliveryTimeoutMs'>;
  env: NodeJS.ProcessEnv;
  targetKey: Buffer | undefined;
}

/** The annotations of a target's projects, and what each project held. */
export interface TargetPull {
  annotations: PulledAnnotation[];
  summaries: PullSummary[];
}

/** The projects of a target: those Rubric marked as the target's in Label Studio, and the configured one. */
async function targetProjects(client: LabelStudioClient, owner: string, configured: number | 'create'): Promise<number[]> {
  const ids = (await client.listProjects()).filter((p) => readMarker(p.description)?.owner === owner).map((p) => p.id);
  if (typeof configured === 'number' && !ids.includes(configured)) ids.push(configured);
  return ids.sort((a, b) => a - b);
}

/** A Label Studio failure as the registry answers it: 502 label-studio-failed, with Label Studio's words. */
export function labelStudioProblem(error: LabelStudioError): HttpProblem {
  return new HttpProblem(502, 'label-studio-failed', 'Label Studio failed', error.message, { extensions: { labelStudio: { kind: error.kind, status: error.status } }, ...(error.transient ? { headers: { 'Retry-After': '30' } } : {}) });
}

/**
 * Pulls the annotations of a label-studio target of a set. Throws
 * HttpProblem: 503 not-ready when this instance cannot read the target's
 * secret, 502 label-studio-failed when Label Studio refuses or cannot be
 * reached, 422 set-mismatch for a project of another set or of none.
 */
export async function pullTarget(deps: PullDeps, target: TargetRecord, options: { project?: number; includeGroundTruth?: boolean } = {}): Promise<TargetPull> {
  let secret: string;
  try {
    secret = resolveSecret(target, deps.env, deps.targetKey);
  } catch (error) {
    if (error instanceof SecretUnavailable) throw new HttpProblem(503, 'not-ready', 'Target secret not available', error.message, { headers: { 'Retry-After': '5' } });
    throw error;
  }
  const client = new LabelStudioClient({ url: target.url, token: secret, timeoutMs: Math.max(PULL_TIMEOUT_MS, deps.config.deliveryTimeoutMs), userAgent: 'rubric-registry' });
  const validator = exportersValidator() as Required<ReturnType<typeof exportersValidator>>;
  const loadVersion = async (setId: string, version: string): Promise<{ set: GuidelineSet; contentHash: string } | undefined> => {
    if (setId !== target.setId) return undefined;
    const stored = await deps.store.getVersion(setId, version);
    return stored && stored.state !== 'pending' && stored.state !== 'rejected' ? { set: deps.sets.get(stored).set, contentHash: stored.contentHash } : undefined;
  };
  try {
    const projects = options.project !== undefined ? [options.project] : await targetProjects(client, `${target.setId}/${target.id}`, labelStudioOptions(target.options).projectId);
    const annotations: PulledAnnotation[] = [];
    const summaries: PullSummary[] = [];
    for (const projectId of projects) {
      const pulled = await pullAnnotations({ client, projectId, loadVersion, validator, includeGroundTruth: options.includeGroundTruth === true });
      if (pulled.summary.setId !== target.setId) throw new HttpProblem(422, 'set-mismatch', 'Project of another set', `Label Studio project ${projectId} holds guideline set ${pulled.summary.setId}, not ${target.setId}`);
      summaries.push(pulled.summary);
      annotations.push(...pulled.annotations);
    }
    return { annotations, summaries };
  } catch (error) {
    if (error instanceof LabelStudioError) throw labelStudioProblem(error);
    if (error instanceof Error && /holds no Rubric guideline/.test(error.message)) throw new HttpProblem(422, 'set-mismatch', 'Project without a Rubric guideline', error.message);
    throw error;
  }
}
