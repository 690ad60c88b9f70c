/**
 * The ClickHouse test server speaks ClickHouse's HTTP interface with the features the store relies on:
 * typed query parameters (IPv6, UInt64, DateTime64), and insert deduplication tokens on a plain
 * MergeTree (the base of "a replayed batch is stored once").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLICKHOUSE_SKIP_REASON, CLICKHOUSE_URL, testDatabase } from './fixture.testing.ts';

describe.skipIf(CLICKHOUSE_URL === '')(`ClickHouse test server ${CLICKHOUSE_SKIP_REASON}`, () => {
  let db: Awaited<ReturnType<typeof testDatabase>>;
  beforeAll(async () => {
    db = await testDatabase('server');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('is a modern ClickHouse', async () => {
    const rows = await (
      await db.client.query({ query: 'SELECT version() AS v', format: 'JSONEachRow' })
    ).json<{
      v: string;
    }>();
    expect(Number(rows[0]!.v.split('.')[0])).toBeGreaterThanOrEqual(24);
  });

  it('binds IPv6, UInt64 and DateTime64 parameters exactly', async () => {
    const rows = await (
      await db.client.query({
        query:
          'SELECT toString({ip:IPv6}) AS ip, {id:UInt64} AS id, toString({t:DateTime64(6)}) AS t, ' +
          "{ip:IPv6} BETWEEN toIPv6('::ffff:10.0.0.0') AND toIPv6('::ffff:10.255.255.255') AS in10",
        query_params: { ip: '::ffff:10.1.2.3', id: '18446744073709551615', t: '2024-01-02 03:04:05.123456' },
        format: 'JSONEachRow',
      })
    ).json<Record<string, unknown>>();
    expect(rows[0]).toEqual({
      ip: '::ffff:10.1.2.3',
      id: '18446744073709551615',
      t: '2024-01-02 03:04:05.123456',
      in10: 1,
    });
  });

  it('stores an insert replayed with the same deduplication token once', async () => {
    await db.client.command({
      query:
        'CREATE TABLE t (k UInt64, v String) ENGINE = MergeTree ORDER BY k ' +
        'SETTINGS non_replicated_deduplication_window = 1000',
    });
    const insert = (token: string, rows: { k: number; v: string }[]) =>
      db.client.insert({
        table: 't',
        values: rows,
        format: 'JSONEachRow',
        clickhouse_settings: { insert_deduplication_token: token, async_insert: 0 },
      });
    const batch = [
      { k: 1, v: 'a' },
      { k: 2, v: 'b' },
    ];
    await insert('file:/x:0-2', batch);
    await insert('file:/x:0-2', batch); // replayed after a crash
    await insert('file:/x:2-3', [{ k: 3, v: 'c' }]);
    const rows = await (
      await db.client.query({ query: 'SELECT count() AS n FROM t', format: 'JSONEachRow' })
    ).json<{
      n: string;
    }>();
    expect(rows[0]!.n).toBe('3');
  });
});
