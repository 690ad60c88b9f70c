/**
 * Keeping the sessions table up to date: an engine capability (`Store.refreshSessions`). One
 * transaction reads the watermark (the last event id the sessions reflect), recomputes every session
 * whose key is touched by a newer event (a flow record of that key, or an alert that joins it), and
 * moves the watermark: a crash leaves the old sessions and the old watermark, and the next refresh
 * catches up. The first refresh rebuilds everything.
 */
import type { RefreshOptions, RefreshResult } from '../store/sessions.ts';
import type { Store } from '../store/store.ts';

export { PARTITION_FLOW_RECORDS, partitionsFor, type RefreshOptions } from '../store/sessions.ts';

/** Bring the sessions up to date with every stored event. */
export async function refreshSessions(store: Store, opts: RefreshOptions = {}): Promise<RefreshResult> {
  return store.refreshSessions(opts);
}
