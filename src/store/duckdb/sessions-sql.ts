/**
 * DuckDB SQL of the sessions (see `src/sessions/README.md` for the rules): pairing the two netflow
 * halves of each flow, the alert verdict, the incremental refresh over a watermark, and the listing.
 * Only trusted text from code is spliced in; every value is a `?` parameter.
 */
import { timestampTZValue } from '@duckdb/node-api';
import { SESSION_COLUMN_TABLE, SESSION_LISTED_COLUMN_NAMES } from '../../schema/session-columns.ts';
import {
  ALERT_SLACK_SECONDS,
  SESSIONS_WATERMARK,
  type SessionCountQuery,
  type SessionListQuery,
  type SessionSort,
  UNKNOWN_APP_PROTO,
} from '../sessions.ts';

/** One statement of a refresh and the values its `?` placeholders take, in order. */
export interface SessionStatement {
  sql: string;
  params: readonly ('watermark' | 'maxId' | 'parts' | 'part')[];
  /** Run once per flow_id partition (`part` = 0 .. parts - 1), each computing that slice's sessions. */
  perPart?: boolean;
  /** Run only when the refresh has a single partition, or only when it has several. */
  when?: 'one-part' | 'many-parts';
}

/** The SQL the refresh, the listing and the figures run (see `sessions.ts` beside it). */
export interface SessionsSql {
  /** -> rows [{ last_event_id }] (none before the first refresh). */
  readWatermark: string;
  /** -> rows [{ max_id }]: the newest stored event id. */
  maxEventId: string;
  /** Params [maxId]: records the watermark. */
  writeWatermark: string;
  /** Full rebuild: every session from every event up to maxId. */
  rebuild: readonly SessionStatement[];
  /** -> rows [{ n }]: sessions written by `rebuild` (same transaction). */
  rebuildCount: string;
  /** -> rows [{ n }], params [maxId]: flow records a rebuild reads (sizes its partitions). */
  rebuildSize: string;
  /** -> rows [{ n }]: session keys the refresh recomputes, after its first statement (sizes its partitions). */
  refreshSize: string;
  /**
   * Incremental refresh: collect the keys touched by events in (watermark, maxId] (their flow
   * records, and the existing sessions their alerts join), delete those sessions, insert them
   * recomputed from all events up to maxId.
   */
  refresh: readonly SessionStatement[];
  /** -> rows [{ n }]: sessions written by `refresh` (same transaction, before `cleanup`). */
  refreshCount: string;
  /** Cleanup after `refresh` (same transaction). */
  cleanup: readonly string[];
  /** -> rows [{ sessions, paired, netflow, netflow_paired, lone_halves }] */
  stats: string;
  /** -> rows [{ behind }]: events newer than the watermark, params [watermark]. */
  behind: string;
  /** A page of a listing, its values as parameters (times as epoch microseconds, `fromUs`/`toUs`). */
  list(q: SessionListQuery): { sql: string; params: unknown[] };
  /** The sessions `list` would give without its limit and paging, counted. */
  count(q: SessionCountQuery): { sql: string; params: unknown[] };
}

const KIND = `CASE WHEN e.event_type = 'flow' THEN 'flow' ELSE 'netflow' END`;
const START = `CASE WHEN e.event_type = 'flow' THEN e.flow_start ELSE e.netflow_start END`;
const SLACK = `INTERVAL ${Math.trunc(ALERT_SLACK_SECONDS)} SECOND`;
const KEY = 'k_kind, firewall_name, availability_zone, flow_id, k_start';
/**
 * The partition of a record (params: parts, part). Every record of a session, and every alert that can
 * join it, has the session's flow_id: sessions are computed one flow_id partition at a time, so a
 * rebuild's window functions hold only a slice of the flow records in memory.
 */
const part = (table: string): string => `coalesce(${table}.flow_id, 0) % ?::UBIGINT = ?::UBIGINT`;
const PART_PARAMS = ['parts', 'part'] as const;

/** Null-safe equality of the pair key between `a` (k_kind/k_start names) and `b`. */
function sameKey(a: string, b: string, bKind = 'kind', bStart = 'k_start'): string {
  return [
    `${a}.k_kind = ${b}.${bKind}`,
    `${a}.flow_id IS NOT DISTINCT FROM ${b}.flow_id`,
    `${a}.firewall_name IS NOT DISTINCT FROM ${b}.firewall_name`,
    `${a}.availability_zone IS NOT DISTINCT FROM ${b}.availability_zone`,
    `${a}.k_start IS NOT DISTINCT FROM ${b}.${bStart}`,
  ].join(' AND ');
}

