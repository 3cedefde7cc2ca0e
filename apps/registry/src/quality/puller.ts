/**
 * The scheduled quality pull (config `qualityPullIntervalMs`, off at 0):
 * every interval, the annotations of every enabled Label Studio target of
 * every set are pulled through Label Studio's export API and measured per
 * version, as POST …/targets/{targetId}/quality:pull does on request, by the
 * `system` actor. A version whose pulled records are those its latest report
 * from the same target measured is left as it is, so an idle project adds no
 * reports, and several instances pulling the same target store each change
 * about once. A target that fails (Label Studio down, a secret this instance
 * cannot read) is logged and tried again at the next interval; the others go on.
 */
import { SYSTEM_ACTOR } from '../auth.js';
import { HttpProblem } from '../errors.js';
import type { Logger } from '../logger.js';
import { pullTarget, type PullDeps } from '../delivery/label-studio-pull.js';
import type { QualityService } from './service.js';

/** What the scheduled pull needs. */
export interface PullerDeps extends PullDeps {
  quality: QualityService;
  logger: Logger;
  intervalMs: number;
}

/** One target's outcome in a round. */
export interface PullOutcome {
  setId: string;
  targetId: string;
  stored: string[];
  unchanged: string[];
  error?: string;
}

/** Runs the scheduled pull until stopped. */
export class QualityPuller {
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<PullOutcome[]> | undefined;
  private stopped = false;

  constructor(private readonly deps: PullerDeps) {}

  /** Schedules the rounds: the first after one interval, each next one an interval after the last ended. */
  start(): void {
    if (this.deps.intervalMs <= 0 || this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), this.deps.intervalMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    this.timer = undefined;
    await this.runOnce();
    this.start();
  }

  /** One round over every set's enabled Label Studio targets (also what a test calls). */
  runOnce(): Promise<PullOutcome[]> {
    this.round ??= this.pullAll().finally(() => {
      this.round = undefined;
    });
    return this.round;
  }

  private async pullAll(): Promise<PullOutcome[]> {
    const { store, quality, logger } = this.deps;
    const outcomes: PullOutcome[] = [];
    for (const set of await store.listSets()) {
      for (const target of await store.listTargets(set.id)) {
        if (this.stopped) return outcomes;
        if (target.kind !== 'label-studio' || !target.enabled) continue;
        const outcome: PullOutcome = { setId: set.id, targetId: target.id, stored: [], unchanged: [] };
        try {
          const pulled = await pullTarget(this.deps, target);
          const items = pulled.annotations.map((a) => ({ record: a.record as unknown as Record<string, unknown>, errors: a.errors }));
          const result = await quality.measureRecords(set.id, items, SYSTEM_ACTOR, { kind: 'label-studio', targetId: target.id });
          outcome.stored = result.reports.map((r) => r.version);
          outcome.unchanged = result.unchanged.map((u) => u.version);
          logger.info({ setId: set.id, targetId: target.id, stored: outcome.stored, unchanged: outcome.unchanged, refused: result.refused.map((r) => r.version), unknownVersions: result.unknownVersions }, 'scheduled quality pull');
        } catch (error) {
          outcome.error = error instanceof HttpProblem ? `${error.code}: ${error.detail}` : error instanceof Error ? error.message : String(error);
          logger.warn({ setId: set.id, targetId: target.id, err: outcome.error }, 'scheduled quality pull failed; trying again at the next interval');
        }
        outcomes.push(outcome);
      }
    }
    return outcomes;
  }

  /** Stops scheduling and waits for a round in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.round?.catch(() => []);
  }
}
