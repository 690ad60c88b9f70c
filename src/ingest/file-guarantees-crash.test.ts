/**
 * SIGKILL on the growing-file paths: `nfwlens ingest` (the CLI, a real DuckDB file) is killed mid-way
 * through a file that then grows (its held half line completed, more lines, a gzip member appended)
 * and is renamed; the re-runs end with every record exactly once.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbStore } from '../store/duckdb/index.ts';
import { BIN, finished, killOnceGrown } from './cli-process.testing.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nfwlens-grow-kill-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function rec(i: number): string {
  const ts = new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString().replace('Z', '000+0000');
  return `{"firewall_name":"fw","availability_zone":"az","event":{"timestamp":"${ts}","event_type":"netflow","flow_id":${i},"src_ip":"10.0.${i % 250}.1","dest_ip":"10.1.0.2","src_port":${1024 + (i % 60000)},"dest_port":443,"proto":"TCP","netflow":{"pkts":1,"bytes":${60 + i}}}}`;
}
const recs = (from: number, to: number) => {
  const out: string[] = [];
  for (let i = from; i < to; i++) out.push(rec(i));
  return `${out.join('\n')}\n`;
};

function ingest(db: string, paths: string[]): ChildProcess {
  return spawn(
    process.execPath,
    [BIN, 'ingest', '--db', db, '--batch-size', '5000', '--format', 'json', ...paths],
    {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
}

/**
 * Rows, distinct flow ids, rows on the line where their flow id was written (`line`: SQL of the
 * expected line of `flow_id`), and rejections.
 */
async function stored(
  db: string,
  line = 'flow_id + 1',
): Promise<{ n: number; ids: number; lines: number; rejected: number }> {
  const store = await DuckDbStore.open({ path: db });
  try {
    const [r] = await store.query(
      `SELECT count(*) AS n, count(DISTINCT flow_id) AS ids, count(*) FILTER (WHERE origin_line = ${line}) AS lines FROM events`,
    );
    return {
      n: Number(r!.n),
      ids: Number(r!.ids),
      lines: Number(r!.lines),
      rejected: (await store.listRejected()).length,
    };
  } finally {
    await store.close();
  }
}

describe('SIGKILL on growing files', () => {
  it('a plain file killed mid-way, then grown (its half line completed) and rotated, ends exactly once', async () => {
    const sub = join(dir, 'plain');
    mkdirSync(sub);
    const f = join(sub, 'c.log');
    const N = 100_000;
    const half = rec(N);
    writeFileSync(f, `${recs(0, N)}${half.slice(0, 40)}`);
    const db = join(dir, 'plain.duckdb');
    await killOnceGrown(ingest(db, [sub]), db, 1_500_000);
    const partial = await stored(db);
    expect(partial.n).toBeLessThan(N);
    // The writer goes on: the half line ends, more lines come, then logrotate renames the file.
    appendFileSync(f, `${half.slice(40)}\n${recs(N + 1, N + 20_000)}`);
    renameSync(f, `${f}.1`);
    writeFileSync(f, recs(N + 20_000, N + 20_100));
    // Killed again during the re-run, then run to the end.
    await killOnceGrown(ingest(db, [sub]), db, statSync(db).size + 1_000_000);
    const last = await finished(ingest(db, [sub]));
    expect(last.code, last.stderr).toBe(0);
    const total = N + 20_100;
    const line = `CASE WHEN flow_id < ${N + 20_000} THEN flow_id + 1 ELSE flow_id - ${N + 20_000} + 1 END`;
    expect(await stored(db, line)).toEqual({ n: total, ids: total, lines: total, rejected: 0 });
    const again = await finished(ingest(db, [sub]));
    expect(again.code).toBe(0);
    expect((await stored(db)).n).toBe(total);
  });

  it('a gzip file killed mid-way, then given another member, ends exactly once', async () => {
    const f = join(dir, 'g.log.gz');
    const N = 100_000;
    writeFileSync(f, Buffer.concat([gzipSync(recs(0, N / 2)), gzipSync(recs(N / 2, N))]));
    const db = join(dir, 'gzip.duckdb');
    await killOnceGrown(ingest(db, [f]), db, 1_500_000);
    expect((await stored(db)).n).toBeLessThan(N);
    appendFileSync(f, gzipSync(recs(N, N + 5_000)));
    const last = await finished(ingest(db, [f]));
    expect(last.code, last.stderr).toBe(0);
    const total = N + 5_000;
    expect(await stored(db)).toEqual({ n: total, ids: total, lines: total, rejected: 0 });
  });
});
