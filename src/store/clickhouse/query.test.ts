/**
 * The query language executed on the real ClickHouse test server, over the same rows and with the
 * same expected matches as on DuckDB (`src/query/compile-duckdb.test.ts`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_IDS, QUERY_CASES, RE2_CASES, ROWS } from '../../query/events-fixture.testing.ts';
import { compileFilter, EVENT_FIELDS, ipToU128, isV4Mapped } from '../../query/index.ts';
import { EVENT_COLUMNS } from '../../schema/columns.ts';
import { clickhouseDialect } from './dialect.ts';
import { CLICKHOUSE_SKIP_REASON, CLICKHOUSE_URL, testDatabase } from './fixture.testing.ts';

describe.skipIf(CLICKHOUSE_URL === '')(`queries on ClickHouse ${CLICKHOUSE_SKIP_REASON}`, () => {
  let db: Awaited<ReturnType<typeof testDatabase>>;

  async function matchingIds(query: string): Promise<number[]> {
    const { sql, params } = compileFilter(query, EVENT_FIELDS, clickhouseDialect);
    const query_params = Object.fromEntries(params.map((v, i) => [`p${i + 1}`, v]));
    const rows = await (
      await db.client.query({
        query: `SELECT id FROM events WHERE ${sql} ORDER BY id`,
        query_params,
        format: 'JSONEachRow',
      })
    ).json<{ id: string | number }>();
    return rows.map((r) => Number(r.id));
  }

  beforeAll(async () => {
    db = await testDatabase('query');
    const cols = EVENT_COLUMNS.map((c) => `\`${c.name}\` ${c.clickhouse}`).join(', ');
    await db.client.command({
      query: `CREATE TABLE events (id Int64, origin String, origin_line Int64, residual Nullable(String), ${cols}) ENGINE = MergeTree ORDER BY id`,
    });
    const values = ROWS.map((row) => {
      const full: Record<string, unknown> = { ...row };
      for (const side of ['src_ip', 'dest_ip']) {
        const ip = row[side];
        const n = typeof ip === 'string' ? ipToU128(ip) : null;
        if (n !== null) full[`${side}_${isV4Mapped(n) ? 'v4' : 'v6'}`] = String(n);
      }
      if (typeof full.flow_id === 'number') full.flow_id = String(BigInt(full.flow_id));
      return full;
    });
    await db.client.insert({
      table: 'events',
      values,
      format: 'JSONEachRow',
      clickhouse_settings: { date_time_input_format: 'best_effort', async_insert: 0 },
    });
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('has the fixture rows', async () => {
    expect(await matchingIds('')).toEqual(ALL_IDS);
  });

  it.each(QUERY_CASES)('%s', async (query, expected) => {
    expect(await matchingIds(query)).toEqual([...expected].sort((a, b) => a - b));
  });

  it.each(RE2_CASES)('RE2 syntax %s is accepted by ClickHouse', async (query) => {
    expect(await matchingIds(query)).toEqual([1]);
  });
});
