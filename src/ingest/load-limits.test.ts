import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDbStore } from '../store/duckdb/index.ts';
import { withLoadLimits, withMemoryLimit } from './load-limits.ts';

let store: DuckDbStore;
beforeAll(async () => {
  store = await DuckDbStore.open({ path: ':memory:' });
});
afterAll(() => store.close());

/** DuckDB's current memory limit in bytes and its thread count. */
async function settings(): Promise<{ bytes: number; threads: number }> {
  const rows = await store.query(
    "SELECT (SELECT value FROM duckdb_settings() WHERE name = 'memory_limit') AS m, current_setting('threads') AS t",
  );
  const m = /^([\d.]+)\s*(\w+)$/.exec(String(rows[0]?.m))!;
  const unit: Record<string, number> = { KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30, TiB: 2 ** 40 };
  return { bytes: Number(m[1]) * (unit[m[2]!] ?? 1), threads: Number(rows[0]?.t) };
}

describe('withLoadLimits', () => {
  it('loads under a small memory limit and one thread, then restores both', async () => {
    await store.query('SET threads = 2');
    const before = await settings();
    const during = await withLoadLimits(store, () => settings(), {});
    expect(during.bytes).toBeLessThanOrEqual(256 * 2 ** 20);
    expect(during.threads).toBe(store.ingestLimits.load.threads);
    const after = await settings();
    expect(after.threads).toBe(2);
    expect(after.bytes).toBeGreaterThan(before.bytes * 0.99);
  });

  it('restores the settings when the load fails', async () => {
    const before = await settings();
    await expect(
      withLoadLimits(
        store,
        async () => {
          throw new Error('boom');
        },
        {},
      ),
    ).rejects.toThrow('boom');
    const after = await settings();
    expect(after.threads).toBe(before.threads);
    expect(after.bytes).toBeGreaterThan(before.bytes * 0.99);
  });

  it('keeps an explicit NFWLENS_MEMORY_LIMIT', async () => {
    const before = await settings();
    const during = await withLoadLimits(store, () => settings(), { NFWLENS_MEMORY_LIMIT: '2GB' });
    expect(during.bytes).toBe(before.bytes);
  });
});

describe('withMemoryLimit', () => {
  it('runs under the limit when that suffices', async () => {
    const during = await withMemoryLimit(store, '300MB', () => settings(), {});
    expect(during.bytes).toBeLessThanOrEqual(300 * 2 ** 20);
  });

  it('retries once under the previous limit after Out of Memory, then restores it', async () => {
    const before = await settings();
    const seen: number[] = [];
    const out = await withMemoryLimit(
      store,
      '300MB',
      async () => {
        seen.push((await settings()).bytes);
        if (seen.length === 1) throw new Error('Out of Memory Error: could not allocate block');
        return 'ok';
      },
      {},
    );
    expect(out).toBe('ok');
    expect(seen[0]).toBeLessThanOrEqual(300 * 2 ** 20);
    expect(seen[1]).toBeGreaterThan(before.bytes * 0.99);
    expect((await settings()).bytes).toBeGreaterThan(before.bytes * 0.99);
  });

  it('does not retry other failures', async () => {
    let calls = 0;
    await expect(
      withMemoryLimit(
        store,
        '300MB',
        async () => {
          calls++;
          throw new Error('syntax error');
        },
        {},
      ),
    ).rejects.toThrow('syntax error');
    expect(calls).toBe(1);
  });
});
