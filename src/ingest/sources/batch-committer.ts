/**
 * Gathers normalised records from one or more source units (S3 objects, CloudWatch pages) into one
 * store commit, together with their checkpoints and the source's tally. Small units share a commit
 * (a commit costs far more than a record); one commit is in flight while the next batch fills.
 */
import type { Checkpoint, EventInput, RejectInput, Store } from '../../store/store.ts';
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
