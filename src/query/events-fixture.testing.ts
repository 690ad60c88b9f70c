/** A small events table on DuckDB, built from the column table, for tests that run compiled queries. */
import type { DuckDBConnection } from '@duckdb/node-api';
import { EVENT_COLUMNS } from '../schema/columns.ts';
import { ipToU128, isV4Mapped } from './cidr.ts';

export type Row = Record<string, string | number | boolean | string[] | null>;

const LONG_A = `${'a'.repeat(5000)}!`;
export const ROWS: Row[] = [
  {
    id: 1,
    log_type: 'alert',
    ts: '2024-01-01T00:00:00Z',
    src_ip: '10.0.0.5',
    src_port: 51000,
    dest_ip: '93.184.216.34',
    dest_port: 443,
    proto: 'TCP',
    app_proto: 'tls',
    alert_action: 'blocked',
    alert_signature_id: 2000001,
    alert_signature: 'ET POLICY SSH session in progress',
    alert_severity: 1,
    tls_sni: 'www.example.com',
    aws_category: ['Social Networking'],
  },
  {
    id: 2,
    log_type: 'alert',
    ts: '2024-01-01T06:00:00Z',
    src_ip: '10.1.2.3',
    src_port: 53000,
    dest_ip: '8.8.8.8',
    dest_port: 53,
    proto: 'UDP',
    app_proto: 'dns',
    alert_action: 'allowed',
    alert_signature_id: 2000002,
    alert_signature: 'DNS query for example.org',
    alert_severity: 3,
  },
  {
    id: 3,
    log_type: 'flow',
    ts: '2024-01-02T00:00:00Z',
    src_ip: '192.168.1.10',
    src_port: 40000,
    dest_ip: '10.0.0.5',
    dest_port: 22,
    proto: 'TCP',
    app_proto: 'ssh',
    netflow_bytes: 1500,
    netflow_pkts: 10,
    tcp_syn: true,
  },
  {
    id: 4,
    log_type: 'flow',
    ts: '2024-01-03T00:00:00Z',
    src_ip: '2001:db8::1',
    src_port: 443,
    dest_ip: '2001:db8:0:1::5',
    dest_port: 50123,
    proto: 'TCP',
    app_proto: 'tls',
    netflow_bytes: 100000,
    netflow_pkts: 80,
    tcp_syn: false,
  },
  {
    id: 5,
    log_type: 'flow',
    ts: '2024-01-03T01:00:00Z',
    src_ip: 'fe80::1',
    src_port: 546,
    dest_ip: 'ff02::1:2',
    dest_port: 547,
    proto: 'UDP',
    app_proto: 'dhcp',
    netflow_bytes: 60,
    netflow_pkts: 1,
  },
  {
    id: 6,
    log_type: 'tls',
    ts: '2024-01-04T00:00:00Z',
    src_ip: '10.9.9.9',
    src_port: 60000,
    dest_ip: '2606:4700::1111',
    dest_port: 443,
    proto: 'TCP',
    tls_sni: 'api.internal.corp',
    tls_error_message: 'certificate expired',
  },
  {
    id: 7,
    log_type: 'alert',
    ts: '2024-01-05T00:00:00Z',
    src_ip: '172.16.0.1',
    src_port: 33000,
    dest_ip: '10.0.0.80',
    dest_port: 80,
    proto: 'TCP',
    app_proto: 'http',
    alert_action: 'blocked',
    alert_signature_id: 3000001,
    alert_signature: 'say "hi" to C:\\temp',
    http_hostname: 'Example.COM',
    http_url: '/login/a?user=x',
    http_method: 'POST',
    http_status: 403,
  },
  {
    id: 8,
    log_type: 'other',
    ts: '2024-01-06T00:00:00Z',
    event_type: 'newtype',
    residual: '{"event":{"new_field":"zebra-unique"}}',
  },
  {
    id: 9,
    log_type: 'alert',
    ts: '2024-01-07T00:00:00Z',
    src_ip: '10.200.0.1',
    src_port: 1234,
    dest_ip: '10.200.0.2',
    dest_port: 8080,
    proto: 'TCP',
    app_proto: 'http',
    http_user_agent: LONG_A,
    alert_action: 'allowed',
  },
  {
    id: 10,
    log_type: 'flow',
    ts: '2023-01-31T07:48:43.647164Z',
    flow_id: '1152921504606846976',
    src_ip: '10.255.255.255',
    src_port: 5000,
    dest_ip: '11.0.0.0',
    dest_port: 443,
    proto: 'TCP',
    netflow_bytes: 9000000000,
  },
  {
    id: 11,
    log_type: 'flow',
    ts: '2024-01-08T00:00:00Z',
    src_ip: '192.168.1.20',
    dest_ip: '192.168.1.1',
    proto: 'ICMP',
    icmp_type: 8,
    icmp_code: 0,
    netflow_bytes: 84,
    netflow_pkts: 1,
  },
  {
    id: 12,
    log_type: 'alert',
    ts: '2024-01-09T00:00:00Z',
    src_ip: '::ffff:10.3.3.3',
    src_port: 2222,
    dest_ip: '9.9.9.9',
    dest_port: 853,
    proto: 'TCP',
    app_proto: 'tls',
    alert_action: 'blocked',
    alert_signature: 'DoT to Quad9',
    tls_sni: 'dns.quad9.net',
    aws_category: ['Gambling', 'Streaming'],
  },
];

