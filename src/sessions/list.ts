/** Listing sessions: a filter in the query language, a time range on `start`, a sort and a limit. */
import { compileFilter, parseTime } from '../query/index.ts';
import type { Store } from '../store/store.ts';
import { sessionsSqlFor } from './engine-sql.ts';
import { SESSION_FIELDS } from './fields.ts';
import type { Session, SessionSort } from './types.ts';

export interface ListSessionsOptions {
  /** Query language text over SESSION_FIELDS (e.g. `server_port:443 and bytes>1000000`). */
  filter?: string;
  /** ISO 8601 or relative (`-24h`, `-7d`, `now`), on `start` (inclusive). */
  from?: string;
  /** Same forms, on `start` (exclusive). */
  to?: string;
  /** `start` (newest first, the default) or `total_bytes` (largest first). */
  sort?: SessionSort;
  limit?: number;
  /** The instant relative times count from (default: now). */
  now?: Date;
}

export const DEFAULT_SESSION_LIMIT = 100;

export async function listSessions(store: Store, opts: ListSessionsOptions = {}): Promise<Session[]> {
  const { sql, where, params, limit } = listQuery(store, opts);
  const q = sql.list({ where, params, sort: opts.sort ?? 'start', limit });
  return (await store.query(q.sql, q.params)) as unknown as Session[];
}

/** Sessions read per page by `listSessionPages`. */
export const SESSION_PAGE_SIZE = 10_000;

/**
 * The sessions `listSessions` lists, in the same order, read `pageSize` at a time: each page starts
 * after the last row of the one before (on the sort key and request_id, which is unique), so a
 * listing of any size holds one page in memory.
 */
export async function* listSessionPages(
  store: Store,
  opts: ListSessionsOptions = {},
  pageSize = SESSION_PAGE_SIZE,
): AsyncGenerator<Session[]> {
  const { sql, where, params, limit } = listQuery(store, opts);
  const sort = opts.sort ?? 'start';
  let left = limit;
  let last: Session | null = null;
  while (left > 0) {
    const want = Math.min(pageSize, left);
    const after = last ? afterRow(sort, last) : null;
    const q = sql.list({
      where: after ? [...where, after.sql] : where,
      params: after ? [...params, ...after.params] : params,
      sort,
      limit: want,
    });
    const rows = (await store.query(q.sql, q.params)) as unknown as Session[];
    if (rows.length > 0) yield rows;
    left -= rows.length;
    if (rows.length < want) return;
    last = rows[rows.length - 1]!;
  }
}

/**
 * Rows after `last` in the list order (`start` newest first, nulls last, then request_id down;
 * total_bytes: largest first before that).
 */
function afterRow(sort: SessionSort, last: Session): { sql: string; params: unknown[] } {
  const start =
    last.start === null
      ? { sql: '("start" IS NULL AND request_id < ?)', params: [last.request_id] }
      : {
          sql: '("start" < ?::TIMESTAMPTZ OR "start" IS NULL OR ("start" = ?::TIMESTAMPTZ AND request_id < ?))',
          params: [last.start, last.start, last.request_id],
        };
  if (sort === 'start') return start;
  const bytes = last.total_bytes as number | null;
  if (bytes === null) return { sql: `(total_bytes IS NULL AND ${start.sql})`, params: start.params };
  return {
    sql: `(total_bytes < ? OR total_bytes IS NULL OR (total_bytes = ? AND ${start.sql}))`,
    params: [bytes, bytes, ...start.params],
  };
}

function listQuery(store: Store, opts: ListSessionsOptions) {
  const sql = sessionsSqlFor(store);
  const now = opts.now ?? new Date();
  const where: string[] = [];
  const params: unknown[] = [];
  if (opts.filter && opts.filter.trim() !== '') {
    const q = compileFilter(opts.filter, SESSION_FIELDS, store.dialect, { now });
    where.push(q.sql);
    params.push(...q.params);
  }
  if (opts.from) {
    where.push('"start" >= ?');
    params.push(parseTime(opts.from, now));
  }
  if (opts.to) {
    where.push('"start" < ?');
    params.push(parseTime(opts.to, now));
  }
  const limit = opts.limit ?? DEFAULT_SESSION_LIMIT;
  if (!Number.isInteger(limit) || limit < 1)
    throw new Error(`limit must be a positive integer, got ${limit}`);
  return { sql, where, params, limit };
}
