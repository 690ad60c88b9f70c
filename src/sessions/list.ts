/** Listing sessions: a filter in the query language, a time range on `start`, a sort and a limit. */
import { compileFilter, duckdbDialect, parseTime } from '../query/index.ts';
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
  const sql = sessionsSqlFor(store);
  const now = opts.now ?? new Date();
  const where: string[] = [];
  const params: unknown[] = [];
  if (opts.filter && opts.filter.trim() !== '') {
    const dialect = duckdbDialect; // sessionsSqlFor has already refused other engines
    const q = compileFilter(opts.filter, SESSION_FIELDS, dialect, { now });
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
  const q = sql.list({ where, params, sort: opts.sort ?? 'start', limit });
  return (await store.query(q.sql, q.params)) as unknown as Session[];
}