export const ALL_IDS = ROWS.map((r) => r.id as number);

/** Queries over ROWS and the ids each must match, on every engine. */
export const QUERY_CASES: Array<[string, number[]]> = [
  ['', ALL_IDS],
  // equality, case-insensitive on text
  ['proto:tcp', [1, 3, 4, 6, 7, 9, 10, 12]],
  ['app_proto:TLS', [1, 4, 12]],
  ['action:blocked', [1, 7, 12]],
  ['type:flow', [3, 4, 5, 10, 11]],
  ['hostname:example.com', [7]],
  ['signature:"ET POLICY SSH session in progress"', [1]],
  ['signature:"say \\"hi\\" to C:\\\\temp"', [7]],
  ['dest_port:443', [1, 6, 10]],
  ['dest_port:"443"', [1, 6, 10]],
  ['port:443', [1, 4, 6, 10]],
  ['sid:2000002', [2]],
  ['flow_id:1152921504606846976', [10]],
  ['tcp_syn:true', [3]],
  ['tcp_syn:false', [4]],
  ['aws_category:gambling', [12]],
  // wildcards
  ['sni:*.example.com', [1]],
  ['sni:*q?ad9*', [12]],
  ['signature:et*', [1]],
  ['dest_port:8*', [7, 9, 12]],
  ['src_ip:192.168.*', [3, 11]],
  ['aws_category:stream*', [12]],
  // presence
  ['sni:*', [1, 6, 12]],
  ['aws_category:*', [1, 12]],
  ['icmp_type:*', [11]],
  // ranges
  ['bytes>=1500', [3, 4, 10]],
  ['bytes<100', [5, 11]],
  ['bytes>1000 bytes<=100000', [3, 4]],
  ['severity<3', [1]],
  ['ts>=2024-01-05T00:00:00Z', [7, 8, 9, 11, 12]],
  ['ts<2024-01-01T06:00:00+00:00', [1, 10]],
  ['ts<2024-01-01T07:00:00+01:00', [1, 10]],
  ['ts:2024-01-03', [4, 5]],
  ['ts:2023-01-31T07:48:43.647164Z', [10]],
  ['ts>-1h', []],
  ['ts<=now', ALL_IDS],
  // IPs and CIDR
  ['src_ip:10.0.0.0/8', [1, 2, 6, 9, 10, 12]],
  ['dest_ip:10.0.0.0/8', [3, 7, 9]],
  ['src_ip:10.0.0.0/16', [1]],
  ['src_ip:10.1.2.3', [2]],
  ['dest_ip:11.0.0.0/8', [10]],
  ['src_ip:2001:db8::/32', [4]],
  ['dest_ip:2001:db8::/32', [4]],
  ['dest_ip:2001:0db8:0000:0001:0000:0000:0000:0005', [4]],
  ['src_ip:fe80:0000::1', [5]],
  ['src_ip:fe80::/10', [5]],
  ['ip:10.0.0.5', [1, 3]],
  ['src_ip:::ffff:10.3.3.3', [12]],
  ['ip:::ffff:9.9.9.9', [12]],
  ['dest_ip:2606:4700::1111', [6]],
  ['src_ip:::/0', [1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12]],
  ['src_ip:::/1', [1, 2, 3, 4, 6, 7, 9, 10, 11, 12]],
  ['dest_ip:::ffff:0:0/96', [1, 2, 3, 7, 9, 10, 11, 12]],
  ['dest_ip:::fffe:0:0/95', [1, 2, 3, 7, 9, 10, 11, 12]],
  ['not src_ip:10.0.0.0/8', [3, 4, 5, 7, 8, 11]],
  ['not dest_ip:::/0', [8]],
  ['not src_ip:fe80::/10', [1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12]],
  // regexes
  ['signature:/^ET\\s+POLICY/', [1]],
  ['signature:/^et/', []],
  ['signature:/^et/i', [1]],
  ['http_url:/^\\/login\\/a/', [7]],
  // a phrase inside a free-text field: whole words in order, any case, any separators between
  ['signature:"policy ssh"', [1]],
  ['signature:"POLICY  SSH Session"', [1]],
  ['signature:"olicy ss"', []],
  ['signature:"ssh policy"', []],
  ['signature:to', [7, 12]],
  ['signature:"to quad9"', [12]],
  ['signature:"hi to c temp"', [7]],
  ['signature:"DNS query for example.org"', [2]],
  ['url:"login a"', [7]],
  ['url:"user=x"', [7]],
  // keyword fields stay whole
  ['sni:"quad9.net"', []],
  ['sni:"DNS.QUAD9.NET"', [12]],
  ['dest_port:/^8/', [7, 9, 12]],
  ['/zebra-\\w+/', [8]],
  ['/^alert 10\\.1\\./', [2]],
  ['/93\\.184\\.216\\.\\d+/', [1]],
  // bare words and phrases (case-insensitive, whole record text including residual)
  ['ssh', [1, 3]],
  ['SSH', [1, 3]],
  ['zebra', [8]],
  ['"session in progress"', [1]],
  ['"say \\"hi\\""', [7]],
  ['2606:4700::1111', [6]],
  ['53000', [2]],
  ['10.1.2.3', [2]],
  ['"a?user=x"', [7]],
  ['"C:\\\\temp"', [7]],
  ['"C:temp"', []],
  ['"(hi)" or "[a-z]"', []],
  ['quad*net', [12]],
  // boolean logic
  ['ssh or zebra', [1, 3, 8]],
  // ORed words and phrases are one alternation: the same rows as each alone, wildcards and fields beside them
  ['SSH or "session in progress" or 10.1.2.3 or zebra', [1, 2, 3, 8]],
  ['"(hi)" or "a?user=x" or nothing-here', [7]],
  ['quad*net or zebra or proto:udp or ssh', [1, 2, 3, 5, 8, 12]],
  ['ssh or (zebra or 53000) and not proto:tcp', [1, 2, 3, 8]],
  ['proto:tcp and port:443', [1, 4, 6, 10]],
  ['proto:udp or proto:icmp and bytes<100', [2, 5, 11]],
  ['(proto:udp or proto:icmp) and bytes<100', [5, 11]],
  ['not proto:tcp', [2, 5, 8, 11]],
  ['-proto:tcp', [2, 5, 8, 11]],
  ['not sni:*', [2, 3, 4, 5, 7, 8, 9, 10, 11]],
  ['NOT (type:flow OR type:alert)', [6, 8]],
  ['not type:flow and src_ip:10.0.0.0/8', [1, 2, 6, 9, 12]],
  ['action:blocked -signature:/policy/i', [7, 12]],
  ['event.alert.signature:/quad9/i', [12]],
];

