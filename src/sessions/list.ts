/** Listing sessions: a filter in the query language, a time range on `start`, a sort and a limit. */
import { compileFilter, parseTime } from '../query/index.ts';
import type { Session, SessionListQuery, SessionSort } from '../store/sessions.ts';
import type { ReadOptions, Store } from '../store/store.ts';
import { SESSION_FIELDS } from './fields.ts';

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
  return store.listSessions(listQuery(store, opts));
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
  const query = listQuery(store, opts);
  let left = query.limit;
  let last: Session | null = null;
  while (left > 0) {
    const want = Math.min(pageSize, left);
    const rows = await store.listSessions({ ...query, limit: want, ...(last ? { after: last } : {}) });
    if (rows.length > 0) yield rows;
    left -= rows.length;
    if (rows.length < want) return;
    last = rows[rows.length - 1]!;
  }
}

/** A page of a listing: its rows, the cursor of the next page (null at the end), and the total. */
export interface SessionPage {
  rows: Session[];
  next_cursor: string | null;
  /** Sessions the whole listing holds (every page). */
  total: number;
}

export class SessionCursorError extends Error {}

type After = NonNullable<SessionListQuery['after']>;

/** The (start, total_bytes, request_id) of a page's last row, opaque to clients. */
export function encodeSessionCursor(last: After): string {
  return Buffer.from(JSON.stringify([last.start, last.total_bytes, last.request_id])).toString('base64url');
}

export function decodeSessionCursor(cursor: string): After {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    v = null;
  }
  const ok =
    Array.isArray(v) &&
    v.length === 3 &&
    (v[0] === null || (typeof v[0] === 'string' && !Number.isNaN(Date.parse(v[0])))) &&
    Number.isSafeInteger(v[1]) &&
    Number.isSafeInteger(v[2]);
  if (!ok) throw new SessionCursorError('invalid cursor: pass back the next_cursor of a previous page');
  const [start, total_bytes, request_id] = v as [string | null, number, number];
  return { start, total_bytes, request_id };
}

/**
 * One page of the listing `listSessions` gives, `limit` rows after `cursor` (keyset on the sort key
 * and request_id: stable while sessions are added), with the listing's total.
 */
export async function listSessionsPage(
  store: Store,
  opts: ListSessionsOptions & { cursor?: string | null },
  read?: ReadOptions,
): Promise<SessionPage> {
  const query = listQuery(store, opts);
  const after = opts.cursor ? decodeSessionCursor(opts.cursor) : null;
  const [rows, total] = await Promise.all([
    store.listSessions({ ...query, limit: query.limit + 1, ...(after ? { after } : {}) }, read),
    store.countSessions(
      {
        ...(query.filter ? { filter: query.filter } : {}),
        ...(query.fromUs !== undefined ? { fromUs: query.fromUs } : {}),
        ...(query.toUs !== undefined ? { toUs: query.toUs } : {}),
      },
      read,
    ),
  ]);
  const more = rows.length > query.limit;
  const page = more ? rows.slice(0, query.limit) : rows;
  const last = page[page.length - 1];
  return { rows: page, next_cursor: more && last ? encodeSessionCursor(last) : null, total };
}

/** The store's listing query for these options: the filter compiled with the store's dialect. */
function listQuery(store: Store, opts: ListSessionsOptions): SessionListQuery {
  const now = opts.now ?? new Date();
  const query: SessionListQuery = { sort: opts.sort ?? 'start', limit: opts.limit ?? DEFAULT_SESSION_LIMIT };
  if (opts.filter && opts.filter.trim() !== '') {
    query.filter = compileFilter(opts.filter, SESSION_FIELDS, store.dialect, { now });
  }
  if (opts.from) query.fromUs = parseTime(opts.from, now).getTime() * 1000;
  if (opts.to) query.toUs = parseTime(opts.to, now).getTime() * 1000;
  if (!Number.isInteger(query.limit) || query.limit < 1)
    throw new Error(`limit must be a positive integer, got ${query.limit}`);
  return query;
}
