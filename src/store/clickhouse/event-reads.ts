/** ClickHouse SQL of the event reads: search bounds, pages, counts and histogram, one event, a flow's records. */
import type { ParamType } from '../../query/index.ts';
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
import type { ClickHouseStore } from './clickhouse-store.ts';
import { clickhouseDialect as d } from './dialect.ts';
import { paramChunks } from './values.ts';

type Reader = Pick<ClickHouseStore, 'queryCompiled'>;

/** Every column but the internal numeric IPs and the residual JSON (a search row). */
const PAGE_COLUMNS = ['id', 'origin', 'origin_line', ...EVENT_COLUMNS.map((c) => c.name)]
  .filter((c) => !IP_NUMBER_COLUMN_NAMES.includes(c))
  .map((c) => `"${c}"`)
  .join(', ');

/** `id, origin, origin_line, <event columns>`. */
const EVENT_SELECT = ['id', 'origin', 'origin_line', ...API_EVENT_COLUMNS].map((c) => `"${c}"`).join(', ');

/** Timestamps as epoch microseconds, the form the normaliser's rows use. */
const STORED_COLUMNS = EVENT_COLUMNS.map((c) =>
  c.kind === 'timestamp' ? `toUnixTimestamp64Micro("${c.name}") AS "${c.name}"` : `"${c.name}"`,
).join(', ');

/** Parameters in placeholder order, numbered on from those of a compiled filter. */
class Params {
  readonly values: unknown[];
  constructor(initial: readonly unknown[] = []) {
    this.values = [...initial];
  }
  add(value: string | number | bigint | boolean, type: ParamType): string {
    this.values.push(d.bind(value, type));
    return d.placeholder(this.values.length, type);
  }
}

function whereOf(filter: EventFilter, p: Params): string {
  const parts = [`(${filter.where.sql})`];
  if (filter.fromUs !== undefined) parts.push(`ts >= ${p.add(filter.fromUs, 'timestamp')}`);
  if (filter.toUs !== undefined) parts.push(`ts < ${p.add(filter.toUs, 'timestamp')}`);
  return parts.join(' AND ');
}

const microsOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export async function eventBounds(
  db: Reader,
  filter?: EventFilter,
  options?: ReadOptions,
): Promise<EventBounds> {
  const p = new Params(filter?.where.params);
  const where = filter ? ` WHERE ${whereOf(filter, p)}` : '';
  const rows = await db.queryCompiled(
    `SELECT if(count() = 0, NULL, toUnixTimestamp64Micro(min(ts))) AS lo,
            if(count() = 0, NULL, toUnixTimestamp64Micro(max(ts))) AS hi FROM events${where}`,
    p.values,
    options,
  );
  return { lo: microsOrNull(rows[0]?.lo), hi: microsOrNull(rows[0]?.hi) };
}

export async function eventPage(
  db: Reader,
  q: EventPageQuery,
  options?: ReadOptions,
): Promise<EventPageRow[]> {
  const p = new Params(q.filter.where.params);
  let sql = whereOf(q.filter, p);
  if (q.before) {
    const t = p.add(q.before.tsUs, 'timestamp');
    const t2 = p.add(q.before.tsUs, 'timestamp');
    sql += ` AND (ts < ${t} OR (ts = ${t2} AND id < ${p.add(q.before.id, 'bigint')}))`;
  }
  if (q.windowFromUs !== undefined) sql += ` AND ts >= ${p.add(q.windowFromUs, 'timestamp')}`;
  const rows = await db.queryCompiled(
    `SELECT toUnixTimestamp64Micro(ts) AS _ts_us, ${PAGE_COLUMNS}
       FROM events WHERE ${sql} ORDER BY ts DESC, id DESC LIMIT ${Math.trunc(q.limit)}`,
    p.values,
    options,
  );
  return rows.map((r) => {
    const tsUs = r._ts_us as number;
    delete r._ts_us;
    return { tsUs, row: r };
  });
}

export async function eventCount(db: Reader, filter: EventFilter, options?: ReadOptions): Promise<number> {
  const p = new Params(filter.where.params);
  const rows = await db.queryCompiled(
    `SELECT count() AS n FROM events WHERE ${whereOf(filter, p)}`,
    p.values,
    options,
  );
  return Number(rows[0]?.n ?? 0);
}

export async function eventHistogram(
  db: Reader,
  filter: EventFilter,
  bucketUs: number,
  options?: ReadOptions,
): Promise<HistogramBucket[]> {
  const p = new Params(filter.where.params);
  const where = whereOf(filter, p);
  const size = p.add(bucketUs, 'bigint');
  const rows = await db.queryCompiled(
    `SELECT intDiv(toUnixTimestamp64Micro(ts), ${size}) * ${size} AS b, count() AS n
       FROM events WHERE ${where} AND ts IS NOT NULL GROUP BY b ORDER BY b`,
    p.values,
    options,
  );
  return rows.map((r) => ({ startUs: Number(r.b), count: Number(r.n) }));
}

export async function event(db: Reader, id: number, options?: ReadOptions): Promise<SqlRow | null> {
  const p = new Params();
  const rows = await db.queryCompiled(
    `SELECT ${EVENT_SELECT} FROM events WHERE id = ${p.add(id, 'bigint')}`,
    p.values,
    options,
  );
  return rows[0] ?? null;
}

export function flowRecords(db: Reader, q: FlowRecordsQuery, options?: ReadOptions): Promise<SqlRow[]> {
  const p = new Params();
  const where = [`flow_id = ${p.add(q.flowId, 'ubigint')}`];
  if (q.firewallName !== undefined) where.push(`firewall_name = ${p.add(q.firewallName, 'string')}`);
  if (q.availabilityZone !== undefined)
    where.push(`availability_zone = ${p.add(q.availabilityZone, 'string')}`);
  return db.queryCompiled(
    `SELECT ${EVENT_SELECT} FROM events WHERE ${where.join(' AND ')} ORDER BY ts, id LIMIT ${Math.trunc(q.limit)}`,
    p.values,
    options,
  );
}

export async function storedRecords(
  db: Reader,
  ids: readonly number[],
  options?: ReadOptions,
): Promise<StoredRecord[]> {
  const rows: SqlRow[] = [];
  const chunks = paramChunks([...new Set(ids.map((i) => Math.trunc(i)))].sort((a, b) => a - b));
  for (const chunk of chunks) {
    rows.push(
      ...(await db.queryCompiled(
        `SELECT id, origin, origin_line, residual, ${STORED_COLUMNS} FROM events WHERE id IN {p1:Array(Int64)} ORDER BY id`,
        [chunk],
        options,
      )),
    );
  }
  return rows.map((r) => ({
    id: Number(r.id),
    origin: String(r.origin),
    line: Number(r.origin_line),
    columns: r,
    residual: (r.residual as string | null) ?? null,
  }));
}
