/**
 * Collects records, rejections and checkpoints from one or many sources and commits them together
 * once `limit` records are waiting (many small files share one transaction). A checkpoint is only
 * ever committed with the records it covers. The next commit starts only after the previous one
 * finished, while the caller goes on normalising. With a store that loads staging files (DuckDB)
 * records are staged to a file as they come, so a large commit holds little memory.
 */
import type { StagedCommit } from '../store/duckdb/duckdb-store.ts';
import { nextChunkTag, StagingFile, stageEvents } from '../store/duckdb/stage.ts';
import type { Checkpoint, CommitResult, EventInput, RejectInput, Store } from '../store/store.ts';
import type { StagedBatch } from './normalize-batch.ts';

/** A store that loads staging files (DuckDB): batches then skip the row objects altogether. */
interface StagedStore {
  commitStaged(batch: StagedCommit): Promise<CommitResult>;
  readonly rowGroupRows: number;
}

function stagedStore(store: Store): StagedStore | null {
  const s = store as Store & Partial<StagedStore>;
  return typeof s.commitStaged === 'function' ? (s as StagedStore) : null;
}

/**
 * Commit boundaries on the table's row groups: a commit ends where a row group of the events table
 * ends whenever the batches allow it. DuckDB writes the full row groups of a large commit straight
 * to the file; when they do not line up with the table's, the next checkpoint rewrites them and the
 * blocks first written stay in the file as free space (a million records in commits of ~123k rows
 * left 160 of 380 blocks free). Counted from the buffer's start: DuckDB starts a new row group for
 * the first rows appended after a checkpoint.
 */
interface RowAlignment {
  /** Rows per row group (DuckDB: 122,880). */
  rowGroup: number;
  /** Rows handed to the store so far. */
  tableRows: number;
  /** Records framed so far, less those known to be rejected: where the next batch starts. */
  framedRows: number;
}

export interface CommitBufferOptions {
  /**
   * End commits on the events table's row groups (a store that loads staging files only) instead
   * of every `limit` records; frame the batches with `batchSize` for it.
   */
  alignRowGroups?: boolean;
}

export class CommitBuffer {
  private events: EventInput[] = [];
  private staging: StagingFile | null = null;
  private rejects: RejectInput[] = [];
  private checkpoints = new Map<string, Checkpoint>();
  private pending: Promise<unknown> | null = null;
  private afterCommit: (() => void)[] = [];
  private readonly staged: StagedStore | null;
  private readonly align: RowAlignment | null;
  private readonly limit: number;

  constructor(
    private readonly store: Store,
    limit = 20_000,
    opts: CommitBufferOptions = {},
  ) {
    this.staged = stagedStore(store);
    this.align =
      opts.alignRowGroups && this.staged
        ? { rowGroup: this.staged.rowGroupRows, tableRows: 0, framedRows: 0 }
        : null;
    // Aligned, the limit only bounds a run of batches that never reaches a row group's end.
    this.limit = this.align ? 2 * this.align.rowGroup : limit;
  }

  /**
   * The framing batch size for records queued here: `max`, or, aligned, no further than the end of
   * the row group the next batch falls in.
   */
  batchSize(max: number): number | (() => number) {
    const align = this.align;
    if (align === null) return max;
    return () => Math.min(max, align.rowGroup - (align.framedRows % align.rowGroup));
  }

  /** Notes `count` framed records on their way here (the BatchStager calls it as it submits them). */
  framed(count: number): void {
    if (this.align) this.align.framedRows += count;
  }

  /** Event rows queued (not rejections). */
  private get queuedRows(): number {
    return this.events.length + (this.staging?.count ?? 0);
  }

  /**
   * At the limit, or (aligned) at or just past the end of a row group of the table: exactly at it
   * when the batches were cut there, a few rows past it when rejected lines (known only after the
   * batches were cut) moved the end.
   */
  private get full(): boolean {
    if (this.queued >= this.limit) return true;
    if (this.align === null) return false;
    const { rowGroup, tableRows } = this.align;
    return Math.floor((tableRows + this.queuedRows) / rowGroup) > Math.floor(tableRows / rowGroup);
  }

  /** Whether `addStaged` is usable (the store loads staging files). */
  get acceptsStaged(): boolean {
    return this.staged !== null;
  }

  private get queued(): number {
    return this.events.length + (this.staging?.count ?? 0) + this.rejects.length;
  }

