/**
 * A collector's records on the commit pipeline (`CommitPipeline`): every commit carries, beside the
 * checkpoints of the units it covers (an S3 object's offset and line), the source's tally as of its
 * last step (totals, position and walk), so a restart resumes exactly after it. Steps settle in
 * submission order: framed batches (normalised in the pool's workers when there is one), records
 * normalised here (CloudWatch events) and marks without records.
 */
import type { Checkpoint, EventInput, Loader, RejectInput } from '../../store/store.ts';
import type { AfterStage } from '../commit-pipeline.ts';
import type { FramedRecord } from '../framing/types.ts';
import type { NormalizePool } from '../normalize-pool.ts';
import { type BatchStats, CommitPipeline } from '../pipeline.ts';
import type { PollResult, SourceTally } from './collector.ts';

/** What one step (a batch of records, or a mark without records) brings the source to. */
export interface CommitStep {
  /** Checkpoints of the units covered (an S3 object's offset and line), committed with the records. */
  checkpoints?: readonly Checkpoint[];
  /** The source's new position, when it moves. */
  position?: { position: string; positionTime: number | null };
}

export class SourceCommits {
  private readonly commits: CommitPipeline;
  /** The source's totals as of the steps settled so far. */
  private readonly totals: PollResult;
  private position: { position: string; positionTime: number | null } | undefined;
  /** The walk state as of the steps settled so far (committed with them). */
  walk: unknown;

  constructor(
    loader: Loader,
    private readonly tally: SourceTally,
    opts: { pool?: NormalizePool | null; window?: number } = {},
  ) {
    this.walk = tally.walk;
    this.totals = { records: tally.records, rejected: tally.rejected, bytes: tally.bytes };
    this.commits = new CommitPipeline(loader, opts);
  }

  /** The framing batch size (see `Loader.batchSize`). */
  batchSize(max: number): number | (() => number) {
    return this.commits.batchSize(max);
  }

  /** Queues framed records of `origin`; returns once queued (waits while the window is full). */
  submit(records: FramedRecord[], origin: string, then: (stats: BatchStats) => CommitStep): Promise<void> {
    return this.commits.submit(records, origin, (stats) => this.after(stats, then(stats)));
  }

  /** Queues records normalised here, with their stats, after everything submitted. */
  add(
    part: { events: readonly EventInput[]; rejects: readonly RejectInput[]; stats: PollResult },
    step: CommitStep = {},
  ): Promise<void> {
    return this.commits.add(part, () => this.after(part.stats, step));
  }

  /** Queues a step without records after everything submitted (an object's completion, a skip). */
  mark(then: () => CommitStep): Promise<void> {
    return this.commits.mark(() => this.after(null, then()));
  }

  private after(stats: PollResult | null, step: CommitStep): AfterStage {
    if (stats) {
      this.totals.records += stats.records;
      this.totals.rejected += stats.rejected;
      this.totals.bytes += stats.bytes;
    }
    if (step.position) this.position = step.position;
    const t: Checkpoint = {
      ...this.tally.checkpoint(undefined, this.walk, this.position),
      ...this.totals,
    };
    return { checkpoints: [...(step.checkpoints ?? []), t], done: () => this.tally.committed(t) };
  }

  /** Commits everything queued and waits for it. */
  drain(): Promise<void> {
    return this.commits.drain();
  }

  /** After a failure: waits for the commit in flight and drops what was not committing yet. */
  settle(): Promise<void> {
    return this.commits.settle();
  }
}
