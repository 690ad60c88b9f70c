/**
 * The ClickHouse store on a 2-shard cluster of two real servers (no Keeper: one replica per shard):
 * the tables are local tables under Distributed tables on both hosts; records, sessions and alerts
 * are sharded by the pair key, so each flow lives on one shard and each shard pairs its own; every
 * read answers as DuckDB does on the same records, from either host; a commit cut off part-way is
 * undone on every shard; one writer for the whole cluster.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type ClickHouseClient, createClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRecords } from '../../generate/index.ts';
import { BIN, finished } from '../../ingest/cli-process.testing.ts';
import { normalizeLine } from '../../normalize/index.ts';
import { REPORTS, runReport } from '../../report/index.ts';
import { countEvents, searchEvents } from '../../search/index.ts';
import { computeSummary } from '../../server/summary.ts';
import { listSessions, refreshSessions, sessionStats } from '../../sessions/index.ts';
import { DuckDbStore } from '../duckdb/duckdb-store.ts';
import type { EventInput, Store } from '../store.ts';
import { ClickHouseStore, WriterLeaseError } from './clickhouse-store.ts';
import { clusterHosts, clusterStatements } from './cluster.ts';
import { CLICKHOUSE_SKIP_REASON, CLICKHOUSE_URL } from './fixture.testing.ts';
import { type ClickHouseCluster, startClickHouseCluster } from './test-server.testing.ts';

const START = new Date('2024-05-01T00:00:00Z');
const NOW = new Date('2024-05-03T00:00:00Z');
const DB = 'nfw_cluster';

function records(n: number, seed: number, lineFrom: number): EventInput[] {
  const out: EventInput[] = [];
  let line = lineFrom;
  for (const r of generateRecords({ records: n, seed, start: START, hours: 48 })) {
    const x = normalizeLine(r.line);
    if (!x.ok) throw new Error(x.message);
    out.push({ row: x.row, residual: x.residual, origin: `gen/${seed}/${r.firewall}`, line: ++line });
  }
  return out;
}

describe('cluster DDL and hosts (no server)', () => {
  it('a table becomes a local table and a Distributed table over it, sharded by its key', () => {
    const sql =
      'CREATE TABLE IF NOT EXISTS {db}.events{cluster} (id Int64) ENGINE = {engine:MergeTree} ORDER BY id';
    const [local, dist] = clusterStatements(sql, 'd', { name: 'c', replicated: false });
    expect(local).toBe('CREATE TABLE IF NOT EXISTS d.events_local (id Int64) ENGINE = MergeTree ORDER BY id');
    expect(dist).toContain('CREATE TABLE IF NOT EXISTS d.events AS d.events_local');
    expect(dist).toContain("Distributed('c', 'd', 'events_local', cityHash64(ifNull(firewall_name, ''),");
    const [, home] = clusterStatements(sql.replace('events', 'checkpoints'), 'd', {
      name: 'c',
      replicated: false,
    });
    expect(home).toMatch(/'checkpoints_local', 0\)$/);
  });

  it('with replicas, the local tables are replicated per shard', () => {
    const sql =
      'CREATE TABLE IF NOT EXISTS {db}.sessions{cluster} (x Int8) ENGINE = {engine:VersionedCollapsingMergeTree(sign, version)} ORDER BY x';
    const [local] = clusterStatements(sql, 'd', { name: 'c', replicated: true });
    expect(local).toBe(
      "CREATE TABLE IF NOT EXISTS d.sessions_local (x Int8) ENGINE = ReplicatedVersionedCollapsingMergeTree('/clickhouse/tables/{shard}/d/sessions_local', '{replica}', sign, version) ORDER BY x",
    );
    const [plain] = clusterStatements(sql.replace(/\{engine:[^}]*\}/, '{engine:MergeTree}'), 'd', {
      name: 'c',
      replicated: true,
    });
    expect(plain).toContain(
      "ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/d/sessions_local', '{replica}')",
    );
  });

  it("each host's HTTP port is the one its replica answers with; an unknown host is an error", () => {
    const rows = [
      { shard_num: 2, replica_num: 1, host_name: 'ch-b', port: 9000 },
      { shard_num: 1, replica_num: 1, host_name: 'ch-a', port: 9000 },
    ];
    const answers = [
      { shard: 1, tcp_port: 9000, http_port: 8123, host: 'ch-a.internal' },
      { shard: 2, tcp_port: 9000, http_port: 8124, host: 'ch-b' },
    ];
    expect(clusterHosts('c', rows, answers, 'https')).toEqual({
      name: 'c',
      replicated: false,
      hosts: [
        { shard: 1, replica: 1, url: 'https://ch-a:8123' },
        { shard: 2, replica: 1, url: 'https://ch-b:8124' },
      ],
    });
    expect(() => clusterHosts('c', rows, answers.slice(0, 1), 'http')).toThrow(
      'cannot find the HTTP port of ch-b:9000 (shard 2, replica 1) of cluster "c"',
    );
    expect(() => clusterHosts('c', [], [], 'http')).toThrow(
      `cluster "c" is not in the server's remote_servers`,
    );
  });
});

describe.skipIf(CLICKHOUSE_URL === '')(`a 2-shard ClickHouse cluster ${CLICKHOUSE_SKIP_REASON}`, () => {
  let cluster: ClickHouseCluster;
  let ch: ClickHouseStore;
  let duck: DuckDbStore;
  let shards: ClickHouseClient[];
  const urlOf = (i: number) => {
    const u = new URL(cluster.servers[i]?.url ?? '');
    return `clickhouse://default@${u.hostname}:${u.port}/${DB}`;
  };
  // Every other record of one set first; the rest later, with the other halves of earlier flows.
  const all = records(2000, 11, 0);
  const first = all.filter((_e, i) => i % 2 === 0);
  const second = all.filter((_e, i) => i % 2 === 1);

  async function load(stores: Store[], events: EventInput[]) {
    for (let i = 0; i < events.length; i += 700) {
      const batch = { events: events.slice(i, i + 700), rejects: [] };
      for (const s of stores) await s.commitBatch(batch);
    }
  }

  async function same<T>(read: (s: Store) => Promise<T>, stores: Store[] = [duck, ch]): Promise<T> {
    const [a, ...rest] = await Promise.all(stores.map((s) => read(s)));
    for (const b of rest) expect(b).toEqual(a);
    return a as T;
  }

  async function perShard(sql: string): Promise<number[]> {
    const out: number[] = [];
    for (const c of shards) {
      const rs = await c.query({ query: sql, format: 'JSON' });
      const j = (await rs.json()) as { data: { n: string | number }[] };
      out.push(Number(j.data[0]?.n ?? 0));
    }
    return out;
  }

  beforeAll(async () => {
    cluster = await startClickHouseCluster(2);
    shards = cluster.servers.map((s) =>
      createClient({
        url: s.url,
        database: DB,
        clickhouse_settings: { output_format_json_quote_64bit_integers: 1 },
      }),
    );
    ch = await ClickHouseStore.open({ url: urlOf(0), cluster: cluster.name });
    duck = await DuckDbStore.open({ path: ':memory:' });
    await load([duck, ch], first);
    await refreshSessions(duck);
    await refreshSessions(ch);
  }, 120_000);

  afterAll(async () => {
    await ch?.close();
    await duck?.close();
    for (const c of shards ?? []) await c.close();
    await cluster?.stop();
  });

  it('both hosts hold local tables under Distributed tables, and the records spread over both shards', async () => {
    const engines = await perShard(
      `SELECT count() AS n FROM system.tables WHERE database = '${DB}' AND engine = 'Distributed'`,
    );
    expect(engines[0]).toBeGreaterThanOrEqual(8);
    expect(engines[1]).toBe(engines[0]);
    const counts = await perShard('SELECT count() AS n FROM events_local');
    expect(counts.every((n) => n > 200)).toBe(true);
    // A migration's ALTER reaches the local tables, which store the rows (codecs: migration 3).
    const codecs = await perShard(
      `SELECT countIf(compression_codec != '') AS n FROM system.columns
       WHERE database = '${DB}' AND table = 'sessions_local' AND name IN ('start', 'server_ip', 'flow_id')`,
    );
    expect(codecs).toEqual([3, 3]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(first.length);
  });

  it('every record of a flow, and its alerts, are on one shard; each shard pairs its own', async () => {
    const keys: Set<string>[] = [];
    for (const c of shards) {
      const rs = await c.query({
        query: `SELECT DISTINCT concat(ifNull(firewall_name, ''), '|', ifNull(availability_zone, ''), '|', toString(flow_id)) AS k
                FROM events_local WHERE flow_id IS NOT NULL`,
        format: 'JSONEachRow',
      });
      keys.push(new Set(((await rs.json()) as { k: string }[]).map((r) => r.k)));
    }
    const [a, b] = keys as [Set<string>, Set<string>];
    expect(a.size).toBeGreaterThan(0);
    expect(b.size).toBeGreaterThan(0);
    expect([...a].filter((k) => b.has(k))).toEqual([]);
    const local = await perShard(
      'SELECT count() AS n FROM (SELECT request_id FROM sessions_local GROUP BY ALL HAVING sum(sign) > 0)',
    );
    expect(local.every((n) => n > 0)).toBe(true);
    expect(local.reduce((x, y) => x + y, 0)).toBe((await sessionStats(duck)).sessions);
  });

  it('search, counts, sessions, summary and reports answer as DuckDB, from either host', async () => {
    const reader = await ClickHouseStore.open({ url: urlOf(1), cluster: cluster.name, mode: 'read' });
    try {
      const all = [duck, ch, reader];
      for (const query of ['', 'type:alert', 'action:blocked', 'src_ip:10.0.0.0/8 and dest_port:443']) {
        await same(
          (s) => searchEvents(s, { query, limit: 50, now: NOW }).then(({ took_ms: _t, ...p }) => p),
          all,
        );
        await same((s) => countEvents(s, { query, now: NOW }), all);
      }
      for (const filter of [
        '',
        'paired:true',
        'alert_action:blocked',
        'signature:/scan/i',
        'not signature:*',
      ])
        await same((s) => listSessions(s, { filter, sort: 'total_bytes', limit: 300, now: NOW }), all);
      await same((s) => sessionStats(s), all);
      await same((s) => computeSummary(s, { now: NOW }), all);
      await same(
        (s) =>
          s.status().then(({ firewalls, records, records_by_log_type }) => ({
            firewalls,
            records,
            records_by_log_type,
          })),
        all,
      );
      for (const r of REPORTS)
        await same((s) => runReport(s, { name: r.name, tz: 'Asia/Kolkata', now: NOW } as never), all);
    } finally {
      await reader.close();
    }
  });

  it('more records later: the incremental refresh on each shard still equals DuckDB', async () => {
    await load([duck, ch], second);
    const r = await refreshSessions(ch);
    expect(r.mode).toBe('incremental');
    await refreshSessions(duck);
    await same((s) => listSessions(s, { sort: 'start', limit: 5000, now: NOW }));
    await same((s) => sessionStats(s));
    for (const r of REPORTS) await same((s) => runReport(s, { name: r.name, now: NOW } as never));
    expect(await perShard('SELECT count() AS n FROM sessions_local WHERE sign < 0')).not.toEqual([0, 0]);
    // Each shard's rollups follow its own sessions, cancel rows included.
    const live = await perShard(
      'SELECT count() AS n FROM (SELECT request_id FROM sessions_local GROUP BY request_id, version HAVING sum(sign) > 0)',
    );
    for (const table of ['sessions_by_server', 'sessions_by_client', 'sessions_by_port', 'sessions_by_app'])
      expect(await perShard(`SELECT sum(sessions) AS n FROM ${table}_local`)).toEqual(live);
    await same((s) =>
      runReport(s, { name: 'top-ports', from: '2024-05-01T02:03:04Z', now: NOW, top: 50 } as never),
    );
  });

  it('a second writer is refused, whichever host it opens', async () => {
    await expect(ClickHouseStore.open({ url: urlOf(1), cluster: cluster.name })).rejects.toThrow(
      WriterLeaseError,
    );
  });

  it('a commit cut off before its checkpoints is undone on every shard at the next open', async () => {
    await ch.close();
    const before = await perShard('SELECT count() AS n FROM events_local');
    // What a crash leaves: a pending intent and part of its rows, on both shards.
    const entry = createClient({
      url: cluster.servers[0]?.url ?? '',
      database: DB,
      clickhouse_settings: { distributed_foreground_insert: 1, async_insert: 0 },
    });
    try {
      await entry.insert({
        table: 'commit_intents',
        values: [
          {
            commit_id: 999_999,
            state: 'pending',
            checkpoints: JSON.stringify(['file:x']),
            events: 3,
            rejects: 0,
            created_at: '2024-05-01 00:00:00',
            version: 1,
          },
        ],
        format: 'JSONEachRow',
      });
      await entry.command({
        query: `INSERT INTO events SELECT * REPLACE (10000000 + id AS id, toUInt64(999999) AS commit_id)
                FROM events ORDER BY id LIMIT 40`,
      });
    } finally {
      await entry.close();
    }
    const crashed = await perShard('SELECT count() AS n FROM events_local WHERE commit_id = 999999');
    expect(crashed.every((n) => n > 0)).toBe(true);
    ch = await ClickHouseStore.open({ url: urlOf(0), cluster: cluster.name });
    expect(await perShard('SELECT count() AS n FROM events_local WHERE commit_id = 999999')).toEqual([0, 0]);
    expect(await perShard('SELECT count() AS n FROM events_local')).toEqual(before);
  });

  it('the command line with --cluster ingests the public samples and answers as on DuckDB', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nfwlens-cluster-cli-'));
    const samples = resolve(import.meta.dirname, '../../../test/fixtures/public-samples');
    const u = new URL(cluster.servers[1]?.url ?? '');
    const store = [
      '--store',
      `clickhouse://default@${u.hostname}:${u.port}/nfw_cluster_cli`,
      '--cluster',
      cluster.name,
    ];
    const db = ['--db', join(dir, 'samples.duckdb')];
    const run = async (args: string[]) => {
      const env = { ...process.env };
      for (const k of Object.keys(env)) if (k.startsWith('NFWLENS_')) delete env[k];
      const child = spawn(process.execPath, [BIN, ...args, '--format', 'json'], { cwd: dir, env });
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
      });
      const { code, stderr } = await finished(child);
      expect(code, `${args.join(' ')}: ${stderr}`).toBe(0);
      return JSON.parse(out) as Record<string, unknown>;
    };
    try {
      const [a, b] = await Promise.all([run(['ingest', ...store, samples]), run(['ingest', ...db, samples])]);
      expect(a.records).toBe(b.records);
      expect(a.rejected).toBe(b.rejected);
      for (const args of [
        ['status'],
        ['sessions'],
        ['search', 'type:alert'],
        ['report', 'top-destinations'],
      ]) {
        expect(await run([...args, ...store])).toEqual(await run([...args, ...db]));
      }
      expect((await run(['ingest', ...store, samples])).records).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('a cluster the servers do not know is refused, naming it', async () => {
    await expect(ClickHouseStore.open({ url: urlOf(0), cluster: 'nope', mode: 'read' })).rejects.toThrow(
      `cluster "nope" is not in the server's remote_servers`,
    );
  });
});
