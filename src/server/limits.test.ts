/**
 * One request must not hold the whole API: the time limit, cancellation when the client goes away,
 * and other reads answering beside a slow one. Over real HTTP, on a real DuckDB file of 67,584 events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueryCancelledError, QueryTimeoutError, type Store } from '../store/store.ts';
import { encodeQueryValue, errorShapeProblem, type HttpFixture, startHttpFixture } from './http.testing.ts';
import { READ_OPTIONS_AT } from './request-store.ts';

/** None of 100 words: 100 regex scans of every record's text (seconds on this table). */
const SLOW = encodeQueryValue(Array.from({ length: 100 }, (_x, i) => `-zq${i}x`).join(' '));

interface Settled {
  read: string;
  at: number;
  error: unknown;
}

/** The store, recording when each read operation settles and how. */
function recording(store: Store, settled: Settled[]): Store {
  return new Proxy(store, {
    get(target, prop) {
      const v: unknown = Reflect.get(target, prop, target);
      if (typeof v !== 'function') return v;
      if (typeof prop !== 'string' || !Object.hasOwn(READ_OPTIONS_AT, prop)) return v.bind(target);
      return (...args: unknown[]) => {
        const p = (v as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        p.then(
          () => settled.push({ read: prop, at: performance.now(), error: null }),
          (error: unknown) => settled.push({ read: prop, at: performance.now(), error }),
        );
        return p;
      };
    },
  });
}

const timed = async <T>(p: Promise<T>): Promise<{ ms: number; value: T }> => {
  const t0 = performance.now();
  const value = await p;
  return { ms: performance.now() - t0, value };
};

let http: HttpFixture;
const settled: Settled[] = [];
beforeAll(async () => {
  http = await startHttpFixture({ doublings: 11, queryTimeoutMs: 600, wrap: (s) => recording(s, settled) });
});
afterAll(async () => {
  await http.close();
});

describe('the read time limit', () => {
  it('stops a slow search at the limit with 503 query_timeout naming the limit and the option', async () => {
    const { ms, value } = await timed(http.get(`/api/search/count?q=${SLOW}`));
    expect(value.status).toBe(503);
    expect(errorShapeProblem(value.body)).toBeNull();
    expect(value.body).toMatchObject({ error: 'query_timeout' });
    expect((value.body as { message: string }).message).toMatch(/time limit of 0\.6 s.*--query-timeout/);
    expect(ms).toBeGreaterThanOrEqual(590);
    expect(ms).toBeLessThan(3000);
  });

  it('answers /api/status and a selective search while a slow search runs', async () => {
    // A limit of 5 s: had they waited behind the slow search, they would take seconds.
    await http.store.setLimits({ queryTimeoutMs: 5000 });
    const abort = new AbortController();
    try {
      const slow = fetch(`${http.url}/api/search?q=${SLOW}`, { signal: abort.signal }).catch((e: Error) => e);
      await new Promise((r) => setTimeout(r, 100));
      const status = await timed(http.get('/api/status'));
      const search = await timed(http.get(`/api/search?q=${encodeQueryValue('dest_port:53')}&limit=5`));
      expect(status.value.status).toBe(200);
      expect((status.value.body as { records: number }).records).toBe(33 * 2 ** 11);
      expect(search.value.status).toBe(200);
      expect(status.ms).toBeLessThan(2000);
      expect(search.ms).toBeLessThan(2000);
      abort.abort();
      expect(await slow).toBeInstanceOf(Error);
    } finally {
      await http.store.setLimits({ queryTimeoutMs: 600 });
    }
  });

  it('applies to reports too', async () => {
    const { value } = await timed(http.get(`/api/reports/firewalls?filter=${SLOW}`));
    expect(value).toMatchObject({ status: 503, body: { error: 'query_timeout' } });
  });
});

describe('a client that goes away', () => {
  it('stops its query at once and frees the connection', async () => {
    await http.store.setLimits({ queryTimeoutMs: 60_000 });
    try {
      const before = settled.length;
      const aborts = [new AbortController(), new AbortController()];
      const requests = aborts.map((a) =>
        fetch(`${http.url}/api/search/count?q=${SLOW}`, { signal: a.signal }).catch((e: Error) => e),
      );
      await new Promise((r) => setTimeout(r, 300));
      const abortedAt = performance.now();
      for (const a of aborts) a.abort();
      for (const r of requests) expect(await r).toBeInstanceOf(Error);
      // Both connections of the pool were busy: this read gets one only once a query stopped.
      const next = await timed(http.get(`/api/search/count?q=${encodeQueryValue('dest_port:53')}`));
      expect(next.value).toMatchObject({ status: 200 });
      expect(next.ms).toBeLessThan(2000);
      for (let i = 0; i < 50 && settled.length - before < 3; i++)
        await new Promise((r) => setTimeout(r, 100));
      const stopped = settled.slice(before).filter((s) => s.error instanceof QueryCancelledError);
      expect(stopped).toHaveLength(2);
      for (const s of stopped) expect(s.at - abortedAt).toBeLessThan(2000);
      expect(settled.slice(before).some((s) => s.error instanceof QueryTimeoutError)).toBe(false);
    } finally {
      await http.store.setLimits({ queryTimeoutMs: 600 });
    }
  });

  it('logged no unexpected error', () => {
    expect(http.internalErrors).toEqual([]);
  });
});
