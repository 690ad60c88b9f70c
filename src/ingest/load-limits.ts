/**
 * Resource limits for the phases of a one-off ingest, as the store prefers them
 * (`Store.ingestLimits`; DuckDB: a small memory limit and one thread while loading, so that each
 * commit of about a row group stays well under it). The caller's settings come back (and the
 * checkpoint is done under the limit) before the derived-table refresh, which has a limit of its own.
 * An explicit NFWLENS_MEMORY_LIMIT is kept as is.
 */
import type { EngineLimits, Store } from '../store/store.ts';

/**
 * Runs `load` under the store's load-phase limits (a store without any: as is), then checkpoints
 * and restores the previous settings, whether `load` succeeded or not.
 */
export async function withLoadLimits<T>(
  store: Store,
  load: () => Promise<T>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<T> {
  const want = store.ingestLimits?.load;
  if (!want) return load();
  const before = await store.limits();
  const during: Partial<EngineLimits> = {};
  if (!env.NFWLENS_MEMORY_LIMIT) during.memoryLimit = want.memoryLimit;
  if (before.threads > want.threads) during.threads = want.threads;
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
 * Runs `work` (one transaction, safe to repeat after it failed) under memory limit `limit`; if that
 * is too little (Out of Memory), once more under the previous limit. The previous limit is restored
 * either way. A store without ingest limits, or an explicit NFWLENS_MEMORY_LIMIT: `work` as is.
 */
export async function withMemoryLimit<T>(
  store: Store,
  limit: string,
  work: () => Promise<T>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<T> {
  if (store.ingestLimits === null || env.NFWLENS_MEMORY_LIMIT) return work();
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

/** Runs the refresh after an ingest (`work`) under the store's refresh memory limit (see `withMemoryLimit`). */
export function withRefreshLimit<T>(
  store: Store,
  work: () => Promise<T>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<T> {
  const limit = store.ingestLimits?.refreshMemoryLimit;
  return limit === undefined ? work() : withMemoryLimit(store, limit, work, env);
}
