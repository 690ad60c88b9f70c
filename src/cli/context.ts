/**
 * What every command shares: which store (a DuckDB file, the default, or a ClickHouse server),
 * opening it, the output format. The one place that picks an engine: `storeTarget` reads the
 * flags, the environment and the config file; `openStore` and `openExistingStore` open it.
 * `@clickhouse/client` is loaded only when a ClickHouse store is asked for.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option } from 'commander';
import { parseClickHouseUrl, redactClickHouseUrl } from '../store/clickhouse/url.ts';
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

/** `--store URL`: a ClickHouse store instead of the DuckDB file of `--db`. */
export function storeOption(): Option {
  return new Option(
    '--store <url>',
    'a ClickHouse store instead of a DuckDB file: clickhouse://USER:PASS@HOST:8123/DB (env NFWLENS_STORE)',
  );
}

/** `--cluster NAME`: the ClickHouse cluster of `--store`. */
export function clusterOption(): Option {
  return new Option(
    '--cluster <name>',
    "the ClickHouse cluster (of the servers' remote_servers) to spread the tables over",
  );
}

export function formatOption(extra: readonly string[] = []): Option {
  return new Option('--format <format>', 'output format')
    .choices([...OUTPUT_FORMATS, ...extra])
    .default('table');
}

/** The store flags of a command line. */
export interface StoreFlags {
  db?: string | undefined;
  store?: string | undefined;
  cluster?: string | undefined;
}

/** The store settings of a config file. */
export interface StoreSettings {
  db?: string | undefined;
  store?: string | undefined;
  cluster?: string | undefined;
}

export type StoreTarget =
  | { engine: 'duckdb'; path: string }
  | { engine: 'clickhouse'; url: string; cluster?: string | undefined };

/** The store flags, environment or config contradict themselves, or a URL is bad; names the setting. */
export class StoreChoiceError extends Error {
  override name = 'StoreChoiceError';
}

function clickhouse(url: string, where: string, cluster: string | undefined): StoreTarget {
  try {
    parseClickHouseUrl(url);
  } catch (err) {
    throw new StoreChoiceError(`${where}: ${(err as Error).message}`);
  }
  return { engine: 'clickhouse', url, cluster };
}

/**
 * Which store a command uses. A flag wins (`--db` or `--store`, not both); then `NFWLENS_STORE`; then
 * the config file (`store:` or `db:`); then `NFWLENS_DB`; else the DuckDB file ./nfwlens.duckdb.
 * A ClickHouse store's cluster: `--cluster`, then `NFWLENS_CLUSTER`, then the config's `cluster:`.
 * (`db:` over `NFWLENS_DB` is how the config's database file always worked.)
 */
export function storeTarget(flags: StoreFlags, config: StoreSettings = {}): StoreTarget {
  const env = process.env;
  if (flags.db !== undefined && flags.store !== undefined) {
    throw new StoreChoiceError(
      '--db (a DuckDB file) and --store (a ClickHouse URL) name two different stores: give one of them',
    );
  }
  // The cluster: the flag, then NFWLENS_CLUSTER, then the config's (with a ClickHouse store only).
  const cluster = flags.cluster ?? (env.NFWLENS_CLUSTER || undefined) ?? config.cluster;
  const target = ((): StoreTarget => {
    if (flags.store !== undefined) return clickhouse(flags.store, '--store', cluster);
    if (flags.db !== undefined) return { engine: 'duckdb', path: flags.db };
    // Over NFWLENS_DB too, which the container image sets to its volume's file.
    if (env.NFWLENS_STORE) return clickhouse(env.NFWLENS_STORE, 'NFWLENS_STORE', cluster);
    if (config.store !== undefined) return clickhouse(config.store, 'store (config file)', cluster);
    return { engine: 'duckdb', path: dbPath(config.db) };
  })();
  if (target.engine === 'duckdb' && flags.cluster !== undefined) {
    throw new StoreChoiceError('--cluster applies to a ClickHouse store (--store), not to a DuckDB file');
  }
  return target;
}

/** How a store is named in messages: the file, or the URL without its password. */
export function describeTarget(t: StoreTarget): string {
  return t.engine === 'duckdb' ? t.path : redactClickHouseUrl(t.url);
}

/** The flags that choose the same store again (for a command line to print); the password hidden. */
export function storeArgs(t: StoreTarget, flags: StoreFlags): string[] {
  if (t.engine === 'duckdb') return flags.db !== undefined ? ['--db', flags.db] : [];
  const out = flags.store !== undefined ? ['--store', redactClickHouseUrl(flags.store)] : [];
  return flags.cluster !== undefined ? [...out, '--cluster', flags.cluster] : out;
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

type Where = StoreFlags | StoreTarget;

const targetOf = (where: Where): StoreTarget => ('engine' in where ? where : storeTarget(where));

async function openClickHouse(t: StoreTarget & { engine: 'clickhouse' }, mode: 'read' | 'write') {
  const { ClickHouseStore } = await import('../store/clickhouse/clickhouse-store.ts');
  return ClickHouseStore.open({ url: t.url, cluster: t.cluster, mode });
}

/**
 * Opens the store for writing, creating the database when there is none (ingest, collect, demo).
 * On ClickHouse this process becomes the database's one writer.
 */
export async function openStore(where: Where, opts: OpenOptions = {}): Promise<Store> {
  const t = targetOf(where);
  if (t.engine === 'clickhouse') return openClickHouse(t, 'write');
  return DuckDbStore.open({
    path: t.path,
    memoryLimit: process.env.NFWLENS_MEMORY_LIMIT ?? opts.memoryLimit,
  });
}

/**
 * Opens the store to read (every command that only reads). A DuckDB file must exist (a mistyped
 * `--db` creates nothing); a ClickHouse database is created empty when missing, and opened read-only.
 */
export async function openExistingStore(where: Where, opts: OpenOptions = {}): Promise<Store> {
  const t = targetOf(where);
  if (t.engine === 'clickhouse') return openClickHouse(t, 'read');
  if (t.path !== ':memory:' && !existsSync(t.path)) throw new DatabaseNotFoundError(t.path);
  return openStore(t, opts);
}

/** Opens the store to read, runs `fn`, always closes. */
export async function withExistingStore<T>(
  where: Where,
  fn: (store: Store) => Promise<T>,
  opts: OpenOptions = {},
): Promise<T> {
  const store = await openExistingStore(where, opts);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** Opens the store for writing (creating the database when there is none), runs `fn`, always closes. */
export async function withStore<T>(
  where: Where,
  fn: (store: Store) => Promise<T>,
  opts: OpenOptions = {},
): Promise<T> {
  const store = await openStore(where, opts);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

export type { OutputFormat };
