/**
 * Keeps a few framed batches normalising at once (in the pool's workers) and hands the results to
 * the commit buffer strictly in submission order, so ids still increase with arrival and each
 * checkpoint is committed with exactly the records before it. Submitting waits while `window`
 * batches are in flight: memory stays bounded and a slow commit slows the reading down.
 */
import type { Checkpoint } from '../store/store.ts';
import type { CommitBuffer } from './commit-buffer.ts';
import type { FramedRecord } from './framing/types.ts';
import { type BatchStats, normalizeFramed, type StagedBatch } from './normalize-batch.ts';
import type { NormalizePool } from './normalize-pool.ts';

/** What to commit with a batch: the checkpoint it brings its source to, and a callback once committed. */
export interface AfterStage {
  checkpoint?: Checkpoint;
  /** More checkpoints committed with the batch (e.g. a collector's tally beside the object's). */
  checkpoints?: readonly Checkpoint[];
  done?: () => void;
}

const checkpointsOf = (after: AfterStage | undefined): Checkpoint[] => [
  ...(after?.checkpoint ? [after.checkpoint] : []),
  ...(after?.checkpoints ?? []),
];

interface Step {
  job: Promise<StagedBatch> | null;
  settle: (stats: BatchStats | null) => AfterStage | undefined;
}

export class BatchStager {
  private readonly queue: Step[] = [];

  constructor(
    private readonly buffer: CommitBuffer,
    private readonly pool: NormalizePool | null,
    private readonly window = 4,
  ) {}

  /**
   * Normalises `records` of `origin`; `then` runs with the batch's stats in submission order and
   * says what to commit with it. Returns once the batch is queued (not committed).
   */
  async submit(
    records: FramedRecord[],
    origin: string,
    then: (stats: BatchStats) => AfterStage | undefined,
  ): Promise<void> {
    this.buffer.framed(records.length);
    if (!this.pool || !this.buffer.acceptsStaged) {
      // No workers or no staging: normalise here, in order, once everything before is queued.
      await this.flush();
      const { events, rejects, stats } = normalizeFramed(records, origin);
      const after = then(stats);
      await this.buffer.add(events, rejects, checkpointsOf(after), after?.done);
      return;
    }
    const job = this.pool.stage(records, origin);
    job.catch(() => undefined); // reported when its turn comes, not as an unhandled rejection
    this.queue.push({ job, settle: (s) => then(s!) });
    while (this.queue.length >= this.window) await this.next();
  }

  /** Queues a step without records (e.g. a source's final checkpoint) after everything submitted. */
  async mark(then: () => AfterStage | undefined): Promise<void> {
    if (this.queue.length === 0) {
      const after = then();
      await this.buffer.add([], [], checkpointsOf(after), after?.done);
      return;
    }
    this.queue.push({ job: null, settle: () => then() });
  }

  /** Hands every queued batch to the buffer (which commits them as it fills; drain it to finish). */
  async flush(): Promise<void> {
    while (this.queue.length > 0) await this.next();
  }

  private async next(): Promise<void> {
    const step = this.queue[0]!;
    let batch: StagedBatch | null = null;
    try {
      batch = step.job ? await step.job : null;
    } finally {
      this.queue.shift();
    }
    const after = step.settle(batch ? batch.stats : null);
    if (batch) await this.buffer.addStaged(batch, checkpointsOf(after), after?.done);
    else await this.buffer.add([], [], checkpointsOf(after), after?.done);
  }
}
