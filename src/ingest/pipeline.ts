/**
 * The ingest pipeline: framed records -> normalise -> batch -> store (records, rejects and the
 * source's checkpoint in one transaction). A crash between batches loses nothing and doubles nothing:
 * the next run resumes from the last committed checkpoint.
 */
import { normalizeLine } from '../normalize/index.ts';
import type { EventInput, RejectInput, Store } from '../store/store.ts';
import type { FramedBatch, FramedRecord } from './framing/types.ts';

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

export interface BatchStats {
  records: number;
  rejected: number;
  byLogType: Record<string, number>;
  bytes: number;
}

export function emptyStats(): BatchStats {
  return { records: 0, rejected: 0, byLogType: { alert: 0, flow: 0, tls: 0 }, bytes: 0 };
}

export function addStats(into: BatchStats, from: BatchStats): void {
  into.records += from.records;
  into.rejected += from.rejected;
  into.bytes += from.bytes;
  for (const [k, v] of Object.entries(from.byLogType)) into.byLogType[k] = (into.byLogType[k] ?? 0) + v;
}

/** Normalises framed records into rows to insert and rejections to keep. Never throws per record. */
export function normalizeFramed(
  records: readonly FramedRecord[],
  origin: string,
): { events: EventInput[]; rejects: RejectInput[]; stats: BatchStats } {
  const events: EventInput[] = [];
  const rejects: RejectInput[] = [];
  const stats = emptyStats();
  for (const rec of records) {
    stats.bytes += rec.text.length + 1;
    if (rec.error) {
      rejects.push({
        origin,
        line: rec.line,
        reason: rec.error,
        message: rec.error === 'bad_gzip' ? `corrupt gzip data: ${rec.text}` : 'record longer than the limit',
        raw: rec.text,
      });
      continue;
    }
    const res = normalizeLine(rec.text);
    if (res.ok) {
      events.push({ row: res.row, residual: res.residual, origin, line: rec.line });
      stats.byLogType[res.row.log_type] = (stats.byLogType[res.row.log_type] ?? 0) + 1;
    } else {
      rejects.push({
        origin,
        line: rec.line,
        reason: res.reason,
        path: res.path,
        message: `${origin}:${rec.line}: ${res.message}`,
        raw: rec.text,
      });
    }
  }
  stats.records = events.length;
  stats.rejected = rejects.length;
  return { events, rejects, stats };
}

export interface RunOptions {
  store: Store;
  /** Called after each committed batch with the running totals for this source. */
  onBatch?: (totals: BatchStats) => void;
  /** Totals already recorded in the checkpoint (resume), so the checkpoint stays cumulative. */
  previous?: { records: number; rejected: number; bytes: number };
}

/**
 * Drives framed batches into the store. Each batch commits together with the checkpoint
 * `{offset: endOffset, line: endLine}`, so a restart resumes exactly after the last committed batch.
 * Normalising the next batch overlaps with the store committing the previous one.
 */
export async function runBatches(
  batches: AsyncIterable<FramedBatch>,
  source: SourceRef,
  opts: RunOptions,
): Promise<BatchStats> {
  const totals = emptyStats();
  const prev = opts.previous ?? { records: 0, rejected: 0, bytes: 0 };
  let pending: Promise<unknown> | null = null;
  try {
    for await (const batch of batches) {
      const { events, rejects, stats } = normalizeFramed(batch.records, source.origin);
      addStats(totals, stats);
      const checkpoint = {
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
      if (pending) await pending;
      const snapshot = { ...totals, byLogType: { ...totals.byLogType } };
      pending = opts.store.commitBatch({ events, rejects, checkpoints: [checkpoint] }).then(() => {
        opts.onBatch?.(snapshot);
      });
    }
  } finally {
    if (pending) await pending;
  }
  return totals;
}
