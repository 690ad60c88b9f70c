/**
 * A value's "filter in" term matches that value whole, on a keyword field (a quoted value) and on a
 * free-text field (where a quoted value would be a phrase inside it: an anchored regex instead).
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { compileFilter } from '../../src/query/compile.ts';
import { createEventsFixture } from '../../src/query/events-fixture.testing.ts';
import { EVENT_FIELDS } from '../../src/query/fields.ts';
import { SESSION_FIELDS } from '../../src/sessions/fields.ts';
import { duckdbDialect } from '../../src/store/duckdb/dialect.ts';
import { queryTerm, sessionsTerm } from '../src/search/query-term.ts';

describe('queryTerm', () => {
  it.each([
    ['alert_signature', 'ET POLICY SSH session in progress', [1]],
    ['alert_signature', 'say "hi" to C:\\temp', [7]],
    ['alert_signature', 'DoT', []], // only a word of "DoT to Quad9": not that value
    ['alert_signature', 'dot to quad9', []], // another spelling: not that value
    ['http_url', '/login/a?user=x', [7]],
    ['tls_sni', 'dns.quad9.net', [12]],
    ['src_ip', '10.1.2.3', [2]],
  ])('%s = %s', async (field, value, ids) => {
    const inst = await DuckDBInstance.create(':memory:');
    const con = await inst.connect();
    try {
      await createEventsFixture(con);
      const { sql, params } = compileFilter(queryTerm(field, value), EVENT_FIELDS, duckdbDialect);
      const rows = (
        await con.runAndReadAll(`SELECT id FROM events WHERE ${sql} ORDER BY id`, params as never)
      ).getRows();
      expect(rows.map((r) => Number(r[0]))).toEqual(ids);
    } finally {
      con.closeSync();
      inst.closeSync();
    }
  });
});

describe('sessionsTerm', () => {
  const samples: Record<string, string> = {
    src_ip: '10.0.0.1',
    dest_ip: '2001:db8::1',
    src_port: '40000',
    dest_port: '443',
    proto: 'TCP',
    app_proto: 'tls',
    alert_signature: 'ET SCAN Suspicious "inbound" to C:\\temp',
    alert_signature_id: '2001',
    alert_action: 'blocked',
    flow_id: '123456789012',
    firewall_name: 'fw-a',
  };
  it.each(Object.entries(samples))(
    'a %s value lists sessions with a filter the sessions take',
    (field, value) => {
      const term = sessionsTerm(field, value);
      expect(term).not.toBeNull();
      expect(() => compileFilter(term!, SESSION_FIELDS, duckdbDialect)).not.toThrow();
    },
  );
  it('offers no sessions for a value sessions do not hold', () => {
    expect(sessionsTerm('tls_sni', 'example.com')).toBeNull();
    expect(sessionsTerm('http_hostname', 'example.com')).toBeNull();
  });
});
