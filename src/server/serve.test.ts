import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreLockedError } from '../store/duckdb/index.ts';
import {
  ServerApiError,
  ServerClient,
  ServerUnavailableError,
  serverClientFor,
  viaServer,
} from './client.ts';
import { fixtureLines, openFixtureStore, PAGED_FLOWS } from './fixture.testing.ts';
import { localUrl, readServerLock, serverLockPath } from './server-lock.ts';
import { startServer } from './start-server.ts';

const run = promisify(execFile);
const BIN = resolve(import.meta.dirname, '../../bin/nfwlens.js');
const RECORDS = PAGED_FLOWS + 3;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nfwlens-serve-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('localUrl', () => {
  it.each([
    ['127.0.0.1', 'http://127.0.0.1:8080'],
    ['0.0.0.0', 'http://127.0.0.1:8080'],
    ['::', 'http://[::1]:8080'],
    ['::1', 'http://[::1]:8080'],
    ['localhost', 'http://localhost:8080'],
  ])('%s -> %s', (host, url) => {
    expect(localUrl(host, 8080)).toBe(url);
  });
});

describe('startServer on 127.0.0.1 (real listen)', () => {
  it('listens, publishes the lock file (0600) while running and removes it on close', async () => {
    const db = join(dir, 'a.duckdb');
    const fx = await openFixtureStore(db);
    const server = await startServer({ store: fx.store, dbPath: db, host: '127.0.0.1', port: 0 });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(server.token).toBeNull();
      const path = serverLockPath(db);
      expect(statSync(path).mode & 0o777).toBe(0o600);
      const lock = readServerLock(db);
      expect(lock).toMatchObject({ url: server.url, token: null, pid: process.pid, db: resolve(db) });

      const res = await fetch(`${server.url}/api/status`);
      expect(res.status).toBe(200);
      expect((await res.json()).records).toBe(RECORDS);

      // What a CLI read command does when the store is locked by this server.
      const locked = new StoreLockedError(resolve(db), new Error('Conflicting lock'));
      const status = await viaServer(locked, db, (c) => c.status());
      expect(status.records).toBe(RECORDS);
      expect(status.sessions_paired).toBe(1);
      const rejected = await viaServer(locked, db, (c) => c.rejected({ limit: 10 }));
      expect(rejected).toHaveLength(1);
    } finally {
      await server.close();
      await fx.close();
    }
    expect(existsSync(serverLockPath(db))).toBe(false);
  });

  it('records the token for local clients, which send it as a bearer token', async () => {
    const db = join(dir, 'b.duckdb');
    const fx = await openFixtureStore(db);
    const server = await startServer({
      store: fx.store,
      dbPath: db,
      host: '127.0.0.1',
      port: 0,
      token: 's3cret',
    });
    try {
      expect(JSON.parse(readFileSync(serverLockPath(db), 'utf8')).token).toBe('s3cret');
      expect((await fetch(`${server.url}/api/status`)).status).toBe(401);
      const client = serverClientFor(db)!;
      expect((await client.status()).records).toBe(RECORDS);
      const bad = new ServerClient(server.url, 'wrong');
      await expect(bad.status()).rejects.toBeInstanceOf(ServerApiError);
      await expect(client.get('/api/search', { q: 'dest_prot:1' })).rejects.toMatchObject({
        status: 400,
        body: { error: 'unknown_field', position: { offset: 0 } },
      });
    } finally {
      await server.close();
      await fx.close();
    }
  });
});

describe('viaServer without a server', () => {
  it('explains a locked database with no server, and rethrows other errors', async () => {
    const db = join(dir, 'none.duckdb');
    const saved = process.env.NFWLENS_SERVER;
    delete process.env.NFWLENS_SERVER;
    try {
      const locked = new StoreLockedError(resolve(db), new Error('lock'));
      await expect(viaServer(locked, db, async () => 1)).rejects.toBeInstanceOf(ServerUnavailableError);
      const other = new Error('disk full');
      await expect(viaServer(other, db, async () => 1)).rejects.toBe(other);
    } finally {
      if (saved !== undefined) process.env.NFWLENS_SERVER = saved;
    }
  });
});

/** Starts `nfwlens serve` and resolves with its URL once it prints it. */
function spawnServe(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolveUrl, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = / at (http:\/\/\S+)/.exec(out);
      if (m) resolveUrl({ child, url: m[1]! });
    });
    child.stderr!.on('data', (b: Buffer) => {
      err += b.toString();
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${err}`)));
  });
}

describe('nfwlens serve (CLI, real listen on 127.0.0.1)', () => {
  it('serves the API; status and rejected ask it while it holds the database; stops on SIGTERM', async () => {
    const db = join(dir, 'cli.duckdb');
    const fx = await openFixtureStore(db);
    await fx.close();
    const { child, url } = await spawnServe(['--db', db, '--port', '0']);
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${url}/api/search/count?q=dest_port:53`);
      expect(await res.json()).toMatchObject({ count: PAGED_FLOWS });
      expect(readServerLock(db)?.url).toBe(url);

      const status = await run(process.execPath, [BIN, 'status', '--db', db, '--format', 'json']);
      expect(JSON.parse(status.stdout)).toMatchObject({ records: RECORDS, rejected: 1 });
      const rejected = await run(process.execPath, [BIN, 'rejected', '--db', db, '--format', 'json']);
      expect(JSON.parse(rejected.stdout)).toHaveLength(1);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(existsSync(serverLockPath(db))).toBe(false);
  });
});

/** A port that was free a moment ago. */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => done(port));
    });
  });
}

describe('nfwlens serve --config (collectors inside the server)', () => {
  it('runs a Firehose source: delivered records are searchable and the collector shows in the status', async () => {
    const db = join(dir, 'collect.duckdb');
    const port = await freePort();
    const config = join(dir, 'nfwlens.yaml');
    writeFileSync(
      config,
      [
        'pollIntervalSeconds: 5',
        'sources:',
        '  - name: hose',
        '    type: firehose',
        '    host: 127.0.0.1',
        `    port: ${port}`,
        '    accessKey: k3y',
        '',
      ].join('\n'),
    );
    const { child, url } = await spawnServe(['--db', db, '--port', '0', '--config', config]);
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      const lines = fixtureLines().slice(0, 3); // both halves and the alert of one flow
      const body = {
        requestId: 'req-1',
        timestamp: Date.now(),
        records: lines.map((l) => ({ data: Buffer.from(l).toString('base64') })),
      };
      let res: Response | null = null;
      for (let i = 0; i < 50 && res === null; i++) {
        res = await fetch(`http://127.0.0.1:${port}/firehose`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-amz-firehose-access-key': 'k3y',
            'x-amz-firehose-request-id': 'req-1',
          },
          body: JSON.stringify(body),
        }).catch(async () => {
          await new Promise((r) => setTimeout(r, 100)); // the endpoint starts just after the API
          return null;
        });
      }
      expect(res?.status).toBe(200);
      const count = await (await fetch(`${url}/api/search/count`)).json();
      expect(count.count).toBe(3);
      const status = await (await fetch(`${url}/api/status`)).json();
      expect(status.collectors).toEqual([
        expect.objectContaining({ source: 'hose', type: 'firehose', records: 3 }),
      ]);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
