/**
 * `nfwlens ingest PATH...`: files, directories (recursively) and `-` for standard input.
 * Each file's position is checkpointed by what the file is (device and inode, see `file-identity.ts`)
 * with fingerprints of its content: the same file again, under any path, adds nothing; a file that
 * grew ingests only its new part; a file truncated or replaced is read again from its start; an
 * ingest killed mid-way resumes after its last committed batch. An unterminated last line is held
 * back until it ends, or until the file is final (`final`, or unchanged for `finalAfterMs`). A file
 * that cannot be read is reported and the others are ingested.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Checkpoint, Store } from '../store/store.ts';
import { FileCheckpoints } from './file-checkpoints.ts';
import { type FileProbe, type FileState, fileStateOf, identityKey, probeFile } from './file-identity.ts';
import { listInputFiles, openFile } from './framing/index.ts';
import { errorReason } from './framing/list-input-files.ts';
import type { FramedBatch } from './framing/types.ts';
import { NormalizePool } from './normalize-pool.ts';
import { addStats, type BatchStats, CommitPipeline, emptyStats, queueBatches } from './pipeline.ts';

export interface IngestSummary {
  files: number;
  unchanged: number;
  skipped: string[];
  /** Files that are a file already read, under another path (rename, hard link, symlinked directory). */
  sameFiles: { path: string; sameAs: string }[];
  /** Files read again from the start: shorter than what was read (`truncated`) or other content (`replaced`). */
  reread: { path: string; why: 'truncated' | 'replaced' }[];
  /** Files whose unterminated last line is held back until it ends (or the file is final). */
  held: string[];
  /** Paths that could not be read (missing, no permission, read error), with the reason. */
  unreadable: { path: string; reason: string }[];
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
  /** Records per transaction, overriding `batchSize` (default: as the store prefers). */
  commitRecords?: number;
  /** Normalising worker threads (default: by cores; 0: on this thread). */
  workers?: number;
  /** The files are complete: an unterminated last line is read (and rejected if broken), not held. */
  final?: boolean;
  /** A file unchanged for this long is final (default DEFAULT_FINAL_AFTER_MS). */
  finalAfterMs?: number;
  /** The clock that ages files (tests move it). */
  now?: () => number;
  onProgress?: (p: IngestProgress) => void;
}

/** A file not modified for 5 minutes is taken as complete (Filebeat's `close.on_state_change.inactive`). */
export const DEFAULT_FINAL_AFTER_MS = 5 * 60_000;

/**
 * The default records per transaction of the sources' settings (one DuckDB row group). Left at it,
 * an ingest commits as the store prefers (DuckDB: commits that end on the events table's row groups).
 */
export const DEFAULT_COMMIT_RECORDS = 122_880;
const FRAME_RECORDS = 20_000;

export async function ingestPaths(
  paths: readonly string[],
  opts: IngestFilesOptions,
): Promise<IngestSummary> {
  const started = performance.now();
  const { files, skipped, errors } = await listInputFiles([...paths]);
  const run = new FileRun(opts, files);
  run.summary.skipped = skipped;
  run.summary.unreadable.push(...errors);
  await run.sizeUp();
  try {
    await run.loadCheckpoints();
    for (let i = 0; i < files.length; i++) await run.queueFile(files[i]!, i);
    await run.commits.drain();
  } finally {
    await run.pool?.close();
  }
  const { totals, summary } = run;
  run.report(files[files.length - 1] ?? '', Math.max(0, files.length - 1), true);
  const seconds = (performance.now() - started) / 1000;
  return {
    ...summary,
    files: files.length,
    records: totals.records,
    records_by_log_type: totals.byLogType,
    rejected: totals.rejected,
    bytes: totals.bytes,
    seconds: Math.round(seconds * 1000) / 1000,
    records_per_second: seconds > 0 ? Math.round(totals.records / seconds) : 0,
  };
}

type Summary = Pick<IngestSummary, 'unchanged' | 'skipped' | 'sameFiles' | 'reread' | 'held' | 'unreadable'>;

/** One ingest run over a list of files: the shared commits, checkpoints and tallies. */
class FileRun {
  readonly commits: CommitPipeline;
  readonly pool: NormalizePool | null;
  readonly totals = emptyStats();
  readonly summary: Summary = {
    unchanged: 0,
    skipped: [],
    sameFiles: [],
    reread: [],
    held: [],
    unreadable: [],
  };
  private readonly committed = emptyStats();
  private readonly batchSize: number | (() => number);
  private checkpoints: FileCheckpoints | null = null;
  /** Identity key -> the path it was first met at in this run. */
  private readonly queued = new Map<string, string>();
  private bytesDone = 0;
  private bytesTotal = 0;
  private readonly finalAfterMs: number;
  private readonly now: () => number;

  constructor(
    private readonly opts: IngestFilesOptions,
    private readonly files: readonly string[],
  ) {
    // Records per commit: as given, else as the store prefers.
    const loader = opts.store.loader({ commitRecords: opts.commitRecords ?? opts.batchSize });
    // Framed batches stay small (memory, checkpoint granularity); commits gather several. The loader
    // may end a batch earlier, where it prefers a commit to end (DuckDB: a row group's end).
    this.batchSize = loader.batchSize(
      Math.min(opts.batchSize ?? FRAME_RECORDS, opts.commitRecords ?? FRAME_RECORDS, FRAME_RECORDS),
    );
    this.pool = loader.stager && opts.workers !== 0 ? new NormalizePool(opts.workers) : null;
    this.commits = new CommitPipeline(loader, { pool: this.pool });
    this.finalAfterMs = opts.finalAfterMs ?? DEFAULT_FINAL_AFTER_MS;
    this.now = opts.now ?? Date.now;
  }

