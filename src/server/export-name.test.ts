/** Export file names: safe characters only, the query cut to its limit, the range as wall time in the zone. */
import { describe, expect, it } from 'vitest';
import { exportFileName, MAX_QUERY_PART, namePart } from './export-name.ts';

const us = (iso: string) => Date.parse(iso) * 1000;

describe('export file names', () => {
  it('names the table, query, range in the zone and the zone', () => {
    expect(
      exportFileName({
        table: 'records',
        query: 'dest_port:443',
        fromUs: us('2026-11-30T15:00:00Z'),
        toUs: us('2026-12-01T15:00:00Z'),
        tz: 'Asia/Tokyo',
        format: 'csv',
      }),
    ).toBe('nfwlens-records_dest_port-443_2026-12-01T00-00_2026-12-02T00-00_Asia-Tokyo.csv');
  });

  it('says begin and all for an open start and an empty query, and keeps UTC as it is', () => {
    expect(
      exportFileName({
        table: 'sessions',
        query: '  ',
        fromUs: null,
        toUs: us('2024-01-02T00:00:00Z'),
        tz: 'UTC',
        format: 'ndjson',
      }),
    ).toBe('nfwlens-sessions_all_begin_2024-01-02T00-00_UTC.ndjson');
  });

  it.each([
    ['alert_signature:"ET POLICY \\"x\\""', 'alert_signature-ET-POLICY-x'],
    ['src_ip:10.0.0.0/8 and not dest_port:53', 'src_ip-10.0.0.0-8-and-not-dest_port-53'],
    ['../../etc/passwd', 'etc-passwd'],
    ['宛先:東京\r\n"; filename=evil.exe', 'filename-evil.exe'],
    ['', ''],
  ])('%j becomes %j', (query, part) => {
    expect(namePart(query)).toBe(part);
  });

  it(`cuts a long query to ${MAX_QUERY_PART} characters, without a trailing dash`, () => {
    const part = namePart(`${'a'.repeat(59)} ${'b'.repeat(100)}`);
    expect(part).toBe('a'.repeat(59));
    expect(namePart('x'.repeat(500))).toHaveLength(MAX_QUERY_PART);
  });
});
