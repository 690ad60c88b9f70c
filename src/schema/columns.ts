/**
 * The one column table. Every stored, filterable and displayable field of an event is one row here:
 * the normaliser's output, both engines' DDL, the query language's field list and the UI's pickers
 * all derive from it. Adding a field is adding a row.
 *
 * `path` columns are *source* columns: their value is exactly the record's value at that JSON path
 * (converted by `codec`), or null when the path is absent. The original record is rebuilt from the
 * source columns plus the stored residual (whatever did not round-trip through a column).
 * Columns without `path` are *derived*: computed from the record, never written back.
 */

export type ColumnKind =
  | 'string'
  | 'int'
  | 'bigint' // 64-bit signed, JS number (safe range) in rows
  | 'ubigint' // 64-bit unsigned, JS bigint in rows (flow_id, numeric IPv4)
  | 'uhugeint' // 128-bit unsigned, JS bigint in rows (numeric IPv6)
  | 'bool'
  | 'timestamp' // UTC, JS number of epoch microseconds in rows
  | 'string[]';

/** How a source column's value is written back into the original JSON. */
export type Codec =
  | 'identity'
  | 'eve-ts' // "2020-10-13T22:10:01.006481+0000" <-> epoch µs
  | 'epoch-string' // "1602627001" <-> 1602627001
  | 'ip' // canonical (IPv6 compressed, lower case) text
  | 'upper'; // proto names, stored upper-case

/** A field's name for people, in each language the UI speaks (queries keep the raw name). */
export interface DisplayName {
  en: string;
  ja: string;
}

export interface ColumnDef {
  name: string;
  /** How the UI titles the field (column headers, pickers, drill labels). */
  label: DisplayName;
  kind: ColumnKind;
  duckdb: string;
  clickhouse: string;
  /** JSON path in the original record, for source columns. */
  path?: readonly string[];
  codec?: Codec;
  /** Usable in the query language. */
  filterable: boolean;
  /** Offered as a group-by dimension in reports and the UI. */
  dimension: boolean;
  /**
   * Free text (a signature, a URL, a user agent): a value in a query matches a phrase inside it, its
   * words in order, ignoring case (`signature:"scan suspicious"`); other text fields match whole.
   */
  text?: boolean;
  description: string;
  /**
   * Set on the numeric twins of an `ip` column (`<ip column>_v4`, `<ip column>_v6`), which exist for
   * CIDR filters: internal, never returned by the API nor offered in the UI.
   */
  ipNumber?: IpFamily;
}

/** Which addresses a numeric IP column holds: `v4` IPv4 (and IPv4-mapped IPv6), `v6` every other IPv6. */
export type IpFamily = 'v4' | 'v6';

const DUCK: Record<ColumnKind, string> = {
  string: 'VARCHAR',
  int: 'INTEGER',
  bigint: 'BIGINT',
  ubigint: 'UBIGINT',
  uhugeint: 'UHUGEINT',
  bool: 'BOOLEAN',
  timestamp: 'TIMESTAMPTZ',
  'string[]': 'VARCHAR[]',
};

const CH: Record<ColumnKind, string> = {
  string: 'Nullable(String)',
  int: 'Nullable(Int32)',
  bigint: 'Nullable(Int64)',
  ubigint: 'Nullable(UInt64)',
  uhugeint: 'Nullable(UInt128)',
  bool: 'Nullable(Bool)',
  timestamp: "Nullable(DateTime64(6, 'UTC'))",
  'string[]': 'Array(String)',
};

interface Spec {
  /** The display name, English then Japanese. */
  label: readonly [en: string, ja: string];
  kind: ColumnKind;
  path?: string;
  codec?: Codec;
  filterable?: boolean;
  dimension?: boolean;
  text?: boolean;
  description: string;
  ipNumber?: IpFamily;
}