/**
 * Whether alert `a` (an events row) joins session `s` (a sessions row): the same firewall, AZ and
 * flow_id; the same two endpoints either way round (a missing port is 0 on both sides: ICMP alerts
 * carry port 0, ICMP netflow none); `a.ts` within [start - slack, max(end, ts, last_ts) + slack],
 * where `last_ts` is the later of the request's and the reply's `ts`.
 */
function alertJoins(a: string, s: string): string {
  const same = (ip: string, port: string, sIp: string, sPort: string) =>
    `${a}.${ip} IS NOT DISTINCT FROM ${s}.${sIp} AND coalesce(${a}.${port}, 0) = coalesce(${s}.${sPort}, 0)`;
  const forward = `${same('src_ip', 'src_port', 'client_ip', 'client_port')} AND ${same('dest_ip', 'dest_port', 'server_ip', 'server_port')}`;
  const backward = `${same('src_ip', 'src_port', 'server_ip', 'server_port')} AND ${same('dest_ip', 'dest_port', 'client_ip', 'client_port')}`;
  return [
    `${a}.flow_id = ${s}.flow_id`,
    `${a}.firewall_name IS NOT DISTINCT FROM ${s}.firewall_name`,
    `${a}.availability_zone IS NOT DISTINCT FROM ${s}.availability_zone`,
    `((${forward}) OR (${backward}))`,
    `${a}.ts >= ${s}."start" - ${SLACK}`,
    `${a}.ts <= greatest(${s}."end", ${s}.ts, ${s}.last_ts) + ${SLACK}`,
  ].join(' AND ');
}

/** Flow records up to the max id (param), with their pair key, optionally only the touched keys. */
function flowRecords(onlyTouched: boolean): string {
  const base = `SELECT e.id, e.ts, ${KIND} AS k_kind, e.firewall_name, e.availability_zone, e.flow_id,
      ${START} AS k_start, e.netflow_end, e.netflow_age, e.flow_end, e.flow_age, e.src_ip, e.src_port,
      e.dest_ip, e.dest_port, e.src_ip_v4, e.src_ip_v6, e.dest_ip_v4, e.dest_ip_v6, e.proto,
      e.app_proto, e.netflow_pkts, e.netflow_bytes, e.tcp_flags, e.flow_pkts_toserver,
      e.flow_pkts_toclient, e.flow_bytes_toserver, e.flow_bytes_toclient
    FROM events e WHERE e.log_type = 'flow' AND e.id <= ? AND ${part('e')}`;
  if (!onlyTouched) return base;
  return `SELECT r.* FROM (${base}) r SEMI JOIN sessions_touched t ON ${sameKey('r', 't')}`;
}

/** SELECT of complete session rows for the flow records of one partition (params: maxId, parts, part, maxId, parts, part). */
function sessionRows(onlyTouched: boolean): string {
  return `WITH recs AS (${flowRecords(onlyTouched)}),
  ranked AS (
    SELECT r.*, row_number() OVER w AS rn, first_value(id) OVER w AS gid,
      first_value(src_ip) OVER w AS q_src_ip, first_value(src_port) OVER w AS q_src_port,
      count(*) OVER (PARTITION BY ${KEY}) AS n
    FROM recs r
    WINDOW w AS (PARTITION BY ${KEY} ORDER BY ts, src_port DESC NULLS LAST, src_ip NULLS LAST, id)
  ),
  req AS (SELECT * FROM ranked WHERE rn = 1),
  rep AS (
    SELECT * FROM ranked
    WHERE rn > 1 AND k_kind = 'netflow'
      AND (src_ip IS DISTINCT FROM q_src_ip OR src_port IS DISTINCT FROM q_src_port)
    QUALIFY row_number() OVER (PARTITION BY gid ORDER BY rn) = 1
  ),
  halves AS (
    SELECT q.k_kind AS kind, q.firewall_name, q.availability_zone, q.flow_id, q.k_start AS "start",
      CASE WHEN q.k_kind = 'flow' THEN q.flow_end ELSE greatest(q.netflow_end, p.netflow_end) END AS "end",
      CASE WHEN q.k_kind = 'flow' THEN q.flow_age ELSE greatest(q.netflow_age, p.netflow_age) END AS age,
      q.src_ip AS client_ip, q.src_port AS client_port, q.dest_ip AS server_ip, q.dest_port AS server_port,
      q.src_ip_v4 AS client_ip_v4, q.src_ip_v6 AS client_ip_v6, q.dest_ip_v4 AS server_ip_v4,
      q.dest_ip_v6 AS server_ip_v6, q.proto,
      coalesce(nullif(q.app_proto, ''), nullif(p.app_proto, ''), '${UNKNOWN_APP_PROTO}') AS app_proto,
      coalesce(CASE WHEN q.k_kind = 'flow' THEN q.flow_pkts_toserver ELSE q.netflow_pkts END, 0) AS pkts_to_server,
      coalesce(CASE WHEN q.k_kind = 'flow' THEN q.flow_bytes_toserver ELSE q.netflow_bytes END, 0) AS bytes_to_server,
      coalesce(CASE WHEN q.k_kind = 'flow' THEN q.flow_pkts_toclient ELSE p.netflow_pkts END, 0) AS pkts_to_client,
      coalesce(CASE WHEN q.k_kind = 'flow' THEN q.flow_bytes_toclient ELSE p.netflow_bytes END, 0) AS bytes_to_client,
      CASE WHEN q.k_kind = 'flow'
        THEN coalesce(q.flow_pkts_toserver, 0) > 0 AND coalesce(q.flow_pkts_toclient, 0) > 0
        ELSE p.id IS NOT NULL END AS paired,
      q.tcp_flags AS tcp_flags_to_server, p.tcp_flags AS tcp_flags_to_client,
      q.id AS request_id, p.id AS reply_id, q.ts, greatest(q.ts, p.ts) AS last_ts, q.n::INTEGER AS records
    FROM req q LEFT JOIN rep p ON p.gid = q.id
  ),
  verdicts AS (
    SELECT s.request_id, count(*)::INTEGER AS alert_count,
      CASE WHEN bool_or(a.alert_action = 'blocked') THEN 'blocked' ELSE 'allowed' END AS alert_action,
      list_sort(list_distinct(list(a.alert_signature_id))) AS signature_ids
    FROM halves s JOIN events a ON a.log_type = 'alert' AND a.id <= ? AND ${part('a')}
      AND ${alertJoins('a', 's')}
    GROUP BY s.request_id
  )
  SELECT ${ROW_VALUES}
  FROM halves s LEFT JOIN verdicts v ON v.request_id = s.request_id`;
}

