/**
 * DuckDB SQL of the dashboard's headline figures (`GET /api/summary`): one pass over `events` for the
 * record and alert counts and the time span, one over `sessions` for the session counts and bytes.
 * Sums are HUGEINT so they never overflow; the store returns them exact (a string beyond 2^53).
 */

/** The range (`from` inclusive, `to` exclusive) and the firewall the figures cover. */
export interface SummaryWhere {
  from?: Date;
  to?: Date;
  firewallName?: string;
}

export interface SummarySql {
  events(where: SummaryWhere): { sql: string; params: unknown[] };
  sessions(where: SummaryWhere): { sql: string; params: unknown[] };
}

function conditions(time: string, w: SummaryWhere): { where: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (w.from) {
    parts.push(`${time} >= ?`);
    params.push(w.from);
  }
  if (w.to) {
    parts.push(`${time} < ?`);
    params.push(w.to);
  }
  if (w.firewallName !== undefined) {
    parts.push('firewall_name = ?');
    params.push(w.firewallName);
  }
  return { where: parts.length > 0 ? `WHERE ${parts.join(' AND ')}` : '', params };
}

export const duckdbSummarySql: SummarySql = {
  events(w) {
    const c = conditions('ts', w);
    return {
      sql: `SELECT count(*) AS records,
        count(*) FILTER (WHERE log_type = 'alert') AS alerts,
        count(*) FILTER (WHERE log_type = 'alert' AND alert_action = 'blocked') AS blocked_alerts,
        min(ts) AS first_ts, max(ts) AS last_ts
      FROM events ${c.where}`,
      params: c.params,
    };
  },
  sessions(w) {
    const c = conditions('"start"', w);
    return {
      sql: `SELECT count(*) AS sessions,
        count(*) FILTER (WHERE paired) AS sessions_paired,
        coalesce(sum(bytes_to_server::HUGEINT), 0) AS bytes_to_server,
        coalesce(sum(bytes_to_client::HUGEINT), 0) AS bytes_to_client
      FROM sessions ${c.where}`,
      params: c.params,
    };
  },
};
