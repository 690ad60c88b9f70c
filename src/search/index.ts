/**
 * Search over stored events: the query language compiled with the store's dialect, newest first, with
 * a keyset cursor (stable while data arrives), counts and a histogram of matches over time. The store
 * does the reads; the cursor, the widening window and the histogram's buckets are decided here.
 */
import { compileFilter, type Dialect, EVENT_FIELDS, parseTimeMicros } from '../query/index.ts';
import type { ErrorDetail } from '../schema/error-codes.ts';
import type { EventFilter, EventPageRow } from '../store/event-reads.ts';
import type { SqlRow, Store } from '../store/store.ts';

export interface SearchRange {
  query?: string;
  /** ISO 8601 or relative (`-24h`, `now`). */
  from?: string;
  to?: string;
  now?: Date;
}

export interface SearchOptions extends SearchRange {
  limit?: number;
  cursor?: string | null;
}

export interface SearchPage {
  rows: SqlRow[];
  next_cursor: string | null;
  took_ms: number;
}

/** Bad search input (a time, a cursor, a bucket), with its message code and values. */
export class SearchInputError extends Error {
  constructor(
    message: string,
    readonly detail?: ErrorDetail,
  ) {
    super(message);
  }
}

function timeParam(label: string, text: string, now: Date): number {
  const us = parseTimeMicros(text, now);
  if (us === null) {
    throw new SearchInputError(
      `--${label}: invalid time "${text}" (use ISO 8601 such as 2024-01-01T00:00:00Z, or -24h, -7d, now)`,
      { code: 'param.time', params: { param: label, value: text } },
    );
  }
  return us;
}

/** The store's filter for a query and a time range (`from` inclusive, `to` exclusive). */
export function buildFilter(dialect: Dialect, opts: SearchRange): EventFilter {
  const now = opts.now ?? new Date();
  const where = compileFilter(opts.query ?? '', EVENT_FIELDS, dialect, { now });
  return {
    where,
    ...(opts.from ? { fromUs: timeParam('from', opts.from, now) } : {}),
    ...(opts.to ? { toUs: timeParam('to', opts.to, now) } : {}),
  };
}

