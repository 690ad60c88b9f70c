/** The language executed on a real in-memory DuckDB over a small events table built from the column table. */
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_COLUMNS } from '../schema/columns.ts';
import { ipToU128 } from './cidr.ts';
import { compileFilter } from './compile.ts';
import { duckdbDialect } from './dialect.ts';
import { EVENT_FIELDS } from './fields.ts';

type Row = Record<string, string | number | boolean | string[] | null>;

const LONG_A = `${'a'.repeat(5000)}!`;
const ROWS: Row[] = [
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

const ALL = ROWS.map((r) => r.id as number);

const CASES: Array<[string, number[]]> = [
  ['', ALL],
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
  ['ts<=now', ALL],
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
  // regexes
  ['signature:/^ET\\s+POLICY/', [1]],
  ['signature:/^et/', []],
  ['signature:/^et/i', [1]],
  ['http_url:/^\\/login\\/a/', [7]],
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

let inst: DuckDBInstance;
let con: DuckDBConnection;

async function createFixture(c: DuckDBConnection): Promise<void> {
  const cols = EVENT_COLUMNS.map((col) => `${col.name} ${col.duckdb}`).join(', ');
  await c.run(
    `CREATE TABLE events (id BIGINT, origin VARCHAR, origin_line BIGINT, residual VARCHAR, ${cols})`,
  );
  const types = new Map(EVENT_COLUMNS.map((col) => [col.name, col.duckdb]));
  for (const row of ROWS) {
    const full: Row = { ...row };
    for (const side of ['src_ip', 'dest_ip']) {
      const ip = row[side];
      if (typeof ip === 'string') full[`${side}_n`] = String(ipToU128(ip));
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

async function matchingIds(query: string): Promise<number[]> {
  const { sql, params } = compileFilter(query, EVENT_FIELDS, duckdbDialect);
  const reader = await con.runAndReadAll(`SELECT id FROM events WHERE ${sql} ORDER BY id`, params as never);
  return reader.getRows().map((r) => Number(r[0]));
}

beforeAll(async () => {
  inst = await DuckDBInstance.create(':memory:');
  con = await inst.connect();
  await createFixture(con);
});

afterAll(() => {
  con?.closeSync();
  inst?.closeSync();
});

describe('queries on DuckDB', () => {
  it('has the fixture rows', async () => {
    expect(await matchingIds('')).toEqual(ALL);
  });

  it.each(CASES)('%s', async (query, expected) => {
    expect(await matchingIds(query)).toEqual([...expected].sort((a, b) => a - b));
  });

  it.each([
    '/(?P<w>ET) POLICY/',
    '/(?<w>ET) POLICY/',
    '/[[:upper:]]{2} POLICY/',
    '/\\pL+ POLICY/',
    '/(?i:et) policy/i',
    '/\\x{45}T POL/',
    'signature:/\\AET/',
  ])('RE2 syntax %s is accepted by DuckDB', async (query) => {
    expect(await matchingIds(query)).toEqual([1]);
  });

  it('a pathological regex returns promptly (RE2 is linear time)', async () => {
    const started = Date.now();
    expect(await matchingIds('/(a+)+$/')).toEqual([]);
    expect(await matchingIds('http_user_agent:/(a|aa)+$/')).toEqual([]);
    expect(await matchingIds('/(x+x+)+y/')).toEqual([]);
    expect(await matchingIds('/(a+)+!/')).toEqual([9]);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
