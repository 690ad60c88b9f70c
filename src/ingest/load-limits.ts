/**
 * DuckDB settings for the load phase of an ingest: a small memory limit and one thread. Each commit
 * loads one staging file of about a row group, which needs well under the limit; unlimited, DuckDB
 * keeps several hundred MB of buffers per INSERT and the final checkpoint on top. The caller's
 * settings come back (and the checkpoint is done under the limit) before the derived-table refresh,
 * which has a limit of its own. An explicit NFWLENS_MEMORY_LIMIT is kept as is.
 */
import type { EngineLimits, Store } from '../store/store.ts';

/** DuckDB memory limit while loading (each INSERT of a row group needs about 200 MB). */
export const LOAD_MEMORY_LIMIT = '192MB';
/**
 * DuckDB memory limit tried first for the sessions refresh after an ingest (see `withMemoryLimit`):
 * the refresh works one flow_id partition at a time, so this holds at any number of records
 * (1M records: peak RSS ~720 MB at 256 MB, ~860-960 MB at 384 MB; the refresh 15% slower).
 */
export const REFRESH_MEMORY_LIMIT = '256MB';
/** DuckDB threads while loading: the normalise workers keep the cores busy meanwhile. */
export const LOAD_THREADS = 1;

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
  const before = await store.limits();
  const during: Partial<EngineLimits> = {};
  if (!env.NFWLENS_MEMORY_LIMIT) during.memoryLimit = LOAD_MEMORY_LIMIT;
  if (before.threads > LOAD_THREADS) during.threads = LOAD_THREADS;
  await store.setLimits(during);
  try {
    const out = await load();
    // The checkpoint merges the last commits' row groups: under the memory limit, on every thread.
    if (during.threads !== undefined) await store.setLimits({ threads: before.threads });
    await store.checkpoint();
    return out;
  } finally {
    await store.setLimits({
      ...(during.memoryLimit !== undefined ? { memoryLimit: before.memoryLimit } : {}),
      ...(during.threads !== undefined ? { threads: before.threads } : {}),
    });
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
  const memory = (await store.limits()).memoryLimit;
  await store.setLimits({ memoryLimit: limit });
  let lifted = false;
  try {
    try {
      return await work();
    } catch (err) {
      if (!isOutOfMemory(err)) throw err;
    }
    lifted = true;
    await store.setLimits({ memoryLimit: memory });
    return await work();
  } finally {
    if (!lifted) await store.setLimits({ memoryLimit: memory });
  }
}
