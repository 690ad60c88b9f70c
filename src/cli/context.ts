/** What every command shares: the database path, opening the store, the output format. */
import { Option } from 'commander';
import { DuckDbStore } from '../store/duckdb/index.ts';
import type { Store } from '../store/store.ts';
import { OUTPUT_FORMATS, type OutputFormat } from './output.ts';

export const DEFAULT_DB = './nfwlens.duckdb';

export function dbPath(opt?: string): string {
  return opt ?? process.env.NFWLENS_DB ?? DEFAULT_DB;
}

export function dbOption(): Option {
  return new Option('--db <path>', `database file (env NFWLENS_DB, default ${DEFAULT_DB})`);
}

export function formatOption(extra: readonly string[] = []): Option {
  return new Option('--format <format>', 'output format')
    .choices([...OUTPUT_FORMATS, ...extra])
    .default('table');
}

export interface OpenOptions {
  /** DuckDB memory_limit for this process (env NFWLENS_MEMORY_LIMIT wins). */
  memoryLimit?: string;
}

export async function openStore(db?: string, opts: OpenOptions = {}): Promise<Store> {
  return DuckDbStore.open({
    path: dbPath(db),
    memoryLimit: process.env.NFWLENS_MEMORY_LIMIT ?? opts.memoryLimit,
  });
}

/** Opens the store, runs `fn`, always closes. */
export async function withStore<T>(
  db: string | undefined,
  fn: (store: Store) => Promise<T>,
  opts: OpenOptions = {},
): Promise<T> {
  const store = await openStore(db, opts);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

export type { OutputFormat };
