/**
 * Listings larger than a page, and an ingest that stops: `bin/nfwlens.js` spawned on a real DuckDB
 * file made from generated logs.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = resolve(import.meta.dirname, '../../bin/nfwlens.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function nfwlens(args: readonly string[], extraEnv: Record<string, string> = {}): Promise<Run> {
  return new Promise((done) => {
    const env: NodeJS.ProcessEnv = { ...process.env, ...extraEnv };
    delete env.NFWLENS_DB;
    delete env.NFWLENS_SERVER;
    if (!extraEnv.NFWLENS_MEMORY_LIMIT) delete env.NFWLENS_MEMORY_LIMIT;
    execFile(
      process.execPath,
      [BIN, ...args],
      { env, timeout: 120_000, maxBuffer: 512 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

let dir: string;
let logs: string;
let db: string;
/** What `generate` says it wrote, and the sessions `status` counts. */
let generated: number;
let sessions: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nfwlens-large-'));
  logs = join(dir, 'logs');
  db = join(dir, 'db.duckdb');
  const gen = await nfwlens([
    'generate',
    ...['--out', logs, '--records', '30000', '--hours', '48', '--start', '2026-10-01T00:00:00Z'],
    ...['--format', 'json'],
  ]);
  expect(gen.code).toBe(0);
  generated = (JSON.parse(gen.stdout) as { records: number }).records;
}, 120_000);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('an ingest that stops part-way', () => {
  it('says how to resume, and the same command then stores every record once', async () => {
    const stopped = await nfwlens(['ingest', '--db', db, logs], { NFWLENS_MEMORY_LIMIT: '24MB' });
    expect(stopped.code).toBe(2);
    expect(stopped.stderr).toContain('Out of Memory');
    expect(stopped.stderr).toContain(
      `what was committed before it stopped is kept; run the same command again to resume where it stopped: nfwlens ingest --db ${db} ${logs}`,
    );
    const resumed = await nfwlens(['ingest', '--db', db, logs, '--format', 'json']);
    expect(resumed.stderr).not.toContain('Out of Memory');
    expect(resumed.code).toBe(0);
    const status = await nfwlens(['status', '--db', db, '--format', 'json']);
    const s = JSON.parse(status.stdout) as { records: number; sessions: number };
    expect(s.records).toBe(generated);
    sessions = s.sessions;
    // More sessions than one page of the listing (10,000).
    expect(sessions).toBeGreaterThan(10_000);
  }, 180_000);
});

describe('listings of every session (more than a page) on standard output', () => {
  const all = () => ['sessions', '--db', db, '--limit', '1000000'];

  it('--format json is one valid array of every session, each once', async () => {
    const r = await nfwlens([...all(), '--format', 'json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as { request_id: number; start: string }[];
    expect(rows).toHaveLength(sessions);
    expect(new Set(rows.map((x) => x.request_id)).size).toBe(sessions);
    // Newest first throughout, across the page boundaries.
    for (let i = 1; i < rows.length; i++) expect(rows[i - 1]!.start >= rows[i]!.start).toBe(true);
  }, 120_000);

  it('--format ndjson: one session per line; csv: a header and one record per session', async () => {
    const nd = await nfwlens([...all(), '--format', 'ndjson', '--sort', 'total_bytes']);
    expect(nd.code).toBe(0);
    const lines = nd.stdout.split('\n');
    expect(lines.pop()).toBe('');
    const rows = lines.map((l) => JSON.parse(l) as { request_id: number; total_bytes: number });
    expect(rows).toHaveLength(sessions);
    expect(new Set(rows.map((x) => x.request_id)).size).toBe(sessions);
    for (let i = 1; i < rows.length; i++) expect(rows[i - 1]!.total_bytes >= rows[i]!.total_bytes).toBe(true);
    const csv = await nfwlens([...all(), '--format', 'csv', '--limit', '12345']);
    expect(csv.code).toBe(0);
    const records = csv.stdout.split('\r\n');
    expect(records.pop()).toBe('');
    expect(records[0]!.split(',')).toContain('request_id');
    expect(records).toHaveLength(Math.min(12_345, sessions) + 1);
  }, 120_000);
});