  private keep(
    rejects: readonly RejectInput[],
    checkpoint?: Checkpoint | readonly Checkpoint[],
    done?: () => void,
  ): void {
    for (const r of rejects) this.rejects.push(r);
    // Rejected records take no row: batches framed from now on are cut on the corrected count.
    if (this.align) this.align.framedRows -= rejects.length;
    const cps: readonly Checkpoint[] = !checkpoint
      ? []
      : 'sourceKey' in checkpoint
        ? [checkpoint]
        : checkpoint;
    for (const cp of cps) this.checkpoints.set(cp.sourceKey, cp);
    if (done) this.afterCommit.push(done);
  }

  /**
   * Queues records and (optionally) the checkpoint(s) they bring their sources to; `done` runs once
   * committed. Of several checkpoints of one source queued for a commit, the last is written.
   */
  async add(
    events: readonly EventInput[],
    rejects: readonly RejectInput[],
    checkpoint?: Checkpoint | readonly Checkpoint[],
    done?: () => void,
  ): Promise<void> {
    if (this.staged) {
      // Staged right away, one chunk per run of one origin: the rows need not stay in memory.
      let from = 0;
      for (let i = 1; i <= events.length; i++) {
        if (i < events.length && events[i]!.origin === events[from]!.origin) continue;
        const tag = nextChunkTag();
        const run = events.slice(from, i);
        this.staging ??= new StagingFile();
        const { bytes, longestLine } = stageEvents(run, tag);
        this.staging.append(bytes, { tag, count: run.length, origin: events[from]!.origin, longestLine });
        from = i;
      }
    } else {
      for (const e of events) this.events.push(e);
    }
    this.keep(rejects, checkpoint, done);
    if (this.full) await this.flush();
  }

  /** Queues a staged batch (see `acceptsStaged`) like `add`. */
  async addStaged(
    batch: StagedBatch,
    checkpoint?: Checkpoint | readonly Checkpoint[],
    done?: () => void,
  ): Promise<void> {
    if (!this.staged) throw new Error('this store does not load staged batches');
    this.staging ??= new StagingFile();
    this.staging.append(batch.bytes, {
      tag: batch.tag,
      count: batch.count,
      origin: batch.origin,
      longestLine: batch.longestLine,
    });
    this.keep(batch.rejects, checkpoint, done);
    if (this.full) await this.flush();
  }

  /** Starts committing what is queued (after the previous commit); does not wait for it. */
  async flush(): Promise<void> {
    if (this.pending) await this.pending;
    this.pending = null;
    if (this.queued === 0 && this.checkpoints.size === 0) {
      this.runCallbacks();
      return;
    }
    const checkpoints = [...this.checkpoints.values()];
    const callbacks = this.afterCommit;
    if (this.align) this.align.tableRows += this.queuedRows;
    const rejects = this.rejects;
    let commit: Promise<unknown>;
    if (this.staged) {
      const staging = this.staging ?? new StagingFile();
      commit = this.staged.commitStaged({ staging, rejects, checkpoints });
    } else {
      commit = this.store.commitBatch({ events: this.events, rejects, checkpoints });
    }
    this.events = [];
    this.staging = null;
    this.rejects = [];
    this.checkpoints = new Map();
    this.afterCommit = [];
    this.pending = commit.then(() => {
      for (const f of callbacks) f();
    });
    // A failed commit is reported by the next flush or drain, not as an unhandled rejection meanwhile.
    this.pending.catch(() => undefined);
  }

  /** Callbacks queued with nothing to commit (a source that added nothing) run at once. */
  private runCallbacks(): void {
    const callbacks = this.afterCommit;
    this.afterCommit = [];
    for (const f of callbacks) f();
  }

  /** Waits for the commit in flight, if any, without starting another; its failure is ignored. */
  async settle(): Promise<void> {
    if (this.pending) await this.pending.catch(() => undefined);
    this.pending = null;
  }

  /** Drops everything queued and not yet committing (after a failure), removing its staging file. */
  discard(): void {
    this.staging?.remove();
    this.staging = null;
    this.events = [];
    this.rejects = [];
    this.checkpoints = new Map();
    this.afterCommit = [];
  }

  /** Commits everything queued and waits until it is committed. */
  async drain(): Promise<void> {
    await this.flush();
    if (this.pending) await this.pending;
    this.pending = null;
  }
}
