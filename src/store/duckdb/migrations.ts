/** Numbered schema migrations for the DuckDB store. Append only: never edit a released step. */

export interface Migration {
  version: number;
  name: string;
  sql: readonly string[];
}

/**
 * The events table as version 1 created it, as fixed text: a released migration never changes, so
 * a change to the column table (`columns.ts`) takes a new migration, never an edit here. Later
 * versions split each `<ip>_n` into `_v4`/`_v6` (3) and widened `alert_rev`/`alert_gid` (4).
 */
const EVENTS_V1 = `CREATE TABLE events (
  "id" BIGINT,
  "origin" VARCHAR,
  "origin_line" BIGINT,
  "residual" VARCHAR,
  "log_type" VARCHAR,
  "firewall_name" VARCHAR,
  "availability_zone" VARCHAR,
  "event_timestamp" BIGINT,
  "ts" TIMESTAMPTZ,
  "event_type" VARCHAR,
  "flow_id" UBIGINT,
  "src_ip" VARCHAR,
  "src_port" INTEGER,
  "dest_ip" VARCHAR,
  "dest_port" INTEGER,
  "proto" VARCHAR,
  "app_proto" VARCHAR,
  "direction" VARCHAR,
  "pkt_src" VARCHAR,
  "tx_id" BIGINT,
  "tx_guessed" BOOLEAN,
  "tls_inspected" BOOLEAN,
  "icmp_type" INTEGER,
  "icmp_code" INTEGER,
  "aws_category" VARCHAR[],
  "alert_action" VARCHAR,
  "alert_signature_id" BIGINT,
  "alert_rev" INTEGER,
  "alert_signature" VARCHAR,
  "alert_category" VARCHAR,
  "alert_severity" INTEGER,
  "alert_gid" INTEGER,
  "verdict_action" VARCHAR,
  "verdict_reject_target" VARCHAR,
  "netflow_pkts" BIGINT,
  "netflow_bytes" BIGINT,
  "netflow_start" TIMESTAMPTZ,
  "netflow_end" TIMESTAMPTZ,
  "netflow_age" BIGINT,
  "netflow_min_ttl" INTEGER,
  "netflow_max_ttl" INTEGER,
  "netflow_tx_cnt" BIGINT,
  "flow_pkts_toserver" BIGINT,
  "flow_pkts_toclient" BIGINT,
  "flow_bytes_toserver" BIGINT,
  "flow_bytes_toclient" BIGINT,
  "flow_start" TIMESTAMPTZ,
  "flow_end" TIMESTAMPTZ,
  "flow_age" BIGINT,
  "flow_state" VARCHAR,
  "flow_reason" VARCHAR,
  "tcp_flags" VARCHAR,
  "tcp_syn" BOOLEAN,
  "tcp_fin" BOOLEAN,
  "tcp_rst" BOOLEAN,
  "tcp_psh" BOOLEAN,
  "tcp_ack" BOOLEAN,
  "tcp_urg" BOOLEAN,
  "tcp_ecn" BOOLEAN,
  "tcp_cwr" BOOLEAN,
  "tcp_state" VARCHAR,
  "http_hostname" VARCHAR,
  "http_url" VARCHAR,
  "http_user_agent" VARCHAR,
  "http_method" VARCHAR,
  "http_protocol" VARCHAR,
  "http_status" INTEGER,
  "http_length" BIGINT,
  "http_content_type" VARCHAR,
  "tls_sni" VARCHAR,
  "tls_version" VARCHAR,
  "tls_subject" VARCHAR,
  "tls_issuerdn" VARCHAR,
  "tls_fingerprint" VARCHAR,
  "tls_ja3_hash" VARCHAR,
  "tls_ja3s_hash" VARCHAR,
  "tls_error_message" VARCHAR,
  "revocation_status" VARCHAR,
  "revocation_action" VARCHAR,
  "revocation_leaf_cert_fpr" VARCHAR,
  "src_ip_n" UHUGEINT,
  "dest_ip_n" UHUGEINT
)`;

