/**
 * `nfwlens ingest PATH...`: files, directories (recursively) and `-` for standard input.
 * Each file's position is checkpointed by absolute path and a fingerprint of its first bytes:
 * the same file again adds nothing, a file that grew ingests only its new part, and an ingest
 * killed mid-way resumes after its last committed batch.
 */
import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Store } from '../store/store.ts';
import { listInputFiles, openFile } from './framing/index.ts';
import { NormalizePool } from './normalize-pool.ts';
import {
  addStats,
  BatchStager,
  type BatchStats,
  CommitBuffer,
  emptyStats,
  queueBatches,
} from './pipeline.ts';

export interface IngestSummary {
  files: number;
  unchanged: number;
  skipped: string[];
  records: number;
  records_by_log_type: Record<string, number>;
  rejected: number;
  bytes: number;
  seconds: number;
  records_per_second: number;
}

export interface IngestProgress {
  file: string;
  fileIndex: number;
  fileCount: number;
  records: number;
  rejected: number;
  bytesRead: number;
  bytesTotal: number;
}

export interface IngestFilesOptions {
  store: Store;
  /** Records per transaction (and per framed batch when smaller than 20,000). */
  batchSize?: number;
  /** Records per transaction, overriding `batchSize` (default: DEFAULT_COMMIT_RECORDS). */
  commitRecords?: number;
  /** Normalising worker threads (default: by cores; 0: on this thread). */
  workers?: number;
  onProgress?: (p: IngestProgress) => void;
}

const FINGERPRINT_BYTES = 4096;

async function fingerprint(path: string): Promise<{ fp: string; size: number }> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(FINGERPRINT_BYTES);
    const { bytesRead } = await fh.read(buf, 0, FINGERPRINT_BYTES, 0);
    const size = (await fh.stat()).size;
    return { fp: createHash('sha256').update(buf.subarray(0, bytesRead)).digest('hex').slice(0, 32), size };
  } finally {
    await fh.close();
  }
}

/**
 * Records per transaction when not aligned on row groups (an explicit `--batch-size`): one DuckDB
 * row group. By default an ingest into DuckDB ends its commits on the row groups of the events table
 * instead (see `CommitBufferOptions.alignRowGroups`).
 */
export const DEFAULT_COMMIT_RECORDS = 122_880;
const FRAME_RECORDS = 20_000;

export async function ingestPaths(
  paths: readonly string[],
  opts: IngestFilesOptions,
): Promise<IngestSummary> {
  const started = performance.now();
  const { files, skipped } = await listInputFiles([...paths]);
  const totals = emptyStats();
  const committed = emptyStats();
  let unchanged = 0;
  let bytesDone = 0;
  const explicit = opts.commitRecords ?? opts.batchSize;
  const buffer = new CommitBuffer(opts.store, explicit ?? DEFAULT_COMMIT_RECORDS, {
    alignRowGroups: explicit === undefined,
  });
  // Framed batches stay small (memory, checkpoint granularity); commits gather several. Aligned,
  // a batch also ends where the table's row group does, so that a commit can end there.
  const batchSize = buffer.batchSize(
    Math.min(opts.batchSize ?? FRAME_RECORDS, opts.commitRecords ?? FRAME_RECORDS, FRAME_RECORDS),
  );
  const pool = buffer.acceptsStaged && opts.workers !== 0 ? new NormalizePool(opts.workers) : null;
  const stager = new BatchStager(buffer, pool);
  // Every file's position in one query rather than one query per file.
  const fileCheckpoints = new Map((await opts.store.listCheckpoints('file')).map((c) => [c.sourceKey, c]));
  const sizes = await Promise.all(files.map((f) => (f === '-' ? 0 : stat(f).then((s) => s.size))));
  const bytesTotal = sizes.reduce((a, b) => a + b, 0);
  const report = (file: string, i: number) =>
    opts.onProgress?.({
      file,
      fileIndex: i,
      fileCount: files.length,
      records: committed.records,
      rejected: committed.rejected,
      bytesRead: bytesDone,
      bytesTotal,
    });
  // Each batch's progress counts once it is committed.
  const onCommit = (file: string, i: number) => {
    let seen = emptyStats();
    return (t: BatchStats) => {
      committed.records += t.records - seen.records;
      committed.rejected += t.rejected - seen.rejected;
      seen = t;
      report(file, i);
    };
  };
  const queued = new Set<string>();
  try {
    for (let i = 0; i < files.length; i++) {
      const file = files[i]!;
      if (file === '-') {
        const p = await queueBatches(
          openFile('-', { batchSize }),
          { sourceKey: `stdin:${Date.now()}`, kind: 'stdin', origin: '-' },
          stager,
          { onBatch: onCommit(file, i) },
        );
        await stager.mark(() => {
          addStats(totals, p.totals);
          return undefined;
        });
        continue;
      }
      const abs = resolve(file);
      const sourceKey = `file:${abs}`;
      // Checkpoints are read ahead of earlier files' commits: a file must not come twice.
      if (queued.has(sourceKey)) continue;
      queued.add(sourceKey);
      const { fp, size } = await fingerprint(abs);
      const cp = fileCheckpoints.get(sourceKey) ?? null;
      const same = cp !== null && cp.fingerprint === fp;
      const state = cp?.state as { size?: number; complete?: boolean } | undefined;
      if (same && state?.complete && state.size === size) {
        unchanged++;
        await stager.mark(() => ({
          done: () => {
            bytesDone += size;
            report(file, i);
          },
        }));
        continue;
      }
      const resumeFrom = same ? cp : null;
      const p = await queueBatches(
        openFile(abs, {
          batchSize,
          startOffset: resumeFrom?.offset ?? 0,
          startLine: resumeFrom?.line ?? 0,
        }),
        { sourceKey, kind: 'file', origin: abs, fingerprint: fp, state: { size: 0, complete: false } },
        stager,
        {
          onBatch: onCommit(file, i),
          previous: resumeFrom
            ? {
                records: resumeFrom.records ?? 0,
                rejected: resumeFrom.rejected ?? 0,
                bytes: resumeFrom.bytes ?? 0,
              }
            : undefined,
        },
      );
      // The file is complete at its current size: a later run reads only what is appended to it.
      await stager.mark(() => {
        addStats(totals, p.totals);
        const last = p.checkpoint ?? {
          sourceKey,
          kind: 'file',
          origin: abs,
          fingerprint: fp,
          offset: resumeFrom?.offset ?? 0,
          line: resumeFrom?.line ?? 0,
          records: resumeFrom?.records ?? 0,
          rejected: resumeFrom?.rejected ?? 0,
          bytes: resumeFrom?.bytes ?? 0,
        };
        return {
          checkpoint: { ...last, state: { size, complete: true } },
          done: () => {
            bytesDone += size;
          },
        };
      });
    }
    await stager.flush();
    await buffer.drain();
  } finally {
    await pool?.close();
  }
  opts.onProgress?.({
    file: files[files.length - 1] ?? '',
    fileIndex: Math.max(0, files.length - 1),
    fileCount: files.length,
    records: totals.records,
    rejected: totals.rejected,
    bytesRead: bytesTotal,
    bytesTotal,
  });
  const seconds = (performance.now() - started) / 1000;
  return {
    files: files.length,
    unchanged,
    skipped,
    records: totals.records,
    records_by_log_type: totals.byLogType,
    rejected: totals.rejected,
    bytes: totals.bytes,
    seconds: Math.round(seconds * 1000) / 1000,
    records_per_second: seconds > 0 ? Math.round(totals.records / seconds) : 0,
  };
}