function col(name: string, spec: Spec): ColumnDef {
  const def: ColumnDef = {
    name,
    label: { en: spec.label[0], ja: spec.label[1] },
    kind: spec.kind,
    duckdb: DUCK[spec.kind],
    clickhouse: CH[spec.kind],
    filterable: spec.filterable ?? true,
    dimension: spec.dimension ?? false,
    description: spec.description,
  };
  if (spec.path !== undefined) {
    def.path = spec.path.split('.');
    def.codec = spec.codec ?? 'identity';
  }
  if (spec.ipNumber !== undefined) def.ipNumber = spec.ipNumber;
  if (spec.text) def.text = true;
  return def;
}

const S = 'string' as const;
const I = 'int' as const;
const B = 'bigint' as const;
const T = 'timestamp' as const;
const BOOL = 'bool' as const;

/**
 * The numeric twins of an `ip` column, for CIDR. An address is the 128-bit number of its IPv6 form
 * (IPv4 a.b.c.d as ::ffff:a.b.c.d, i.e. 0xffff << 32 | a.b.c.d), kept in one of two columns: `_v4`
 * (UBIGINT) when it lies in ::ffff:0:0/96, `_v6` (UHUGEINT) otherwise; the other is null. Split so
 * that the mostly-IPv4 column bit-packs in 64 bits.
 */
function ipNumberTwins(ip: string): ColumnDef[] {
  return [
    col(`${ip}_v4`, {
      label: [`${ip} (IPv4 number)`, `${ip} (IPv4 数値)`],
      kind: 'ubigint',
      filterable: false,
      ipNumber: 'v4',
      description: `${ip} as a number when IPv4 or IPv4-mapped (0xffff << 32 | a.b.c.d), else null; for CIDR`,
    }),
    col(`${ip}_v6`, {
      label: [`${ip} (IPv6 number)`, `${ip} (IPv6 数値)`],
      kind: 'uhugeint',
      filterable: false,
      ipNumber: 'v6',
      description: `${ip} as a 128-bit number when IPv6 and not IPv4-mapped, else null; for CIDR`,
    }),
  ];
}

