import { describe, expect, it } from 'vitest';
import { normalizeLine, reconstructRecord } from './index.ts';

const ALERT =
  '{"firewall_name":"test-firewall","availability_zone":"us-east-1b","event_timestamp":"1602627001","event":{"timestamp":"2020-10-13T22:10:01.006481+0000","flow_id":1582438383425873,"event_type":"alert","src_ip":"203.0.113.4","src_port":55555,"dest_ip":"192.0.2.16","dest_port":111,"proto":"TCP","tx_guessed":true,"alert":{"action":"allowed","signature_id":5,"rev":0,"signature":"test_tcp","category":"","severity":1}}}';

function rowOf(text: string): { row: Record<string, unknown>; residual: string | null } {
  const result = normalizeLine(text);
  if (!result.ok) throw new Error(result.message);
  return { row: { ...result.row }, residual: result.residual };
}

/** What a database hands back: integers as bigint, flow_id as bigint or decimal string. */
function asDatabaseRow(row: Record<string, unknown>, flowIdAs: 'bigint' | 'string'): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (k === 'flow_id' && v !== null) out[k] = flowIdAs === 'string' ? String(v) : v;
    else if (typeof v === 'number' && k !== 'ts' && !k.startsWith('netflow_') && !k.startsWith('flow_')) {
      out[k] = BigInt(v);
    } else out[k] = v;
  }
  return out;
}

describe('reconstructRecord', () => {
  it('rebuilds a record with no residual from the columns alone', () => {
    const { row, residual } = rowOf(ALERT);
    expect(residual).toBeNull();
    expect(JSON.parse(reconstructRecord(row, null))).toEqual(JSON.parse(ALERT));
  });

  it.each(['bigint', 'string'] as const)(
    'accepts database forms (flow_id as %s, integers as bigint)',
    (form) => {
      const { row, residual } = rowOf(ALERT);
      const dbRow = asDatabaseRow(row, form);
      expect(typeof dbRow['src_port']).toBe('bigint');
      expect(JSON.parse(reconstructRecord(dbRow, residual))).toEqual(JSON.parse(ALERT));
    },
  );

  it('ignores derived columns', () => {
    const { row, residual } = rowOf(ALERT);
    const tampered = {
      ...row,
      log_type: 'flow',
      tls_sni: 'x',
      http_hostname: 'y',
      aws_category: ['z'],
      src_ip_v4: 1n,
      dest_ip_v6: 1n,
    };
    expect(JSON.parse(reconstructRecord(tampered, residual))).toEqual(JSON.parse(ALERT));
  });

  it('lets residual values win over column values', () => {
    const { row } = rowOf(ALERT);
    const rebuilt = JSON.parse(
      reconstructRecord(row, '{"event":{"src_port":"55555","alert":{"extra":[1]}}}'),
    );
    expect(rebuilt.event.src_port).toBe('55555');
    expect(rebuilt.event.alert).toEqual({ ...JSON.parse(ALERT).event.alert, extra: [1] });
  });

  it('writes timestamps in the EVE form', () => {
    const { row } = rowOf(ALERT);
    const rebuilt = JSON.parse(reconstructRecord({ ...row, ts: 0 }, null));
    expect(rebuilt.event.timestamp).toBe('1970-01-01T00:00:00.000000+0000');
  });

  it('emits the digits of a flow_id above 2^53', () => {
    const { row } = rowOf(ALERT);
    const text = reconstructRecord({ ...row, flow_id: '18446744073709551615' }, null);
    expect(text).toContain('"flow_id":18446744073709551615');
    expect(reconstructRecord({ ...row, flow_id: 9007199254740993n }, null)).toContain(
      '"flow_id":9007199254740993',
    );
  });
});
