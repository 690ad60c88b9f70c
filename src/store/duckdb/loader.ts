/**
 * The DuckDB loader: a batch's events go into a staging file as they come (rows are staged right
 * away; batches staged in workers are appended as they are), so a large commit holds little memory;
 * the commit loads the file in one INSERT with the rejections and checkpoints (`commitStaged`).
 */
import type { IngestLimits, Loader, LoaderOptions, LoadPart } from '../loader.ts';
import type { Checkpoint, CommitResult, EventInput, RejectInput } from '../store.ts';
import type { StagedCommit } from './duckdb-store.ts';
import { nextChunkTag, StagingFile, stageEvents } from './stage.ts';
import { type DuckDbStagedRows, duckdbStagingFormat } from './stager.ts';

/** Rows per row group of the tables (DuckDB's default). */
export const ROW_GROUP_ROWS = 122_880;

/**
 * DuckDB settings for the load phase of an ingest: a small memory limit and one thread. Each commit
 * loads one staging file of about a row group, which needs well under the limit (each INSERT of a
 * row group about 200 MB); unlimited, DuckDB keeps several hundred MB of buffers per INSERT and the
 * final checkpoint on top. One thread: the normalise workers keep the cores busy meanwhile.
 * The sessions refresh after an ingest is tried first under 256 MB: it works one flow_id partition
 * at a time, so this holds at any number of records (1M records: peak RSS ~720 MB at 256 MB,
 * ~860-960 MB at 384 MB; the refresh 15% slower).
 */
export const DUCKDB_INGEST_LIMITS: IngestLimits = {
  load: { memoryLimit: '192MB', threads: 1 },
  refreshMemoryLimit: '256MB',
};

/** What the loader commits through (the store). */
export interface StagedCommitter {
  commitStaged(batch: StagedCommit): Promise<CommitResult>;
}

/**
 * Commit boundaries on the table's row groups: a commit ends where a row group of the events table
 * ends whenever the batches allow it. DuckDB writes the full row groups of a large commit straight
 * to the file; when they do not line up with the table's, the next checkpoint rewrites them and the
 * blocks first written stay in the file as free space (a million records in commits of ~123k rows
 * left 160 of 380 blocks free). Counted from the loader's start: DuckDB starts a new row group for
 * the first rows appended after a checkpoint.
 */
interface RowAlignment {
  /** Rows per row group (122,880). */
  rowGroup: number;
  /** Rows handed to the store so far. */
  tableRows: number;
  /** Records framed so far, less those known to be rejected: where the next batch starts. */
  framedRows: number;
}

export class DuckDbLoader implements Loader {
  readonly stager = duckdbStagingFormat;
  private staging: StagingFile | null = null;
  private rejects: RejectInput[] = [];
  private checkpoints = new Map<string, Checkpoint>();
  private readonly align: RowAlignment | null;
  private readonly limit: number;

  constructor(
    private readonly store: StagedCommitter,
    opts: LoaderOptions = {},
  ) {
    // By default commits end on the events table's row groups; an explicit size: every so many records.
    this.align =
      opts.commitRecords === undefined ? { rowGroup: ROW_GROUP_ROWS, tableRows: 0, framedRows: 0 } : null;
    // Aligned, the limit only bounds a run of batches that never reaches a row group's end.
    this.limit = this.align ? 2 * this.align.rowGroup : (opts.commitRecords ?? ROW_GROUP_ROWS);
  }

  batchSize(max: number): number | (() => number) {
    const align = this.align;
    if (align === null) return max;
    return () => Math.min(max, align.rowGroup - (align.framedRows % align.rowGroup));
  }

  framed(count: number): void {
    if (this.align) this.align.framedRows += count;
  }

  /** Event rows queued (not rejections). */
  private get queuedRows(): number {
    return this.staging?.count ?? 0;
  }

  private get queued(): number {
    return this.queuedRows + this.rejects.length;
  }

  get empty(): boolean {
    return this.queued === 0 && this.checkpoints.size === 0;
  }

  /**
   * At the limit, or (aligned) at or just past the end of a row group of the table: exactly at it
   * when the batches were cut there, a few rows past it when rejected lines (known only after the
   * batches were cut) moved the end.
   */
  get full(): boolean {
    if (this.queued >= this.limit) return true;
    if (this.align === null) return false;
    const { rowGroup, tableRows } = this.align;
    return Math.floor((tableRows + this.queuedRows) / rowGroup) > Math.floor(tableRows / rowGroup);
  }

  add(part: LoadPart): void {
    if (part.events) this.stageRows(part.events);
    if (part.staged) {
      const s = part.staged as DuckDbStagedRows;
      this.staging ??= new StagingFile();
      this.staging.append(s.bytes, {
        tag: s.tag,
        count: s.count,
        origin: s.origin,
        longestLine: s.longestLine,
      });
    }
    const rejects = part.rejects ?? [];
    for (const r of rejects) this.rejects.push(r);
    // Rejected records take no row: batches framed from now on are cut on the corrected count.
    if (this.align) this.align.framedRows -= rejects.length;
    for (const cp of part.checkpoints ?? []) this.checkpoints.set(cp.sourceKey, cp);
  }

  /** Stages rows right away, one chunk per run of one origin: they need not stay in memory. */
  private stageRows(events: readonly EventInput[]): void {
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
  }

  commit(): Promise<CommitResult> {
    if (this.align) this.align.tableRows += this.queuedRows;
    const batch: StagedCommit = {
      staging: this.staging ?? new StagingFile(),
      rejects: this.rejects,
      checkpoints: [...this.checkpoints.values()],
    };
    this.staging = null;
    this.rejects = [];
    this.checkpoints = new Map();
    return this.store.commitStaged(batch);
  }

  discard(): void {
    this.staging?.remove();
    this.staging = null;
    this.rejects = [];
    this.checkpoints = new Map();
  }
}
