/**
 * The S3 collector. Each object is streamed (SDK body → gunzip → framing), never held whole; its
 * framed batches are normalised in worker threads (the normalise pool, as `nfwlens ingest` does) and
 * committed `batchSize` records at a time (default: as the store prefers), each batch with its
 * checkpoint `s3:<bucket>/<key>` (decompressed offset and line), so a restart mid-object resumes
 * after the last committed batch. After the object's last batch a step marks it complete, adds it
 * to its folder's settle window (see `settle-window.ts`) and moves the source's position; the
 * source's totals and walk go out with every commit. Every poll lists the hours still settling
 * whole, then newer hours.
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Checkpoint, Store } from '../../../store/store.ts';
import { frameStream } from '../../framing/index.ts';
import { DEFAULT_COMMIT_RECORDS } from '../../ingest-files.ts';
import { NormalizePool } from '../../normalize-pool.ts';
import { withRetry } from '../backoff.ts';
import type { Collector, PollResult } from '../collector.ts';
import { SourceTally } from '../collector.ts';
import { type CommitStep, SourceCommits } from '../source-commits.ts';
import type { S3SourceConfig } from './config.ts';
import { type NfwKey, parseNfwKey } from './s3-key.ts';
import { S3Lister } from './s3-walk.ts';
import { type DirMark, firstHour, markTaken, readMark, takenName } from './settle-window.ts';

export interface S3Walk {
  /** Per firewall folder (`.../network-firewall/<type>/<region>/<fw>/`): its settle window. */
  dirs: Record<string, DirMark>;
}

interface ObjectState {
  complete: boolean;
}

export interface S3CollectorOptions {
  store: Store;
  /** A client to use instead of one built from the config (tests pass explicit credentials). */
  client?: S3Client;
  /** Normalising worker threads (default: by cores; 0: on this thread). */
  workers?: number;
}