/** A stored column's name as an identifier. */
const ident = (name: string): string => `"${name}"`;

/** Values of a session row that are not a column of `halves` as it is (`s`) in `sessionRows`. */
const ROW_EXPRESSIONS: Readonly<Record<string, string>> = {
  total_bytes: 's.bytes_to_server + s.bytes_to_client',
  alert_count: 'coalesce(v.alert_count, 0)',
  alert_action: 'v.alert_action',
  signature_ids: 'coalesce(v.signature_ids, []::BIGINT[])',
};

/** Every column of the sessions table, in the column table's order. */
const STORED = SESSION_COLUMN_TABLE.map((c) => c.name);
const ROW_VALUES = STORED.map((c) => ROW_EXPRESSIONS[c] ?? `s.${ident(c)}`).join(', ');
const COLUMNS = `(${STORED.map(ident).join(', ')})`;

/**
 * The partitions' sessions are gathered in a temporary table and go into `sessions` in one INSERT.
 * Inserted straight from each partition, every statement after the first starts inside a row group:
 * DuckDB writes its full row groups at once and rewrites them at the checkpoint, and the first copy
 * stays in the file as free blocks (3.3M records: 398 free blocks beside 436 of sessions).
 */
const GATHER = `CREATE OR REPLACE TEMP TABLE sessions_new AS SELECT * FROM sessions LIMIT 0`;
const INSERT = `INSERT INTO sessions_new ${COLUMNS}`;
const INSERT_DIRECT = `INSERT INTO sessions ${COLUMNS}`;
const MOVE = `INSERT INTO sessions ${COLUMNS} SELECT ${COLUMNS.slice(1, -1)} FROM sessions_new`;
const DROP_GATHER = 'DROP TABLE sessions_new';

/** Keys touched by events in (watermark, maxId]: their flow records, and sessions their alerts join. */
const TOUCHED = `CREATE OR REPLACE TEMP TABLE sessions_touched AS
  SELECT DISTINCT kind, firewall_name, availability_zone, flow_id, k_start FROM (
    SELECT ${KIND} AS kind, e.firewall_name, e.availability_zone, e.flow_id, ${START} AS k_start
    FROM events e WHERE e.log_type = 'flow' AND e.id > ? AND e.id <= ?
    UNION ALL
    SELECT s.kind, s.firewall_name, s.availability_zone, s.flow_id, s."start"
    FROM sessions s JOIN events a ON a.log_type = 'alert' AND a.id > ? AND a.id <= ?
      AND ${alertJoins('a', 's')}
  )`;

const DELETE_TOUCHED = `DELETE FROM sessions USING sessions_touched t
  WHERE sessions.kind = t.kind AND sessions.flow_id IS NOT DISTINCT FROM t.flow_id
    AND sessions.firewall_name IS NOT DISTINCT FROM t.firewall_name
    AND sessions.availability_zone IS NOT DISTINCT FROM t.availability_zone
    AND sessions."start" IS NOT DISTINCT FROM t.k_start`;

