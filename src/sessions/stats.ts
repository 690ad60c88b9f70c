/** Session figures for `nfwlens status`. */
import type { Store } from '../store/store.ts';
import { sessionsSqlFor } from './engine-sql.ts';
import type { SessionStats } from './types.ts';

export async function sessionStats(store: Store): Promise<SessionStats> {
  const sql = sessionsSqlFor(store);
  const s = (await store.query(sql.stats))[0] ?? {};
  const wm = await store.query(sql.readWatermark);
  const watermark = wm.length > 0 ? Number(wm[0]?.last_event_id ?? 0) : 0;
  const behind = Number((await store.query(sql.behind, [watermark]))[0]?.behind ?? 0);
  const netflow = Number(s.netflow ?? 0);
  return {
    sessions: Number(s.sessions ?? 0),
    sessions_paired: Number(s.paired ?? 0),
    sessions_paired_share:
      netflow > 0 ? Math.round((Number(s.netflow_paired ?? 0) / netflow) * 10_000) / 10_000 : null,
    sessions_lone_halves: Number(s.lone_halves ?? 0),
    sessions_behind_events: behind,
  };
}
