/**
 * Gathers normalised records from one or more source units (S3 objects, CloudWatch pages) into one
 * store commit, together with their checkpoints and the source's tally. Small units share a commit
 * (a commit costs far more than a record); one commit is in flight while the next batch fills.
 * `BatchCommitter` takes normalised rows; `StagedBatchCommitter` takes framed records and normalises
 * them in worker threads.
 */
import type { Checkpoint, EventInput, RejectInput, Store } from '../../store/store.ts';
import type { AfterStage } from '../batch-stager.ts';
import type { FramedRecord } from '../framing/types.ts';
import type { NormalizePool } from '../normalize-pool.ts';
import { BatchStager, type BatchStats, CommitBuffer } from '../pipeline.ts';
import type { PollResult, SourceTally } from './collector.ts';

export class BatchCommitter {
  private events: EventInput[] = [];
  private rejects: RejectInput[] = [];
  private delta: PollResult = { records: 0, rejected: 0, bytes: 0 };
  private checkpoints = new Map<string, Checkpoint>();
  private position: { position: string; positionTime: number | null } | undefined;
  private pending: Promise<void> | null = null;
  /** The walk state as of the records added so far (committed with them). */
  walk: unknown;

  constructor(
    private readonly store: Store,
    private readonly tally: SourceTally,
    private readonly maxRecords: number,
  ) {
    this.walk = tally.walk;
  }

  get size(): number {
    return this.events.length + this.rejects.length;
  }

  /** Adds records with the checkpoints that cover them; flushes when the batch is full. */
  async add(
    part: { events: EventInput[]; rejects: RejectInput[]; stats: PollResult },
    checkpoints: readonly Checkpoint[] = [],
    position?: { position: string; positionTime: number | null },
  ): Promise<void> {
    for (const e of part.events) this.events.push(e);
    for (const r of part.rejects) this.rejects.push(r);
    this.delta.records += part.stats.records;
    this.delta.rejected += part.stats.rejected;
    this.delta.bytes += part.stats.bytes;
    for (const cp of checkpoints) this.checkpoints.set(cp.sourceKey, cp);
    if (position) this.position = position;
    if (this.size >= this.maxRecords) await this.flush();
  }

  /** Starts committing what was added (after the previous commit has finished). */
  async flush(): Promise<void> {
    if (this.pending) await this.pending;
    this.pending = null;
    if (this.size === 0 && this.checkpoints.size === 0 && this.walk === this.tally.walk) return;
    const t = this.tally.checkpoint(this.delta, this.walk, this.position);
    const batch = {
      events: this.events,
      rejects: this.rejects,
      checkpoints: [...this.checkpoints.values(), t],
    };
    this.events = [];
    this.rejects = [];
    this.delta = { records: 0, rejected: 0, bytes: 0 };
    this.checkpoints = new Map();
    this.position = undefined;
    this.pending = this.store.commitBatch(batch).then(() => this.tally.committed(t));
    this.pending.catch(() => undefined); // awaited by the next flush or by drain()
  }

  /** Commits everything added and waits for it. */
  async drain(): Promise<void> {
    await this.flush();
    if (this.pending) await this.pending;
    this.pending = null;
  }

  /** Waits for the commit in flight without starting another (used on the error path). */
  async settle(): Promise<void> {
    if (this.pending) await this.pending.catch(() => undefined);
    this.pending = null;
  }
}

/** What one step (a framed batch, or a mark without records) brings the source to. */
export interface CommitStep {
  /** Checkpoints of the units covered (an S3 object's offset and line), committed with the records. */
  checkpoints?: readonly Checkpoint[];
  /** The source's new position, when it moves. */
  position?: { position: string; positionTime: number | null };
}

/**
 * The framed-batch counterpart of `BatchCommitter`: batches are normalised in the pool's workers
 * (straight into staging files when the store loads them) and committed `commitRecords` at a time.
 * Each step's `then` runs in submission order once the batch is normalised, with the batch's stats; it
 * may move `walk` and says which checkpoints the batch brings its units to. Every commit carries those
 * checkpoints and the source's tally as of its last step, so a restart resumes exactly after it.
 */
export class StagedBatchCommitter {
  private readonly buffer: CommitBuffer;
  private readonly stager: BatchStager;
  /** The source's totals as of the steps settled so far. */
  private readonly totals: PollResult;
  private position: { position: string; positionTime: number | null } | undefined;
  /** The walk state as of the steps settled so far (committed with them). */
  walk: unknown;

  constructor(
    store: Store,
    private readonly tally: SourceTally,
    opts: {
      commitRecords: number;
      pool: NormalizePool | null;
      window?: number;
      /** End commits on the events table's row groups instead of every `commitRecords` (see CommitBuffer). */
      alignRowGroups?: boolean;
    },
  ) {
    this.walk = tally.walk;
    this.totals = { records: tally.records, rejected: tally.rejected, bytes: tally.bytes };
    this.buffer = new CommitBuffer(store, opts.commitRecords, { alignRowGroups: opts.alignRowGroups });
    this.stager = new BatchStager(this.buffer, opts.pool, opts.window);
  }

  /** The framing batch size: `max`, or, aligned, no further than the current row group's end. */
  batchSize(max: number): number | (() => number) {
    return this.buffer.batchSize(max);
  }

  /** Queues framed records of `origin`; returns once queued (waits while the window is full). */
  submit(records: FramedRecord[], origin: string, then: (stats: BatchStats) => CommitStep): Promise<void> {
    return this.stager.submit(records, origin, (stats) => this.after(stats, then(stats)));
  }

  /** Queues a step without records after everything submitted (an object's completion, a skip). */
  mark(then: () => CommitStep): Promise<void> {
    return this.stager.mark(() => this.after(null, then()));
  }

  private after(stats: BatchStats | null, step: CommitStep): AfterStage {
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
  async drain(): Promise<void> {
    await this.stager.flush();
    await this.buffer.drain();
  }

  /** After a failure: waits for the commit in flight and drops what was not committing yet. */
  async settle(): Promise<void> {
    await this.buffer.settle();
    this.buffer.discard();
  }
}
