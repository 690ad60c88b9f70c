/**
 * Reads run on a small pool of connections to the one database instance, handed out first come,
 * first served: a slow search holds one connection while the others keep answering (status, the
 * dashboard). Each read has a time limit and may be cancelled; either interrupts its connection
 * (DuckDB stops the query within about 0.1 s) and frees it for the next read. Writes use their
 * own connection and never wait here.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { QueryCancelledError, QueryTimeoutError, type ReadOptions } from '../store.ts';

const INTERRUPT_REPEAT_MS = 100;

interface Waiter {
  resolve(conn: DuckDBConnection): void;
  reject(err: Error): void;
}

export interface ReadRun extends ReadOptions {
  /** The time limit of this read (waiting for a connection included); null: none. */
  timeoutMs: number | null;
}

export class ReadPool {
  private readonly idle: DuckDBConnection[];
  private readonly waiters: Waiter[] = [];

  constructor(private readonly all: readonly DuckDBConnection[]) {
    this.idle = [...all];
  }

  get size(): number {
    return this.all.length;
  }

  /** Runs `fn` on a connection of its own, under the run's time limit and signal. */
  async run<T>(fn: (conn: DuckDBConnection) => Promise<T>, opts: ReadRun): Promise<T> {
    const { signal, timeoutMs } = opts;
    if (signal?.aborted) throw new QueryCancelledError();
    const left =
      timeoutMs === null ? null : timeoutMs - (opts.since === undefined ? 0 : Date.now() - opts.since);
    if (timeoutMs !== null && left !== null && left <= 0) throw new QueryTimeoutError(timeoutMs);
    let stopped: Error | null = null;
    let conn: DuckDBConnection | null = null;
    let waiter: Waiter | null = null;
    let repeat: NodeJS.Timeout | null = null;
    const stop = (err: Error) => {
      if (stopped) return;
      stopped = err;
      if (conn) {
        const c = conn;
        c.interrupt();
        // An interrupt that lands while the statement is still being prepared is lost: repeat it.
        repeat = setInterval(() => c.interrupt(), INTERRUPT_REPEAT_MS);
      } else if (waiter) this.dropWaiter(waiter, err);
    };
    const onAbort = () => stop(new QueryCancelledError());
    const timer = timeoutMs && left ? setTimeout(() => stop(new QueryTimeoutError(timeoutMs)), left) : null;
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      conn = await new Promise<DuckDBConnection>((resolve, reject) => {
        waiter = { resolve, reject };
        this.acquire(waiter);
      });
      if (stopped) {
        this.release(conn);
        throw stopped;
      }
      try {
        return await fn(conn);
      } catch (err) {
        throw stopped ?? err;
      } finally {
        if (repeat) clearInterval(repeat);
        const used = conn;
        if (stopped) await settle(used);
        this.release(used);
      }
    } finally {
      if (timer) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  private acquire(w: Waiter): void {
    const conn = this.idle.pop();
    if (conn) w.resolve(conn);
    else this.waiters.push(w);
  }

  private dropWaiter(w: Waiter, err: Error): void {
    const i = this.waiters.indexOf(w);
    if (i >= 0) this.waiters.splice(i, 1);
    w.reject(err);
  }

  private release(conn: DuckDBConnection): void {
    const next = this.waiters.shift();
    if (next) next.resolve(conn);
    else this.idle.push(conn);
  }

  closeSync(): void {
    for (const w of this.waiters.splice(0)) w.reject(new Error('the store is closed'));
    for (const c of this.all) c.closeSync();
  }
}

/**
 * After an interrupt, make sure the connection answers again: an interrupt that arrived as the
 * query ended must not fail the next read on it.
 */
async function settle(conn: DuckDBConnection): Promise<void> {
  for (let i = 0; i < 3; i++) {
    try {
      await conn.run('SELECT 1');
      return;
    } catch {
      // interrupted once more: try again
    }
  }
}
