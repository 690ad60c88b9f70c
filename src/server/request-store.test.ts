import { describe, expect, it } from 'vitest';
import type { ReadOptions, Store } from '../store/store.ts';
import { READ_OPTIONS_AT, withReadOptions } from './request-store.ts';

/** A store whose every method returns the arguments it was called with. */
function echoStore(): Store {
  return new Proxy({} as Store, {
    get: (_t, prop) => (prop === 'engine' ? 'duckdb' : (...args: unknown[]) => Promise.resolve(args)),
  });
}

describe('withReadOptions', () => {
  const signal = new AbortController().signal;
  const read: ReadOptions = { signal, since: 1234 };

  it.each(Object.entries(READ_OPTIONS_AT))(
    'passes the request options to %s (argument %i)',
    async (name, at) => {
      const store = withReadOptions(echoStore(), read) as unknown as Record<string, () => Promise<unknown[]>>;
      const args = await store[name]!();
      expect(args).toHaveLength(at + 1);
      expect(args[at]).toEqual(read);
    },
  );

  it('keeps the arguments given and lets the caller override an option', async () => {
    const store = withReadOptions(echoStore(), read);
    const filter = { where: { sql: 'TRUE', params: [] } };
    const args = (await store.eventHistogram(filter, 60, { since: 99 })) as unknown as unknown[];
    expect(args).toEqual([filter, 60, { signal, since: 99 }]);
  });

  it('leaves other operations and properties as they are', async () => {
    const store = withReadOptions(echoStore(), read);
    expect(store.engine).toBe('duckdb');
    expect(await store.listRejected({ limit: 1 })).toEqual([{ limit: 1 }]);
  });
});
