import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_FIELDS } from '../query/index.ts';
import { SESSION_FIELDS } from '../sessions/index.ts';
import { describeEachEngine } from '../store/engines.testing.ts';
import { alertLine, type ReportTestStore, storeWith } from './fixtures.testing.ts';
import { runTraffic } from './index.ts';
import { EVENTS_SOURCE, SESSIONS_SOURCE } from './sources.ts';
import { MAX_OTHER_TERMS, otherFilter, valueFilter } from './traffic-terms.ts';

const key = (name: string, expr: string, kind: 'string' | 'ip' | 'int' = 'string') => ({ name, expr, kind });
const SERVER_NAME = EVENTS_SOURCE.dims.server_name!;

describe('series filters', () => {
  it.each([
    ['an address', SESSION_FIELDS, SESSIONS_SOURCE.dims.dest_ip!, '203.0.113.1', 'server_ip:"203.0.113.1"'],
    ['a port', SESSION_FIELDS, key('server_port', 'server_port', 'int'), 443, 'server_port:"443"'],
    ['quotes and backslashes', EVENT_FIELDS, key('tls_sni', 'tls_sni'), 'a"b\\c', 'tls_sni:"a\\"b\\\\c"'],
    [
      'a free-text field: anchored',
      EVENT_FIELDS,
      key('signature', 'alert_signature'),
      'ET a/b.c',
      'alert_signature:/^ET a\\/b\\.c$/',
    ],
    ['the absent value', EVENT_FIELDS, key('app_proto', 'app_proto'), null, 'not app_proto:*'],
    [
      'TLS SNI, else the HTTP host',
      EVENT_FIELDS,
      SERVER_NAME,
      'x.example',
      '(tls_sni:"x.example") or (not tls_sni:* and http_hostname:"x.example")',
    ],
    ['no server name at all', EVENT_FIELDS, SERVER_NAME, null, 'not tls_sni:* and not http_hostname:*'],
  ])('%s', (_what, fields, k, value, expected) => {
    expect(valueFilter(fields, k, value)).toBe(expected);
  });

  it('a key that is no field has no filter', () => {
    expect(valueFilter(EVENT_FIELDS, key('odd', 'lower(tls_sni)'), 'x')).toBeNull();
    expect(otherFilter(EVENT_FIELDS, key('odd', 'lower(tls_sni)'), ['x'])).toBeNull();
  });

  it('Other: none of the top values; none past the term limit', () => {
    expect(otherFilter(SESSION_FIELDS, SESSIONS_SOURCE.dims.dest_ip!, ['192.0.2.1', null])).toBe(
      'not ((server_ip:"192.0.2.1") or (not server_ip:*))',
    );
    const many = Array.from({ length: MAX_OTHER_TERMS + 1 }, (_x, i) => `10.0.${i >> 8}.${i & 255}`);
    expect(otherFilter(SESSION_FIELDS, SESSIONS_SOURCE.dims.dest_ip!, many)).toBeNull();
    expect(otherFilter(SESSION_FIELDS, SESSIONS_SOURCE.dims.dest_ip!, many.slice(1))).not.toBeNull();
  });
});

describeEachEngine('server names over time', (engine) => {
  // Records naming a server: by SNI, by HTTP host, by both (the SNI wins), and by neither.
  const ALERTS = [
    { ts: '2024-06-01T10:05:00Z', sni: 'a.example' },
    { ts: '2024-06-01T10:10:00Z', sni: 'a.example' },
    { ts: '2024-06-01T10:15:00Z', hostname: 'a.example' },
    { ts: '2024-06-01T10:20:00Z', hostname: 'b.example' },
    { ts: '2024-06-01T10:25:00Z' },
    { ts: '2024-06-01T11:30:00Z', sni: 'c.example' },
  ];
  let t: ReportTestStore;
  beforeAll(async () => {
    t = await storeWith(
      ALERTS.map((a, i) => alertLine({ action: 'allowed', flowId: 900 + i, ...a })),
      engine,
    );
  });
  afterAll(() => t.close());

  it('each series and Other hold the records their filters select', async () => {
    const opts = {
      dim: 'server_name',
      metric: 'records',
      top: 2,
      tz: 'UTC',
      from: '2024-06-01T10:00:00Z',
      to: '2024-06-01T12:00:00Z',
    };
    const r = await runTraffic(t.store, opts);
    expect(r.field).toBeNull();
    expect(r.series.map((s) => [s.other ? 'other' : s.value, s.values])).toEqual([
      ['a.example', [3, 0]],
      ['b.example', [1, 0]],
      ['other', [1, 1]],
    ]);
    for (const s of r.series) {
      const again = await runTraffic(t.store, { ...opts, dim: 'dest_ip', filter: s.filter! });
      expect(again.total, s.filter!).toBe(s.total);
    }
  });
});
