/**
 * The sessions refresh on ClickHouse (the engine capability behind `refreshSessions`): recompute the
 * sessions whose keys new events touch, as cancel and new rows of the VersionedCollapsingMergeTree
 * (`sessions-sql.ts`), one flow_id partition per INSERT, then move the watermark. No transaction is
 * needed: a refresh cut off before the watermark moved runs again on the same events and changes
 * nothing it already wrote.
 */

import type { ParamType } from '../../query/index.ts';
import { SESSION_LISTED_COLUMN_NAMES, type SessionSort } from '../../schema/session-columns.ts';
import {
  type RefreshOptions,
  type RefreshResult,
  SESSIONS_WATERMARK,
  type Session,
  type SessionCountQuery,
  type SessionListQuery,
  type SessionStats,
} from '../sessions.ts';
import type { ReadOptions, SqlRow } from '../store.ts';
import type { ClickHouseStore } from './clickhouse-store.ts';
import { clickhouseDialect as d } from './dialect.ts';
import {
  LIVE_SESSIONS,
  liveSessions,
  refreshInsert,
  SESSIONS_SETTINGS,
  touchedKeys,
} from './sessions-sql.ts';

/** Flow records per partition: the window functions that pair the halves hold one partition's records. */
export const CLICKHOUSE_PARTITION_FLOW_RECORDS = 2_000_000;

/** The `n` of a one-row count. */
async function countOf(rows: Promise<SqlRow[]>): Promise<number> {
  return Number((await rows)[0]?.n ?? 0);
}

