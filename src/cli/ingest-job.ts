/**
 * One ingest of paths into a store, as `nfwlens ingest` runs it and as the running server runs it
 * for `nfwlens ingest` while it holds the database: the files, then the sessions refresh; the report
 * the command prints (counts, and the paths skipped, held, re-read or unreadable).
 */
import { type IngestProgress, ingestPaths } from '../ingest/ingest-files.ts';
import { withLoadLimits } from '../ingest/load-limits.ts';
import type { Store } from '../store/store.ts';
import { afterIngest } from './after-ingest.ts';

export interface IngestJobOptions {
  batchSize?: number | undefined;
  final?: boolean | undefined;
  finalAfterSeconds?: number | undefined;
  onProgress?: (p: IngestProgress) => void;
  /**
   * A one-off ingest loads and refreshes under small DuckDB memory limits (its peak memory); a
   * server keeps the limits its readers run under.
   */
  ownProcess: boolean;
  /** Brings the sessions up to date after the load (default `afterIngest`; a server serialises its own). */
  refresh?: (store: Store) => Promise<Record<string, unknown>>;
}

/** What an ingest did: the summary's counts, and the paths to name on standard error. */
export interface IngestReport {
  counts: Record<string, unknown>;
  bytes: number;
  skipped: string[];
  sameFiles: { path: string; sameAs: string }[];
  reread: { path: string; why: string }[];
  held: string[];
  unreadable: { path: string; reason: string }[];
  rejected: number;
}

export async function runIngestJob(
  store: Store,
  paths: string[],
  opts: IngestJobOptions,
): Promise<IngestReport> {
  const load = () =>
    ingestPaths(paths, {
      store,
      batchSize: opts.batchSize,
      final: opts.final === true,
      ...(opts.finalAfterSeconds === undefined ? {} : { finalAfterMs: opts.finalAfterSeconds * 1000 }),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    });
  // Loading runs under a small DuckDB memory limit, the sessions refresh under another.
  const s = opts.ownProcess ? await withLoadLimits(store, load) : await load();
  const derived = opts.refresh
    ? await opts.refresh(store)
    : await afterIngest(store, { boundedMemory: opts.ownProcess });
  return {
    counts: {
      files: s.files,
      unchanged_files: s.unchanged,
      skipped_files: s.skipped.length,
      same_files: s.sameFiles.length,
      reread_files: s.reread.length,
      held_files: s.held.length,
      unreadable: s.unreadable.length,
      records: s.records,
      records_by_log_type: s.records_by_log_type,
      rejected: s.rejected,
      seconds: s.seconds,
      records_per_second: s.records_per_second,
      ...derived,
    },
    bytes: s.bytes,
    skipped: s.skipped,
    sameFiles: s.sameFiles,
    reread: s.reread,
    held: s.held,
    unreadable: s.unreadable,
    rejected: s.rejected,
  };
}
