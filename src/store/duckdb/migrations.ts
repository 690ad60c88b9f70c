/** Numbered schema migrations for the DuckDB store. Append only: never edit a released step. */
import { EVENT_COLUMNS, META_COLUMNS } from '../../schema/columns.ts';

export interface Migration {
  version: number;
  name: string;
  sql: readonly string[];
}

function eventsTable(): string {
  const cols = [...META_COLUMNS, ...EVENT_COLUMNS].map((c) => `  "${c.name}" ${c.duckdb}`);
  return `CREATE TABLE events (\n${cols.join(',\n')}\n)`;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'events, rejected, checkpoints',
    sql: [
      eventsTable(),
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
];
