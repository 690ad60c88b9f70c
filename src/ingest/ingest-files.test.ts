import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbStore } from '../store/duckdb/index.ts';
import {
  describeEachEngine,
  failingAfterCommits,
  storedEvents,
  withStore,
} from '../store/engines.testing.ts';
import type { StoredRecord } from '../store/event-reads.ts';
import { fetchOriginals } from '../store/original.ts';
import { BIN, killOnceGrown, runCli } from './cli-process.testing.ts';
import { ingestPaths } from './ingest-files.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const SAMPLES = resolve(ROOT, 'test/fixtures/public-samples');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nfwlens-ingest-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function netflow(i: number, extra = ''): string {
  const ts = new Date(Date.UTC(2024, 0, 1, 0, 0, 0) + i * 1000).toISOString().replace('Z', '000+0000');
  return (
    `{"firewall_name":"fw","availability_zone":"us-east-1a","event_timestamp":"1704067200",` +
    `"event":{"timestamp":"${ts}","flow_id":${1000000 + i},"event_type":"netflow","src_ip":"10.0.${i % 250}.${i % 200}",` +
    `"src_port":${1024 + (i % 60000)},"dest_ip":"203.0.113.${i % 250}","dest_port":443,"proto":"TCP","app_proto":"tls",` +
    `"netflow":{"pkts":${1 + (i % 30)},"bytes":${60 + i},"start":"${ts}","end":"${ts}","age":0,"min_ttl":64,"max_ttl":64},` +
    `"tcp":{"tcp_flags":"1b","syn":true,"fin":true,"psh":true,"ack":true}${extra}}}`
  );
}

function lines(from: number, to: number): string {
  const out: string[] = [];
  for (let i = from; i < to; i++) out.push(netflow(i));
  return `${out.join('\n')}\n`;
}

