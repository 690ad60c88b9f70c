/** `nfwlens report traffic` as a user runs it: the bin spawned over a database file. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { netflowLine } from '../report/fixtures.testing.ts';

const BIN = resolve(import.meta.dirname, '../../bin/nfwlens.js');

function nfwlens(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const env = { ...process.env };
    delete env.NFWLENS_DB;
    delete env.NFWLENS_SERVER;
    execFile(process.execPath, [BIN, ...args], { env, timeout: 60_000 }, (err, stdout, stderr) =>
      done({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }),
    );
  });
}

/** One-way sessions: 203.0.113.1 gets 3 × 1000 bytes in the 10:00Z hour, 203.0.113.2 and .3 500 each. */
const FLOWS = [
  ['203.0.113.1', '2024-05-01T10:05:00Z', 1000],
  ['203.0.113.1', '2024-05-01T10:25:00Z', 1000],
  ['203.0.113.1', '2024-05-01T10:45:00Z', 1000],
  ['203.0.113.2', '2024-05-01T10:50:00Z', 500],
  ['203.0.113.3', '2024-05-01T11:10:00Z', 500],
] as const;

let dir: string;
let db: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nfwlens-traffic-cli-'));
  db = join(dir, 'store.duckdb');
  const file = join(dir, 'flows.log');
  const lines = FLOWS.map(([dst, start, bytes], i) =>
    netflowLine({
      flowId: 500 + i,
      start,
      ts: new Date(Date.parse(start) + 60_000).toISOString(),
      src: '10.0.0.1',
      sport: 40000 + i,
      dst,
      dport: 443,
      pkts: 10,
      bytes,
    }),
  );
  writeFileSync(file, `${lines.join('\n')}\n`);
  const r = await nfwlens(['ingest', '--db', db, file]);
  expect(r.code, r.stderr).toBe(0);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const range = ['--from', '2024-05-01T10:00:00Z', '--to', '2024-05-01T12:00:00Z', '--tz', 'UTC'];

describe('nfwlens report traffic', () => {
  it('a table of the top value and Other, with bps; csv rows per bucket and series', async () => {
    // One process at a time: a DuckDB file has one opener.
    const base = ['report', 'traffic', '--db', db, '--dim', 'dest_ip', '--top', '1', ...range];
    const table = await nfwlens(base);
    const csv = await nfwlens([...base, '--metric', 'bps', '--format', 'csv']);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toContain('top 1 of 3 values · 1h buckets · time zone UTC');
    // 3000 of 4000 bytes; its busiest hour: 3000 × 8 / 3600 = 6.67 bit/s.
    expect(table.stdout).toMatch(/203\.0\.113\.1\s+2\.9\d? KiB\s+75\.0%\s+6\.67 bps/);
    expect(table.stdout).toMatch(/Other \(2 values\)\s+1000 B\s+25\.0%/);
    expect(csv.code, csv.stderr).toBe(0);
    const rows = csv.stdout.trim().split(/\r?\n/);
    expect(rows[0]).toBe('bucket,dest_ip,other,bytes,rate');
    expect(rows.slice(1)).toEqual([
      `2024-05-01T10:00:00+00:00,203.0.113.1,false,3000,${(3000 * 8) / 3600}`,
      `2024-05-01T10:00:00+00:00,,true,500,${(500 * 8) / 3600}`,
      '2024-05-01T11:00:00+00:00,203.0.113.1,false,0,0',
      `2024-05-01T11:00:00+00:00,,true,500,${(500 * 8) / 3600}`,
    ]);
  });

  it('without --dim, or with a bad metric, exits non-zero saying why', async () => {
    const noDim = await nfwlens(['report', 'traffic', '--db', db]);
    const badMetric = await nfwlens([
      'report',
      'traffic',
      '--db',
      db,
      '--dim',
      'dest_ip',
      '--metric',
      'bits',
    ]);
    expect(noDim.code).not.toBe(0);
    expect(noDim.stderr).toContain('--dim');
    expect(badMetric.code).not.toBe(0);
    expect(badMetric.stderr).toContain('metric must be one of');
  });
});
