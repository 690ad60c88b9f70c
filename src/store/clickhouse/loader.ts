/**
 * The ClickHouse loader: normalised rows gathered into one INSERT per batch (ClickHouse prefers few
 * large inserts: each makes a part per partition it touches), committed by the store's commit
 * protocol with the batch's checkpoints (see `clickhouse-store.ts`).
 */

import type { Loader, LoaderOptions, LoadPart } from '../loader.ts';
import type { Checkpoint, CommitResult, EventInput, RejectInput } from '../store.ts';
import type { ClickHouseStore } from './clickhouse-store.ts';

/** Records per INSERT by default. */
export const CLICKHOUSE_COMMIT_RECORDS = 30_000;

export class ClickHouseLoader implements Loader {
  readonly stager = null;
  private events: EventInput[] = [];
  private rejects: RejectInput[] = [];
  private checkpoints = new Map<string, Checkpoint>();
  private readonly limit: number;

  constructor(
    private readonly store: Pick<ClickHouseStore, 'commitBatch'>,
    opts: LoaderOptions = {},
  ) {
    this.limit = opts.commitRecords ?? CLICKHOUSE_COMMIT_RECORDS;
  }

  batchSize(max: number): number {
    return max;
  }

  framed(_count: number): void {}

  add(part: LoadPart): void {
    if (part.staged) throw new Error('the ClickHouse loader takes rows, not staged rows');
    for (const e of part.events ?? []) this.events.push(e);
    for (const r of part.rejects ?? []) this.rejects.push(r);
    for (const cp of part.checkpoints ?? []) {
      this.checkpoints.delete(cp.sourceKey); // the last of a key is written, in the order added
      this.checkpoints.set(cp.sourceKey, cp);
    }
  }

  get full(): boolean {
    return this.events.length + this.rejects.length >= this.limit;
  }

  get empty(): boolean {
    return this.events.length === 0 && this.rejects.length === 0 && this.checkpoints.size === 0;
  }

  commit(): Promise<CommitResult> {
    const batch = { events: this.events, rejects: this.rejects, checkpoints: [...this.checkpoints.values()] };
    this.discard();
    return this.store.commitBatch(batch);
  }

  discard(): void {
    this.events = [];
    this.rejects = [];
    this.checkpoints = new Map();
  }
}
