/**
 * The ingest pipeline: framed records -> normalise -> batch -> store (records, rejects and the
 * source's checkpoint in one transaction). A crash between batches loses nothing and doubles nothing:
 * the next run resumes from the last committed checkpoint.
 */
import type { Checkpoint } from '../store/store.ts';
import type { CommitPipeline } from './commit-pipeline.ts';
import type { FramedBatch } from './framing/types.ts';
import { addStats, type BatchStats, emptyStats } from './normalize-batch.ts';

export { type AfterStage, CommitPipeline, commitCheckpoints } from './commit-pipeline.ts';
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

export interface QueueOptions {
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
 * Queues a source's framed batches into `commits`, each with the checkpoint
 * `{offset: endOffset, line: endLine}` and cumulative totals, so a restart resumes exactly after the
 * last committed batch. Returns when all are submitted; `progress` is final after `commits` has been
 * flushed.
 */
export async function queueBatches(
  batches: AsyncIterable<FramedBatch>,
  source: SourceRef,
  commits: CommitPipeline,
  opts: QueueOptions = {},
): Promise<SourceProgress> {
  const progress: SourceProgress = { totals: emptyStats(), checkpoint: null };
  const prev = opts.previous ?? { records: 0, rejected: 0, bytes: 0 };
  for await (const batch of batches) {
    await commits.submit(batch.records, source.origin, (stats) => {
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
