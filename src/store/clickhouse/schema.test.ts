/**
 * The ClickHouse tables the migrations create are the ones the column tables describe: the same
 * columns, of the same types once the storage wrappers (`Nullable`, `LowCardinality`) are set aside;
 * only the engine's bookkeeping columns (`commit_id`; a session row's `sign` and `version`) are extra.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_COLUMNS, META_COLUMNS } from '../../schema/columns.ts';
import { SESSION_COLUMN_TABLE } from '../../schema/session-columns.ts';
import { ClickHouseStore } from './clickhouse-store.ts';
import { CLICKHOUSE_SKIP_REASON, CLICKHOUSE_URL, testDatabase } from './fixture.testing.ts';

/** `LowCardinality(Nullable(String))` -> `String`. */
function base(type: string): string {
  let t = type;
  for (;;) {
    const m = /^(?:Nullable|LowCardinality)\((.*)\)$/.exec(t);
    if (!m) return t;
    t = m[1]!;
  }
}

describe.skipIf(CLICKHOUSE_URL === '')(`ClickHouse schema ${CLICKHOUSE_SKIP_REASON}`, () => {
  let db: Awaited<ReturnType<typeof testDatabase>>;
  let store: ClickHouseStore;
  beforeAll(async () => {
    db = await testDatabase('schema');
    const u = new URL(CLICKHOUSE_URL);
    store = await ClickHouseStore.open({
      url: `clickhouse://default@${u.hostname}:${u.port}/${db.database}`,
    });
  });
  afterAll(async () => {
    await store?.close();
    await db?.drop();
  });

  async function columns(table: string): Promise<string[]> {
    const rows = await store.select(
      'SELECT name, type FROM system.columns WHERE database = {db:String} AND table = {t:String}',
      { db: db.database, t: table },
    );
    return rows.map((r) => `${r.name} ${base(String(r.type))}`).sort();
  }

  it('events: every column of the column table, and the commit id', async () => {
    const expected = [...META_COLUMNS, ...EVENT_COLUMNS].map((c) => `${c.name} ${base(c.clickhouse)}`);
    expect(await columns('events')).toEqual([...expected, 'commit_id UInt64'].sort());
  });

  it('sessions: every column of the session column table, and the sign and version', async () => {
    const expected = SESSION_COLUMN_TABLE.map((c) => `${c.name} ${base(c.clickhouse)}`);
    expect(await columns('sessions')).toEqual([...expected, 'sign Int8', 'version UInt64'].sort());
  });

  it('a second open of the same database runs no migration again', async () => {
    const before = await store.select('SELECT count() AS n FROM schema_migrations');
    await store.close(); // one writer at a time
    const u = new URL(CLICKHOUSE_URL);
    store = await ClickHouseStore.open({
      url: `clickhouse://default@${u.hostname}:${u.port}/${db.database}`,
    });
    expect(await store.select('SELECT count() AS n FROM schema_migrations')).toEqual(before);
  });
});
