/** A database of its own on the run's ClickHouse test server, for one test file. */
import { randomBytes } from 'node:crypto';
import { type ClickHouseClient, createClient } from '@clickhouse/client';
import { inject } from 'vitest';

/** The test server's URL, or '' when it could not start (tests then skip, outside CI). */
export const CLICKHOUSE_URL = inject('clickhouseUrl');
export const CLICKHOUSE_SKIP_REASON = inject('clickhouseError');

/** A fresh Atomic database (clickhouse-local's `default` is an Overlay database) and a client on it. */
export async function testDatabase(prefix = 'test'): Promise<{
  database: string;
  client: ClickHouseClient;
  drop(): Promise<void>;
}> {
  const database = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = createClient({ url: CLICKHOUSE_URL });
  await admin.command({ query: `CREATE DATABASE ${database} ENGINE = Atomic` });
  await admin.close();
  const client = createClient({
    url: CLICKHOUSE_URL,
    database,
    clickhouse_settings: { output_format_json_quote_64bit_integers: 1 },
  });
  return {
    database,
    client,
    async drop() {
      await client.command({ query: `DROP DATABASE IF EXISTS ${database} SYNC` });
      await client.close();
    },
  };
}