export function s3Client(cfg: S3SourceConfig): S3Client {
  return new S3Client({
    region: cfg.region,
    endpoint: cfg.endpoint,
    forcePathStyle: cfg.forcePathStyle ?? cfg.endpoint !== undefined,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

const transient = (err: unknown): boolean => {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number }; code?: string };
  const status = e.$metadata?.httpStatusCode ?? 0;
  return (
    status >= 500 || e.name === 'SlowDown' || e.name === 'ThrottlingException' || e.code === 'ECONNRESET'
  );
};

export class S3Collector implements Collector {
  readonly type = 's3' as const;
  readonly name: string;
  private readonly client: S3Client;
  private tally: SourceTally | null = null;
  private pool: NormalizePool | null = null;
  private readonly settleMs: number;
  /** File time of the newest object taken: a late object of an earlier hour does not move the position back. */
  private newest = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly cfg: S3SourceConfig,
    private readonly opts: S3CollectorOptions,
  ) {
    this.name = cfg.name;
    this.client = opts.client ?? s3Client(cfg);
    this.settleMs = cfg.settleMinutes * 60_000;
  }

  async poll(signal?: AbortSignal): Promise<PollResult> {
    const store = this.opts.store;
    this.tally ??= await SourceTally.load(store, this.name, 's3');
    const tally = this.tally;
    this.newest = Math.max(this.newest, tally.status.positionTime ?? Number.NEGATIVE_INFINITY);
    const before = { records: tally.records, rejected: tally.rejected, bytes: tally.bytes };
    tally.notePoll();
    const lister = new S3Lister(this.client, this.cfg.bucket, signal);
    try {
      const dirs = await withRetry(() => lister.firewallDirs(this.cfg.prefix, this.cfg.logTypes), transient, {
        signal,
        onRetry: () => tally.noteRetry(),
      });
      // With the default batch size, commits end where the store prefers, as `nfwlens ingest`'s do.
      const loader = store.loader({
        commitRecords: this.cfg.batchSize === DEFAULT_COMMIT_RECORDS ? undefined : this.cfg.batchSize,
      });
      const c = new SourceCommits(loader, tally, {
        pool: loader.stager ? this.normalizePool() : null,
        window: STAGE_WINDOW,
      });
      try {
        for (const dir of dirs) {
          if (signal?.aborted) break;
          await this.collectDir(c, lister, dir, signal);
        }
        await c.drain();
      } finally {
        await c.settle();
      }
    } catch (err) {
      tally.noteError(err);
      await tally.save(store);
      // A worker may be what failed: the next poll starts a fresh pool.
      await this.close();
      throw err;
    }
    await tally.save(store);
    // Stopping (the collect command aborts the signal): the workers go with this poll.
    if (signal?.aborted) await this.close();
    return {
      records: tally.records - before.records,
      rejected: tally.rejected - before.rejected,
      bytes: tally.bytes - before.bytes,
    };
  }

  /**
   * The normalising workers, started on the first poll and kept across polls (for a store whose
   * loader takes staged rows).
   */
  private normalizePool(): NormalizePool | null {
    if (this.opts.workers === 0) return null;
    this.pool ??= new NormalizePool(this.opts.workers);
    return this.pool;
  }

  /** Stops the normalising workers (a later poll starts them again). */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await pool?.close();
  }

  private async collectDir(
    c: SourceCommits,
    lister: S3Lister,
    dir: string,
    signal?: AbortSignal,
  ): Promise<void> {
    const mark = readMark((c.walk as S3Walk | undefined)?.dirs[dir]);
    for await (const hourPrefix of lister.hours(dir, firstHour(mark))) {
      const hour = hourPrefix.slice(dir.length, -1);
      const taken = new Set(mark.hours[hour] ?? []);
      for await (const page of lister.keys(hourPrefix)) {
        const todo = page.flatMap((key) => {
          const meta = parseNfwKey(key); // null: Athena results and anything else outside the layout
          return meta && !taken.has(takenName(key)) ? [{ key, meta }] : [];
        });
        // Objects are opened a few ahead (checkpoint look-up, GET) and consumed in key order.
        const opened: Promise<Opened>[] = [];
        try {
          for (let i = 0; i < todo.length; i++) {
            for (let j = opened.length; j < Math.min(todo.length, i + PREFETCH); j++) {
              const p = this.open(todo[j]!.key, signal);
              p.catch(() => undefined);
              opened.push(p);
            }
            if (signal?.aborted) return;
            await this.consume(c, dir, todo[i]!.key, todo[i]!.meta, await opened[i]!, signal);
            opened[i] = DONE;
          }
        } finally {
          for (const p of opened)
            void p.then(
              (o) => o.body?.destroy?.(),
              () => undefined,
            );
        }
        // Stopped: no further listing (a request would fail on the aborted signal).
        if (signal?.aborted) return;
      }
    }
  }

  /** Looks up the object's checkpoint and, unless it is complete, starts its GET. */
  private async open(key: string, signal?: AbortSignal): Promise<Opened> {
    const cp = await this.opts.store.getCheckpoint(`s3:${this.cfg.bucket}/${key}`);
    if ((cp?.state as ObjectState | undefined)?.complete) return { cp, body: null };
    const res = await withRetry(
      () =>
        this.client.send(new GetObjectCommand({ Bucket: this.cfg.bucket, Key: key }), {
          abortSignal: signal,
        }),
      transient,
      { signal, onRetry: () => this.tally?.noteRetry() },
    );
    return { cp, body: (res.Body as Opened['body']) ?? null };
  }

  /**
   * Streams one object into the committer, each framed batch with the object's checkpoint after it;
   * a final step marks the object complete and moves the walk and the position, in the same commit
   * as its last records unless that commit was already full.
   */
  private async consume(
    c: SourceCommits,
    dir: string,
    key: string,
    meta: NfwKey,
    { cp, body }: Opened,
    signal?: AbortSignal,
  ): Promise<void> {
    const sourceKey = `s3:${this.cfg.bucket}/${key}`;
    const origin = `s3://${this.cfg.bucket}/${key}`;
    // Runs in submission order, when the object's last step is handed to the commit buffer.
    const advance = (): CommitStep['position'] => {
      const walk = (c.walk as S3Walk | undefined) ?? { dirs: {} };
      const mark = markTaken(readMark(walk.dirs[dir]), meta.hour, key, meta.fileTime, this.settleMs);
      c.walk = { dirs: { ...walk.dirs, [dir]: mark } } satisfies S3Walk;
      if (meta.fileTime < this.newest) return undefined;
      this.newest = meta.fileTime;
      return { position: key, positionTime: meta.fileTime };
    };
    if ((cp?.state as ObjectState | undefined)?.complete || !body) {
      await c.mark(() => ({ position: advance() }));
      return;
    }
    // The object's totals as of the steps settled so far (steps settle in order).
    const obj = {
      offset: cp?.offset ?? 0,
      line: cp?.line ?? 0,
      records: cp?.records ?? 0,
      rejected: cp?.rejected ?? 0,
      bytes: cp?.bytes ?? 0,
    };
    const objectCp = (complete: boolean): Checkpoint => ({
      sourceKey,
      kind: 's3',
      origin,
      ...obj,
      state: { complete } satisfies ObjectState,
    });
    const frames = frameStream(body, {
      startOffset: obj.offset,
      startLine: obj.line,
      batchSize: c.batchSize(Math.min(this.cfg.batchSize, FRAME_RECORDS)),
      flushIntervalMs: Number.POSITIVE_INFINITY,
    });
    for await (const batch of frames) {
      await c.submit(batch.records, origin, (stats) => {
        obj.records += stats.records;
        obj.rejected += stats.rejected;
        obj.bytes += stats.bytes;
        obj.offset = batch.endOffset;
        obj.line = batch.endLine;
        return { checkpoints: [objectCp(false)] };
      });
      if (signal?.aborted) return;
    }
    await c.mark(() => ({ checkpoints: [objectCp(true)], position: advance() }));
  }
}

/** An object opened ahead: its checkpoint and, unless already complete, its body stream. */
interface Opened {
  cp: Checkpoint | null;
  body: (AsyncIterable<Buffer> & { destroy?: () => void }) | null;
}

/** Objects opened ahead of the one being read. */
const PREFETCH = 4;
const DONE: Promise<Opened> = Promise.resolve({ cp: null, body: null });

/** Records per framed batch (what one worker job normalises); commits gather several. */
const FRAME_RECORDS = 10_000;
/**
 * Framed batches normalising at once: most objects are a single small batch, so the window counts
 * more batches than `nfwlens ingest` does (4 of 20,000) for as many records at most.
 */
const STAGE_WINDOW = 8;
