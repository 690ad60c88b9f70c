/**
 * ClickHouse SQL of the sessions (the rules of `src/sessions/README.md`, as the DuckDB engine's
 * `sessions-sql.ts` writes them): pairing the two netflow halves of each flow and the alert verdict.
 *
 * The table is a `VersionedCollapsingMergeTree(sign, version)`. A refresh recomputes the sessions of
 * the keys its new events touch and writes, in one INSERT, a cancel row (sign -1) for each of their
 * current rows and the recomputed rows (sign +1). A session is live while its rows' signs sum above 0
 * (`LIVE_SESSIONS`), before and after background collapsing: readers never need FINAL, and a refresh
 * that runs twice (a crash before the watermark moved) changes nothing.
 * Only trusted text from code is spliced in; every value is a `{name:Type}` parameter.
 */
import { SESSION_COLUMN_TABLE } from '../../schema/session-columns.ts';
import { ALERT_SLACK_SECONDS, UNKNOWN_APP_PROTO } from '../sessions.ts';

/** Values of a session row that are not a column of `halves` as it is (`s`) in `sessionRows`. */
const ROW_EXPRESSIONS: Readonly<Record<string, string>> = {
  total_bytes: 's.bytes_to_server + s.bytes_to_client',
  alert_count: 'ifNull(v.alert_count, 0)',
  alert_action: 'v.alert_action',
  signature_ids: 'ifNull(v.signature_ids, [])',
};

/** Every column of the sessions table (the session column table's), without the sign and version. */
const STORED = SESSION_COLUMN_TABLE.map((c) => c.name);
const COLS = STORED.map((c) => `"${c}"`).join(', ');
const ROW_VALUES = STORED.map((c) => `${ROW_EXPRESSIONS[c] ?? `s."${c}"`} AS "${c}"`).join(', ');

/** The sessions table (DDL of the ClickHouse migration that creates it). */
export const SESSIONS_DDL = `CREATE TABLE IF NOT EXISTS {db}.sessions{cluster} (
  "kind" LowCardinality(String), "firewall_name" LowCardinality(Nullable(String)),
  "availability_zone" LowCardinality(Nullable(String)), "flow_id" Nullable(UInt64),
  "start" Nullable(DateTime64(6, 'UTC')), "end" Nullable(DateTime64(6, 'UTC')), "age" Nullable(Int64),
  "client_ip" Nullable(String), "client_port" Nullable(Int32), "server_ip" Nullable(String),
  "server_port" Nullable(Int32), "client_ip_v4" Nullable(UInt64), "client_ip_v6" Nullable(UInt128),
  "server_ip_v4" Nullable(UInt64), "server_ip_v6" Nullable(UInt128), "proto" LowCardinality(Nullable(String)),
  "app_proto" LowCardinality(String), "pkts_to_server" Int64, "bytes_to_server" Int64, "pkts_to_client" Int64,
  "bytes_to_client" Int64, "total_bytes" Int64, "paired" Bool, "tcp_flags_to_server" Nullable(String),
  "tcp_flags_to_client" Nullable(String), "request_id" Int64, "reply_id" Nullable(Int64),
  "ts" Nullable(DateTime64(6, 'UTC')), "last_ts" Nullable(DateTime64(6, 'UTC')), "records" Int32,
  "alert_count" Int32, "alert_action" LowCardinality(Nullable(String)), "signature_ids" Array(Int64),
  "sign" Int8, "version" UInt64
) ENGINE = {engine:VersionedCollapsingMergeTree(sign, version)}
ORDER BY (kind, firewall_name, availability_zone, flow_id, "start", request_id)
SETTINGS allow_nullable_key = 1`;

/**
 * The tables a refresh reads and writes: `events` and `sessions`, or a shard's local tables on a
 * cluster (the refresh runs on each shard, whose rows share their pair keys with no other shard).
 */
export interface SessionTables {
  events: string;
  sessions: string;
}
const TABLES: SessionTables = { events: 'events', sessions: 'sessions' };

const LIVE_VALUES = STORED.filter((c) => c !== 'request_id')
  .map((c) => `any("${c}") AS "${c}"`)
  .join(', ');

/**
 * The live sessions of a table: rows whose signs sum above zero. A session is one request record
 * (`request_id`) at one version, and each cancel row is an exact copy of the row it cancels, so the
 * rows are grouped by those two and any row of a group gives the values. A condition on session
 * columns (`where`: `WHERE ...` or '') holds alike for a row and its cancel, so it is applied before
 * grouping: only the matching rows are read and grouped.
 */
export function liveSessions(where = '', table: string = TABLES.sessions): string {
  const rows = where === '' ? table : `(SELECT * FROM ${table} ${where})`;
  return `(SELECT request_id, ${LIVE_VALUES} FROM ${rows} GROUP BY request_id, version HAVING sum(sign) > 0)`;
}
export const LIVE_SESSIONS = liveSessions();

