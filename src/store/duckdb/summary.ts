/**
 * DuckDB SQL of the dashboard's headline figures (`GET /api/summary`): one pass over `events` for the
 * record and alert counts and the time span, one over `sessions` for the session counts and bytes.
 * Sums are HUGEINT so they never overflow; the store returns them exact (a string beyond 2^53).
 */
import type { ReadOptions } from '../store.ts';
import { type SummaryFigures, type SummaryQuery, summaryFigures } from '../summary.ts';
import type { DuckDbStore } from './duckdb-store.ts';

function conditions(time: string, w: SummaryQuery): { where: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (w.fromUs !== undefined) {
    parts.push(`${time} >= make_timestamptz(?::BIGINT)`);
    params.push(w.fromUs);
  }
  if (w.toUs !== undefined) {
    parts.push(`${time} < make_timestamptz(?::BIGINT)`);
    params.push(w.toUs);
  }
  if (w.firewallName !== undefined) {
    parts.push('firewall_name = ?');
    params.push(w.firewallName);
  }
  return { where: parts.length > 0 ? `WHERE ${parts.join(' AND ')}` : '', params };
}

function eventsSql(w: SummaryQuery): { sql: string; params: unknown[] } {
  const c = conditions('ts', w);
  return {
    sql: `SELECT count(*) AS records,
        count(*) FILTER (WHERE log_type = 'alert') AS alerts,
        count(*) FILTER (WHERE log_type = 'alert' AND alert_action = 'blocked') AS blocked_alerts,
        min(ts) AS first_ts, max(ts) AS last_ts
      FROM events ${c.where}`,
    params: c.params,
  };
}

function sessionsSql(w: SummaryQuery): { sql: string; params: unknown[] } {
  const c = conditions('"start"', w);
  return {
    sql: `SELECT count(*) AS sessions,
        count(*) FILTER (WHERE paired) AS sessions_paired,
        coalesce(sum(bytes_to_server::HUGEINT), 0) AS bytes_to_server,
        coalesce(sum(bytes_to_client::HUGEINT), 0) AS bytes_to_client
      FROM sessions ${c.where}`,
    params: c.params,
  };
}

export async function summary(
  db: Pick<DuckDbStore, 'query'>,
  q: SummaryQuery,
  options?: ReadOptions,
): Promise<SummaryFigures> {
  const ev = eventsSql(q);
  const se = sessionsSql(q);
  const [e, s] = await Promise.all([
    db.query(ev.sql, ev.params, options).then((rows) => rows[0] ?? {}),
    db.query(se.sql, se.params, options).then((rows) => rows[0] ?? {}),
  ]);
  return summaryFigures(e, s);
}
