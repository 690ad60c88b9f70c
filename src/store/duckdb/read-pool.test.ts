/** Reads on a real DuckDB file: time limits, cancellation, and reads and writes beside a slow read. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeLine } from '../../normalize/index.ts';
import { type EventInput, QueryCancelledError, QueryTimeoutError } from '../store.ts';
import { DuckDbStore } from './duckdb-store.ts';

/** A read that would run for hours: only an interrupt ends it. */
const ENDLESS = 'SELECT max(hash(i)) AS m FROM range(1000000000000000) t(i)';

function eventAt(second: number): EventInput {
  const r = normalizeLine(
    JSON.stringify({
      firewall_name: 'fw',
      availability_zone: 'az',
      event: {
        timestamp: `2024-01-01T00:00:${String(second).padStart(2, '0')}.000000+0000`,
        event_type: 'alert',
        src_ip: '10.0.0.1',
        dest_ip: '10.0.0.2',
        alert: { action: 'allowed', signature_id: 1, signature: 's' },
      },
    }),
  );
  if (!r.ok) throw new Error(r.message);
  return { row: r.row, residual: r.residual, origin: 'test', line: second };
}

const elapsed = async <T>(p: Promise<T>): Promise<{ ms: number; value: T | Error }> => {
  const t0 = performance.now();
  const value = await p.catch((e: Error) => e);
  return { ms: performance.now() - t0, value };
};

let dir: string;
let store: DuckDbStore;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nfwlens-reads-'));
  store = await DuckDbStore.open({ path: join(dir, 'reads.duckdb'), queryTimeoutMs: 400 });
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('DuckDbStore reads', () => {
  it('stops a read at the time limit and answers the next one', async () => {
    const { ms, value } = await elapsed(store.query(ENDLESS));
    expect(value).toBeInstanceOf(QueryTimeoutError);
    expect((value as QueryTimeoutError).limitMs).toBe(400);
    expect(ms).toBeGreaterThanOrEqual(390);
    expect(ms).toBeLessThan(3000);
    expect(await store.query('SELECT 42 AS n')).toEqual([{ n: 42 }]);
  });

  it('stops a read when its signal aborts', async () => {
    await store.setLimits({ queryTimeoutMs: 10_000 });
    try {
      const abort = new AbortController();
      setTimeout(() => abort.abort(), 150);
      const { ms, value } = await elapsed(store.query(ENDLESS, [], { signal: abort.signal }));
      expect(value).toBeInstanceOf(QueryCancelledError);
      expect(ms).toBeLessThan(3000);
      await expect(store.query('SELECT 1', [], { signal: abort.signal })).rejects.toBeInstanceOf(
        QueryCancelledError,
      );
    } finally {
      await store.setLimits({ queryTimeoutMs: 400 });
    }
  });

  it('answers other reads and commits writes while a slow read runs', async () => {
    await store.setLimits({ queryTimeoutMs: 1500 });
    try {
      const slow = elapsed(store.query(ENDLESS));
      await new Promise((r) => setTimeout(r, 100));
      const status = await elapsed(store.status());
      const commit = await elapsed(store.commitBatch({ events: [eventAt(1), eventAt(2)], rejects: [] }));
      const count = await elapsed(store.query('SELECT count(*) AS n FROM events'));
      expect(status.ms).toBeLessThan(1000);
      expect(commit.ms).toBeLessThan(1000);
      expect(commit.value).toMatchObject({ inserted: 2 });
      expect(count.value).toEqual([{ n: 2 }]);
      expect((await slow).value).toBeInstanceOf(QueryTimeoutError);
    } finally {
      await store.setLimits({ queryTimeoutMs: 400 });
    }
  });

  it('queues reads beyond its connections, and the wait counts against the limit', async () => {
    const a = store.query(ENDLESS).catch((e: Error) => e);
    const b = store.query(ENDLESS).catch((e: Error) => e);
    const queued = await elapsed(store.query('SELECT 1 AS n'));
    expect(queued.value).toBeInstanceOf(QueryTimeoutError);
    expect(await a).toBeInstanceOf(QueryTimeoutError);
    expect(await b).toBeInstanceOf(QueryTimeoutError);
    expect(await store.query('SELECT 1 AS n')).toEqual([{ n: 1 }]);
  });

  it('gives reads that share a start one limit together', async () => {
    const since = Date.now();
    const first = await elapsed(store.query(ENDLESS, [], { since }));
    expect(first.value).toBeInstanceOf(QueryTimeoutError);
    const second = await elapsed(store.query('SELECT 1 AS n', [], { since }));
    expect(second.value).toBeInstanceOf(QueryTimeoutError);
    expect(second.ms).toBeLessThan(50);
    await new Promise((r) => setTimeout(r, 50));
    const early = Date.now() - 200;
    const third = await elapsed(store.query(ENDLESS, [], { since: early }));
    expect(third.value).toBeInstanceOf(QueryTimeoutError);
    expect(third.ms).toBeLessThan(390);
    expect(await store.query('SELECT 1 AS n', [], { since: Date.now() })).toEqual([{ n: 1 }]);
  });

  it('reports and changes the limit; 0 or null lifts it', async () => {
    expect((await store.limits()).queryTimeoutMs).toBe(400);
    await store.setLimits({ queryTimeoutMs: 0 });
    expect((await store.limits()).queryTimeoutMs).toBeNull();
    await expect(store.setLimits({ queryTimeoutMs: -1 })).rejects.toThrow(/whole number/);
    await store.setLimits({ queryTimeoutMs: 400 });
  });
});