/** Null-safe equality (a missing part of a key matches a missing part). */
const same = (a: string, b: string) => `((${a} IS NULL AND ${b} IS NULL) OR ifNull(${a} = ${b}, false))`;
const differ = (a: string, b: string) => `NOT ${same(a, b)}`;

const KIND = `if(event_type = 'flow', 'flow', 'netflow')`;
const START = `if(event_type = 'flow', flow_start, netflow_start)`;
const SLACK = `INTERVAL ${Math.trunc(ALERT_SLACK_SECONDS)} SECOND`;
const PART = `ifNull(flow_id, 0) % {parts:UInt64} = {part:UInt64}`;

/**
 * Whether alert `a` joins session `s` (besides the same flow_id, the join's equality): the same
 * firewall and AZ, the same two endpoints either way round (a missing port is 0 on both sides), and
 * `a.ts` within [start - slack, max(end, ts, last_ts) + slack].
 */
function alertJoins(a: string, s: string): string {
  const end = (ip: string, port: string, sIp: string, sPort: string) =>
    `${same(`${a}.${ip}`, `${s}.${sIp}`)} AND ifNull(${a}.${port}, 0) = ifNull(${s}.${sPort}, 0)`;
  const forward = `${end('src_ip', 'src_port', 'client_ip', 'client_port')} AND ${end('dest_ip', 'dest_port', 'server_ip', 'server_port')}`;
  const backward = `${end('src_ip', 'src_port', 'server_ip', 'server_port')} AND ${end('dest_ip', 'dest_port', 'client_ip', 'client_port')}`;
  return [
    same(`${a}.firewall_name`, `${s}.firewall_name`),
    same(`${a}.availability_zone`, `${s}.availability_zone`),
    `((${forward}) OR (${backward}))`,
    `${a}.ts >= ${s}."start" - ${SLACK}`,
    `${a}.ts <= greatest(${s}."end", ${s}.ts, ${s}.last_ts) + ${SLACK}`,
  ].join(' AND ');
}

/** Alerts up to maxId in the partition (with the columns the join reads). */
function alerts(t: SessionTables): string {
  return `(SELECT id, ts, firewall_name, availability_zone, flow_id, src_ip, src_port, dest_ip, dest_port,
    alert_action, alert_signature_id
  FROM ${t.events} WHERE log_type = 'alert' AND id <= {maxId:Int64} AND flow_id IS NOT NULL AND ${PART})`;
}

/**
 * Pair keys touched by events in (watermark, maxId]: those of new flow records, and those of live
 * sessions a new alert joins.
 */
export function touchedKeys(t: SessionTables = TABLES): string {
  return `SELECT DISTINCT kind, firewall_name, availability_zone, flow_id, k_start FROM (
    SELECT ${KIND} AS kind, firewall_name, availability_zone, flow_id, ${START} AS k_start
    FROM ${t.events} WHERE log_type = 'flow' AND id > {watermark:Int64} AND id <= {maxId:Int64}
    UNION ALL
    SELECT s.kind, s.firewall_name, s.availability_zone, s.flow_id, s."start" AS k_start
    FROM ${liveSessions('', t.sessions)} AS s
    INNER JOIN (SELECT * FROM ${t.events} WHERE log_type = 'alert' AND id > {watermark:Int64} AND id <= {maxId:Int64}) AS a
      ON a.flow_id = s.flow_id
    WHERE ${alertJoins('a', 's')}
  )`;
}

/** Whether a row's pair key (kind, firewall_name, availability_zone, flow_id, start) is touched. */
function keyTouched(kind: string, start: string, t: SessionTables): string {
  return `(${kind}, firewall_name, availability_zone, flow_id, ${start}) IN (${touchedKeys(t)})`;
}

/**
 * Complete session rows (in the order of `COLS`) of one flow_id partition, of every key or only
 * the touched ones. Params: maxId, parts, part (and watermark when touched).
 */
