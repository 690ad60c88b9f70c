/**
 * ClickHouse SQL of the dashboard's headline figures (`GET /api/summary`): one pass over `events`
 * for the record and alert counts and the time span, one over the live sessions for the session
 * counts and bytes. Sums are Int128 so they never overflow; returned exact (a string beyond 2^53).
 */
import type { ReadOptions } from '../store.ts';
import { type SummaryFigures, type SummaryQuery, summaryFigures } from '../summary.ts';
import type { ClickHouseStore } from './clickhouse-store.ts';
import { clickhouseDialect as d } from './dialect.ts';
import { liveSessions } from './sessions-sql.ts';

function conditions(time: string, w: SummaryQuery): { where: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  const add = (v: string | number, type: 'timestamp' | 'string') => {
    params.push(d.bind(v, type));
    return d.placeholder(params.length, type);
  };
  if (w.fromUs !== undefined) parts.push(`${time} >= ${add(w.fromUs, 'timestamp')}`);
  if (w.toUs !== undefined) parts.push(`${time} < ${add(w.toUs, 'timestamp')}`);
  if (w.firewallName !== undefined) parts.push(`firewall_name = ${add(w.firewallName, 'string')}`);
  return { where: parts.length > 0 ? `WHERE ${parts.join(' AND ')}` : '', params };
}

export async function summary(
  db: Pick<ClickHouseStore, 'queryCompiled'>,
  q: SummaryQuery,
  options?: ReadOptions,
): Promise<SummaryFigures> {
  const ev = conditions('ts', q);
  const se = conditions('"start"', q);
  const [e, s] = await Promise.all([
    db
      .queryCompiled(
        `SELECT count() AS records, countIf(log_type = 'alert') AS alerts,
            countIf(log_type = 'alert' AND alert_action = 'blocked') AS blocked_alerts,
            if(count() = 0, NULL, min(ts)) AS first_ts, if(count() = 0, NULL, max(ts)) AS last_ts
          FROM events ${ev.where}`,
        ev.params,
        options,
      )
      .then((rows) => rows[0] ?? {}),
    db
      .queryCompiled(
        `SELECT count() AS sessions, countIf(paired) AS sessions_paired,
            sum(toInt128(bytes_to_server)) AS bytes_to_server, sum(toInt128(bytes_to_client)) AS bytes_to_client
          FROM ${liveSessions(se.where)} AS sessions`,
        se.params,
        options,
      )
      .then((rows) => rows[0] ?? {}),
  ]);
  return summaryFigures(e, s);
}
