/**
 * DuckDB settings for the load phase of an ingest: a small memory limit and one thread. Each commit
 * loads one staging file of about a row group, which needs well under the limit; unlimited, DuckDB
 * keeps several hundred MB of buffers per INSERT and the final checkpoint on top. The caller's
 * settings come back (and the checkpoint is done under the limit) before the derived-table refresh,
 * which needs more memory at ten million records. An explicit NFWLENS_MEMORY_LIMIT is kept as is.
 */
import type { Store } from '../store/store.ts';

/** DuckDB memory limit while loading (each INSERT of a row group needs about 200 MB). */
export const LOAD_MEMORY_LIMIT = '256MB';
/** DuckDB memory limit tried first for the sessions refresh after an ingest (see `withMemoryLimit`). */
export const REFRESH_MEMORY_LIMIT = '512MB';
/**
 * Records ingested up to which the refresh is tried under REFRESH_MEMORY_LIMIT: a million fit in
 * 512 MB; ten million do not fit even in 768 MB, and a failed try costs 15-40 s before the retry.
 */
export const BOUNDED_REFRESH_RECORDS = 2_000_000;
/** DuckDB threads while loading: the normalise workers keep the cores busy meanwhile. */
export const LOAD_THREADS = 1;

async function setting(store: Store, name: string): Promise<string> {
  const rows = await store.query(`SELECT current_setting('${name}') AS v`);
  return String(rows[0]?.v);
}

const quote = (s: string): string => `'${s.replaceAll("'", "''")}'`;

/**
 * Runs `load` with the load-phase settings on a DuckDB store (other stores: as is), then checkpoints
 * and restores the previous settings, whether `load` succeeded or not.
 */
export async function withLoadLimits<T>(
  store: Store,
  load: () => Promise<T>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<T> {
  if (store.engine !== 'duckdb') return load();
  const restore: string[] = [];
  const memory = await setting(store, 'memory_limit');
  const threads = await setting(store, 'threads');
  if (!env.NFWLENS_MEMORY_LIMIT) {
    await store.query(`SET memory_limit = ${quote(LOAD_MEMORY_LIMIT)}`);
    restore.push(`SET memory_limit = ${quote(memory)}`);
  }
  if (Number(threads) > LOAD_THREADS) {
    await store.query(`SET threads = ${LOAD_THREADS}`);
    restore.push(`SET threads = ${Number(threads)}`);
  }
  try {
    const out = await load();
    // The checkpoint merges the last commits' row groups: under the memory limit, on every thread.
    if (Number(threads) > LOAD_THREADS) await store.query(`SET threads = ${Number(threads)}`);
    await store.query('CHECKPOINT');
    return out;
  } finally {
    for (const sql of restore) await store.query(sql);
  }
}

const isOutOfMemory = (err: unknown): boolean => /Out of Memory/i.test(String(err));

/**
 * Runs `work` (one transaction, safe to repeat after it failed) under DuckDB memory limit `limit`;
 * if that is too little (Out of Memory), once more under the previous limit. The previous limit is
 * restored either way. Other stores, or an explicit NFWLENS_MEMORY_LIMIT: `work` as is.
 */
export async function withMemoryLimit<T>(
  store: Store,
  limit: string,
  work: () => Promise<T>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<T> {
  if (store.engine !== 'duckdb' || env.NFWLENS_MEMORY_LIMIT) return work();
  const memory = await setting(store, 'memory_limit');
  await store.query(`SET memory_limit = ${quote(limit)}`);
  let lifted = false;
  try {
    try {
      return await work();
    } catch (err) {
      if (!isOutOfMemory(err)) throw err;
    }
    lifted = true;
    await store.query(`SET memory_limit = ${quote(memory)}`);
    return await work();
  } finally {
    if (!lifted) await store.query(`SET memory_limit = ${quote(memory)}`);
  }
}
