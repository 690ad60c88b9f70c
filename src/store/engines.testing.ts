/**
 * The one fixture parameter of the engine-neutral suites: every storage engine, each opening a fresh
 * empty store. DuckDB always runs; ClickHouse runs on the run's test server, and is skipped with the
 * reason when the server could not start (the global setup fails the run instead when CI=true).
 *
 *   describeEachEngine('sessions', (engine) => {
 *     let t: OpenedStore;
 *     beforeAll(async () => { t = await engine.open(); });
 *     afterAll(() => t?.close());
 *     it('...', async () => { ... t.store ... });
 *   });
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'vitest';
import { compileFilter, EVENT_FIELDS } from '../query/index.ts';
import { ClickHouseStore } from './clickhouse/clickhouse-store.ts';
import { CLICKHOUSE_SKIP_REASON, CLICKHOUSE_URL, testDatabase } from './clickhouse/fixture.testing.ts';
import { DuckDbStore } from './duckdb/duckdb-store.ts';
import type { StoredRecord } from './event-reads.ts';
import type { Store } from './store.ts';

export type EngineName = Store['engine'];

export interface OpenStoreOptions {
  /** DuckDB: a database file in a temp folder rather than `:memory:` (so `reopen` keeps the data). */
  file?: boolean;
  /** The time limit of one read (`EngineLimits.queryTimeoutMs`). */
  queryTimeoutMs?: number | null;
}

/** A fresh empty store of one engine, and how to let go of it. */
export interface OpenedStore {
  readonly store: Store;
  /** Closes the store and opens the same database again (DuckDB: only when opened with `file`). */
  reopen(): Promise<Store>;
  /** Closes the store and removes its database. */
  close(): Promise<void>;
}

export interface StoreEngine {
  readonly name: EngineName;
  /** Why this engine's suites are skipped; '' when they run. */
  readonly skipReason: string;
  open(opts?: OpenStoreOptions): Promise<OpenedStore>;
  /**
   * `full` on an embedded engine, `reduced` on a server engine, whose every statement is a round trip:
   * a heavy suite (many seeds, many stores) takes the reduced size there to keep the run short.
   */
  scale<T>(full: T, reduced: T): T;
}

const duckdb: StoreEngine = {
  name: 'duckdb',
  skipReason: '',
  async open(opts = {}) {
    const dir = opts.file ? mkdtempSync(join(tmpdir(), 'nfwlens-store-')) : null;
    const path = dir ? join(dir, 'store.duckdb') : ':memory:';
    const openOne = () => DuckDbStore.open({ path, queryTimeoutMs: opts.queryTimeoutMs ?? null });
    let store: Store = await openOne();
    return {
      get store() {
        return store;
      },
      async reopen() {
        if (!dir)
          throw new Error('an in-memory DuckDB store cannot be reopened: open it with { file: true }');
        await store.close();
        store = await openOne();
        return store;
      },
      async close() {
        await store.close();
        if (dir) rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  scale: (full) => full,
};

const clickhouse: StoreEngine = {
  name: 'clickhouse',
  skipReason: CLICKHOUSE_URL === '' ? `(skipped: ${CLICKHOUSE_SKIP_REASON})` : '',
  async open(opts = {}) {
    const db = await testDatabase('contract');
    const u = new URL(CLICKHOUSE_URL);
    const url = `clickhouse://default@${u.hostname}:${u.port}/${db.database}`;
    const openOne = () => ClickHouseStore.open({ url, queryTimeoutMs: opts.queryTimeoutMs ?? null });
    let store: Store = await openOne();
    return {
      get store() {
        return store;
      },
      async reopen() {
        await store.close();
        store = await openOne();
        return store;
      },
      async close() {
        await store.close();
        await db.drop();
      },
    };
  },
  scale: (_full, reduced) => reduced,
};

/** Every engine the neutral suites run on, DuckDB first. */
export const STORE_ENGINES: readonly StoreEngine[] = [duckdb, clickhouse];

/** The engine of that name (for a suite that runs on one engine only, such as DuckDB's own checks). */
export function storeEngine(name: EngineName): StoreEngine {
  const e = STORE_ENGINES.find((x) => x.name === name);
  if (!e) throw new Error(`no store engine ${name}`);
  return e;
}

/**
 * One `describe` per engine, titled `title [engine]`; an engine that cannot run is skipped with its
 * reason in the title. The suite is written once, against `engine.open()`.
 */
export function describeEachEngine(title: string, fn: (engine: StoreEngine) => void): void {
  for (const engine of STORE_ENGINES) {
    describe.skipIf(engine.skipReason !== '')(
      `${title} [${engine.name}] ${engine.skipReason}`.trimEnd(),
      () => fn(engine),
    );
  }
}

/** Opens a fresh store of `engine`, runs `fn` on it, and closes and removes it. */
export async function withStore<T>(
  engine: StoreEngine,
  fn: (store: Store, opened: OpenedStore) => Promise<T>,
  opts?: OpenStoreOptions,
): Promise<T> {
  const opened = await engine.open(opts);
  try {
    return await fn(opened.store, opened);
  } finally {
    await opened.close();
  }
}

/**
 * The stored form of every event matching `query` (query language; '' for all), in id order, read
 * through the store's operations only (a search page, then the stored records of its ids).
 */
export async function storedEvents(store: Store, query = ''): Promise<StoredRecord[]> {
  const where = compileFilter(query, EVENT_FIELDS, store.dialect);
  const page = await store.eventPage({ filter: { where }, limit: 1_000_000 });
  const ids = page.map((r) => Number(r.row.id)).sort((a, b) => a - b);
  return store.storedRecords(ids);
}

/**
 * The store itself, but `onCommit(n)` runs before the n-th commit (1-based) of the loaders it hands
 * out; throwing from it makes that commit fail as a store failure would (the batch is dropped).
 */
export function watchLoaderCommits(store: Store, onCommit: (n: number) => void): Store {
  let n = 0;
  const loaderOf = (opts?: Parameters<Store['loader']>[0]) => {
    const loader = store.loader(opts);
    return new Proxy(loader, {
      get(target, key) {
        if (key === 'commit') {
          return async () => {
            try {
              onCommit(++n);
            } catch (err) {
              target.discard();
              throw err;
            }
            return target.commit();
          };
        }
        const value = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  };
  // Every other member is the store's own, bound to it (its fields stay on the one instance).
  return new Proxy(store, {
    get(target, key) {
      if (key === 'loader') return loaderOf;
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The store, but every commit of its loaders after the first `commits` fails: a run dies part-way. */
export function failingAfterCommits(store: Store, commits: number): Store {
  return watchLoaderCommits(store, (n) => {
    if (n > commits) throw new Error('crash');
  });
}
