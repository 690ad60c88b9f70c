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
import { CLICKHOUSE_MIGRATIONS } from './migrations.ts';

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

  it("every stored column has a codec chosen for it, but the sort keys' small leading columns", async () => {
    const rows = await store.select(
      `SELECT table, name, compression_codec AS codec FROM system.columns
       WHERE database = {db:String} AND table IN ('events', 'sessions') ORDER BY table, name`,
      { db: db.database },
    );
    const bare = rows.filter((r) => r.codec === '').map((r) => `${r.table}.${r.name}`);
    // LowCardinality dictionaries of a few values each, and the sign of a session row (Int8).
    expect(bare).toEqual([
      'events.availability_zone',
      'events.firewall_name',
      'events.log_type',
      'sessions.availability_zone',
      'sessions.firewall_name',
      'sessions.kind',
      'sessions.sign',
    ]);
    const codec = (table: string, name: string) =>
      rows.find((r) => r.table === table && r.name === name)?.codec;
    expect(codec('events', 'dest_ip')).toBe('CODEC(LZ4HC(4))');
    expect(codec('events', 'tls_sni')).toBe('CODEC(ZSTD(1))');
    expect(codec('events', 'netflow_bytes')).toBe('CODEC(T64, LZ4)');
    expect(codec('sessions', 'start')).toBe('CODEC(T64, LZ4)');
    expect(codec('sessions', 'flow_id')).toBe('CODEC(Delta(8), ZSTD(1))');
  });

  it('a database of versions 1-2 with rows takes the codecs and the rollups (3, 4), and its rows stay', async () => {
    const old = await testDatabase('schema_v2');
    try {
      const expand = (sql: string) =>
        sql
          .replaceAll('{db}', old.database)
          .replaceAll('{cluster}', '')
          .replaceAll('{local}', '')
          .replace(/\{engine:([^}]*)\}/g, (_m, e: string) => e);
      await old.client.command({
        query: `CREATE TABLE schema_migrations (version UInt32, name String, applied_at DateTime64(6, 'UTC'))
                ENGINE = ReplacingMergeTree ORDER BY version`,
      });
      for (const m of CLICKHOUSE_MIGRATIONS.filter((x) => x.version <= 2)) {
        for (const sql of m.sql) await old.client.command({ query: expand(sql) });
        await old.client.command({
          query: `INSERT INTO schema_migrations VALUES (${m.version}, '${m.name}', now64(6))`,
        });
      }
      await old.client.command({
        query: `INSERT INTO events (id, commit_id, origin, origin_line, log_type, dest_ip, netflow_bytes)
                VALUES (1, 1, 'a.log', 1, 'flow', '10.0.0.1', 1234)`,
      });
      // A session and the cancel of an older version of it: the rollups count it once.
      for (const [sign, version, bytes] of [
        [1, 1, 100],
        [-1, 1, 100],
        [1, 2, 250],
      ]) {
        await old.client.command({
          query: `INSERT INTO sessions (kind, firewall_name, start, server_ip, server_port, proto, app_proto,
                    bytes_to_server, total_bytes, request_id, sign, version)
                  VALUES ('netflow', 'fw', '2024-05-01 10:20:00', '10.0.0.1', 443, 'TCP', 'tls',
                    ${bytes}, ${bytes}, 7, ${sign}, ${version})`,
        });
      }
      const u = new URL(CLICKHOUSE_URL);
      const upgraded = await ClickHouseStore.open({
        url: `clickhouse://default@${u.hostname}:${u.port}/${old.database}`,
      });
      try {
        const rows = await upgraded.select(
          `SELECT dest_ip, netflow_bytes,
             (SELECT compression_codec FROM system.columns
              WHERE database = {db:String} AND table = 'events' AND name = 'dest_ip') AS codec,
             (SELECT max(version) FROM schema_migrations) AS version
           FROM events`,
          { db: old.database },
        );
        expect(rows).toEqual([
          { dest_ip: '10.0.0.1', netflow_bytes: 1234, codec: 'CODEC(LZ4HC(4))', version: 4 },
        ]);
        const rolled = await upgraded.select(
          `SELECT server_ip, qh, sum(sessions) AS n, sum(total_bytes) AS bytes FROM sessions_by_server
           GROUP BY server_ip, qh`,
        );
        // 2024-05-01 10:20 UTC is 1714558800 s since the epoch: in quarter hour 1,905,065 (10:15).
        expect(rolled).toEqual([{ server_ip: '10.0.0.1', qh: 1905065, n: 1, bytes: 250 }]);
      } finally {
        await upgraded.close();
      }
    } finally {
      await old.drop();
    }
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
