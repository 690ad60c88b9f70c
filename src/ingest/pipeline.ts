/**
 * The ingest pipeline: framed records -> normalise -> batch -> store (records, rejects and the
 * source's checkpoint in one transaction). A crash between batches loses nothing and doubles nothing:
 * the next run resumes from the last committed checkpoint.
 */
import type { Checkpoint, Store } from '../store/store.ts';
import { BatchStager } from './batch-stager.ts';
import { CommitBuffer } from './commit-buffer.ts';
import type { FramedBatch } from './framing/types.ts';
import { addStats, type BatchStats, emptyStats } from './normalize-batch.ts';
import type { NormalizePool } from './normalize-pool.ts';

export { BatchStager } from './batch-stager.ts';
export { CommitBuffer } from './commit-buffer.ts';
export { addStats, type BatchStats, emptyStats, normalizeFramed } from './normalize-batch.ts';

export interface SourceRef {
  /** Unique key of the source's checkpoint (e.g. `file:/abs/path`, `s3:bucket/key`). */
  sourceKey: string;
  kind: string;
  /** Origin stored with every record and rejection (file path, S3 key, ...). */
  origin: string;
  fingerprint?: string | null;
  /** Extra collector state saved with the final checkpoint. */
  state?: unknown;
}

export interface RunOptions {
  store: Store;
  /** Share one buffer across sources (many files per transaction); default: a buffer of its own. */
  buffer?: CommitBuffer;
  /** Normalise in these workers (DuckDB stores); default: on this thread. */
  pool?: NormalizePool;
  /** Called after each committed batch with the running totals for this source. */
  onBatch?: (totals: BatchStats) => void;
  /** Totals already recorded in the checkpoint (resume), so the checkpoint stays cumulative. */
  previous?: { records: number; rejected: number; bytes: number };
}

/** A source's running totals and last checkpoint, final once its batches have been handed on. */
export interface SourceProgress {
  totals: BatchStats;
  checkpoint: Checkpoint | null;
}

/**
 * Queues a source's framed batches into `stager`, each with the checkpoint
 * `{offset: endOffset, line: endLine}` and cumulative totals. Returns when all are submitted;
 * `progress` is final after the stager has been flushed.
 */
export async function queueBatches(
  batches: AsyncIterable<FramedBatch>,
  source: SourceRef,
  stager: BatchStager,
  opts: Pick<RunOptions, 'onBatch' | 'previous'> = {},
): Promise<SourceProgress> {
  const progress: SourceProgress = { totals: emptyStats(), checkpoint: null };
  const prev = opts.previous ?? { records: 0, rejected: 0, bytes: 0 };
  for await (const batch of batches) {
    await stager.submit(batch.records, source.origin, (stats) => {
      const totals = progress.totals;
      addStats(totals, stats);
      const checkpoint: Checkpoint = {
        sourceKey: source.sourceKey,
        kind: source.kind,
        origin: source.origin,
        fingerprint: source.fingerprint ?? null,
        offset: batch.endOffset,
        line: batch.endLine,
        records: prev.records + totals.records,
        rejected: prev.rejected + totals.rejected,
        bytes: prev.bytes + totals.bytes,
        state: source.state,
      };
      progress.checkpoint = checkpoint;
      const snapshot = { ...totals, byLogType: { ...totals.byLogType } };
      return { checkpoint, done: () => opts.onBatch?.(snapshot) };
    });
  }
  return progress;
}

/**
 * Drives framed batches into the store. Each batch is committed together with the checkpoint
 * `{offset: endOffset, line: endLine}`, so a restart resumes exactly after the last committed batch.
 * With a shared buffer the caller drains it; the returned checkpoint is the source's last position.
 */
export async function runBatches(
  batches: AsyncIterable<FramedBatch>,
  source: SourceRef,
  opts: RunOptions,
): Promise<BatchStats & { checkpoint: Checkpoint | null }> {
  const buffer = opts.buffer ?? new CommitBuffer(opts.store);
  const stager = new BatchStager(buffer, opts.pool ?? null);
  const progress = await queueBatches(batches, source, stager, opts);
  await stager.flush();
  if (!opts.buffer) await buffer.drain();
  return { ...progress.totals, checkpoint: progress.checkpoint };
}
