/**
 * Numbered schema migrations for the ClickHouse store. Append only: a released step never changes;
 * a change to the column table (`columns.ts`) takes a new migration. ClickHouse has no transactions:
 * each step is idempotent (`IF NOT EXISTS`) and is recorded after it ran, so a step interrupted
 * half-way runs again whole.
 *
 * `{db}` stands for the database, `{cluster}` for ` ON CLUSTER name` (or nothing), `{engine:X}`
 * for the table engine X (on a cluster the local tables' engine stays X; Distributed tables are
 * created beside them by the store) and `{local}` for the suffix of a host's local table (`_local`
 * on a cluster, nothing otherwise): an ALTER of the stored data names the local table.
 */
import { SESSIONS_DDL } from './sessions-sql.ts';

export interface ClickHouseMigration {
  version: number;
  name: string;
  sql: readonly string[];
}

/**
 * Events as version 1 created them. Partitioned by day (old days drop whole), ordered for the
 * reports' filters: the leading `log_type` lets the hourly alert report read only alert granules.
 * Addresses are kept as their canonical text with numeric twins for CIDR, as on DuckDB: an IPv6 column
 * would spell IPv4 and IPv4-mapped addresses alike, and originals are rebuilt exactly as written.
 * `commit_id` names the commit that wrote a row (see the store's commit protocol).
 */
const EVENTS_V1 = `CREATE TABLE IF NOT EXISTS {db}.events{cluster} (
  "id" Int64 CODEC(Delta, ZSTD),
  "commit_id" UInt64 CODEC(Delta, ZSTD),
  "origin" LowCardinality(String),
  "origin_line" Int64 CODEC(Delta, ZSTD),
  "residual" Nullable(String) CODEC(ZSTD),
  "log_type" LowCardinality(Nullable(String)),
  "firewall_name" LowCardinality(Nullable(String)),
  "availability_zone" LowCardinality(Nullable(String)),
  "event_timestamp" Nullable(Int64),
  "ts" Nullable(DateTime64(6, 'UTC')) CODEC(Delta, ZSTD),
  "event_type" LowCardinality(Nullable(String)),
  "flow_id" Nullable(UInt64),
  "src_ip" Nullable(String),
  "src_port" Nullable(Int32),
  "dest_ip" Nullable(String),
  "dest_port" Nullable(Int32),
  "proto" LowCardinality(Nullable(String)),
  "app_proto" LowCardinality(Nullable(String)),
  "direction" LowCardinality(Nullable(String)),
  "pkt_src" LowCardinality(Nullable(String)),
  "tx_id" Nullable(Int64),
  "tx_guessed" Nullable(Bool),
  "tls_inspected" Nullable(Bool),
  "icmp_type" Nullable(Int32),
  "icmp_code" Nullable(Int32),
  "aws_category" Array(String),
  "alert_action" LowCardinality(Nullable(String)),
  "alert_signature_id" Nullable(Int64),
  "alert_rev" Nullable(Int64),
  "alert_signature" Nullable(String),
  "alert_category" LowCardinality(Nullable(String)),
  "alert_severity" Nullable(Int32),
  "alert_gid" Nullable(Int64),
  "verdict_action" LowCardinality(Nullable(String)),
  "verdict_reject_target" LowCardinality(Nullable(String)),
  "netflow_pkts" Nullable(Int64),
  "netflow_bytes" Nullable(Int64),
  "netflow_start" Nullable(DateTime64(6, 'UTC')) CODEC(Delta, ZSTD),
  "netflow_end" Nullable(DateTime64(6, 'UTC')) CODEC(Delta, ZSTD),
  "netflow_age" Nullable(Int64),
  "netflow_min_ttl" Nullable(Int32),
  "netflow_max_ttl" Nullable(Int32),
  "netflow_tx_cnt" Nullable(Int64),
  "flow_pkts_toserver" Nullable(Int64),
  "flow_pkts_toclient" Nullable(Int64),
  "flow_bytes_toserver" Nullable(Int64),
  "flow_bytes_toclient" Nullable(Int64),
  "flow_start" Nullable(DateTime64(6, 'UTC')) CODEC(Delta, ZSTD),
  "flow_end" Nullable(DateTime64(6, 'UTC')) CODEC(Delta, ZSTD),
  "flow_age" Nullable(Int64),
  "flow_state" LowCardinality(Nullable(String)),
  "flow_reason" LowCardinality(Nullable(String)),
  "tcp_flags" LowCardinality(Nullable(String)),
  "tcp_syn" Nullable(Bool),
  "tcp_fin" Nullable(Bool),
  "tcp_rst" Nullable(Bool),
  "tcp_psh" Nullable(Bool),
  "tcp_ack" Nullable(Bool),
  "tcp_urg" Nullable(Bool),
  "tcp_ecn" Nullable(Bool),
  "tcp_cwr" Nullable(Bool),
  "tcp_state" LowCardinality(Nullable(String)),
  "http_hostname" Nullable(String),
  "http_url" Nullable(String),
  "http_user_agent" Nullable(String),
  "http_method" LowCardinality(Nullable(String)),
  "http_protocol" LowCardinality(Nullable(String)),
  "http_status" Nullable(Int32),
  "http_length" Nullable(Int64),
  "http_content_type" LowCardinality(Nullable(String)),
  "tls_sni" Nullable(String),
  "tls_version" LowCardinality(Nullable(String)),
  "tls_subject" Nullable(String),
  "tls_issuerdn" Nullable(String),
  "tls_fingerprint" Nullable(String),
  "tls_ja3_hash" Nullable(String),
  "tls_ja3s_hash" Nullable(String),
  "tls_error_message" Nullable(String),
  "revocation_status" LowCardinality(Nullable(String)),
  "revocation_action" LowCardinality(Nullable(String)),
  "revocation_leaf_cert_fpr" Nullable(String),
  "src_ip_v4" Nullable(UInt64),
  "src_ip_v6" Nullable(UInt128),
  "dest_ip_v4" Nullable(UInt64),
  "dest_ip_v6" Nullable(UInt128)
) ENGINE = {engine:MergeTree}
PARTITION BY toDate(ifNull(ts, toDateTime64(0, 6, 'UTC')))
ORDER BY (log_type, firewall_name, availability_zone, ts, id)
SETTINGS allow_nullable_key = 1, non_replicated_deduplication_window = 10000`;

