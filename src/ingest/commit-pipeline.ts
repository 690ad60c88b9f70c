/**
 * The one way records reach the store, for files, S3, CloudWatch and Firehose alike. Framed
 * batches are normalised a few at a time (in the pool's workers, into the store's staged form when
 * its loader takes one) and handed to the store's loader strictly in submission order, so ids still
 * increase with arrival and each checkpoint is committed with exactly the records before it. Many
 * small sources share one commit (a commit costs far more than a record): the loader says when its
 * batch is full; then it is committed while the next one fills, one commit in flight at a time.
 * Submitting waits while `window` batches are normalising, so memory stays bounded and a slow
 * commit slows the reading down.
 */
import type { Checkpoint, EventInput, Loader, RejectInput, Store } from '../store/store.ts';
import type { FramedRecord } from './framing/types.ts';
import { type BatchStats, normalizeFramed, type StagedBatch } from './normalize-batch.ts';
import type { NormalizePool } from './normalize-pool.ts';

/** What to commit with a batch: the checkpoint(s) it brings its sources to, and a callback once committed. */
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

export interface CommitPipelineOptions {
  /** Normalise in these workers when the loader takes staged rows; default: on this thread. */
  pool?: NormalizePool | null;
  /** Framed batches normalising at once (default 4). */
  window?: number;
}

export class CommitPipeline {
  private readonly queue: Step[] = [];
  private readonly pool: NormalizePool | null;
  private readonly window: number;
  private pending: Promise<unknown> | null = null;
  private afterCommit: (() => void)[] = [];

  constructor(
    private readonly loader: Loader,
    opts: CommitPipelineOptions = {},
  ) {
    this.pool = opts.pool ?? null;
    this.window = opts.window ?? 4;
  }

  /** A pipeline on a new loader of `store` (`commitRecords`: see `LoaderOptions`). */
  static of(store: Store, commitRecords?: number, opts: CommitPipelineOptions = {}): CommitPipeline {
    return new CommitPipeline(store.loader({ commitRecords }), opts);
  }

  /** The framing batch size for records bound here (see `Loader.batchSize`). */
  batchSize(max: number): number | (() => number) {
    return this.loader.batchSize(max);
  }

  /**
   * Normalises `records` of `origin`; `then` runs with the batch's stats in submission order and
   * says what to commit with it. Returns once the batch is queued (not committed).
   */
  async submit(
    records: FramedRecord[],
    origin: string,
    then: (stats: BatchStats) => AfterStage | undefined,
  ): Promise<void> {
    this.loader.framed(records.length);
    const format = this.loader.stager;
    if (!this.pool || !format) {
      // No workers or no staged form: normalise here, in order, once everything before is queued.
      const { events, rejects, stats } = normalizeFramed(records, origin);
      await this.add({ events, rejects }, () => then(stats));
      return;
    }
    const job = this.pool.stage(records, origin, format);
    job.catch(() => undefined); // reported when its turn comes, not as an unhandled rejection
    this.queue.push({ job, settle: (s) => then(s!) });
    while (this.queue.length >= this.window) await this.next();
  }

  /**
   * Queues records normalised elsewhere (CloudWatch events, Firehose requests) after everything
   * submitted; `then` says what to commit with them.
   */
  async add(
    part: { events: readonly EventInput[]; rejects: readonly RejectInput[] },
    then?: () => AfterStage | undefined,
  ): Promise<void> {
    await this.flush();
    await this.load(part.events, part.rejects, then?.());
  }

  /** Queues a step without records (e.g. a source's final checkpoint) after everything submitted. */
  async mark(then: () => AfterStage | undefined): Promise<void> {
    if (this.queue.length === 0) {
      await this.load([], [], then());
      return;
    }
    this.queue.push({ job: null, settle: () => then() });
  }

  /** Hands every queued batch to the loader (committed as it fills; `drain` to finish). */
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
    this.loader.add({ staged: batch?.staged, rejects: batch?.rejects, checkpoints: checkpointsOf(after) });
    await this.added(after);
  }

  private async load(
    events: readonly EventInput[],
    rejects: readonly RejectInput[],
    after: AfterStage | undefined,
  ): Promise<void> {
    this.loader.add({ events, rejects, checkpoints: checkpointsOf(after) });
    await this.added(after);
  }

  private async added(after: AfterStage | undefined): Promise<void> {
    if (after?.done) this.afterCommit.push(after.done);
    if (this.loader.full) await this.commit();
  }

  /** Starts committing what the loader holds (after the previous commit); does not wait for it. */
  private async commit(): Promise<void> {
    if (this.pending) await this.pending;
    this.pending = null;
    const callbacks = this.afterCommit;
    this.afterCommit = [];
    if (this.loader.empty) {
      // Callbacks queued with nothing to commit (a source that added nothing) run at once.
      for (const f of callbacks) f();
      return;
    }
    this.pending = this.loader.commit().then(() => {
      for (const f of callbacks) f();
    });
    // A failed commit is reported by the next commit or drain, not as an unhandled rejection meanwhile.
    this.pending.catch(() => undefined);
  }

  /** Commits everything queued and waits until it is committed. */
  async drain(): Promise<void> {
    await this.flush();
    await this.commit();
    if (this.pending) await this.pending;
    this.pending = null;
  }

  /**
   * After a failure: waits for the commit in flight, if any (its failure ignored), and drops what
   * was not committing yet.
   */
  async settle(): Promise<void> {
    if (this.pending) await this.pending.catch(() => undefined);
    this.pending = null;
    this.queue.length = 0;
    this.loader.discard();
    this.afterCommit = [];
  }
}

/** Commits checkpoints alone (a source's status), in one transaction. */
export async function commitCheckpoints(store: Store, checkpoints: readonly Checkpoint[]): Promise<void> {
  const loader = store.loader({ commitRecords: Number.POSITIVE_INFINITY });
  loader.add({ checkpoints });
  await loader.commit();
}