async function withDb<T>(name: string, fn: (s: DuckDbStore) => Promise<T>): Promise<T> {
  const store = await DuckDbStore.open({ path: join(dir, name) });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

async function count(store: DuckDbStore, sql = 'SELECT count(*) AS n FROM events'): Promise<number> {
  return Number((await store.query(sql))[0]!.n);
}

/** How many of `records` hold a distinct value of `column`. */
const distinct = (records: readonly StoredRecord[], column: string) =>
  new Set(records.map((r) => String(r.columns[column]))).size;

describeEachEngine('ingestPaths', (engine) => {
  it('ingests the public samples, keeps the bad line with its origin, and every original is retrievable', async () => {
    await withStore(engine, async (store) => {
      const s = await ingestPaths([SAMPLES], { store });
      expect(s.skipped.some((f) => f.endsWith('SOURCES.md'))).toBe(true);
      expect(s.records).toBeGreaterThan(20);
      const rej = await store.listRejected();
      // The Elastic expected-output file is one pretty-printed JSON document, not a log record.
      expect(
        rej.map((r) => [r.origin.endsWith('test-firewall.log-expected.json'), r.line, r.reason]),
      ).toEqual([[true, 1, 'no_event']]);
      const stored = await storedEvents(store);
      expect(stored).toHaveLength(s.records);
      const originals = await fetchOriginals(
        store,
        stored.map((r) => r.id),
      );
      expect(originals).toHaveLength(s.records);
      for (const o of originals) {
        const fileLines = readFileSync(o.origin, 'utf8').split('\n');
        expect(JSON.parse(o.json), `${o.origin}:${o.line}`).toEqual(JSON.parse(fileLines[o.line - 1]!));
      }
    });
  });

  it('is idempotent: the same file again adds nothing; a grown file adds only the new part', async () => {
    const f = join(dir, `grow-${engine.name}.ndjson`);
    writeFileSync(f, lines(0, 500));
    await withStore(engine, async (store) => {
      expect((await ingestPaths([f], { store })).records).toBe(500);
      const again = await ingestPaths([f], { store });
      expect([again.records, again.unchanged]).toEqual([0, 1]);
      appendFileSync(f, lines(500, 700));
      expect((await ingestPaths([f], { store })).records).toBe(200);
      const stored = await storedEvents(store);
      expect(stored).toHaveLength(700);
      expect((await store.status()).records).toBe(700);
      expect(distinct(stored, 'flow_id')).toBe(700);
      expect(stored.at(-1)!.line).toBe(700);
    });
  });

  it('resumes after a run that died part-way: exactly the rows of a clean run', async () => {
    const f = join(dir, `resume-${engine.name}.ndjson`);
    const N = 3000;
    writeFileSync(f, lines(0, N));
    await withStore(
      engine,
      async (_store, opened) => {
        await expect(
          ingestPaths([f], { store: failingAfterCommits(opened.store, 2), commitRecords: 500, workers: 0 }),
        ).rejects.toThrow('crash');
        const partial = (await opened.store.status()).records;
        expect(partial).toBeGreaterThan(0);
        expect(partial).toBeLessThan(N);
        const store = await opened.reopen();
        expect((await store.status()).records).toBe(partial);
        expect((await ingestPaths([f], { store, commitRecords: 500 })).records).toBe(N - partial);
        const stored = await storedEvents(store);
        expect(stored).toHaveLength(N);
        expect(distinct(stored, 'flow_id')).toBe(N);
        expect(new Set(stored.map((r) => r.line)).size).toBe(N);
        expect((await ingestPaths([f], { store })).records).toBe(0);
      },
      { file: true },
    );
  });

  it('reads gzip (multi-member), CRLF with BOM, CloudWatch export lines and pretty-printed JSON', async () => {
    const sub = join(dir, `formats-${engine.name}`);
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, 'a.log.gz'), Buffer.concat([gzipSync(lines(0, 3)), gzipSync(lines(3, 5))]));
    writeFileSync(join(sub, 'b.log'), `\ufeff${lines(5, 8).replaceAll('\n', '\r\n')}`);
    writeFileSync(
      join(sub, 'c.log'),
      lines(8, 10)
        .trimEnd()
        .split('\n')
        .map((l) => `2024-01-01T00:00:08.000Z ${l}`)
        .join('\n'),
    );
    writeFileSync(join(sub, 'd.json'), `${JSON.stringify(JSON.parse(netflow(10)), null, 2)}\n`);
    await withStore(engine, async (store) => {
      const s = await ingestPaths([sub], { store, commitRecords: 122_880 });
      expect([s.records, s.rejected]).toEqual([11, 0]);
      expect(distinct(await storedEvents(store), 'flow_id')).toBe(11);
    });
  });

  it('rejects and keeps every kind of bad line, with file and line', async () => {
    const f = join(dir, `bad-${engine.name}.ndjson`);
    const bad = [
      netflow(1),
      '[1,2,3]',
      '{"firewall_name":"fw", "event": ',
      '{"firewall_name":"fw","availability_zone":"a","event_timestamp":"1"}',
      netflow(2).replace(/"timestamp":"[^"]+"/, '"timestamp":"yesterday"'),
      '',
      netflow(3),
    ];
    writeFileSync(f, `${bad.join('\n')}\n`);
    await withStore(engine, async (store) => {
      const s = await ingestPaths([f], { store });
      expect([s.records, s.rejected]).toEqual([2, 4]);
      const rej = await store.listRejected();
      expect(rej.map((r) => [r.line, r.reason])).toEqual([
        [2, 'not_object'],
        [3, 'invalid_json'],
        [4, 'no_event'],
        [5, 'bad_timestamp'],
      ]);
      expect(rej.every((r) => r.origin === f)).toBe(true);
      expect(rej[1]!.raw).toBe(bad[2]);
      expect(rej[3]!.path).toBe('event.timestamp');
      const status = await store.status();
      expect(status.rejected).toBe(4);
      expect(status.records_by_log_type.flow).toBe(2);
    });
  });

  it('keeps flow_id 2251799813685247 and IPv6 exact through the database', async () => {
    const f = join(dir, `v6-${engine.name}.ndjson`);
    const rec = netflow(1)
      .replace('"flow_id":1000001', '"flow_id":2251799813685247')
      .replace('"src_ip":"10.0.1.1"', '"src_ip":"2001:0db8:0000:0000:0000:0000:0000:0001"');
    writeFileSync(f, `${rec}\n`);
    await withStore(engine, async (store) => {
      await ingestPaths([f], { store });
      const [row] = await storedEvents(store);
      const event = await store.event(row!.id);
      expect(event!.flow_id).toBe(2251799813685247);
      expect(event!.src_ip).toBe('2001:db8::1');
      const [orig] = await fetchOriginals(store, [row!.id]);
      expect(JSON.parse(orig!.json)).toEqual(JSON.parse(rec));
    });
  });
});

