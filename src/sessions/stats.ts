/** Session figures for `nfwlens status`. */
import type { SessionStats } from '../store/sessions.ts';
import type { Store } from '../store/store.ts';

export async function sessionStats(store: Store): Promise<SessionStats> {
  return store.sessionStats();
}
