import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ipToU128 } from '../../normalize/ip.ts';
import { EVENT_COLUMNS, META_COLUMNS } from '../../schema/columns.ts';
import { DuckDbStore } from './duckdb-store.ts';
import { MIGRATIONS } from './migrations.ts';

const ADDRESSES = [
  '10.0.0.1',
  '0.0.0.0',
  '255.255.255.255',
  '::ffff:192.168.1.1',
  '2001:db8::1',
  '::',
  '::fffe:ffff:ffff',
  '::1:0:0:0',
  'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
  null,
];

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nfwlens-migrations-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A database as versions 1 and 2 left it, holding events and sessions with `_n` numbers. */
async function createVersion2(path: string): Promise<void> {
  const inst = await DuckDBInstance.create(path);
  const c = await inst.connect();
  await c.run(
    'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMPTZ)',
  );
  for (const m of MIGRATIONS.filter((x) => x.version <= 2)) {
    for (const sql of m.sql) await c.run(sql);
    await c.run('INSERT INTO schema_migrations VALUES (?, ?, now())', [m.version, m.name]);
  }
  for (const [i, ip] of ADDRESSES.entries()) {
    const n = ip === null ? null : String(ipToU128(ip));
    const other = ADDRESSES[ADDRESSES.length - 1 - i] ?? null;
    const m = other === null ? null : String(ipToU128(other));
    await c.run(
      `INSERT INTO events (id, src_ip, dest_ip, src_ip_n, dest_ip_n, ts)
        VALUES (?, ?, ?, ?::UHUGEINT, ?::UHUGEINT, now())`,
      [i + 1, ip, other, n, m],
    );
    await c.run(
      `INSERT INTO sessions (request_id, client_ip, server_ip, client_ip_n, server_ip_n)
        VALUES (?, ?, ?, ?::UHUGEINT, ?::UHUGEINT)`,
      [i + 1, ip, other, n, m],
    );
  }
  c.closeSync();
  inst.closeSync();
}

/** Column names and types of a table, in order. */
async function columnsOf(store: DuckDbStore, table: string): Promise<string[]> {
  const rows = await store.query(
    `SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position`,
    [table],
  );
  return rows.map((r) => `${r.column_name} ${r.data_type}`);
}

/** The expected split of an address: `[v4, v6]` as decimal text, null on the side it is not on. */
function split(ip: string | null): [string | null, string | null] {
  if (ip === null) return [null, null];
  const n = ipToU128(ip)!;
  return n >> 32n === 0xffffn ? [String(n), null] : [null, String(n)];
}