/** The session rows of each partition into `sessions`: gathered first when there are several. */
function partitioned(rows: string): SessionStatement[] {
  const params = ['maxId', ...PART_PARAMS, 'maxId', ...PART_PARAMS] as const;
  return [
    { sql: `${INSERT_DIRECT} ${rows}`, params, perPart: true, when: 'one-part' },
    { sql: GATHER, params: [], when: 'many-parts' },
    { sql: `${INSERT} ${rows}`, params, perPart: true, when: 'many-parts' },
    { sql: MOVE, params: [], when: 'many-parts' },
    { sql: DROP_GATHER, params: [], when: 'many-parts' },
  ];
}

const REBUILD: readonly SessionStatement[] = [
  { sql: 'DELETE FROM sessions', params: [] },
  ...partitioned(sessionRows(false)),
];

const REFRESH: readonly SessionStatement[] = [
  { sql: TOUCHED, params: ['watermark', 'maxId', 'watermark', 'maxId'] },
  { sql: DELETE_TOUCHED, params: [] },
  ...partitioned(sessionRows(true)),
];

/** Columns of a listing: the session columns in display order (the numeric IP twins stay in the table). */
const LIST_COLUMNS = SESSION_LISTED_COLUMN_NAMES.map(ident).join(', ');

const ORDER: Record<SessionSort, string> = {
  start: '"start" DESC NULLS LAST, request_id DESC',
  total_bytes: 'total_bytes DESC, "start" DESC NULLS LAST, request_id DESC',
};

/**
 * Rows after `last` in the list order (`start` newest first, nulls last, then request_id down;
 * total_bytes: largest first before that).
 */
function afterRow(
  sort: SessionSort,
  last: NonNullable<SessionListQuery['after']>,
): { sql: string; params: unknown[] } {
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

/** The conditions of a session filter and `start` range, with their parameters. */
function conditionList(q: SessionCountQuery): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (q.filter) {
    where.push(q.filter.sql);
    params.push(...q.filter.params);
  }
  if (q.fromUs !== undefined) {
    where.push('"start" >= ?');
    params.push(timestampTZValue(BigInt(q.fromUs)));
  }
  if (q.toUs !== undefined) {
    where.push('"start" < ?');
    params.push(timestampTZValue(BigInt(q.toUs)));
  }
  return { where, params };
}

const clauseOf = (where: readonly string[]) =>
  where.length > 0 ? `WHERE ${where.map((w) => `(${w})`).join(' AND ')}` : '';

export const duckdbSessionsSql: SessionsSql = {
  readWatermark: `SELECT last_event_id FROM derived_watermarks WHERE name = '${SESSIONS_WATERMARK}'`,
  maxEventId: 'SELECT coalesce(max(id), 0) AS max_id FROM events',
  writeWatermark: `INSERT OR REPLACE INTO derived_watermarks VALUES ('${SESSIONS_WATERMARK}', ?, now())`,
  rebuild: REBUILD,
  rebuildCount: 'SELECT count(*) AS n FROM sessions',
  rebuildSize: `SELECT count(*) AS n FROM events WHERE log_type = 'flow' AND id <= ?`,
  refreshSize: 'SELECT count(*) AS n FROM sessions_touched',
  refresh: REFRESH,
  refreshCount: 'SELECT count(*) AS n FROM sessions_touched',
  cleanup: ['DROP TABLE IF EXISTS sessions_touched'],
  stats: `SELECT count(*) AS sessions, count(*) FILTER (WHERE paired) AS paired,
      count(*) FILTER (WHERE kind = 'netflow') AS netflow,
      count(*) FILTER (WHERE kind = 'netflow' AND paired) AS netflow_paired,
      count(*) FILTER (WHERE kind = 'netflow' AND NOT paired) AS lone_halves
    FROM sessions`,
  behind: 'SELECT count(*) AS behind FROM events WHERE id > ?',
  count(q: SessionCountQuery) {
    const { where, params } = conditionList(q);
    return { sql: `SELECT count(*) AS n FROM sessions ${clauseOf(where)}`, params };
  },
  list(q: SessionListQuery) {
    const { where, params } = conditionList(q);
    if (q.after) {
      const after = afterRow(q.sort, q.after);
      where.push(after.sql);
      params.push(...after.params);
    }
    return {
      sql: `SELECT ${LIST_COLUMNS} FROM sessions ${clauseOf(where)} ORDER BY ${ORDER[q.sort]} LIMIT ?`,
      params: [...params, q.limit],
    };
  },
};
