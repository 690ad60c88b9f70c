/** DuckDB SQL of the event reads: search bounds, pages, counts and histogram, one event, a flow's records. */
import { EVENT_COLUMNS, IP_NUMBER_COLUMN_NAMES } from '../../schema/columns.ts';
import type {
  EventBounds,
  EventFilter,
  EventPageQuery,
  EventPageRow,
  FlowRecordsQuery,
  HistogramBucket,
  StoredRecord,
} from '../event-reads.ts';
import { API_EVENT_COLUMNS } from '../event-reads.ts';
import type { ReadOptions, SqlRow } from '../store.ts';
import type { DuckDbStore } from './duckdb-store.ts';

type Reader = Pick<DuckDbStore, 'query'>;

/** Columns a search row leaves out: the internal numeric IPs and the residual JSON. */
const EXCLUDED = [...IP_NUMBER_COLUMN_NAMES, 'residual'].join(', ');

/** `id, origin, origin_line, <event columns>` for a SELECT on `events`. */
const EVENT_SELECT = ['id', 'origin', 'origin_line', ...API_EVENT_COLUMNS].map((c) => `"${c}"`).join(', ');

/** Timestamps as epoch microseconds, the form the normaliser's rows use. */
const STORED_COLUMNS = EVENT_COLUMNS.map((c) =>
  c.kind === 'timestamp' ? `epoch_us("${c.name}") AS "${c.name}"` : `"${c.name}"`,
).join(', ');

interface Where {
  sql: string;
  params: unknown[];
}

/** The WHERE condition of a filter and its time range (`from` inclusive, `to` exclusive). */
function whereOf(filter: EventFilter): Where {
  const parts = [`(${filter.where.sql})`];
  const params = [...filter.where.params];
  if (filter.fromUs !== undefined) {
    parts.push('ts >= make_timestamptz(?::BIGINT)');
    params.push(filter.fromUs);
  }
  if (filter.toUs !== undefined) {
    parts.push('ts < make_timestamptz(?::BIGINT)');
    params.push(filter.toUs);
  }
  return { sql: parts.join(' AND '), params };
}

const microsOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export async function eventBounds(
  db: Reader,
  filter?: EventFilter,
  options?: ReadOptions,
): Promise<EventBounds> {
  const where = filter ? whereOf(filter) : null;
  const rows = await db.query(
    `SELECT epoch_us(min(ts)) AS lo, epoch_us(max(ts)) AS hi FROM events${where ? ` WHERE ${where.sql}` : ''}`,
    where?.params ?? [],
    options,
  );
  return { lo: microsOrNull(rows[0]?.lo), hi: microsOrNull(rows[0]?.hi) };
}

export async function eventPage(
  db: Reader,
  q: EventPageQuery,
  options?: ReadOptions,
): Promise<EventPageRow[]> {
  const where = whereOf(q.filter);
  let sql = where.sql;
  const params = [...where.params];
  if (q.before) {
    sql += ' AND (ts < make_timestamptz(?::BIGINT) OR (ts = make_timestamptz(?::BIGINT) AND id < ?::BIGINT))';
    params.push(q.before.tsUs, q.before.tsUs, q.before.id);
  }
  if (q.windowFromUs !== undefined) {
    sql += ' AND ts >= make_timestamptz(?::BIGINT)';
    params.push(q.windowFromUs);
  }
  const rows = await db.query(
    `SELECT epoch_us(ts) AS _ts_us, * EXCLUDE (${EXCLUDED})
       FROM events WHERE ${sql} ORDER BY ts DESC, id DESC LIMIT ?`,
    [...params, q.limit],
    options,
  );
  return rows.map((r) => {
    const tsUs = r._ts_us as number;
    delete r._ts_us;
    return { tsUs, row: r };
  });
}

export async function eventCount(db: Reader, filter: EventFilter, options?: ReadOptions): Promise<number> {
  const where = whereOf(filter);
  const rows = await db.query(`SELECT count(*) AS n FROM events WHERE ${where.sql}`, where.params, options);
  return Number(rows[0]?.n ?? 0);
}

export async function eventHistogram(
  db: Reader,
  filter: EventFilter,
  bucketUs: number,
  options?: ReadOptions,
): Promise<HistogramBucket[]> {
  const where = whereOf(filter);
  const rows = await db.query(
    `SELECT (epoch_us(ts) // ?::BIGINT) * ?::BIGINT AS b, count(*) AS n FROM events WHERE ${where.sql} GROUP BY 1 ORDER BY 1`,
    [bucketUs, bucketUs, ...where.params],
    options,
  );
  return rows.map((r) => ({ startUs: Number(r.b), count: Number(r.n) }));
}

export async function event(db: Reader, id: number, options?: ReadOptions): Promise<SqlRow | null> {
  const rows = await db.query(`SELECT ${EVENT_SELECT} FROM events WHERE id = ?`, [BigInt(id)], options);
  return rows[0] ?? null;
}

export function flowRecords(db: Reader, q: FlowRecordsQuery, options?: ReadOptions): Promise<SqlRow[]> {
  const where = ['flow_id = ?'];
  const values: unknown[] = [q.flowId];
  if (q.firewallName !== undefined) {
    where.push('firewall_name = ?');
    values.push(q.firewallName);
  }
  if (q.availabilityZone !== undefined) {
    where.push('availability_zone = ?');
    values.push(q.availabilityZone);
  }
  return db.query(
    `SELECT ${EVENT_SELECT} FROM events WHERE ${where.join(' AND ')} ORDER BY ts, id LIMIT ${Math.trunc(q.limit)}`,
    values,
    options,
  );
}

export async function storedRecords(
  db: Reader,
  ids: readonly number[],
  options?: ReadOptions,
): Promise<StoredRecord[]> {
  if (ids.length === 0) return [];
  const rows = await db.query(
    `SELECT id, origin, origin_line, residual, ${STORED_COLUMNS} FROM events WHERE id IN (${ids.map(() => '?').join(', ')}) ORDER BY id`,
    ids.map((i) => BigInt(i)),
    options,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    origin: String(r.origin),
    line: Number(r.origin_line),
    columns: r,
    residual: (r.residual as string | null) ?? null,
  }));
}
