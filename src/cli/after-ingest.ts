/** Work that follows every ingest or collector pass: bring derived tables (sessions) up to date. */
import { withRefreshLimit } from '../ingest/load-limits.ts';
import { refreshSessions } from '../sessions/index.ts';
import type { Store } from '../store/store.ts';

export interface AfterIngestOptions {
  /**
   * Try the refresh under the store's bounded memory limit first (lifted only if it runs out): for a
   * one-off `nfwlens ingest`, whose peak memory this bounds. A server keeps its own limit.
   */
  boundedMemory?: boolean;
}

export async function afterIngest(
  store: Store,
  opts: AfterIngestOptions = {},
): Promise<Record<string, unknown>> {
  const r = opts.boundedMemory
    ? // The checkpoint too: left to the close, it merges the new sessions under no limit (7 GB at 10M records).
      await withRefreshLimit(store, async () => {
        const out = await refreshSessions(store);
        await store.checkpoint();
        return out;
      })
    : await refreshSessions(store);
  return { sessions_updated: r.sessions_updated, sessions_seconds: r.seconds };
}
