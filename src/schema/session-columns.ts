/**
 * The sessions' column table, in the shape of `columns.ts`: one row per column of the `sessions`
 * table. The listing's columns and their order, the query language's session fields, the CLI's
 * table and both engines' column types all derive from it; a test holds the DuckDB migrations to
 * it. Adding a column is adding a row (and a migration that appends it).
 *
 * Rows are in display order (the order `nfwlens sessions --format json` and the API list them);
 * the numeric IP twins, which exist only for CIDR filters, come last and are never listed.
 */
import type { IpFamily } from './columns.ts';

export type SessionColumnKind =
  | 'string'
  | 'int'
  | 'bigint'
  | 'ubigint'
  | 'uhugeint'
  | 'bool'
  | 'timestamp'
  | 'ip' // text, canonical; with `_v4`/`_v6` number twins for CIDR
  | 'bigint[]';

/** What a number counts, for display (human sizes for bytes, right-aligned numbers). */
export type SessionColumnUnit = 'bytes' | 'packets' | 'seconds';

export interface SessionColumnDef {
  name: string;
  kind: SessionColumnKind;
  duckdb: string;
  clickhouse: string;
  description: string;
  /** Usable in the session filters of the query language. */
  filterable: boolean;
  /** Returned by listings (API, CLI json/ndjson/csv), in row order. */
  listed: boolean;
  unit?: SessionColumnUnit;
  /** Set on the numeric twins of an `ip` column (internal: for CIDR filters). */
  ipNumber?: IpFamily;
  /**
   * Position in the compact table (`nfwlens sessions`, format table); an `ip` column is shown
   * there joined with its port as one endpoint column named `endpoint`.
   */
  brief?: number;
  endpoint?: { name: string; port: string };
}

const DUCK: Record<SessionColumnKind, string> = {
  string: 'VARCHAR',
  int: 'INTEGER',
  bigint: 'BIGINT',
  ubigint: 'UBIGINT',
  uhugeint: 'UHUGEINT',
  bool: 'BOOLEAN',
  timestamp: 'TIMESTAMPTZ',
  ip: 'VARCHAR',
  'bigint[]': 'BIGINT[]',
};

const CH: Record<SessionColumnKind, string> = {
  string: 'Nullable(String)',
  int: 'Nullable(Int32)',
  bigint: 'Nullable(Int64)',
  ubigint: 'Nullable(UInt64)',
  uhugeint: 'Nullable(UInt128)',
  bool: 'Nullable(Bool)',
  timestamp: "Nullable(DateTime64(6, 'UTC'))",
  ip: 'Nullable(String)',
  'bigint[]': 'Array(Int64)',
};

interface Spec {
  kind: SessionColumnKind;
  description: string;
  filterable?: boolean;
  listed?: boolean;
  unit?: SessionColumnUnit;
  ipNumber?: IpFamily;
  brief?: number;
  endpoint?: { name: string; port: string };
}

function col(name: string, spec: Spec): SessionColumnDef {
  const def: SessionColumnDef = {
    name,
    kind: spec.kind,
    duckdb: DUCK[spec.kind],
    clickhouse: CH[spec.kind],
    description: spec.description,
    filterable: spec.filterable ?? true,
    listed: spec.listed ?? true,
  };
  if (spec.unit !== undefined) def.unit = spec.unit;
  if (spec.ipNumber !== undefined) def.ipNumber = spec.ipNumber;
  if (spec.brief !== undefined) def.brief = spec.brief;
  if (spec.endpoint !== undefined) def.endpoint = spec.endpoint;
  return def;
}

function ipNumberTwins(ip: string): SessionColumnDef[] {
  const twin = (family: IpFamily, kind: SessionColumnKind, what: string) =>
    col(`${ip}_${family}`, {
      kind,
      filterable: false,
      listed: false,
      ipNumber: family,
      description: `${ip} as a number ${what}, else null; for CIDR`,
    });
  return [
    twin('v4', 'ubigint', 'when IPv4 or IPv4-mapped (0xffff << 32 | a.b.c.d)'),
    twin('v6', 'uhugeint', 'when IPv6 and not IPv4-mapped (128 bits)'),
  ];
}

