/** Work that follows every ingest or collector pass: bring derived tables (sessions) up to date. */
import { refreshSessions } from '../sessions/index.ts';
import type { Store } from '../store/store.ts';

export async function afterIngest(store: Store): Promise<Record<string, unknown>> {
  const r = await refreshSessions(store);
  return { sessions_updated: r.sessions_updated, sessions_seconds: r.seconds };
}
