/** The command line as a user runs it: `bin/nfwlens.js` spawned in a child process, real files. */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = resolve(import.meta.dirname, '../../bin/nfwlens.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function nfwlens(args: readonly string[], cwd?: string): Promise<Run> {
  return new Promise((done) => {
    const env = { ...process.env };
    delete env.NFWLENS_DB;
    delete env.NFWLENS_SERVER;
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd, env, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

/**
 * Runs the command lines in order, two at a time when `parallel` (the machine's cores); commands on
 * one database run one after the other (a DuckDB file has one writer process at a time).
 */
async function all(lines: readonly (readonly string[])[], parallel = false): Promise<Run[]> {
  const out: Run[] = new Array(lines.length);
  let next = 0;
  const worker = async () => {
    while (next < lines.length) {
      const i = next++;
      out[i] = await nfwlens(lines[i]!);
    }
  };
  await Promise.all(parallel ? [worker(), worker()] : [worker()]);
  return out;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nfwlens-cli-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('a mistyped --db never creates a database', () => {
  it.each([
    ['status'],
    ['rejected'],
    ['search', 'type:alert'],
    ['sessions'],
    ['report', 'hourly-actions'],
    ['serve', '--port', '0'],
  ])('%s on a missing path exits 2, naming the path and how to create a database', async (...cmd) => {
    const db = join(dir, 'no-such-dir', `${cmd[0]}.duckdb`);
    const r = await nfwlens([...cmd, '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(db);
    expect(r.stderr).toContain(`nfwlens ingest --db ${db}`);
    expect(existsSync(db)).toBe(false);
    expect(existsSync(join(dir, 'no-such-dir'))).toBe(false);
  });

  it('the default ./nfwlens.duckdb is not created by a read either', async () => {
    const cwd = mkdtempSync(join(dir, 'cwd-'));
    const r = await nfwlens(['status'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('./nfwlens.duckdb');
    expect(readdirSync(cwd)).toEqual([]);
  });
});

/** A published alert whose generator id needs 32 unsigned bits, and its flow's two halves. */
const RECORDS = [
  {
    firewall_name: 'fw-a',
    availability_zone: 'us-east-1a',
    event_timestamp: '1700000000',
    event: {
      timestamp: '2023-11-14T22:13:20.000000+0000',
      flow_id: 1234,
      event_type: 'alert',
      src_ip: '10.0.0.1',
      src_port: 40000,
      dest_ip: '192.0.2.1',
      dest_port: 443,
      proto: 'TCP',
      alert: {
        action: 'blocked',
        gid: 4113433437,
        signature_id: 4294967295,
        rev: 4294967295,
        signature: 'unsigned 32-bit ids',
        category: '',
        severity: 1,
      },
    },
  },
  ...[0, 1].map((i) => ({
    firewall_name: 'fw-a',
    availability_zone: 'us-east-1a',
    event_timestamp: '1700000001',
    event: {
      timestamp: `2023-11-14T22:13:2${1 + i}.000000+0000`,
      flow_id: 1234,
      event_type: 'netflow',
      src_ip: i === 0 ? '10.0.0.1' : '192.0.2.1',
      src_port: i === 0 ? 40000 : 443,
      dest_ip: i === 0 ? '192.0.2.1' : '10.0.0.1',
      dest_port: i === 0 ? 443 : 40000,
      proto: 'TCP',
      netflow: {
        pkts: 1,
        bytes: 100 + i,
        start: '2023-11-14T22:13:19.000000+0000',
        end: '2023-11-14T22:13:20.000000+0000',
        age: 1,
      },
    },
  })),
];

describe('a database made by ingest', () => {
  let db: string;
  beforeAll(async () => {
    db = join(dir, 'made', 'by-ingest.duckdb');
    const file = join(dir, 'published.log');
    writeFileSync(file, `${RECORDS.map((r) => JSON.stringify(r)).join('\n')}\n`);
    const r = await nfwlens(['ingest', '--db', db, file]);
    expect(r.code, r.stderr).toBe(0);
  });

  it('is there for the read commands', async () => {
    const [status, sessions] = await all([
      ['status', '--db', db, '--format', 'json'],
      ['sessions', '--db', db, '--format', 'json'],
    ]);
    expect(status?.code).toBe(0);
    expect(JSON.parse(status!.stdout)).toMatchObject({ records: 3 });
    expect(JSON.parse(sessions!.stdout)).toMatchObject([
      { alert_action: 'blocked', signature_ids: [4294967295] },
    ]);
  });

  it('stores and finds an unsigned 32-bit alert gid, signature_id and rev', async () => {
    const [gid, sid] = await all([
      ['search', '--db', db, '--format', 'json', 'alert_gid:4113433437'],
      ['search', '--db', db, '--format', 'json', 'alert_rev:4294967295 and sid:4294967295'],
    ]);
    expect(gid?.code, gid?.stderr).toBe(0);
    expect(JSON.parse(gid!.stdout)).toMatchObject([
      { alert_gid: 4113433437, alert_rev: 4294967295, alert_signature_id: 4294967295 },
    ]);
    expect(JSON.parse(sid!.stdout)).toHaveLength(1);
  });
});

describe('search --format raw', () => {
  it('prints the originals of the page in its order, newest first, as --format json lists them', async () => {
    const db = join(dir, 'made', 'by-ingest.duckdb');
    const [raw, json, rawPage, jsonPage] = await all([
      ['search', '--db', db, '--format', 'raw'],
      ['search', '--db', db, '--format', 'json'],
      ['search', '--db', db, '--format', 'raw', '--limit', '2', 'not type:alert or type:alert'],
      ['search', '--db', db, '--format', 'json', '--limit', '2', 'not type:alert or type:alert'],
    ]);
    const rawTimes = (r: Run) =>
      r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).event.timestamp);
    const jsonTimes = (r: Run) =>
      (JSON.parse(r.stdout) as { ts: string }[]).map((x) => x.ts.replace('Z', '+0000'));
    // The file holds them oldest first.
    expect(rawTimes(raw!)).toEqual([
      '2023-11-14T22:13:22.000000+0000',
      '2023-11-14T22:13:21.000000+0000',
      '2023-11-14T22:13:20.000000+0000',
    ]);
    expect(rawTimes(raw!)).toEqual(jsonTimes(json!));
    expect(rawTimes(rawPage!)).toEqual(jsonTimes(jsonPage!));
    expect(rawTimes(rawPage!)).toHaveLength(2);
  });
});

describe('report on data that spans decades (a wrong clock wrote 1970 timestamps)', () => {
  let db: string;
  beforeAll(async () => {
    db = join(dir, 'decades.duckdb');
    const file = join(dir, 'decades.log');
    const at = (ts: string, flowId: number) =>
      JSON.stringify({ ...RECORDS[0], event: { ...RECORDS[0]!.event, timestamp: ts, flow_id: flowId } });
    writeFileSync(
      file,
      `${[at('1970-01-01T00:00:05.000000+0000', 1), at('2024-05-02T10:30:00.000000+0000', 2)].join('\n')}\n`,
    );
    const r = await nfwlens(['ingest', '--db', db, file]);
    expect(r.code, r.stderr).toBe(0);
  });

  it('without --from/--to covers the last 7 days of the data and says which range and bucket', async () => {
    const [table, json, daily] = await all([
      ['report', 'hourly-actions', '--db', db, '--tz', 'UTC'],
      ['report', 'hourly-actions', '--db', db, '--tz', 'UTC', '--format', 'json'],
      ['report', 'hourly-actions', '--db', db, '--tz', 'UTC', '--bucket', '1d', '--format', 'json'],
    ]);
    expect(table?.code, table?.stderr).toBe(0);
    expect(table!.stdout).toContain('bucket 1h');
    expect(table!.stdout).toContain('2024-04-25T11:00:00+00:00 .. 2024-05-02T11:00:00+00:00');
    expect(table!.stdout).toContain('note: the data spans 1970-01-01T00:00:00Z to 2024-05-02T11:00:00Z');
    expect(json?.code).toBe(0);
    expect(JSON.parse(json!.stdout)).toHaveLength(168);
    expect(json!.stderr).toContain(
      'report covers 2024-04-25T11:00:00.000000Z .. 2024-05-02T11:00:00.000000Z in 1h buckets',
    );
    expect(json!.stderr).toContain('showing its last 7 days');
    expect(daily?.code).toBe(0);
    const days = JSON.parse(daily!.stdout) as { bucket: string; total: number }[];
    expect([days[0], days.at(-1)]).toEqual([
      { bucket: '1970-01-01', allowed: 0, blocked: 1, total: 1 },
      { bucket: '2024-05-02', allowed: 0, blocked: 1, total: 1 },
    ]);
  });

  it('an explicit range too wide for hourly buckets exits 2 suggesting --bucket 1d or a narrower range', async () => {
    const r = await nfwlens([
      'report',
      'hourly-actions',
      '--db',
      db,
      '--from',
      '1970-01-01',
      '--to',
      '2024-05-03',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('476,304 hourly buckets');
    expect(r.stderr).toContain('--bucket 1d');
    expect(r.stderr).toContain('narrower range (--from/--to)');
  });
});

describe('numeric flags are checked before anything runs', () => {
  const bad = ['abc', '0', '-5', '1.5'];
  it.each(bad)('ingest --batch-size %s exits 2 naming the flag, and creates nothing', async (v) => {
    const db = join(dir, `batch-${v}.duckdb`);
    const r = await nfwlens(['ingest', '--db', db, '--batch-size', v, join(dir, 'missing.log')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--batch-size');
    expect(r.stderr).toContain(`'${v}' is invalid`);
    expect(existsSync(db)).toBe(false);
  });

  it('every other numeric flag too', async () => {
    const db = join(dir, 'made', 'by-ingest.duckdb');
    const cases: [string[], string][] = [
      [['search', '--db', db, '--limit', 'abc'], '--limit'],
      [['search', '--db', db, '--limit', '1.5'], '--limit'],
      [['sessions', '--db', db, '--limit', '0'], '--limit'],
      [['sessions', '--db', db, '--limit', '5abc'], '--limit'],
      [['rejected', '--db', db, '--limit', '-5'], '--limit'],
      [['report', 'top-sources', '--db', db, '--top', '1.5'], '--top'],
      [['generate', '--out', join(dir, 'gen'), '--records', '0'], '--records'],
      [['generate', '--out', join(dir, 'gen'), '--seed', '-5'], '--seed'],
      [['generate', '--out', join(dir, 'gen'), '--hours', 'abc'], '--hours'],
      [['demo', '--db', join(dir, 'demo.duckdb'), '--no-serve', '--records', '1.5'], '--records'],
      [['demo', '--db', join(dir, 'demo.duckdb'), '--no-serve', '--port', '-5'], '--port'],
      [['serve', '--db', db, '--port', '65536'], '--port'],
      [['serve', '--db', db, '--query-timeout', 'abc'], '--query-timeout'],
    ];
    // Each stops before it opens a database: they may run side by side.
    const runs = await all(
      cases.map(([args]) => args),
      true,
    );
    runs.forEach((r, i) => {
      const [args, flag] = cases[i]!;
      expect({ args, code: r.code, named: r.stderr.includes(flag) }).toEqual({ args, code: 2, named: true });
    });
    expect(existsSync(join(dir, 'gen'))).toBe(false);
    expect(existsSync(join(dir, 'demo.duckdb'))).toBe(false);
  });
});
