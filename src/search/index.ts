/**
 * Search over stored events: the query language compiled to parameterised SQL, newest first, with a
 * keyset cursor (stable while data arrives), counts and a histogram of matches over time.
 */
import { compileFilter, type Dialect, EVENT_FIELDS, parseTimeMicros } from '../query/index.ts';
import { IP_NUMBER_COLUMN_NAMES } from '../schema/columns.ts';
import type { SqlRow, Store } from '../store/store.ts';

/** Columns a search row leaves out: the internal numeric IPs and the residual JSON. */
const EXCLUDED = [...IP_NUMBER_COLUMN_NAMES, 'residual'].join(', ');

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

export class SearchInputError extends Error {}

interface Where {
  sql: string;
  params: unknown[];
}

function timeParam(label: string, text: string, now: Date): number {
  const us = parseTimeMicros(text, now);
  if (us === null) {
    throw new SearchInputError(
      `--${label}: invalid time "${text}" (use ISO 8601 such as 2024-01-01T00:00:00Z, or -24h, -7d, now)`,
    );
  }
  return us;
}

/** The WHERE clause for a query and a time range (`from` inclusive, `to` exclusive). */
export function buildWhere(dialect: Dialect, opts: SearchRange): Where {
  const now = opts.now ?? new Date();
  const q = compileFilter(opts.query ?? '', EVENT_FIELDS, dialect, { now });
  const parts = [`(${q.sql})`];
  const params = [...q.params];
  if (opts.from) {
    parts.push('ts >= make_timestamptz(?::BIGINT)');
    params.push(timeParam('from', opts.from, now));
  }
  if (opts.to) {
    parts.push('ts < make_timestamptz(?::BIGINT)');
    params.push(timeParam('to', opts.to, now));
  }
  return { sql: parts.join(' AND '), params };
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
    throw new SearchInputError('invalid cursor: pass back the next_cursor of a previous page');
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
  const where = buildWhere(store.dialect, opts);
  let sql = where.sql;
  const params = [...where.params];
  let upper: number | null = null;
  if (opts.cursor) {
    const c = decodeCursor(opts.cursor);
    sql += ' AND (ts < make_timestamptz(?::BIGINT) OR (ts = make_timestamptz(?::BIGINT) AND id < ?::BIGINT))';
    params.push(c.ts, c.ts, c.id);
    upper = c.ts + 1;
  }
  const now = opts.now ?? new Date();
  if (opts.to) upper = Math.min(upper ?? Number.POSITIVE_INFINITY, timeParam('to', opts.to, now));
  const bounds = await store.query('SELECT epoch_us(min(ts)) AS lo, epoch_us(max(ts)) AS hi FROM events');
  const lo = Math.max(
    (bounds[0]?.lo as number | null) ?? 0,
    opts.from ? timeParam('from', opts.from, now) : Number.NEGATIVE_INFINITY,
  );
  upper = Math.min(upper ?? Number.POSITIVE_INFINITY, ((bounds[0]?.hi as number | null) ?? 0) + 1);
  const select = (extra: string, extraParams: unknown[]) =>
    store.query(
      `SELECT epoch_us(ts) AS _ts_us, * EXCLUDE (${EXCLUDED})
       FROM events WHERE ${sql}${extra} ORDER BY ts DESC, id DESC LIMIT ?`,
      [...params, ...extraParams, limit + 1],
    );
  let rows: SqlRow[] = [];
  for (let w = FIRST_WINDOW_US; ; w *= 16) {
    const from = upper - w;
    if (!Number.isFinite(upper) || from <= lo) {
      rows = await select('', []);
      break;
    }
    rows = await select(' AND ts >= make_timestamptz(?::BIGINT)', [from]);
    if (rows.length > limit) break;
  }
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  const next = more && last ? encodeCursor(last._ts_us as number, Number(last.id)) : null;
  for (const r of page) delete r._ts_us;
  return { rows: page, next_cursor: next, took_ms: Math.round(performance.now() - t0) };
}

export async function countEvents(store: Store, opts: SearchRange): Promise<number> {
  const where = buildWhere(store.dialect, opts);
  const rows = await store.query(`SELECT count(*) AS n FROM events WHERE ${where.sql}`, where.params);
  return Number(rows[0]?.n ?? 0);
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
    throw new SearchInputError(`invalid bucket "${text}": use 1s to 366d, e.g. 1m, 15m, 1h, 1d`);
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
  const where = buildWhere(store.dialect, opts);
  const span = await store.query(
    `SELECT epoch_us(min(ts)) AS lo, epoch_us(max(ts)) AS hi FROM events WHERE ${where.sql}`,
    where.params,
  );
  const now = opts.now ?? new Date();
  const lo = opts.from ? Number(timeParam('from', opts.from, now)) : (span[0]?.lo as number | null);
  const hi = opts.to ? Number(timeParam('to', opts.to, now)) : (span[0]?.hi as number | null);
  if (lo === null || hi === null || lo === undefined || hi === undefined) {
    return { bucket: opts.bucket ?? '1h', rows: [] };
  }
  const bucket = opts.bucket ?? chooseBucket(Math.max(1, (hi - lo) / 1e6));
  const size = parseBucket(bucket) * 1_000_000;
  const rows = await store.query(
    `SELECT (epoch_us(ts) // ?::BIGINT) * ?::BIGINT AS b, count(*) AS n FROM events WHERE ${where.sql} GROUP BY 1 ORDER BY 1`,
    [size, size, ...where.params],
  );
  const counts = new Map(rows.map((r) => [Number(r.b), Number(r.n)]));
  const out: { t: string; count: number }[] = [];
  const first = Math.floor(lo / size) * size;
  const last = Math.floor((opts.to ? hi - 1 : hi) / size) * size;
  for (let b = first; b <= last && out.length < 10_000; b += size) {
    out.push({ t: new Date(b / 1000).toISOString(), count: counts.get(b) ?? 0 });
  }
  return { bucket, rows: out };
}
