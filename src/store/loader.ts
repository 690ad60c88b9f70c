/**
 * Loading: how a store takes the records of an ingest. A `Loader` fills one batch at a time (rows,
 * rejections and the checkpoints they bring their sources to), says when the batch has reached the
 * size the engine prefers, and commits it atomically with its checkpoints. An engine may take rows
 * in a staged form of its own, made by its stager while normalising (in worker threads): callers
 * pass the `StagingFormat` on and the staged rows back without knowing what is in them.
 */
import type { EventRow } from '../schema/columns.ts';
import type { Checkpoint, CommitResult, EventInput, RejectInput } from './store.ts';

export interface LoaderOptions {
  /**
   * Records (rows and rejections) per commit; default: the engine's preference (DuckDB: commits
   * that end on the row groups of the events table). `Infinity`: one commit of all that was added.
   */
  commitRecords?: number | undefined;
}

/** Rows normalised into an engine's staged form (by its `RowStager`); only the count is public. */
export interface StagedRows {
  /** Accepted rows in it. */
  readonly count: number;
}

/** Stages the accepted rows of one framed batch, in order, in the engine's load format. */
export interface RowStager {
  add(row: EventRow, residual: string | null, line: number): void;
  /** The staged rows, and the buffers in them that may move to another thread without a copy. */
  finish(): { rows: StagedRows; transfer: ArrayBuffer[] };
}

/**
 * Makes the stager of one framed batch of `origin` (about `records` records) from the parameters
 * `StagingFormat.next()` gave for it.
 */
export type StagerFactory = (params: unknown, origin: string, records: number) => RowStager;

/** What a normalising thread needs to stage rows for an engine. */
export interface StagingFormat {
  /** URL of a module whose export `createStager` is this format's `StagerFactory` (for worker threads). */
  readonly module: string;
  /** The same factory, for staging on this thread. */
  readonly createStager: StagerFactory;
  /** The parameters of the next batch's stager, made on the loading thread (structured-cloneable). */
  next(): unknown;
}

/** Part of a batch: rows (normalised, or staged with the loader's `stager`), rejections, checkpoints. */
export interface LoadPart {
  events?: readonly EventInput[];
  staged?: StagedRows;
  rejects?: readonly RejectInput[];
  /** Absolute source positions; of several of one source key in a batch, the last is written. */
  checkpoints?: readonly Checkpoint[];
}

export interface Loader {
  /** The staged form this engine takes from normalising workers, or null: it takes rows. */
  readonly stager: StagingFormat | null;
  /**
   * The framing batch size for records bound here: `max`, or a function giving, as each batch fills,
   * no more than `max` and where the engine prefers a commit to end (DuckDB: a row group's end).
   */
  batchSize(max: number): number | (() => number);
  /** Notes `count` framed records on their way here (before their rejections are known). */
  framed(count: number): void;
  /** Adds to the batch being filled (rows are taken over at once: the caller may drop them). */
  add(part: LoadPart): void;
  /** The batch has reached the size the engine prefers: commit it. */
  readonly full: boolean;
  /** Nothing was added since the last commit (no rows, rejections or checkpoints). */
  readonly empty: boolean;
  /**
   * Commits the batch filled so far (records, rejections and checkpoints in one transaction; ids
   * continue in the order added) and starts the next batch at once; resolves when committed.
   * Commits run one after another.
   */
  commit(): Promise<CommitResult>;
  /** Drops the batch being filled (after a failure). */
  discard(): void;
}

/** Resource limits an engine prefers for the phases of a one-off ingest, in its own notation. */
export interface IngestLimits {
  /** While loading. */
  load: { memoryLimit: string; threads: number };
  /** Tried first for the refresh of the derived tables after it (lifted if that runs out). */
  refreshMemoryLimit: string;
}

/** The loading operations of a store. */
export interface LoadingStore {
  /** A loader for one run of an ingest or collector pass. */
  loader(opts?: LoaderOptions): Loader;
  /** Limits for a one-off ingest; null: the engine manages its own resources. */
  readonly ingestLimits: IngestLimits | null;
}
