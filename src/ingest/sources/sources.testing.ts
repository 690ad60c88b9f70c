/** Test support shared by the source tests: NFW-like lines with unique flow ids, store probes. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StagedCommit } from '../../store/duckdb/duckdb-store.ts';
import { DuckDbStore } from '../../store/duckdb/index.ts';
import { storedEvents } from '../../store/engines.testing.ts';
import type { BatchCommit, CommitResult, Store } from '../../store/store.ts';

/** A netflow record with flow id `id`, `seconds` after 2024-01-01T00:00Z. */
export function netflowLine(id: number, seconds = id % 3600, firewall = 'test-fw'): string {
  const ts = new Date(Date.UTC(2024, 0, 1) + seconds * 1000).toISOString().replace('Z', '000+0000');
  return (
    `{"firewall_name":"${firewall}","availability_zone":"us-east-1a","event_timestamp":"1704067200",` +
    `"event":{"timestamp":"${ts}","flow_id":${id},"event_type":"netflow","src_ip":"10.0.${id % 250}.${id % 200}",` +
    `"src_port":${1024 + (id % 60000)},"dest_ip":"203.0.113.${id % 250}","dest_port":443,"proto":"TCP",` +
    `"netflow":{"pkts":${1 + (id % 30)},"bytes":${60 + id},"start":"${ts}","end":"${ts}","age":0}}}`
  );
}

export function tempDir(tag: string): string {
  return mkdtempSync(join(tmpdir(), `nfwlens-${tag}-`));
}

export function openStore(path: string): Promise<DuckDbStore> {
  return DuckDbStore.open({ path });
}

/** Sorted flow ids stored (one entry per stored row, so duplicates show), on any engine. */
export async function storedFlowIds(store: Store): Promise<number[]> {
  return (await storedEvents(store)).map((r) => Number(r.columns.flow_id)).sort((a, b) => a - b);
}

/** How many stored events came from `origin` (on any engine). */
export async function eventsFrom(store: Store, origin: string | RegExp): Promise<number> {
  const match = typeof origin === 'string' ? (o: string) => o === origin : (o: string) => origin.test(o);
  return (await storedEvents(store)).filter((r) => match(r.origin)).length;
}

export async function countRows(store: DuckDbStore, sql: string, params: unknown[] = []): Promise<number> {
  return Number((await store.query(sql, params))[0]!.n);
}

export const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from }, (_, i) => from + i);

/**
 * Wraps a store: `onCommit(n, batch)` runs before the n-th commit (1-based) of its loaders (every
 * way records and checkpoints reach it); throwing from it makes that commit fail as a store failure
 * would.
 */
export function watchCommits(store: DuckDbStore, onCommit: (n: number, batch: StagedCommit) => void): Store {
  let n = 0;
  const watched: Store = new Proxy(store, {
    get(target, prop, recv) {
      if (prop === 'commitStaged') {
        return (batch: StagedCommit): Promise<CommitResult> => {
          try {
            onCommit(++n, batch);
          } catch (err) {
            batch.staging.remove();
            return Promise.reject(err);
          }
          return target.commitStaged(batch);
        };
      }
      // Loaders made through the wrapper commit through it.
      if (prop === 'loader' || prop === 'commitBatch') {
        const f = Reflect.get(target, prop, recv) as (...args: unknown[]) => unknown;
        return (...args: unknown[]) => f.apply(watched, args);
      }
      const v = Reflect.get(target, prop, recv);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  return watched;
}

/**
 * `watchCommits` on any engine: `onCommit(n)` runs before the n-th commit (1-based) the store's
 * loaders make, inside the store (DuckDB: its staged commit; ClickHouse: the batch its loader hands
 * to the commit protocol); throwing from it fails that commit as a store failure would.
 */
export function watchStoreCommits(store: Store, onCommit: (n: number) => void): Store {
  if (store.engine === 'duckdb') return watchCommits(store as DuckDbStore, (n) => onCommit(n));
  let n = 0;
  const watched: Store = new Proxy(store, {
    get(target, prop, recv) {
      // Rows committed as they are, or staged (a ClickHouse loader commits its staged rows).
      if (prop === 'commitBatch' || prop === 'commitStaged') {
        const commit = Reflect.get(target, prop, recv) as (batch: unknown) => Promise<CommitResult>;
        return (batch: BatchCommit): Promise<CommitResult> => {
          try {
            onCommit(++n);
          } catch (err) {
            return Promise.reject(err);
          }
          return commit.call(target, batch);
        };
      }
      // Loaders made through the wrapper commit through it.
      if (prop === 'loader') {
        const f = Reflect.get(target, prop, recv) as (...args: unknown[]) => unknown;
        return (...args: unknown[]) => f.apply(watched, args);
      }
      const v = Reflect.get(target, prop, recv);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  return watched;
}
