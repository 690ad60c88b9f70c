/**
 * The ingest pipeline: framed records -> normalise -> batch -> store (records, rejects and the
 * source's checkpoint in one transaction). A crash between batches loses nothing and doubles nothing:
 * the next run resumes from the last committed checkpoint.
 */
import { normalizeLine } from '../normalize/index.ts';
import type { Checkpoint, EventInput, RejectInput, Store } from '../store/store.ts';
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

/**
 * Collects records, rejections and checkpoints from one or many sources and commits them together
 * once `limit` records are waiting (many small files share one transaction). A checkpoint is only
 * ever committed with the records it covers. The next commit starts only after the previous one
 * finished, while the caller goes on normalising.
 */
export class CommitBuffer {
  private events: EventInput[] = [];
  private rejects: RejectInput[] = [];
  private checkpoints = new Map<string, Checkpoint>();
  private pending: Promise<unknown> | null = null;
  private afterCommit: (() => void)[] = [];

  constructor(
    private readonly store: Store,
    private readonly limit = 20_000,
  ) {}

  /** Queues records and (optionally) the checkpoint they bring their source to; `done` runs once committed. */
  async add(
    events: readonly EventInput[],
    rejects: readonly RejectInput[],
    checkpoint?: Checkpoint,
    done?: () => void,
  ): Promise<void> {
    for (const e of events) this.events.push(e);
    for (const r of rejects) this.rejects.push(r);
    if (checkpoint) this.checkpoints.set(checkpoint.sourceKey, checkpoint);
    if (done) this.afterCommit.push(done);
    if (this.events.length + this.rejects.length >= this.limit) await this.flush();
  }

  /** Starts committing what is queued (after the previous commit); does not wait for it. */
  async flush(): Promise<void> {
    if (this.pending) await this.pending;
    this.pending = null;
    if (this.events.length === 0 && this.rejects.length === 0 && this.checkpoints.size === 0) return;
    const batch = { events: this.events, rejects: this.rejects, checkpoints: [...this.checkpoints.values()] };
    const callbacks = this.afterCommit;
    this.events = [];
    this.rejects = [];
    this.checkpoints = new Map();
    this.afterCommit = [];
    this.pending = this.store.commitBatch(batch).then(() => {
      for (const f of callbacks) f();
    });
  }

  /** Commits everything queued and waits until it is committed. */
  async drain(): Promise<void> {
    await this.flush();
    if (this.pending) await this.pending;
    this.pending = null;
  }
}

export interface RunOptions {
  store: Store;
  /** Share one buffer across sources (many files per transaction); default: a buffer of its own. */
  buffer?: CommitBuffer;
  /** Called after each committed batch with the running totals for this source. */
  onBatch?: (totals: BatchStats) => void;
  /** Totals already recorded in the checkpoint (resume), so the checkpoint stays cumulative. */
  previous?: { records: number; rejected: number; bytes: number };
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
  const totals = emptyStats();
  const prev = opts.previous ?? { records: 0, rejected: 0, bytes: 0 };
  const buffer = opts.buffer ?? new CommitBuffer(opts.store);
  let checkpoint: Checkpoint | null = null;
  for await (const batch of batches) {
    const { events, rejects, stats } = normalizeFramed(batch.records, source.origin);
    addStats(totals, stats);
    checkpoint = {
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
    const snapshot = { ...totals, byLogType: { ...totals.byLogType } };
    await buffer.add(events, rejects, checkpoint, () => opts.onBatch?.(snapshot));
  }
  if (!opts.buffer) await buffer.drain();
  return { ...totals, checkpoint };
}