/** RE2 spellings every engine must accept; each matches row 1 only. */
export const RE2_CASES: readonly string[] = [
  '/(?P<w>ET) POLICY/',
  '/(?<w>ET) POLICY/',
  '/[[:upper:]]{2} POLICY/',
  '/\\pL+ POLICY/',
  '/(?i:et) policy/i',
  '/\\x{45}T POL/',
  'signature:/\\AET/',
];

/** Create `events` (meta columns + every event column) and insert ROWS, with `_v4`/`_v6` IP numbers computed. */
export async function createEventsFixture(c: DuckDBConnection): Promise<void> {
  const cols = EVENT_COLUMNS.map((col) => `${col.name} ${col.duckdb}`).join(', ');
  await c.run(
    `CREATE TABLE events (id BIGINT, origin VARCHAR, origin_line BIGINT, residual VARCHAR, ${cols})`,
  );
  const types = new Map(EVENT_COLUMNS.map((col) => [col.name, col.duckdb]));
  for (const row of ROWS) {
    const full: Row = { ...row };
    for (const side of ['src_ip', 'dest_ip']) {
      const ip = row[side];
      const n = typeof ip === 'string' ? ipToU128(ip) : null;
      if (n !== null) full[`${side}_${isV4Mapped(n) ? 'v4' : 'v6'}`] = String(n);
    }
    const names = Object.keys(full);
    const values = names.map((n) => {
      const v = full[n]!;
      return Array.isArray(v)
        ? `[${v.join(', ')}]`
        : typeof v === 'number' && !Number.isSafeInteger(v)
          ? String(v)
          : v;
    });
    const placeholders = names.map((n) => `?::${types.get(n) ?? (n === 'id' ? 'BIGINT' : 'VARCHAR')}`);
    await c.run(`INSERT INTO events (${names.join(', ')}) VALUES (${placeholders.join(', ')})`, values);
  }
}
