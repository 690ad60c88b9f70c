/**
 * A value's "filter in" term matches that value whole, on a keyword field (a quoted value) and on a
 * free-text field (where a quoted value would be a phrase inside it: an anchored regex instead).
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { compileFilter } from '../../src/query/compile.ts';
import { createEventsFixture } from '../../src/query/events-fixture.testing.ts';
import { EVENT_FIELDS } from '../../src/query/fields.ts';
import { duckdbDialect } from '../../src/store/duckdb/dialect.ts';
import { queryTerm } from '../src/search/query-term.ts';

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
