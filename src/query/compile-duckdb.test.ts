/** The language executed on a real in-memory DuckDB over a small events table built from the column table. */
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duckdbDialect } from '../store/duckdb/dialect.ts';
import { compileFilter } from './compile.ts';
import { ALL_IDS as ALL, createEventsFixture } from './events-fixture.testing.ts';
import { EVENT_FIELDS } from './fields.ts';

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

let inst: DuckDBInstance;
let con: DuckDBConnection;

async function matchingIds(query: string): Promise<number[]> {
  const { sql, params } = compileFilter(query, EVENT_FIELDS, duckdbDialect);
  const reader = await con.runAndReadAll(`SELECT id FROM events WHERE ${sql} ORDER BY id`, params as never);
  return reader.getRows().map((r) => Number(r[0]));
}

beforeAll(async () => {
  inst = await DuckDBInstance.create(':memory:');
  con = await inst.connect();
  await createEventsFixture(con);
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