  async loadCheckpoints(): Promise<void> {
    this.checkpoints = await FileCheckpoints.load(this.opts.store);
  }

  async sizeUp(): Promise<void> {
    const sizes = await Promise.all(
      this.files.map((f) =>
        f === '-'
          ? 0
          : stat(f).then(
              (s) => s.size,
              () => 0,
            ),
      ),
    );
    this.bytesTotal = sizes.reduce((a, b) => a + b, 0);
  }

  report(file: string, i: number, end = false): void {
    this.opts.onProgress?.({
      file,
      fileIndex: i,
      fileCount: this.files.length,
      records: end ? this.totals.records : this.committed.records,
      rejected: end ? this.totals.rejected : this.committed.rejected,
      bytesRead: end ? this.bytesTotal : this.bytesDone,
      bytesTotal: this.bytesTotal,
    });
  }

  /** Each batch's progress counts once it is committed. */
  private onCommit(file: string, i: number) {
    let seen = emptyStats();
    return (t: BatchStats) => {
      this.committed.records += t.records - seen.records;
      this.committed.rejected += t.rejected - seen.rejected;
      seen = t;
      this.report(file, i);
    };
  }

  async queueFile(file: string, i: number): Promise<void> {
    if (file === '-') {
      const p = await queueBatches(
        openFile('-', { batchSize: this.batchSize }),
        { sourceKey: `stdin:${Date.now()}`, kind: 'stdin', origin: '-' },
        this.commits,
        { onBatch: this.onCommit(file, i) },
      );
      await this.commits.mark(() => {
        addStats(this.totals, p.totals);
        return undefined;
      });
      return;
    }
    const abs = resolve(file);
    let probe: FileProbe;
    try {
      probe = await probeFile(abs);
    } catch (err) {
      this.summary.unreadable.push({ path: abs, reason: errorReason(err) });
      return;
    }
    const sourceKey = identityKey(probe, abs);
    // Checkpoints are read ahead of earlier files' commits: a file must not come twice.
    const first = this.queued.get(sourceKey);
    if (first !== undefined) {
      this.summary.sameFiles.push({ path: abs, sameAs: first });
      return;
    }
    this.queued.set(sourceKey, abs);
    const point = await this.checkpoints!.resume(probe, sourceKey, abs);
    if (point.reread) this.summary.reread.push({ path: abs, why: point.reread });
    if (point.sameAs) this.summary.sameFiles.push({ path: abs, sameAs: point.sameAs });
    const resumeFrom = point.checkpoint;
    const state = fileStateOf(resumeFrom);
    const final = this.opts.final === true || this.now() - probe.mtimeMs >= this.finalAfterMs;
    if (resumeFrom && state?.complete && state.size === probe.size && !(state.held && final)) {
      this.summary.unchanged++;
      if (state.held) this.summary.held.push(abs);
      // A copy or a replacing file: known from now on under its own identity and path.
      const moved =
        resumeFrom.sourceKey !== sourceKey || point.sameAs
          ? {
              checkpoint: {
                ...resumeFrom,
                sourceKey,
                origin: abs,
                state: { ...state, dev: probe.dev, ino: probe.ino },
              },
            }
          : {};
      await this.commits.mark(() => ({
        ...moved,
        done: () => {
          this.bytesDone += probe.size;
          this.report(file, i);
        },
      }));
      return;
    }
    await this.readFile(file, i, abs, sourceKey, probe, resumeFrom, final);
  }

  private async readFile(
    file: string,
    i: number,
    abs: string,
    sourceKey: string,
    probe: FileProbe,
    resumeFrom: Checkpoint | null,
    final: boolean,
  ): Promise<void> {
    const base: FileState = await probe.state();
    const fingerprint = base.head;
    const watch = { held: false, error: null as unknown };
    const batches = watchBatches(
      openFile(abs, {
        batchSize: this.batchSize,
        startOffset: resumeFrom?.offset ?? 0,
        startLine: resumeFrom?.line ?? 0,
        holdPartialTail: !final,
      }),
      watch,
    );
    const p = await queueBatches(
      batches,
      { sourceKey, kind: 'file', origin: abs, fingerprint, state: base },
      this.commits,
      {
        onBatch: this.onCommit(file, i),
        previous: resumeFrom
          ? {
              records: resumeFrom.records ?? 0,
              rejected: resumeFrom.rejected ?? 0,
              bytes: resumeFrom.bytes ?? 0,
            }
          : undefined,
      },
    );
    // Read to its end: complete at the size it had, so a later run reads only what is appended.
    await this.commits.mark(() => {
      addStats(this.totals, p.totals);
      if (watch.error !== null) {
        this.summary.unreadable.push({ path: abs, reason: errorReason(watch.error) });
        return undefined;
      }
      if (watch.held) this.summary.held.push(abs);
      const last = p.checkpoint ?? {
        sourceKey,
        kind: 'file',
        origin: abs,
        fingerprint,
        offset: resumeFrom?.offset ?? 0,
        line: resumeFrom?.line ?? 0,
        records: resumeFrom?.records ?? 0,
        rejected: resumeFrom?.rejected ?? 0,
        bytes: resumeFrom?.bytes ?? 0,
      };
      return {
        checkpoint: { ...last, state: { ...base, complete: true, held: watch.held } },
        done: () => {
          this.bytesDone += probe.size;
        },
      };
    });
  }
}

/** Passes batches on, noting a held tail, and ends early (noting the error) if reading fails. */
async function* watchBatches(
  batches: AsyncGenerator<FramedBatch>,
  watch: { held: boolean; error: unknown },
): AsyncGenerator<FramedBatch> {
  try {
    for await (const b of batches) {
      if (b.held) watch.held = true;
      yield b;
    }
  } catch (err) {
    watch.error = err ?? new Error('read failed');
  }
}
