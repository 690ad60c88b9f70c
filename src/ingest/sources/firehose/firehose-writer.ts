/**
 * Commits Firehose requests: each request's records go into the store with the checkpoint
 * `firehose:<name>:<requestId>`, and a request whose id is already stored adds nothing (Firehose
 * retries with the same id). One writer loop runs at a time, so two concurrent retries cannot both
 * insert; requests that queue up while a commit runs share the next commit.
 */
import type { Checkpoint, Store } from '../../../store/store.ts';
import { SourceTally } from '../collector.ts';
import type { DecodedRecords } from './firehose-records.ts';

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

  constructor(
    private readonly store: Store,
    private readonly name: string,
  ) {}

  requestKey(requestId: string): string {
    return `firehose:${this.name}:${requestId}`;
  }

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
    const fresh: Item[] = [];
    const dupes: Item[] = [];
    const ids = new Set<string>();
    for (const it of items) {
      if (ids.has(it.requestId) || (await this.store.getCheckpoint(this.requestKey(it.requestId))))
        dupes.push(it);
      else {
        ids.add(it.requestId);
        fresh.push(it);
      }
    }
    if (fresh.length > 0) {
      const delta = { records: 0, rejected: 0, bytes: 0 };
      const checkpoints: Checkpoint[] = [];
      for (const it of fresh) {
        delta.records += it.records.stats.records;
        delta.rejected += it.records.stats.rejected;
        delta.bytes += it.records.stats.bytes;
        checkpoints.push({
          sourceKey: this.requestKey(it.requestId),
          kind: 'firehose',
          origin: `firehose:${this.name}:${it.requestId}`,
          offset: 0,
          line: 0,
          records: it.records.stats.records,
          rejected: it.records.stats.rejected,
          bytes: it.records.stats.bytes,
          state: { timestamp: it.timestamp },
        });
      }
      const last = fresh[fresh.length - 1]!;
      const t = tally.checkpoint(delta, undefined, {
        position: last.requestId,
        positionTime: last.timestamp,
      });
      await this.store.commitBatch({
        events: fresh.flatMap((it) => it.records.events),
        rejects: fresh.flatMap((it) => it.records.rejects),
        checkpoints: [...checkpoints, t],
      });
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