// DuckDB only from here: the command line, a killed process on a database file, and row groups.
describe('nfwlens ingest (CLI)', () => {
  it('reads standard input with -, and status prints records_by_log_type and rejected', async () => {
    const db = join(dir, 'stdin.duckdb');
    const r = await runCli(['ingest', '--db', db, '--format', 'json', '-'], dir, `${lines(0, 5)}not json\n`);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect([out.records, out.rejected]).toEqual([5, 1]);
    const st = await runCli(['status', '--db', db, '--format', 'json'], dir);
    const status = JSON.parse(st.stdout);
    expect(status.records_by_log_type).toMatchObject({ alert: 0, flow: 5, tls: 0 });
    expect(status.rejected).toBe(1);
    const rj = await runCli(['rejected', '--db', db, '--format', 'json'], dir);
    expect(JSON.parse(rj.stdout)).toEqual([
      expect.objectContaining({ origin: '-', line: 6, reason: 'invalid_json', raw: 'not json' }),
    ]);
  });

  it('a SIGKILL mid-ingest, then a re-run, ends with exactly the rows of a clean run', async () => {
    const f = join(dir, 'big.ndjson');
    const N = 120_000;
    writeFileSync(f, lines(0, N));
    const db = join(dir, 'killed.duckdb');
    const child = spawn(process.execPath, [BIN, 'ingest', '--db', db, '--batch-size', '5000', f], {
      cwd: dir,
    });
    // Kill once some batches have committed (the WAL or database file has grown), well before the end.
    await killOnceGrown(child, db, 2_000_000);
    const partial = await withDb('killed.duckdb', (s) => count(s));
    expect(partial).toBeLessThan(N);
    const rerun = await runCli(['ingest', '--db', db, '--format', 'json', f], dir);
    expect(rerun.code, rerun.stderr).toBe(0);
    await withDb('killed.duckdb', async (s) => {
      expect(await count(s)).toBe(N);
      expect(await count(s, 'SELECT count(DISTINCT flow_id) AS n FROM events')).toBe(N);
      expect(await count(s, 'SELECT count(DISTINCT origin_line) AS n FROM events')).toBe(N);
    });
  });
});

describe('commits on row groups', () => {
  const RG = 122_880;
  const rowGroups = async (store: DuckDbStore) =>
    (
      await store.query(
        "SELECT row_group_id, max(start + count) - min(start) AS n FROM pragma_storage_info('events') WHERE column_name = 'id' GROUP BY 1 ORDER BY 1",
      )
    ).map((r) => Number(r.n));

  /** Writes `files` gzip files of uneven sizes; `rejectEvery` > 0 puts a bad line every so many. */
  function writeFiles(
    sub: string,
    prefix: string,
    files: number,
    rejectEvery: number,
    start: number,
  ): number {
    mkdirSync(sub, { recursive: true });
    let n = start;
    for (let f = 0; f < files; f++) {
      const lines: string[] = [];
      for (let k = 0; k < 11_111 + f * 37; k++) {
        lines.push(rejectEvery > 0 && k % rejectEvery === 77 ? '{not json' : netflow(n++));
      }
      writeFileSync(
        join(sub, `${prefix}-${String(f).padStart(2, '0')}.log.gz`),
        gzipSync(`${lines.join('\n')}\n`),
      );
    }
    return n;
  }

  /** Opens a store whose commits are observed on their way through (rows per commit). */
  async function observed(name: string): Promise<{ store: DuckDbStore; commits: number[] }> {
    const store = await DuckDbStore.open({ path: join(dir, name) });
    const commits: number[] = [];
    const commitStaged = store.commitStaged.bind(store);
    store.commitStaged = (batch) => {
      commits.push(batch.staging.count);
      return commitStaged(batch);
    };
    return { store, commits };
  }

  it('ends each commit where a row group of the table ends', async () => {
    const sub = join(dir, 'aligned');
    const n = writeFiles(sub, 'a', 24, 0, 0);
    const { store, commits } = await observed('aligned.duckdb');
    try {
      const s = await ingestPaths([sub], { store });
      expect(s.records).toBe(n);
      expect(commits.length).toBe(3);
      expect(commits.slice(0, -1)).toEqual([RG, RG]);
      await store.checkpoint();
      const groups = await rowGroups(store);
      expect(groups).toEqual(commits);
      // A second run counts from its own start (DuckDB appends the first run's tail group or starts anew).
      commits.length = 0;
      writeFiles(sub, 'b', 12, 0, n);
      const again = await ingestPaths([sub], { store });
      expect(commits.slice(0, -1)).toEqual([RG]);
      expect(commits.reduce((a, b) => a + b, 0)).toBe(again.records);
    } finally {
      await store.close();
    }
  }, 120_000);

  it('with rejected lines, ends each commit at or a batch past a row group end', async () => {
    const sub = join(dir, 'aligned-rejects');
    writeFiles(sub, 'a', 36, 5000, 0);
    const { store, commits } = await observed('aligned-rejects.duckdb');
    try {
      const s = await ingestPaths([sub], { store });
      expect(s.rejected).toBe(36 * 3);
      expect(commits.length).toBe(4);
      let total = 0;
      for (const [i, c] of commits.slice(0, -1).entries()) {
        total += c;
        expect(total - (i + 1) * RG).toBeGreaterThanOrEqual(0);
        expect(total - (i + 1) * RG).toBeLessThan(20_000);
      }
    } finally {
      await store.close();
    }
  }, 120_000);
});