describe('migration 3: numeric IPs split into _v4 and _v6', () => {
  it('upgrades a version 2 database to the columns and values a new database has', async () => {
    const path = join(dir, 'old.duckdb');
    await createVersion2(path);
    const old = await DuckDbStore.open({ path });
    const fresh = await DuckDbStore.open({ path: ':memory:' });
    try {
      for (const table of ['events', 'sessions']) {
        expect(await columnsOf(old, table)).toEqual(await columnsOf(fresh, table));
      }
      expect((await columnsOf(old, 'events')).filter((c) => c.includes('_ip_'))).toEqual([
        'src_ip_v4 UBIGINT',
        'src_ip_v6 UHUGEINT',
        'dest_ip_v4 UBIGINT',
        'dest_ip_v6 UHUGEINT',
      ]);
      const events = await old.query(
        `SELECT src_ip, dest_ip, src_ip_v4::VARCHAR AS a, src_ip_v6::VARCHAR AS b,
          dest_ip_v4::VARCHAR AS c, dest_ip_v6::VARCHAR AS d FROM events ORDER BY id`,
      );
      expect(
        events.map((r) => [...split(r.src_ip as string | null), ...split(r.dest_ip as string | null)]),
      ).toEqual(events.map((r) => [r.a, r.b, r.c, r.d]));
      expect(events.map((r) => r.src_ip)).toEqual(ADDRESSES);
      const sessions = await old.query(
        `SELECT client_ip, server_ip, client_ip_v4::VARCHAR AS a, client_ip_v6::VARCHAR AS b,
          server_ip_v4::VARCHAR AS c, server_ip_v6::VARCHAR AS d FROM sessions ORDER BY request_id`,
      );
      expect(
        sessions.map((r) => [...split(r.client_ip as string | null), ...split(r.server_ip as string | null)]),
      ).toEqual(sessions.map((r) => [r.a, r.b, r.c, r.d]));
      const versions = await old.query('SELECT version FROM schema_migrations ORDER BY version');
      expect(versions.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    } finally {
      await old.close();
      await fresh.close();
    }
  });
});

/** Applies the migrations up to `version` to a new database at `path`, as that release did. */
async function createAt(path: string, version: number): Promise<void> {
  const inst = await DuckDBInstance.create(path);
  const c = await inst.connect();
  await c.run(
    'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMPTZ)',
  );
  for (const m of MIGRATIONS.filter((x) => x.version <= version)) {
    for (const sql of m.sql) await c.run(sql);
    await c.run('INSERT INTO schema_migrations VALUES (?, ?, now())', [m.version, m.name]);
  }
  await c.run(`INSERT INTO events (id, ts, log_type, alert_gid, alert_rev, alert_signature_id)
    VALUES (1, now(), 'alert', 1, 7, 2001219), (2, now(), 'alert', 2147483647, NULL, 4294967295)`);
  c.closeSync();
  inst.closeSync();
}

/** Every table's columns (`name TYPE`, in order). */
async function schemaOf(store: DuckDbStore): Promise<Record<string, string[]>> {
  const rows = await store.query(
    `SELECT table_name, column_name, data_type FROM information_schema.columns
      WHERE table_name <> 'schema_migrations' ORDER BY table_name, ordinal_position`,
  );
  const out: Record<string, string[]> = {};
  for (const r of rows) {
    const table = String(r.table_name);
    out[table] = [...(out[table] ?? []), `${r.column_name} ${r.data_type}`];
  }
  return out;
}

describe('released migrations are frozen', () => {
  it('versions 1 to 3 still create the schema they were released with', async () => {
    const path = join(dir, 'v3.duckdb');
    await createAt(path, 3);
    const frozen = JSON.parse(readFileSync(join(import.meta.dirname, 'schema-states', 'v3.json'), 'utf8'));
    const store = await DuckDbStore.open({ path, readOnly: true });
    try {
      const { schema_migrations: _m, ...expected } = frozen;
      expect(await schemaOf(store)).toEqual(expected);
    } finally {
      await store.close();
    }
  });
});

describe('migration 4: alert gid and rev hold unsigned 32-bit values', () => {
  it('upgrades a version 3 database in place to the schema a new database has, keeping the values', async () => {
    const path = join(dir, 'v3.duckdb');
    await createAt(path, 3);
    const old = await DuckDbStore.open({ path });
    const fresh = await DuckDbStore.open({ path: ':memory:' });
    try {
      expect(await schemaOf(old)).toEqual(await schemaOf(fresh));
      expect((await columnsOf(old, 'events')).filter((c) => /^alert_(gid|rev) /.test(c))).toEqual([
        'alert_rev BIGINT',
        'alert_gid BIGINT',
      ]);
      expect(
        await old.query('SELECT alert_gid, alert_rev, alert_signature_id FROM events ORDER BY id'),
      ).toEqual([
        { alert_gid: 1, alert_rev: 7, alert_signature_id: 2001219 },
        { alert_gid: 2147483647, alert_rev: null, alert_signature_id: 4294967295 },
      ]);
      await old.transaction((tx) =>
        tx.run(
          `INSERT INTO events (id, ts, log_type, alert_gid, alert_rev) VALUES (3, now(), 'alert', ?, ?)`,
          [4113433437, 4294967295],
        ),
      );
      expect(await old.query('SELECT alert_gid, alert_rev FROM events WHERE id = 3')).toEqual([
        { alert_gid: 4113433437, alert_rev: 4294967295 },
      ]);
      const versions = await old.query('SELECT version FROM schema_migrations ORDER BY version');
      expect(versions.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    } finally {
      await old.close();
      await fresh.close();
    }
  });

  it('gives a new database the types of the column table', async () => {
    const fresh = await DuckDbStore.open({ path: ':memory:' });
    try {
      const actual = (await columnsOf(fresh, 'events')).sort();
      // information_schema spells TIMESTAMPTZ out.
      const spelled = (t: string) => (t === 'TIMESTAMPTZ' ? 'TIMESTAMP WITH TIME ZONE' : t);
      const expected = [...META_COLUMNS, ...EVENT_COLUMNS]
        .map((c) => `${c.name} ${spelled(c.duckdb)}`)
        .sort();
      expect(actual).toEqual(expected);
    } finally {
      await fresh.close();
    }
  });
});

describe('migrations after a crash', () => {
  it('opens a new database whose migrations are still only in the WAL (the process was killed)', async () => {
    const path = join(dir, 'killed.duckdb');
    const store = resolve(import.meta.dirname, 'duckdb-store.ts');
    const script = `const { DuckDbStore } = await import(${JSON.stringify(store)});
      await DuckDbStore.open({ path: ${JSON.stringify(path)} });
      process.kill(process.pid, 'SIGKILL');`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]);
    expect(child.signal).toBe('SIGKILL');
    expect(existsSync(`${path}.wal`)).toBe(true);
    const reopened = await DuckDbStore.open({ path });
    try {
      expect(await columnsOf(reopened, 'events')).toContain('src_ip_v4 UBIGINT');
      const versions = await reopened.query('SELECT version FROM schema_migrations ORDER BY version');
      expect(versions.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    } finally {
      await reopened.close();
    }
  });
});
