/** Saved objects on every engine: save, replace, read, list by name, delete; kept across a reopen. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClickHouseStore } from './clickhouse/clickhouse-store.ts';
import { CLICKHOUSE_SKIP_REASON, CLICKHOUSE_URL, testDatabase } from './clickhouse/fixture.testing.ts';
import { DuckDbStore } from './duckdb/duckdb-store.ts';
import type { Store } from './store.ts';

interface Engine {
  name: string;
  skip: string | null;
  /** A fresh store and a way to open the same database again. */
  make(): Promise<{ open(): Promise<Store>; drop(): Promise<void> }>;
}

const ENGINES: Engine[] = [
  {
    name: 'duckdb',
    skip: null,
    async make() {
      const dir = mkdtempSync(join(tmpdir(), 'nfwlens-saved-'));
      return {
        open: () => DuckDbStore.open({ path: join(dir, 'db.duckdb') }),
        drop: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  },
  {
    name: 'clickhouse',
    skip: CLICKHOUSE_URL === '' ? CLICKHOUSE_SKIP_REASON : null,
    async make() {
      const db = await testDatabase('saved');
      const u = new URL(CLICKHOUSE_URL);
      return {
        open: () =>
          ClickHouseStore.open({ url: `clickhouse://default@${u.hostname}:${u.port}/${db.database}` }),
        drop: () => db.drop(),
      };
    },
  },
];

describe.each(ENGINES)('saved objects on $name', (engine) => {
  it.skipIf(engine.skip !== null)(
    'saves, replaces, lists, deletes, and keeps them across a reopen',
    async () => {
      const made = await engine.make();
      let store = await made.open();
      try {
        expect(await store.listSavedObjects('search')).toEqual([]);
        expect(await store.savedObject('search', 'blocked')).toBeNull();
        const first = await store.saveObject('search', 'blocked', { query: 'action:blocked', from: '-24h' });
        expect(first).toMatchObject({
          kind: 'search',
          name: 'blocked',
          value: { query: 'action:blocked', from: '-24h' },
        });
        expect(first.created_at).toMatch(/^\d{4}-\d\d-\d\dT/);
        await store.saveObject('search', 'a "quoted" name', { query: 'proto:udp' });
        await store.saveObject('report', 'blocked', { other: true });
        const replaced = await store.saveObject('search', 'blocked', {
          query: 'action:blocked and proto:tcp',
        });
        expect(replaced.value).toEqual({ query: 'action:blocked and proto:tcp' });
        expect(replaced.created_at).toBe(first.created_at);
        expect((await store.listSavedObjects('search')).map((o) => o.name)).toEqual([
          'a "quoted" name',
          'blocked',
        ]);
        await store.close();
        store = await made.open();
        expect((await store.savedObject('search', 'blocked'))?.value).toEqual({
          query: 'action:blocked and proto:tcp',
        });
        expect(await store.deleteSavedObject('search', 'blocked')).toBe(true);
        expect(await store.deleteSavedObject('search', 'blocked')).toBe(false);
        expect(await store.savedObject('search', 'blocked')).toBeNull();
        expect((await store.listSavedObjects('search')).map((o) => o.name)).toEqual(['a "quoted" name']);
        expect((await store.listSavedObjects('report')).map((o) => o.name)).toEqual(['blocked']);
        // Saved again after a deletion: there again.
        await store.saveObject('search', 'blocked', { query: 'x' });
        expect((await store.savedObject('search', 'blocked'))?.value).toEqual({ query: 'x' });
      } finally {
        await store.close();
        await made.drop();
      }
    },
  );
});