export function sessionRows(onlyTouched: boolean, t: SessionTables = TABLES): string {
  const touched = onlyTouched ? ` AND ${keyTouched(KIND, START, t)}` : '';
  return `WITH recs AS (
    SELECT id, ts, ${KIND} AS k_kind, firewall_name, availability_zone, flow_id, ${START} AS k_start,
      netflow_end, netflow_age, flow_end, flow_age, src_ip, src_port, dest_ip, dest_port, src_ip_v4,
      src_ip_v6, dest_ip_v4, dest_ip_v6, proto, app_proto, netflow_pkts, netflow_bytes, tcp_flags,
      flow_pkts_toserver, flow_pkts_toclient, flow_bytes_toserver, flow_bytes_toclient
    FROM ${t.events} WHERE log_type = 'flow' AND id <= {maxId:Int64} AND ${PART}${touched}
  ),
  ranked AS (
    SELECT *, row_number() OVER w AS rn, first_value(id) OVER w AS gid,
      first_value(src_ip) OVER w AS q_src_ip, first_value(src_port) OVER w AS q_src_port,
      count() OVER (PARTITION BY k_kind, firewall_name, availability_zone, flow_id, k_start) AS n
    FROM recs
    WINDOW w AS (PARTITION BY k_kind, firewall_name, availability_zone, flow_id, k_start
      ORDER BY ts ASC NULLS LAST, src_port DESC NULLS LAST, src_ip ASC NULLS LAST, id ASC
      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
  ),
  req AS (SELECT * FROM ranked WHERE rn = 1),
  rep AS (
    SELECT * FROM ranked
    WHERE rn > 1 AND k_kind = 'netflow' AND (${differ('src_ip', 'q_src_ip')} OR ${differ('src_port', 'q_src_port')})
    ORDER BY gid, rn LIMIT 1 BY gid
  ),
  halves AS (
    SELECT q.k_kind AS kind, q.firewall_name AS firewall_name, q.availability_zone AS availability_zone,
      q.flow_id AS flow_id, q.k_start AS "start",
      if(q.k_kind = 'flow', q.flow_end, greatest(q.netflow_end, p.netflow_end)) AS "end",
      if(q.k_kind = 'flow', q.flow_age, greatest(q.netflow_age, p.netflow_age)) AS age,
      q.src_ip AS client_ip, q.src_port AS client_port, q.dest_ip AS server_ip, q.dest_port AS server_port,
      q.src_ip_v4 AS client_ip_v4, q.src_ip_v6 AS client_ip_v6, q.dest_ip_v4 AS server_ip_v4,
      q.dest_ip_v6 AS server_ip_v6, q.proto AS proto,
      coalesce(nullIf(q.app_proto, ''), nullIf(p.app_proto, ''), '${UNKNOWN_APP_PROTO}') AS app_proto,
      toInt64(ifNull(if(q.k_kind = 'flow', q.flow_pkts_toserver, q.netflow_pkts), 0)) AS pkts_to_server,
      toInt64(ifNull(if(q.k_kind = 'flow', q.flow_bytes_toserver, q.netflow_bytes), 0)) AS bytes_to_server,
      toInt64(ifNull(if(q.k_kind = 'flow', q.flow_pkts_toclient, p.netflow_pkts), 0)) AS pkts_to_client,
      toInt64(ifNull(if(q.k_kind = 'flow', q.flow_bytes_toclient, p.netflow_bytes), 0)) AS bytes_to_client,
      if(q.k_kind = 'flow', ifNull(q.flow_pkts_toserver, 0) > 0 AND ifNull(q.flow_pkts_toclient, 0) > 0,
        p.id IS NOT NULL) AS paired,
      q.tcp_flags AS tcp_flags_to_server, p.tcp_flags AS tcp_flags_to_client,
      q.id AS request_id, p.id AS reply_id, q.ts AS ts, greatest(q.ts, p.ts) AS last_ts, toInt32(q.n) AS records
    FROM req AS q LEFT JOIN rep AS p ON p.gid = q.id
  ),
  verdicts AS (
    SELECT s.request_id AS rid, toInt32(count()) AS alert_count,
      if(max(a.alert_action = 'blocked'), 'blocked', 'allowed') AS alert_action,
      arraySort(groupUniqArray(a.alert_signature_id)) AS signature_ids
    FROM halves AS s INNER JOIN ${alerts(t)} AS a ON a.flow_id = s.flow_id
    WHERE ${alertJoins('a', 's')}
    GROUP BY s.request_id
  )
  SELECT ${ROW_VALUES}
  FROM halves AS s LEFT JOIN verdicts AS v ON v.rid = s.request_id`;
}

/** Settings every sessions statement runs with (null keys in IN, nulls from outer joins). */
export const SESSIONS_SETTINGS = { transform_null_in: 1, join_use_nulls: 1 } as const;

/**
 * One INSERT of a refresh (or a rebuild's partition): cancel rows for the live sessions of the
 * recomputed keys, and the recomputed rows at version maxId. Params: watermark, maxId, parts, part.
 */
export function refreshInsert(onlyTouched: boolean, t: SessionTables = TABLES): string {
  // The live rows in a subquery: an alias named `sign` would replace the column in its HAVING.
  const live = `SELECT ${COLS}, version FROM ${t.sessions} WHERE ${onlyTouched ? `${keyTouched('kind', '"start"', t)} AND ` : ''}${PART}
         GROUP BY ${COLS}, version HAVING sum(sign) > 0`;
  const cancelled = `SELECT ${COLS}, toInt8(-1), version FROM (${live})`;
  return `INSERT INTO ${t.sessions} (${COLS}, sign, version)
    SELECT * FROM (
      ${cancelled}
      UNION ALL
      SELECT *, toInt8(1) AS sign, toUInt64({maxId:Int64}) AS version FROM (${sessionRows(onlyTouched, t)})
    )`;
}
