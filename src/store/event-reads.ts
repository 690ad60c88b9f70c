/**
 * Reads of stored events: the bounds, pages, counts and histogram of a search, one event, the records
 * of one flow and the rows the original records are rebuilt from. Filters arrive compiled with the
 * store's own dialect; times are epoch microseconds, `from` inclusive and `to` exclusive.
 */
import type { CompiledQuery } from '../query/index.ts';
import { EVENT_COLUMNS } from '../schema/columns.ts';
import type { ReadOptions, SqlRow } from './store.ts';

/** The event columns the reads return: every column of the table except the internal numeric IPs. */
export const API_EVENT_COLUMNS: readonly string[] = EVENT_COLUMNS.filter((c) => c.ipNumber === undefined).map(
  (c) => c.name,
);

/** Events matching a compiled query-language filter within a time range. */
export interface EventFilter {
  /** A WHERE fragment compiled with the store's dialect (`compileFilter(text, fields, store.dialect)`). */
  where: CompiledQuery;
  fromUs?: number;
  toUs?: number;
}

/** The first and last `ts` of the events, in epoch µs; null when there are none. */
export interface EventBounds {
  lo: number | null;
  hi: number | null;
}

/** One page of a newest-first search. */
export interface EventPageQuery {
  filter: EventFilter;
  /** A further lower bound on `ts` (the search's window), inclusive. */
  windowFromUs?: number;
  /** Only events strictly before this (ts, id), newest first: the last row of the previous page. */
  before?: { tsUs: number; id: number };
  limit: number;
}

/** A search row: every column but the numeric IPs and the residual JSON, and its `ts` in epoch µs. */
export interface EventPageRow {
  tsUs: number;
  row: SqlRow;
}

/** Events per time bucket: the bucket's start (a multiple of the size, epoch µs) and its count. */
export interface HistogramBucket {
  startUs: number;
  count: number;
}

/** Which records of one flow: its id, optionally narrowed to one firewall and availability zone. */
export interface FlowRecordsQuery {
  flowId: bigint;
  firewallName?: string;
  availabilityZone?: string;
  limit: number;
}

/** What an original record is rebuilt from: its columns (timestamps as epoch µs) and residual. */
export interface StoredRecord {
  id: number;
  origin: string;
  line: number;
  /** The event columns (and `id`, `origin`, `origin_line`), timestamps as epoch µs. */
  columns: SqlRow;
  residual: string | null;
}

export interface EventReads {
  /** The first and last `ts` of the events matching `filter` (of all events without one). */
  eventBounds(filter?: EventFilter, options?: ReadOptions): Promise<EventBounds>;
  /** Up to `limit` matching events, newest first (`ts` then `id` descending). */
  eventPage(query: EventPageQuery, options?: ReadOptions): Promise<EventPageRow[]>;
  eventCount(filter: EventFilter, options?: ReadOptions): Promise<number>;
  /** Counts of matching events per bucket of `bucketUs`, buckets without events left out, in time order. */
  eventHistogram(filter: EventFilter, bucketUs: number, options?: ReadOptions): Promise<HistogramBucket[]>;
  /** One event: `id`, `origin`, `origin_line` and the API_EVENT_COLUMNS; null when there is none. */
  event(id: number, options?: ReadOptions): Promise<SqlRow | null>;
  /** The records of a flow (as `event` returns them), oldest first (`ts` then `id`). */
  flowRecords(query: FlowRecordsQuery, options?: ReadOptions): Promise<SqlRow[]>;
  /** The stored form of the events with these ids, in id order (ids without an event left out). */
  storedRecords(ids: readonly number[], options?: ReadOptions): Promise<StoredRecord[]>;
}

/** Where each read operation of `EventReads` takes its ReadOptions (a request passes its own there). */
export const EVENT_READ_OPTIONS_AT = {
  eventBounds: 1,
  eventPage: 1,
  eventCount: 1,
  eventHistogram: 2,
  event: 1,
  flowRecords: 1,
  storedRecords: 1,
} as const satisfies Record<keyof EventReads, number>;
