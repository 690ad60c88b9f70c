/**
 * The command line on a ClickHouse store (`--store`), as a user runs it: `bin/nfwlens.js` in a child
 * process against the run's real ClickHouse test server. The public samples ingested with `--store`
 * answer `status`, `search`, `sessions`, `report` and `rejected` exactly as the same commands on a
 * DuckDB `--db`; a re-ingest adds nothing; `serve --store` answers the API; a second writer is
 * refused; an ingest killed mid-way and run again stores every record once.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, type CliRun, finished } from '../ingest/cli-process.testing.ts';
import { ClickHouseStore } from '../store/clickhouse/clickhouse-store.ts';
import { CLICKHOUSE_SKIP_REASON, CLICKHOUSE_URL, testDatabase } from '../store/clickhouse/fixture.testing.ts';
import { DuckDbStore } from '../store/duckdb/index.ts';

const SAMPLES = resolve(import.meta.dirname, '../../test/fixtures/public-samples');

/** The environment of a user who set none of nfwlens's variables. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('NFWLENS_')) delete env[k];
  return env;
}

function start(args: readonly string[], cwd: string): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { cwd, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
}

function nfwlens(args: readonly string[], cwd: string): Promise<CliRun> {
  const child = start(args, cwd);
  let stdout = '';
  child.stdout?.on('data', (d) => {
    stdout += d;
  });
  return finished(child).then(({ code, stderr }) => ({ code, stdout, stderr }));
}

/** Standard output of a command that must succeed, parsed as JSON. */
async function json(args: readonly string[], cwd: string): Promise<unknown> {
  const r = await nfwlens([...args, '--format', 'json'], cwd);
  expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  return JSON.parse(r.stdout);
}

const READS: readonly (readonly string[])[] = [
  ['status'],
  ['rejected'],
  ['search'],
  ['search', 'type:alert', '--limit', '5'],
  ['search', '--count', 'event_type:netflow or event_type:tls'],
  ['sessions'],
  ['sessions', '--sort', 'total_bytes'],
  ['report', 'hourly-actions', '--tz', 'Asia/Kolkata'],
  ['report', 'top-destinations'],
  ['report', 'protocols'],
  ['report', 'top-signatures'],
  ['report', 'firewalls'],
];