/**
 * Rebuilds `table` with each `<ip>_n` (UHUGEINT: IPv6 as its number, IPv4 as ::ffff:a.b.c.d) replaced
 * by `<ip>_v4` (UBIGINT: the numbers in ::ffff:0:0/96, else null) and `<ip>_v6` (UHUGEINT: the other
 * numbers, else null), placed last. A rebuild rather than ALTERs: DuckDB cannot commit an UPDATE and
 * a DROP COLUMN of one table in one transaction, and a WAL holding `ALTER ... SET DATA TYPE ... USING`
 * fails to replay after a crash.
 */
function splitIpNumbers(table: string, ips: readonly string[]): string[] {
  const olds = ips.map((ip) => `"${ip}_n"`).join(', ');
  const news = ips.flatMap((ip) => {
    const n = `"${ip}_n"`;
    const mapped = `${n} >> 32 = 65535`;
    return [
      `(CASE WHEN ${mapped} THEN ${n} END)::UBIGINT AS "${ip}_v4"`,
      `(CASE WHEN NOT (${mapped}) THEN ${n} END)::UHUGEINT AS "${ip}_v6"`,
    ];
  });
  return [
    `CREATE TABLE ${table}_v3 AS SELECT * EXCLUDE (${olds}), ${news.join(', ')} FROM ${table}`,
    `DROP TABLE ${table}`,
    `ALTER TABLE ${table}_v3 RENAME TO ${table}`,
  ];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'events, rejected, checkpoints',
    sql: [
      EVENTS_V1,
      `CREATE TABLE rejected (
        id BIGINT, origin VARCHAR, line BIGINT, reason VARCHAR, path VARCHAR, message VARCHAR,
        raw VARCHAR, rejected_at TIMESTAMPTZ)`,
      `CREATE TABLE checkpoints (
        source_key VARCHAR PRIMARY KEY, kind VARCHAR, origin VARCHAR, fingerprint VARCHAR,
        "offset" BIGINT, line BIGINT, records BIGINT, rejected BIGINT, bytes BIGINT,
        state VARCHAR, updated_at TIMESTAMPTZ)`,
    ],
  },
  {
    version: 2,
    name: 'sessions, derived watermarks',
    sql: [
      `CREATE TABLE sessions (
        kind VARCHAR, firewall_name VARCHAR, availability_zone VARCHAR, flow_id UBIGINT,
        "start" TIMESTAMPTZ, "end" TIMESTAMPTZ, age BIGINT,
        client_ip VARCHAR, client_port INTEGER, server_ip VARCHAR, server_port INTEGER,
        client_ip_n UHUGEINT, server_ip_n UHUGEINT, proto VARCHAR, app_proto VARCHAR,
        pkts_to_server BIGINT, bytes_to_server BIGINT, pkts_to_client BIGINT, bytes_to_client BIGINT,
        total_bytes BIGINT, paired BOOLEAN, tcp_flags_to_server VARCHAR, tcp_flags_to_client VARCHAR,
        request_id BIGINT, reply_id BIGINT, ts TIMESTAMPTZ, last_ts TIMESTAMPTZ, records INTEGER,
        alert_count INTEGER, alert_action VARCHAR, signature_ids BIGINT[])`,
      `CREATE TABLE derived_watermarks (
        name VARCHAR PRIMARY KEY, last_event_id BIGINT, updated_at TIMESTAMPTZ)`,
    ],
  },
  {
    version: 3,
    name: 'numeric IPs split into _v4 (UBIGINT) and _v6 (UHUGEINT)',
    sql: [
      ...splitIpNumbers('events', ['src_ip', 'dest_ip']),
      ...splitIpNumbers('sessions', ['client_ip', 'server_ip']),
    ],
  },
  {
    version: 4,
    name: 'alert gid and rev widened to BIGINT (unsigned 32-bit values)',
    // In place: a widening cast keeps every value, and a WAL holding a plain ALTER ... TYPE (no USING)
    // replays after a crash.
    sql: ['ALTER TABLE events ALTER alert_gid TYPE BIGINT', 'ALTER TABLE events ALTER alert_rev TYPE BIGINT'],
  },
  {
    version: 5,
    name: 'saved objects (saved searches)',
    sql: [
      `CREATE TABLE saved_objects (
        kind VARCHAR, name VARCHAR, value VARCHAR, created_at TIMESTAMPTZ, updated_at TIMESTAMPTZ,
        PRIMARY KEY (kind, name))`,
    ],
  },
];
