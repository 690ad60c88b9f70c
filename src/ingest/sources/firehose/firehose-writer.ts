/**
 * Commits Firehose requests through the commit pipeline: each request's records go into the store
 * with its id recorded in the same commit (`RequestIds`, kept 24 h, mostly inside the source's own
 * checkpoint), and a request whose id is already stored adds nothing (Firehose retries with the
 * same id). One writer loop runs at a time, so two concurrent retries cannot both insert; requests
 * that queue up while a commit runs share the next commit. A CloudWatch Logs subscription event is
 * stored once per event id (kept 2 h, `EVENT_ID_WINDOW`), so the same events under another request
 * id add nothing.
 */
import type { EventInput, RejectInput, Store } from '../../../store/store.ts';
import { CommitPipeline } from '../../commit-pipeline.ts';
import { SourceTally } from '../collector.ts';
import type { DecodedRecords } from './firehose-records.ts';
import { EVENT_ID_WINDOW, RequestIds, type SlotState } from './request-ids.ts';

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
  private eventIds: RequestIds | null = null;

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
    const saved = tally.walk as (SlotState & { events?: SlotState }) | undefined;
    this.ids ??= await RequestIds.load(this.store, this.name, saved);
    this.eventIds ??= await RequestIds.load(this.store, this.name, saved?.events, EVENT_ID_WINDOW);
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
      const { events, rejects, delta, eventKeys } = this.newRecords(fresh, now);
      const last = fresh[fresh.length - 1]!;
      const recorded = this.ids.record([...batch], now);
      const recordedEvents = eventKeys.length > 0 ? this.eventIds.record(eventKeys, now) : null;
      const walk = { ...recorded.walk, events: recordedEvents?.walk ?? saved?.events };
      const t = tally.checkpoint(delta, walk, { position: last.requestId, positionTime: last.timestamp });
      // One commit of all the requests taken (they are already in memory, and answered together).
      const commits = CommitPipeline.of(this.store, Number.POSITIVE_INFINITY);
      await commits.add({ events, rejects }, () => ({
        checkpoints: [...recorded.checkpoints, ...(recordedEvents?.checkpoints ?? []), t],
      }));
      await commits.drain();
      recorded.apply();
      recordedEvents?.apply();
      tally.committed(t);
    }
    for (const it of fresh) it.resolve('stored');
    for (const it of dupes) it.resolve('duplicate');
  }

  /** The records of new requests, less the subscription events already stored (or twice in them). */
  private newRecords(fresh: readonly Item[], now: number) {
    const events: EventInput[] = [];
    const rejects: RejectInput[] = [];
    const delta = { records: 0, rejected: 0, bytes: 0 };
    const eventKeys: string[] = [];
    const keys = new Set<string>();
    const add = (r: {
      events: readonly EventInput[];
      rejects: readonly RejectInput[];
      stats: typeof delta;
    }) => {
      for (const e of r.events) events.push(e);
      for (const e of r.rejects) rejects.push(e);
      delta.records += r.stats.records;
      delta.rejected += r.stats.rejected;
      delta.bytes += r.stats.bytes;
    };
    for (const it of fresh) {
      add(it.records);
      for (const sub of it.records.subscription) {
        if (keys.has(sub.key) || this.eventIds!.has(sub.key, now)) continue;
        keys.add(sub.key);
        eventKeys.push(sub.key);
        add(sub);
      }
    }
    return { events, rejects, delta, eventKeys };
  }

  /** Waits for queued requests to be committed. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }
}