function count(store: ClickHouseStore, sql: string, params: Record<string, unknown>): Promise<number> {
  return countOf(store.select(sql, params));
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
  opts: RefreshOptions = {},
): Promise<RefreshResult> {
  const started = performance.now();
  const watermark = await readSessionsWatermark(store);
  const maxId = await count(store, 'SELECT ifNull(max(id), 0) AS n FROM events', {});
  if (!opts.rebuild && maxId <= watermark) {
    return { sessions_updated: 0, mode: 'none', watermark, seconds: 0 };
  }
  const rebuild = opts.rebuild === true || watermark === 0 || maxId - watermark > watermark;
  const params = { watermark, maxId };
  const settings = { ...SESSIONS_SETTINGS };
  // One refresher per shard on a cluster: a shard holds every record and alert of its pair keys.
  let touched = 0;
  for (const shard of store.shardTargets()) {
    const t = shard.tables;
    const flowRecords = rebuild
      ? await countOf(
          shard.select(
            `SELECT count() AS n FROM ${t.events} WHERE log_type = 'flow' AND id <= {maxId:Int64}`,
            params,
          ),
        )
      : 2 * (await countOf(shard.select(`SELECT count() AS n FROM (${touchedKeys(t)})`, params, settings)));
    if (!rebuild) touched += flowRecords / 2;
    const parts = Math.max(
      1,
      Math.ceil(flowRecords / (opts.partitionRecords ?? CLICKHOUSE_PARTITION_FLOW_RECORDS)),
    );
    for (let part = 0; part < parts; part++) {
      await shard.command(refreshInsert(!rebuild, t), { ...params, parts, part }, settings);
    }
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

/** An ISO instant (`...T..:..:..[.ffffff]Z`) as epoch microseconds, exactly. */
function isoToMicros(iso: string): number {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?Z$/.exec(iso);
  if (!m) return Date.parse(iso) * 1000;
  return Date.parse(`${m[1]}Z`) * 1000 + Number((m[2] ?? '').padEnd(6, '0'));
}

const LIST_COLUMNS = SESSION_LISTED_COLUMN_NAMES.map((c) => `"${c}"`).join(', ');

const ORDER: Record<SessionSort, string> = {
  start: '"start" DESC NULLS LAST, request_id DESC',
  total_bytes: 'total_bytes DESC, "start" DESC NULLS LAST, request_id DESC',
};

/** Sessions in the list order, after `q.after` when given (keyset paging), as DuckDB lists them. */
/** The WHERE clause of a session filter and `start` range, with its parameters. */
function sessionConditions(q: SessionCountQuery): {
  where: string[];
  params: unknown[];
  bind: (v: string | number, type: ParamType) => string;
} {
  const where: string[] = [];
  const params: unknown[] = [];
  const bind = (v: string | number, type: ParamType) => {
    params.push(d.bind(v, type));
    return d.placeholder(params.length, type);
  };
  if (q.filter) {
    where.push(q.filter.sql);
    params.push(...q.filter.params);
  }
  if (q.fromUs !== undefined) where.push(`"start" >= ${bind(q.fromUs, 'timestamp')}`);
  if (q.toUs !== undefined) where.push(`"start" < ${bind(q.toUs, 'timestamp')}`);
  return { where, params, bind };
}

const clauseOf = (where: string[]) =>
  where.length > 0 ? `WHERE ${where.map((w) => `(${w})`).join(' AND ')}` : '';

export async function countClickHouseSessions(
  store: ClickHouseStore,
  q: SessionCountQuery,
  options: ReadOptions = {},
): Promise<number> {
  const { where, params } = sessionConditions(q);
  const rows = await store.queryCompiled(
    `SELECT count() AS n FROM ${liveSessions(clauseOf(where))} AS sessions`,
    params,
    options,
    SESSIONS_SETTINGS,
  );
  return Number(rows[0]?.n ?? 0);
}

export async function listClickHouseSessions(
  store: ClickHouseStore,
  q: SessionListQuery,
  options: ReadOptions = {},
): Promise<Session[]> {
  const { where, params, bind } = sessionConditions(q);
  if (q.after) {
    const last = q.after;
    const rid = () => bind(last.request_id, 'bigint');
    let start: string;
    if (last.start === null) start = `("start" IS NULL AND request_id < ${rid()})`;
    else {
      const us = isoToMicros(last.start);
      start = `("start" < ${bind(us, 'timestamp')} OR "start" IS NULL OR ("start" = ${bind(us, 'timestamp')} AND request_id < ${rid()}))`;
    }
    if (q.sort === 'start') where.push(start);
    else {
      // total_bytes is never null in the sessions table.
      const b1 = bind(last.total_bytes, 'bigint');
      const b2 = bind(last.total_bytes, 'bigint');
      where.push(`(total_bytes < ${b1} OR (total_bytes = ${b2} AND ${start}))`);
    }
  }
  const clause = clauseOf(where);
  const rows = await store.queryCompiled(
    `SELECT ${LIST_COLUMNS} FROM ${liveSessions(clause)} AS sessions ORDER BY ${ORDER[q.sort]} LIMIT ${Math.trunc(q.limit)}`,
    params,
    options,
    SESSIONS_SETTINGS,
  );
  return rows as unknown as Session[];
}

export async function clickHouseSessionStats(
  store: ClickHouseStore,
  options: ReadOptions = {},
): Promise<SessionStats> {
  const s =
    (
      await store.select(
        `SELECT count() AS sessions, countIf(paired) AS n_paired, countIf(kind = 'netflow') AS netflow,
            countIf(kind = 'netflow' AND paired) AS netflow_paired,
            countIf(kind = 'netflow' AND NOT paired) AS lone_halves
          FROM ${LIVE_SESSIONS} AS sessions`,
        {},
        options,
      )
    )[0] ?? {};
  const watermark = await readSessionsWatermark(store);
  const behind = await count(store, 'SELECT count() AS n FROM events WHERE id > {w:Int64}', { w: watermark });
  const netflow = Number(s.netflow ?? 0);
  return {
    sessions: Number(s.sessions ?? 0),
    sessions_paired: Number(s.n_paired ?? 0),
    sessions_paired_share:
      netflow > 0 ? Math.round((Number(s.netflow_paired ?? 0) / netflow) * 10_000) / 10_000 : null,
    sessions_lone_halves: Number(s.lone_halves ?? 0),
    sessions_behind_events: behind,
  };
}
