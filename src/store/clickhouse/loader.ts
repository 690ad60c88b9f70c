/**
 * The ClickHouse loader: a batch's events as chunks of TabSeparated lines (`stager.ts`), staged in
 * the normalising workers or, for rows normalised here, as they come; gathered into one INSERT per
 * commit (ClickHouse prefers few large inserts: each makes a part per partition it touches) and
 * committed by the store's commit protocol with the batch's checkpoints (see `clickhouse-store.ts`).
 */

import type { Loader, LoaderOptions, LoadPart } from '../loader.ts';
import type { Checkpoint, CommitResult, RejectInput } from '../store.ts';
import type { StagedCommit } from './clickhouse-store.ts';
import { type ClickHouseStagedRows, clickhouseStagingFormat, stageEvents } from './stager.ts';

/** Records per INSERT by default. */
export const CLICKHOUSE_COMMIT_RECORDS = 30_000;

export class ClickHouseLoader implements Loader {
  readonly stager = clickhouseStagingFormat;
  private chunks: ClickHouseStagedRows[] = [];
  private rows = 0;
  private rejects: RejectInput[] = [];
  private checkpoints = new Map<string, Checkpoint>();
  private readonly limit: number;

  constructor(
    private readonly store: { commitStaged(batch: StagedCommit): Promise<CommitResult> },
    opts: LoaderOptions = {},
  ) {
    this.limit = opts.commitRecords ?? CLICKHOUSE_COMMIT_RECORDS;
  }

  batchSize(max: number): number {
    return max;
  }

  framed(_count: number): void {}

  add(part: LoadPart): void {
    const staged = [
      ...(part.events && part.events.length > 0 ? stageEvents(part.events) : []),
      ...(part.staged ? [part.staged as ClickHouseStagedRows] : []),
    ];
    for (const c of staged) {
      this.chunks.push(c);
      this.rows += c.count;
    }
    for (const r of part.rejects ?? []) this.rejects.push(r);
    for (const cp of part.checkpoints ?? []) {
      this.checkpoints.delete(cp.sourceKey); // the last of a key is written, in the order added
      this.checkpoints.set(cp.sourceKey, cp);
    }
  }

  get full(): boolean {
    return this.rows + this.rejects.length >= this.limit;
  }

  get empty(): boolean {
    return this.rows === 0 && this.rejects.length === 0 && this.checkpoints.size === 0;
  }

  commit(): Promise<CommitResult> {
    const batch = { chunks: this.chunks, rejects: this.rejects, checkpoints: [...this.checkpoints.values()] };
    this.discard();
    return this.store.commitStaged(batch);
  }

  discard(): void {
    this.chunks = [];
    this.rows = 0;
    this.rejects = [];
    this.checkpoints = new Map();
  }
}
