/**
 * The running server's address, next to its database (`<db>.server.json`, mode 0600): DuckDB lets one
 * process hold a database file, so while `nfwlens serve` runs, the CLI's read commands find the
 * server here and ask its API instead. Written after the server listens, removed when it stops.
 */
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface ServerLock {
  /** Where a local client reaches the server (`http://127.0.0.1:8080`). */
  url: string;
  /** The access token, or null when the server requires none. */
  token: string | null;
  /** The key `POST /api/ingest` wants: whoever can read this file may hand the server an ingest. */
  ingest_key?: string | null;
  pid: number;
  db: string;
  started_at: string;
}

export function serverLockPath(db: string): string {
  return `${resolve(db)}.server.json`;
}

export function writeServerLock(db: string, lock: Omit<ServerLock, 'db' | 'started_at' | 'pid'>): ServerLock {
  const full: ServerLock = {
    ...lock,
    pid: process.pid,
    db: resolve(db),
    started_at: new Date().toISOString(),
  };
  const path = serverLockPath(db);
  writeFileSync(path, `${JSON.stringify(full, null, 2)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600); // `mode` applies only when the file is created
  return full;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The lock of a live server for this database, or null (none, unreadable, or its process is gone). */
export function readServerLock(db: string): ServerLock | null {
  let lock: ServerLock;
  try {
    lock = JSON.parse(readFileSync(serverLockPath(db), 'utf8')) as ServerLock;
  } catch {
    return null;
  }
  if (typeof lock.url !== 'string' || typeof lock.pid !== 'number') return null;
  if (lock.pid !== process.pid && !processAlive(lock.pid)) return null;
  return lock;
}

/** Removes the lock if this process wrote it (another server's lock is left alone). */
export function removeServerLock(db: string): void {
  const path = serverLockPath(db);
  try {
    const lock = JSON.parse(readFileSync(path, 'utf8')) as Partial<ServerLock>;
    if (lock.pid !== process.pid) return;
  } catch {
    return;
  }
  rmSync(path, { force: true });
}

/** The URL a local client uses for a server listening on `host:port`. */
export function localUrl(host: string, port: number): string {
  const h = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${h.includes(':') ? `[${h}]` : h}:${port}`;
}
