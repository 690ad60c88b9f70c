/** The language executed on a real in-memory DuckDB over a small events table built from the column table. */
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duckdbDialect } from '../store/duckdb/dialect.ts';
import { compileFilter } from './compile.ts';
import {
  ALL_IDS as ALL,
  QUERY_CASES as CASES,
  createEventsFixture,
  RE2_CASES,
} from './events-fixture.testing.ts';
import { EVENT_FIELDS } from './fields.ts';

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

  it.each(RE2_CASES)('RE2 syntax %s is accepted by DuckDB', async (query) => {
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
