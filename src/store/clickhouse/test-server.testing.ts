/**
 * A real ClickHouse server for the tests: clickhouse-local (from the `@chdb/lib-linux-x64-gnu` dev dependency's
 * libchdb.so) serving ClickHouse's own HTTP interface on 127.0.0.1, started through a small C
 * launcher (`test/clickhouse/launcher.c`, compiled with the system's C compiler on first use).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const LAUNCHER_SOURCE = join(ROOT, 'test/clickhouse/launcher.c');
const LAUNCHER = join(ROOT, 'node_modules/.cache/nfwlens/clickhouse-launcher');

export class ClickHouseUnavailableError extends Error {}

/** The path of libchdb.so, or null when the `@chdb/lib-linux-x64-gnu` dev dependency is not installed. */
export function libchdbPath(): string | null {
  try {
    const pkg = createRequire(import.meta.url).resolve('@chdb/lib-linux-x64-gnu/package.json');
    const lib = join(dirname(pkg), 'libchdb.so');
    return existsSync(lib) ? lib : null;
  } catch {
    return null;
  }
}

function launcher(): string {
  if (existsSync(LAUNCHER) && statSync(LAUNCHER).mtimeMs >= statSync(LAUNCHER_SOURCE).mtimeMs)
    return LAUNCHER;
  mkdirSync(dirname(LAUNCHER), { recursive: true });
  try {
    execFileSync('cc', ['-O2', '-o', LAUNCHER, LAUNCHER_SOURCE, '-ldl'], { stdio: 'pipe' });
  } catch (err) {
    throw new ClickHouseUnavailableError(
      `cannot compile ${LAUNCHER_SOURCE} with cc: ${(err as { stderr?: Buffer }).stderr?.toString() ?? err}`,
    );
  }
  return LAUNCHER;
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => ok(port));
    });
  });
}

export interface ClickHouseServer {
  /** e.g. http://127.0.0.1:34567 */
  url: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  timeoutMs?: number;
  /** Ports to listen on (default: free ones). */
  httpPort?: number;
  tcpPort?: number;
  /** A server configuration (XML) written to the data folder and passed as `--config-file`. */
  configXml?: string;
}

/** Starts a server in a fresh data folder; resolves once it answers `/ping`. */
export async function startClickHouse(opts: StartOptions = {}): Promise<ClickHouseServer> {
  const lib = libchdbPath();
  if (lib === null) {
    throw new ClickHouseUnavailableError(
      'the @chdb/lib-linux-x64-gnu dev dependency (the ClickHouse library of chDB, Linux x64 only) is not installed (npm ci)',
    );
  }
  const bin = launcher();
  const dir = mkdtempSync(join(tmpdir(), 'nfwlens-clickhouse-'));
  const http = opts.httpPort ?? (await freePort());
  const tcp = opts.tcpPort ?? (await freePort());
  const config: string[] = [];
  if (opts.configXml !== undefined) {
    const file = join(dir, 'config.xml');
    writeFileSync(file, opts.configXml);
    config.push('--config-file', file);
  }
  // Serve until stopped: the query after START LISTEN sleeps a second per row of a long range.
  const keepServing =
    'SELECT sleepEachRow(1) FROM numbers(100000000) SETTINGS max_block_size = 1, ' +
    'function_sleep_max_microseconds_per_block = 0 FORMAT Null';
  const child: ChildProcess = spawn(
    bin,
    [
      lib,
      ...config,
      '--path',
      join(dir, 'data'),
      '--http_port',
      String(http),
      '--tcp_port',
      String(tcp),
      '--listen_host',
      '127.0.0.1',
      '--query',
      `SYSTEM START LISTEN HTTP; ${opts.configXml !== undefined ? 'SYSTEM START LISTEN TCP; ' : ''}${keepServing}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  const url = `http://127.0.0.1:${http}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new ClickHouseUnavailableError(
        `clickhouse-local exited with ${child.exitCode}: ${stderr.trim()}`,
      );
    }
    try {
      const res = await fetch(`${url}/ping`);
      if (res.ok && (await res.text()).trim() === 'Ok.') return { url, stop };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new ClickHouseUnavailableError(
        `clickhouse-local did not answer /ping within the time limit: ${stderr}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface ClickHouseCluster {
  /** The cluster's name in each server's `remote_servers`. */
  name: string;
  /** One server per shard, in shard order. */
  servers: ClickHouseServer[];
  stop(): Promise<void>;
}

/**
 * A cluster of `shards` servers, one replica each, every server knowing all of them as
 * `remote_servers.<name>` (what `Distributed` tables and `cluster()` read). No Keeper: no
 * `ON CLUSTER` DDL or replicated tables.
 */
export async function startClickHouseCluster(
  shards: number,
  opts: { name?: string; timeoutMs?: number } = {},
): Promise<ClickHouseCluster> {
  const name = opts.name ?? 'nfwlens_test';
  const ports: { http: number; tcp: number }[] = [];
  for (let i = 0; i < shards; i++) ports.push({ http: await freePort(), tcp: await freePort() });
  const shardXml = ports
    .map((p) => `<shard><replica><host>127.0.0.1</host><port>${p.tcp}</port></replica></shard>`)
    .join('');
  const configXml = `<clickhouse><remote_servers><${name}>${shardXml}</${name}></remote_servers></clickhouse>`;
  const servers: ClickHouseServer[] = [];
  try {
    for (const p of ports) {
      servers.push(
        await startClickHouse({ httpPort: p.http, tcpPort: p.tcp, configXml, timeoutMs: opts.timeoutMs }),
      );
    }
  } catch (err) {
    await Promise.all(servers.map((s) => s.stop()));
    throw err;
  }
  return { name, servers, stop: async () => void (await Promise.all(servers.map((s) => s.stop()))) };
}
