/**
 * The ClickHouse store on the real test server: the same records committed to DuckDB and ClickHouse
 * give the same status, checkpoints and rejections, and the originals rebuild exactly from the
 * ClickHouse columns; a commit cut off by a crash is undone on the next open.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { normalizeLine, reconstructRecord } from '../../normalize/index.ts';
import { EVENT_COLUMNS } from '../../schema/columns.ts';
import { DuckDbStore } from '../duckdb/duckdb-store.ts';
import type { BatchCommit, EventInput, RejectInput, Store } from '../store.ts';
import { ClickHouseStore, commitQueryId, parseClickHouseUrl } from './clickhouse-store.ts';
import { CLICKHOUSE_SKIP_REASON, CLICKHOUSE_URL, testDatabase } from './fixture.testing.ts';

const SAMPLES = [
  'test/fixtures/public-samples/aws-docs/nfw-doc-examples.ndjson',
  'test/fixtures/public-samples/other-public-docs/nfw-misc-doc-examples.ndjson',
  'test/fixtures/public-samples/other-public-docs/nfw-homeoffice-athena-doc-alerts.ndjson',
  'test/fixtures/public-samples/elastic-integrations/aws-firewall_logs/test-firewall.log',
];

/** One batch per sample file, with its checkpoint; a bad line is a rejection with its origin and line. */
function batches(): BatchCommit[] {
  return SAMPLES.map((file) => {
    const lines = readFileSync(file, 'utf8').split('\n');
    const events: EventInput[] = [];
    const rejects: RejectInput[] = [{ origin: file, line: 0, reason: 'bad_json', message: 'x', raw: '{' }];
    lines.forEach((text, i) => {
      if (text.trim() === '') return;
      const r = normalizeLine(text);
      if (r.ok) events.push({ row: r.row, residual: r.residual, origin: file, line: i + 1 });
      else
        rejects.push({
          origin: file,
          line: i + 1,
          reason: r.reason,
          message: r.message,
          raw: text,
          path: r.path,
        });
    });
    return {
      events,
      rejects,
      checkpoints: [
        {
          sourceKey: `file:${file}`,
          kind: 'file',
          origin: file,
          offset: 100,
          line: lines.length,
          records: events.length,
        },
      ],
    };
  });
}

function storeUrl(database: string): string {
  const u = new URL(CLICKHOUSE_URL);
  return `clickhouse://default@${u.hostname}:${u.port}/${database}`;
}

describe('parseClickHouseUrl', () => {
  it.each([
    [
      'clickhouse://u:p%40ss@db.example:9000/logs',
      { url: 'http://db.example:9000', username: 'u', password: 'p@ss', database: 'logs' },
    ],
    [
      'clickhouses://db.example/logs',
      { url: 'https://db.example:8443', username: 'default', password: '', database: 'logs' },
    ],
    [
      'clickhouse://[::1]:8123/',
      { url: 'http://[::1]:8123', username: 'default', password: '', database: 'nfwlens' },
    ],
  ])('%s', (text, expected) => {
    expect(parseClickHouseUrl(text)).toEqual(expected);
  });

  it.each([
    ['http://db:8123/x', /scheme must be clickhouse/],
    ['clickhouse://db/bad-name', /invalid database name "bad-name"/],
    ['not a url', /invalid store URL/],
  ])('refuses %s', (text, message) => {
    expect(() => parseClickHouseUrl(text)).toThrow(message);
  });
});

