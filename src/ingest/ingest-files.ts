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
import { addStats, type BatchStats, CommitBuffer, emptyStats, runBatches } from './pipeline.ts';

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
  batchSize?: number;
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

export async function ingestPaths(
  paths: readonly string[],
  opts: IngestFilesOptions,
): Promise<IngestSummary> {
  const started = performance.now();
  const { files, skipped } = await listInputFiles([...paths]);
  const totals = emptyStats();
  let unchanged = 0;
  let bytesDone = 0;
  const buffer = new CommitBuffer(opts.store, opts.batchSize ?? 20_000);
  const sizes = await Promise.all(files.map((f) => (f === '-' ? 0 : stat(f).then((s) => s.size))));
  const bytesTotal = sizes.reduce((a, b) => a + b, 0);
  for (let i = 0; i < files.length; i++) {
    const file = files[i]!;
    const report = (t: BatchStats) =>
      opts.onProgress?.({
        file,
        fileIndex: i,
        fileCount: files.length,
        records: totals.records + t.records,
        rejected: totals.rejected + t.rejected,
        bytesRead: bytesDone,
        bytesTotal,
      });
    if (file === '-') {
      const stats = await runBatches(
        openFile('-', { batchSize: opts.batchSize }),
        { sourceKey: `stdin:${Date.now()}`, kind: 'stdin', origin: '-' },
        { store: opts.store, buffer, onBatch: report },
      );
      addStats(totals, stats);
      continue;
    }
    const abs = resolve(file);
    const { fp, size } = await fingerprint(abs);
    const sourceKey = `file:${abs}`;
    const cp = await opts.store.getCheckpoint(sourceKey);
    const same = cp !== null && cp.fingerprint === fp;
    const state = cp?.state as { size?: number; complete?: boolean } | undefined;
    if (same && state?.complete && state.size === size) {
      unchanged++;
      bytesDone += size;
      report(emptyStats());
      continue;
    }
    const resumeFrom = same ? cp : null;
    const stats = await runBatches(
      openFile(abs, {
        batchSize: opts.batchSize,
        startOffset: resumeFrom?.offset ?? 0,
        startLine: resumeFrom?.line ?? 0,
      }),
      { sourceKey, kind: 'file', origin: abs, fingerprint: fp, state: { size: 0, complete: false } },
      {
        store: opts.store,
        buffer,
        onBatch: report,
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
    const last = stats.checkpoint ?? {
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
    await buffer.add([], [], { ...last, state: { size, complete: true } });
    addStats(totals, stats);
    bytesDone += size;
  }
  await buffer.drain();
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