/** The columns of the sessions table: display order, then the numeric IP twins. */
export const SESSION_COLUMN_TABLE: readonly SessionColumnDef[] = [
  col('kind', {
    kind: 'string',
    description: 'netflow (paired halves) | flow (Suricata bidirectional flow event)',
  }),
  col('firewall_name', { kind: 'string', description: 'Firewall name', brief: 2 }),
  col('availability_zone', { kind: 'string', description: 'AZ of the endpoint' }),
  col('flow_id', { kind: 'ubigint', description: 'Suricata flow id', brief: 12 }),
  col('start', { kind: 'timestamp', description: 'First packet of the flow', brief: 1 }),
  col('end', { kind: 'timestamp', description: 'Last packet of the flow' }),
  col('age', { kind: 'bigint', unit: 'seconds', description: 'Flow age, s' }),
  col('client_ip', {
    kind: 'ip',
    description: 'Source of the request half',
    brief: 3,
    endpoint: { name: 'client', port: 'client_port' },
  }),
  col('client_port', { kind: 'int', description: 'Source port of the request half' }),
  col('server_ip', {
    kind: 'ip',
    description: 'Destination of the request half',
    brief: 4,
    endpoint: { name: 'server', port: 'server_port' },
  }),
  col('server_port', { kind: 'int', description: 'Destination port of the request half' }),
  col('proto', { kind: 'string', description: 'IP protocol name', brief: 5 }),
  col('app_proto', {
    kind: 'string',
    description: 'Application protocol (unknown when neither half names one)',
    brief: 6,
  }),
  col('pkts_to_server', { kind: 'bigint', unit: 'packets', description: 'Packets client -> server' }),
  col('bytes_to_server', { kind: 'bigint', unit: 'bytes', description: 'Bytes client -> server', brief: 7 }),
  col('pkts_to_client', { kind: 'bigint', unit: 'packets', description: 'Packets server -> client' }),
  col('bytes_to_client', { kind: 'bigint', unit: 'bytes', description: 'Bytes server -> client', brief: 8 }),
  col('total_bytes', { kind: 'bigint', unit: 'bytes', description: 'Bytes both ways', brief: 9 }),
  col('paired', { kind: 'bool', description: 'Both halves seen', brief: 10 }),
  col('tcp_flags_to_server', { kind: 'string', description: 'TCP flags of the request half, hex' }),
  col('tcp_flags_to_client', { kind: 'string', description: 'TCP flags of the reply half, hex' }),
  col('alert_count', { kind: 'int', description: 'Alerts joined to the session' }),
  col('alert_action', {
    kind: 'string',
    description: 'blocked if any joined alert blocked, else allowed; absent without alerts',
    brief: 11,
  }),
  col('signature_ids', { kind: 'bigint[]', description: 'Rule sids of the joined alerts' }),
  col('request_id', { kind: 'bigint', description: 'Event id of the request half' }),
  col('reply_id', { kind: 'bigint', description: 'Event id of the reply half' }),
  col('ts', { kind: 'timestamp', description: 'Event time of the request half' }),
  col('last_ts', { kind: 'timestamp', filterable: false, description: 'Event time of the later half' }),
  col('records', {
    kind: 'int',
    filterable: false,
    description: 'Records under the pair key (2 for a pair; more: duplicates in the input)',
  }),
  ...ipNumberTwins('client_ip'),
  ...ipNumberTwins('server_ip'),
];

/** The names of the listed session columns, in display order. */
export const SESSION_LISTED_COLUMN_NAMES: readonly string[] = SESSION_COLUMN_TABLE.filter(
  (c) => c.listed,
).map((c) => c.name);

/**
 * The compact table's columns in order: listed columns with a `brief` position, an `ip` column
 * replaced by its endpoint (address and port as one).
 */
export const SESSION_BRIEF_COLUMN_NAMES: readonly string[] = SESSION_COLUMN_TABLE.filter(
  (c) => c.brief !== undefined,
)
  .sort((a, b) => (a.brief ?? 0) - (b.brief ?? 0))
  .map((c) => c.endpoint?.name ?? c.name);

/** Looks a session column up by name. */
export function sessionColumnByName(name: string): SessionColumnDef | undefined {
  return SESSION_COLUMN_TABLE.find((c) => c.name === name);
}

/** The orders a session listing offers: newest first, or largest first. */
export const SESSION_SORTS = ['start', 'total_bytes'] as const;
export type SessionSort = (typeof SESSION_SORTS)[number];
