/**
 * The sessions refresh on ClickHouse (the engine capability behind `refreshSessions`): recompute the
 * sessions whose keys new events touch, as cancel and new rows of the VersionedCollapsingMergeTree
 * (`sessions-sql.ts`), one flow_id partition per INSERT, then move the watermark. No transaction is
 * needed: a refresh cut off before the watermark moved runs again on the same events and changes
 * nothing it already wrote.
 */
import { SESSIONS_WATERMARK } from '../../sessions/rules.ts';
import type { ClickHouseStore } from './clickhouse-store.ts';
import { LIVE_SESSIONS, refreshInsert, SESSIONS_SETTINGS, TOUCHED_KEYS } from './sessions-sql.ts';

export interface ClickHouseRefreshOptions {
  rebuild?: boolean;
  /** Flow records per partition. */
  partitionRecords?: number;
}

export interface ClickHouseRefreshResult {
  sessions_updated: number;
  mode: 'rebuild' | 'incremental' | 'none';
  watermark: number;
  seconds: number;
}

/** Flow records per partition: the window functions that pair the halves hold one partition's records. */
export const CLICKHOUSE_PARTITION_FLOW_RECORDS = 2_000_000;

async function count(store: ClickHouseStore, sql: string, params: Record<string, unknown>): Promise<number> {
  const rows = await store.select(sql, params);
  return Number(rows[0]?.n ?? 0);
}

export async function readSessionsWatermark(store: ClickHouseStore): Promise<number> {
  const rows = await store.select(
    'SELECT argMax(last_event_id, updated_at) AS w FROM derived_watermarks WHERE name = {name:String}',
    { name: SESSIONS_WATERMARK },
  );
  return Number(rows[0]?.w ?? 0);
}

export async function refreshClickHouseSessions(
  store: ClickHouseStore,
  opts: ClickHouseRefreshOptions = {},
): Promise<ClickHouseRefreshResult> {
  const started = performance.now();
  const watermark = await readSessionsWatermark(store);
  const maxId = await count(store, 'SELECT ifNull(max(id), 0) AS n FROM events', {});
  if (!opts.rebuild && maxId <= watermark) {
    return { sessions_updated: 0, mode: 'none', watermark, seconds: 0 };
  }
  const rebuild = opts.rebuild === true || watermark === 0 || maxId - watermark > watermark;
  const params = { watermark, maxId };
  const settings = { ...SESSIONS_SETTINGS };
  const flowRecords = rebuild
    ? await count(
        store,
        "SELECT count() AS n FROM events WHERE log_type = 'flow' AND id <= {maxId:Int64}",
        params,
      )
    : 2 *
      (await store
        .select(`SELECT count() AS n FROM (${TOUCHED_KEYS})`, params, {}, settings)
        .then((r) => Number(r[0]?.n ?? 0)));
  const touched = rebuild ? 0 : flowRecords / 2;
  const parts = Math.max(
    1,
    Math.ceil(flowRecords / (opts.partitionRecords ?? CLICKHOUSE_PARTITION_FLOW_RECORDS)),
  );
  for (let part = 0; part < parts; part++) {
    await store.command(refreshInsert(!rebuild), { ...params, parts, part }, settings);
  }
  const updated = rebuild ? await count(store, `SELECT count() AS n FROM ${LIVE_SESSIONS}`, {}) : touched;
  await store.command(
    'INSERT INTO derived_watermarks (name, last_event_id, updated_at) VALUES ({name:String}, {maxId:Int64}, now64(6))',
    { name: SESSIONS_WATERMARK, maxId },
  );
  return {
    sessions_updated: updated,
    mode: rebuild ? 'rebuild' : 'incremental',
    watermark: maxId,
    seconds: Math.round(performance.now() - started) / 1000,
  };
}