/** Cursor: the (ts, id) of the last row of a page, opaque to clients. */
export function encodeCursor(tsMicros: number | bigint, id: number): string {
  return Buffer.from(`${tsMicros}:${id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { ts: number; id: number } {
  const m = /^(-?\d{1,20}):(\d{1,20})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  const ts = Number(m?.[1]);
  const id = Number(m?.[2]);
  // Every cursor this code writes holds safe integers: anything else was not written by it.
  if (!m || !Number.isSafeInteger(ts) || !Number.isSafeInteger(id)) {
    throw new SearchInputError('invalid cursor: pass back the next_cursor of a previous page', {
      code: 'param.cursor',
      params: { param: 'cursor' },
    });
  }
  return { ts, id };
}

/** First window of the newest-first search; each retry widens it 16x until the page is full. */
const FIRST_WINDOW_US = 3600 * 1e6;

/**
 * Newest first. Rather than scanning everything and keeping the top N, the search first looks at the
 * last hour before the upper bound (zone maps skip the rest of the table), and widens the window until
 * the page is full or the window covers the whole range: the first page of a broad query is cheap.
 */
export async function searchEvents(store: Store, opts: SearchOptions): Promise<SearchPage> {
  const t0 = performance.now();
  const limit = Math.max(1, Math.min(opts.limit ?? 100, 10_000));
  const filter = buildFilter(store.dialect, opts);
  let upper: number | null = null;
  let before: { tsUs: number; id: number } | undefined;
  if (opts.cursor) {
    const c = decodeCursor(opts.cursor);
    before = { tsUs: c.ts, id: c.id };
    upper = c.ts + 1;
  }
  const now = opts.now ?? new Date();
  if (opts.to) upper = Math.min(upper ?? Number.POSITIVE_INFINITY, timeParam('to', opts.to, now));
  const bounds = await store.eventBounds();
  const lo = Math.max(
    bounds.lo ?? 0,
    opts.from ? timeParam('from', opts.from, now) : Number.NEGATIVE_INFINITY,
  );
  upper = Math.min(upper ?? Number.POSITIVE_INFINITY, (bounds.hi ?? 0) + 1);
  const page = (windowFromUs?: number) =>
    store.eventPage({
      filter,
      ...(before ? { before } : {}),
      ...(windowFromUs !== undefined ? { windowFromUs } : {}),
      limit: limit + 1,
    });
  let rows: EventPageRow[] = [];
  for (let w = FIRST_WINDOW_US; ; w *= 16) {
    const from = upper - w;
    if (!Number.isFinite(upper) || from <= lo) {
      rows = await page();
      break;
    }
    rows = await page(from);
    if (rows.length > limit) break;
  }
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const last = kept[kept.length - 1];
  const next = more && last ? encodeCursor(last.tsUs, Number(last.row.id)) : null;
  return { rows: kept.map((r) => r.row), next_cursor: next, took_ms: Math.round(performance.now() - t0) };
}

/** Events read per page by `searchEventPages`. */
export const EVENT_PAGE_SIZE = 5_000;

/**
 * Every event the search matches, newest first as `searchEvents` lists them, read `pageSize` at a
 * time: each page starts before the last row of the one before (on `ts` and `id`), so a result of
 * any size holds one page in memory. The filter is compiled before the first read (a bad query
 * throws from the first `next()`).
 */
export async function* searchEventPages(
  store: Store,
  opts: SearchRange,
  pageSize = EVENT_PAGE_SIZE,
): AsyncGenerator<SqlRow[]> {
  const filter = buildFilter(store.dialect, opts);
  let before: { tsUs: number; id: number } | undefined;
  for (;;) {
    const rows = await store.eventPage({ filter, ...(before ? { before } : {}), limit: pageSize });
    if (rows.length > 0) yield rows.map((r) => r.row);
    if (rows.length < pageSize) return;
    const last = rows[rows.length - 1]!;
    before = { tsUs: last.tsUs, id: Number(last.row.id) };
  }
}

export async function countEvents(store: Store, opts: SearchRange): Promise<number> {
  return store.eventCount(buildFilter(store.dialect, opts));
}

const BUCKETS: readonly [string, number][] = [
  ['1m', 60],
  ['5m', 300],
  ['15m', 900],
  ['1h', 3600],
  ['3h', 10_800],
  ['6h', 21_600],
  ['12h', 43_200],
  ['1d', 86_400],
  ['7d', 604_800],
];

/** The widest histogram bucket, in seconds (366 days). */
export const MAX_BUCKET_SECONDS = 366 * 86_400;

export function parseBucket(text: string): number {
  const m = /^(\d{1,12})([smhd])$/.exec(text.trim());
  const seconds = m ? Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86_400 }[m[2] as 's' | 'm' | 'h' | 'd'] : 0;
  if (seconds <= 0 || seconds > MAX_BUCKET_SECONDS) {
    throw new SearchInputError(`invalid bucket "${text}": use 1s to 366d, e.g. 1m, 15m, 1h, 1d`, {
      code: 'param.invalid',
      params: { param: 'bucket', value: text },
    });
  }
  return seconds;
}

/** The bucket that gives at most ~120 bars over a span of `seconds`. */
export function chooseBucket(seconds: number): string {
  for (const [name, size] of BUCKETS) if (seconds / size <= 120) return name;
  return '7d';
}

export interface Histogram {
  bucket: string;
  rows: { t: string; count: number }[];
}

/** Matches per time bucket, empty buckets included, over the range (or the matches' own span). */
export async function histogram(store: Store, opts: SearchRange & { bucket?: string }): Promise<Histogram> {
  if (opts.bucket !== undefined) parseBucket(opts.bucket);
  const filter = buildFilter(store.dialect, opts);
  const span = await store.eventBounds(filter);
  const now = opts.now ?? new Date();
  const lo = opts.from ? Number(timeParam('from', opts.from, now)) : span.lo;
  const hi = opts.to ? Number(timeParam('to', opts.to, now)) : span.hi;
  if (lo === null || hi === null) {
    return { bucket: opts.bucket ?? '1h', rows: [] };
  }
  const bucket = opts.bucket ?? chooseBucket(Math.max(1, (hi - lo) / 1e6));
  const size = parseBucket(bucket) * 1_000_000;
  const rows = await store.eventHistogram(filter, size);
  const counts = new Map(rows.map((r) => [r.startUs, r.count]));
  const out: { t: string; count: number }[] = [];
  const first = Math.floor(lo / size) * size;
  const last = Math.floor((opts.to ? hi - 1 : hi) / size) * size;
  for (let b = first; b <= last && out.length < 10_000; b += size) {
    out.push({ t: new Date(b / 1000).toISOString(), count: counts.get(b) ?? 0 });
  }
  return { bucket, rows: out };
}