describe.skipIf(CLICKHOUSE_URL === '')(`ClickHouse store ${CLICKHOUSE_SKIP_REASON}`, () => {
  let db: Awaited<ReturnType<typeof testDatabase>>;
  let ch: ClickHouseStore;
  let duck: DuckDbStore;

  beforeAll(async () => {
    db = await testDatabase('store');
    ch = await ClickHouseStore.open({ url: storeUrl(db.database) });
    duck = await DuckDbStore.open({ path: ':memory:' });
    for (const s of [ch, duck] as Store[]) for (const b of batches()) await s.commitBatch(b);
  });
  afterAll(async () => {
    await ch?.close();
    await duck?.close();
    await db?.drop();
  });

  it('has the records', async () => {
    expect((await ch.status()).records).toBeGreaterThan(10);
  });

  it('gives the same status, checkpoints and rejections as DuckDB', async () => {
    expect(await ch.status()).toEqual(await duck.status());
    const strip = (cps: Awaited<ReturnType<Store['listCheckpoints']>>) =>
      cps.map(({ updatedAt: _u, ...c }) => c);
    expect(strip(await ch.listCheckpoints('file'))).toEqual(strip(await duck.listCheckpoints('file')));
    const rej = (rows: Awaited<ReturnType<Store['listRejected']>>) =>
      rows.map(({ rejected_at: _r, ...r }) => r);
    expect(rej(await ch.listRejected())).toEqual(rej(await duck.listRejected()));
  });

  it('stores every column as DuckDB does, and the originals rebuild exactly', async () => {
    const names = ['id', 'origin', 'origin_line', 'residual', ...EVENT_COLUMNS.map((c) => c.name)];
    const chRows = await ch.select(`SELECT ${names.map((n) => `"${n}"`).join(', ')} FROM events ORDER BY id`);
    const duckRows = await duck.query(
      `SELECT ${names.map((n) => `"${n}"`).join(', ')} FROM events ORDER BY id`,
    );
    expect(chRows).toEqual(duckRows);
    const micros = EVENT_COLUMNS.filter((c) => c.kind === 'timestamp').map((c) => c.name);
    for (const row of chRows) {
      const r: Record<string, unknown> = { ...row };
      for (const m of micros)
        if (typeof r[m] === 'string')
          r[m] = Date.parse(r[m] as string) * 1000 + Number((r[m] as string).slice(23, 26));
      const original = readFileSync(String(row.origin), 'utf8').split('\n')[Number(row.origin_line) - 1]!;
      expect(JSON.parse(reconstructRecord(r, (row.residual as string | null) ?? null))).toEqual(
        JSON.parse(original),
      );
    }
  });

  it('undoes a commit a crash cut off before its checkpoints, and keeps one that reached them', async () => {
    const before = await ch.status();
    const cp = await ch.getCheckpoint(`file:${SAMPLES[0]}`);
    // A crash after the intent and part of the rows: no checkpoint of that commit.
    await ch.command(
      `INSERT INTO commit_intents (commit_id, state, checkpoints, events, rejects, created_at, version)
       VALUES (999001, 'pending', {keys:String}, 1, 0, now64(6), 1)`,
      { keys: JSON.stringify([`file:${SAMPLES[0]}`]) },
    );
    await ch.command(
      `INSERT INTO events (id, commit_id, origin, origin_line, log_type, ts)
       VALUES (999001, 999001, 'crash', 1, 'alert', now64(6))`,
    );
    // A crash after the checkpoints of another commit, before its intent was marked done.
    await ch.command(
      `INSERT INTO commit_intents (commit_id, state, checkpoints, events, rejects, created_at, version)
       VALUES (999002, 'pending', {keys:String}, 1, 0, now64(6), 1)`,
      { keys: JSON.stringify(['file:/kept']) },
    );
    await ch.command(
      `INSERT INTO events (id, commit_id, origin, origin_line, log_type, ts, firewall_name)
       VALUES (999002, 999002, '/kept', 1, 'flow', now64(6), 'kept-fw')`,
    );
    await ch.command(
      `INSERT INTO checkpoints (source_key, kind, origin, offset, line, records, rejected, bytes, updated_at, version)
       VALUES ('file:/kept', 'file', '/kept', 10, 1, 1, 0, 10, now64(6), 999002)`,
    );
    await ch.close(); // the crashed writer is gone: one writer at a time
    const reopened = await ClickHouseStore.open({ url: storeUrl(db.database) });
    try {
      const after = await reopened.status();
      expect(after.records).toBe(before.records + 1);
      expect(after.records_by_log_type.flow).toBe(before.records_by_log_type.flow! + 1);
      expect(await reopened.getCheckpoint(`file:${SAMPLES[0]}`)).toEqual(cp);
      expect((await reopened.getCheckpoint('file:/kept'))?.offset).toBe(10);
      const open = await reopened.select(
        `SELECT commit_id, argMax(state, version) AS s FROM commit_intents GROUP BY commit_id HAVING s = 'pending'`,
      );
      expect(open).toEqual([]);
      // New ids continue after the kept commit's rows.
      const r = await reopened.commitBatch(batches()[0]!);
      expect(r.firstId).toBe(999003);
    } finally {
      await reopened.close();
    }
  });

  it('undoes a commit that failed after its rows, before the next commit runs', async () => {
    const fresh = await testDatabase('failed');
    const store = await ClickHouseStore.open({ url: storeUrl(fresh.database) });
    try {
      const [a, b] = batches();
      // The server refuses the checkpoints' INSERT: the rows went in before it.
      const client = (
        store as unknown as {
          client: {
            insert: (p: { table: string }) => Promise<unknown>;
            exec: (p: { query: string }) => Promise<unknown>;
          };
        }
      ).client;
      const insert = client.insert.bind(client);
      const exec = client.exec.bind(client);
      const tables: string[] = [];
      const spy = vi.spyOn(client, 'insert').mockImplementation((p) => {
        tables.push(p.table);
        return p.table === 'checkpoints' ? Promise.reject(new Error('connection reset')) : insert(p);
      });
      // The staged events go in as an INSERT ... SELECT FROM input() with the rows in the body.
      const execSpy = vi.spyOn(client, 'exec').mockImplementation((p) => {
        tables.push(/^INSERT INTO (\w+)/.exec(p.query)?.[1] ?? p.query);
        return exec(p);
      });
      await expect(store.commitBatch(a!)).rejects.toThrow('connection reset');
      spy.mockRestore();
      execSpy.mockRestore();
      expect(tables).toEqual(['commit_intents', 'events', 'rejected', 'checkpoints']);
      expect((await store.status()).records).toBe(a!.events.length);
      await store.commitBatch(b!);
      const status = await store.status();
      expect(status.records).toBe(b!.events.length);
      expect(status.rejected).toBe(b!.rejects.length);
      expect(await store.getCheckpoint(a!.checkpoints![0]!.sourceKey)).toBeNull();
      // The undone batch read again from its old checkpoint is stored, not taken for a duplicate of
      // the deleted rows.
      await store.commitBatch(a!);
      const replayed = await store.status();
      expect(replayed.records).toBe(a!.events.length + b!.events.length);
      expect(replayed.rejected).toBe(a!.rejects.length + b!.rejects.length);
      expect((await store.getCheckpoint(a!.checkpoints![0]!.sourceKey))?.offset).toBe(
        a!.checkpoints![0]!.offset,
      );
    } finally {
      await store.close();
      await fresh.drop();
    }
  });

  it("stops the crashed commit's INSERT that the server is still running before undoing the commit", async () => {
    const late = await testDatabase('late');
    let s = await ClickHouseStore.open({ url: storeUrl(late.database) });
    try {
      // A writer killed after sending its rows: the intent is pending and the server is still
      // writing the rows (slowly here: one second a row).
      await s.command(
        `INSERT INTO commit_intents (commit_id, state, checkpoints, events, rejects, created_at, version)
         VALUES (999100, 'pending', '["file:/late"]', 3, 0, now64(6), 1)`,
      );
      await s.close();
      const url = new URL(CLICKHOUSE_URL);
      url.searchParams.set('database', late.database);
      url.searchParams.set('query_id', commitQueryId(late.database, 999100, 'events'));
      const running = fetch(url, {
        method: 'POST',
        body: `INSERT INTO events (id, commit_id, origin, origin_line, log_type, ts)
               SELECT 999100 + number, 999100, '/late', number + 1, 'alert', now64(6)
               FROM numbers(3) WHERE sleepEachRow(1) = 0`,
      }).then((r) => r.text());
      const prefix = commitQueryId(late.database, 999100, '');
      for (let i = 0; i < 100; i++) {
        const rows = await late.client.query({
          query: 'SELECT count() AS n FROM system.processes WHERE startsWith(query_id, {p:String})',
          query_params: { p: prefix },
          format: 'JSONEachRow',
        });
        if (Number(((await rows.json()) as { n: string }[])[0]?.n) > 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      s = await ClickHouseStore.open({ url: storeUrl(late.database) });
      await running; // stopped, or (without the stop) finished after the deletion
      const rows = await s.select('SELECT count() AS n FROM events WHERE commit_id = 999100');
      expect(Number(rows[0]?.n)).toBe(0);
      const state = await s.select(
        `SELECT argMax(state, version) AS st FROM commit_intents WHERE commit_id = 999100`,
      );
      expect(state[0]?.st).toBe('undone');
    } finally {
      await s.close();
      await late.drop();
    }
  });

  it('commits, moves and recovers more checkpoint keys than one query parameter holds', async () => {
    // 1,500 keys of ~215 characters: ~320 KB of key text, past the server's 128 KiB per parameter.
    const big = await testDatabase('bigkeys');
    const key = (i: number) => `s3:bucket/${'k'.repeat(200)}/${i}`;
    const keys = Array.from({ length: 1500 }, (_, i) => key(i));
    const checkpoints = (offset: number) =>
      keys.map((k) => ({ sourceKey: k, kind: 's3', origin: k, offset, line: 1 }));
    let s = await ClickHouseStore.open({ url: storeUrl(big.database) });
    try {
      await s.commitBatch({ events: [], rejects: [], checkpoints: checkpoints(1) });
      // The next commit of the same sources reads their positions first (its deduplication token).
      await s.commitBatch({ events: [], rejects: [], checkpoints: checkpoints(2) });
      expect((await s.listCheckpoints('s3')).map((c) => c.offset)).toEqual(keys.map(() => 2));
      expect((await s.getCheckpoint(key(1499)))?.offset).toBe(2);
      // A crash after every checkpoint of a commit landed, before its intent was marked done.
      await s.command(
        `INSERT INTO commit_intents (commit_id, state, checkpoints, events, rejects, created_at, version)
         VALUES (999001, 'pending', '${JSON.stringify(keys)}', 0, 0, now64(6), 1)`,
      );
      await s.command(
        `INSERT INTO checkpoints (source_key, kind, origin, offset, line, records, rejected, bytes, updated_at, version)
         SELECT concat('s3:bucket/', repeat('k', 200), '/', toString(number)), 's3', 'x', 3, 1, 0, 0, 0, now64(6), 999001
         FROM numbers(1500)`,
      );
      await s.close();
      s = await ClickHouseStore.open({ url: storeUrl(big.database) });
      expect((await s.listCheckpoints('s3')).map((c) => c.offset)).toEqual(keys.map(() => 3));
      const open = await s.select(
        `SELECT commit_id, argMax(state, version) AS st FROM commit_intents GROUP BY commit_id HAVING st = 'pending'`,
      );
      expect(open).toEqual([]);
    } finally {
      await s.close();
      await big.drop();
    }
  });
});