export const CLICKHOUSE_MIGRATIONS: readonly ClickHouseMigration[] = [
  {
    version: 1,
    name: 'events, rejected, checkpoints, sessions, derived watermarks, commit intents',
    sql: [
      EVENTS_V1,
      `CREATE TABLE IF NOT EXISTS {db}.rejected{cluster} (
        id Int64, commit_id UInt64, origin String, line Int64, reason LowCardinality(String),
        path Nullable(String), message String, raw String CODEC(ZSTD), rejected_at DateTime64(6, 'UTC')
      ) ENGINE = {engine:MergeTree} ORDER BY id
      SETTINGS non_replicated_deduplication_window = 10000`,
      // The latest row of a source key wins (argMax by version); older ones merge away.
      `CREATE TABLE IF NOT EXISTS {db}.checkpoints{cluster} (
        source_key String, kind LowCardinality(String), origin String, fingerprint Nullable(String),
        offset Int64, line Int64, records Int64, rejected Int64, bytes Int64, state Nullable(String),
        updated_at DateTime64(6, 'UTC'), version UInt64
      ) ENGINE = {engine:ReplacingMergeTree(version)} ORDER BY source_key`,
      // A commit in progress: written before its rows, removed (by a newer row) after its checkpoints.
      SESSIONS_DDL,
      `CREATE TABLE IF NOT EXISTS {db}.derived_watermarks{cluster} (
        name String, last_event_id Int64, updated_at DateTime64(6, 'UTC')
      ) ENGINE = {engine:ReplacingMergeTree(updated_at)} ORDER BY name`,
      // Saved searches and the like: the newest row of a kind and name wins; `deleted` marks a removal.
      `CREATE TABLE IF NOT EXISTS {db}.saved_objects{cluster} (
        kind LowCardinality(String), name String, value String, created_at DateTime64(6, 'UTC'),
        updated_at DateTime64(6, 'UTC'), deleted UInt8, version UInt64
      ) ENGINE = {engine:ReplacingMergeTree(version)} ORDER BY (kind, name)`,
      `CREATE TABLE IF NOT EXISTS {db}.commit_intents{cluster} (
        commit_id UInt64, state LowCardinality(String), checkpoints String, events Int64, rejects Int64,
        created_at DateTime64(6, 'UTC'), version UInt64
      ) ENGINE = {engine:ReplacingMergeTree(version)} ORDER BY commit_id`,
    ],
  },
  {
    version: 2,
    name: 'writer lease',
    sql: [
      // One writing process per database (see `writer-lease.ts`); the newest version of a holder wins.
      `CREATE TABLE IF NOT EXISTS {db}.writer_lease{cluster} (
        holder String, host String, pid UInt32, acquired_at DateTime64(6, 'UTC'),
        expires_at DateTime64(6, 'UTC'), released Bool, version UInt64
      ) ENGINE = {engine:ReplacingMergeTree(version)} ORDER BY holder`,
    ],
  },
  {
    version: 3,
    name: 'column codecs: T64 and LZ4 for numbers and times, LZ4HC for addresses, ZSTD for the rest',
    sql: [
      // Chosen on 1M generated records (events and sessions 101.7 -> ~67 MiB) against the reads:
      // ZSTD on the wide columns a search page or a ranking decompresses (addresses, numbers,
      // times) made ClickHouse's first search page up to 32% slower, so those decompress as LZ4 does.
      codecs('events', {
        LZ4: 'flow_id',
        'LZ4HC(4)': 'src_ip dest_ip origin',
        'ZSTD(1)':
          'event_type proto app_proto direction pkt_src tx_guessed tls_inspected aws_category alert_action ' +
          'alert_signature alert_category verdict_action verdict_reject_target flow_state flow_reason ' +
          'tcp_flags tcp_syn tcp_fin tcp_rst tcp_psh tcp_ack tcp_urg tcp_ecn tcp_cwr tcp_state ' +
          'http_hostname http_url http_user_agent http_method http_protocol http_content_type tls_sni ' +
          'tls_version tls_subject tls_issuerdn tls_fingerprint tls_ja3_hash tls_ja3s_hash ' +
          'tls_error_message revocation_status revocation_action revocation_leaf_cert_fpr src_ip_v4 ' +
          'src_ip_v6 dest_ip_v4 dest_ip_v6',
        'Delta, ZSTD(1)': 'event_timestamp',
        'T64, LZ4':
          'src_port dest_port tx_id icmp_type icmp_code alert_signature_id alert_rev alert_severity ' +
          'alert_gid netflow_pkts netflow_bytes netflow_age netflow_min_ttl netflow_max_ttl netflow_tx_cnt ' +
          'flow_pkts_toserver flow_pkts_toclient flow_bytes_toserver flow_bytes_toclient flow_age ' +
          'http_status http_length',
      }),
      codecs('sessions', {
        'Delta, ZSTD(1)': 'flow_id',
        'T64, LZ4':
          'start end age client_port server_port pkts_to_server bytes_to_server pkts_to_client ' +
          'bytes_to_client total_bytes request_id reply_id ts last_ts records alert_count version',
        'LZ4HC(4)': 'client_ip server_ip',
        'ZSTD(1)':
          'client_ip_v4 client_ip_v6 server_ip_v4 server_ip_v6 proto app_proto paired ' +
          'tcp_flags_to_server tcp_flags_to_client alert_action signature_ids',
      }),
    ],
  },
  {
    version: 4,
    name: 'session rollups by quarter hour: by server, client, server port and protocol, application',
    sql: [
      ...sessionRollup('sessions_by_server', '"server_ip" Nullable(String) CODEC(LZ4HC(4))', 'server_ip'),
      ...sessionRollup('sessions_by_client', '"client_ip" Nullable(String) CODEC(LZ4HC(4))', 'client_ip'),
      ...sessionRollup(
        'sessions_by_port',
        '"server_port" Nullable(Int32), "proto" LowCardinality(Nullable(String))',
        'server_port, proto',
      ),
      ...sessionRollup('sessions_by_app', '"app_proto" LowCardinality(String)', 'app_proto'),
    ],
  },
];