describe.skipIf(CLICKHOUSE_URL === '')(`nfwlens --store on ClickHouse ${CLICKHOUSE_SKIP_REASON}`, () => {
  let dir: string;
  let db: Awaited<ReturnType<typeof testDatabase>>;
  let store: string;
  let duck: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nfwlens-ch-cli-'));
    db = await testDatabase('cli');
    const u = new URL(CLICKHOUSE_URL);
    store = `clickhouse://default@${u.hostname}:${u.port}/${db.database}`;
    duck = join(dir, 'samples.duckdb');
    const [ch, dk] = await Promise.all([
      json(['ingest', '--store', store, SAMPLES], dir),
      json(['ingest', '--db', duck, SAMPLES], dir),
    ]);
    const counts = ({
      seconds: _s,
      records_per_second: _r,
      sessions_seconds: _x,
      ...c
    }: Record<string, unknown>) => c;
    expect(counts(ch as Record<string, unknown>)).toEqual(counts(dk as Record<string, unknown>));
    expect((ch as { records: number }).records).toBeGreaterThan(10);
  }, 120_000);
  afterAll(async () => {
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each(READS)('%s … answers as on DuckDB', async (...args) => {
    const [ch, dk] = await Promise.all([
      json([...args, '--store', store], dir),
      json([...args, '--db', duck], dir),
    ]);
    expect(ch).toEqual(dk);
  });

  it('a re-ingest adds nothing', async () => {
    const before = await json(['status', '--store', store], dir);
    const again = (await json(['ingest', '--store', store, SAMPLES], dir)) as Record<string, number>;
    expect(again.records).toBe(0);
    expect(again.rejected).toBe(0);
    expect(await json(['status', '--store', store], dir)).toEqual(before);
  });

  it('serve --store answers /api/health and /api/search', async () => {
    const child = start(['serve', '--store', store, '--port', '0'], dir);
    const done = finished(child);
    const url = await new Promise<string>((ok, fail) => {
      let out = '';
      child.stdout?.on('data', (d) => {
        out += d;
        const m = /serving .* at (http:\/\/\S+)/.exec(out);
        if (m) ok(m[1]!);
      });
      child.once('exit', () => fail(new Error(`serve exited: ${out}`)));
    });
    try {
      expect(url).not.toContain(':***@'); // no password in this URL, and none printed
      const health = await fetch(`${url}/api/health`);
      expect(health.status).toBe(200);
      const res = await fetch(`${url}/api/search?q=${encodeURIComponent('type:alert')}&limit=100`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { rows: { id: number }[] };
      const cli = (await json(['search', 'type:alert', '--limit', '100', '--db', duck], dir)) as {
        id: number;
      }[];
      expect(body.rows.map((r) => r.id)).toEqual(cli.map((r) => r.id));
      expect(body.rows.length).toBeGreaterThan(0);
    } finally {
      child.kill('SIGTERM');
      expect((await done).code).toBe(0);
    }
  }, 60_000);

  it('refuses a second writer: ingest exits 2 naming the one that writes', async () => {
    const writer = await ClickHouseStore.open({ url: store });
    try {
      const r = await nfwlens(['ingest', '--store', store, SAMPLES], dir);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`already has a writer: process ${process.pid}`);
      expect(r.stderr).not.toContain('ingest stopped'); // nothing began
      // Readers need no lease.
      expect(
        ((await json(['status', '--store', store], dir)) as { records: number }).records,
      ).toBeGreaterThan(0);
    } finally {
      await writer.close();
    }
  });

  it.each([
    [['status', '--db', 'x.duckdb', '--store', 'clickhouse://h/db'], '--db (a DuckDB file) and --store'],
    [['status', '--store', 'http://h:8123/db'], '--store: invalid store URL'],
    [['search', '--store', 'clickhouse://h/bad-name'], '--store: invalid database name "bad-name"'],
    [['status', '--cluster', 'c1'], '--cluster applies to a ClickHouse store'],
    [['ingest', '--store', 'clickhouse://127.0.0.1:1/db', SAMPLES], 'cannot reach the ClickHouse server'],
  ])('%s fails fast: exit 2, %s', async (args, message) => {
    const r = await nfwlens(args, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('a server that refuses the user exits 2, saying so (not that it cannot be reached)', async () => {
    const u = new URL(CLICKHOUSE_URL);
    const r = await nfwlens(['status', '--store', `clickhouse://nobody:wrong@${u.host}/${db.database}`], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`(user nobody) refused to open the database ${db.database}`);
    expect(r.stderr).not.toContain('wrong');
  });

  it('--cluster naming a cluster the server does not know exits 2, saying so', async () => {
    const r = await nfwlens(['status', '--store', store, '--cluster', 'c1'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`cluster "c1" is not in the server's remote_servers`);
  });

  it('NFWLENS_STORE chooses the store; a --db flag wins over it', async () => {
    const env = { ...cleanEnv(), NFWLENS_STORE: store };
    const run = (args: string[]) =>
      new Promise<CliRun>((ok) => {
        const child = spawn(process.execPath, [BIN, ...args, '--format', 'json'], { cwd: dir, env });
        let stdout = '';
        child.stdout.on('data', (d) => {
          stdout += d;
        });
        void finished(child).then(({ code, stderr }) => ok({ code, stdout, stderr }));
      });
    const viaEnv = await run(['status']);
    expect(viaEnv.code, viaEnv.stderr).toBe(0);
    expect(JSON.parse(viaEnv.stdout)).toEqual(await json(['status', '--store', store], dir));
    const flag = await run(['status', '--db', join(dir, 'none.duckdb')]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('no database at');
  });
});

describe.skipIf(CLICKHOUSE_URL === '')(`ingest --store killed mid-way ${CLICKHOUSE_SKIP_REASON}`, () => {
  let dir: string;
  let db: Awaited<ReturnType<typeof testDatabase>>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nfwlens-ch-kill-'));
    db = await testDatabase('kill');
  });
  afterAll(async () => {
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const count = async () => {
    const rs = await db.client.query({ query: 'SELECT count() AS n FROM events', format: 'JSONEachRow' });
    return Number(((await rs.json()) as { n: string }[])[0]?.n ?? 0);
  };

  /** Rows in the events table's parts (0 before the table exists). */
  const landed = async () => {
    const rs = await db.client.query({
      query: `SELECT sum(rows) AS n FROM system.parts WHERE database = {db:String} AND table = 'events' AND active`,
      query_params: { db: db.database },
      format: 'JSONEachRow',
    });
    return Number(((await rs.json()) as { n: string }[])[0]?.n ?? 0);
  };

  it('a re-run after SIGKILL stores every record once, as a DuckDB ingest of the same files', async () => {
    const logs = join(dir, 'logs');
    const gen = await nfwlens(
      [
        'generate',
        '--out',
        logs,
        '--records',
        '60000',
        '--seed',
        '5',
        '--start',
        '2024-05-01T00:00:00Z',
        '--hours',
        '12',
      ],
      dir,
    );
    expect(gen.code, gen.stderr).toBe(0);
    const u = new URL(CLICKHOUSE_URL);
    const store = `clickhouse://default@${u.hostname}:${u.port}/${db.database}`;
    const duck = join(dir, 'ref.duckdb');
    const reference = nfwlens(['ingest', '--db', duck, logs], dir);

    const args = ['ingest', '--store', store, '--batch-size', '5000', '--format', 'json', logs];
    const child = start(args, dir);
    const done = finished(child);
    // Killed once some commits have landed.
    for (;;) {
      const n = await landed();
      if (n >= 10_000 || child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGKILL');
    await done;
    const partial = await count();
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(60_000);

    const rerun = await nfwlens(args, dir);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect((await reference).code).toBe(0);

    const ref = await DuckDbStore.open({ path: duck });
    try {
      const rows = await ref.query('SELECT origin, origin_line FROM events ORDER BY origin, origin_line');
      const rs = await db.client.query({
        query: 'SELECT origin, origin_line FROM events ORDER BY origin, origin_line',
        format: 'JSONEachRow',
      });
      const got = ((await rs.json()) as { origin: string; origin_line: string }[]).map((r) => ({
        origin: r.origin,
        origin_line: Number(r.origin_line),
      }));
      expect(got.length).toBe(rows.length);
      expect(got).toEqual(rows.map((r) => ({ origin: r.origin, origin_line: Number(r.origin_line) })));
    } finally {
      await ref.close();
    }
    expect(await json(['status', '--store', store], dir)).toEqual(await json(['status', '--db', duck], dir));
    expect(await json(['sessions', '--limit', '50', '--sort', 'total_bytes', '--store', store], dir)).toEqual(
      await json(['sessions', '--limit', '50', '--sort', 'total_bytes', '--db', duck], dir),
    );
  }, 240_000);
});
