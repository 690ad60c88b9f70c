/**
 * The sessions' column table, in the shape of `columns.ts`: one row per column of the `sessions`
 * table. The listing's columns and their order, the query language's session fields, the CLI's
 * table and both engines' column types all derive from it; a test holds the DuckDB migrations to
 * it. Adding a column is adding a row (and a migration that appends it).
 *
 * Rows are in display order (the order `nfwlens sessions --format json` and the API list them);
 * the numeric IP twins, which exist only for CIDR filters, come last and are never listed.
 */
import type { DisplayName, IpFamily } from './columns.ts';

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
  /** How the UI titles the column (headers, pickers, drill labels). */
  label: DisplayName;
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
  /** The display name, English then Japanese. */
  label: readonly [en: string, ja: string];
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
    label: { en: spec.label[0], ja: spec.label[1] },
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
      label: [`${ip} (${family} number)`, `${ip} (${family} 数値)`],
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
    label: ['Kind', '種類'],
    kind: 'string',
    description: 'netflow (paired halves) | flow (Suricata bidirectional flow event)',
  }),
  col('firewall_name', {
    label: ['Firewall', 'ファイアウォール'],
    kind: 'string',
    description: 'Firewall name',
    brief: 2,
  }),
  col('availability_zone', {
    label: ['Availability zone', 'アベイラビリティーゾーン'],
    kind: 'string',
    description: 'AZ of the endpoint',
  }),
  col('flow_id', {
    label: ['Flow ID', 'フロー ID'],
    kind: 'ubigint',
    description: 'Suricata flow id',
    brief: 12,
  }),
  col('start', {
    label: ['Start', '開始'],
    kind: 'timestamp',
    description: 'First packet of the flow',
    brief: 1,
  }),
  col('end', { label: ['End', '終了'], kind: 'timestamp', description: 'Last packet of the flow' }),
  col('age', {
    label: ['Duration (s)', '継続時間 (秒)'],
    kind: 'bigint',
    unit: 'seconds',
    description: 'Flow age, s',
  }),
  col('client_ip', {
    label: ['Client IP', 'クライアント IP'],
    kind: 'ip',
    description: 'Source of the request half',
    brief: 3,
    endpoint: { name: 'client', port: 'client_port' },
  }),
  col('client_port', {
    label: ['Client port', 'クライアントポート'],
    kind: 'int',
    description: 'Source port of the request half',
  }),
  col('server_ip', {
    label: ['Server IP', 'サーバー IP'],
    kind: 'ip',
    description: 'Destination of the request half',
    brief: 4,
    endpoint: { name: 'server', port: 'server_port' },
  }),
  col('server_port', {
    label: ['Server port', 'サーバーポート'],
    kind: 'int',
    description: 'Destination port of the request half',
  }),
  col('proto', {
    label: ['Protocol', 'プロトコル'],
    kind: 'string',
    description: 'IP protocol name',
    brief: 5,
  }),
  col('app_proto', {
    label: ['Application protocol', 'アプリケーションプロトコル'],
    kind: 'string',
    description: 'Application protocol (unknown when neither half names one)',
    brief: 6,
  }),
  col('pkts_to_server', {
    label: ['Packets to server', 'サーバー宛パケット数'],
    kind: 'bigint',
    unit: 'packets',
    description: 'Packets client -> server',
  }),
  col('bytes_to_server', {
    label: ['Bytes to server', 'サーバー宛バイト数'],
    kind: 'bigint',
    unit: 'bytes',
    description: 'Bytes client -> server',
    brief: 7,
  }),
  col('pkts_to_client', {
    label: ['Packets to client', 'クライアント宛パケット数'],
    kind: 'bigint',
    unit: 'packets',
    description: 'Packets server -> client',
  }),
  col('bytes_to_client', {
    label: ['Bytes to client', 'クライアント宛バイト数'],
    kind: 'bigint',
    unit: 'bytes',
    description: 'Bytes server -> client',
    brief: 8,
  }),
  col('total_bytes', {
    label: ['Total bytes', '合計バイト数'],
    kind: 'bigint',
    unit: 'bytes',
    description: 'Bytes both ways',
    brief: 9,
  }),
  col('paired', { label: ['Paired', 'ペア成立'], kind: 'bool', description: 'Both halves seen', brief: 10 }),
  col('tcp_flags_to_server', {
    label: ['TCP flags to server', 'サーバー宛 TCP フラグ'],
    kind: 'string',
    description: 'TCP flags of the request half, hex',
  }),
  col('tcp_flags_to_client', {
    label: ['TCP flags to client', 'クライアント宛 TCP フラグ'],
    kind: 'string',
    description: 'TCP flags of the reply half, hex',
  }),
  col('alert_count', {
    label: ['Alerts', 'アラート数'],
    kind: 'int',
    description: 'Alerts joined to the session',
  }),
  col('alert_action', {
    label: ['Verdict', '判定'],
    kind: 'string',
    description: 'blocked if any joined alert blocked, else allowed; absent without alerts',
    brief: 11,
  }),
  col('signature_ids', {
    label: ['Signature IDs', 'シグネチャ ID'],
    kind: 'bigint[]',
    description: 'Rule sids of the joined alerts',
  }),
  col('request_id', {
    label: ['Request event ID', 'リクエスト側イベント ID'],
    kind: 'bigint',
    description: 'Event id of the request half',
  }),
  col('reply_id', {
    label: ['Reply event ID', '応答側イベント ID'],
    kind: 'bigint',
    description: 'Event id of the reply half',
  }),
  col('ts', {
    label: ['Request time', 'リクエスト時刻'],
    kind: 'timestamp',
    description: 'Event time of the request half',
  }),
  col('last_ts', {
    label: ['Last time', '最終時刻'],
    kind: 'timestamp',
    filterable: false,
    description: 'Event time of the later half',
  }),
  col('records', {
    label: ['Records', 'レコード数'],
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
