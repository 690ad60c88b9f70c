/**
 * The CloudWatch Logs collector. Each poll calls FilterLogEvents from the checkpointed watermark
 * minus an overlap window, following `nextToken` until it is absent (pages may be empty while more
 * remain). Events that arrive late inside the window are collected; those already stored are
 * skipped by event id: the ids seen inside the window are kept in the checkpoint as 64-bit digests
 * (`SeenIds`, about 11 bytes an id), committed with the records. `ThrottlingException` is retried with exponential backoff and jitter.
 */
import {
  CloudWatchLogsClient,
  FilterLogEventsCommand,
  type FilterLogEventsCommandOutput,
} from '@aws-sdk/client-cloudwatch-logs';
import type { Store } from '../../../store/store.ts';
import { normalizeFramed } from '../../pipeline.ts';
import { withRetry } from '../backoff.ts';
import { type Collector, type PollResult, SourceTally } from '../collector.ts';
import { SeenIds, type SeenSegment } from '../seen-ids.ts';
import { SourceCommits } from '../source-commits.ts';
import type { CloudWatchSourceConfig } from './config.ts';
import { parseStreamName } from './stream-name.ts';

export interface CloudWatchWalk {
  /** Latest event timestamp collected (ms). */
  watermark: number | null;
  /** Digests of the event ids collected with timestamp >= watermark - overlap (see `SeenIds`). */
  seen: SeenSegment[];
}

export interface CloudWatchCollectorOptions {
  store: Store;
  client?: CloudWatchLogsClient;
  /** Backoff of throttled calls (tests shorten it). */
  backoff?: { initialMs?: number; maxMs?: number; attempts?: number };
  now?: () => number;
}

export function cloudwatchClient(cfg: CloudWatchSourceConfig): CloudWatchLogsClient {
  // Retries are ours (counted in the status), not the SDK's.
  return new CloudWatchLogsClient({ region: cfg.region, endpoint: cfg.endpoint, maxAttempts: 1 });
}

const throttled = (err: unknown): boolean => {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return (
    e.name === 'ThrottlingException' ||
    e.name === 'ServiceUnavailableException' ||
    (e.$metadata?.httpStatusCode ?? 0) >= 500
  );
};

export class CloudWatchCollector implements Collector {
  readonly type = 'cloudwatch' as const;
  readonly name: string;
  private readonly client: CloudWatchLogsClient;
  private tally: SourceTally | null = null;

  constructor(
    private readonly cfg: CloudWatchSourceConfig,
    private readonly opts: CloudWatchCollectorOptions,
  ) {
    this.name = cfg.name;
    this.client = opts.client ?? cloudwatchClient(cfg);
  }

  async poll(signal?: AbortSignal): Promise<PollResult> {
    const store = this.opts.store;
    this.tally ??= await SourceTally.load(store, this.name, 'cloudwatch');
    const tally = this.tally;
    const before = { records: tally.records, rejected: tally.rejected, bytes: tally.bytes };
    tally.notePoll();
    const c = new SourceCommits(store.loader({ commitRecords: this.cfg.batchSize }), tally);
    try {
      try {
        await this.readAll(c, signal);
        await c.drain();
      } finally {
        await c.settle();
      }
    } catch (err) {
      tally.noteError(err);
      await tally.save(store);
      throw err;
    }
    await tally.save(store);
    return {
      records: tally.records - before.records,
      rejected: tally.rejected - before.rejected,
      bytes: tally.bytes - before.bytes,
    };
  }

  private startTime(walk: { watermark: number | null }): number {
    const overlap = this.cfg.overlapMinutes * 60_000;
    if (walk.watermark !== null) return Math.max(0, walk.watermark - overlap);
    if (this.cfg.startTime) return Date.parse(this.cfg.startTime);
    return (this.opts.now?.() ?? Date.now()) - this.cfg.lookbackHours * 3_600_000;
  }

  private async readAll(c: SourceCommits, signal?: AbortSignal): Promise<void> {
    const overlap = this.cfg.overlapMinutes * 60_000;
    const initial = c.walk as Partial<CloudWatchWalk> | undefined;
    // Rebuilt from the committed walk on each poll: ids of a batch whose commit failed are not in it.
    const seen = SeenIds.from(initial?.seen);
    let watermark = initial?.watermark ?? null;
    const startTime = this.startTime({ watermark });
    let nextToken: string | undefined;
    do {
      const page: FilterLogEventsCommandOutput = await withRetry(
        () =>
          this.client.send(
            new FilterLogEventsCommand({
              logGroupName: this.cfg.logGroupName,
              logStreamNamePrefix: this.cfg.logStreamNamePrefix,
              filterPattern: this.cfg.filterPattern,
              startTime,
              limit: this.cfg.pageLimit,
              nextToken,
            }),
            { abortSignal: signal },
          ),
        throttled,
        { ...this.opts.backoff, signal, onRetry: () => this.tally?.noteRetry() },
      );
      let last: { position: string; positionTime: number } | undefined;
      const part = {
        events: [] as ReturnType<typeof normalizeFramed>['events'],
        rejects: [] as ReturnType<typeof normalizeFramed>['rejects'],
        stats: { records: 0, rejected: 0, bytes: 0 },
      };
      for (const ev of page.events ?? []) {
        const id = ev.eventId;
        const ts = ev.timestamp ?? 0;
        if (!id || !seen.add(id, ts)) continue;
        watermark = Math.max(watermark ?? ts, ts);
        const stream = ev.logStreamName ?? '';
        const meta = parseStreamName(stream);
        if (this.cfg.logTypes && meta && !this.cfg.logTypes.includes(meta.logType)) continue;
        const origin = `cloudwatch:${this.cfg.logGroupName}/${stream}#${id}`;
        const r = normalizeFramed([{ text: ev.message ?? '', line: 0 }], origin);
        part.events.push(...r.events);
        part.rejects.push(...r.rejects);
        part.stats.records += r.stats.records;
        part.stats.rejected += r.stats.rejected;
        part.stats.bytes += r.stats.bytes;
        last = { position: `${stream}#${id}`, positionTime: ts };
      }
      // Ids older than the next poll's start can never be read again: drop them.
      seen.prune((watermark ?? 0) - overlap);
      c.walk = { watermark, seen: seen.snapshot() } satisfies CloudWatchWalk;
      await c.add(part, { position: last });
      nextToken = page.nextToken;
    } while (nextToken && !signal?.aborted);
  }
}
