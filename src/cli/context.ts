/** What every command shares: the database path, opening the store, the output format. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
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

/** A read command was pointed at a database file that does not exist (a mistyped `--db`, most often). */
export class DatabaseNotFoundError extends Error {
  constructor(readonly path: string) {
    const full = resolve(path);
    super(
      `no database at ${path}${full === path ? '' : ` (${full})`}: check --db (or NFWLENS_DB), ` +
        `or create one with 'nfwlens ingest --db ${path} PATH...' (also 'nfwlens collect' or 'nfwlens demo')`,
    );
  }
}

/** Opens the store, creating the database when there is none (ingest, collect, demo). */
export async function openStore(db?: string, opts: OpenOptions = {}): Promise<Store> {
  return DuckDbStore.open({
    path: dbPath(db),
    memoryLimit: process.env.NFWLENS_MEMORY_LIMIT ?? opts.memoryLimit,
  });
}

/** Opens an existing database; never creates one (every command that only reads). */
export async function openExistingStore(db?: string, opts: OpenOptions = {}): Promise<Store> {
  const path = dbPath(db);
  if (path !== ':memory:' && !existsSync(path)) throw new DatabaseNotFoundError(path);
  return openStore(path, opts);
}

/** Opens an existing database, runs `fn`, always closes. */
export async function withExistingStore<T>(
  db: string | undefined,
  fn: (store: Store) => Promise<T>,
  opts: OpenOptions = {},
): Promise<T> {
  const store = await openExistingStore(db, opts);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** Opens the store (creating the database when there is none), runs `fn`, always closes. */
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
