/**
 * `nfwlens ingest` while `nfwlens serve` holds the database: the CLI hands the files to the server,
 * which ingests them with the same checkpoints and answers with the same report. Real processes,
 * a real DuckDB file, real HTTP.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alert, netflow } from '../sessions/fixtures.testing.ts';

const BIN = resolve(import.meta.dirname, '../../bin/nfwlens.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function env(): NodeJS.ProcessEnv {
  const e = { ...process.env };
  delete e.NFWLENS_DB;
  delete e.NFWLENS_SERVER;
  delete e.NFWLENS_TOKEN;
  return e;
}

function nfwlens(args: readonly string[], input?: string): Promise<Run> {
  return new Promise((done) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { env: env(), timeout: 60_000 },
      (err, stdout, stderr) =>
        done({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }),
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** Flow records `from..to` (one half each) and an alert on the first of them. */
function lines(from: number, to: number): string {
  const out: string[] = [];
  for (let i = from; i < to; i++) {
    out.push(
      netflow({
        flowId: 900_000 + i,
        ts: '2024-01-01T00:00:10.000000+0000',
        start: '2024-01-01T00:00:00.000000+0000',
        end: '2024-01-01T00:00:05.000000+0000',
        src: '10.0.0.1',
        sport: 40_000 + i,
        dst: '192.0.2.1',
        dport: 443,
        pkts: 1,
        bytes: 100,
        app: 'tls',
      }),
    );
  }
  out.push(
    alert({
      flowId: 900_000 + from,
      ts: '2024-01-01T00:00:01.000000+0000',
      action: 'blocked',
      sid: 7,
      sport: 40_000 + from,
    }),
  );
  return `${out.join('\n')}\n`;
}

/** The one object a `--format json` command printed. */
function one(stdout: string): Record<string, unknown> {
  const v = JSON.parse(stdout) as unknown;
  return (Array.isArray(v) ? v[0] : v) as Record<string, unknown>;
}

let dir: string;
let db: string;
let server: ChildProcess;
let lock: { url: string; ingest_key: string; token: string | null };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nfwlens-handover-'));
  db = join(dir, 'x.duckdb');
  writeFileSync(join(dir, 'a.log'), lines(0, 20));
  expect((await nfwlens(['ingest', '--db', db, join(dir, 'a.log')])).code).toBe(0);
  server = spawn(process.execPath, [BIN, 'serve', '--db', db, '--port', '0'], {
    env: env(),
    stdio: 'ignore',
  });
  const lockPath = `${db}.server.json`;
  for (let i = 0; i < 300 && !existsSync(lockPath); i++) await new Promise((r) => setTimeout(r, 100));
  lock = JSON.parse(readFileSync(lockPath, 'utf8'));
}, 60_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('ingest while the server holds the database', () => {
  it('hands the files to the server: the same report, and nothing twice', async () => {
    writeFileSync(join(dir, 'b.log'), lines(20, 50));
    const first = await nfwlens(['ingest', '--db', db, '--format', 'json', join(dir, 'b.log')]);
    expect(first.stderr).toMatch(/ingested by it/);
    expect(first.code).toBe(0);
    const report = one(first.stdout);
    expect(report).toMatchObject({ files: 1, records: 31, rejected: 0 });
    expect(report.sessions_updated).toBeGreaterThan(0);

    // Again: the server's checkpoints know the file.
    const again = await nfwlens(['ingest', '--db', db, '--format', 'json', join(dir, 'b.log')]);
    expect(again.code).toBe(0);
    expect(one(again.stdout)).toMatchObject({ records: 0, unchanged_files: 1 });

    // A relative path is the caller's, not the server's.
    writeFileSync(join(dir, 'c.log'), lines(50, 55));
    const rel = await new Promise<Run>((done) =>
      execFile(
        process.execPath,
        [BIN, 'ingest', '--db', db, '--format', 'json', 'c.log'],
        { cwd: dir, env: env() },
        (err, stdout, stderr) => done({ code: err ? 1 : 0, stdout, stderr }),
      ),
    );
    expect(rel.code).toBe(0);
    expect(one(rel.stdout)).toMatchObject({ records: 6 });

    const status = await nfwlens(['status', '--db', db, '--format', 'json']);
    expect(one(status.stdout)).toMatchObject({ records: 21 + 31 + 6 });
  });

  it('reports an unreadable path as a local ingest does (exit 1, the rest stored)', async () => {
    writeFileSync(join(dir, 'd.log'), lines(60, 62));
    const r = await nfwlens([
      'ingest',
      '--db',
      db,
      '--format',
      'json',
      join(dir, 'd.log'),
      join(dir, 'missing.log'),
    ]);
    expect(r.code).toBe(1);
    expect(one(r.stdout)).toMatchObject({ records: 3, unreadable: 1 });
    expect(r.stderr).toMatch(/could not read .*missing\.log/);
  });

  it('refuses standard input, naming why', async () => {
    const r = await nfwlens(['ingest', '--db', db, '-'], lines(70, 71));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/standard input cannot be handed/);
  });

  it('takes an ingest only with the lock file key', async () => {
    const post = (key?: string) =>
      fetch(`${lock.url}/api/ingest`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key ? { 'x-nfwlens-ingest-key': key } : {}) },
        body: JSON.stringify({ paths: [join(dir, 'a.log')] }),
      });
    expect((await post()).status).toBe(401);
    expect((await post(`${lock.ingest_key}x`)).status).toBe(401);
    const bad = await fetch(`${lock.url}/api/ingest`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-nfwlens-ingest-key': lock.ingest_key },
      body: JSON.stringify({ paths: ['relative.log'] }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'bad_request' });
  });
});
