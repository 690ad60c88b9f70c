/**
 * One framed batch through the normaliser, two ways: into rows and rejections (`normalizeFramed`),
 * or straight into the store's staged form through the stager it provides (`stageFramed`, what the
 * workers run). Both keep every rejection with its origin, line, reason and raw text, and never
 * throw per record.
 */
import { normalizeLine } from '../normalize/index.ts';
import type { EventRow } from '../schema/columns.ts';
import type { EventInput, RejectInput, RowStager, StagedRows } from '../store/store.ts';
import type { FramedRecord } from './framing/types.ts';

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

/** Normalises each record, handing accepted ones to `accept` in order; returns rejections and stats. */
function normalizeEach(
  records: readonly FramedRecord[],
  origin: string,
  accept: (row: EventRow, residual: string | null, line: number) => void,
): { rejects: RejectInput[]; stats: BatchStats } {
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
      accept(res.row, res.residual, rec.line);
      stats.records++;
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
  stats.rejected = rejects.length;
  return { rejects, stats };
}

/** Normalises framed records into rows to insert and rejections to keep. Never throws per record. */
export function normalizeFramed(
  records: readonly FramedRecord[],
  origin: string,
): { events: EventInput[]; rejects: RejectInput[]; stats: BatchStats } {
  const events: EventInput[] = [];
  const { rejects, stats } = normalizeEach(records, origin, (row, residual, line) => {
    events.push({ row, residual, origin, line });
  });
  return { events, rejects, stats };
}

/** A framed batch normalised into the store's staged form, with its rejections and stats. */
export interface StagedBatch {
  staged: StagedRows;
  rejects: RejectInput[];
  stats: BatchStats;
}

/**
 * Normalises framed records straight into `stager` (accepted rows in order); also returns the
 * buffers of the staged rows that may be transferred to another thread.
 */
export function stageFramed(
  records: readonly FramedRecord[],
  origin: string,
  stager: RowStager,
): { batch: StagedBatch; transfer: ArrayBuffer[] } {
  const { rejects, stats } = normalizeEach(records, origin, (row, residual, line) => {
    stager.add(row, residual, line);
  });
  const { rows, transfer } = stager.finish();
  return { batch: { staged: rows, rejects, stats }, transfer };
}