/** Event columns, in storage order. */
export const EVENT_COLUMNS: readonly ColumnDef[] = [
  col('log_type', {
    label: ['Log type', 'ログ種別'],
    kind: S,
    dimension: true,
    description: 'alert | flow | tls | other (derived)',
  }),
  col('firewall_name', {
    label: ['Firewall', 'ファイアウォール'],
    kind: S,
    path: 'firewall_name',
    dimension: true,
    description: 'Firewall name',
  }),
  col('availability_zone', {
    label: ['Availability zone', 'アベイラビリティーゾーン'],
    kind: S,
    path: 'availability_zone',
    dimension: true,
    description: 'AZ of the endpoint',
  }),
  col('event_timestamp', {
    label: ['Record created', 'レコード作成時刻'],
    kind: B,
    path: 'event_timestamp',
    codec: 'epoch-string',
    description: 'Record creation, epoch s',
  }),
  col('ts', {
    label: ['Time', '時刻'],
    kind: T,
    path: 'event.timestamp',
    codec: 'eve-ts',
    description: 'Event time (UTC, µs)',
  }),
  col('event_type', {
    label: ['Event type', 'イベント種別'],
    kind: S,
    path: 'event.event_type',
    dimension: true,
    description: 'EVE event type',
  }),
  col('flow_id', {
    label: ['Flow ID', 'フロー ID'],
    kind: 'ubigint',
    path: 'event.flow_id',
    description: 'Suricata flow id',
  }),
  col('src_ip', {
    label: ['Source IP', '送信元 IP'],
    kind: S,
    path: 'event.src_ip',
    codec: 'ip',
    dimension: true,
    description: 'Source IP',
  }),
  col('src_port', {
    label: ['Source port', '送信元ポート'],
    kind: I,
    path: 'event.src_port',
    dimension: true,
    description: 'Source port',
  }),
  col('dest_ip', {
    label: ['Destination IP', '宛先 IP'],
    kind: S,
    path: 'event.dest_ip',
    codec: 'ip',
    dimension: true,
    description: 'Destination IP',
  }),
  col('dest_port', {
    label: ['Destination port', '宛先ポート'],
    kind: I,
    path: 'event.dest_port',
    dimension: true,
    description: 'Destination port',
  }),
  col('proto', {
    label: ['Protocol', 'プロトコル'],
    kind: S,
    path: 'event.proto',
    codec: 'upper',
    dimension: true,
    description: 'IP protocol name',
  }),
  col('app_proto', {
    label: ['Application protocol', 'アプリケーションプロトコル'],
    kind: S,
    path: 'event.app_proto',
    dimension: true,
    description: 'Application protocol',
  }),
  col('direction', {
    label: ['Direction', '方向'],
    kind: S,
    path: 'event.direction',
    dimension: true,
    description: 'to_server | to_client',
  }),
  col('pkt_src', {
    label: ['Packet source', 'パケット発生元'],
    kind: S,
    path: 'event.pkt_src',
    description: 'Packet origin',
  }),
  col('tx_id', {
    label: ['Transaction ID', 'トランザクション ID'],
    kind: B,
    path: 'event.tx_id',
    description: 'App-layer transaction id',
  }),
  col('tx_guessed', {
    label: ['Transaction guessed', 'トランザクション推定'],
    kind: BOOL,
    path: 'event.tx_guessed',
    description: 'Transaction guessed',
  }),
  col('tls_inspected', {
    label: ['TLS inspected', 'TLS インスペクション済み'],
    kind: BOOL,
    path: 'event.tls_inspected',
    description: 'Decrypted by TLS inspection',
  }),
  col('icmp_type', {
    label: ['ICMP type', 'ICMP タイプ'],
    kind: I,
    path: 'event.icmp_type',
    dimension: true,
    description: 'ICMP type',
  }),
  col('icmp_code', {
    label: ['ICMP code', 'ICMP コード'],
    kind: I,
    path: 'event.icmp_code',
    description: 'ICMP code',
  }),
  col('aws_category', {
    label: ['URL/domain category', 'URL/ドメインカテゴリ'],
    kind: 'string[]',
    dimension: true,
    description: 'URL/domain categories (derived, either place)',
  }),
  col('alert_action', {
    label: ['Action', 'アクション'],
    kind: S,
    path: 'event.alert.action',
    dimension: true,
    description: 'allowed | blocked',
  }),
  col('alert_signature_id', {
    label: ['Signature ID', 'シグネチャ ID'],
    kind: B,
    path: 'event.alert.signature_id',
    dimension: true,
    description: 'Rule sid',
  }),
  // Suricata's gid, signature_id and rev are unsigned 32-bit (a published alert has gid 4113433437):
  // BIGINT holds the whole range (the DuckDB columns were widened by migration 4).
  col('alert_rev', {
    label: ['Rule revision', 'ルールリビジョン'],
    kind: B,
    path: 'event.alert.rev',
    description: 'Rule revision',
  }),
  col('alert_signature', {
    label: ['Signature', 'シグネチャ'],
    kind: S,
    path: 'event.alert.signature',
    dimension: true,
    text: true,
    description: 'Rule message',
  }),
  col('alert_category', {
    label: ['Alert category', 'アラートカテゴリ'],
    kind: S,
    path: 'event.alert.category',
    dimension: true,
    text: true,
    description: 'Classtype',
  }),
  col('alert_severity', {
    label: ['Severity', '重大度'],
    kind: I,
    path: 'event.alert.severity',
    dimension: true,
    description: '1 high .. 3 low',
  }),
  col('alert_gid', {
    label: ['Generator ID', 'ジェネレーター ID'],
    kind: B,
    path: 'event.alert.gid',
    description: 'Generator id',
  }),
  col('verdict_action', {
    label: ['Verdict', '判定'],
    kind: S,
    path: 'event.verdict.action',
    dimension: true,
    description: 'alert | pass | drop',
  }),
  col('verdict_reject_target', {
    label: ['Reject target', 'リジェクト対象'],
    kind: S,
    path: 'event.verdict.reject_target',
    description: 'Reject target',
  }),
  col('netflow_pkts', {
    label: ['Packets', 'パケット数'],
    kind: B,
    path: 'event.netflow.pkts',
    description: 'Packets, this direction',
  }),
  col('netflow_bytes', {
    label: ['Bytes', 'バイト数'],
    kind: B,
    path: 'event.netflow.bytes',
    description: 'Bytes, this direction',
  }),
  col('netflow_start', {
    label: ['Flow start', 'フロー開始'],
    kind: T,
    path: 'event.netflow.start',
    codec: 'eve-ts',
    description: 'First packet of the flow',
  }),
  col('netflow_end', {
    label: ['Flow end', 'フロー終了'],
    kind: T,
    path: 'event.netflow.end',
    codec: 'eve-ts',
    description: 'Last packet of the flow',
  }),
  col('netflow_age', {
    label: ['Flow age (s)', 'フロー継続時間 (秒)'],
    kind: B,
    path: 'event.netflow.age',
    description: 'Flow age, s',
  }),
  col('netflow_min_ttl', {
    label: ['Min TTL', '最小 TTL'],
    kind: I,
    path: 'event.netflow.min_ttl',
    description: 'Min TTL',
  }),
  col('netflow_max_ttl', {
    label: ['Max TTL', '最大 TTL'],
    kind: I,
    path: 'event.netflow.max_ttl',
    description: 'Max TTL',
  }),
  col('netflow_tx_cnt', {
    label: ['Transactions', 'トランザクション数'],
    kind: B,
    path: 'event.netflow.tx_cnt',
    description: 'Transactions',
  }),
  col('flow_pkts_toserver', {
    label: ['Packets to server', 'サーバー宛パケット数'],
    kind: B,
    path: 'event.flow.pkts_toserver',
    description: 'Bidirectional flow',
  }),
  col('flow_pkts_toclient', {
    label: ['Packets to client', 'クライアント宛パケット数'],
    kind: B,
    path: 'event.flow.pkts_toclient',
    description: 'Bidirectional flow',
  }),
  col('flow_bytes_toserver', {
    label: ['Bytes to server', 'サーバー宛バイト数'],
    kind: B,
    path: 'event.flow.bytes_toserver',
    description: 'Bidirectional flow',
  }),
  col('flow_bytes_toclient', {
    label: ['Bytes to client', 'クライアント宛バイト数'],
    kind: B,
    path: 'event.flow.bytes_toclient',
    description: 'Bidirectional flow',
  }),
  col('flow_start', {
    label: ['Bidirectional flow start', '双方向フロー開始'],
    kind: T,
    path: 'event.flow.start',
    codec: 'eve-ts',
    description: 'Bidirectional flow',
  }),
  col('flow_end', {
    label: ['Bidirectional flow end', '双方向フロー終了'],
    kind: T,
    path: 'event.flow.end',
    codec: 'eve-ts',
    description: 'Bidirectional flow',
  }),
  col('flow_age', {
    label: ['Bidirectional flow age (s)', '双方向フロー継続時間 (秒)'],
    kind: B,
    path: 'event.flow.age',
    description: 'Bidirectional flow',
  }),
  col('flow_state', {
    label: ['Flow state', 'フロー状態'],
    kind: S,
    path: 'event.flow.state',
    description: 'Bidirectional flow',
  }),
  col('flow_reason', {
    label: ['Flow end reason', 'フロー終了理由'],
    kind: S,
    path: 'event.flow.reason',
    description: 'Bidirectional flow',
  }),
  col('tcp_flags', {
    label: ['TCP flags', 'TCP フラグ'],
    kind: S,
    path: 'event.tcp.tcp_flags',
    description: 'OR of TCP flags, hex',
  }),
  col('tcp_syn', {
    label: ['TCP SYN', 'TCP SYN'],
    kind: BOOL,
    path: 'event.tcp.syn',
    description: 'SYN seen',
  }),
  col('tcp_fin', {
    label: ['TCP FIN', 'TCP FIN'],
    kind: BOOL,
    path: 'event.tcp.fin',
    description: 'FIN seen',
  }),
  col('tcp_rst', {
    label: ['TCP RST', 'TCP RST'],
    kind: BOOL,
    path: 'event.tcp.rst',
    description: 'RST seen',
  }),
  col('tcp_psh', {
    label: ['TCP PSH', 'TCP PSH'],
    kind: BOOL,
    path: 'event.tcp.psh',
    description: 'PSH seen',
  }),
  col('tcp_ack', {
    label: ['TCP ACK', 'TCP ACK'],
    kind: BOOL,
    path: 'event.tcp.ack',
    description: 'ACK seen',
  }),
  col('tcp_urg', {
    label: ['TCP URG', 'TCP URG'],
    kind: BOOL,
    path: 'event.tcp.urg',
    description: 'URG seen',
  }),
  col('tcp_ecn', {
    label: ['TCP ECN', 'TCP ECN'],
    kind: BOOL,
    path: 'event.tcp.ecn',
    description: 'ECN seen',
  }),
  col('tcp_cwr', {
    label: ['TCP CWR', 'TCP CWR'],
    kind: BOOL,
    path: 'event.tcp.cwr',
    description: 'CWR seen',
  }),
  col('tcp_state', {
    label: ['TCP state', 'TCP 状態'],
    kind: S,
    path: 'event.tcp.state',
    description: 'TCP state',
  }),
  col('http_hostname', {
    label: ['HTTP host', 'HTTP ホスト'],
    kind: S,
    dimension: true,
    description: 'HTTP host (hostname, or HTTP/2 :authority; derived)',
  }),
  col('http_url', {
    label: ['HTTP URL', 'HTTP URL'],
    kind: S,
    path: 'event.http.url',
    text: true,
    description: 'HTTP URL',
  }),
  col('http_user_agent', {
    label: ['User agent', 'ユーザーエージェント'],
    kind: S,
    path: 'event.http.http_user_agent',
    text: true,
    description: 'User agent',
  }),
  col('http_method', {
    label: ['HTTP method', 'HTTP メソッド'],
    kind: S,
    path: 'event.http.http_method',
    dimension: true,
    description: 'HTTP method',
  }),
  col('http_protocol', {
    label: ['HTTP protocol', 'HTTP プロトコル'],
    kind: S,
    path: 'event.http.protocol',
    description: 'HTTP protocol',
  }),
  col('http_status', {
    label: ['HTTP status', 'HTTP ステータス'],
    kind: I,
    path: 'event.http.status',
    dimension: true,
    description: 'HTTP status',
  }),
  col('http_length', {
    label: ['HTTP body length', 'HTTP ボディ長'],
    kind: B,
    path: 'event.http.length',
    description: 'HTTP body length',
  }),
  col('http_content_type', {
    label: ['Content type', 'コンテンツタイプ'],
    kind: S,
    path: 'event.http.http_content_type',
    description: 'Content type',
  }),
  col('tls_sni', {
    label: ['TLS SNI', 'TLS SNI'],
    kind: S,
    dimension: true,
    description: 'TLS SNI (tls.sni or the TLS log sni; "-" is null; derived)',
  }),
  col('tls_version', {
    label: ['TLS version', 'TLS バージョン'],
    kind: S,
    path: 'event.tls.version',
    dimension: true,
    description: 'TLS version',
  }),
  col('tls_subject', {
    label: ['Certificate subject', '証明書サブジェクト'],
    kind: S,
    path: 'event.tls.subject',
    text: true,
    description: 'Certificate subject',
  }),
  col('tls_issuerdn', {
    label: ['Certificate issuer', '証明書発行者'],
    kind: S,
    path: 'event.tls.issuerdn',
    text: true,
    description: 'Certificate issuer',
  }),
  col('tls_fingerprint', {
    label: ['Certificate fingerprint', '証明書フィンガープリント'],
    kind: S,
    path: 'event.tls.fingerprint',
    description: 'Certificate fingerprint',
  }),
  col('tls_ja3_hash', {
    label: ['JA3', 'JA3'],
    kind: S,
    path: 'event.tls.ja3.hash',
    dimension: true,
    description: 'JA3',
  }),
  col('tls_ja3s_hash', {
    label: ['JA3S', 'JA3S'],
    kind: S,
    path: 'event.tls.ja3s.hash',
    description: 'JA3S',
  }),
  col('tls_error_message', {
    label: ['TLS error', 'TLS エラー'],
    kind: S,
    path: 'event.tls_error.error_message',
    dimension: true,
    text: true,
    description: 'TLS log: inspection error',
  }),
  col('revocation_status', {
    label: ['Revocation status', '失効確認ステータス'],
    kind: S,
    path: 'event.revocation_check.status',
    dimension: true,
    description: 'TLS log: revocation status',
  }),
  col('revocation_action', {
    label: ['Revocation action', '失効確認アクション'],
    kind: S,
    path: 'event.revocation_check.action',
    description: 'TLS log: revocation action',
  }),
  col('revocation_leaf_cert_fpr', {
    label: ['Leaf certificate fingerprint', 'リーフ証明書フィンガープリント'],
    kind: S,
    path: 'event.revocation_check.leaf_cert_fpr',
    description: 'TLS log: leaf certificate',
  }),
  ...ipNumberTwins('src_ip'),
  ...ipNumberTwins('dest_ip'),
];

