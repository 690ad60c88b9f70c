/** Numbered schema migrations for the DuckDB store. Append only: never edit a released step. */
import { EVENT_COLUMNS, META_COLUMNS } from '../../schema/columns.ts';

export interface Migration {
  version: number;
  name: string;
  sql: readonly string[];
}

/**
 * Types version 1 gave columns whose type in the column table changed later, and the migration that
 * changed it. A released migration never changes: changing a column's type in `columns.ts` means a
 * row here and a new migration that ALTERs it (`schema-states/v3.json` holds the frozen result).
 */
const VERSION_1_TYPES: Readonly<Record<string, string>> = {
  alert_rev: 'INTEGER', // BIGINT from version 4
  alert_gid: 'INTEGER', // BIGINT from version 4
};

/**
 * The events table as version 1 created it: the column table, except that each address had one
 * numeric twin `<ip>_n UHUGEINT` where it now has `_v4` and `_v6` (split by version 3), and the
 * columns of VERSION_1_TYPES had their first type.
 */
function eventsTable(): string {
  const cols = [...META_COLUMNS, ...EVENT_COLUMNS].flatMap((c) => {
    if (c.ipNumber === 'v6') return [];
    const name = c.ipNumber === 'v4' ? `${c.name.slice(0, -'_v4'.length)}_n` : c.name;
    return [`  "${name}" ${c.ipNumber === 'v4' ? 'UHUGEINT' : (VERSION_1_TYPES[c.name] ?? c.duckdb)}`];
  });
  return `CREATE TABLE events (\n${cols.join(',\n')}\n)`;
}

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
];