/**
 * Version 4's statements for one rollup of the sessions (fixed: do not change). Per UTC quarter hour
 * of `start` (`qh`, epoch µs / 900e6 rounded down; -2^31 when `start` is null), firewall, zone and
 * the keys, the sums of the sessions' rows weighted by their signs: a cancel row takes back what its
 * row added, so the sums are exact while the rows collapse and need no FINAL (a SummingMergeTree
 * adds up rows of equal keys as it merges, and drops those that sum to zero). A materialized view
 * adds each INSERT into `sessions` (on a cluster, each shard's local tables); the table is then
 * filled from the sessions already stored (emptied first, so a step cut off half-way and run again
 * counts each session once; on replicas the last host's fill is the one kept).
 */
function sessionRollup(table: string, keyColumns: string, keys: string): string[] {
  const select = `SELECT ifNull(toInt32(intDiv(us, 900000000) - if(us % 900000000 < 0, 1, 0)), -2147483648) AS qh,
      firewall_name, availability_zone, ${keys}, sum(sg) AS sessions, sum(bs * sg) AS bytes_to_server,
      sum(bc * sg) AS bytes_to_client, sum(bt * sg) AS total_bytes, sum(pk * sg) AS packets,
      sum(if(bl, sg, 0)) AS blocked
    FROM (SELECT toUnixTimestamp64Micro("start") AS us, firewall_name, availability_zone, ${keys},
      sign AS sg, bytes_to_server AS bs, bytes_to_client AS bc, total_bytes AS bt,
      pkts_to_server + pkts_to_client AS pk, ifNull(alert_action = 'blocked', false) AS bl
      FROM {db}.sessions{local})
    GROUP BY qh, firewall_name, availability_zone, ${keys}`;
  return [
    `CREATE TABLE IF NOT EXISTS {db}.${table}{cluster} (
      "qh" Int32, "firewall_name" LowCardinality(Nullable(String)),
      "availability_zone" LowCardinality(Nullable(String)), ${keyColumns},
      "sessions" Int64 CODEC(T64, LZ4), "bytes_to_server" Int64 CODEC(T64, LZ4),
      "bytes_to_client" Int64 CODEC(T64, LZ4), "total_bytes" Int64 CODEC(T64, LZ4),
      "packets" Int64 CODEC(T64, LZ4), "blocked" Int64 CODEC(T64, LZ4)
    ) ENGINE = {engine:SummingMergeTree}
    ORDER BY (qh, firewall_name, availability_zone, ${keys})
    SETTINGS allow_nullable_key = 1`,
    `CREATE MATERIALIZED VIEW IF NOT EXISTS {db}.${table}_mv TO {db}.${table}{local} AS ${select}`,
    `TRUNCATE TABLE IF EXISTS {db}.${table}{local}`,
    `INSERT INTO {db}.${table}{local} ${select} SETTINGS insert_deduplicate = 0`,
  ];
}

/**
 * One ALTER giving the columns of a table their codecs (`codec -> space-separated column names`).
 * A codec change rewrites nothing: new parts are written with it, older ones when merges rewrite
 * them. On a cluster it runs on each host's local table (`{local}`).
 */
function codecs(table: string, byCodec: Record<string, string>): string {
  const clauses = Object.entries(byCodec).flatMap(([codec, names]) =>
    names.split(' ').map((name) => `MODIFY COLUMN "${name}" CODEC(${codec})`),
  );
  return `ALTER TABLE {db}.${table}{local} ${clauses.join(', ')}`;
}