/** Storage-only columns around the event columns. */
export const META_COLUMNS: readonly ColumnDef[] = [
  col('id', {
    label: ['Event ID', 'イベント ID'],
    kind: B,
    filterable: false,
    description: 'Store-assigned event id, increasing with arrival',
  }),
  col('origin', {
    label: ['Origin', '取り込み元'],
    kind: S,
    description: 'Where the record came from: file path, S3 key, log stream, request',
  }),
  col('origin_line', {
    label: ['Origin line', '取り込み元の行'],
    kind: B,
    filterable: false,
    description: '1-based line (or record) number in origin',
  }),
  col('residual', {
    label: ['Residual', '残余データ'],
    kind: S,
    filterable: false,
    description: 'JSON of what the columns do not reproduce (null when nothing)',
  }),
];

export type LogType = 'alert' | 'flow' | 'tls' | 'other';

/** JS value of a column in a normalised row. */
export type ColumnValue = string | number | bigint | boolean | readonly string[] | null;

/** A normalised event: every EVENT_COLUMNS name maps to a value (null when absent). */
export type EventRow = Record<string, ColumnValue> & {
  log_type: LogType;
  ts: number;
};

export const EVENT_COLUMN_NAMES: readonly string[] = EVENT_COLUMNS.map((c) => c.name);

const byName = new Map<string, ColumnDef>([...EVENT_COLUMNS, ...META_COLUMNS].map((c) => [c.name, c]));

export function columnByName(name: string): ColumnDef | undefined {
  return byName.get(name);
}

/** Names of the numeric IP columns: internal, left out of API rows and UI pickers. */
export const IP_NUMBER_COLUMN_NAMES: readonly string[] = EVENT_COLUMNS.filter(
  (c) => c.ipNumber !== undefined,
).map((c) => c.name);
