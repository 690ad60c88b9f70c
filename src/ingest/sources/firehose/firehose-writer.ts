/**
 * Commits Firehose requests: each request's records go into the store with its id recorded in the
 * same commit (`RequestIds`, kept 24 h, mostly inside the source's own checkpoint), and a request whose id is already stored adds nothing
 * (Firehose retries with the same id). One writer loop runs at a time, so two concurrent retries
 * cannot both insert; requests that queue up while a commit runs share the next commit.
 */
import type { Store } from '../../../store/store.ts';
import { SourceTally } from '../collector.ts';
import type { DecodedRecords } from './firehose-records.ts';
import { RequestIds } from './request-ids.ts';

interface Item {
  requestId: string;
  timestamp: number | null;
  records: DecodedRecords;
  resolve: (r: 'stored' | 'duplicate') => void;
  reject: (err: unknown) => void;
}

export class FirehoseWriter {
  private queue: Item[] = [];
  private running: Promise<void> | null = null;
  private tally: SourceTally | null = null;
  private ids: RequestIds | null = null;

  constructor(
    private readonly store: Store,
    private readonly name: string,
    /** The clock of the request-id window (tests move it). */
    private readonly now: () => number = Date.now,
  ) {}

  /** Resolves once the request's records are committed (or found already committed). */
  write(
    requestId: string,
    timestamp: number | null,
    records: DecodedRecords,
  ): Promise<'stored' | 'duplicate'> {
    return new Promise((resolve, reject) => {
      this.queue.push({ requestId, timestamp, records, resolve, reject });
      this.running ??= this.run().finally(() => {
        this.running = null;
      });
    });
  }

  private async run(): Promise<void> {
    while (this.queue.length > 0) {
      const items = this.queue.splice(0);
      try {
        await this.commit(items);
      } catch (err) {
        this.tally?.noteError(err);
        for (const it of items) it.reject(err);
      }
    }
  }

  private async commit(items: Item[]): Promise<void> {
    this.tally ??= await SourceTally.load(this.store, this.name, 'firehose');
    const tally = this.tally;
    this.ids ??= await RequestIds.load(this.store, this.name, tally.walk);
    const now = this.now();
    const fresh: Item[] = [];
    const dupes: Item[] = [];
    const batch = new Set<string>();
    for (const it of items) {
      if (batch.has(it.requestId) || this.ids.has(it.requestId, now)) dupes.push(it);
      else {
        batch.add(it.requestId);
        fresh.push(it);
      }
    }
    if (fresh.length > 0) {
      const delta = { records: 0, rejected: 0, bytes: 0 };
      for (const it of fresh) {
        delta.records += it.records.stats.records;
        delta.rejected += it.records.stats.rejected;
        delta.bytes += it.records.stats.bytes;
      }
      const last = fresh[fresh.length - 1]!;
      const recorded = this.ids.record([...batch], now);
      const t = tally.checkpoint(delta, recorded.walk, {
        position: last.requestId,
        positionTime: last.timestamp,
      });
      await this.store.commitBatch({
        events: fresh.length === 1 ? last.records.events : fresh.flatMap((it) => it.records.events),
        rejects: fresh.flatMap((it) => it.records.rejects),
        checkpoints: [...recorded.checkpoints, t],
      });
      recorded.apply();
      tally.committed(t);
    }
    for (const it of fresh) it.resolve('stored');
    for (const it of dupes) it.resolve('duplicate');
  }

  /** Waits for queued requests to be committed. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }
}
