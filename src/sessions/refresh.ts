/**
 * Keeping the sessions table up to date. One transaction reads the watermark (the last event id the
 * sessions reflect), recomputes every session whose key is touched by a newer event (a flow record of
 * that key, or an alert that joins it), and moves the watermark: a crash leaves the old sessions and
 * the old watermark, and the next refresh catches up. The first refresh rebuilds everything.
 */
import type { Store, StoreTx } from '../store/store.ts';
import { sessionsSqlFor } from './engine-sql.ts';
import type { RefreshResult, SessionStatement } from './types.ts';

export interface RefreshOptions {
  /** Recompute every session from all events, whatever the watermark says. */
  rebuild?: boolean;
}

async function runAll(
  tx: StoreTx,
  stmts: readonly SessionStatement[],
  values: { watermark: number; maxId: number },
): Promise<void> {
  for (const s of stmts)
    await tx.run(
      s.sql,
      s.params.map((p) => values[p]),
    );
}

async function countOf(tx: StoreTx, sql: string): Promise<number> {
  const rows = await tx.query(sql);
  return Number(rows[0]?.n ?? 0);
}

/** Bring the sessions up to date with every stored event. */
export async function refreshSessions(store: Store, opts: RefreshOptions = {}): Promise<RefreshResult> {
  const sql = sessionsSqlFor(store);
  const started = performance.now();
  const result = await store.transaction(async (tx) => {
    const wm = await tx.query(sql.readWatermark);
    const watermark = wm.length > 0 ? Number(wm[0]?.last_event_id ?? 0) : 0;
    const maxId = Number((await tx.query(sql.maxEventId))[0]?.max_id ?? 0);
    const values = { watermark, maxId };
    if (!opts.rebuild && maxId <= watermark) {
      return { sessions_updated: 0, mode: 'none' as const, watermark };
    }
    let updated: number;
    let mode: 'rebuild' | 'incremental';
    if (opts.rebuild || watermark === 0) {
      mode = 'rebuild';
      await runAll(tx, sql.rebuild, values);
      updated = await countOf(tx, sql.rebuildCount);
    } else {
      mode = 'incremental';
      await runAll(tx, sql.refresh, values);
      updated = await countOf(tx, sql.refreshCount);
      for (const s of sql.cleanup) await tx.run(s);
    }
    await tx.run(sql.writeWatermark, [maxId]);
    return { sessions_updated: updated, mode, watermark: maxId };
  });
  return { ...result, seconds: Math.round(performance.now() - started) / 1000 };
}
